"""Tell a JSON export from a CSV export of the same tool by its first byte."""

from __future__ import annotations

from pathlib import Path


def is_json(path: Path) -> bool:
    """Whether the file starts (after a BOM and blanks) with '{' or '['."""
    with path.open("rb") as fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] in (b"{", b"[")
