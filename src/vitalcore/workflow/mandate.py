"""Mandates: import a resolution or summary, list its tasks, compare it with the voices.

    result = workflow.import_mandate(engine, "S-RES-2100.pdf")
    rows = workflow.mandate_tasks(engine, mission="MINUSMA")
    gap = workflow.mandate_gap(engine, area="ML07", since=date(2024, 1, 1))
    table = workflow.mandate_renewals(engine, mission="MINUSMA")
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy import Engine

from vitalcore import analysis, store
from vitalcore.classify import Classifier
from vitalcore.mandate import MandateParseError, Resolution
from vitalcore.mandate.parser import parse_text, read_text
from vitalcore.mandate.tasks import classify_tasks, tasks_frame
from vitalcore.workflow.bottom_up import scoped_voices
from vitalcore.workflow.kept import kept_result


class MandateNotFound(LookupError):
    """No stored mandate matches the selection."""


class NoVoices(LookupError):
    """No classified voices in the area and period asked for."""


@dataclass(frozen=True)
class ImportResult:
    mandate_id: str
    resolution: Resolution
    new: bool

    def line(self) -> str:
        r = self.resolution
        status = "imported" if self.new else "already in the store"
        return (f"{r.symbol} ({r.kind}{', ' + r.mission if r.mission else ''}): "
                f"{len(r.paragraphs)} paragraphs, {len(r.tasks)} tasks, {status}")


def _read(path: Path) -> tuple[str, Resolution]:
    try:
        text = read_text(path)
        return text, parse_text(text, title=path.stem)
    except MandateParseError as exc:
        raise MandateParseError(f"{path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise MandateParseError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def import_mandate(
    engine: Engine, path: str | Path, *, classifier: Classifier | None = None
) -> ImportResult:
    """Parse a resolution or summary file, classify its tasks, store both (idempotent)."""
    path = Path(path)
    text, resolution = _read(path)
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    classified = classify_tasks(resolution.tasks, classifier)
    new = store.add_mandate(engine, key, resolution, [c.to_dict() for c in classified],
                            source_file=str(path))
    return ImportResult(key, resolution, new)


def select_mandates(
    engine: Engine, *, mission: str | None = None, symbol: str | None = None
) -> pl.DataFrame:
    """Stored mandates of a mission or with a symbol, oldest first."""
    frame = store.mandates_frame(engine)
    if mission:
        frame = frame.filter(pl.col("mission").str.to_uppercase() == mission.upper())
    if symbol:
        frame = frame.filter(pl.col("symbol") == symbol)
    return frame


def _latest(engine: Engine, mission: str | None, symbol: str | None) -> dict[str, Any]:
    frame = select_mandates(engine, mission=mission, symbol=symbol)
    if frame.is_empty():
        what = symbol or (f"mission {mission}" if mission else "any mission")
        raise MandateNotFound(f"no stored mandate for {what}: run vitalcore mandate import FILE")
    return frame.row(-1, named=True)


def mandate_tasks(
    engine: Engine, *, mission: str | None = None, symbol: str | None = None,
    all_mandates: bool = False,
) -> list[dict[str, Any]]:
    """Tasks of the newest matching mandate (or of every matching one)."""
    if all_mandates:
        ids = select_mandates(engine, mission=mission, symbol=symbol)["id"].to_list()
    else:
        ids = [_latest(engine, mission, symbol)["id"]]
    return store.mandate_task_rows(engine, ids)


def mandate_paragraphs(
    engine: Engine, *, mission: str | None = None, symbol: str | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(the newest matching mandate, its paragraphs in document order)."""
    mandate = _latest(engine, mission, symbol)
    return mandate, store.mandate_paragraph_rows(engine, mandate["id"])


