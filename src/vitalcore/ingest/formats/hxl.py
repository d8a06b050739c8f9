"""HXL-tagged CSV (Humanitarian Exchange Language, hxlstandard.org).

The hashtag row (every non-empty cell starts with '#') is found among the first rows,
usually right under a human header; it replaces the header. Tags are normalised to
lower case with attributes sorted ("#adm1 +code" -> "#adm1+code",
"#affected+idps+ind" == "#affected+ind+idps"), so mappings name them one way.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from vitalcore.domain import RawRecord
from vitalcore.ingest.formats import csv as csv_format
from vitalcore.ingest.formats.csv import Row

MAPPING = "hxl"
_SEARCH_ROWS = 25


def normalise_tag(cell: str) -> str:
    """'#Affected +IND +IDPs' -> '#affected+idps+ind': lower case, attributes sorted."""
    text = "".join(cell.split()).lower()
    if not text.startswith("#"):
        return ""
    tag, *attributes = text.split("+")
    return "+".join([tag, *sorted(a for a in attributes if a)])


def _is_hashtag_row(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip()]
    return bool(filled) and all(c.startswith("#") for c in filled)


def _use_hashtags(header: list[str], rows: Iterator[Row]) -> tuple[list[str], Iterator[Row]]:
    if _is_hashtag_row(header):
        tags, rest = header, rows
    else:
        skipped: list[Row] = []
        tags = None
        for row in rows:
            skipped.append(row)
            if _is_hashtag_row(row[1]):
                tags = row[1]
                break
            if len(skipped) >= _SEARCH_ROWS:
                break
        if tags is None:
            raise ValueError("no HXL hashtag row (cells such as #loc, #date) in the first "
                             f"{_SEARCH_ROWS} rows")
        rest = rows
    names, seen = [], {}
    for i, cell in enumerate(tags):
        name = normalise_tag(cell) or (header[i] if i < len(header) else f"column_{i + 1}")
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name}__{seen[name]}")
    return names, rest


def read(path: Path) -> Iterator[RawRecord]:
    """Rows under the hashtag row, keyed by normalised hashtags."""
    return csv_format.records(path, header_transform=_use_hashtags)
