"""Ingest: readers (one per format) -> normalise -> Voice or QuarantineEntry -> store."""

from vitalcore._lazy import lazy_exports

# Imported on first use, so that `vitalcore --help` and the format list
# (ingest/catalogue.py) do not pull in the readers and the store.
_EXPORTS = {
    "Mapping": "mapping", "load_mapping": "mapping", "shipped_mappings": "mapping",
    "Defaults": "normalise", "Normalised": "normalise", "normalise": "normalise",
    "normalise_record": "normalise", "FORMATS": "catalogue", "READERS": "pipeline",
    "detect_format": "pipeline", "ingest_file": "pipeline", "ingest_records": "pipeline",
    "payload_records": "pipeline", "quarantine_write": "pipeline",
    "reader_module": "pipeline",
}

__all__ = [
    "FORMATS",
    "READERS",
    "Defaults",
    "Mapping",
    "Normalised",
    "detect_format",
    "ingest_file",
    "ingest_records",
    "load_mapping",
    "normalise",
    "normalise_record",
    "payload_records",
    "quarantine_write",
    "reader_module",
    "shipped_mappings",
]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
