"""The admin hierarchy: a cercle lies in its region, a region in its country."""

from __future__ import annotations

import pytest

from vitalcore.classify.hierarchy import AreaHierarchy
from vitalcore.domain import Area


@pytest.fixture
def tree() -> AreaHierarchy:
    # Regions with no parent (the demo's layout), one with its country as parent.
    return AreaHierarchy([
        Area(pcode="NE", name="Niger", country="NE", admin_level=0),
        Area(pcode="NE03", name="Dosso", country="NE", admin_level=1, parent_pcode="NE"),
        Area(pcode="NE0301", name="Loga", country="NE", admin_level=2, parent_pcode="NE03"),
        Area(pcode="TD05", name="Ouaddai", country="TD", admin_level=1),
        Area(pcode="TD0501", name="Abeche", country="TD", admin_level=2,
             parent_pcode="TD05"),
        Area(pcode="TD0502", name="Adre", country="TD", admin_level=2, parent_pcode="TD05"),
        Area(pcode="TD.99", name="Farchana", country="TD", admin_level=3,
             parent_pcode="TD0502"),
    ])


def test_a_town_rolls_up_through_its_cercle_and_region_to_its_country(
        tree: AreaHierarchy) -> None:
    assert tree.ancestors("TD.99") == ["TD0502", "TD05", "TD"]
    assert tree.ancestors("NE0301") == ["NE03", "NE"]


def test_each_level_scopes_itself_and_everything_under_it(tree: AreaHierarchy) -> None:
    assert tree.scope("td0502").pcodes == ("TD.99", "TD0502")
    assert set(tree.scope("TD05").pcodes) == {"TD05", "TD0501", "TD0502", "TD.99"}
    # A country code covers regions that name no parent, through their country column.
    assert set(tree.scope("TD").pcodes) == {"TD", "TD05", "TD0501", "TD0502", "TD.99"}
    assert set(tree.scope("NE").pcodes) == {"NE", "NE03", "NE0301"}
    assert tree.scope("TD05").name == "Ouaddai"


def test_an_unknown_code_scopes_only_itself(tree: AreaHierarchy) -> None:
    assert tree.scope("ZZ0101").pcodes == ("ZZ0101",)
    assert not tree.is_country("ZZ")


def test_related_means_one_contains_the_other(tree: AreaHierarchy) -> None:
    assert tree.related("TD05", "TD.99") and tree.related("TD.99", "TD")
    assert not tree.related("TD0501", "TD0502")
    assert not tree.related("NE0301", "TD05")
