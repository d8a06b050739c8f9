"""The store: the only part of vitalcore that speaks SQL.

`open_store(url)` gives an Engine with the schema migrated to head; the repository
functions take that engine and speak in domain types and polars frames.
"""

from vitalcore.store.engine import migrate, open_store
from vitalcore.store.repository import (
    IngestCounts,
    add_areas,
    add_quarantine,
    add_voices,
    areas_frame,
    count_rows,
    labels_frame,
    latest_model_version,
    list_areas,
    list_quarantine,
    save_classifications,
    unclassified_voices,
    voices_frame,
)
from vitalcore.store.voice_reads import (
    DataVersion,
    count_voices_by,
    data_version,
    quotable_voices,
)

__all__ = [
    "DataVersion",
    "IngestCounts",
    "add_areas",
    "add_quarantine",
    "add_voices",
    "areas_frame",
    "count_rows",
    "count_voices_by",
    "data_version",
    "labels_frame",
    "latest_model_version",
    "list_areas",
    "list_quarantine",
    "migrate",
    "open_store",
    "quotable_voices",
    "save_classifications",
    "unclassified_voices",
    "voices_frame",
]
