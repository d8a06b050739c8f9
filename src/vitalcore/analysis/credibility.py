"""Credibility of claim clusters, and the rumour flag. Nothing is ever deleted.

A claim cluster is a set of near-duplicate voices (analysis.minhash). For each cluster
of at least `min_size` voices, from the voice columns of `store.voice_texts` plus the
cluster label and `similarity` (estimated Jaccard with the cluster's first voice):

    independence  = mean of  min(distinct sources, 3) / 3,  min(distinct channels, 3) / 3,
                    1 - share of voices copying the first one (similarity >= 0.9)
    field voices  = voices from field-verified channels (taxonomy/channel_trust.yaml:
                    interviews, surveys, partner reports) in the cluster
    event match   = event_feed voices (UCDP/ACLED rows) outside the cluster in the same
                    area as a cluster voice, or within `radius_km` of a voice's own
                    coordinates, dated within `days` of the cluster's first voice, and
                    of the same kind: when the frame has a `labels` column (the voice's
                    dimensions), the event shares a dimension with the cluster's voices.
                    An event dated after the first voice (beyond one day of date
                    precision) is not what the claim reports. Magnitude check: when the
                    claim states a toll (the median over its voices of a number next to a
                    casualty word, taxonomy/casualty_words.yaml) and the event records
                    one (UCDP best/low/high, ACLED fatalities), the event corroborates
                    only if  low / TOLL_FACTOR <= claimed <= high x TOLL_FACTOR:
                    a record of 5 dead does not confirm a claimed massacre of 60
    score         = 0.4 independence + 0.3 [field voices > 0] + 0.3 [event match]
    peak_24h      = most voices in any 24-hour window; burst = share within 7 days of
                    the first voice
    rumour        = peak_24h >= `fast` and burst >= 0.8 (fast-spreading)
                    and no field voices (weakly sourced) and no event match
                    (uncorroborated)

Why these: many accounts forwarding one text on open channels are one claim repeated,
not many witnesses, so pseudonyms are reported but not scored; a trained monitor's
interview or a curated event record is independent evidence of the event itself. A
standing complaint (the same words for months) is not a wave, hence the burst share.
A rumour is kept and shown: it is information about community fear
(docs/methods/credibility.md).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta
from functools import cache

import numpy as np
import polars as pl

from vitalcore.analysis.spread import haversine_km
from vitalcore.taxonomy import casualty_words, field_verified_channels

MIN_SIZE = 3
RADIUS_KM = 25.0
DAYS = 3
FAST = 3
BURST_DAYS = 7
BURST_SHARE = 0.8
COPY_SIMILARITY = 0.9
EVENT_FEED = "event_feed"
# A first claim and a curated count of one event commonly differ by up to about twice
# (UCDP's own low-high ranges span that much); beyond it they describe other events.
TOLL_FACTOR = 2.0
CASUALTY_SPAN = 3  # words between a number and a casualty word
DATE_PRECISION_DAYS = 1  # an event record dated this long after the first voice still fits

CLUSTER_SCHEMA = {
    "cluster": pl.Int64, "voices": pl.Int64, "first_seen": pl.Datetime("us"),
    "last_seen": pl.Datetime("us"), "reporters": pl.Int64, "sources": pl.Int64,
    "channels": pl.List(pl.String), "areas": pl.List(pl.String), "copy_share": pl.Float64,
    "peak_24h": pl.Int64, "burst_share": pl.Float64, "independence": pl.Float64,
    "field_voices": pl.Int64, "event_feed_matches": pl.Int64,
    "corroborated": pl.Boolean, "score": pl.Float64, "rumour": pl.Boolean,
    "reasons": pl.List(pl.String), "example": pl.String, "voice_ids": pl.List(pl.String),
    "claimed_toll": pl.Float64,
}


class _Marks(dict):
    """A translate table deleting combining marks, filled as characters are first met:
    one table for all texts, not a set of each text's characters."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


_MARKS = _Marks()


def _fold(text: str) -> str:
    if text.isascii():  # nothing to decompose
        return text.lower()
    return unicodedata.normalize("NFD", text.lower()).translate(_MARKS)


@cache  # one pattern for every voice of every cluster
def _casualty_pattern() -> re.Pattern[str]:
    words = [_fold(w) for w in casualty_words()]
    alternatives = sorted((re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w))
                          for w in words)
    return re.compile(r"^(?:" + "|".join(alternatives) + r")$")


