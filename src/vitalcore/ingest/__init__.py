"""Ingest: readers (one per format) -> normalise -> Voice or QuarantineEntry -> store."""

from vitalcore._lazy import lazy_exports

# Imported on first use, so that `vitalcore --help` and the format list
# (ingest/catalogue.py) do not pull in the readers and the store.
_EXPORTS = {
    "Defaults": "normalise",
    "FORMATS": "catalogue",
    "Mapping": "mapping",
    "Normalised": "normalise",
    "READERS": "pipeline",
    "column_plan": "pipeline",
    "detect_format": "pipeline",
    "ingest_file": "pipeline",
    "ingest_records": "pipeline",
    "load_mapping": "mapping",
    "normalise": "normalise",
    "normalise_record": "normalise",
    "payload_records": "pipeline",
    "preview_file": "pipeline",
    "quarantine_write": "pipeline",
    "reader_module": "pipeline",
    "shipped_mappings": "mapping",
}

__all__ = [
    "Defaults",
    "FORMATS",
    "Mapping",
    "Normalised",
    "READERS",
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
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
