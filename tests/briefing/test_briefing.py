"""Briefings of the demo: every section, the computed top threats, consent, escaping."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest
from PIL import Image
from sqlalchemy import Engine
from typer.testing import CliRunner

from tests.briefing.conftest import HOSTILE_TEXT, poppler
from vitalcore import workflow
from vitalcore.briefing import Briefing, render_html, render_pdf
from vitalcore.briefing.model import Quote, Section, Table
from vitalcore.cli import app
from vitalcore.i18n import Locale

SECTIONS = ("summary", "vital_core", "alerts", "groups", "rumours", "chains", "mandate",
            "actions", "voices", "method")


def _top_threats(engine: Engine, area: str = "ALL", n: int = 3) -> list[str]:
    frame = workflow.rank_threats(engine).filter(pl.col("area_pcode") == area).sort("rank")
    return frame["dimension"].head(n).to_list()


def _pdf_text(pdf: Path) -> str:
    done = subprocess.run([poppler("pdftotext"), "-layout", str(pdf), "-"],
                          capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


@pytest.mark.parametrize("language", ["en", "fr"])
def test_pdf_holds_every_section_and_the_computed_top_threats(
    demo_engine: Engine, briefings: Callable[..., Briefing], tmp_path: Path, language: str
) -> None:
    briefing = briefings(language=language, synthetic=True)
    assert tuple(s.key for s in briefing.sections) == SECTIONS
    pdf = render_pdf(briefing, tmp_path / "briefing.pdf")
    text = _pdf_text(pdf)
    loc = Locale(language)
    for section in briefing.sections:
        assert section.title in text
    for dimension in _top_threats(demo_engine):
        assert loc.dimension(dimension, capital=True) in text
    pages = text.count(" / ") or text.count("/")
    assert pages >= 1 and "1/" in text.replace(" ", "")
    assert loc.t("synthetic") in text


def test_summary_states_figures_from_the_analysis(
    demo_engine: Engine, briefings: Callable[..., Briefing]
) -> None:
    briefing = briefings(area="ML0702", language="en")
    summary = briefing.section("summary").paragraphs[0]
    frame = workflow.rank_threats(demo_engine, area="ML0702").sort("rank")
    top = frame.row(0, named=True)
    assert f"placed {Locale('en').dimension(top['dimension'])} at the vital core" in summary
    assert f"score {top['score']:.2f}" in summary
    assert summary.count(". ") + 1 <= 5  # five sentences at most


def test_french_numbers_use_a_decimal_comma(
    demo_engine: Engine, briefings: Callable[..., Briefing]
) -> None:
    briefing = briefings(area="ML0702", language="fr")
    score_cells = [row[2] for row in briefing.section("vital_core").tables[0].rows]
    assert all("," in cell and "." not in cell for cell in score_cells)


def test_pages_show_the_charts(briefings: Callable[..., Briefing], tmp_path: Path) -> None:
    pdf = render_pdf(briefings(area="ML0702"), tmp_path / "b.pdf")
    subprocess.run([poppler("pdftoppm"), "-r", "50", "-png", str(pdf), str(tmp_path / "p")],
                   check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert pages
    # The bars and the map symbols are drawn in the dimension palette: strongly coloured
    # pixels, which text (black), rules (grey) and the page (white) never are.
    coloured = 0
    for page in pages:
        raw = Image.open(page).convert("RGB").tobytes()
        for i in range(0, len(raw), 3):
            r, g, b = raw[i], raw[i + 1], raw[i + 2]
            if max(r, g, b) - min(r, g, b) > 80:
                coloured += 1
    assert coloured > 2000


def test_user_text_is_escaped_in_html(
    demo_engine: Engine, briefings: Callable[..., Briefing]
) -> None:
    briefing = briefings(area="ML0702")
    hostile = replace(
        briefing,
        scope=HOSTILE_TEXT,
        sections=(*briefing.sections, Section(
            key="voices", title="t", paragraphs=(HOSTILE_TEXT,),
            tables=(Table(headers=("h",), rows=((HOSTILE_TEXT,),)),),
            quotes=(Quote(text=HOSTILE_TEXT, attribution=HOSTILE_TEXT),),
        )),
    )
    html = render_html(hostile)
    assert "<script>" not in html
    assert html.count("&lt;script&gt;") >= 5


def test_only_consenting_voices_are_quoted(
    demo_engine: Engine, briefings: Callable[..., Briefing]
) -> None:
    with demo_engine.connect() as conn:
        voices = pl.read_database(
            "SELECT id, consent_quote, consent_share FROM voices", conn
        ).with_columns(pl.col("consent_quote", "consent_share").cast(pl.Boolean))
    refused_quote = set(voices.filter(~pl.col("consent_quote"))["id"])
    refused_share = set(voices.filter(~pl.col("consent_share"))["id"])
    internal = briefings(synthetic=True).section("voices").quotes
    external = briefings(beyond_mission=True, synthetic=True).section("voices").quotes
    assert internal and external
    assert not {q.voice_id for q in internal} & refused_quote
    assert not {q.voice_id for q in external} & (refused_quote | refused_share)
    assert len({q.voice_id for q in internal}) == len(internal)


def test_small_counts_are_suppressed_beyond_the_mission(
    demo_engine: Engine, briefings: Callable[..., Briefing]
) -> None:
    frame = workflow.rank_threats(demo_engine, area="ML0702").sort("rank")
    small = frame.filter(pl.col("voices") < 5)
    assert small.height, "the demo area should have a thin cell to suppress"
    external = briefings(area="ML0702", beyond_mission=True)
    internal = briefings(area="ML0702")
    cells_out = [row[-1] for row in external.section("vital_core").tables[0].rows]
    cells_in = [row[-1] for row in internal.section("vital_core").tables[0].rows]
    assert cells_out.count("fewer than 5") == small.height
    assert "fewer than 5" not in cells_in


def test_cli_writes_html_and_pdf(demo_engine: Engine, tmp_path: Path) -> None:
    url = str(demo_engine.url)
    runner = CliRunner()
    for name in ("b.pdf",):
        out = tmp_path / name
        result = runner.invoke(app, ["briefing", "--db", url, "--area", "ML0702",
                                     "--lang", "fr", "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")
    assert "Le noyau vital" in _pdf_text(tmp_path / "b.pdf")


def test_cli_rejects_an_unreadable_period(demo_engine: Engine, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["briefing", "--db", str(demo_engine.url),
                                      "--period", "soon", "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert "cannot read period" in result.output


def test_an_arabic_briefing_reads_right_to_left_in_an_arabic_typeface(
    briefings: Callable[..., Briefing], tmp_path: Path
) -> None:
    briefing = briefings(area="ML0702", language="ar")
    html = render_html(briefing)
    assert '<html lang="ar" dir="rtl">' in html
    assert "النواة الحيوية" in html and "Vital core" not in html
    pdf = render_pdf(briefing, tmp_path / "ar.pdf")
    fonts = subprocess.run([poppler("pdffonts"), str(pdf)], capture_output=True, text=True,
                           check=True).stdout
    # Amiri from Debian's fonts-hosny-amiri (scripts/system-deps.sh); the shaped Arabic
    # text is set in it, not in a fallback without Arabic letters.
    assert "Amiri" in fonts, fonts
