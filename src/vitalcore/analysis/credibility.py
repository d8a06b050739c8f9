"""Credibility of claim clusters, and the rumour flag. Nothing is ever deleted.

A claim cluster is a set of near-duplicate voices (analysis.minhash). For each cluster
of at least `min_size` voices, from the voice columns of `store.voice_texts` plus the
cluster label and `similarity` (estimated Jaccard with the cluster's first voice):

    source independence  = min(distinct sources, 3) / 3
    channel independence = min(distinct channels, 3) / 3
    wording independence = 1 - share of voices that copy the first one (similarity >= 0.9)
    independence         = mean of the three
    corroborated         = an event_feed voice (UCDP/ACLED row) outside the cluster lies
                           within `radius_km` of a cluster voice (or in its area) and
                           within `days` of the cluster's time span; or the cluster itself
                           holds an event_feed voice
    score                = 0.5 independence + 0.5 corroborated
    velocity             = voices in the first 24 hours after the first voice
    rumour               = velocity >= `fast` and independence < 0.5 and not corroborated

Why these: many accounts forwarding one text on one channel are one claim repeated, not
many witnesses, so independence counts sources, channels and wording rather than
pseudonyms (distinct reporters are reported, not scored). An event feed is an
independent record of the event itself. A rumour is kept and shown: it is information
about community fear (docs/methods/credibility.md).
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import polars as pl

from vitalcore.analysis.spread import haversine_km

MIN_SIZE = 3
RADIUS_KM = 50.0
DAYS = 3
FAST = 10
COPY_SIMILARITY = 0.9
EVENT_FEED = "event_feed"

CLUSTER_SCHEMA = {
    "cluster": pl.Int64, "voices": pl.Int64, "first_seen": pl.Datetime("us"),
    "last_seen": pl.Datetime("us"), "reporters": pl.Int64, "sources": pl.Int64,
    "channels": pl.List(pl.String), "areas": pl.List(pl.String), "copy_share": pl.Float64,
    "velocity_24h": pl.Int64, "independence": pl.Float64, "event_feed_matches": pl.Int64,
    "corroborated": pl.Boolean, "score": pl.Float64, "rumour": pl.Boolean,
    "reasons": pl.List(pl.String), "example": pl.String, "voice_ids": pl.List(pl.String),
}


def _located(voices: pl.DataFrame, areas: pl.DataFrame) -> pl.DataFrame:
    """Voice coordinates, falling back to the centroid of the voice's area."""
    centroids = areas.select(pl.col("pcode").alias("area_pcode"),
                             pl.col("lat").alias("_alat"), pl.col("lon").alias("_alon"))
    return voices.join(centroids, on="area_pcode", how="left").with_columns(
        pl.coalesce("lat", "_alat").alias("lat"), pl.coalesce("lon", "_alon").alias("lon")
    ).drop("_alat", "_alon")


def _event_matches(members: pl.DataFrame, events: pl.DataFrame, *, radius_km: float,
                   days: int) -> int:
    if events.is_empty():
        return 0
    lo = members["occurred_at"].min() - timedelta(days=days)
    hi = members["occurred_at"].max() + timedelta(days=days)
    near = events.filter(pl.col("occurred_at").is_between(lo, hi))
    if near.is_empty():
        return 0
    same_area = near["area_pcode"].is_in(members["area_pcode"].drop_nulls().implode())
    m = members.filter(pl.col("lat").is_not_null())
    e_lat, e_lon = near["lat"].to_numpy(), near["lon"].to_numpy()
    close = np.zeros(near.height, dtype=bool)
    if m.height:
        dist = haversine_km(m["lat"].to_numpy()[:, None], m["lon"].to_numpy()[:, None],
                            e_lat[None, :], e_lon[None, :])
        close = np.nan_to_num(dist, nan=np.inf).min(axis=0) <= radius_km
    return int((same_area.to_numpy() | close).sum())


def _reasons(row: dict, *, radius_km: float, days: int, fast: int) -> list[str]:
    channels = ", ".join(row["channels"])
    out = [f"{row['voices']} voices from {row['sources']} source(s) and "
           f"{row['reporters']} reporter(s) on {len(row['channels'])} channel(s) ({channels})"]
    if row["copy_share"] >= 0.5:
        out.append(f"{row['copy_share']:.0%} are near-verbatim copies of the first voice")
    if row["event_feed_matches"]:
        out.append(f"corroborated by {row['event_feed_matches']} event-feed record(s) within "
                   f"{radius_km:g} km and {days} days")
    elif EVENT_FEED in row["channels"]:
        out.append("the cluster itself holds an event-feed record")
    else:
        out.append(f"no event-feed record within {radius_km:g} km and {days} days")
    if row["velocity_24h"] >= fast:
        out.append(f"spread fast: {row['velocity_24h']} voices in its first 24 hours")
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
    located = _located(voices, areas).filter(pl.col("occurred_at").is_not_null())
    events = located.filter(pl.col("channel") == EVENT_FEED)
    sizes = located.group_by("cluster").len().filter(pl.col("len") >= min_size)
    claims = located.join(sizes.select("cluster"), on="cluster").sort("occurred_at")
    rows = []
    for (label,), members in claims.group_by(["cluster"], maintain_order=True):
        if (members["channel"] == EVENT_FEED).all():
            continue  # a cluster of event-feed rows is the feed itself, not a claim
        first = members["occurred_at"].min()
        outside = events.filter(~pl.col("voice_id").is_in(members["voice_id"].implode()))
        matches = _event_matches(members, outside, radius_km=radius_km, days=days)
        channels = sorted(set(members["channel"].to_list()))
        sources = members["source"].n_unique()
        copy_share = float((members["similarity"] >= COPY_SIMILARITY).mean())
        independence = (min(sources, 3) / 3 + min(len(channels), 3) / 3 + 1 - copy_share) / 3
        corroborated = matches > 0 or EVENT_FEED in channels
        velocity = int((members["occurred_at"] < first + timedelta(hours=24)).sum())
        row = {
            "cluster": int(label), "voices": members.height, "first_seen": first,
            "last_seen": members["occurred_at"].max(),
            "reporters": members["reporter"].drop_nulls().n_unique(), "sources": sources,
            "channels": channels,
            "areas": sorted(set(members["area_pcode"].drop_nulls().to_list())),
            "copy_share": copy_share, "velocity_24h": velocity,
            "independence": independence, "event_feed_matches": matches,
            "corroborated": corroborated,
            "score": 0.5 * independence + 0.5 * float(corroborated),
            "rumour": velocity >= fast and independence < 0.5 and not corroborated,
            "example": members["text"][0],
            "voice_ids": members["voice_id"].to_list(),
        }
        row["reasons"] = _reasons(row, radius_km=radius_km, days=days, fast=fast)
        rows.append(row)
    frame = pl.DataFrame(rows, schema=CLUSTER_SCHEMA)
    return frame.sort(["voices", "first_seen"], descending=[True, False])
