"""The store: the only part of vitalcore that speaks SQL.

`open_store(url)` gives an Engine with the schema migrated to head; the repository
functions take that engine and speak in domain types and polars frames.
"""

from vitalcore.store.engine import migrate, open_store
from vitalcore.store.models import (
    add_corrections,
    classification_details_rows,
    classification_rows,
    corrected_voice_ids,
    latest_model,
    list_corrections,
    list_models,
    save_details,
    save_model,
    voice_exists,
    voice_places,
)
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
from vitalcore.store.scale import (
    PartitionLoad,
    PartitionRows,
    PartitionTables,
    load_partition,
    partition_ledger,
    partition_rows,
    partition_voice_ids,
    row_columns,
)

__all__ = [
    "IngestCounts",
    "PartitionLoad",
    "PartitionRows",
    "PartitionTables",
    "add_areas",
    "add_corrections",
    "classification_details_rows",
    "classification_rows",
    "corrected_voice_ids",
    "latest_model",
    "list_corrections",
    "list_models",
    "save_details",
    "save_model",
    "voice_exists",
    "voice_places",
    "add_quarantine",
    "add_voices",
    "areas_frame",
    "count_rows",
    "labels_frame",
    "latest_model_version",
    "list_areas",
    "list_quarantine",
    "load_partition",
    "migrate",
    "open_store",
    "partition_ledger",
    "partition_rows",
    "partition_voice_ids",
    "row_columns",
    "save_classifications",
    "unclassified_voices",
    "voices_frame",
]
