"""Radio transcripts as NDJSON, one segment per line: `id`, `text` (the transcript),
`station`, a speaker or caller handle, `broadcast_at`, a place, `language`.
Callers' names and numbers are contacts: pseudonymised, stored encrypted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vitalcore.domain import RawRecord
from vitalcore.ingest.formats import ndjson

MAPPING = "radio"


def read(path: Path) -> Iterator[RawRecord]:
    """Transcript segments of an NDJSON file."""
    return ndjson.read(path)


def records_from_payload(obj: Any, origin: str) -> Iterator[RawRecord]:
    """Segments received by other means (the API)."""
    return ndjson.records_from_payload(obj, origin)
