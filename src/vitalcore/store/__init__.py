"""The store: the only part of vitalcore that speaks SQL.

`open_store(url)` gives an Engine with the schema migrated to head; the repository
functions take that engine and speak in domain types and polars frames.
"""

from vitalcore.store.engine import migrate, open_store
from vitalcore.store.mandates import add_mandate, mandate_task_rows, mandates_frame
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

__all__ = [
    "IngestCounts",
    "add_areas",
    "add_mandate",
    "add_quarantine",
    "add_voices",
    "areas_frame",
    "count_rows",
    "labels_frame",
    "latest_model_version",
    "list_areas",
    "list_quarantine",
    "mandate_task_rows",
    "mandates_frame",
    "migrate",
    "open_store",
    "save_classifications",
    "unclassified_voices",
    "voices_frame",
]
