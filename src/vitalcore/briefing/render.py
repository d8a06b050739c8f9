"""Draw a Briefing as HTML, and as PDF from that HTML with WeasyPrint.

WeasyPrint lays out with Debian's Pango and needs neither a browser nor a network;
charts arrive as SVG and are embedded as data: images, so nothing in them can run.
"""

from __future__ import annotations

import base64
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from vitalcore.briefing.model import Briefing
from vitalcore.i18n import RIGHT_TO_LEFT


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("vitalcore.briefing", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    env.filters["svg_data_uri"] = lambda svg: (
        "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    )
    return env


def render_html(briefing: Briefing) -> str:
    """The briefing as one self-contained HTML document (styles and charts inline)."""
    css = resources.files(__package__).joinpath("templates", "briefing.css").read_text("utf-8")
    return _environment().get_template("briefing.html.j2").render(b=briefing, css=css,
                                                                 rtl=RIGHT_TO_LEFT)


def render_pdf(briefing: Briefing, out: Path) -> Path:
    """Write the briefing as PDF to `out`, with page numbers, date and data version."""
    try:
        from weasyprint import HTML
    except ImportError as err:  # pragma: no cover - weasyprint is a core dependency
        raise RuntimeError("PDF briefings need WeasyPrint: pip install weasyprint") from err
    HTML(string=render_html(briefing)).write_pdf(out)
    return out
