"""Threat chains and the three tiers on a store (analysis.chains, analysis.tiers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import networkx as nx
import polars as pl
from sqlalchemy import Engine

from vitalcore import analysis, law, store, taxonomy
from vitalcore.workflow.bottom_up import capacity_evidence, rank_threats, scoped_voices

_LEGAL_SCHEMA = {"threat_type": pl.String, "tier": pl.String, "duty_bearer": pl.String,
                 "instrument": pl.String, "article": pl.String}
_TIERS = ("state", "international", "community")
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
    area: str | None = None,
    lang: str = "en",
) -> pl.DataFrame:
    """State, international actors and community for each area's top threats.

    `legal` defaults to the legal knowledge base (law/) in the stored situation (kind of
    conflict, State; workflow.legal), with the mission of the newest stored mandate
    named in the international tier; `actions` to the actions recorded in the store.
    `area`: that area and the areas under it (P-code prefix). `lang`: the language of the
    expected conduct (en, fr). The table's `missing` column says what was absent.
    """
    from vitalcore.workflow.legal import current_mandate, current_situation

    notes: list[str] = []
    mandate = current_mandate(engine)
    mission = mandate["mission"] if mandate else None
    if mandate is None:
        notes.append("no mandate stored: the international tier names no mission")
    if legal is None:
        current = current_situation(engine, area=area)
        if current.note:
            notes.append(current.note)
        legal = pl.DataFrame(
            law.duty_rows(current.situation, mission=mission,
                          mandate=mandate["symbol"] if mandate else None),
            schema=_LEGAL_SCHEMA)
    if actions is None:
        recorded = [{"area_pcode": a.area_pcode, "dimension": a.dimension.value, "kind": a.kind}
                    for a in store.list_actions(engine)]
        actions = pl.DataFrame(recorded, schema=_ACTION_SCHEMA)
    ranking = rank_threats(engine, since=since, until=until, replicates=0)
    top_threats = ranking.filter((pl.col("area_pcode") != analysis.OVERALL)
                                 & (pl.col("rank") <= top))
    if area:
        top_threats = top_threats.filter(pl.col("area_pcode").str.starts_with(area.upper()))
    caps = analysis.capacities(capacity_evidence(engine, since=since, until=until))
    conduct = {(d, t): text for d in taxonomy.threat_types() for t in _TIERS
               if (text := law.conduct(d, t, lang=lang, mission=mission))}
    table = analysis.three_tiers(
        top_threats, roles=taxonomy.tier_roles(), legal=legal,
        threat_dimension=taxonomy.threat_dimension(), actions=actions, capacities=caps,
        conduct=conduct,
    )
    if notes:
        joined = "; ".join(notes)
        table = table.with_columns(
            pl.when(pl.col("missing").is_null()).then(pl.lit(joined))
            .otherwise(pl.concat_str(pl.col("missing"), pl.lit("; " + joined)))
            .alias("missing"))
    return table
