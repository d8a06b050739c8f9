"""The dimension chain graph hears the threat types' links (workflow.threat_chains)."""

from __future__ import annotations

import networkx as nx
import polars as pl
import pytest

from tests.analysis.test_chains import _planted_world_voices
from vitalcore import workflow
from vitalcore.workflow import interlinks


@pytest.fixture(scope="module")
def world() -> pl.DataFrame:
    return _planted_world_voices(11, 10_000)


def test_dimension_links_heard_in_the_threat_types(world: pl.DataFrame,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # The planted world's own labels stand in for a store's: the method, not the reading.
    monkeypatch.setattr(interlinks, "_chain_voices", lambda *_a, **_k: world)
    threats = workflow.threat_chains(None, labels="threats").graph
    deaf = workflow.threat_chains(None, hear_threats=False).graph
    heard = workflow.threat_chains(None).graph
    assert threats.has_edge("drought", "price_shock")
    assert all("threats" not in d["methods"] for *_, d in deaf.edges(data=True))
    # Every link the dimension tests found stays, with their own figures.
    for a, b, d in deaf.edges(data=True):
        assert heard.has_edge(a, b) and heard[a][b]["q_value"] == d["q_value"]
    # drought -> price shock becomes environmental -> food, naming the threats.
    assert "drought -> price_shock" in heard["environmental"]["food"]["via"]
    assert nx.has_path(heard, "environmental", "community")
    for a, b, d in heard.edges(data=True):
        if "threats" in d["methods"]:
            assert d["via"], (a, b)
            for link in d["via"]:
                cause, effect = link.split(" -> ")
                assert threats.has_edge(cause, effect)
