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
    # personal: 1 of 3 voices, 1 of 2 sources -> pervasiveness 1/3 * 1/2 = 1/6,
    # severity 5 -> score 1/6 * 5/5
    assert area_a["personal"]["pervasiveness"] == pytest.approx(1 / 6)
    assert area_a["personal"]["score"] == pytest.approx(1 / 6)
    # food: 2 of 3 voices, 1 of 2 sources -> 2/3 * 1/2 = 1/3, severity 2 -> 1/3 * 2/5
    assert area_a["food"]["score"] == pytest.approx(1 / 3 * 2 / 5)
    assert area_a["personal"]["rank"] == 1 and area_a["food"]["rank"] == 2
    assert area_a["personal"]["low_evidence"] is True
    assert area_a["food"]["low_evidence"] is False


def test_overall_scope_adds_area_share() -> None:
    overall = rank_vital_core(LABELS).filter(pl.col("area_pcode") == "ALL")
    food = overall.filter(pl.col("dimension") == "food").to_dicts()[0]
    # food: 3 of 4 voices, 2 of 2 sources, 2 of 2 areas; severity (1+3+1)/3
    assert food["pervasiveness"] == pytest.approx(3 / 4 * 1 * 1)
    assert food["score"] == pytest.approx(3 / 4 * (5 / 3) / 5)


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


# --- community weights, groups, periods and intervals (rank_threats) -------------------

from datetime import datetime  # noqa: E402

from vitalcore.analysis import rank_threats, voice_table  # noqa: E402

ATTRIBUTES = pl.DataFrame(
    {
        "voice_id": ["v1", "v2", "v3", "v4"],
        "groups_reported": [["women"], [], ["women"], []],
        "priorities": [[], ["food", "personal"], [], []],
    },
    schema={"voice_id": pl.String, "groups_reported": pl.List(pl.String),
            "priorities": pl.List(pl.String)},
)


def _dated(labels: pl.DataFrame) -> pl.DataFrame:
    months = {"v1": 1, "v2": 1, "v3": 2, "v4": 2}
    return labels.with_columns(
        pl.col("voice_id").replace_strict(months, return_dtype=pl.Int64)
        .map_elements(lambda m: datetime(2025, m, 10), return_dtype=pl.Datetime("us"))
        .alias("occurred_at")
    )


def _rows(table: pl.DataFrame, **scope: str) -> dict[str, dict]:
    for column, value in scope.items():
        table = table.filter(pl.col(column) == value)
    return {r["dimension"]: r for r in table.to_dicts()}


def test_borda_weights_follow_the_community() -> None:
    voices = voice_table(LABELS, ATTRIBUTES)
    area_a = _rows(rank_threats(voices, replicates=0), area_pcode="A")
    # One ballot in A (v2: food, personal). food: 6 of 21 points, weight
    # 0.5 + 0.5 * 7 * 6/21 = 1.5; personal: 5 of 21, weight 0.5 + 0.5 * 35/21 = 4/3.
    assert area_a["food"]["priority_weight"] == pytest.approx(1.5)
    assert area_a["personal"]["priority_weight"] == pytest.approx(4 / 3)
    # food 1/3 * 2/5 * 1.5 = 0.2; personal 1/6 * 5/5 * 4/3 = 2/9
    assert area_a["food"]["score"] == pytest.approx(0.2)
    assert area_a["personal"]["score"] == pytest.approx(2 / 9)
    assert area_a["personal"]["ballots"] == 1
    area_b = _rows(rank_threats(voices, replicates=0), area_pcode="B")
    assert area_b["food"]["priority_weight"] == 1.0  # no ballot in B: neutral


def test_blend_zero_ignores_priorities() -> None:
    voices = voice_table(LABELS, ATTRIBUTES)
    area_a = _rows(rank_threats(voices, replicates=0, blend=0.0), area_pcode="A")
    assert area_a["food"]["score"] == pytest.approx(1 / 3 * 2 / 5)


