"""Social media posts as NDJSON, one post per line (as monitoring tools export them).

Fields: `id`, `text`, an author handle (`author` or `author/handle` or
`user/screen_name`), a time (`created_at`), a place (`place` or `place/name`),
optionally `lang`, `platform`, `url`. Nested objects are flattened to 'a/b'. The author
handle is treated as a contact: pseudonymised, stored encrypted.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vitalcore.domain import RawRecord
from vitalcore.ingest.formats import ndjson

MAPPING = "social"


def read(path: Path) -> Iterator[RawRecord]:
    """Posts of an NDJSON file."""
    return ndjson.read(path)


def records_from_payload(obj: Any, origin: str) -> Iterator[RawRecord]:
    """Posts received by other means (the API)."""
    return ndjson.records_from_payload(obj, origin)
