"""The threat-chain graph as accessible SVG, laid out here with networkx.

Nodes sit on a circle (nx.circular_layout: stable, readable for the seven dimensions or
a few dozen threat types); directed edges are significant precedences (cause -> effect),
dashed undirected edges significant co-occurrences. Every node and edge has a <title>
(the browser's tooltip, read by screen readers) with its evidence counts, and every
node is a link that filters the page to that label, so it is reachable by keyboard.
The SVG is rendered through the autoescaping Jinja environment: labels are escaped.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
from markupsafe import Markup

from vitalcore.i18n import Locale

SIZE = 520
RADIUS = 190


def _label(loc: Locale, name: str) -> str:
    try:
        return loc.dimension(name, capital=True)
    except KeyError:
        return name.replace("_", " ")


def graph_svg(graph: nx.DiGraph, cooccurrence: list[dict[str, Any]], *, focus: str | None,
              loc: Locale) -> Markup:
    from vitalcore.web.render import environment

    nodes = sorted(graph.nodes)
    centre = SIZE / 2
    places = nx.circular_layout(nodes, scale=RADIUS, center=(centre, centre)) if nodes else {}
    spots = {n: (round(float(p[0]), 1), round(float(p[1]), 1)) for n, p in places.items()}
    edges = [
        {"a": spots[a], "b": spots[b], "cause": _label(loc, a), "effect": _label(loc, b),
         "lag": data.get("lag"), "evidence": data.get("evidence"), "n_ab": data.get("n_ab"),
         "weight": data.get("weight") or 0.0}
        for a, b, data in graph.edges(data=True)
    ]
    pairs = [
        {"a": spots[r["label_a"]], "b": spots[r["label_b"]], "label_a": _label(loc, r["label_a"]),
         "label_b": _label(loc, r["label_b"]), "n_ab": r["n_ab"], "lift": r["lift"]}
        for r in cooccurrence if r["label_a"] in spots and r["label_b"] in spots
    ]
    shown = [
        {"id": n, "label": _label(loc, n), "x": spots[n][0], "y": spots[n][1],
         "out": graph.out_degree(n), "in": graph.in_degree(n), "focus": n == focus,
         "anchor": "start" if spots[n][0] >= centre else "end"}
        for n in nodes
    ]
    html = environment().get_template("_graph.svg").render(
        size=SIZE, nodes=shown, edges=edges, pairs=pairs, loc=loc)
    return Markup(html)  # noqa: S704 - rendered by the autoescaping environment
