"""Reporting periods as people write them: 2026, 2026-Q3, 2026-09, or FROM..TO."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")

HELP = "2026, 2026-Q3, 2026-09, 2026-07-01..2026-09-30 (both days included), or all"


@dataclass(frozen=True)
class Period:
    """[since, until): `until` is exclusive; None means open on that side."""

    since: datetime | None
    until: datetime | None

    @property
    def last_day(self) -> date | None:
        return (self.until - timedelta(days=1)).date() if self.until else None


def _month_start(year: int, month: int) -> datetime:
    return datetime(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def parse_period(text: str) -> Period:
    """A Period from its written form; a clear error for anything else."""
    value = text.strip()
    if value.lower() in {"", "all"}:
        return Period(None, None)
    if m := _YEAR.match(value):
        year = int(m[1])
        return Period(datetime(year, 1, 1), datetime(year + 1, 1, 1))
    if m := _QUARTER.match(value):
        year, quarter = int(m[1]), int(m[2])
        first = 3 * (quarter - 1) + 1
        return Period(_month_start(year, first), _month_start(year, first + 3))
    if m := _MONTH.match(value):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise ValueError(f"period {text!r}: month {month} does not exist; use {HELP}")
        return Period(_month_start(year, month), _month_start(year, month + 1))
    if ".." in value:
        start, _, end = value.partition("..")
        try:
            since = datetime.fromisoformat(start.strip()) if start.strip() else None
            last = date.fromisoformat(end.strip()) if end.strip() else None
        except ValueError:
            raise ValueError(f"period {text!r}: dates must be YYYY-MM-DD; use {HELP}") from None
        until = datetime.combine(last + timedelta(days=1), datetime.min.time()) if last else None
        if since and until and since >= until:
            raise ValueError(f"period {text!r} ends before it starts")
        return Period(since, until)
    raise ValueError(f"cannot read period {text!r}; use {HELP}")