_DIGIT = re.compile(r"\d")


def toll_in_text(text: str) -> int | None:
    """The largest number within CASUALTY_SPAN words of a casualty word, or None."""
    # Half the voices state no number at all, and folding cannot make one (no character
    # decomposes to a decimal digit: checked over all of Unicode in the tests).
    if not text or not _DIGIT.search(text):
        return None
    words = re.findall(r"\w+", _fold(text))
    pattern = _casualty_pattern()
    # The words around each number, not every word, are matched to the casualty words.
    numbers = [int(w) for i, w in enumerate(words) if w.isdecimal() and len(w) <= 6
               and any(pattern.match(x) for x in
                       words[max(i - CASUALTY_SPAN, 0) : i + CASUALTY_SPAN + 1])]
    return max(numbers) if numbers else None


def claimed_toll(texts: list[str]) -> float | None:
    """The toll a cluster claims: the median over its voices that state one."""
    tolls = [t for t in (toll_in_text(x) for x in texts) if t is not None]
    return float(np.median(tolls)) if tolls else None


def _located(voices: pl.DataFrame, areas: pl.DataFrame) -> pl.DataFrame:
    """Event coordinates, falling back to the centroid of the event's area."""
    centroids = areas.select(pl.col("pcode").alias("area_pcode"),
                             pl.col("lat").alias("_alat"), pl.col("lon").alias("_alon"))
    return voices.join(centroids, on="area_pcode", how="left").with_columns(
        pl.coalesce("lat", "_alat").alias("lat"), pl.coalesce("lon", "_alon").alias("lon")
    ).drop("_alat", "_alon")


class _EventRecords:
    """The event-feed records as arrays, narrowed per claim cluster by boolean masks.

    Why: filtering the records' frame four times per cluster was a third of a cold
    `rumours` (274 clusters on the demo). The masks keep the records' order, so the
    distances below are computed on the same arrays, in the same order, as a frame
    filter would give.
    """

    def __init__(self, events: pl.DataFrame) -> None:
        self.height = events.height
        self.positions: dict[str, list[int]] = {}
        for i, voice_id in enumerate(events["voice_id"].to_list()):
            self.positions.setdefault(voice_id, []).append(i)
        self.occurred_at = events["occurred_at"].to_numpy()
        self.has_toll = "toll_high" in events.columns
        if self.has_toll:
            self.toll_high = events["toll_high"].cast(pl.Float64).to_numpy()
            self.toll_low = events["toll_low"].cast(pl.Float64).to_numpy()
        # Per label, which records carry it: a claim's kinds select records by masks.
        self.labels: dict[str, np.ndarray] | None = None
        if "labels" in events.columns:
            self.labels = {}
            for i, ks in enumerate(events["labels"].to_list()):
                for k in ks or ():
                    if k is not None:
                        self.labels.setdefault(k, np.zeros(self.height, dtype=bool))[i] = True
        self.area = events["area_pcode"].to_list()
        self.lat = events["lat"].cast(pl.Float64).to_numpy()
        self.lon = events["lon"].cast(pl.Float64).to_numpy()

    def not_of(self, voice_ids: set[str]) -> np.ndarray:
        """Which records are none of these voices."""
        keep = np.ones(self.height, dtype=bool)
        for voice_id in voice_ids:
            keep[self.positions.get(voice_id, [])] = False
        return keep

    def of_kinds(self, kinds: set[str]) -> np.ndarray:
        """Which records share a label with `kinds`."""
        found = np.zeros(self.height, dtype=bool)
        for kind in kinds:
            if self.labels is not None and kind in self.labels:
                found |= self.labels[kind]
        return found


