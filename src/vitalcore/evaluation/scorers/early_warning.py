"""alert_sensitivity, alert_median_delay_days, false_alarms_per_area_week; the planted
epidemic and its spread across borders (issue 7).

Alerts are those of workflow.alerts on daily counts, at dimension level (threat_type
null): the truth's emergences are per area x dimension, and threat-level alerts would
count one rise twice.

- An emergence (truth `emergences`: area, dimension, onset, end) is detected when an
  alert of its area and dimension has its first signal within truth
  `detection_window_days` (0..7 since issue 22; -7..+28 before) of the onset; its
  delay is first signal - onset.
- A false alarm is an alert that no emergence of its area and dimension explains (first
  signal not within onset - 7 .. end) and that is not the planted rumour wave (its area
  and dimension, start - 7 .. end + 28): an alert on a rumour is voices really rising,
  which is for the credibility analysis to judge. Rate: false alarms / (areas x weeks).
- Spread: planted cross-border hops of the epidemic (truth `epidemic.cross_border_hops`)
  found as links of analysis.spread between the alerts of the epidemic's dimension,
  at dimension level and of the epidemic's threat type (what `vitalcore spread
  --dimension health` draws), with the scenario's adjacency.csv as the edge list. An
  epidemic's arrival in an area whose health series is already raised by another cause
  (the chain's displacement) opens no new dimension-level alert; its threat-level
  series shows it. The dimension-level figure alone is reported beside it
  (`spread_cross_border_hops_found_dimension_level`), and so are the cross-border
  links in that dimension that are no planted hop (`spread_spurious_cross_border_links`).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import polars as pl

from vitalcore import analysis
from vitalcore.evaluation.scoring import ScoringContext
from vitalcore.workflow.warning import alerts, neighbours


def _day(text: str) -> date:
    return date.fromisoformat(text)


def match_alerts(truth: Mapping[str, Any], rows: list[dict[str, Any]]) -> dict[str, object]:
    """Sensitivity, delays and false alarms of dimension-level alert rows against truth."""
    lo, hi = truth["detection_window_days"]
    detected, delays, epidemic_delays = 0, [], []
    explained: set[str] = set()
    for e in truth["emergences"]:
        onset, end = _day(e["onset"]), _day(e["end"])
        mine = [r for r in rows if r["area_pcode"] == e["area_pcode"]
                and r["dimension"] == e["dimension"]]
        for r in mine:
            if onset + timedelta(days=lo) <= r["first_signal"] <= end:
                explained.add(r["alert_id"])
        hits = [r for r in mine
                if onset + timedelta(days=lo) <= r["first_signal"] <= onset + timedelta(days=hi)]
        if hits:
            detected += 1
            delay = (min(r["first_signal"] for r in hits) - onset).days
            delays.append(delay)
            if e["cause"] == "epidemic":
                epidemic_delays.append(delay)
    rumour = truth["rumour"]
    r_lo = _day(rumour["start"]) - timedelta(days=7)
    r_hi = _day(rumour["end"]) + timedelta(days=28)
    on_rumour = {r["alert_id"] for r in rows if r["alert_id"] not in explained
                 and r["area_pcode"] == rumour["area_pcode"]
                 and r["dimension"] == rumour["dimension"]
                 and r_lo <= r["first_signal"] <= r_hi}
    false = [r for r in rows if r["alert_id"] not in explained | on_rumour]
    area_weeks = len(truth["areas"]) * truth["period"]["days"] / 7
    epidemic = [e for e in truth["emergences"] if e["cause"] == "epidemic"]
    return {
        "alert_sensitivity": round(detected / len(truth["emergences"]), 4)
        if truth["emergences"] else None,
        "alert_median_delay_days": statistics.median(delays) if delays else None,
        "false_alarms_per_area_week": round(len(false) / area_weeks, 4),
        "alerts_total": len(rows),
        "alerts_on_rumour": len(on_rumour),
        "emergences_detected": f"{detected}/{len(truth['emergences'])}",
        "epidemic_sensitivity": round(len(epidemic_delays) / len(epidemic), 4)
        if epidemic else None,
        "epidemic_median_delay_days": statistics.median(epidemic_delays)
        if epidemic_delays else None,
    }


def score(ctx: ScoringContext) -> dict[str, object]:
    truth = ctx.truth
    every = alerts(ctx.engine)
    table = every.filter(pl.col("threat_type").is_null())
    out = match_alerts(truth, table.to_dicts())
    edges_path = ctx.scenario_dir / "adjacency.csv"
    out["spread_cross_border_hops_found"] = None
    if edges_path.exists():
        out.update(_spread(truth["epidemic"], every, neighbours(ctx.engine)))
    return out


def _spread(epidemic: Mapping[str, Any], every: pl.DataFrame,
            near: analysis.spread.Neighbours) -> dict[str, object]:
    """Planted cross-border hops found among the epidemic dimension's spread links."""
    topic = every.filter(pl.col("dimension") == epidemic["dimension"],
                         pl.col("threat_type").is_null()
                         | (pl.col("threat_type") == epidemic["threat_type"]))
    links = analysis.spread.spread_links(topic, near)
    planted = {tuple(h) for h in epidemic["cross_border_hops"]}

    def share(frame: pl.DataFrame) -> float | None:
        found = set(zip(frame["from_area"], frame["to_area"], strict=True))
        return round(len(planted & found) / len(planted), 4) if planted else None

    cross = links.filter(pl.col("cross_border"))
    return {
        "spread_cross_border_hops_found": share(links),
        "spread_cross_border_hops_found_dimension_level":
            share(links.filter(pl.col("threat_type").is_null())),
        "spread_spurious_cross_border_links": sum(
            (a, b) not in planted
            for a, b in zip(cross["from_area"], cross["to_area"], strict=True)),
    }
