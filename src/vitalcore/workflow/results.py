"""Types, constants and comparisons of the analyses' results, for the outputs.

Outputs never import `vitalcore.analysis` (tests/test_layers.py); what they need to
name or compare a result by comes from here.
"""

from __future__ import annotations

import polars as pl

from vitalcore.analysis.changes import ranking_changes as _ranking_changes
from vitalcore.analysis.mandate_gap import MandateGap
from vitalcore.analysis.vital_core import OVERALL

__all__ = ["OVERALL", "MandateGap", "ranking_changes"]


def ranking_changes(before: pl.DataFrame, after: pl.DataFrame) -> pl.DataFrame:
    """What moved between two rankings of `rank_threats` (analysis.changes), biggest moves
    first: the dashboard's "since last week"."""
    return _ranking_changes(before, after)
