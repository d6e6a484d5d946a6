"""Exporting a trip."""
