"""The store: the only part of vitalcore that speaks SQL.

`open_store(url)` gives an Engine with the schema migrated to head; the repository
functions take that engine and speak in domain types and polars frames.
"""

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
from vitalcore.store.audit import AuditEntry, list_audit, write_audit
from vitalcore.store.backup import BackupError, backup, restore
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
from vitalcore.store.voice_search import VoiceFilter, get_voice, search_voices

__all__ = [
    "Account",
    "account_for_key",
    "account_for_token",
    "add_api_key",
    "add_areas",
    "add_quarantine",
    "add_token",
    "add_user",
    "add_voices",
    "areas_frame",
    "AuditEntry",
    "backup",
    "BackupError",
    "count_rows",
    "disable_user",
    "DuplicateUser",
    "get_voice",
    "IngestCounts",
    "labels_frame",
    "latest_model_version",
    "list_api_keys",
    "list_areas",
    "list_audit",
    "list_quarantine",
    "list_users",
    "migrate",
    "open_store",
    "restore",
    "revoke_api_key",
    "revoke_token",
    "save_classifications",
    "search_voices",
    "set_password_hash",
    "unclassified_voices",
    "user_credentials",
    "VoiceFilter",
    "voices_frame",
    "write_audit",
]
