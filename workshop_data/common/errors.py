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


class StorageError(DatatripError):
    """A write to the trip file failed for a reason outside the data: another program holds the
    write lock, the disk is full, the disk failed. Nothing of the failed write was saved;
    ``transient`` ones are worth trying again."""

    def __init__(self, message: str, *, transient: bool = False):
        super().__init__(message)
        self.transient = transient
