"""ACLED CSV export (acleddata.com): one row per event.

Columns include `event_id_cnty`, `event_date`, `time_precision`, `disorder_type`,
`event_type`, `sub_event_type`, `actor1`, `actor2`, `interaction`,
`civilian_targeting`, `country`, `admin1`-`admin3`, `location`, `latitude`,
`longitude`, `geo_precision`, `source`, `notes`, `fatalities`, `timestamp`.
Stored as channel event_feed; the shipped mapping keeps types, actors, fatalities and
precision codes as attributes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from vitalcore.domain import RawRecord
from vitalcore.ingest.formats import csv as csv_format

MAPPING = "acled"


def read(path: Path) -> Iterator[RawRecord]:
    """Events of an ACLED CSV export."""
    return csv_format.read(path)
