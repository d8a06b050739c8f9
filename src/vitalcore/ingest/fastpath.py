"""The vectorised path for large flat CSV files: the same voices, far less Python per row.

pyarrow parses the file in blocks; polars checks whole columns at once. A row takes the
fast path only when every value is in the plain form the per-row path would accept
unchanged: text without digits enough for a phone number, no '@', no formula prefix, no
surrounding blanks; an ISO date in range; coordinates as plain decimals in range; and no
reporter, group, priority or other field that needs per-row work. Every other row is
handed to `normalise_record` exactly as the CSV reader would have given it, so its voice
or its quarantine reason is the same as on the per-row path.

A file is eligible only when it is UTF-8, its header has no repeated names, it has no
blank lines, and the mapping has no template, attributes, value tables or contacts
present; pyarrow refusing the file (a row of the wrong width, a broken quote) sends the
whole file to the per-row path before anything is stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from vitalcore.domain import Channel, Provenance, RawRecord, content_key
from vitalcore.ingest.formats._text import SAMPLE, detect_encoding, sniff_dialect
from vitalcore.ingest.mapping import Mapping
from vitalcore.ingest.normalise import FORMULA_PREFIXES, AreaResolver, Defaults
from vitalcore.privacy import OBFUSCATED_AT

# Voice fields the fast path fills from columns; a non-empty value in any other mapped
# field sends the row to the per-row path.
_FAST_FIELDS = {"text", "channel", "source", "source_id", "occurred_at", "area_pcode",
                "place_name", "lat", "lon", "severity_reported", "language"}
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_DECIMAL = r"^-?\d{1,3}(\.\d{1,12})?$"
_TRIMMED = r"^\S(.*\S)?$"
_CHANNELS = [c.value for c in Channel]
BLOCK = 1 << 24  # pyarrow reads 16 MiB at a time: memory stays flat on any file size


@dataclass(frozen=True)
class Block:
    """One block of a file: voices built in bulk, and rows for the per-row path."""

    voices: pl.DataFrame  # columns of the voices table but ingested_at
    slow: list[RawRecord]
    rows: int


def eligible(path: Path, mapping: Mapping) -> list[str] | None:
    """The header if this file and mapping can take the fast path, else None."""
    if mapping.text_template or mapping.attributes or mapping.values:
        return None
    if detect_encoding(path) not in {"utf-8", "utf-8-sig"}:
        return None
    with path.open("rb") as fh:
        head = fh.read(SAMPLE).decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    lines = head.split("\n")
    if not lines or "\r" in head or "\n\n" in head:
        return None
    dialect = sniff_dialect(head)
    if dialect.delimiter != "," or '"' in lines[0]:
        return None
    header = lines[0].split(",")
    if any(not h or h != h.strip() for h in header) or len(set(header)) != len(header):
        return None
    if any(h in mapping.contacts for h in header):
        return None
    return header


def _present(names: tuple[str, ...], header: set[str]) -> list[str]:
    return [n for n in names if n in header]


def _coalesce(columns: list[str]) -> pl.Expr:
    """The first non-empty value among the candidate columns, as the mapping picks."""
    if not columns:
        return pl.lit(None, dtype=pl.String)
    return pl.coalesce([pl.when(pl.col(c) != "").then(pl.col(c)) for c in columns])


def blocks(path: Path, header: list[str], mapping: Mapping, defaults: Defaults,
           resolve_area: AreaResolver | None, block_size: int = BLOCK) -> Iterator[Block]:
    """Blocks of the file; raises pyarrow.ArrowInvalid before the first block if the
    file cannot be parsed as a regular CSV (the caller then uses the per-row path)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(block_size=block_size, encoding="utf8"),
        parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(
            column_types={h: pa.string() for h in header}, strings_can_be_null=False,
            quoted_strings_can_be_null=False),
    )
    names = set(header)
    chosen = {f: _present(c, names) for f, c in mapping.fields.items()}
    others = [c for f, cols in chosen.items() if f not in _FAST_FIELDS for c in cols]
    now = (defaults.now or datetime.now(UTC)).replace(tzinfo=None)
    latest = now + timedelta(days=1)
    channel_default = (defaults.channel.value if defaults.channel
                       else mapping.defaults.get("channel"))
    source_default = defaults.source or mapping.defaults.get("source")
    first_row = 1
    for batch in reader:
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        height = frame.height
        # As the CSV reader: NUL characters removed, rows of empty cells skipped.
        frame = frame.with_columns(pl.col(h).str.replace_all("\x00", "", literal=True)
                                   for h in header)
        frame = frame.with_row_index("_row", offset=first_row).filter(
            pl.any_horizontal([pl.col(h) != "" for h in header]))
        yield _block(frame, first_row, path.name, chosen, others, mapping.earliest, latest,
                     channel_default, source_default, resolve_area, height,
                     max_text=defaults.max_text)
        first_row += height


