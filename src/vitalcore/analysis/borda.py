"""Borda count over the community's own priority rankings (Voice.priorities).

Each ballot ranks some of the K candidates, most important first. Position i (1-based)
earns K - i points; the K - m candidates a ballot leaves unranked share the points the
remaining positions would have earned, (K - m - 1) / 2 each. Every ballot therefore
hands out exactly K(K-1)/2 points, so a voice that ranks three concerns weighs as much
as one that ranks all seven (Saari 2000 on why equal ballot weight matters).
See docs/methods/vital-core.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def ballot_total(candidates: int) -> float:
    """Points one ballot hands out: K(K-1)/2."""
    return candidates * (candidates - 1) / 2


def borda_points(ranking: Sequence[str], candidates: Sequence[str]) -> dict[str, float]:
    """Points of one ballot for every candidate.

    Repeated entries count at their first position; an entry that is not a candidate is
    an error naming it, because a typo would otherwise silently lose a voice's priority.
    """
    known = set(candidates)
    seen: list[str] = []
    for item in ranking:
        if item not in known:
            raise ValueError(
                f"priority {item!r} is not one of the candidates {sorted(known)}"
            )
        if item not in seen:
            seen.append(item)
    k = len(candidates)
    points = {c: float(k - i) for i, c in enumerate(seen, start=1)}
    rest = (k - len(seen) - 1) / 2 if len(seen) < k else 0.0
    return {c: points.get(c, rest) for c in candidates}


def borda_count(
    rankings: Iterable[Sequence[str]], candidates: Sequence[str]
) -> dict[str, float]:
    """Total Borda points per candidate over the non-empty ballots."""
    totals = dict.fromkeys(candidates, 0.0)
    for ranking in rankings:
        if not ranking:
            continue
        for c, p in borda_points(ranking, candidates).items():
            totals[c] += p
    return totals


def borda_shares(
    rankings: Iterable[Sequence[str]], candidates: Sequence[str]
) -> dict[str, float]:
    """Each candidate's share of all points handed out (sums to 1; 1/K each if no ballot)."""
    totals = borda_count(rankings, candidates)
    grand = sum(totals.values())
    if grand == 0:
        return dict.fromkeys(candidates, 1 / len(candidates))
    return {c: v / grand for c, v in totals.items()}
