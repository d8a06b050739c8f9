"""Spread: an alert in one area followed by alerts in its neighbours, across borders too.

Two alerts are linked A -> B when B's area neighbours A's, both are about the same
dimension and threat type, and B's first signal falls `min_lag`..`window` days (4..21)
after A's. Alerts that begin within three days of each other are not ordered: an
alert's first signal lags the true rise by 0 to about 3 days (the median delay on
the simulated scenarios is 3 days), unevenly, so such pairs are read as one rise seen
in two places (a common cause), not an arrival. The upper bound is the
travel time between areas (one to two weeks) plus the difference of the two areas'
detection delays. Each alert keeps at most one parent, the one at the topic's likeliest
lag (learnt from its arrivals with one possible parent; Wallinga and Teunis 2004), else
the linked alert that began last before it (ties by P-code), so a wave A -> B -> C
reads as that chain rather than as a star around A; an alert that follows its own
area's earlier alert within the window is a local flare-up and gets no parent from next
door, and a wave does not return to an area it already passed through (B is not linked
from a descendant of B's own alert). The links form a forest; every root-to-leaf path
with at least one link is a spread path. A link crosses a border when the edge list
says so or the two areas' countries differ.

Evidence that a topic spreads at all, beyond alerts that co-occur: the Knox test (Knox
1964), with a Monte Carlo permutation null (Mantel 1967). Its statistic is the number of
ordered pairs of the topic's alerts that are neighbours and `min_lag`..`window` days
apart; the null permutes the first-signal days among the topic's alerts (areas fixed).
p = (1 + #{permuted >= observed}) / (1 + permutations). Every link and path carries its
topic's `knox_p`; with `max_p`, topics above it draw no links.

Neighbours come from an edge list (the gazetteer's adjacency, e.g. from shared polygon
borders) when one is given, else from centroids: each area is linked to its `k` nearest
areas (and, with `max_km`, only those within that distance), symmetrised. This is a
proxy for contiguity (it ignores rivers, roads and front lines) and is named as such in
every result (`neighbours_from`). See docs/methods/spread.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:  # numpy loads where a test runs: `alerts` reads this module's
    import numpy as np  # defaults only

EARTH_RADIUS_KM = 6371.0088
WINDOW_DAYS = 21
MIN_LAG_DAYS = 4
K_NEAREST = 3
PERMUTATIONS = 999
MAX_P = None  # no gate by default: knox_p is shown beside every path
# An arrival's source among several neighbours: the lag the topic's clear arrivals show.
LAG_BANDWIDTH = 2.0  # days: about the first signal's own jitter (0-3 days)
MIN_CLEAR_ARRIVALS = 3


@dataclass(frozen=True)
class Neighbours:
    """Undirected adjacency with a border flag, and where it came from."""

    pairs: dict[tuple[str, str], bool]
    source: str  # "edge list" or "centroids (k=3)"

    def of(self, pcode: str) -> dict[str, bool]:
        return {b: cross for (a, b), cross in self.pairs.items() if a == pcode}


def haversine_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray,
                 lon2: np.ndarray) -> np.ndarray:
    """Great-circle distance in km (broadcasting)."""
    import numpy as np

    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def neighbours(
    areas: pl.DataFrame,
    edges: pl.DataFrame | None = None,
    *,
    k: int = K_NEAREST,
    max_km: float | None = None,
) -> Neighbours:
    """Adjacency from `edges` (pcode_a, pcode_b[, cross_border]) or from area centroids."""
    import numpy as np

    country = dict(zip(areas["pcode"], areas["country"], strict=True))
    pairs: dict[tuple[str, str], bool] = {}

    def add(a: str, b: str, flag: bool | None) -> None:
        cross = bool(flag) or (country.get(a) is not None and country.get(b) is not None
                               and country[a] != country[b])
        pairs[(a, b)] = pairs[(b, a)] = cross

    if edges is not None and not edges.is_empty():
        flags = edges["cross_border"] if "cross_border" in edges.columns else [None] * edges.height
        for a, b, flag in zip(edges["pcode_a"], edges["pcode_b"], flags, strict=True):
            if a != b:
                add(a, b, flag)
        return Neighbours(pairs, "edge list")
    located = areas.filter(pl.col("lat").is_not_null() & pl.col("lon").is_not_null())
    codes = located["pcode"].to_list()
    if len(codes) > 1:
        lat, lon = located["lat"].to_numpy(), located["lon"].to_numpy()
        dist = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
        np.fill_diagonal(dist, np.inf)
        nearest = np.argsort(dist, axis=1)[:, :k]
        for i, row in enumerate(nearest):
            for j in row:
                if max_km is None or dist[i, j] <= max_km:
                    add(codes[i], codes[int(j)], None)
    return Neighbours(pairs, f"centroids (k={k}" + (f", <= {max_km} km)" if max_km else ")"))


LINK_SCHEMA = {
    "from_alert": pl.String, "to_alert": pl.String, "dimension": pl.String,
    "threat_type": pl.String, "from_area": pl.String, "to_area": pl.String,
    "from_day": pl.Date, "to_day": pl.Date, "lag_days": pl.Int64, "cross_border": pl.Boolean,
    "knox_p": pl.Float64,
}
STEP = pl.Struct({"area_pcode": pl.String, "country": pl.String, "first_signal": pl.Date,
                  "alert_id": pl.String})
PATH_SCHEMA = {
    "path_id": pl.String, "dimension": pl.String, "threat_type": pl.String,
    "origin": pl.String, "start": pl.Date, "end": pl.Date, "areas": pl.Int64,
    "crosses_border": pl.Boolean, "countries": pl.List(pl.String), "steps": pl.List(STEP),
    "neighbours_from": pl.String, "knox_p": pl.Float64,
}


def knox_p(alerts: list[dict], adjacency: Neighbours, *, min_lag: int = MIN_LAG_DAYS,
           window: int = WINDOW_DAYS, permutations: int = PERMUTATIONS,
           seed: int = 0) -> float:
    """Knox test of space-time interaction among one topic's alerts (Monte Carlo p).

    Statistic: ordered pairs (i, j) with j's area a neighbour of i's and j's first
    signal min_lag..window days after i's. Null: the days permuted among the alerts.
    Fewer than three alerts cannot show interaction: p = 1.
    """
    import numpy as np

    n = len(alerts)
    if n < 3:
        return 1.0
    around = {a["area_pcode"]: adjacency.of(a["area_pcode"]) for a in alerts}
    near = np.array([[b["area_pcode"] in around[a["area_pcode"]] for b in alerts]
                     for a in alerts])
    if not near.any():
        return 1.0
    origin = min(a["first_signal"] for a in alerts)
    days = np.array([(a["first_signal"] - origin).days for a in alerts])
    rng = np.random.default_rng(seed)  # seeded: the same alerts give the same p

    def close_pairs(t: np.ndarray) -> np.ndarray:
        lag = t[..., None, :] - t[..., :, None]
        return (near & (lag >= min_lag) & (lag <= window)).sum(axis=(-2, -1))

    observed = int(close_pairs(days))
    at_least, done = 0, 0
    chunk = max(1, 4_000_000 // (n * n))  # bounded memory for topics with many alerts
    while done < permutations:
        size = min(chunk, permutations - done)
        shuffled = rng.permuted(np.tile(days, (size, 1)), axis=1)
        at_least += int((close_pairs(shuffled) >= observed).sum())
        done += size
    return (1 + at_least) / (1 + permutations)


def _flare_up(child: dict, group: list[dict], window: int) -> bool:
    """A new episode soon after the area's own earlier one is the local rise flaring
    again, not an arrival from next door."""
    return any(p["area_pcode"] == child["area_pcode"]
               and 1 <= (child["first_signal"] - p["first_signal"]).days <= window
               for p in group)


def _candidates(child: dict, group: list[dict], near: dict[str, bool], min_lag: int,
                window: int) -> list[dict]:
    return [p for p in group if p["area_pcode"] in near
            and min_lag <= (child["first_signal"] - p["first_signal"]).days <= window]


def _lag_likelihood(group: list[dict], adjacency: Neighbours, *, min_lag: int,
                    window: int) -> Callable[[int], float]:
    """How likely an arrival `lag` days after its source is, in this topic: a Gaussian
    kernel density (bandwidth LAG_BANDWIDTH days) of the lags of the arrivals that have
    one possible source only (Wallinga and Teunis 2004 weigh an infector by the serial
    interval's density; here the interval is learnt from the topic's own unambiguous
    arrivals). With fewer than MIN_CLEAR_ARRIVALS of them, every lag is as likely, and
    the source that began last is kept."""
    import numpy as np

    clear = []
    for child in group:
        if _flare_up(child, group, window):
            continue
        found = _candidates(child, group, adjacency.of(child["area_pcode"]), min_lag, window)
        if len(found) == 1:
            clear.append((child["first_signal"] - found[0]["first_signal"]).days)
    if len(clear) < MIN_CLEAR_ARRIVALS:
        return lambda lag: 0.0
    lags = np.array(clear, dtype=float)
    return lambda lag: float(np.exp(-0.5 * ((lag - lags) / LAG_BANDWIDTH) ** 2).sum())


def _visited(alert: dict, parent_of: dict[str, dict]) -> set[str]:
    """Areas on the chain of links that led to `alert`, its own included."""
    seen = {alert["area_pcode"]}
    while alert["alert_id"] in parent_of:
        alert = parent_of[alert["alert_id"]]
        seen.add(alert["area_pcode"])
    return seen


def spread_links(alerts: pl.DataFrame, adjacency: Neighbours, *,
                 window: int = WINDOW_DAYS, min_lag: int = MIN_LAG_DAYS,
                 max_p: float | None = MAX_P,
                 permutations: int = PERMUTATIONS) -> pl.DataFrame:
    """Parent -> child links between alerts (one parent per alert at most)."""
    rows = alerts.select("alert_id", "area_pcode", "dimension", "threat_type",
                         "first_signal").to_dicts()
    by_topic: dict[tuple, list[dict]] = defaultdict(list)
    for r in rows:
        by_topic[(r["dimension"], r["threat_type"])].append(r)
    links = []
    for (dimension, threat), group in by_topic.items():
        group.sort(key=lambda r: (r["first_signal"], r["area_pcode"], r["alert_id"]))
        p_value = knox_p(group, adjacency, min_lag=min_lag, window=window,
                         permutations=permutations)
        if max_p is not None and p_value > max_p:
            continue
        parent_of: dict[str, dict] = {}
        likely = _lag_likelihood(group, adjacency, min_lag=min_lag, window=window)
        for child in group:  # in time order, so every candidate's own chain is known
            near = adjacency.of(child["area_pcode"])
            if _flare_up(child, group, window):
                continue
            candidates = [p for p in _candidates(child, group, near, min_lag, window)
                          if child["area_pcode"] not in _visited(p, parent_of)]
            if not candidates:
                continue
            parent = max(candidates, key=lambda p: (
                likely((child["first_signal"] - p["first_signal"]).days),
                p["first_signal"], p["area_pcode"]))
            parent_of[child["alert_id"]] = parent
            links.append({
                "from_alert": parent["alert_id"], "to_alert": child["alert_id"],
                "dimension": dimension, "threat_type": threat,
                "from_area": parent["area_pcode"], "to_area": child["area_pcode"],
                "from_day": parent["first_signal"], "to_day": child["first_signal"],
                "lag_days": (child["first_signal"] - parent["first_signal"]).days,
                "cross_border": near[parent["area_pcode"]], "knox_p": p_value,
            })
    return pl.DataFrame(links, schema=LINK_SCHEMA)


def spread_paths(
    alerts: pl.DataFrame,
    areas: pl.DataFrame,
    adjacency: Neighbours,
    *,
    window: int = WINDOW_DAYS,
    min_lag: int = MIN_LAG_DAYS,
    max_p: float | None = MAX_P,
) -> pl.DataFrame:
    """Every root-to-leaf chain of linked alerts, with its areas, countries and times."""
    links = spread_links(alerts, adjacency, window=window, min_lag=min_lag, max_p=max_p)
    topic_p = {(r["dimension"], r["threat_type"]): r["knox_p"]
               for r in links.iter_rows(named=True)}
    country = dict(zip(areas["pcode"], areas["country"], strict=True))
    info = {r["alert_id"]: r for r in alerts.to_dicts()}
    children: dict[str, list[str]] = defaultdict(list)
    has_parent = set()
    for link in links.iter_rows(named=True):
        children[link["from_alert"]].append(link["to_alert"])
        has_parent.add(link["to_alert"])
    paths = []

    def walk(alert_id: str, trail: list[str]) -> None:
        trail = [*trail, alert_id]
        kids = sorted(children.get(alert_id, []),
                      key=lambda a: (info[a]["first_signal"], info[a]["area_pcode"]))
        if not kids:
            paths.append(trail)
        for kid in kids:
            walk(kid, trail)

    roots = sorted((a for a in children if a not in has_parent),
                   key=lambda a: (info[a]["first_signal"], info[a]["area_pcode"]))
    for root in roots:
        walk(root, [])
    records = []
    for trail in paths:
        steps = [{"area_pcode": info[a]["area_pcode"],
                  "country": country.get(info[a]["area_pcode"]),
                  "first_signal": info[a]["first_signal"], "alert_id": a} for a in trail]
        countries = list(dict.fromkeys(s["country"] for s in steps if s["country"]))
        crosses = any(
            adjacency.pairs.get((x["area_pcode"], y["area_pcode"]), False)
            for x, y in zip(steps, steps[1:], strict=False)
        )
        first = info[trail[0]]
        records.append({
            "path_id": "-".join(a[:6] for a in trail),
            "dimension": first["dimension"], "threat_type": first["threat_type"],
            "origin": first["area_pcode"], "start": first["first_signal"],
            "end": steps[-1]["first_signal"], "areas": len(steps),
            "crosses_border": crosses, "countries": countries, "steps": steps,
            "neighbours_from": adjacency.source,
            "knox_p": topic_p[(first["dimension"], first["threat_type"])],
        })
    return pl.DataFrame(records, schema=PATH_SCHEMA)


def first_arrival(paths: pl.DataFrame) -> dict[str, date]:
    """Earliest first signal per area over all spread paths (for reports and scoring)."""
    out: dict[str, date] = {}
    for steps in paths["steps"].to_list():
        for s in steps:
            day = s["first_signal"]
            if s["area_pcode"] not in out or day < out[s["area_pcode"]]:
                out[s["area_pcode"]] = day
    return out
