"""Render Vega-Lite specs to SVG without a browser or a network."""

from __future__ import annotations

from typing import Any

_FORMAT_LOCALES = {"en": "en-GB", "fr": "fr-FR"}


def to_svg(spec: dict[str, Any], *, language: str = "en") -> str:
    """The spec drawn as an SVG document (text), numbers and dates in `language`."""
    try:
        import vl_convert
    except ImportError as err:  # pragma: no cover - the dependency ships with vitalcore
        raise RuntimeError(
            "rendering charts needs vl-convert-python: pip install 'vl-convert-python'"
        ) from err
    locale = _FORMAT_LOCALES.get(language, "en-GB")
    return vl_convert.vegalite_to_svg(spec, format_locale=locale, time_format_locale=locale)
