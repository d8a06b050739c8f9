"""Gazetteer: areas with P-codes and names in several languages; resolves place names.

Import format (OCHA common operational dataset style), one row per area:
pcode, name, country, admin_level, parent_pcode, alt_names (separated by |), lat, lon
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from vitalcore.classify.text import clean, fold
from vitalcore.domain import Area


def read_gazetteer(path: Path) -> list[Area]:
    """Areas from a gazetteer CSV; a bad row raises an error naming file, row and field."""
    areas = []
    with path.open(newline="", encoding="utf-8-sig") as fh:
        for row_number, row in enumerate(csv.DictReader(fh), start=1):
            try:
                areas.append(Area(
                    pcode=row["pcode"].strip().upper(),
                    name=row["name"].strip(),
                    country=row["country"].strip().upper(),
                    admin_level=int(row.get("admin_level") or 1),
                    parent_pcode=(row.get("parent_pcode") or "").strip().upper() or None,
                    alt_names=tuple(n.strip() for n in (row.get("alt_names") or "").split("|")
                                    if n.strip()),
                    lat=float(row["lat"]) if row.get("lat") else None,
                    lon=float(row["lon"]) if row.get("lon") else None,
                ))
            except (KeyError, ValueError) as err:
                raise ValueError(f"{path.name}, row {row_number}: {err}") from None
    return areas


class Gazetteer:
    """Looks up areas by any of their names, ignoring case and accents."""

    def __init__(self, areas: Iterable[Area]) -> None:
        self._by_name: dict[str, str] = {}
        for area in areas:
            for name in (area.name, *area.alt_names, area.pcode):
                self._by_name.setdefault(fold(name), area.pcode)

    def resolve(self, place: str) -> str | None:
        """P-code of the area called `place`, or None when no area has that name."""
        return self._by_name.get(fold(place))


# --- place mentions in text -------------------------------------------------------------

# Fuzzy matches below this rapidfuzz ratio (0-100) are not trusted: "Gao" must not become
# "Goa". Names shorter than FUZZY_MIN_LENGTH are matched exactly only.
FUZZY_CUTOFF = 88
FUZZY_MIN_LENGTH = 5
EARTH_RADIUS_KM = 6371.0


class PlaceMatcher:
    """Finds area names in cleaned texts (exactly, then fuzzily) and resolves coordinates.

    Disambiguation when one name fits several areas: an area whose parent is also named
    in the text wins, then an area of the deployment's country, then the finest level.
    """

    def __init__(self, areas: Iterable[Area], *, country: str | None = None) -> None:
        import ahocorasick

        self.areas = {a.pcode: a for a in areas}
        self.country = country.upper() if country else None
        self._by_name: dict[str, list[str]] = {}
        for area in self.areas.values():
            for name in (area.name, *area.alt_names):
                key = clean(name)
                if len(key) >= 3:
                    self._by_name.setdefault(key, []).append(area.pcode)
        self._automaton = ahocorasick.Automaton()
        for key in self._by_name:
            self._automaton.add_word(f" {key} ", key)
        if self._by_name:
            self._automaton.make_automaton()
        self._fuzzy_names = [k for k in self._by_name if len(k) >= FUZZY_MIN_LENGTH]
        located = [a for a in self.areas.values() if a.lat is not None and a.lon is not None]
        self._located = located
        self._coords = np.radians([[a.lat, a.lon] for a in located]) if located else None

    def mentions(self, doc: str) -> list[str]:
        """Area names (cleaned) mentioned in one cleaned document, exactly or fuzzily."""
        if not self._by_name:
            return []
        found = [key for _, key in self._automaton.iter(doc)]
        if not found and self._fuzzy_names:
            from rapidfuzz import fuzz, process

            words = doc.split()
            candidates = [w for w in words if len(w) >= FUZZY_MIN_LENGTH]
            candidates += [" ".join(p) for p in zip(words, words[1:], strict=False)
                           if len(p[0]) + len(p[1]) >= FUZZY_MIN_LENGTH]
            for candidate in candidates:
                match = process.extractOne(candidate, self._fuzzy_names, scorer=fuzz.ratio,
                                           score_cutoff=FUZZY_CUTOFF)
                if match:
                    found.append(match[0])
        return found

    def resolve_mentions(self, names: list[str]) -> str | None:
        """The one area the mentioned names point at, or None."""
        if not names:
            return None
        mentioned = {p for n in names for p in self._by_name[n]}

        def rank(pcode: str) -> tuple:
            area = self.areas[pcode]
            return (area.parent_pcode in mentioned, area.country == self.country,
                    area.admin_level, -names.index(next(
                        n for n in names if pcode in self._by_name[n])))

        return max(mentioned, key=rank)

    def find_batch(self, docs: list[str]) -> list[str | None]:
        """Area per cleaned document (text.clean_batch / LexiconMatcher.scan output)."""
        return [self.resolve_mentions(self.mentions(doc)) for doc in docs]

    def nearest(self, lat: float, lon: float, *, max_km: float = 50.0) -> str | None:
        """The finest-level area whose centroid is nearest (haversine), within max_km."""
        if self._coords is None:
            return None
        here = np.radians([lat, lon])
        d = np.sin((self._coords[:, 0] - here[0]) / 2) ** 2 + np.cos(here[0]) * np.cos(
            self._coords[:, 0]) * np.sin((self._coords[:, 1] - here[1]) / 2) ** 2
        km = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(d))
        levels = np.asarray([a.admin_level for a in self._located])
        order = np.lexsort((km, -levels))
        for i in order:
            if km[i] <= max_km:
                return self._located[i].pcode
        return None

    def resolve(self, *, lat: float | None = None, lon: float | None = None,
                place_name: str | None = None, text: str | None = None) -> str | None:
        """Coordinates win over a place field, which wins over names in the text."""
        if lat is not None and lon is not None:
            pcode = self.nearest(lat, lon)
            if pcode:
                return pcode
        if place_name:
            key = clean(place_name)
            if key in self._by_name:
                return self.resolve_mentions([key])
            pcode = self.resolve_mentions(self.mentions(f" {key} "))
            if pcode:
                return pcode
        if text:
            return self.resolve_mentions(self.mentions(f" {clean(text)} "))
        return None
