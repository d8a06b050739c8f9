"""Threat chains and the three tiers on a store (analysis.chains, analysis.tiers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import polars as pl
from sqlalchemy import Engine

from vitalcore import analysis, law, store, taxonomy
from vitalcore.workflow.bottom_up import capacity_evidence, kept_voice_table, rank_threats

if TYPE_CHECKING:  # networkx is imported where a graph is built (analysis.chains)
    import networkx as nx
from vitalcore.workflow.places import area_scope, roll_up, scope_codes

ONSET_MIN_AREAS = 3  # analysis.onsets.onset_precedence's default
_LEGAL_SCHEMA = {"threat_type": pl.String, "tier": pl.String, "duty_bearer": pl.String,
                 "instrument": pl.String, "article": pl.String}
_TIERS = ("state", "international", "community")
_ACTION_SCHEMA = {"area_pcode": pl.String, "dimension": pl.String, "kind": pl.String}


@dataclass(frozen=True)
class ChainReport:
    """Co-occurrence, precedence (Granger-type, onset order, rise after the cause), the
    chain graph, root causes and chains."""

    cooccurrence: pl.DataFrame
    precedence: pl.DataFrame
    onsets: pl.DataFrame
    graph: nx.DiGraph
    roots: pl.DataFrame
    chains: pl.DataFrame
    rises: pl.DataFrame | None = None

    def why_empty(self) -> str:
        """Why the chain graph has no link, in words ('' when it has some)."""
        if self.graph.number_of_edges():
            return ""
        tested = self.rises.height if self.rises is not None else 0
        return ("no threat follows another often enough to be a link: a link needs a "
                f"cause that rose (an onset) in at least {ONSET_MIN_AREAS} areas and an "
                f"effect that rose after it there; {tested} cause-effect pair(s) could be "
                "tested and none held. A chain like the simulated one shows from about "
                "50,000 voices a year (docs/methods/chains.md)")


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
    """How threats travel together and follow each other, and where chains start.

    The graph's links are rises that follow rises (onset order, and the rise after the
    cause pooled over the cause's areas); the panel Granger table is reported beside
    them but makes no link: on threat types it links labels nobody planted (45 spurious
    edges over ten 20,000-voice tuning scenarios, against none it alone found right;
    docs/methods/chains.md). Echoes (two tags of the same voices) are marked.
    """
    voices = _chain_voices(engine, since=since, until=until)
    cooc = analysis.cooccurrence(voices, labels=labels, alpha=alpha)
    prec = analysis.precedence(voices, labels=labels, period=period, max_lag=max_lag,
                               alpha=alpha)
    series = analysis.label_series(voices, labels=labels, period=period)
    found = analysis.onsets(series)
    onset = analysis.onset_precedence(series, alpha=alpha, found=found)
    rises = analysis.rise_precedence(series, found, alpha=alpha)
    graph = analysis.chain_graph(prec, cooc, onset, rises, granger=False)
    return ChainReport(cooc, prec, onset, graph, analysis.root_causes(graph),
                       analysis.chains(graph), rises)


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

    With `area` (a cercle, a region or a country code), the threats of it and every
    area under it ranked together, under the asked code (workflow.places).

    `legal` defaults to the legal knowledge base (law/) in the situation stored for each
    area's country (kind of conflict, State; workflow.legal), with the mission of the
    newest stored mandate named in the international tier; `actions` to the actions
    recorded in the store. `lang`: the language of the expected conduct and citations
    (en, fr). The `situation` column says which situation the law was read in;
    `missing` what was absent.
    """
    from vitalcore.workflow.legal import current_mandate, current_situation

    notes: list[str] = []
    mandate = current_mandate(engine)
    mission = mandate["mission"] if mandate else None
    symbol = mandate["symbol"] if mandate else None
    if mandate is None:
        notes.append("no mandate stored: the international tier names no mission")
    if actions is None:
        recorded = [{"area_pcode": a.area_pcode, "dimension": a.dimension.value, "kind": a.kind}
                    for a in store.list_actions(engine, area=scope_codes(engine, area))]
        actions = roll_up(pl.DataFrame(recorded, schema=_ACTION_SCHEMA),
                          area_scope(engine, area))
    ranking = rank_threats(engine, area=area, since=since, until=until, replicates=0)
    top_threats = ranking.filter((pl.col("area_pcode") != analysis.OVERALL)
                                 & (pl.col("rank") <= top))
    caps = analysis.capacities(capacity_evidence(engine, area=area, since=since,
                                                 until=until))
    conduct = {(d, t): text for d in taxonomy.threat_types() for t in _TIERS
               if (text := law.conduct(d, t, lang=lang, mission=mission))}

    def tiers_of(threats: pl.DataFrame, rows: pl.DataFrame, situation: str) -> pl.DataFrame:
        return analysis.three_tiers(
            threats, roles=taxonomy.tier_roles(), legal=rows,
            threat_dimension=taxonomy.threat_dimension(), actions=actions, capacities=caps,
            conduct=conduct,
        ).with_columns(pl.lit(situation, pl.String).alias("situation"))

    if legal is not None:
        table = tiers_of(top_threats, legal, "legal frame given by the caller")
    else:
        # The law depends on where: an area reads the situation in force for it (its
        # own, else its country's), so a Malian area reads Mali's treaties and a
        # Burkinabe one Burkina Faso's. Areas under the same situation share one lookup.
        parts = []
        groups: dict[object, tuple[Any, list[str]]] = {}
        for pcode in sorted(set(top_threats["area_pcode"].to_list())):
            current = current_situation(engine, area=pcode)
            key = current.record["id"] if current.record else ("none", pcode[:2])
            groups.setdefault(key, (current, []))[1].append(pcode)
        for current, pcodes in groups.values():
            rows = pl.DataFrame(law.duty_rows(current.situation, mission=mission,
                                              mandate=symbol, lang=lang),
                                schema=_LEGAL_SCHEMA)
            part = tiers_of(top_threats.filter(pl.col("area_pcode").is_in(pcodes)), rows,
                            _situation_label(current.situation, current.record))
            parts.append(_with_note(part, current.note))
        table = (pl.concat(parts) if parts else tiers_of(
            top_threats, pl.DataFrame(schema=_LEGAL_SCHEMA), "none"))
        order = {t: i for i, t in enumerate(_TIERS)}
        table = table.sort("area_pcode", "rank",
                           pl.col("tier").replace_strict(order, return_dtype=pl.Int64))
    return _with_note(table, "; ".join(notes) or None)


def _with_note(table: pl.DataFrame, note: str | None) -> pl.DataFrame:
    """`note` added to the `missing` column of every row."""
    if not note:
        return table
    return table.with_columns(
        pl.when(pl.col("missing").is_null()).then(pl.lit(note))
        .otherwise(pl.concat_str(pl.col("missing"), pl.lit("; " + note))).alias("missing"))


def _situation_label(situation: law.Situation, record: dict[str, Any] | None) -> str:
    """E.g. 'ML: non_international since 2012-01-17 (State ML)' or 'BF: peacetime default'."""
    if record is None:
        return "no situation recorded: peacetime default"
    where = record["area_pcode"] or record["country"]
    return f"{where}: {record['conflict']} since {record['since']} (State {record['state']})"
