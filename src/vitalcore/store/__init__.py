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
from vitalcore.store.accounts import (
    Account,
    DuplicateUser,
    account_for_key,
    account_for_token,
    add_api_key,
    add_token,
    add_user,
    disable_user,
    list_api_keys,
    list_users,
    revoke_api_key,
    revoke_token,
    set_password_hash,
    user_credentials,
)
from vitalcore.store.audit import (
    AuditEntry,
    list_audit,
    write_audit,
)
from vitalcore.store.backup import (
    BackupError,
    backup,
    restore,
)
from vitalcore.store.voice_search import (
    VoiceFilter,
    get_voice,
    search_voices,
)
from vitalcore.store.scale import (
    PartitionLoad,
    PartitionRows,
    load_partition,
    partition_ledger,
    partition_rows,
    partition_voice_ids,
    row_columns,
)
from vitalcore.store.voice_reads import (
    DataVersion,
    count_voices_by,
    data_version,
    quotable_voices,
)

__all__ = [
    "Account",
    "AuditEntry",
    "BackupError",
    "DataVersion",
    "DuplicateUser",
    "IngestCounts",
    "PartitionLoad",
    "PartitionRows",
    "QuarantineWrite",
    "VoiceFilter",
    "VoiceWrite",
    "account_for_key",
    "account_for_token",
    "add_actions",
    "add_api_key",
    "add_area_links",
    "add_areas",
    "add_contacts",
    "add_mandate",
    "add_originals",
    "add_quarantine",
    "add_token",
    "add_user",
    "add_voices",
    "area_links_frame",
    "areas_frame",
    "backup",
    "contact_token",
    "count_quarantined",
    "count_rows",
    "count_voices",
    "count_voices_by",
    "daily_label_counts",
    "data_version",
    "disable_user",
    "forget_reporter",
    "get_action",
    "get_voice",
    "labels_frame",
    "latest_model_version",
    "list_actions",
    "list_api_keys",
    "list_areas",
    "list_audit",
    "list_quarantine",
    "list_users",
    "load_partition",
    "mandate_task_rows",
    "mandates_frame",
    "migrate",
    "open_store",
    "original_token",
    "partition_ledger",
    "partition_rows",
    "partition_voice_ids",
    "quarantine_entries",
    "quarantine_entry",
    "quotable_voices",
    "release_quarantined",
    "requarantine",
    "restore",
    "revoke_api_key",
    "revoke_token",
    "row_columns",
    "save_classifications",
    "search_voices",
    "set_password_hash",
    "store_batch",
    "unclassified_voices",
    "user_credentials",
    "voice_attributes_frame",
    "voice_attributes_of",
    "voice_texts",
    "voice_texts_frame",
    "voices_frame",
    "write_audit",
]