def test_group_scope_spans_areas() -> None:
    voices = voice_table(LABELS, ATTRIBUTES)
    women = _rows(rank_threats(voices, by=("group",), replicates=0), group="women")
    # women: v1 (personal, s1, A, severity 5) and v3 (food, s2, A, severity 3).
    # personal: voices 1/2, sources 1/2, areas 1/1 -> 1/2 * 1/2 * 1 = 1/4, x 5/5
    assert women["personal"]["area_share"] == 1.0
    assert women["personal"]["score"] == pytest.approx(1 / 4)
    assert women["food"]["score"] == pytest.approx(1 / 4 * 3 / 5)
    assert women["food"]["area_pcode"] == "ALL"


def test_period_scope() -> None:
    voices = voice_table(_dated(LABELS))
    feb = _rows(rank_threats(voices, by=("period",), replicates=0), period="2025-02-01")
    # February: v3 (food, s2, A, severity 3) and v4 (food, s1, B, severity 1):
    # food in 2/2 voices, 2/2 sources, 2/2 areas -> 1, severity 2 -> 2/5.
    assert set(feb) == {"food"}
    assert feb["food"]["score"] == pytest.approx(2 / 5)


def test_bootstrap_is_seeded_and_brackets_the_estimate() -> None:
    rows = [(f"v{i}", f"s{i % 3}", "A", {"food": 0.9} if i % 5 else {"personal": 0.9}, 2)
            for i in range(100)]
    voices = voice_table(_labels(rows))
    first = rank_threats(voices, replicates=100, seed=7)
    again = rank_threats(voices, replicates=100, seed=7)
    assert first.equals(again)
    for r in first.to_dicts():
        assert r["score_low"] <= r["score"] <= r["score_high"]
        assert r["rank_low"] <= r["rank"] <= r["rank_high"]
    food = _rows(first, area_pcode="A")["food"]
    # 80 of 100 voices: food is first in every replicate.
    assert (food["rank_low"], food["rank_high"]) == (1, 1)


def test_identical_voices_have_no_sampling_spread() -> None:
    # 40 identical voices: every Poisson replicate keeps voice and source share at 1,
    # so the score (1 + 1)/2 * 3/5 = 0.6 never moves.
    rows = [(f"v{i}", "s1", "A", {"food": 0.9}, 3) for i in range(40)]
    table = rank_threats(voice_table(_labels(rows)), replicates=50, seed=1)
    food = _rows(table, area_pcode="A")["food"]
    assert food["score"] == pytest.approx(0.6)
    assert food["score_low"] == pytest.approx(0.6) and food["score_high"] == pytest.approx(0.6)


def test_unknown_dimension_and_scope_are_named() -> None:
    bad = LABELS.with_columns(pl.lit("fod").alias("label"))
    with pytest.raises(ValueError, match="dimension label 'fod'"):
        voice_table(bad)
    with pytest.raises(ValueError, match="cannot rank by"):
        rank_threats(voice_table(LABELS), by=("region",))
    with pytest.raises(ValueError, match="lacks column"):
        voice_table(LABELS.drop("severity"))


def test_voices_without_area_count_overall_but_not_in_area_share() -> None:
    rows = [("v1", "s1", "A", {"food": 0.9}, 2), ("v2", "s1", None, {"food": 0.9}, 2)]
    overall = _rows(rank_threats(voice_table(_labels(rows)), replicates=20), area_pcode="ALL")
    # both voices count (voice share 2/2); one area known, and it reports food (1/1).
    assert overall["food"]["voices"] == 2
    assert overall["food"]["area_share"] == 1.0


# --- the tally: what a cluster sends instead of one row per voice -----------------------

import random  # noqa: E402

from polars.testing import assert_frame_equal  # noqa: E402

from vitalcore.analysis import combine_tallies, rank_tally, vital_core_tally  # noqa: E402
from vitalcore.analysis.vital_core import DIMENSIONS  # noqa: E402

_RANKED = ("area_pcode", "dimension", "rank", "score", "pervasiveness", "severity",
           "voice_share", "source_share", "voices", "voices_in_scope", "low_evidence")


