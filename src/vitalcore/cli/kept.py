"""Read commands that print what they printed before for the same data (issue 24).

An analysis command (rank, groups, chains, tiers, rumours, ...) computes for one to
several seconds; asked again about the same store it prints its kept output instead, in
a fraction of that. The output is kept in the store (store/kept.py) under a key of
everything else it depends on: the command and its options, the terminal (width,
colours), the code of vitalcore and of the libraries installed, the settings in the
environment and today's date. It is read only while the store's data version is the one
it was printed for: any change of voices, readings, model, corrections, areas,
adjacency, actions, mandates, situations or stored alerts makes the command compute
again (and keep the new output). Only a run that ends without error is kept.

VITALCORE_KEEP=0 turns this off (the command always computes and keeps nothing).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sys
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from vitalcore import workflow
from vitalcore.cli.common import console, errors

F = TypeVar("F", bound=Callable[..., Any])
# The environment a command's output may depend on besides its options.
_ENVIRONMENT = ("COLUMNS", "LINES", "TERM", "NO_COLOR", "FORCE_COLOR", "TZ", "LANG",
                "LC_ALL", "LC_TIME")


def kept(*, unless: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Run a command through the kept outputs of its store (its `db` option); not when
    one of the options `unless` is given (one that writes, or reads a file)."""
    return functools.partial(_kept, unless=unless)  # type: ignore[return-value]


def _kept(command: F, *, unless: tuple[str, ...]) -> F:
    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401 - the command's own
        if (os.environ.get("VITALCORE_KEEP", "1") == "0"
                or any(kwargs.get(name) for name in unless)):
            return command(*args, **kwargs)
        try:
            engine = workflow.open_existing(kwargs.get("db"))
            version = workflow.kept_version(engine)
        except Exception:  # noqa: BLE001 - the command itself says what is wrong
            return command(*args, **kwargs)
        key = _key(command, kwargs)
        found = workflow.kept_output(engine, key, version)
        if found is not None:
            streams = {1: sys.stdout, 2: sys.stderr}
            for number, text in found:
                streams[number].write(text)
                streams[number].flush()
            return None
        writes: list[tuple[int, str]] = []
        out, err = _Copy(sys.stdout, 1, writes), _Copy(sys.stderr, 2, writes)
        sys.stdout, sys.stderr = out, err
        try:
            result = command(*args, **kwargs)
        finally:
            sys.stdout, sys.stderr = out.stream, err.stream
        # A store opened read-only (a backup, a copy) keeps nothing; the output stands.
        # Kept under the data version as the run left it: a read that refreshes what is
        # derived from the voices (the stored alerts) changes the version it began with.
        with contextlib.suppress(Exception):
            workflow.keep_output(engine, key, workflow.kept_version(engine), writes)
        return result

    return run  # type: ignore[return-value]


def _key(command: Callable[..., Any], options: dict[str, Any]) -> str:
    parts = [
        f"{command.__module__}.{command.__qualname__}",
        repr(sorted(options.items())),
        repr((console.width, console.color_system, console.is_terminal, console.encoding,
              errors.width, errors.color_system, errors.is_terminal)),
        repr(sorted((k, v) for k, v in os.environ.items()
                    if k.startswith("VITALCORE_") or k in _ENVIRONMENT)),
        date.today().isoformat(),
        workflow.code_version(),  # workflow/kept.py: the kept results use it too
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class _Copy:
    """A text stream that writes through to `stream` and notes each write, with the
    stream's number, in `writes` (shared by standard output and error: their order is
    kept); anything else (isatty, encoding, fileno) is the stream's own, so Rich and
    Click format exactly as they would without it."""

    def __init__(self, stream: Any, number: int, writes: list[tuple[int, str]]) -> None:  # noqa: ANN401
        self.stream, self.number, self.writes = stream, number, writes

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self.writes.append((self.number, text))
        return self.stream.write(text)

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - the stream's own
        return getattr(self.stream, name)