def _block(frame: pl.DataFrame, first_row: int, file: str, chosen: dict[str, list[str]],
           others: list[str], earliest: datetime, latest: datetime,
           channel_default: str | None, source_default: str | None,
           resolve_area: AreaResolver | None, height: int, *, max_text: int) -> Block:
    v = frame.select(
        pl.col("_row"),
        *[_coalesce(chosen.get(f, [])).alias(f) for f in _FAST_FIELDS],
        (pl.any_horizontal([pl.col(c) != "" for c in others]) if others
         else pl.lit(False)).alias("_other"),
    )
    channel = pl.col("channel").str.strip_chars().str.to_lowercase()
    if channel_default:
        channel = channel.fill_null(pl.lit(channel_default))
    source = pl.col("source")
    if source_default:
        source = source.fill_null(pl.lit(source_default))
    lat = pl.col("lat").cast(pl.Float64, strict=False)
    lon = pl.col("lon").cast(pl.Float64, strict=False)
    date = pl.col("occurred_at").str.strptime(pl.Datetime("us"), "%Y-%m-%d", strict=False)
    v = v.with_columns(channel.alias("channel"), source.alias("source"), lat.alias("lat_f"),
                       lon.alias("lon_f"), date.alias("date_f"))
    text = pl.col("text")
    ok = (
        ~pl.col("_other")
        & text.is_not_null() & text.str.contains(_TRIMMED)
        & (text.str.count_matches(r"\d") < 8) & ~text.str.contains("@", literal=True)
        & ~text.str.contains(OBFUSCATED_AT)  # "amina(at)gmail.com": the scrubber's to judge
        & (text.str.strip_chars().str.len_chars() <= max_text)  # longer: quarantined
        & ~text.str.contains("\x00", literal=True)
        & ~text.str.contains(r"^[\x1c-\x1f]|[\x1c-\x1f]$")  # str.strip()'s extra blanks
        & ~pl.any_horizontal([text.str.starts_with(p) for p in FORMULA_PREFIXES])
        & pl.col("channel").is_in(_CHANNELS)
        & pl.col("source").is_not_null() & pl.col("source").str.contains(_TRIMMED)
        & (pl.col("source_id").is_null() | pl.col("source_id").str.contains(_TRIMMED))
        & (pl.col("occurred_at").is_null()
           | (pl.col("occurred_at").str.contains(_DATE) & pl.col("date_f").is_not_null()
              & pl.col("date_f").is_between(earliest, latest)))
        & ((pl.col("lat").is_null() & pl.col("lon").is_null())
           | (pl.col("lat").str.contains(_DECIMAL) & pl.col("lon").str.contains(_DECIMAL)
              & pl.col("lat_f").abs().le(90) & pl.col("lon_f").abs().le(180)))
        & (pl.col("place_name").is_null()
           | (pl.col("place_name").str.contains(_TRIMMED)
              & (pl.col("place_name").str.count_matches(r"\d") < 8)
              & ~pl.col("place_name").str.contains("@", literal=True)))
        & (pl.col("area_pcode").is_null() | pl.col("area_pcode").str.contains(r"^[!-~]+$"))
        & (pl.col("severity_reported").is_null()
           | pl.col("severity_reported").str.contains(r"^[1-5]$"))
        & (pl.col("language").is_null() | pl.col("language").str.contains(r"^[A-Za-z-]{2,8}$"))
    )
    v = v.with_columns(ok.fill_null(False).alias("_ok"))
    fast = v.filter(pl.col("_ok"))
    slow_rows = v.filter(~pl.col("_ok"))["_row"].to_list()
    slow = [
        RawRecord(provenance=Provenance(file=file, row=row), fields=fields)
        for row, fields in zip(
            slow_rows,
            frame.filter(pl.col("_row").is_in(slow_rows)).drop("_row").iter_rows(named=True),
            strict=True,
        )
    ]
    return Block(voices=_voices(fast, file, resolve_area), slow=slow, rows=height)


def _voices(fast: pl.DataFrame, file: str, resolve_area: AreaResolver | None) -> pl.DataFrame:
    """Rows for the voices table, built column by column; only the keys need Python."""
    pcode = pl.col("area_pcode").str.to_uppercase()
    if resolve_area is not None:
        # As normalise: a P-code column's value resolved too (a name there, "Gao").
        codes = fast.select(pcode)["area_pcode"].drop_nulls().unique().to_list()
        pcode = pcode.replace({c: resolve_area(c) or c for c in codes}).cast(pl.String)
        places = fast.filter(pl.col("area_pcode").is_null())["place_name"].drop_nulls(
            ).unique().to_list()
        resolved = {p: resolve_area(p) for p in places}
        pcode = pl.coalesce(pcode, pl.col("place_name").replace_strict(
            resolved, default=None, return_dtype=pl.String))
    frame = fast.select(
        pl.col("text"), pl.col("channel"), pl.col("source"), pl.col("source_id"),
        pl.col("language").str.to_lowercase(), pl.col("date_f").alias("occurred_at"),
        pcode.alias("area_pcode"), pl.col("place_name"), pl.col("lat_f").alias("lat"),
        pl.col("lon_f").alias("lon"), pl.col("_row"),
        pl.col("severity_reported").cast(pl.Int64),
    )
    keys = [
        content_key(source, source_id) if source_id
        else content_key(source, channel, text, occurred, area or place)
        for text, channel, source, source_id, occurred, area, place in frame.select(
            "text", "channel", "source", "source_id", "occurred_at", "area_pcode",
            "place_name").iter_rows()
    ]
    null = pl.lit(None, dtype=pl.String)
    return frame.select(
        pl.Series("id", keys, dtype=pl.String), "text", "channel", "source", "source_id",
        "language", "occurred_at", "area_pcode", "place_name", "lat", "lon",
        null.alias("reporter"), pl.lit("[]").alias("groups_reported"),
        pl.lit("[]").alias("priorities"), "severity_reported", null.alias("solution"),
        pl.lit(False).alias("consent_quote"), pl.lit(False).alias("consent_share"),
        null.alias("corrects"), pl.lit(file).alias("prov_file"),
        pl.col("_row").cast(pl.Int64).alias("prov_row"), null.alias("prov_message_id"),
    )
