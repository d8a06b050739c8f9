"""Gazetteer: areas with P-codes and names in several languages; resolves place names.

Import format (OCHA common operational dataset style), one row per area:
pcode, name, country, admin_level, parent_pcode, alt_names (separated by |), lat, lon
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np

from vitalcore.classify.hierarchy import AreaHierarchy
from vitalcore.classify.text import clean, fold
from vitalcore.domain import Area, Classification


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
    """Resolves a place field (a P-code or a name) to one area of the gazetteer.

    A P-code (any case) is taken as it is; a name is matched ignoring case and accents,
    against every alternate name, then fuzzily within FUZZY_CUTOFF ("Tilabery" for
    "Tillaberi"), then part by part ("Ansongo, Gao"): the rule of PlaceMatcher, so a
    name given in a column and the same name in a text go to the same area.
    """

    def __init__(self, areas: Iterable[Area], *, country: str | None = None,
                 fallback: Iterable[Area] = ()) -> None:
        areas, fallback = list(areas), list(fallback)
        self._pcodes = {fold(a.pcode): a.pcode for a in (*fallback, *areas)}
        self._matcher = PlaceMatcher(areas, country=country, fallback=fallback) \
            if areas or fallback else None
        self._seen: dict[str, str | None] = {}  # a file repeats its few place names

    def resolve(self, place: str) -> str | None:
        """P-code of the area called `place`, or None when no area has that name."""
        if not place or not place.strip():
            return None
        key = fold(place)
        if key not in self._seen:
            pcode = self._pcodes.get(key)
            if pcode is None and self._matcher is not None:
                pcode = self._matcher.resolve(place_name=place)
            self._seen[key] = pcode
        return self._seen[key]


# --- the packaged gazetteer --------------------------------------------------------------

GAZETTEERS = "gazetteers"  # package folder: sahel.csv, common_words.txt, SOURCES.md


def _packaged(name: str) -> Path:
    from importlib import resources

    return Path(str(resources.files("vitalcore.classify").joinpath(GAZETTEERS, name)))


@cache
def packaged_areas() -> tuple[Area, ...]:
    """The Sahel and Central African Republic gazetteer shipped with vitalcore
    (scripts/build_gazetteer.py; GeoNames and ISO 3166 names, demo P-codes kept)."""
    path = _packaged("sahel.csv")
    return tuple(read_gazetteer(path)) if path.is_file() else ()


@cache
def common_words() -> frozenset[str]:
    """Place names that are everyday words ("est", "say"): never matched in free text."""
    path = _packaged("common_words.txt")
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(clean(w) for w in lines if w.strip() and not w.startswith("#"))


# --- place mentions in text -------------------------------------------------------------

# Fuzzy matches below this rapidfuzz ratio (0-100) are not trusted: "Gao" must not become
# "Goa". Names shorter than FUZZY_MIN_LENGTH are matched exactly only.
FUZZY_CUTOFF = 88
FUZZY_MIN_LENGTH = 5
EARTH_RADIUS_KM = 6371.0


class PlaceMatcher:
    """Finds area names in cleaned texts (exactly, then fuzzily) and resolves coordinates.

    Disambiguation when one name fits several areas: an area whose parent is also named
    in the text wins, then one of the store's own areas, then an area of the
    deployment's country, then one of the country the gazetteer knows best (most
    areas: a focus country of the packaged gazetteer over a neighbour, so "Niger" is
    the country, not Nigeria's Niger State), then the finest level.

    `fallback` areas (the packaged gazetteer) are known too, but lose every name one of
    `areas` (the store's own) bears, and a P-code the store holds is the store's: a
    mission's gazetteer decides. In free text, names that are everyday words
    (common_words: "est", "say") are not matched, and only regions and cercles
    (admin level 2 or coarser) are matched fuzzily: towns by their exact names.
    """

    def __init__(self, areas: Iterable[Area], *, country: str | None = None,
                 fallback: Iterable[Area] = ()) -> None:
        import ahocorasick

        self.areas = {a.pcode: a for a in areas}
        own = set(self.areas)
        for area in fallback:
            self.areas.setdefault(area.pcode, area)
        self.country = country.upper() if country else None
        self._own = own
        self._country_size = Counter(a.country for a in self.areas.values())
        self._by_name: dict[str, list[str]] = {}
        fuzzy: set[str] = set()  # names of regions and cercles, for a place field
        text_fuzzy: set[str] = set()  # of the store's own ones, for free text
        for area in sorted(self.areas.values(), key=lambda a: a.pcode not in own):
            for name in (area.name, *area.alt_names):
                key = clean(name)
                if len(key) < 3:
                    continue
                holders = self._by_name.setdefault(key, [])
                if area.pcode not in own and any(p in own for p in holders):
                    continue  # the store's own area bears this name
                if area.pcode not in holders:
                    holders.append(area.pcode)
                if area.admin_level <= 2:
                    fuzzy.add(key)
                    if area.pcode in own or not own:
                        text_fuzzy.add(key)
        words = common_words()
        self._automaton = ahocorasick.Automaton()
        for key in self._by_name:
            if key not in words:
                self._automaton.add_word(f" {key} ", key)
        if len(self._automaton):
            self._automaton.make_automaton()
        # Free text is compared fuzzily with the store's own regions and cercles only
        # (the packaged ones when it has none): every word of every text is a candidate,
        # and the packaged names would cost a tenth of the classifier's throughput.
        self._fuzzy_names = sorted(k for k in text_fuzzy
                                   if len(k) >= FUZZY_MIN_LENGTH and k not in words)
        self._field_fuzzy = sorted(k for k in fuzzy if len(k) >= FUZZY_MIN_LENGTH)
        self._fuzzy_cache: dict[str, str | None] = {}
        # Coordinates place a voice in the store's own areas (the packaged ones only
        # when the store has none): a packaged town must not outbid a mission's cercle.
        located = [a for a in self.areas.values() if a.lat is not None and a.lon is not None
                   and (a.pcode in own or not own)]
        self._located = located
        self._coords = np.radians([[a.lat, a.lon] for a in located]) if located else None

    @cached_property
    def hierarchy(self) -> AreaHierarchy:
        """Parents and countries of the matcher's areas (for conflicts and roll-up)."""
        return AreaHierarchy(self.areas.values())

    def mentions(self, doc: str) -> list[str]:
        """Area names (cleaned) mentioned in one cleaned document, exactly or fuzzily."""
        return self.mentions_batch([doc])[0]

    def mentions_batch(self, docs: list[str]) -> list[list[str]]:
        """Names per document: exact matches, else fuzzy ones ("Leyogan" for "Leogane").

        Fuzzy candidates (words and word pairs) of the whole batch are compared with
        every name in one rapidfuzz cdist call, and remembered across batches.
        """
        if not len(self._automaton):
            return [[] for _ in docs]
        found = [[key for _, key in self._automaton.iter(doc)] for doc in docs]
        if not self._fuzzy_names:
            return found
        wanted: dict[int, list[str]] = {}
        for i, doc in enumerate(docs):
            if not found[i]:
                words = doc.split()
                wanted[i] = [w for w in words if len(w) >= FUZZY_MIN_LENGTH] + [
                    f"{a} {b}" for a, b in zip(words, words[1:], strict=False)
                    if len(a) + len(b) >= FUZZY_MIN_LENGTH]
        new = sorted({c for cs in wanted.values() for c in cs} - self._fuzzy_cache.keys())
        if new:
            from rapidfuzz import fuzz, process

            scores = process.cdist(new, self._fuzzy_names, scorer=fuzz.ratio,
                                   score_cutoff=FUZZY_CUTOFF, dtype=np.uint8)
            best = scores.argmax(axis=1)
            for k, candidate in enumerate(new):
                hit = scores[k, best[k]] >= FUZZY_CUTOFF
                self._fuzzy_cache[candidate] = self._fuzzy_names[best[k]] if hit else None
        for i, candidates in wanted.items():
            found[i] = [m for c in candidates if (m := self._fuzzy_cache[c])]
        return found

    def resolve_mentions(self, names: list[str]) -> str | None:
        """The one area the mentioned names point at, or None.

        A name inside a longer name also found ("mopti" in "region de mopti") is not a
        mention of its own. A name several areas bear (Gao the region, Gao the cercle)
        goes to the finest of them unless the text names its parent too or a qualified
        alternate name ("Région de Mopti") picks the coarser: the place a voice names
        is a town, which lies in the cercle, which lies in the region, so the finest
        area is right at every level it is rolled up to.
        """
        if not names:
            return None
        padded = [f" {n} " for n in names]
        names = [n for n, p in zip(names, padded, strict=True)
                 if not any(p in q and p != q for q in padded)]
        mentioned = {p for n in names for p in self._by_name[n]}

        def rank(pcode: str) -> tuple:
            area = self.areas[pcode]
            return (area.parent_pcode in mentioned, pcode in self._own,
                    area.country == self.country, self._country_size[area.country],
                    area.admin_level, -names.index(next(
                        n for n in names if pcode in self._by_name[n])), pcode)

        return max(mentioned, key=rank)

    def find_batch(self, docs: list[str]) -> list[str | None]:
        """Area per cleaned document (text.clean_batch / LexiconMatcher.scan output)."""
        return [self.resolve_mentions(names) for names in self.mentions_batch(docs)]

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

    def _field_match(self, key: str) -> str | None:
        """A whole place field compared fuzzily with every region and cercle, the
        packaged ones included (one value per distinct field, so the cost is small)."""
        if len(key) < FUZZY_MIN_LENGTH or not self._field_fuzzy:
            return None
        from rapidfuzz import fuzz, process

        best = process.extractOne(key, self._field_fuzzy, scorer=fuzz.ratio,
                                  score_cutoff=FUZZY_CUTOFF)
        return self.resolve_mentions([best[0]]) if best else None

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
            pcode = self.resolve_mentions(self.mentions(f" {key} ")) or self._field_match(key)
            if pcode:
                return pcode
        if text:
            return self.resolve_mentions(self.mentions(f" {clean(text)} "))
        return None


# --- the area of a classification ----------------------------------------------------

@dataclass(frozen=True)
class PlaceConflict:
    """A voice whose place field and text name areas that do not contain each other."""

    voice_id: str
    given_pcode: str  # from the place column (or coordinates): the area counted
    text_pcode: str  # the most specific area the text names


def place_of(voice: Mapping[str, Any], text_area: str | None,
             places: PlaceMatcher | None) -> tuple[str | None, str | None]:
    """(the area a voice is counted in, the text's area when it conflicts, else None).

    `voice` holds the voice's lat, lon, area_pcode and place_name (any may be missing);
    `text_area` is the most specific area its text names. The policy, one for
    one-machine classify, the scaled path and late placement, so they cannot drift:
    1. coordinates, when given, place the voice (nearest centroid within 50 km);
    2. else the place column: the area resolved at ingest, else its name resolved now
       (a gazetteer imported after the ingest);
    3. else the place its text names.
    When 1 or 2 placed it and the text names an area neither inside nor around that
    one, the column wins and the text's area is returned as the conflict (kept for
    review). A text naming a town inside the given region is no conflict.
    """
    given = None
    if places is not None and voice.get("lat") is not None and voice.get("lon") is not None:
        given = places.nearest(voice["lat"], voice["lon"])
    given = given or voice.get("area_pcode")
    if given is None and places is not None and voice.get("place_name"):
        given = places.resolve(place_name=voice["place_name"])
    if given and text_area and places is not None \
            and not places.hierarchy.related(given, text_area):
        return given, text_area
    return given or text_area, None


def place_voice(result: Classification, voice: Mapping[str, Any],
                places: PlaceMatcher | None) -> tuple[Classification, PlaceConflict | None]:
    """The classification with the area its voice is counted in (place_of), and the
    conflict between its place column and its text, if any."""
    area, clash = place_of(voice, result.area_pcode, places)
    conflict = (PlaceConflict(result.voice_id, area, clash)
                if clash and area and result.voice_id else None)
    placed = result.model_copy(update={"area_pcode": area}) \
        if area != result.area_pcode else result
    return placed, conflict


def with_area(result: Classification, voice: Mapping[str, Any],
              places: PlaceMatcher | None) -> Classification:
    """The classification with the area one voice is counted in (see place_voice)."""
    return place_voice(result, voice, places)[0]
