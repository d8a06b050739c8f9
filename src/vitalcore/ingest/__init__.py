"""Ingest: readers (one per format) -> normalise -> Voice or QuarantineEntry -> store."""

from vitalcore.ingest.mapping import Mapping, load_mapping, shipped_mappings
from vitalcore.ingest.normalise import Defaults, Normalised, normalise, normalise_record
from vitalcore.ingest.pipeline import (
    FORMATS,
    READERS,
    column_plan,
    detect_format,
    ingest_file,
    ingest_records,
    payload_records,
    preview_file,
    quarantine_write,
    reader_module,
)

__all__ = [
    "FORMATS",
    "READERS",
    "Defaults",
    "Mapping",
    "Normalised",
    "column_plan",
    "detect_format",
    "ingest_file",
    "ingest_records",
    "load_mapping",
    "normalise",
    "normalise_record",
    "payload_records",
    "preview_file",
    "quarantine_write",
    "reader_module",
    "shipped_mappings",
]
