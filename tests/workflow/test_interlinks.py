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


def test_a_rise_hidden_by_a_later_surge_is_tested_as_a_cause(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Onsets are found twice (docs/methods/chains.md, section 3): the price shock's
    rise, diluted by the violence voices that swell the totals after it, is found
    against the voices not about violence, and its link is tested and held."""
    from tests.analysis.test_chains import _weekly_voices
    from vitalcore import analysis

    weeks = [[((), 20)] + ([(("price",), 2)] if w >= 10 else [])
             + ([(("violence",), 30)] if w >= 16 else []) for w in range(30)]
    voices = pl.concat([_weekly_voices(weeks, area) for area in ("A", "B", "C")])
    first = analysis.onsets(analysis.label_series(voices, labels="threats"))
    assert "price" not in first["label"].to_list()
    monkeypatch.setattr(interlinks, "_chain_voices", lambda *_a, **_k: voices)
    report = workflow.threat_chains(None, labels="threats")
    link = report.rises.filter((pl.col("cause") == "price")
                               & (pl.col("effect") == "violence")).row(0, named=True)
    assert link["areas"] == 3 and link["lag"] == 6 and link["significant"] is True
    assert report.graph.has_edge("price", "violence")
