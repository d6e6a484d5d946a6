"""Merging another laptop's trip file."""
