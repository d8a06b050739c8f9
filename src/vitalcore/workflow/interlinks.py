"""Threat chains and the three tiers on a store (analysis.chains, analysis.tiers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import networkx as nx
import polars as pl
from sqlalchemy import Engine

from vitalcore import analysis, law, store, taxonomy
from vitalcore.workflow.bottom_up import capacity_evidence, rank_threats, scoped_voices

ONSET_MIN_AREAS = 3  # analysis.onsets.onset_precedence's default
_LEGAL_SCHEMA = {"threat_type": pl.String, "tier": pl.String, "duty_bearer": pl.String,
                 "instrument": pl.String, "article": pl.String}
_ACTION_SCHEMA = {"area_pcode": pl.String, "dimension": pl.String, "kind": pl.String}


@dataclass(frozen=True)
class ChainReport:
    """Co-occurrence, precedence (Granger-type and onset order), the chain graph, root
    causes and chains."""

    cooccurrence: pl.DataFrame
    precedence: pl.DataFrame
    onsets: pl.DataFrame
    graph: nx.DiGraph
    roots: pl.DataFrame
    chains: pl.DataFrame

    def why_empty(self) -> str:
        """Why the chain graph has no link, in words ('' when it has some)."""
        if self.graph.number_of_edges():
            return ""
        areas = self.onsets["area_pcode"].n_unique() if not self.onsets.is_empty() else 0
        return ("no threat follows another often enough to be a link: a pair needs rises "
                f"(onsets) in at least {ONSET_MIN_AREAS} common areas or a significant "
                f"week-to-week precedence; {self.onsets.height} onset(s) were found in "
                f"{areas} area(s). Chains show from about 50,000 voices a year "
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
) -> ChainReport:
    """How threats travel together and follow each other, and where chains start."""
    voices = scoped_voices(engine, since=since, until=until)
    cooc = analysis.cooccurrence(voices, labels=labels, alpha=alpha)
    prec = analysis.precedence(voices, labels=labels, period=period, max_lag=max_lag,
                               alpha=alpha)
    onset = analysis.onset_precedence(
        analysis.label_series(voices, labels=labels, period=period), alpha=alpha)
    graph = analysis.chain_graph(prec, cooc, onset)
    return ChainReport(cooc, prec, onset, graph, analysis.root_causes(graph),
                       analysis.chains(graph))


def tier_report(
    engine: Engine,
    *,
    top: int = 3,
    legal: pl.DataFrame | None = None,
    actions: pl.DataFrame | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> pl.DataFrame:
    """State, international actors and community for each area's top threats.

    `legal` defaults to the legal knowledge base (law/) and `actions` to the actions
    recorded in the store; pass frames to use others. The table's `missing` column says
    which were absent.
    """
    if legal is None:
        legal = pl.DataFrame(law.duty_rows(), schema=_LEGAL_SCHEMA)
    if actions is None:
        recorded = [{"area_pcode": a.area_pcode, "dimension": a.dimension.value, "kind": a.kind}
                    for a in store.list_actions(engine)]
        actions = pl.DataFrame(recorded, schema=_ACTION_SCHEMA)
    ranking = rank_threats(engine, since=since, until=until, replicates=0)
    top_threats = ranking.filter((pl.col("area_pcode") != analysis.OVERALL)
                                 & (pl.col("rank") <= top))
    caps = analysis.capacities(capacity_evidence(engine, since=since, until=until))
    return analysis.three_tiers(
        top_threats, roles=taxonomy.tier_roles(), legal=legal,
        threat_dimension=taxonomy.threat_dimension(), actions=actions, capacities=caps,
    )
