"""Publishing to the city's CKAN portal: offline metadata checks, a durable outbox, and a sync
that is safe to run again after anything goes wrong.

Nothing here imports ckanapi at module level: the app only pays for it when a sync runs.
"""
