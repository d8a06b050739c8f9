"""Threat-type links read as dimension links: the dimension graph hears its threats.

A dimension's weekly series mixes a chain step with every other threat of the same
dimension (a drought's rise is a fraction of all environmental voices), so the rise
tests on dimensions miss links the sharper threat-type graph finds (docs/methods/
chains.md). Each threat type belongs to one dimension (taxonomy/threat_types.yaml),
so a significant threat-type link c -> e between two dimensions says that threats of
dim(c) rose before threats of dim(e) in the same areas: the edge dim(c) -> dim(e),
kept with method "threats" and the threat pairs behind it (`via`). A link inside one
dimension says nothing about two, and an echo (two tags of the same voices) was
already left out of the threat-type graph.

The projected edge carries the figures of its strongest threat link (smallest q, then
largest weight); an edge the dimension tests found too keeps their figures and adds the
method and the links.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def project_threat_links(dimension_graph: Any, threat_graph: Any,
                         dimension_of: Mapping[str, str]) -> Any:
    """A copy of `dimension_graph` (a networkx DiGraph of analysis.chains.chain_graph)
    with the links of `threat_graph` between two dimensions added as dimension edges.

    Threat types missing from `dimension_of` are skipped (a label the taxonomy no longer
    holds). Edge attributes as chain_graph's, plus `via` (sorted "c -> e" strings)."""
    graph = dimension_graph.copy()
    added: set[tuple[str, str]] = set()
    for cause, effect, edge in sorted(threat_graph.edges(data=True), key=lambda e: e[:2]):
        a, b = dimension_of.get(cause), dimension_of.get(effect)
        if a is None or b is None or a == b:
            continue
        link = f"{cause} -> {effect}"
        if not graph.has_edge(a, b):
            graph.add_edge(a, b, methods=["threats"], weight=edge["weight"],
                           lag=edge["lag"], q_value=edge["q_value"],
                           evidence=edge["evidence"], via=[link], echo_of=None)
            added.add((a, b))
            continue
        known = graph[a][b]
        known["methods"] = sorted({*known["methods"], "threats"})
        known["via"] = sorted({*known.get("via", []), link})
        if (a, b) in added:  # a dimension test's own figures stand; projections pool
            if (edge["q_value"], -edge["weight"]) < (known["q_value"], -known["weight"]):
                known.update(weight=edge["weight"], lag=edge["lag"],
                             q_value=edge["q_value"])
            known["evidence"] = max(known["evidence"], edge["evidence"])
    for a, b in graph.edges:
        graph[a][b]["feedback"] = graph.has_edge(b, a)
        graph[a][b].setdefault("via", [])
    return graph
