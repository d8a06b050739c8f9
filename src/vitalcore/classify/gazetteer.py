"""Gazetteer: areas with P-codes and names in several languages; resolves place names.

Import format (OCHA common operational dataset style), one row per area:
pcode, name, country, admin_level, parent_pcode, alt_names (separated by |), lat, lon
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from vitalcore.classify.text import fold
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
