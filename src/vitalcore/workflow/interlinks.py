"""Threat chains on a store (analysis.chains); the three tiers are in workflow/tiers.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import polars as pl
from sqlalchemy import Engine

from vitalcore import analysis, store, taxonomy
from vitalcore.workflow.bottom_up import kept_voice_table
from vitalcore.workflow.kept import kept_result

if TYPE_CHECKING:  # networkx is imported where a graph is built (analysis.chains)
    import networkx as nx

RISE_MIN_AREAS = 2  # analysis.rises.rise_precedence's default


@dataclass(frozen=True)
class ChainReport:
    """Co-occurrence, precedence (Granger-type, onset order, rise after the cause), the
    chain graph, root causes and chains.

    A report read from the memo holds the graph's nodes, links and echoes as read, and
    builds the networkx graph only when `graph` is asked for: printing it (`links`,
    `link`) needs no networkx (0.1 s of a first `vitalcore chains`)."""

    cooccurrence: pl.DataFrame
    precedence: pl.DataFrame
    onsets: pl.DataFrame
    built: nx.DiGraph | None
    roots: pl.DataFrame
    chains: pl.DataFrame
    rises: pl.DataFrame | None = None
    kept: tuple[list[str], list[tuple[str, str, dict]], list] | None = None

    @property
    def graph(self) -> nx.DiGraph:
        """The chain graph (networkx), built from the kept links on first use."""
        if self.built is None:
            import networkx as nx

            nodes, links, echoes = self.kept or ([], [], [])
            graph = nx.DiGraph()
            graph.add_nodes_from(nodes)
            graph.add_edges_from(links)
            graph.graph["echoes"] = echoes
            object.__setattr__(self, "built", graph)
        return self.built

    def links(self) -> list[tuple[str, str, dict]]:
        """The graph's links (cause, effect, attributes), in the graph's order."""
        if self.built is None and self.kept is not None:
            return list(self.kept[1])
        return list(self.graph.edges(data=True))

    def link(self, cause: str, effect: str) -> dict | None:
        """The attributes of the link cause -> effect, or None."""
        return next((d for a, b, d in self.links() if (a, b) == (cause, effect)), None)

    def why_empty(self) -> str:
        """Why the chain graph has no link, in words ('' when it has some)."""
        if self.links():
            return ""
        tested = self.rises.height if self.rises is not None else 0
        return ("no threat follows another often enough to be a link: a link needs a "
                f"cause that rose (an onset) in at least {RISE_MIN_AREAS} areas and an "
                f"effect that rose after it there; {tested} cause-effect pair(s) could be "
                "tested and none held. A chain like the simulated one shows on most "
                "scenarios at 20,000 voices a year and on all at 50,000 "
                "(docs/methods/chains.md)")


def threat_chains(
    engine: Engine,
    *,
    labels: str = "dimensions",
    period: str = "1w",
    max_lag: int = 2,
    alpha: float = 0.05,
    since: datetime | None = None,
    until: datetime | None = None,
    hear_threats: bool = True,
    memo: bool = False,
) -> ChainReport:
    """How threats travel together and follow each other, and where chains start.

    The graph's links are rises that follow rises (onset order, and the rise after the
    cause pooled over the cause's areas); the panel Granger table is reported beside
    them but makes no link: on threat types it links labels nobody planted (45 spurious
    edges over ten 20,000-voice tuning scenarios, against none it alone found right;
    docs/methods/chains.md). Echoes (two tags of the same voices) are marked.

    On dimensions (with `hear_threats`) the graph also holds the threat-type graph's
    links between two dimensions (method "threats", the threat pairs in `via`;
    analysis.chain_projection): a dimension's series mixes a chain step with every
    other threat of that dimension, so its own rise tests miss links the threat types
    show. With `memo`, read from and kept in the store's memo (workflow/kept.py).
    """
    if memo:
        options = {"labels": labels, "period": period, "max_lag": max_lag, "alpha": alpha,
                   "since": since, "until": until, "hear_threats": hear_threats}
        return _report_from_frames(kept_result(
            engine, "threat_chains", options,
            lambda: _report_frames(threat_chains(engine, **options))))
    voices = _chain_voices(engine, since=since, until=until)
    prec = analysis.precedence(voices, labels=labels, period=period, max_lag=max_lag,
                               alpha=alpha)
    cooc, onset, rises, graph = _rise_graph(voices, prec, labels=labels, period=period,
                                            alpha=alpha)
    if labels == "dimensions" and hear_threats:
        threat_graph = _rise_graph(voices, None, labels="threats", period=period,
                                   alpha=alpha)[3]
        dimension_of = {t: getattr(d, "value", d)
                        for t, d in taxonomy.threat_dimension().items()}
        graph = analysis.project_threat_links(graph, threat_graph, dimension_of)
    return ChainReport(cooc, prec, onset, graph, analysis.root_causes(graph),
                       analysis.chains(graph), rises)


def _rise_graph(voices: pl.DataFrame, prec: pl.DataFrame | None, *, labels: str,
                period: str, alpha: float
                ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, nx.DiGraph]:
    """Co-occurrence, onset order, rise after the cause and the graph they make; the
    Granger table (`prec`) only names the graph's nodes, so a graph read only for its
    links passes None and skips that test."""
    cooc = analysis.cooccurrence(voices, labels=labels, alpha=alpha)
    series = analysis.label_series(voices, labels=labels, period=period)
    # Onsets twice: the second time each label's share is taken without the voices of
    # the area's other risen labels, whose surge dilutes its own (docs/methods/chains.md).
    found = analysis.onsets(analysis.background_series(
        voices, analysis.onsets(series), labels=labels, period=period, series=series))
    onset = analysis.onset_precedence(series, alpha=alpha, found=found)
    rises = analysis.rise_precedence(series, found, alpha=alpha)
    if prec is None:
        prec = pl.DataFrame(schema={"cause": pl.String, "effect": pl.String,
                                    "significant": pl.Boolean})
    graph = analysis.chain_graph(prec, cooc, onset, rises, granger=False)
    return cooc, onset, rises, graph


def _chain_voices(engine: Engine, *, since: datetime | None,
                  until: datetime | None) -> pl.DataFrame:
    """Where, when and with which labels each voice was: the whole voice table when one
    is kept for this data version (the dashboard's), else only those columns read
    (store.voice_label_lists: a sixth of the label rows, no attributes), which is most
    of a first `vitalcore chains`. The analyses read no other column of it."""
    voices = kept_voice_table(engine)
    if voices is None:
        voices = store.voice_label_lists(engine, min_score=0.5)
    if since is not None:
        voices = voices.filter(pl.col("occurred_at") >= since)
    if until is not None:
        voices = voices.filter(pl.col("occurred_at") < until)
    return voices


def _report_frames(report: ChainReport) -> list[pl.DataFrame]:
    """A chain report as frames the memo keeps: the tables, then the graph (its nodes,
    its edges with their attributes as JSON, the echoes left out of it)."""
    import json

    empty = pl.DataFrame()
    nodes = pl.DataFrame({"label": list(report.graph.nodes)}, schema={"label": pl.String})
    edges = pl.DataFrame(
        {"cause": [a for a, _ in report.graph.edges],
         "effect": [b for _, b in report.graph.edges],
         "attributes": [json.dumps(d) for *_, d in report.graph.edges(data=True)]},
        schema={"cause": pl.String, "effect": pl.String, "attributes": pl.String})
    echoes = pl.DataFrame({"echoes": [json.dumps(report.graph.graph.get("echoes", []))]})
    return [report.cooccurrence, report.precedence, report.onsets,
            report.rises if report.rises is not None else empty, report.roots,
            report.chains, nodes, edges, echoes]


def _report_from_frames(frames: list[pl.DataFrame]) -> ChainReport:
    import json

    cooc, prec, onset, rises, roots, chains, nodes, edges, echoes = frames
    links = [(a, b, json.loads(d)) for a, b, d in edges.iter_rows()]
    return ChainReport(cooc, prec, onset, None, roots, chains,
                       rises if rises.width else None,
                       kept=(nodes["label"].to_list(), links, json.loads(echoes["echoes"][0])))
