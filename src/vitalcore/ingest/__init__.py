"""Ingest: readers (one per format) -> normalise -> Voice or QuarantineEntry -> store."""

from vitalcore.ingest.mapping import Mapping, load_mapping
from vitalcore.ingest.normalise import Defaults, normalise
from vitalcore.ingest.pipeline import READERS, detect_format, ingest_file, ingest_records

__all__ = [
    "READERS",
    "Defaults",
    "Mapping",
    "detect_format",
    "ingest_file",
    "ingest_records",
    "load_mapping",
    "normalise",
]
