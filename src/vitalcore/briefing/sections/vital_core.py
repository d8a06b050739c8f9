"""The vital core: ranked threats with intervals, a bar chart and a map."""

from __future__ import annotations

import polars as pl

from vitalcore import charts
from vitalcore.briefing.context import BriefingContext
from vitalcore.briefing.model import Figure, Section, Table
from vitalcore.i18n import Locale


def _interval(loc: Locale, row: dict) -> str:
    if row.get("score_low") is None or row.get("score_high") is None:
        return "-"
    return f"{loc.number(row['score_low'], 3)} - {loc.number(row['score_high'], 3)}"


def _left_out(ctx: BriefingContext, frame: pl.DataFrame) -> list[str]:
    """The score's factors left out for want of data (analysis.vital_core.scope_notes),
    with counts suppressed as the audience requires."""
    if "note_codes" not in frame.columns or frame.is_empty():
        return []
    row = frame.row(0, named=True)
    voices, placed = row["voices_in_scope"], row.get("voices_placed") or 0
    return [ctx.loc.t(f"rank_notes.{code}", voices=ctx.audience.count(ctx.loc, voices),
                      unplaced=ctx.audience.count(ctx.loc, voices - placed)) + "."
            for code in row["note_codes"] or ()]


def build(ctx: BriefingContext) -> Section | None:
    loc, frame = ctx.loc, ctx.vital_core
    if frame.is_empty():
        return None
    k = ctx.audience.k
    rows = []
    for row in frame.iter_rows(named=True):
        weak = "*" if row["low_evidence"] else ""
        rows.append(
            (
                str(row["rank"]),
                loc.dimension(row["dimension"], capital=True) + weak,
                loc.number(row["score"], 3),
                _interval(loc, row),
                loc.percent(row["pervasiveness"]),
                loc.number(row["severity"], 1),
                ctx.audience.count(loc, row["voices"]),
            )
        )
    table = Table(
        headers=tuple(
            loc.t(f"columns.{c}")
            for c in ("rank", "threat", "score", "interval", "pervasiveness", "severity", "voices")
        ),
        rows=tuple(rows),
        note=" ".join([loc.t("vital_core.weak", k=k), *_left_out(ctx, frame)]),
    )
    bars = [
        {
            "dimension": r["dimension"],
            "label": loc.dimension(r["dimension"], capital=True),
            "score": round(r["score"], 4),
            **(
                {"low": r["score_low"], "high": r["score_high"]}
                if r.get("score_low") is not None
                else {}
            ),
        }
        for r in frame.iter_rows(named=True)
    ]
    chart = charts.vital_core_bars(
        bars, title=loc.t("vital_core.chart"), score_title=loc.t("columns.score")
    )
    figures = [
        Figure(caption=loc.t("vital_core.chart"), svg=charts.to_svg(chart, language=loc.language))
    ]
    if area_map := _map(ctx):
        figures.append(area_map)
    return Section(
        key="vital_core",
        title=loc.t("sections.vital_core"),
        paragraphs=(loc.t("vital_core.intro"),),
        tables=(table,),
        figures=tuple(figures),
    )


def _map(ctx: BriefingContext) -> Figure | None:
    """Each area's top threat at its centroid; the briefing's own area outlined."""
    tops = ctx.vital_core_all.filter((pl.col("rank") == 1) & (pl.col("area_pcode") != "ALL"))
    located = ctx.areas.filter(pl.col("lat").is_not_null() & pl.col("lon").is_not_null())
    joined = tops.join(located, left_on="area_pcode", right_on="pcode", how="inner")
    if joined.is_empty():
        return None
    points = [
        {
            "name": r["name"],
            "lat": r["lat"],
            "lon": r["lon"],
            "value": r["voices_in_scope"],
            "dimension": r["dimension"],
            "label": ctx.loc.dimension(r["dimension"], capital=True),
            "highlight": r["area_pcode"] == ctx.area,
        }
        for r in joined.iter_rows(named=True)
    ]
    labels = {d: ctx.loc.dimension(d, capital=True) for d in charts.dimension_colours()}
    spec = charts.area_map(
        points,
        title=ctx.loc.t("vital_core.map"),
        value_title=ctx.loc.t("vital_core.map_value"),
        labels=labels,
    )
    return Figure(
        caption=ctx.loc.t("vital_core.map"), svg=charts.to_svg(spec, language=ctx.loc.language)
    )
