"""Everything in datatrip that is not UI.

The domain model, the SQLite store and its migrations, ranking maths, file loading, export and
portal sync live here. Nothing in this package imports textual, and heavy libraries (pandas,
sqlite_utils, ckanapi, openpyxl) are imported inside the functions that use them, so that
``import workshop_data`` stays cheap for the shell's first frame.
"""

__version__ = "0.1.0"
