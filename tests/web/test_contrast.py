"""WCAG 2.1 AA contrast of the dashboard's colours, computed from its CSS and chart specs.

Text needs 4.5:1 against what it sits on (3:1 when large: 24px, or 18.66px bold);
lines and marks that carry meaning need 3:1 (WCAG 1.4.11). Ratios use the WCAG
relative-luminance formula: https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio.

Which background a rule's text sits on is read from the CSS itself: the rule's own
background, else that of the rule its selector descends from (".top a" sits on ".top"),
else the page's. Text that inherits the page background can also appear on the light
bands (.filters, .label), so it is checked on those too.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from vitalcore.charts import specs

CSS = Path(str(resources.files("vitalcore.web").joinpath("static", "dashboard.css")))
GRAPH = Path(str(resources.files("vitalcore.web").joinpath("templates", "_graph.svg")))
BASE_FONT_PX = 16  # body { font: 16px ... }


def luminance(hex_colour: str) -> float:
    """Relative luminance of an sRGB colour (#rgb or #rrggbb)."""
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def parse_css(text: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """(custom properties of :root, {selector: declarations}) with var() resolved."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    rules: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        declarations = {}
        for part in body.split(";"):
            if ":" in part:
                name, value = part.split(":", 1)
                declarations[name.strip()] = value.strip()
        for selector in selectors.split(","):
            rules.setdefault(" ".join(selector.split()), {}).update(declarations)
    variables = {k: v for k, v in rules.pop(":root", {}).items() if k.startswith("--")}

    def resolve(value: str) -> str:
        return re.sub(r"var\((--[\w-]+)\)", lambda m: variables[m.group(1)], value)

    return variables, {s: {k: resolve(v) for k, v in d.items()} for s, d in rules.items()}


def colour_of(value: str | None) -> str | None:
    """The hex colour in a color/background value, if any."""
    if not value:
        return None
    found = re.search(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b", value)
    return found.group(0) if found else None


def background_of(selector: str, rules: dict[str, dict[str, str]]) -> str:
    """The rule's own background, else its ancestor rule's, else the body's."""
    parts = selector.split(" ")
    for n in range(len(parts), 0, -1):
        candidate = " ".join(parts[:n])
        declared = rules.get(candidate, {})
        own = colour_of(declared.get("background") or declared.get("background-color"))
        if own:
            return own
    return colour_of(rules["body"].get("background")) or "#ffffff"


def is_large(declarations: dict[str, str]) -> bool:
    size = re.match(r"([\d.]+)em", declarations.get("font-size", ""))
    px = float(size.group(1)) * BASE_FONT_PX if size else BASE_FONT_PX
    bold = declarations.get("font-weight") == "bold"
    return px >= 24 or (bold and px >= 18.66)


def text_pairs() -> list[tuple[str, str, str, float]]:
    """(selector, text colour, background, required ratio) for every text colour set."""
    _, rules = parse_css(CSS.read_text(encoding="utf-8"))
    light_bands = {colour_of(d.get("background")) for s, d in rules.items()
                   if s in (".filters", ".label")}
    pairs = []
    for selector, declarations in rules.items():
        ink = colour_of(declarations.get("color"))
        if ink is None:
            # e.g. button[disabled]: a new background under the inherited button text
            base = re.sub(r"\[.*?\]|:[\w-]+", "", selector)
            if base != selector and colour_of(declarations.get("background")):
                ink = colour_of(rules.get(base, {}).get("color"))
            if ink is None:
                continue
        need = 3.0 if is_large(declarations) else 4.5
        background = background_of(selector, rules)
        pairs.append((selector, ink, background, need))
        if background == colour_of(rules["body"]["background"]):
            pairs += [(f"{selector} (on {band})", ink, band, need) for band in light_bands]
    return pairs


def test_the_formula_gives_the_known_ratios() -> None:
    # Black on white is 21:1, a colour on itself 1:1, and #767676 on white the
    # well-known lightest grey that still passes AA (4.54:1).
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#abcdef", "#abcdef") == pytest.approx(1.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#777777", "#ffffff") < 4.5


def test_the_css_parser_sees_the_pairs_the_page_uses() -> None:
    pairs = {s: (ink, bg) for s, ink, bg, _ in text_pairs()}
    _, rules = parse_css(CSS.read_text(encoding="utf-8"))
    bar = colour_of(rules[".top"]["background"])
    assert pairs[".top a"][1] == bar  # links in the top bar sit on the bar, not on white
    assert pairs["body"] == (colour_of(rules["body"]["color"]), "#ffffff")
    assert "button[disabled]" in pairs
    assert len(pairs) >= 15


@pytest.mark.parametrize(("selector", "ink", "background", "need"), text_pairs(),
                         ids=lambda v: v if isinstance(v, str) else None)
def test_text_colours_pass_wcag_aa(selector: str, ink: str, background: str,
                                   need: float) -> None:
    ratio = contrast(ink, background)
    assert ratio >= need, f"{selector}: {ink} on {background} is {ratio:.2f}:1 < {need}"


def test_the_focus_ring_is_visible_on_every_background() -> None:
    # The ring is two colours (outline and a shadow beyond it) so that one of them
    # stands out wherever focus lands: on white, on the bands and on the dark top bar.
    variables, rules = parse_css(CSS.read_text(encoding="utf-8"))
    backgrounds = {"#ffffff", variables["--band"], variables["--bar"]}
    ring = [variables["--focus"], variables["--ink"]]
    for background in backgrounds:
        assert max(contrast(c, background) for c in ring) >= 3.0, background


def test_chart_text_and_marks_pass_wcag_aa() -> None:
    # Text drawn in charts and the graph (labels, counts) on their white background;
    # lines and rules that carry meaning at 3:1. The dimension palette fills bars and
    # symbols whose values are also written out in a table beside every chart.
    source = Path(specs.__file__).read_text(encoding="utf-8")
    text_marks = re.findall(r'"type": "text"[^}]*"color": "(#[0-9a-fA-F]{6})"', source)
    line_marks = re.findall(r'"type": "(?:rule|line)"[^}]*"color": "(#[0-9a-fA-F]{6})"',
                            source)
    graph = GRAPH.read_text(encoding="utf-8")
    graph_text = re.findall(r'<text[^>]*fill="(#[0-9a-fA-F]{6})"', graph)
    graph_lines = re.findall(r'<line[^>]*stroke="(#[0-9a-fA-F]{6})"', graph)
    assert text_marks and line_marks and graph_text and graph_lines
    for ink in text_marks + graph_text:
        assert contrast(ink, "#ffffff") >= 4.5, ink
    for stroke in line_marks + graph_lines:
        assert contrast(stroke, "#ffffff") >= 3.0, stroke
