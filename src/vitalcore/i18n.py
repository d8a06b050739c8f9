"""Words and number formats of every output, per language.

Words live in reviewed YAML catalogues, locales/<catalogue>/<lang>.yaml, with the
words every output shares (dimensions, channels, groups) in locales/common/. Numbers,
percentages and dates are formatted by Babel with the CLDR conventions of the language
(1,234.5 in English, 1 234,5 in French; in Arabic the digits and separators CLDR gives
"ar" by default, so a deployment that prefers other digits changes the locale, not code).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from importlib import resources
from typing import Any

LANGUAGES = ("en", "fr", "ar")
# Written right to left: pages and briefings in these set dir="rtl".
RIGHT_TO_LEFT = frozenset({"ar"})


@cache
def _words(catalogue: str, language: str) -> dict[str, Any]:
    if language not in LANGUAGES:
        raise ValueError(f"no language {language!r}; choose from {', '.join(LANGUAGES)}")
    from vitalcore import yamldata  # YAML where words are read: not for LANGUAGES (CLI help)

    path = resources.files(__package__).joinpath("locales", catalogue, f"{language}.yaml")
    return yamldata.safe_load(path.read_text(encoding="utf-8")) or {}


def _lookup(node: Any, key: str) -> Any:
    for part in key.split("."):
        node = node[part]
    return node


@dataclass(frozen=True)
class Locale:
    """Words of one catalogue (and the common words) and number formats of one language."""

    language: str
    catalogue: str = "briefing"

    def t(self, key: str, **values: object) -> str:
        """The text at a dotted key ('summary.heard'), with its placeholders filled."""
        try:
            node = _lookup(_words(self.catalogue, self.language), key)
        except KeyError:
            node = _lookup(_words("common", self.language), key)
        return str(node).format(**values) if values else str(node)

    def number(self, value: float, digits: int = 0) -> str:
        # Babel where a number is formatted (the briefing, pages), not at every command's start
        from babel.numbers import format_decimal

        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.language)

    def percent(self, value: float) -> str:
        from babel.numbers import format_percent

        return format_percent(value, format="#,##0 %", locale=self.language)

    def date(self, value: date | datetime, *, style: str = "long") -> str:
        return _format_date(value, style, self.language)

    def dimension(self, name: str, *, capital: bool = False) -> str:
        """The label form ('Food security') with `capital`, else the form for sentences."""
        return self.t(f"dimension_names.{name}" if capital else f"dimensions.{name}")

    def dimension_name(self, name: str) -> str:
        """The label form, as a one-argument function (menus, table headers)."""
        return self.dimension(name, capital=True)

    def channel(self, name: str) -> str:
        return _words("common", self.language)["channels"].get(name, name)

    def country(self, name: str) -> str:
        """A country's name in this language, from its Natural Earth name (the base map)."""
        return _words("common", self.language).get("countries", {}).get(name, name)

    def group(self, name: str) -> str:
        return _words("common", self.language).get("groups", {}).get(name, name)

    def join(self, items: list[str]) -> str:
        """'a, b and c' / 'a, b et c'."""
        if len(items) < 2:
            return "".join(items)
        if self.language == "ar":  # "أ، ب وج": the Arabic comma, "و" joined to the last
            return f"{'، '.join(items[:-1])} و{items[-1]}"
        conjunction = {"en": "and", "fr": "et"}[self.language]
        return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"

    @property
    def direction(self) -> str:
        """'rtl' for a language written right to left, else 'ltr' (the dir attribute)."""
        return "rtl" if self.language in RIGHT_TO_LEFT else "ltr"


@lru_cache(maxsize=4096)
def _format_date(value: date | datetime, style: str, language: str) -> str:
    # Babel parses the locale's pattern on every call (about 0.1 ms); a page lists the
    # same few hundred days over and over (the map's spread paths: 19 % of its render
    # at a million voices), so the formatted days are kept.
    from babel.dates import format_date

    return format_date(value, format=style, locale=language)
