"""vitalcore briefing: the evidence as an HTML or PDF document for decision-makers."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from vitalcore import workflow
from vitalcore.briefing.period import HELP as PERIOD_HELP
from vitalcore.cli.common import AreaOption, DbOption, console, example, fail
from vitalcore.config import load_settings
from vitalcore.i18n import LANGUAGES

app = typer.Typer()


class Format(StrEnum):
    HTML = "html"
    PDF = "pdf"


@app.command(epilog=example(
    "vitalcore briefing --area ML0702 --period 2026-Q3 --lang fr --format pdf --out gao.pdf",
    "vitalcore briefing --period 2026-09 --out all-areas.html --beyond-mission",
    "vitalcore briefing --db vitalcore-demo.db",
))
def briefing(
    out: Annotated[Path | None, typer.Option(
        help="File to write (.html or .pdf); default: vitalcore-briefing.html (or .pdf with "
        "--format pdf).", show_default=False)] = None,
    area: AreaOption = None,
    period: Annotated[str, typer.Option(help=f"Reporting period: {PERIOD_HELP}.")] = "all",
    lang: Annotated[str, typer.Option(help=f"Language: {', '.join(LANGUAGES)}.")] = "en",
    format: Annotated[Format | None, typer.Option(  # noqa: A002 - the issue's option name
        "--format", help="html or pdf; default: from the suffix of --out.")] = None,
    beyond_mission: Annotated[bool, typer.Option(
        help="For readers outside the mission: quote only voices with consent to share "
        "and suppress counts below k.")] = False,
    synthetic: Annotated[bool, typer.Option(
        help="Mark every page as synthetic demonstration data.")] = False,
    db: DbOption = None,
) -> None:
    """Write a briefing: summary, vital core with intervals, voices, method and coverage.

    Figures come from the same analyses as the dashboard; charts and the map are drawn
    offline. Voices are quoted only with their reporters' consent.
    """
    from vitalcore.briefing import build_briefing, render_html, render_pdf  # WeasyPrint: here

    if out is None:
        out = Path(f"vitalcore-briefing.{(format or Format.HTML).value}")
    chosen = format or (Format.PDF if out.suffix.lower() == ".pdf" else Format.HTML)
    settings = load_settings(db)
    engine = workflow.open_existing(db)
    try:
        document = build_briefing(
            engine, area=area, period=period, language=lang, beyond_mission=beyond_mission,
            k=settings.min_cell_count, synthetic=synthetic or workflow.is_synthetic(engine),
        )
    except ValueError as err:
        raise fail(str(err)) from None
    with console.status("rendering briefing"):
        if chosen is Format.PDF:
            render_pdf(document, out)
        else:
            out.write_text(render_html(document), encoding="utf-8")
    console.print(f"briefing written to {out} ({len(document.sections)} sections)")
