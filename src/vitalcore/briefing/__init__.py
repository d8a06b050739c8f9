"""Briefings for decision-makers: the evidence as a document carried into the room.

    briefing = build_briefing(engine, area="ML0702", period="2026-Q3", language="fr")
    html = render_html(briefing)
    render_pdf(briefing, Path("briefing.pdf"))

Sections are built from the workflow's analyses (never computed here); words and
number formats come from locales/; charts are the dashboard's Vega-Lite specs drawn
to SVG offline.
"""

from vitalcore.briefing.build import build_briefing
from vitalcore.briefing.model import Briefing, Section
from vitalcore.briefing.period import Period, parse_period
from vitalcore.briefing.render import render_html, render_pdf

__all__ = [
    "Briefing", "Period", "Section", "build_briefing", "parse_period", "render_html",
    "render_pdf",
]