def _random_labels(voices: int, seed: int) -> pl.DataFrame:
    rng = random.Random(seed)
    records = []
    for i in range(voices):
        area = rng.choice(["A", "B", "C", None])
        source, severity = f"s{rng.randrange(4)}", rng.randint(1, 5)
        reported = rng.choice([None, None, rng.randint(1, 5)])
        for dim in rng.sample(DIMENSIONS, rng.randint(1, 4)):
            records.append({
                "voice_id": f"v{i:05d}", "source": source, "area_pcode": area,
                "kind": "dimension", "label": dim, "score": rng.choice([0.2, 0.5, 0.9]),
                "severity": severity, "severity_reported": reported,
            })
    return pl.DataFrame(records)


def test_ranking_from_the_tally_equals_ranking_every_voice() -> None:
    labels = _random_labels(3000, seed=7)
    tally = vital_core_tally(labels)
    assert tally["weight"].sum() == 3000
    assert tally.height < 3000  # alike voices share a row: what makes it worth sending
    every_voice = rank_threats(voice_table(labels), replicates=0).select(_RANKED)
    assert_frame_equal(rank_vital_core(labels), every_voice)
    assert every_voice.height > 20  # seven dimensions in four scopes and overall


def test_tallies_of_disjoint_parts_add_up_to_the_whole() -> None:
    labels = _random_labels(2000, seed=11)
    parts = [labels.filter(pl.col("voice_id").str.slice(-1).cast(pl.Int64) % 3 == k)
             for k in range(3)]
    combined = combine_tallies([vital_core_tally(p) for p in parts])
    assert_frame_equal(combined, vital_core_tally(labels))
    assert_frame_equal(rank_tally(combined, min_voices=3),
                       rank_vital_core(labels, min_voices=3))
    # A voice below the threshold everywhere still counts in its scope's totals.
    strict = combine_tallies([vital_core_tally(p, threshold=0.95) for p in parts])
    assert strict["weight"].sum() == 2000
    assert rank_tally(strict).is_empty()


def test_no_tallies_rank_to_nothing() -> None:
    ranked = rank_tally(combine_tallies([]))
    assert ranked.is_empty() and ranked.columns == list(_RANKED)


def _ranked(labels: pl.DataFrame) -> dict[str, dict]:
    from vitalcore.analysis import rank_threats, voice_table

    table = rank_threats(voice_table(labels), by=(), replicates=0)
    return {r["dimension"]: r for r in table.to_dicts()}


def test_no_resolved_area_leaves_the_area_share_out_instead_of_zeroing() -> None:
    unplaced = _labels([
        ("v1", "s1", None, {"personal": 0.9}, 4),
        ("v2", "s2", None, {"food": 0.9, "personal": 0.9}, 2),
    ])
    ranked = _ranked(unplaced)
    # personal: 2 of 2 voices, 2 of 2 sources, no area share -> 1 * 3/5
    assert ranked["personal"]["score"] == pytest.approx(3 / 5)
    assert ranked["personal"]["area_share"] is None
    assert ranked["food"]["score"] == pytest.approx(1 / 2 * 1 / 2 * 2 / 5)
    assert ranked["personal"]["note_codes"] == ["no_area", "no_ballots"]


def test_some_voices_placed_the_area_share_counts_those_and_says_so() -> None:
    labels = _labels([
        ("v1", "s1", "A", {"personal": 0.9}, 3),
        ("v2", "s2", "B", {"food": 0.9}, 3),
        ("v3", "s2", None, {"food": 0.9}, 3),
    ])
    ranked = _ranked(labels)
    assert ranked["food"]["area_share"] == pytest.approx(1 / 2)
    assert ranked["food"]["voices_placed"] == 2
    assert "partial_area" in ranked["food"]["note_codes"]


def test_one_source_is_noted() -> None:
    labels = _labels([("v1", "s1", "A", {"personal": 0.9}, 3),
                      ("v2", "s1", "A", {"food": 0.9}, 3)])
    table = rank_vital_core(labels).filter(pl.col("area_pcode") == "A")
    assert table.height == 2
    from vitalcore.analysis import rank_threats, voice_table

    full = rank_threats(voice_table(labels), replicates=0).filter(pl.col("area_pcode") == "A")
    assert full["note_codes"].to_list()[0] == ["one_source", "no_ballots"]


