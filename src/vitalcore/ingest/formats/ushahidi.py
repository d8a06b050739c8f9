"""Ushahidi platform CSV export (Data > Export): one row per post.

Columns: "Post ID", "Survey", "Post Status", "Created (UTC)", "Updated (UTC)",
"Post date (UTC)", "Contact ID", "Contact", "Sets", "Title", "Description", then one
column per survey field by label; a location field gives "<label>.lat" and "<label>.lon".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from vitalcore.domain import RawRecord
from vitalcore.ingest.formats import csv as csv_format

MAPPING = "ushahidi"


def read(path: Path) -> Iterator[RawRecord]:
    """Posts of an Ushahidi CSV export."""
    return csv_format.read(path)
