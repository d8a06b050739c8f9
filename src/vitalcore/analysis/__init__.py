"""Analysis: pure functions over polars frames. No I/O, no SQL, no web imports."""

from vitalcore.analysis.mandate_gap import (
    Gap,
    MandateGap,
    Renewal,
    coverage_over_renewals,
    mandate_gap,
)
from vitalcore.analysis.vital_core import rank_vital_core

__all__ = [
    "Gap",
    "MandateGap",
    "Renewal",
    "coverage_over_renewals",
    "mandate_gap",
    "rank_vital_core",
]
