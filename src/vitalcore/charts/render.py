"""Render Vega-Lite specs to SVG without a browser or a network."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

_FORMAT_LOCALES = {"en": "en-GB", "fr": "fr-FR"}


def to_svg(spec: dict[str, Any], *, language: str = "en") -> str:
    """The spec drawn as an SVG document (text), numbers and dates in `language`.

    Drawing takes tens of milliseconds; a dashboard page draws the same chart for every
    visitor until the data changes, so the last drawings are kept by their spec's text.
    """
    locale = _FORMAT_LOCALES.get(language, "en-GB")
    try:
        text = json.dumps(spec, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError):  # not plain JSON: draw it, keep nothing
        return _draw(spec, locale)
    return _draw_cached(text, locale)


@lru_cache(maxsize=128)
def _draw_cached(text: str, locale: str) -> str:
    return _draw(json.loads(text), locale)


def _draw(spec: dict[str, Any], locale: str) -> str:
    try:
        import vl_convert
    except ImportError as err:  # pragma: no cover - the dependency ships with vitalcore
        raise RuntimeError(
            "rendering charts needs vl-convert-python: pip install 'vl-convert-python'"
        ) from err
    return vl_convert.vegalite_to_svg(spec, format_locale=locale, time_format_locale=locale)
