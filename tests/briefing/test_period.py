"""Reporting periods as people write them."""

from datetime import date, datetime

import pytest

from vitalcore.briefing.period import Period, parse_period


@pytest.mark.parametrize(("text", "since", "until"), [
    ("2026", datetime(2026, 1, 1), datetime(2027, 1, 1)),
    ("2026-Q3", datetime(2026, 7, 1), datetime(2026, 10, 1)),
    ("2026-q4", datetime(2026, 10, 1), datetime(2027, 1, 1)),
    ("2026-12", datetime(2026, 12, 1), datetime(2027, 1, 1)),
    ("2026-07-01..2026-09-30", datetime(2026, 7, 1), datetime(2026, 10, 1)),
    ("..2026-09-30", None, datetime(2026, 10, 1)),
    ("all", None, None),
])
def test_written_periods(text: str, since: datetime | None, until: datetime | None) -> None:
    assert parse_period(text) == Period(since, until)


def test_last_day_is_inclusive() -> None:
    assert parse_period("2026-Q3").last_day == date(2026, 9, 30)


@pytest.mark.parametrize("text", ["2026-13", "Q3", "2026-09-30..2026-09-01", "2026-07-01..soon"])
def test_unreadable_periods_say_what_is_accepted(text: str) -> None:
    with pytest.raises(ValueError, match=r"2026-Q3|ends before"):
        parse_period(text)
