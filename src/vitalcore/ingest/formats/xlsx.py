"""XLSX reader: the first worksheet, streamed (openpyxl read-only), header in row 1.

An XLSX file is a ZIP archive. Before openpyxl opens it, the archive's directory is
checked: a file that is not a ZIP, declares more than MAX_UNCOMPRESSED bytes in all, or
compresses a member more than MAX_RATIO times (a "ZIP bomb") is rejected as a whole,
with one quarantined record saying why, and is never decompressed.

Formulas are read as their text (data_only=False): a cell "=HYPERLINK(...)" in a
testimony is data to keep (flagged as a formula risk), not something to evaluate, and
files written by tools other than Excel carry no cached values anyway.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from vitalcore.domain import Provenance, RawRecord
from vitalcore.ingest.formats._json import file_error
from vitalcore.ingest.formats._text import repair, unique_headers

MAPPING = "vitalcore"
MAX_UNCOMPRESSED = 1 << 30  # 1 GiB of XML is far beyond any real survey export
MAX_RATIO = 200  # spreadsheet XML compresses 5-30x; hundreds-fold is a bomb
_RATIO_FLOOR = 1 << 20  # tiny members (styles) may compress oddly; only judge big ones
_DTD_HEAD = 4096


def zip_problem(path: Path) -> str | None:
    """Why this file must not be opened as XLSX, or None if it looks sound."""
    if not zipfile.is_zipfile(path):
        return "is not an XLSX workbook (not a ZIP archive)"
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        total = sum(m.file_size for m in members)
        if total > MAX_UNCOMPRESSED:
            return (f"rejected as a likely ZIP bomb: it declares {total:,} bytes uncompressed "
                    f"(limit {MAX_UNCOMPRESSED:,})")
        for m in members:
            if m.file_size > _RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                return (f"rejected as a likely ZIP bomb: member {m.filename} expands "
                        f"{m.file_size / max(m.compress_size, 1):,.0f} times (limit {MAX_RATIO})")
        if "xl/workbook.xml" not in {m.filename for m in members}:
            return "is a ZIP archive but not an XLSX workbook (no xl/workbook.xml)"
        for m in members:
            if m.filename.endswith((".xml", ".rels")) and _has_dtd(archive, m):
                return (f"rejected: member {m.filename} declares a DTD (<!DOCTYPE>), which no "
                        "spreadsheet program writes and XML entity attacks need")
    return None


def _has_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    # A DOCTYPE must come before the root element, so the head of the member suffices.
    with archive.open(member) as fh:
        head = fh.read(_DTD_HEAD)
    return b"<!doctype" in head.lower() or b"<\x00!\x00d\x00" in head.lower()


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return repair(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def read(path: Path) -> Iterator[RawRecord]:
    """Rows of the first worksheet as RawRecords (row numbers exclude the header)."""
    problem = zip_problem(path)
    if problem:
        yield file_error(path, problem)
        return
    from openpyxl import load_workbook  # imported late: only XLSX ingests need it

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as err:  # noqa: BLE001 - openpyxl raises many kinds on bad files
        yield file_error(path, f"cannot be opened as XLSX ({type(err).__name__}: {err})")
        return
    try:
        sheet = workbook.worksheets[0]
        iterator = sheet.iter_rows(values_only=True)
        first = next(iterator, None)
        if first is None:
            return
        header = unique_headers(["" if v is None else str(v) for v in first])
        for number, row in enumerate(iterator, start=1):
            if row is None or all(v is None or v == "" for v in row):
                continue
            cells = [_cell(v) for v in row]
            if len(cells) > len(header) and any(v not in (None, "") for v in cells[len(header):]):
                yield RawRecord(
                    provenance=Provenance(file=path.name, row=number),
                    fields={f"column_{i + 1}": v for i, v in enumerate(cells)},
                    error=f"has values beyond the {len(header)} header columns",
                )
                continue
            yield RawRecord(provenance=Provenance(file=path.name, row=number),
                            fields=dict(zip(header, cells, strict=False)))
    finally:
        workbook.close()
