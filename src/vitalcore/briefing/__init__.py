"""Briefings for decision-makers: the evidence as a document carried into the room.

    briefing = build_briefing(engine, area="ML0702", period="2026-Q3", language="fr")
    html = render_html(briefing)
    render_pdf(briefing, Path("briefing.pdf"))

Sections are built from the workflow's analyses (never computed here); words and
number formats come from locales/; charts are the dashboard's Vega-Lite specs drawn
to SVG offline.
"""

from vitalcore._lazy import lazy_exports

# Imported on first use: `vitalcore briefing --help` needs none of the analyses or
# WeasyPrint that building and rendering a briefing do.
_EXPORTS = {"build_briefing": "build", "Briefing": "model", "Section": "model",
            "Period": "period", "parse_period": "period", "render_html": "render",
            "render_pdf": "render"}

__all__ = [
    "Briefing", "Period", "Section", "build_briefing", "parse_period", "render_html",
    "render_pdf",
]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
