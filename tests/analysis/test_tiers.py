"""Three tiers with and without the legal knowledge base and actions."""

import polars as pl
import pytest

from vitalcore import taxonomy
from vitalcore.analysis import three_tiers

TOP = pl.DataFrame({"area_pcode": ["A", "A"], "dimension": ["food", "personal"],
                    "rank": [1, 2]})


def _tier(table: pl.DataFrame, dimension: str, tier: str) -> dict:
    return table.filter((pl.col("dimension") == dimension) & (pl.col("tier") == tier)).row(
        0, named=True)


def test_without_law_or_actions_says_what_is_missing() -> None:
    table = three_tiers(TOP, roles=taxonomy.tier_roles())
    assert table.height == 2 * 3
    assert table["tier"].to_list()[:3] == ["state", "international", "community"]
    state = _tier(table, "food", "state")
    assert state["label"] == "Primary duty-bearer"
    assert state["actions"] is None
    assert "no legal knowledge base" in state["missing"]
    assert "no actions recorded" in state["missing"]


def test_law_actions_and_capacities_fill_the_tiers() -> None:
    legal = pl.DataFrame({
        "threat_type": ["armed_attack", "armed_attack"], "tier": ["state", "international"],
        "duty_bearer": ["host state", "peace operation"],
        "instrument": ["ICCPR", "S/RES/2640 (2022)"], "article": ["6", "20"],
    })
    actions = pl.DataFrame({
        "area_pcode": ["A", "A", "A"], "dimension": ["personal", "personal", "food"],
        "kind": ["patrol", "peace_committee", "bake_sale"],
    })
    caps = pl.DataFrame({"area_pcode": ["A"], "dimension": ["food"], "capacity_total": [3]})
    table = three_tiers(TOP, roles=taxonomy.tier_roles(), legal=legal,
                        threat_dimension=taxonomy.threat_dimension(), actions=actions,
                        capacities=caps)
    state = _tier(table, "personal", "state")
    assert state["legal_basis"] == ["ICCPR art. 6"]
    assert state["duty_bearers"] == ["host state"]
    assert state["actions"] == 0
    assert _tier(table, "personal", "international")["action_kinds"] == ["patrol"]
    assert _tier(table, "personal", "community")["actions"] == 1
    assert _tier(table, "food", "community")["community_voices"] == 3
    assert _tier(table, "food", "state")["community_voices"] is None
    assert "bake_sale not attributed" in state["missing"]


def test_bad_legal_frame_is_named() -> None:
    with pytest.raises(ValueError, match="'dimension' or 'threat_type'"):
        three_tiers(TOP, roles=taxonomy.tier_roles(), legal=pl.DataFrame({"x": [1]}))


def test_each_tier_its_own_conduct_where_given() -> None:
    conduct = {("personal", "state"): "Protect and investigate.",
               ("personal", "international"): "The mission patrols."}
    table = three_tiers(TOP, roles=taxonomy.tier_roles(), conduct=conduct)
    assert _tier(table, "personal", "state")["expected"] == "Protect and investigate."
    assert _tier(table, "personal", "international")["expected"] == "The mission patrols."
    # Where none is given, the tier's general role stays.
    roles = taxonomy.tier_roles()
    assert _tier(table, "personal", "community")["expected"] == roles["community"]["role"]
    assert _tier(table, "food", "state")["expected"] == roles["state"]["role"]
