"""Errors every layer may raise and every output reports in one line.

They live here, outside store/, so that the command line can catch them without
importing the storage layer (and SQLAlchemy) before a command needs it.
"""

from __future__ import annotations


class VitalcoreError(Exception):
    """An error whose message is a complete, one-line explanation for the user."""


class StoreMissing(VitalcoreError, LookupError):
    """A command that only reads was pointed at a store that does not exist."""


class StoreUnreachable(VitalcoreError, ConnectionError):
    """The database could not be opened or reached; the message names the URL (never
    its password) and what to check."""


class StoreKeyMismatch(VitalcoreError, RuntimeError):
    """The privacy key in use is not the key this store was written with (store/keys.py)."""
