"""Analysis: pure functions over polars frames. No I/O, no SQL, no web imports."""

from vitalcore.analysis.vital_core import rank_vital_core

__all__ = ["rank_vital_core"]
