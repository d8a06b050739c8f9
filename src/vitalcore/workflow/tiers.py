"""The three tiers on a store (analysis.tiers): for each area's top threats, what the
State, international actors and the community are each expected to do and under which
law, and what each is recorded doing. Apart from the threat chains (interlinks.py), so
that `vitalcore tiers` does not import networkx."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import polars as pl
from sqlalchemy import Engine

from vitalcore import analysis, law, store, taxonomy
from vitalcore.workflow.bottom_up import capacity_evidence, rank_threats
from vitalcore.workflow.places import area_scope, roll_up, scope_codes

_LEGAL_SCHEMA = {"threat_type": pl.String, "tier": pl.String, "duty_bearer": pl.String,
                 "instrument": pl.String, "article": pl.String}
_TIERS = ("state", "international", "community")
_ACTION_SCHEMA = {"area_pcode": pl.String, "dimension": pl.String, "kind": pl.String}


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
    memo: bool = False,
) -> pl.DataFrame:
    """State, international actors and community for each area's top threats.

    With `area` (a cercle, a region or a country code), the threats of it and every
    area under it ranked together, under the asked code (workflow.places).

    `legal` defaults to the legal knowledge base (law/) in the situation stored for each
    area's country (kind of conflict, State; workflow.legal), with the mission of the
    newest stored mandate named in the international tier; `actions` to the actions
    recorded in the store. `lang`: the language of the expected conduct and citations
    (en, fr). The `situation` column says which situation the law was read in;
    `missing` what was absent. With `memo`, the report (when the law and the actions
    are the store's own), else the ranking and the capacity evidence, are read from and
    kept in the store's memo (workflow/kept.py).
    """
    if memo and legal is None and actions is None:
        from vitalcore.workflow.kept import kept_result

        options = {"top": top, "since": since, "until": until, "area": area, "lang": lang}
        return kept_result(engine, "tier_report", options, lambda: [tier_report(
            engine, top=top, since=since, until=until, area=area, lang=lang,
            memo=True, actions=_recorded_actions(engine, area))])[0]
    from vitalcore.workflow.legal import current_mandate, current_situation

    notes: list[str] = []
    mandate = current_mandate(engine)
    mission = mandate["mission"] if mandate else None
    symbol = mandate["symbol"] if mandate else None
    if mandate is None:
        notes.append("no mandate stored: the international tier names no mission")
    if actions is None:
        actions = _recorded_actions(engine, area)
    ranking = rank_threats(engine, area=area, since=since, until=until, replicates=0,
                           memo=memo)
    top_threats = ranking.filter((pl.col("area_pcode") != analysis.OVERALL)
                                 & (pl.col("rank") <= top))
    caps = analysis.capacities(capacity_evidence(engine, area=area, since=since,
                                                 until=until, memo=memo))
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
        recorded = store.list_situations(engine)
        for pcode in sorted(set(top_threats["area_pcode"].to_list())):
            current = current_situation(engine, area=pcode, recorded=recorded)
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


def _recorded_actions(engine: Engine, area: str | None) -> pl.DataFrame:
    """The actions recorded in the store, of `area` and every area under it."""
    recorded = [{"area_pcode": a.area_pcode, "dimension": a.dimension.value, "kind": a.kind}
                for a in store.list_actions(engine, area=scope_codes(engine, area))]
    return roll_up(pl.DataFrame(recorded, schema=_ACTION_SCHEMA), area_scope(engine, area))


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
