"""The room: every participant votes at once from their own phone, on the laptop's network.

:mod:`.server` serves one bundled page (:mod:`.pages`, ``static/``) with aiohttp on the app's
own event loop; :mod:`.submit` turns what a phone sends into ballot writes; :mod:`.guard`
holds sessions, CSRF tokens, rate limits and the address checks. Credentials and drafts are
those of the laptop ballot (:mod:`workshop_data.ranking.voters`, :mod:`workshop_data.ranking.ballots`).
"""