def test_equal_scores_share_a_rank_and_say_they_are_tied() -> None:
    labels = _labels([("v1", "s1", "A", {"personal": 0.9}, 3),
                      ("v2", "s2", "A", {"food": 0.9}, 3)])
    ranked = _ranked(labels)
    assert ranked["personal"]["rank"] == ranked["food"]["rank"] == 1
    assert ranked["personal"]["tied"] and ranked["food"]["tied"]
    apart = _ranked(_labels([("v1", "s1", "A", {"personal": 0.9}, 4),
                             ("v2", "s2", "A", {"food": 0.9}, 3)]))
    assert (apart["personal"]["rank"], apart["food"]["rank"]) == (1, 2)
    assert not apart["personal"]["tied"]


def test_ballots_present_no_ballot_note() -> None:
    from vitalcore.analysis import rank_threats, voice_table

    voices = voice_table(_labels([("v1", "s1", "A", {"personal": 0.9}, 3),
                                  ("v2", "s2", "B", {"food": 0.9}, 3)]))
    voices = voices.with_columns(pl.lit(["food", "personal"]).alias("priorities"))
    table = rank_threats(voices, by=(), replicates=0)
    assert table["note_codes"].to_list()[0] == []


def test_classified_voice_table_equals_the_label_frame_one() -> None:
    from vitalcore.analysis import classified_voice_table, voice_table

    labels = _labels([
        ("v1", "s1", "A", {"personal": 0.9, "food": 0.2}, 5),
        ("v2", "s2", None, {"food": 0.8}, 1),
        ("v3", "s2", "A", {}, 3),  # no label at the threshold: kept, with no dimension
    ]).with_columns(pl.lit(None, pl.Datetime("us")).alias("occurred_at"),
                    pl.lit("sms").alias("channel"), pl.lit(None, pl.String).alias("reporter"))
    groups = pl.DataFrame({"voice_id": ["v2"], "kind": ["group"], "label": ["women"],
                           "score": [1.0]})
    attributes = pl.DataFrame({
        "voice_id": ["v1", "v2", "v3"], "groups_reported": [["idps"], [], ["women"]],
        "priorities": [["food"], [], []], "solution": [None, "a well", None]})
    long = pl.concat([labels, groups.join(labels.select(pl.exclude("kind", "label", "score"))
                                          .unique("voice_id"), on="voice_id")],
                     how="diagonal")
    expected = voice_table(long, attributes).sort("voice_id")
    per_voice = long.unique("voice_id", keep="first").select(
        "voice_id", "source", "channel", "area_pcode", "occurred_at", "reporter",
        "severity", "severity_reported").join(attributes, on="voice_id")
    # The store reads only the labels at the threshold (and the groups): the same table.
    kept = long.filter((pl.col("score") >= 0.5) | (pl.col("kind") == "group"))
    got = classified_voice_table(per_voice, kept.select("voice_id", "kind", "label", "score"))
    assert got.columns == expected.columns
    assert got.to_dicts() == expected.to_dicts()
    assert got.filter(pl.col("voice_id") == "v3")["dimensions"].to_list() == [[]]


def test_the_point_estimate_sums_as_the_sparse_operators(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    import numpy as np

    from vitalcore.analysis import scoring
    from vitalcore.analysis.vital_core import rank_threats, voice_table

    rng = np.random.default_rng(5)
    rows = [(f"v{i}", f"s{rng.integers(3)}", ["A", "B", None][rng.integers(3)],
             {d: float(rng.random()) for d in DIMS}, int(rng.integers(1, 6)))
            for i in range(60)]
    voices = voice_table(_labels(rows)).with_columns(
        pl.Series("priorities", [["food", "personal"][: i % 3] for i in range(60)]))
    real = scoring._operators
    for by in (("area_pcode",), ("group",), ()):
        table = rank_threats(voices, by=by, replicates=0)
        with monkeypatch.context() as patch:  # SciPy's sparse matrices, as the bootstrap's
            patch.setattr(scoring, "_operators",
                          lambda cells, dtype=np.float64, make=None: real(cells, dtype))
            sparse = rank_threats(voices, by=by, replicates=0)
        assert table.to_dicts() == sparse.to_dicts()
