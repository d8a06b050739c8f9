"""Rendering a voice's text from its drawn attributes: template, fillers, noise, PII.

All choices come from the voice's `pick` integer (drawn by numpy), so rendering is a
pure function of the batch row and the data files: same seed, same words.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cached_property

from vitalcore.simulate.config import LANGUAGES, SimData
from vitalcore.simulate.geography import Geography
from vitalcore.simulate.voices import GROUPS, Batch

_ARABIC = range(0x0600, 0x0700)
# Severity levels 1-5 -> the band of consequence sentences that may follow a threat
# without victims (templates: fillers.consequence); said two times in three.
SEVERITY_BANDS = {1: "low", 2: "low", 3: "mid", 4: "high", 5: "high"}
CONSEQUENCE_PERCENT = 67


def _is_arabic(name: str) -> bool:
    return any(ord(ch) in _ARABIC for ch in name)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class _Picker:
    """Successive small choices from one big random integer."""

    def __init__(self, value: int) -> None:
        self.value = int(value)

    def index(self, size: int) -> int:
        chosen = self.value % size
        self.value //= size
        if self.value == 0:  # replenish deterministically (a multiplicative hash)
            self.value = (chosen + 1) * 0x9E3779B97F4A7C15 % (1 << 61)
        return chosen

    def chance(self, percent: int) -> bool:
        return self.index(100) < percent

    def of(self, items: list[str]) -> str:
        return items[self.index(len(items))]


@dataclass(frozen=True)
class Renderer:
    """Turns batch rows into message texts."""

    data: SimData
    geo: Geography

    @cached_property
    def _place_names(self) -> dict[tuple[int, bool], list[str]]:
        """(area, arabic script?) -> the names a message in that script may use."""
        names = {}
        for i, a in enumerate(self.geo.areas):
            for arabic in (False, True):
                fitting = [n for n in (a.name, *a.alt_names) if _is_arabic(n) == arabic]
                names[i, arabic] = fitting or [a.name]
        return names

    def place(self, area: int, lang: str, picker: _Picker) -> str:
        return picker.of(self._place_names[int(area), lang == "ar"])

    @cached_property
    def _unique_places(self) -> list[str]:
        taken: dict[str, int] = {}
        for other in self.data.areas:
            for name in {_strip_accents(n).lower() for n in (other.name, *other.alt_names)}:
                taken[name] = taken.get(name, 0) + 1
        out = []
        for a in self.geo.areas:
            latin = [n for n in (a.name, *a.alt_names) if not _is_arabic(n)]
            unique = [n for n in latin if taken[_strip_accents(n).lower()] == 1]
            out.append((unique or [a.name])[0])
        return out

    def unique_place(self, area: int) -> str:
        """A Latin-script name of the area that no other area (of any level) bears.

        Structured place fields (a post's place, a caller's village) use it, so that a
        gazetteer lookup lands on this admin-2 area and not on a same-named region.
        """
        return self._unique_places[area]

    def phone(self, area: int, number: int) -> str:
        """A fake number: the country's reserved-looking block, e.g. +223 70 00 12 34.

        Numbers of 10,000 and more spill into the digit after the block ("70 01 ..") so
        that up to 100,000 reporters per country keep numbers of their own.
        """
        prefix = self.data.names["phone_prefix"][self.geo.areas[area].country]
        number %= 100_000
        return f"{prefix[:-1]}{number // 10_000} {number // 100 % 100:02d} {number % 100:02d}"

    def person(self, picker: _Picker) -> str:
        return f"{picker.of(self.data.names['first'])} {picker.of(self.data.names['family'])}"

    def reporter_name(self, reporter: int) -> str:
        """The invented name a reporter gives, the same every time they write."""
        return self.person(_Picker(reporter * 7919 + 1))

    def _noise(self, text: str, lang: str, picker: _Picker) -> str:
        abbreviations = self.data.templates[lang].get("abbreviations") or {}
        if abbreviations and picker.chance(60):
            words = text.split(" ")
            text = " ".join(str(abbreviations.get(w.lower(), w)) for w in words)
        if lang == "fr" and picker.chance(50):
            text = _strip_accents(text)
        if lang != "ar" and picker.chance(40):
            text = text.lower()
        chars = list(text)
        for _ in range(1 + picker.index(3)):
            if len(chars) < 4:
                break
            at = 1 + picker.index(len(chars) - 2)
            op = picker.index(3)
            if op == 0:
                del chars[at]  # a dropped letter
            elif op == 1:
                chars[at], chars[at + 1] = chars[at + 1], chars[at]  # swapped letters
            else:
                chars.insert(at, chars[at])  # a doubled letter
        return "".join(chars)

    def render(self, batch: Batch, i: int, *, prefix_key: str | None = None) -> str:
        """The text of row i of the batch."""
        lang = LANGUAGES[batch.language[i]]
        spec = self.data.templates[lang]
        fill = spec["fillers"]
        motif = self.data.motifs[batch.motif[i]]
        picker = _Picker(batch.pick[i])
        template = picker.of(spec["motifs"][motif.name])
        text = template.format(
            place=self.place(batch.area[i], lang, picker),
            n=int(batch.harmed[i]),
            actor=picker.of(fill["actor"]),
            forces=picker.of(fill["forces"]),
            when=picker.of(fill["when"]),
        )
        text = text[0].upper() + text[1:]
        if not motif.harm and motif.dimension and picker.chance(CONSEQUENCE_PERCENT):
            # Without victims to count, what the threat does to people carries its
            # severity: a few wordings per band of levels, never one word per level.
            band = SEVERITY_BANDS[int(batch.severity[i])]
            said = picker.of(fill["consequence"][motif.dimension][band])
            text = f"{text} {said}" if said else text
        if batch.rumour[i]:
            text = picker.of(fill["rumour_prefix"]) + text
        group = int(batch.group[i])
        if group >= 0 and not batch.group_in_template[i]:
            text += " " + picker.of(fill["group"][GROUPS[group]])
        if batch.code_switch[i]:
            word = picker.of(fill["code_switch"])
            text = f"{word}, {text}" if picker.chance(50) else f"{text} {word}"
        if batch.spelling[i]:
            text = self._noise(text, lang, picker)
        if batch.pii[i]:
            sentence = picker.of(fill["pii"])
            text += " " + sentence.format(name=self.person(picker),
                                          phone=self.phone(batch.area[i], picker.index(10_000)))
        if prefix_key:
            text = picker.of(fill[prefix_key]) + text
        return text

    def solution(self, batch: Batch, i: int) -> str:
        """A proposed solution in the voice's language, for its motif's dimension."""
        lang = LANGUAGES[batch.language[i]]
        motif = self.data.motifs[batch.motif[i]]
        if motif.dimension is None:
            return ""
        options = self.data.templates[lang]["fillers"]["solution"][motif.dimension]
        return options[int(batch.pick[i]) % len(options)]
