"""The store: the only part of vitalcore that speaks SQL.

`open_store(url)` gives an Engine with the schema migrated to head; the repository
functions take that engine and speak in domain types and polars frames.
"""

from vitalcore.store.analysis_frames import (
    voice_attributes_frame,
    voice_texts_frame,
)
from vitalcore.store.engine import (
    migrate,
    open_store,
)
from vitalcore.store.ingest import (
    QuarantineWrite,
    VoiceWrite,
    count_quarantined,
    quarantine_entries,
    quarantine_entry,
    release_quarantined,
    requarantine,
    store_batch,
    voice_attributes_of,
)
from vitalcore.store.mandates import (
    add_mandate,
    mandate_task_rows,
    mandates_frame,
)
from vitalcore.store.privacy import (
    add_contacts,
    add_originals,
    contact_token,
    forget_reporter,
    original_token,
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
from vitalcore.store.actions import (
    add_actions,
    get_action,
    list_actions,
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
    "QuarantineWrite",
    "VoiceWrite",
    "add_actions",
    "add_area_links",
    "add_areas",
    "add_contacts",
    "add_mandate",
    "add_originals",
    "add_quarantine",
    "add_voices",
    "area_links_frame",
    "areas_frame",
    "contact_token",
    "count_quarantined",
    "count_rows",
    "count_voices",
    "daily_label_counts",
    "forget_reporter",
    "get_action",
    "labels_frame",
    "latest_model_version",
    "list_actions",
    "list_areas",
    "list_quarantine",
    "mandate_task_rows",
    "mandates_frame",
    "migrate",
    "open_store",
    "original_token",
    "quarantine_entries",
    "quarantine_entry",
    "release_quarantined",
    "requarantine",
    "save_classifications",
    "store_batch",
    "unclassified_voices",
    "voice_attributes_frame",
    "voice_attributes_of",
    "voice_texts",
    "voice_texts_frame",
    "voices_frame",
]