def _scope(engine: Engine, area: str | None, since: date | None, until: date | None,
           ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(voices, their group labels) of the period, of the area and every area under it
    (rolled up): the voice table every bottom-up analysis reads, and the groups the
    classifier gave them (not those the voices reported, which the voice table adds)."""
    midnight = datetime.min.time()
    voices = scoped_voices(
        engine, area=area, since=datetime.combine(since, midnight) if since else None,
        until=datetime.combine(until, midnight) if until else None)
    groups = store.group_labels_frame(engine).join(
        voices.select("voice_id"), on="voice_id", how="semi")
    return voices, groups.with_columns(pl.lit("group").alias("kind"))


def _community(voices: pl.DataFrame, area: str | None) -> pl.DataFrame:
    ranked = analysis.rank_tally(analysis.voice_tally(voices), per_area=bool(area))
    if not area:
        return ranked.filter(pl.col("area_pcode") == "ALL")
    # _scope counted every voice of the scope under one code: that area's ranking.
    return ranked.filter(pl.col("area_pcode") != "ALL")


def community_priorities(engine: Engine, *, area: str | None = None,
                         since: date | None = None, until: date | None = None,
                         memo: bool = False) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """(vital core, group labels, voices) of the scope that a mandate is compared with;
    with `memo`, read from and kept in the store's memo (workflow/kept.py)."""
    if memo:
        vital_core, groups, count = kept_result(
            engine, "community_priorities", {"area": area, "since": since, "until": until},
            lambda: _as_frames(community_priorities(engine, area=area, since=since,
                                                    until=until)))
        return vital_core, groups, int(count["voices"][0])
    voices, groups = _scope(engine, area, since, until)
    return _community(voices, area), groups, voices.height


def _as_frames(found: tuple[pl.DataFrame, pl.DataFrame, int]) -> list[pl.DataFrame]:
    vital_core, groups, voices = found
    return [vital_core, groups, pl.DataFrame({"voices": [voices]})]


def _gap(engine: Engine, tasks: pl.DataFrame, area: str | None, since: date | None,
         until: date | None, memo: bool) -> analysis.MandateGap:
    vital_core, groups, voices = community_priorities(engine, area=area, since=since,
                                                      until=until, memo=memo)
    if vital_core.is_empty():
        where = f"area {area.upper()}" if area else "any area"
        period = f" since {since}" if since else ""
        raise NoVoices(f"no classified voices in {where}{period}: nothing to compare with")
    return analysis.mandate_gap(vital_core, tasks, groups=groups, voices=voices)


def mandate_gap(
    engine: Engine, *, area: str | None = None, since: date | None = None,
    until: date | None = None, mission: str | None = None, symbol: str | None = None,
    memo: bool = False,
) -> tuple[dict[str, Any], analysis.MandateGap]:
    """(the stored mandate compared, its gap) for the voices of an area and period; with
    `memo`, the community's side read from and kept in the store's memo."""
    mandate = _latest(engine, mission, symbol)
    tasks = tasks_frame(store.mandate_task_rows(engine, [mandate["id"]]))
    return mandate, _gap(engine, tasks, area, since, until, memo)


def draft_gap(
    engine: Engine, path: str | Path, *, area: str | None = None, since: date | None = None,
    until: date | None = None, classifier: Classifier | None = None, memo: bool = False,
) -> tuple[Resolution, analysis.MandateGap]:
    """The gap of a mandate file that is not stored (a draft, or a file under review):
    parsed and classified in memory, compared with the stored voices; nothing is written
    (but the community's side to the store's memo, with `memo`)."""
    _, resolution = _read(Path(path))
    tasks = tasks_frame(classify_tasks(resolution.tasks, classifier))
    return resolution, _gap(engine, tasks, area, since, until, memo)


def mandate_renewals(
    engine: Engine, *, mission: str, area: str | None = None, window_days: int = 365,
    memo: bool = False,
) -> pl.DataFrame:
    """Coverage against community priorities, resolution by resolution of one mission.

    Each resolution is compared with the voices of the `window_days` before its
    adoption: what communities said while the Council was drafting it. With `memo`,
    read from and kept in the store's memo (workflow/kept.py).
    """
    if memo:
        options = {"mission": mission.upper(), "area": area, "window_days": window_days}
        return kept_result(engine, "mandate_renewals", options, lambda: [mandate_renewals(
            engine, mission=mission, area=area, window_days=window_days)])[0]
    mandates = select_mandates(engine, mission=mission).filter(
        pl.col("adopted_on").is_not_null())
    if mandates.is_empty():
        raise MandateNotFound(f"no stored resolution with an adoption date for {mission}")
    renewals = []
    for m in mandates.iter_rows(named=True):
        start = m["adopted_on"] - timedelta(days=window_days)
        voices, groups = _scope(engine, area, start, m["adopted_on"])
        renewals.append(analysis.Renewal(
            symbol=m["symbol"], adopted_on=m["adopted_on"],
            tasks=tasks_frame(store.mandate_task_rows(engine, [m["id"]])),
            vital_core=_community(voices, area) if not voices.is_empty()
            else pl.DataFrame(schema={"dimension": pl.String, "rank": pl.Int64,
                                      "score": pl.Float64}),
            groups=groups, voices=voices.height,
        ))
    return analysis.coverage_over_renewals(renewals)
