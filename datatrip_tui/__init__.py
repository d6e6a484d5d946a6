"""The datatrip application shell: command line, App, navigation, themes and settings."""

from workshop_data import __version__

__all__ = ["__version__"]
