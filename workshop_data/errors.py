"""Exceptions that carry a message fit to show a user as it is."""

from __future__ import annotations


class DatatripError(Exception):
    """Base class: ``str(error)`` is one line a facilitator can read."""


class TripFileError(DatatripError):
    """The trip file cannot be used: not SQLite, unreadable, locked, or from a newer version."""


class NotFound(DatatripError):
    pass


class ValidationError(DatatripError):
    """Input that breaks a rule; ``field`` names the form field it belongs to."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
