"""The columns of daily counts, alerts and stored alerts (analysis.alerts), kept apart
from the detection so that reading the stored alerts loads polars alone, not numpy and
the statistical tests."""

from __future__ import annotations

import polars as pl

COUNT_SCHEMA = {
    "area_pcode": pl.String,
    "dimension": pl.String,
    "threat_type": pl.String,
    "day": pl.Date,
    "voices": pl.Int64,
}

ALERT_SCHEMA = {
    "alert_id": pl.String,
    "area_pcode": pl.String,
    "dimension": pl.String,
    "threat_type": pl.String,
    "first_signal": pl.Date,
    "last_signal": pl.Date,
    "resolved_on": pl.Date,
    "state": pl.String,
    "algorithms": pl.List(pl.String),
    "statistics": pl.List(pl.Struct({"algorithm": pl.String, "max": pl.Float64,
                                     "threshold": pl.Float64, "first_signal": pl.Date,
                                     "threat_type": pl.String})),
    "voices": pl.Int64,
    "peak_voices": pl.Int64,
}

# Lifecycle of a stored alert (issue 22): what an analyst follows from one reading of the
# data to the next. The episode `state` above says how the rise looks on the last day.
LIFECYCLES = ("new", "ongoing", "closed")
LIFECYCLE_SCHEMA = {**ALERT_SCHEMA, "lifecycle": pl.String,
                    "first_seen_at": pl.Datetime("us"), "updated_at": pl.Datetime("us")}
