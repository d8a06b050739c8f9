"""UCDP Georeferenced Event Dataset (GED) CSV, 49 columns (ucdp.uu.se, codebook v23+).

One row per event: `id`, `type_of_violence` (1 state-based, 2 non-state, 3 one-sided),
`side_a`, `side_b`, deaths (`best`, `low`, `high`, `deaths_civilians` ...), precision
codes (`where_prec` 1-7, `date_prec` 1-5, `event_clarity`), `date_start`,
`source_headline`, `where_description`, `adm_1`, `latitude`, `longitude`. Stored as
channel event_feed; the shipped mapping keeps those codes as attributes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from vitalcore.domain import RawRecord
from vitalcore.ingest.formats import csv as csv_format

MAPPING = "ucdp"


def read(path: Path) -> Iterator[RawRecord]:
    """Events of a UCDP GED CSV file."""
    return csv_format.read(path)
