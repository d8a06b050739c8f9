"""The bottom-up analyses on a store: vital core, coverage, vulnerability, resilience.

Each function reads the frames it needs from `store`, narrows them to the scope asked
for (area, group, period window) and hands them to `analysis`. Nothing is computed here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime

import polars as pl
from sqlalchemy import Engine

from vitalcore import analysis, store, taxonomy
from vitalcore.domain import Channel, Group
from vitalcore.workflow.kept import kept_result
from vitalcore.workflow.places import area_scope, roll_up

ALL = analysis.OVERALL


def scoped_voices(
    engine: Engine,
    *,
    area: str | None = None,
    group: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    threshold: float = 0.5,
) -> pl.DataFrame:
    """The voice table of `analysis.voice_table`, narrowed to one area, one group and
    the window [since, until). With a window, voices without a date are left out.

    The whole table is built once per data version and kept (`_VoiceTables`): every
    analysis of a dashboard page, a briefing or a notebook starts from it, and at a
    million voices reading the labels is most of an analysis's time. Without a kept
    table, one area is read from the store alone (voice_table is row by row, so
    narrowing first or afterwards gives the same rows).

    `area` is a P-code at any level or a country code: the voices of it and of every
    area under it, each counted under the asked code (workflow.places.roll_up)."""
    scope = area_scope(engine, area)
    voices = _TABLES.get(engine, threshold)
    if voices is None:
        voices = (_TABLES.build(engine, threshold) if scope is None
                  else _voice_table(engine, threshold, area=scope.pcodes))
    if since is not None:
        voices = voices.filter(pl.col("occurred_at") >= since)
    if until is not None:
        voices = voices.filter(pl.col("occurred_at") < until)
    voices = roll_up(voices, scope)
    if group:
        if group not in {g.value for g in Group}:
            raise ValueError(
                f"unknown group {group!r}: choose from {', '.join(g.value for g in Group)}"
            )
        voices = voices.filter(pl.col("groups").list.contains(group))
    return voices


class _VoiceTables:
    """The last whole voice tables, keyed by store, data version and threshold.

    The data version (store.analysis_version) changes with every new voice, model or
    correction, so a kept table is never older than the store. At most KEEP tables are
    held (about 0.5 GB at a million voices); one build runs at a time, so concurrent
    callers wait for it rather than read the store twice.
    """

    KEEP = 2

    def __init__(self) -> None:
        self._tables: OrderedDict[tuple[str, str, float], pl.DataFrame] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _key(engine: Engine, threshold: float) -> tuple[str, str, float]:
        return (str(engine.url), store.analysis_version(engine), threshold)

    def get(self, engine: Engine, threshold: float) -> pl.DataFrame | None:
        return self._tables.get(self._key(engine, threshold))

    def build(self, engine: Engine, threshold: float) -> pl.DataFrame:
        with self._lock:
            key = self._key(engine, threshold)
            if key not in self._tables:
                self._tables[key] = _voice_table(engine, threshold)
                while len(self._tables) > self.KEEP:
                    self._tables.popitem(last=False)
            return self._tables[key]


_TABLES = _VoiceTables()


def _voice_table(engine: Engine, threshold: float, *,
                 area: Sequence[str] | None = None) -> pl.DataFrame:
    voices, labels = store.classified_frames(engine, min_score=threshold, area=area)
    return analysis.classified_voice_table(voices, labels, threshold=threshold)


def kept_voice_table(engine: Engine, threshold: float = 0.5) -> pl.DataFrame | None:
    """The whole voice table kept for the store's current data version, if one is
    (a caller that needs a few of its columns reads them itself otherwise)."""
    return _TABLES.get(engine, threshold)


def _with_area_names(engine: Engine, table: pl.DataFrame) -> pl.DataFrame:
    names = store.areas_frame(engine).select(
        pl.col("pcode").alias("area_pcode"), pl.col("name").alias("area_name")
    )
    return table.join(names, on="area_pcode", how="left", maintain_order="left").with_columns(
        pl.col("area_name").fill_null(pl.col("area_pcode"))
    )


def rank_threats(
    engine: Engine,
    *,
    area: str | None = None,
    group: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    by: Sequence[str] = ("area_pcode",),
    period: str = "1mo",
    min_voices: int = 5,
    replicates: int = 200,
    seed: int = 0,
    blend: float = 0.5,
    memo: bool = False,
) -> pl.DataFrame:
    """The vital core with intervals, per area (or group, period), narrowed as asked.

    Narrowing to a group fills the `group` column with it (the scope is that group's
    voices); narrowing to an area keeps that area's rows only. With `memo`, read from
    and kept in the store's memo (workflow/kept.py).
    """
    options = {"area": area, "group": group, "since": since, "until": until,
               "by": tuple(by), "period": period, "min_voices": min_voices,
               "replicates": replicates, "seed": seed, "blend": blend}
    if memo:
        return kept_result(engine, "rank_threats", options,
                           lambda: [rank_threats(engine, **options)])[0]
    voices = scoped_voices(engine, area=area, group=group, since=since, until=until)
    table = analysis.rank_threats(
        voices, by=by, period=period, min_voices=min_voices, replicates=replicates,
        seed=seed, blend=blend,
    )
    scope = area_scope(engine, area)
    if scope:
        keep = scope.code if "area_pcode" in by else ALL
        table = table.filter(pl.col("area_pcode") == keep).with_columns(
            pl.lit(scope.code).alias("area_pcode")
        )
    if group and "group" in by:
        # The scope is already the group's voices: their other groups are intersections.
        table = table.filter(pl.col("group") == group)
    elif group:
        table = table.with_columns(pl.lit(group).alias("group"))
    return worded_notes(_with_area_names(engine, table))


def worded_notes(table: pl.DataFrame, language: str = "en") -> pl.DataFrame:
    """The ranking with `notes`: its note codes in words (locales common rank_notes),
    so that the JSON and the CLI say why a factor was left out."""
    if "note_codes" not in table.columns:
        return table
    from vitalcore.i18n import Locale

    loc = Locale(language, "common")

    def words(row: dict) -> list[str]:
        return [loc.t(f"rank_notes.{code}", unplaced=row["voices_in_scope"]
                      - (row["voices_placed"] or 0), voices=row["voices_in_scope"])
                for code in row["note_codes"] or ()]

    cells = table.select("note_codes", "voices_in_scope", "voices_placed").to_dicts()
    return table.with_columns(
        pl.Series("notes", [words(r) for r in cells], dtype=pl.List(pl.String)))


def coverage_report(
    engine: Engine,
    *,
    area: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    min_voices: int = 5,
    memo: bool = False,
) -> pl.DataFrame:
    """Who was heard, by group, area and channel, against every group, channel and
    gazetteer area the mission expects; with `memo`, read from and kept in the store's
    memo (workflow/kept.py)."""
    if memo:
        options = {"area": area, "since": since, "until": until, "min_voices": min_voices}
        return kept_result(engine, "coverage_report", options,
                           lambda: [coverage_report(engine, **options)])[0]
    voices = scoped_voices(engine, area=area, since=since, until=until)
    gazetteer = store.areas_frame(engine)
    # Voices are placed in the finest areas; a parent (a region) is heard through them.
    parents = set(gazetteer["parent_pcode"].drop_nulls().to_list())
    leaves = [p for p in gazetteer["pcode"].to_list() if p not in parents]
    scope = area_scope(engine, area)
    areas = [scope.code] if scope else leaves
    return analysis.coverage(
        voices, areas=areas, groups=[g.value for g in Group],
        channels=[c.value for c in Channel], min_voices=min_voices,
    )


def group_vulnerability(
    engine: Engine,
    *,
    area: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    labels: str = "dimensions",
    by_area: bool = False,
    min_voices: int = 5,
    memo: bool = False,
) -> pl.DataFrame:
    """Relative risk of each group's exposure to each dimension (or threat type); with
    `memo`, read from and kept in the store's memo (workflow/kept.py)."""
    if memo:
        options = {"area": area, "since": since, "until": until, "labels": labels,
                   "by_area": by_area, "min_voices": min_voices}
        return kept_result(engine, "group_vulnerability", options,
                           lambda: [group_vulnerability(engine, **options)])[0]
    voices = scoped_voices(engine, area=area, since=since, until=until)
    return analysis.group_exposure(voices, labels=labels, by_area=by_area,
                                   min_voices=min_voices)


