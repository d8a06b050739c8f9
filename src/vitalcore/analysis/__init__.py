"""Analysis: pure functions over polars frames. No I/O, no SQL, no web imports."""

from vitalcore.analysis.alerts import detect_alerts
from vitalcore.analysis.credibility import score_clusters
from vitalcore.analysis.effects import Effect, estimate_effect, unintended_effects
from vitalcore.analysis.mandate_gap import (
    Gap,
    MandateGap,
    Renewal,
    coverage_over_renewals,
    mandate_gap,
)
from vitalcore.analysis.spread import neighbours, spread_paths
from vitalcore.analysis.vital_core import rank_vital_core

__all__ = [
    "Effect",
    "Gap",
    "MandateGap",
    "Renewal",
    "coverage_over_renewals",
    "detect_alerts",
    "estimate_effect",
    "mandate_gap",
    "neighbours",
    "rank_vital_core",
    "score_clusters",
    "spread_paths",
    "unintended_effects",
]
