"""CSV reader: one RawRecord per data row, with file and row as provenance.

Encoding and delimiter are detected (see _text). A row whose field count differs from
the header's is still yielded, with `error` set, so that it is quarantined, not lost; a
file cut inside a quoted field yields what was read and one error record.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path

from vitalcore.domain import Provenance, RawRecord
from vitalcore.ingest.formats._text import (
    SAMPLE,
    open_text,
    repair,
    sniff_dialect,
    unique_headers,
    without_nul,
)

MAPPING = "vitalcore"
csv.field_size_limit(1 << 30)  # a 10 MB testimony is unusual but not an error

Row = tuple[int, list[str], str | None]  # (row number, header = 0; cells; read error)
HeaderTransform = Callable[[list[str], Iterator[Row]], tuple[list[str], Iterator[Row]]]


def rows(path: Path) -> Iterator[Row]:
    """Rows of a CSV file, the header as row 0; a CSV syntax error ends it with an error."""
    with open_text(path) as fh:
        sample = fh.read(SAMPLE)
        fh.seek(0)
        reader = csv.reader(without_nul(fh), sniff_dialect(sample))
        number = 0
        try:
            for number, row in enumerate(reader):  # noqa: B007 - used after the loop
                yield number, [repair(v) for v in row], None
        except csv.Error as err:
            yield number + 1, [], f"cannot be read as CSV ({err}); is the file cut short?"


def records(path: Path, header_transform: HeaderTransform | None = None) -> Iterator[RawRecord]:
    """RawRecords from a CSV file; `header_transform` rewrites the header (HXL uses it)."""
    iterator = rows(path)
    first = next(iterator, None)
    if first is None:
        return
    header = unique_headers(first[1])
    if header_transform is not None:
        header, iterator = header_transform(header, iterator)
    width = len(header)
    name = path.name
    for number, row, error in iterator:
        provenance = Provenance(file=name, row=number)
        if error:
            yield RawRecord(provenance=provenance, fields={}, error=error)
            return
        if not any(row):
            continue  # a blank line, as spreadsheets leave at the end
        if len(row) != width:
            yield RawRecord(
                provenance=provenance,
                fields={f"column_{i + 1}": v for i, v in enumerate(row)},
                error=f"has {len(row)} fields where the header has {width}",
            )
            continue
        yield RawRecord(provenance=provenance, fields=dict(zip(header, row, strict=True)))


def read(path: Path) -> Iterator[RawRecord]:
    """Rows of a CSV file as RawRecords."""
    return records(path)
