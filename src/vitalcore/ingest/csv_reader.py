"""CSV reader: one RawRecord per data row, with file and row as provenance."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from vitalcore.domain import Provenance, RawRecord

_ENCODINGS = ("utf-8-sig", "cp1252")


def _encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the file decodes as such, else Windows-1252."""
    with path.open("rb") as fh:
        sample = fh.read(1 << 20)
    try:
        sample.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        # A multi-byte character cut by the sample boundary is still UTF-8.
        if err.start < len(sample) - 4:
            return "cp1252"
    return "utf-8-sig"


def read_csv(path: Path) -> Iterator[RawRecord]:
    """Rows of a CSV file. A row whose field count differs from the header's is still
    yielded, with `error` set, so that normalise can quarantine it."""
    csv.field_size_limit(1 << 28)
    with path.open(newline="", encoding=_encoding(path), errors="replace") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            return
        width = len(header)
        for row_number, row in enumerate(reader, start=1):
            if not row:
                continue
            fields = dict(zip(header, row, strict=False))
            error = None
            if len(row) != width:
                error = f"has {len(row)} fields where the header has {width}"
                fields = {f"column_{i + 1}": v for i, v in enumerate(row)}
            yield RawRecord(
                provenance=Provenance(file=path.name, row=row_number),
                fields=fields,
                error=error,
            )
