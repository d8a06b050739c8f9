"""Coverage: who was heard, and the silence of those who were not."""

import polars as pl
import pytest

from vitalcore.analysis import coverage, unheard

VOICES = pl.DataFrame(
    {
        "voice_id": ["v1", "v2", "v3", "v4", "v5"],
        "area_pcode": ["A", "A", "A", "B", None],
        "channel": ["sms", "sms", "survey", "sms", "radio_transcript"],
        "groups": [["women"], ["women", "children"], [], ["women"], []],
    },
    schema={"voice_id": pl.String, "area_pcode": pl.String, "channel": pl.String,
            "groups": pl.List(pl.String)},
)


def _facet(table: pl.DataFrame, facet: str) -> dict[str, dict]:
    return {r["value"]: r for r in table.filter(pl.col("facet") == facet).to_dicts()}


def test_counts_shares_and_status() -> None:
    table = coverage(VOICES, areas=["A", "B", "C"], groups=["women", "children", "elderly"],
                     channels=["sms", "survey", "social_post"], min_voices=3)
    groups = _facet(table, "group")
    # women in 3 of 5 voices (a voice may name two groups), children in 1.
    assert groups["women"]["voices"] == 3
    assert groups["women"]["share"] == pytest.approx(3 / 5)
    assert groups["women"]["status"] == "heard"
    assert groups["children"]["status"] == "thin"
    assert groups["elderly"]["status"] == "not heard"
    assert groups["(no group named)"]["voices"] == 2
    areas = _facet(table, "area")
    assert areas["C"]["voices"] == 0 and areas["C"]["status"] == "not heard"
    assert areas["(no area)"]["voices"] == 1
    channels = _facet(table, "channel")
    assert channels["sms"]["voices"] == 3 and channels["social_post"]["status"] == "not heard"
    # radio was not expected, yet it is shown: nothing heard is hidden.
    assert channels["radio_transcript"]["voices"] == 1


def test_unheard_groups_per_area() -> None:
    table = unheard(VOICES, areas=["A", "B"], groups=["women", "children"], min_voices=2)
    pairs = {(r["area_pcode"], r["group"]): r["voices"] for r in table.to_dicts()}
    # A: women 2 (heard), children 1 (thin); B: women 1 (thin), children 0.
    assert pairs == {("A", "children"): 1, ("B", "children"): 0, ("B", "women"): 1}
