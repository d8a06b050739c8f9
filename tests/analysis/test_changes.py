import polars as pl
import pytest

from vitalcore.analysis.changes import ranking_changes


def ranking(rows: list[tuple[str, int, float]], area: str = "ML01") -> pl.DataFrame:
    return pl.DataFrame(
        [{"area_pcode": area, "group": "ALL", "dimension": d, "rank": r, "score": s}
         for d, r, s in rows]
    )


def test_moves_new_and_gone_threats_are_named() -> None:
    before = ranking([("food", 1, 0.6), ("health", 2, 0.5), ("economic", 3, 0.2)])
    after = ranking([("health", 1, 0.7), ("food", 2, 0.55), ("personal", 3, 0.3)])
    table = ranking_changes(before, after)
    by = {r["dimension"]: r for r in table.to_dicts()}
    assert by["health"]["change"] == "up" and by["health"]["moved"] == 1
    assert by["food"]["change"] == "down" and by["food"]["moved"] == -1
    assert by["personal"]["change"] == "new" and by["personal"]["rank_before"] is None
    assert by["economic"]["change"] == "gone" and by["economic"]["rank_after"] is None
    assert by["health"]["score_change"] == pytest.approx(0.2)


def test_areas_are_compared_separately_and_unchanged_ranks_are_same() -> None:
    before = pl.concat([ranking([("food", 1, 0.5)], "A"), ranking([("food", 2, 0.4)], "B")])
    after = pl.concat([ranking([("food", 1, 0.5)], "A"), ranking([("food", 1, 0.6)], "B")])
    table = ranking_changes(before, after)
    assert dict(zip(table["area_pcode"], table["change"], strict=True)) == {"A": "same", "B": "up"}


def test_a_frame_without_ranks_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="'before' lacks column"):
        ranking_changes(pl.DataFrame({"area_pcode": ["A"]}), ranking([("food", 1, 0.5)]))
