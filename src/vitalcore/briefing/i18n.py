"""The briefing's words and the formatting of its numbers and dates, per language.

Words live in locales/<lang>.yaml; numbers, percentages and dates are formatted by
Babel with the CLDR conventions of the language (1,234.5 in English, 1 234,5 in French).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

import yaml
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

LANGUAGES = ("en", "fr")


@cache
def _words(language: str) -> dict[str, Any]:
    if language not in LANGUAGES:
        raise ValueError(f"no briefing language {language!r}; choose from {', '.join(LANGUAGES)}")
    path = resources.files(__package__).joinpath("locales", f"{language}.yaml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Locale:
    """Words and number formats of one language."""

    language: str

    def t(self, key: str, **values: object) -> str:
        """The text at a dotted key ('summary.heard'), with its placeholders filled."""
        node: Any = _words(self.language)
        for part in key.split("."):
            node = node[part]
        return str(node).format(**values) if values else str(node)

    def number(self, value: float, digits: int = 0) -> str:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.language)

    def percent(self, value: float) -> str:
        return format_percent(value, format="#,##0 %", locale=self.language)

    def date(self, value: date | datetime) -> str:
        return format_date(value, format="long", locale=self.language)

    def dimension(self, name: str, *, capital: bool = False) -> str:
        text = self.t(f"dimensions.{name}")
        return text[:1].upper() + text[1:] if capital else text

    def channel(self, name: str) -> str:
        words = _words(self.language)["channels"]
        return words.get(name, name)

    def join(self, items: list[str]) -> str:
        """'a, b and c' / 'a, b et c'."""
        conjunction = {"en": "and", "fr": "et"}[self.language]
        if len(items) < 2:
            return "".join(items)
        return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
