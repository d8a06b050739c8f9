"""The store: the only part of vitalcore that speaks SQL.

`open_store(url)` gives an Engine with the schema migrated to head; the repository
functions take that engine and speak in domain types and polars frames.
"""

from vitalcore.store.actions import add_actions, get_action, list_actions
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
from vitalcore.store.warning import (
    add_area_links,
    area_links_frame,
    count_voices,
    daily_label_counts,
    voice_texts,
)

__all__ = [
    "IngestCounts",
    "add_actions",
    "add_area_links",
    "add_areas",
    "add_quarantine",
    "add_voices",
    "area_links_frame",
    "areas_frame",
    "count_rows",
    "count_voices",
    "daily_label_counts",
    "get_action",
    "labels_frame",
    "latest_model_version",
    "list_actions",
    "list_areas",
    "list_quarantine",
    "migrate",
    "open_store",
    "save_classifications",
    "unclassified_voices",
    "voice_texts",
    "voices_frame",
]
