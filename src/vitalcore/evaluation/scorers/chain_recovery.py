"""chain_recovery: do the threat-chain analyses find the planted chain?

The truth's `chain.steps` (drought -> food price shock -> farmer-herder violence ->
displacement) name one dimension each. workflow.threat_chains builds the chain graph
over every area (the analysis is not told where the chain was planted). Reported:

- chain_recovery: the share of the planted links (step i -> step i+1, in dimensions)
  that the graph holds as a path (an edge, or a path through other labels);
- chain_links_as_edges: the share found as direct edges;
- chain_complete: whether one path runs through every step in order;
- chain_root_found: whether the first step is a root-cause candidate;
- chain_edges: the graph's edges, for the record;
- chain_threats_recovery, chain_threats_complete, chain_threat_edges: the same on
  threat-type labels (labels="threats"), over the steps that name a threat type
  (drought -> price_shock -> farmer_herder_conflict; displacement names a group, not a
  threat type). Dimensions mix each chain step with the baseline threats of the same
  dimension, so the threat-type chain is the sharper test.
"""

from __future__ import annotations

import networkx as nx

from vitalcore.evaluation.scoring import ScoringContext
from vitalcore.workflow.interlinks import threat_chains


def _recovered(graph: nx.DiGraph, steps: list[str]) -> tuple[list[bool], list[bool]]:
    """(found as a path, found as an edge) for each planted link of consecutive steps."""
    # Consecutive steps with one label would be a link to itself.
    links = [(a, b) for a, b in zip(steps, steps[1:], strict=False) if a != b]
    dag = nx.DiGraph(graph)

    def reaches(a: str, b: str) -> bool:
        return a in dag and b in dag and nx.has_path(dag, a, b)

    return [reaches(a, b) for a, b in links], [graph.has_edge(a, b) for a, b in links]


def _share(found: list[bool]) -> float | None:
    return round(sum(found) / len(found), 4) if found else None


def score(ctx: ScoringContext) -> dict[str, object]:
    planted = ctx.truth["chain"]["steps"]
    steps = [s["dimension"] for s in planted]
    report = threat_chains(ctx.engine)
    as_path, as_edge = _recovered(report.graph, steps)
    roots = report.roots.filter(report.roots["root"])["label"].to_list()
    threats = [s["threat_type"] for s in planted if s.get("threat_type")]
    by_threat = threat_chains(ctx.engine, labels="threats")
    threat_path, _ = _recovered(by_threat.graph, threats)
    return {
        "chain_recovery": _share(as_path),
        "chain_links_as_edges": _share(as_edge),
        "chain_complete": all(as_path) if as_path else None,
        "chain_root_found": steps[0] in roots,
        "chain_edges": [f"{a} -> {b}" for a, b in report.graph.edges],
        "chain_threats_recovery": _share(threat_path),
        "chain_threats_complete": all(threat_path) if threat_path else None,
        "chain_threat_edges": [f"{a} -> {b}" for a, b in by_threat.graph.edges],
    }
