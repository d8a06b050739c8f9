"""The map lists the most recent spread paths in words (all are drawn)."""

from datetime import date

from vitalcore.web.pages.area_map import PATHS_LISTED, _latest


def _path(day: int | None) -> dict:
    steps = [] if day is None else [{"area_pcode": "A", "first_signal": date(2026, 1, day)}]
    return {"dimension": "food", "steps": steps}


def test_the_most_recent_paths_are_listed_first_and_capped() -> None:
    paths = [_path(1 + n % 28) for n in range(PATHS_LISTED + 10)] + [_path(None)]
    listed = _latest(paths)
    assert len(listed) == PATHS_LISTED
    days = [p["steps"][0]["first_signal"] for p in listed]
    assert days == sorted(days, reverse=True) and days[0] == date(2026, 1, 28)


def test_a_short_list_is_kept_whole_undated_last() -> None:
    paths = [_path(None), _path(3), _path(9)]
    assert _latest(paths) == [_path(9), _path(3), _path(None)]
