"""What every section builds the same way: a table whose headers are localised."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from vitalcore.briefing.model import Table
from vitalcore.i18n import Locale


def table(
    loc: Locale,
    section: str,
    columns: Sequence[str],
    rows: Iterable[tuple[str, ...]],
    note: str | None = None,
) -> Table:
    """A Table headed by the words at `<section>.columns.<column>` of the locale."""
    return Table(
        headers=tuple(loc.t(f"{section}.columns.{c}") for c in columns), rows=tuple(rows), note=note
    )