class _Claims:
    """The claim voices' columns, read once; a cluster is a list of row positions.

    Why: a cluster's figures from polars frames (a filter, a sort, a dozen small
    series per cluster) took most of `score_clusters` for the demo's 400 clusters; the
    same figures from Python lists and numpy arrays indexed by position are the same
    numbers in a fraction of the time.
    """

    def __init__(self, claims: pl.DataFrame) -> None:
        self.voice_id = claims["voice_id"].to_list()
        self.text = claims["text"].to_list()
        self.channel = claims["channel"].to_list()
        self.source = claims["source"].to_list()
        self.reporter = claims["reporter"].to_list()
        self.area = claims["area_pcode"].to_list()
        self.time = claims["occurred_at"].to_list()
        self.time64 = claims["occurred_at"].to_numpy()
        self.similarity = claims["similarity"].to_numpy()
        self.lat = claims["lat"].to_numpy()
        self.lon = claims["lon"].to_numpy()
        self.located = (claims["lat"].is_not_null() & claims["lon"].is_not_null()).to_numpy()
        self.labels = claims["labels"].to_list() if "labels" in claims.columns else None


def _event_matches(claims: _Claims, rows: list[int], events: _EventRecords, *,
                   radius_km: float, days: int, toll: float | None = None) -> int:
    # A cluster's own event-feed rows do not corroborate it.
    keep = events.not_of({claims.voice_id[i] for i in rows})
    if not keep.any():
        return 0
    # The event a claim reports happened before its first telling; a record dated after
    # the wave began (beyond the record's date precision) is another event.
    first = min(claims.time[i] for i in rows)
    lo, hi = first - timedelta(days=days), first + timedelta(days=DATE_PRECISION_DAYS)
    keep &= ((events.occurred_at >= np.datetime64(lo, "us"))
             & (events.occurred_at <= np.datetime64(hi, "us")))
    if toll is not None and events.has_toll:
        # Magnitude: a record without a toll cannot be checked and is kept; one with a
        # high but no low toll is not (a comparison with a missing value fails).
        with np.errstate(invalid="ignore"):
            keep &= np.isnan(events.toll_high) | (
                (events.toll_high * TOLL_FACTOR >= toll)
                & (events.toll_low <= toll * TOLL_FACTOR))
    if claims.labels is not None and events.labels is not None:
        # An event corroborates a claim of its own kind only: a battle record does not
        # confirm a cholera rumour in the same district (issue 22).
        kinds = {k for i in rows if claims.labels[i] is not None for k in claims.labels[i]}
        keep &= events.of_kinds(kinds)
    if not keep.any():
        return 0
    index = np.flatnonzero(keep)
    areas = {claims.area[i] for i in rows if claims.area[i] is not None}
    same_area = np.array([events.area[i] in areas for i in index], dtype=bool)
    # Only a voice's own coordinates: an area centroid is no place an event happened.
    located = [i for i in rows if claims.located[i]]
    e_lat, e_lon = events.lat[index], events.lon[index]
    close = np.zeros(index.size, dtype=bool)
    if located:
        dist = haversine_km(claims.lat[located][:, None], claims.lon[located][:, None],
                            e_lat[None, :], e_lon[None, :])
        close = np.nan_to_num(dist, nan=np.inf).min(axis=0) <= radius_km
    return int((same_area | close).sum())


def _reasons(row: dict, *, radius_km: float, days: int, fast: int) -> list[str]:
    channels = ", ".join(row["channels"])
    out = [f"{row['voices']} voices from {row['sources']} source(s) and "
           f"{row['reporters']} reporter(s) on {len(row['channels'])} channel(s) ({channels})"]
    if row["copy_share"] >= 0.5:
        out.append(f"{row['copy_share']:.0%} are near-verbatim copies of the first voice")
    if row["claimed_toll"] is not None:
        out.append(f"claims {row['claimed_toll']:g} dead: an event record corroborates it "
                   f"only with a recorded toll within a factor {TOLL_FACTOR:g} of that")
    if row["event_feed_matches"]:
        out.append(f"corroborated by {row['event_feed_matches']} event-feed record(s) in "
                   f"its area(s) or within {radius_km:g} km, from {days} days before to "
                   f"{DATE_PRECISION_DAYS} day after the first voice")
    elif EVENT_FEED in row["channels"]:
        out.append("the cluster itself holds an event-feed record")
    else:
        out.append(f"no event-feed record of its kind and size in its area(s) or within "
                   f"{radius_km:g} km, from {days} days before to {DATE_PRECISION_DAYS} "
                   "day after the first voice")
    if row["field_voices"]:
        out.append(f"{row['field_voices']} voice(s) from field-verified channels")
    else:
        out.append("no voice from a field-verified channel (interview, survey, partner)")
    if row["peak_24h"] >= fast and row["burst_share"] >= BURST_SHARE:
        out.append(f"spread fast: up to {row['peak_24h']} voices in 24 hours, "
                   f"{row['burst_share']:.0%} within {BURST_DAYS} days")
    if row["rumour"]:
        out.append("flagged as a possible rumour: fast, weakly sourced, uncorroborated "
                   "(kept: it tells what people fear)")
    return out


