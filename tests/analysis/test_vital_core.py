"""The vital-core ranking on a small frame computed by hand."""

import polars as pl
import pytest

from vitalcore.analysis import rank_vital_core

DIMS = ["personal", "food"]


def _labels(rows: list[tuple[str, str, str, dict[str, float], int]]) -> pl.DataFrame:
    """rows: (voice_id, source, area, {dimension: score}, severity)."""
    records = []
    for voice_id, source, area, scores, severity in rows:
        for dim in DIMS:
            records.append({
                "voice_id": voice_id, "source": source, "area_pcode": area,
                "kind": "dimension", "label": dim, "score": scores.get(dim, 0.0),
                "severity": severity, "severity_reported": None,
            })
    return pl.DataFrame(records)


LABELS = _labels([
    ("v1", "s1", "A", {"personal": 0.9}, 5),
    ("v2", "s2", "A", {"food": 0.8}, 1),
    ("v3", "s2", "A", {"food": 0.7}, 3),
    ("v4", "s1", "B", {"food": 0.6}, 1),
])


def test_area_ranking_by_hand() -> None:
    table = rank_vital_core(LABELS, min_voices=2)
    area_a = {r["dimension"]: r for r in table.filter(pl.col("area_pcode") == "A").to_dicts()}
    # personal: 1 of 3 voices, 1 of 2 sources -> pervasiveness (1/3 + 1/2)/2 = 5/12,
    # severity 5 -> score 5/12 * 5/5 = 0.41667
    assert area_a["personal"]["score"] == pytest.approx(5 / 12)
    # food: 2 of 3 voices, 1 of 2 sources -> (2/3 + 1/2)/2 = 7/12, severity 2 -> 7/12 * 2/5
    assert area_a["food"]["score"] == pytest.approx(7 / 12 * 2 / 5)
    assert area_a["personal"]["rank"] == 1 and area_a["food"]["rank"] == 2
    assert area_a["personal"]["low_evidence"] is True
    assert area_a["food"]["low_evidence"] is False


def test_overall_scope_adds_area_share() -> None:
    overall = rank_vital_core(LABELS).filter(pl.col("area_pcode") == "ALL")
    food = overall.filter(pl.col("dimension") == "food").to_dicts()[0]
    # food: 3 of 4 voices, 2 of 2 sources, 2 of 2 areas; severity (1+3+1)/3
    assert food["pervasiveness"] == pytest.approx((3 / 4 + 1 + 1) / 3)
    assert food["score"] == pytest.approx((3 / 4 + 1 + 1) / 3 * (5 / 3) / 5)


def test_self_rated_severity_counts_when_higher() -> None:
    labels = LABELS.with_columns(
        pl.when(pl.col("voice_id") == "v4").then(4).otherwise(None).alias("severity_reported")
    )
    area_b = rank_vital_core(labels).filter(pl.col("area_pcode") == "B").to_dicts()[0]
    assert area_b["severity"] == 4


def test_scores_below_threshold_do_not_count() -> None:
    table = rank_vital_core(LABELS, threshold=0.75)
    assert set(table.filter(pl.col("area_pcode") == "B")["dimension"]) == set()
    assert table.filter(pl.col("area_pcode") == "A").height == 2


def test_ties_break_by_dimension_name() -> None:
    tied = _labels([("v1", "s1", "A", {"personal": 0.9, "food": 0.9}, 3)])
    ranks = rank_vital_core(tied).filter(pl.col("area_pcode") == "A")
    assert ranks["dimension"].to_list() == ["food", "personal"]
