"""The simulated geography: the admin-2 areas voices come from and who borders whom.

Adjacency is derived from centroids, not polygons (the package ships no boundaries):
two areas are neighbours when their centroids are within NEIGHBOUR_KM, and every area
is joined to its two nearest areas so that none is an island. Pairs in different
countries are the cross-border pairs the epidemic and the chain can cross.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vitalcore.simulate.config import SimArea

NEIGHBOUR_KM = 95.0
MIN_NEIGHBOURS = 2
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Geography:
    """Admin-2 areas (the units voices come from), their distances and adjacency."""

    areas: tuple[SimArea, ...]
    distance_km: np.ndarray  # (A, A)
    adjacent: np.ndarray  # (A, A) bool, symmetric, False on the diagonal

    @property
    def pcodes(self) -> list[str]:
        return [a.pcode for a in self.areas]

    def index(self, pcode: str) -> int:
        return self.pcodes.index(pcode)

    def neighbours(self, i: int) -> list[int]:
        return [int(j) for j in np.flatnonzero(self.adjacent[i])]

    def nearest(self, i: int, count: int) -> list[int]:
        """The area itself and its count-1 nearest areas, nearest first."""
        return [int(j) for j in np.argsort(self.distance_km[i], kind="stable")[:count]]

    def cross_border(self, i: int, j: int) -> bool:
        return self.areas[i].country != self.areas[j].country

    def pairs(self) -> list[tuple[str, str, bool]]:
        """(pcode_a, pcode_b, cross_border) with pcode_a < pcode_b, sorted."""
        rows = []
        for i, j in zip(*np.nonzero(np.triu(self.adjacent)), strict=True):
            a, b = sorted((self.areas[i].pcode, self.areas[j].pcode))
            rows.append((a, b, self.cross_border(int(i), int(j))))
        return sorted(rows)


def _haversine(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    phi, lam = np.radians(lat), np.radians(lon)
    dphi = phi[:, None] - phi[None, :]
    dlam = lam[:, None] - lam[None, :]
    h = np.sin(dphi / 2) ** 2 + np.cos(phi[:, None]) * np.cos(phi[None, :]) * np.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


def build_geography(all_areas: tuple[SimArea, ...]) -> Geography:
    """The admin-2 areas, sorted by P-code, with derived adjacency."""
    areas = tuple(sorted((a for a in all_areas if a.admin_level == 2), key=lambda a: a.pcode))
    lat = np.array([a.lat for a in areas])
    lon = np.array([a.lon for a in areas])
    distance = _haversine(lat, lon)
    adjacent = distance <= NEIGHBOUR_KM
    order = np.argsort(distance, axis=1, kind="stable")
    for i in range(len(areas)):
        for j in order[i, 1 : MIN_NEIGHBOURS + 1]:
            adjacent[i, j] = adjacent[j, i] = True
    np.fill_diagonal(adjacent, False)
    return Geography(areas=areas, distance_km=distance, adjacent=adjacent)
