"""Exit codes and the one-line errors of the `vitalcore` command (docs/cli.md#exit-codes).

0 the command did its work; 1 it could not (a missing store, an unreachable database, a
missing key, a bad input file: one line on standard error says why); 2 the command line
itself was wrong (Click's usage errors: an unknown option, a bad value); 130 interrupted.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from vitalcore.errors import VitalcoreError

OK = 0
RUNTIME_ERROR = 1
USAGE_ERROR = 2  # Click's own code for a wrong command line
INTERRUPTED = 130  # 128 + SIGINT, as shells report it


# The optional extras by role (pyproject.toml): a command whose library is missing names
# the extra that brings it.
EXTRAS = {"fastapi": "server", "uvicorn": "server", "multipart": "server",
          "weasyprint": "pdf", "pypdf": "pdf", "sklearn": "train", "dask": "scale",
          "distributed": "scale"}


def _missing_extra(error: ModuleNotFoundError) -> str | None:
    """One line naming the extra to install, or None for a module of no extra."""
    top = (error.name or "").split(".")[0]
    extra = EXTRAS.get(top)
    if extra is None:
        return None
    return (f"this command needs the '{extra}' extra ({top} is not installed): "
            f"pip install 'vitalcore[{extra}]'")


def _database_error(error: Exception) -> str | None:
    """One line for a database error that escaped a command (e.g. the server went away
    mid-command), or None when `error` is not one. SQLAlchemy is imported only when the
    error came from it, so the check costs nothing at start-up."""
    if not type(error).__module__.startswith("sqlalchemy"):
        return None
    from sqlalchemy.exc import DBAPIError

    if not isinstance(error, DBAPIError):
        return None
    lines = str(error.orig or error).strip().splitlines()
    return (f"database error: {lines[0] if lines else type(error.orig).__name__}; check "
            "that the store (--db or $VITALCORE_DB) is reachable and is a vitalcore store")


class VitalcoreGroup(TyperGroup):
    """The root command: errors vitalcore explains become one line and exit 1."""

    def invoke(self, ctx: Any) -> Any:  # noqa: ANN401 - Click's own signature
        try:
            return super().invoke(ctx)
        except VitalcoreError as err:
            raise _fail_line(str(err)) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(INTERRUPTED) from None
        except ModuleNotFoundError as err:
            line = _missing_extra(err)
            if line is None:
                raise
            raise _fail_line(line) from None
        except Exception as err:
            line = _database_error(err)
            if line is None:
                raise
            raise _fail_line(line) from None


def _fail_line(message: str) -> typer.Exit:
    from vitalcore.cli.common import fail

    return fail(message)
