"""The admin hierarchy of a gazetteer: place -> cercle -> region -> country.

Every `--area` of vitalcore (rank, groups, alerts, spread, mandate gap, briefing, tiers,
voices, the API's filters) names one unit at any level, and means that unit with every
unit under it. `AreaHierarchy.scope` is the one place that says which P-codes that is;
workflow.places.area_scope serves it to every command.

A unit is under another through its `parent_pcode` chain, and under a country through
its `country` column too: a gazetteer whose regions name no parent (the demo's) still
rolls up to its country code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vitalcore.domain import Area


@dataclass(frozen=True)
class AreaScope:
    """One asked-for area and every P-code it covers (itself included)."""

    code: str
    pcodes: tuple[str, ...]
    name: str | None = None


class AreaHierarchy:
    """Parents, children and countries of a gazetteer's areas."""

    def __init__(self, areas: Iterable[Area]) -> None:
        self.areas = {a.pcode: a for a in areas}
        self._children: dict[str, list[str]] = {}
        self._countries: dict[str, list[str]] = {}
        for area in self.areas.values():
            if area.parent_pcode and area.parent_pcode != area.pcode:
                self._children.setdefault(area.parent_pcode, []).append(area.pcode)
            self._countries.setdefault(area.country, []).append(area.pcode)

    def ancestors(self, pcode: str) -> list[str]:
        """The chain of parents of `pcode`, nearest first, then its country code."""
        chain: list[str] = []
        seen = {pcode}
        area = self.areas.get(pcode)
        while area is not None and area.parent_pcode and area.parent_pcode not in seen:
            chain.append(area.parent_pcode)
            seen.add(area.parent_pcode)
            area = self.areas.get(area.parent_pcode)
        country = self.areas[pcode].country if pcode in self.areas else None
        if country and country not in seen:
            chain.append(country)
        return chain

    def descendants(self, code: str) -> set[str]:
        """Every P-code under `code` (a P-code or a country code), not `code` itself."""
        found: set[str] = set(self._countries.get(code, ())) - {code}
        stack = [code, *found]
        while stack:
            for child in self._children.get(stack.pop(), ()):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found

    def related(self, a: str, b: str) -> bool:
        """Whether one area lies inside the other (or they are the same)."""
        return a == b or a in self.ancestors(b) or b in self.ancestors(a)

    def is_country(self, code: str) -> bool:
        return code in self._countries

    def scope(self, code: str) -> AreaScope:
        """The area `code` (P-code or country code, any case) with all it covers.

        A code the gazetteer does not hold still scopes to itself, so voices given an
        unknown P-code can be looked at (they are listed by `vitalcore places unknown`).
        """
        wanted = code.strip().upper()
        area = self.areas.get(wanted)
        pcodes = {wanted} | self.descendants(wanted)
        return AreaScope(code=wanted, pcodes=tuple(sorted(pcodes)),
                         name=area.name if area else None)
