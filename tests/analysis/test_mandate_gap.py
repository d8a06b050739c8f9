"""The gap analysis as a pure function: hand-computed cases."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from vitalcore.analysis import Renewal, coverage_over_renewals, mandate_gap
from vitalcore.mandate.tasks import TASK_FRAME_SCHEMA


def vital_core(scores: dict[str, float]) -> pl.DataFrame:
    ordered = sorted(scores.items(), key=lambda kv: -kv[1])
    return pl.DataFrame({
        "dimension": [d for d, _ in ordered],
        "rank": list(range(1, len(ordered) + 1)),
        "score": [s for _, s in ordered],
    })


def tasks(*rows: tuple[str, float, str, str, float]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=TASK_FRAME_SCHEMA, orient="row")


def test_an_unmandated_top_concern_leads_the_gaps() -> None:
    community = vital_core({"personal": 0.4, "health": 0.4, "food": 0.2})
    mandate = tasks(("t1", 2.0, "dimension", "personal", 1.0),
                    ("t2", 1.0, "dimension", "food", 1.0),
                    ("t3", 1.0, "none", "", 0.0))
    gap = mandate_gap(community, mandate)
    row = {r["label"]: r for r in gap.matrix.iter_rows(named=True)}
    # Weights 0.4, 0.4, 0.2; effort personal 2, food 1 -> coverage 2/3 and 1/3.
    assert row["health"]["coverage"] == 0.0 and row["health"]["unmandated"]
    assert row["personal"]["coverage"] == pytest.approx(2 / 3)
    assert row["food"]["gap"] == pytest.approx(0.2 - 1 / 3)
    assert [g.label for g in gap.gaps] == ["health"]
    assert gap.gaps[0].message == "health security: rank 2 for communities, no mandated task"


def test_priority_weight_changes_coverage() -> None:
    community = vital_core({"personal": 0.5, "political": 0.5})
    plain = tasks(("a", 1.0, "dimension", "personal", 1.0),
                  ("b", 1.0, "dimension", "political", 1.0))
    prioritised = tasks(("a", 2.0, "dimension", "personal", 1.0),
                        ("b", 1.0, "dimension", "political", 1.0))
    assert mandate_gap(community, plain).gaps == ()
    gap = mandate_gap(community, prioritised)
    assert [g.label for g in gap.gaps] == ["political"]
    assert gap.gaps[0].coverage == pytest.approx(1 / 3)
    assert "33% of mandate effort (rank 2, 1 task)" in gap.gaps[0].message


def test_groups_from_the_voices() -> None:
    community = vital_core({"personal": 1.0})
    labels = pl.DataFrame({
        "voice_id": ["v1", "v1", "v2", "v3", "v3"],
        "kind": ["dimension", "group", "group", "dimension", "group"],
        "label": ["personal", "children", "children", "personal", "women"],
    })
    mandate = tasks(("a", 1.0, "dimension", "personal", 1.0), ("a", 1.0, "group", "women", 1.0))
    gap = mandate_gap(community, mandate, groups=labels)
    groups = {g.label: g for g in gap.gaps if g.kind == "group"}
    assert groups["children"].unmandated and groups["children"].community_rank == 1
    assert groups["children"].message == "children: rank 1 for communities, no mandated task"
    assert "women" not in groups  # 1/3 of concern, all of the group effort: no gap


def test_renewals_show_coverage_changing_against_priorities() -> None:
    first = Renewal("S/RES/1 (2020)", date(2020, 6, 30),
                    tasks(("a", 1.0, "dimension", "personal", 1.0)),
                    vital_core({"personal": 0.5, "health": 0.5}))
    second = Renewal("S/RES/2 (2021)", date(2021, 6, 30),
                     tasks(("a", 1.0, "dimension", "personal", 1.0),
                           ("b", 1.0, "dimension", "health", 1.0)),
                     vital_core({"personal": 0.2, "health": 0.8}))
    table = coverage_over_renewals([second, first])  # any order in, adoption order out
    health = table.filter(pl.col("label") == "health")
    assert health["symbol"].to_list() == ["S/RES/1 (2020)", "S/RES/2 (2021)"]
    assert health["coverage"].to_list() == [0.0, 0.5]
    assert health["coverage_change"].to_list() == [None, 0.5]
    assert health["weight_change"].to_list()[1] == pytest.approx(0.3)
    assert health["unmandated"].to_list() == [True, False]
