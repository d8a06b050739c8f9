"""chain_recovery: do the threat-chain analyses find the planted chain?

The truth's `chain.steps` (drought -> food price shock -> farmer-herder violence ->
displacement) name one dimension each. workflow.threat_chains builds the chain graph
over every area (the analysis is not told where the chain was planted). Reported:

- chain_recovery: the share of the planted links (step i -> step i+1, in dimensions)
  that the graph holds as a path (an edge, or a path through other labels);
- chain_links_as_edges: the share found as direct edges;
- chain_complete: whether one path runs through every step in order;
- chain_root_found: whether the first step is a root-cause candidate;
- chain_edges: the graph's edges, for the record.
"""

from __future__ import annotations

import networkx as nx

from vitalcore.simulate.scoring import ScoringContext


def score(ctx: ScoringContext) -> dict[str, object]:
    from vitalcore.workflow.interlinks import threat_chains  # late: workflow imports us

    steps = [s["dimension"] for s in ctx.truth["chain"]["steps"]]
    # Consecutive steps in one dimension (none here) would be a link to itself.
    links = [(a, b) for a, b in zip(steps, steps[1:], strict=False) if a != b]
    report = threat_chains(ctx.engine)
    graph = report.graph
    dag = nx.DiGraph(graph)

    def reaches(a: str, b: str) -> bool:
        return a in dag and b in dag and nx.has_path(dag, a, b)

    as_path = [reaches(a, b) for a, b in links]
    as_edge = [graph.has_edge(a, b) for a, b in links]
    roots = report.roots.filter(report.roots["root"])["label"].to_list()
    return {
        "chain_recovery": round(sum(as_path) / len(links), 4) if links else None,
        "chain_links_as_edges": round(sum(as_edge) / len(links), 4) if links else None,
        "chain_complete": all(as_path) if links else None,
        "chain_root_found": steps[0] in roots,
        "chain_edges": [f"{a} -> {b}" for a, b in graph.edges],
    }
