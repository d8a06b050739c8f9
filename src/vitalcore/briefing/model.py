"""What a briefing holds, independent of how it is drawn (HTML, PDF).

Every string here is already localised and every figure already formatted, so the
template only lays things out; it never decides what a number means.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str | None = None


@dataclass(frozen=True)
class Figure:
    caption: str
    svg: str


@dataclass(frozen=True)
class Quote:
    text: str
    attribution: str
    voice_id: str = ""  # for tracing back in the store; not printed


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class Briefing:
    language: str
    title: str
    subtitle: str
    scope: str
    period: str
    generated: str
    data_version: str
    model_version: str
    audience_note: str
    synthetic_note: str | None
    meta: tuple[tuple[str, str], ...] = ()  # (label, value) pairs for the cover
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def section(self, key: str) -> Section:
        """The section with this key (KeyError when the briefing has none)."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)