def score_clusters(
    voices: pl.DataFrame,
    areas: pl.DataFrame,
    *,
    min_size: int = MIN_SIZE,
    radius_km: float = RADIUS_KM,
    days: int = DAYS,
    fast: int = FAST,
) -> pl.DataFrame:
    """One row per claim cluster of >= min_size voices, most voices first (CLUSTER_SCHEMA).

    `voices` needs voice_id, text, channel, source, reporter, area_pcode, occurred_at,
    lat, lon, cluster and similarity.
    """
    needed = ["voice_id", "text", "channel", "source", "reporter", "area_pcode",
              "occurred_at", "lat", "lon", "cluster", "similarity"]
    missing = [c for c in needed if c not in voices.columns]
    if missing:
        raise ValueError(f"voices frame lacks column(s) {', '.join(missing)}")
    timed = voices.filter(pl.col("occurred_at").is_not_null())
    events = _located(timed.filter(pl.col("channel") == EVENT_FEED), areas)
    sizes = timed.group_by("cluster").len().filter(pl.col("len") >= min_size)
    claims = timed.join(sizes.select("cluster"), on="cluster").sort("occurred_at")
    verified = field_verified_channels() - {EVENT_FEED}
    records = _EventRecords(events)
    # The clusters in order of first appearance, each its rows in the claims' order: as
    # claims.group_by(["cluster"], maintain_order=True) would give them.
    groups = (claims.with_row_index("_row").group_by("cluster", maintain_order=True)
              .agg(pl.col("_row")))
    data = _Claims(claims)
    week = timedelta(days=BURST_DAYS)
    rows = []
    for label, members in zip(groups["cluster"].to_list(), groups["_row"].to_list(),
                              strict=True):
        if all(data.channel[i] == EVENT_FEED for i in members):
            continue  # a cluster of event-feed rows is the feed itself, not a claim
        first = min(data.time[i] for i in members)
        toll = claimed_toll([data.text[i] for i in members])
        matches = _event_matches(data, members, records, radius_km=radius_km, days=days,
                                 toll=toll)
        channels = sorted({data.channel[i] for i in members})
        sources = len({data.source[i] for i in members})
        copy_share = float(np.mean(data.similarity[members] >= COPY_SIMILARITY))
        independence = (min(sources, 3) / 3 + min(len(channels), 3) / 3 + 1 - copy_share) / 3
        field_voices = sum(data.channel[i] in verified for i in members)
        corroborated = matches > 0 or EVENT_FEED in channels
        times = data.time64[members]
        peak = int((np.searchsorted(times, times + np.timedelta64(24, "h")) -
                    np.arange(times.size)).max())
        burst = float(np.mean(times < np.datetime64(first + week, "us")))
        row = {
            "cluster": int(label), "voices": len(members), "first_seen": first,
            "last_seen": max(data.time[i] for i in members),
            "reporters": len({data.reporter[i] for i in members
                              if data.reporter[i] is not None}),
            "sources": sources, "channels": channels,
            "areas": sorted({data.area[i] for i in members if data.area[i] is not None}),
            "copy_share": copy_share, "peak_24h": peak, "burst_share": burst,
            "independence": independence, "field_voices": field_voices,
            "event_feed_matches": matches, "corroborated": corroborated,
            "score": 0.4 * independence + 0.3 * float(field_voices > 0)
            + 0.3 * float(corroborated),
            "rumour": peak >= fast and burst >= BURST_SHARE and field_voices == 0
            and not corroborated,
            "example": data.text[members[0]],
            "voice_ids": [data.voice_id[i] for i in members], "claimed_toll": toll,
        }
        row["reasons"] = _reasons(row, radius_km=radius_km, days=days, fast=fast)
        rows.append(row)
    frame = pl.DataFrame(rows, schema=CLUSTER_SCHEMA)
    return frame.sort(["voices", "first_seen"], descending=[True, False])