def capacity_evidence(
    engine: Engine,
    *,
    area: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    memo: bool = False,
) -> pl.DataFrame:
    """Every voice's capacity, coping and solution evidence (analysis.resilience),
    optionally of one area's voices only; with `memo`, read from and kept in the store's
    memo (workflow/kept.py)."""
    if memo:
        options = {"area": area, "since": since, "until": until}
        return kept_result(engine, "capacity_evidence", options,
                           lambda: [capacity_evidence(engine, **options)])[0]
    voices = scoped_voices(engine, area=area, since=since, until=until)
    scope = area_scope(engine, area)
    texts = roll_up(store.voice_texts_frame(engine, since=since, until=until,
                                            area=scope.pcodes if scope else None), scope)
    cues = analysis.compile_cues(taxonomy.resilience_cues())
    return analysis.capacity_evidence(texts, voices, cues)


def resilience_report(
    engine: Engine,
    *,
    area: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    top: int = 3,
    min_ratio: float = 0.25,
    min_voices: int = 5,
    memo: bool = False,
) -> pl.DataFrame:
    """Per area and dimension: threat, capacity evidence, and the resilience gap; with
    `memo`, the ranking and the evidence read from and kept in the store's memo."""
    ranking = rank_threats(engine, area=area, since=since, until=until,
                           min_voices=min_voices, replicates=0, memo=memo)
    # Gaps are per (area, dimension): the area's own evidence is all that is joined.
    evidence = capacity_evidence(engine, area=area, since=since, until=until, memo=memo)
    gaps = analysis.resilience_gaps(ranking, evidence, top=top, min_ratio=min_ratio)
    return _with_area_names(engine, gaps)
