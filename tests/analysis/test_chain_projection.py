"""Threat-type links become dimension links; links inside one dimension do not."""

from __future__ import annotations

import networkx as nx

from vitalcore.analysis.chain_projection import project_threat_links

DIMENSION = {"drought": "environmental", "flood": "environmental", "price_shock": "food",
             "farmer_herder_conflict": "community", "crop_failure": "food"}


def _edge(weight: float, q: float, methods: tuple[str, ...] = ("rise",)) -> dict:
    return {"methods": list(methods), "weight": weight, "lag": 3.0, "q_value": q,
            "evidence": 40, "echo_of": None, "feedback": False}


def test_links_between_dimensions_are_projected_with_their_threats() -> None:
    dims = nx.DiGraph()
    dims.add_nodes_from(["environmental", "food", "community"])
    threats = nx.DiGraph()
    threats.add_edge("drought", "price_shock", **_edge(0.8, 1e-6))
    threats.add_edge("price_shock", "farmer_herder_conflict", **_edge(0.6, 1e-3))
    threats.add_edge("drought", "flood", **_edge(0.9, 1e-9))  # inside one dimension
    graph = project_threat_links(dims, threats, DIMENSION)
    assert set(graph.edges) == {("environmental", "food"), ("food", "community")}
    food = graph["environmental"]["food"]
    assert food["methods"] == ["threats"] and food["via"] == ["drought -> price_shock"]
    assert food["q_value"] == 1e-6 and food["weight"] == 0.8
    assert nx.has_path(graph, "environmental", "community")
    assert not dims.edges  # the dimension graph itself is left as it was


def test_a_dimension_edge_keeps_its_figures_and_names_the_threats() -> None:
    dims = nx.DiGraph()
    dims.add_edge("environmental", "food", **_edge(0.5, 0.01, ("onset",)))
    threats = nx.DiGraph()
    threats.add_edge("drought", "price_shock", **_edge(0.9, 1e-8))
    threats.add_edge("flood", "crop_failure", **_edge(0.7, 1e-4))
    edge = project_threat_links(dims, threats, DIMENSION)["environmental"]["food"]
    assert edge["methods"] == ["onset", "threats"]
    assert edge["via"] == ["drought -> price_shock", "flood -> crop_failure"]
    assert (edge["weight"], edge["q_value"]) == (0.5, 0.01)


def test_projected_links_pool_to_the_strongest_and_feedback_is_marked() -> None:
    threats = nx.DiGraph()
    threats.add_edge("drought", "price_shock", **_edge(0.6, 1e-3))
    threats.add_edge("flood", "crop_failure", **_edge(0.9, 1e-7))
    threats.add_edge("crop_failure", "flood", **_edge(0.4, 1e-2))
    threats.add_edge("unknown_threat", "drought", **_edge(0.9, 1e-9))
    graph = project_threat_links(nx.DiGraph(), threats, DIMENSION)
    edge = graph["environmental"]["food"]
    assert (edge["weight"], edge["q_value"]) == (0.9, 1e-7)
    assert edge["feedback"] and graph["food"]["environmental"]["feedback"]
    assert "unknown_threat" not in graph
