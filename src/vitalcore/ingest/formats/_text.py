"""Shared by the tabular readers: encoding detection, delimiter sniffing, header repair.

Files come from Excel on field laptops as often as from servers, so: UTF-8 with or
without BOM, UTF-16 (Excel's "Unicode text"), Windows-1252 or Latin-1, and sometimes a
mix (rows pasted from two sources). UTF-8 is decoded with `surrogateescape` so that a
stray Windows-1252 byte does not poison the file: only the field holding it is
re-decoded as Windows-1252.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from charset_normalizer import from_bytes

SAMPLE = 1 << 16
_SURROGATE = re.compile("[\udc80-\udcff]")
DELIMITERS = ",;\t|"


def detect_encoding(path: Path) -> str:
    """The encoding of a text file, from its BOM or its first 64 KiB."""
    with path.open("rb") as fh:
        sample = fh.read(SAMPLE)
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if sample[1:200:2].count(0) > 50:  # UTF-16 without BOM: every other byte NUL
        return "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as err:
        if err.start >= len(sample) - 4:  # a character cut by the sample's end
            return "utf-8"
    # Mixed: some real UTF-8 characters and some stray bytes means a UTF-8 file with
    # pasted Windows-1252 rows; `repair` fixes those fields one by one.
    decoded = sample.decode("utf-8", errors="surrogateescape")
    if any(ord(c) > 127 and not 0xDC80 <= ord(c) <= 0xDCFF for c in decoded):
        return "utf-8"
    best = from_bytes(sample, cp_isolation=["cp1252", "latin_1", "cp850", "mac_roman"]).best()
    # cp1252 is a superset of Latin-1's printable range: the safe default for Excel files.
    return best.encoding if best and best.encoding != "latin_1" else "cp1252"


def repair(value: str) -> str:
    """A field decoded as UTF-8 with surrogateescape, its stray bytes read as cp1252."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    if not value.isascii() and _SURROGATE.search(value):
        raw = value.encode("utf-8", "surrogateescape")
        value = raw.decode("cp1252", errors="replace")
    return value


def open_text(path: Path):  # noqa: ANN201 - a text file object
    """The file opened for csv with its detected encoding; see the module docstring."""
    encoding = detect_encoding(path)
    errors = "surrogateescape" if encoding.startswith("utf-8") else "replace"
    return path.open(newline="", encoding=encoding, errors=errors)


def without_nul(lines: Iterable[str]) -> Iterator[str]:
    """Lines with NUL characters removed (they end C strings and PostgreSQL text)."""
    for line in lines:
        yield line.replace("\x00", "") if "\x00" in line else line


def sniff_dialect(sample: str) -> type[csv.Dialect]:
    """The CSV dialect of a sample: RFC 4180 quoting with the sample's delimiter.

    Only the delimiter is sniffed (KoboToolbox exports and Excel in French locales use
    ';'). csv.Sniffer also guesses quoting, and guesses it wrong on doubled quotes: a
    cell of three quotes, text with a comma, three quotes made it drop `doublequote`,
    which split the quoted text. Every
    export tool we read writes RFC 4180 quotes, so those are fixed.
    """
    header = sample.splitlines()[0] if sample else ""
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = max(DELIMITERS, key=header.count) if header else ","
    if header and not header.count(delimiter):
        delimiter = ","

    class Sniffed(csv.excel):
        pass

    Sniffed.delimiter = delimiter
    return Sniffed


def unique_headers(header: list[str]) -> list[str]:
    """Header names made unique: a repeated 'text' becomes 'text__2' (nothing is lost)."""
    seen: dict[str, int] = {}
    out = []
    for i, raw in enumerate(header):
        name = repair(raw).strip() or f"column_{i + 1}"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}__{seen[name]}")
    return out
