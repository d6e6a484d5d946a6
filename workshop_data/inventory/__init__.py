"""Atelier 1: participants' tasks and the data that helps them, the data tracker, the offline
catalogue of the portal.
"""
