"""The tables, as SQLAlchemy Core metadata. Migrations in migrations/versions create them.

Voices are immutable: a correction is a new voice whose `corrects` points at the old one.
Classifications are keyed by (voice, model version) so that a retrained model adds
rows instead of overwriting what analysts already saw.
"""

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

# Rows (or keys) per statement, for every batched write and IN list of the store: SQLite
# allows 32766 bound parameters per statement, and the widest table (voices) has 23
# columns.
ROWS_PER_STATEMENT = 1000

metadata = MetaData()

areas = Table(
    "areas",
    metadata,
    Column("pcode", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("country", String(8), nullable=False),
    Column("admin_level", Integer, nullable=False, default=1),
    Column("parent_pcode", String(32)),
    Column("alt_names", JSON, nullable=False, default=list),
    Column("lat", Float),
    Column("lon", Float),
)

voices = Table(
    "voices",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("text", Text, nullable=False),
    Column("channel", String(32), nullable=False),
    Column("source", Text, nullable=False),
    Column("source_id", Text),
    Column("language", String(16)),
    Column("occurred_at", DateTime(timezone=False)),
    Column("area_pcode", String(32)),
    Column("place_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("reporter", String(64)),
    Column("groups_reported", JSON, nullable=False, default=list),
    Column("priorities", JSON, nullable=False, default=list),
    Column("severity_reported", Integer),
    Column("solution", Text),
    Column("consent_quote", Boolean, nullable=False, default=False),
    Column("consent_share", Boolean, nullable=False, default=False),
    Column("corrects", String(32)),
    Column("prov_file", Text, nullable=False),
    Column("prov_row", Integer, nullable=False),
    Column("prov_message_id", Text),
    Column("ingested_at", DateTime(timezone=False), nullable=False),
    # Migration 0014: with the id, an area's voice ids are read from the index alone.
    Index("ix_voices_area_time_id", "area_pcode", "occurred_at", "id"),
    # Migration 0009: the dashboard's per-request reads (data version, newest voice).
    Index("ix_voices_ingested_at", "ingested_at"),
    Index("ix_voices_occurred_at", "occurred_at"),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("file", Text, nullable=False),
    Column("row", Integer, nullable=False),
    Column("message_id", Text),
    Column("field", Text),
    Column("reason", Text, nullable=False),
    Column("raw", JSON, nullable=False),
    Column("created_at", DateTime(timezone=False), nullable=False),
    # The reporter's pseudonym when the record named one (migration 0022), so that
    # `vitalcore forget` erases their quarantined records too.
    Column("reporter", String(32), index=True),
)

classifications = Table(
    "classifications",
    metadata,
    Column("voice_id", String(32), ForeignKey("voices.id"), primary_key=True),
    Column("model_version", String(64), primary_key=True),
    Column("language", String(16)),
    Column("dimensions", JSON, nullable=False),
    Column("groups", JSON, nullable=False),
    Column("threat_types", JSON, nullable=False, default=dict),
    Column("severity", Integer, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("created_at", DateTime(timezone=False), nullable=False),
    Index("ix_classifications_created_at", "created_at"),  # latest model (0009)
)

# One row per (voice, label): the long form that SQL and polars aggregate quickly.
voice_labels = Table(
    "voice_labels",
    metadata,
    Column("voice_id", String(32), ForeignKey("voices.id"), primary_key=True),
    Column("model_version", String(64), primary_key=True),
    Column("kind", String(16), primary_key=True),  # 'dimension', 'threat' or 'group'
    Column("label", String(32), primary_key=True),
    Column("score", Float, nullable=False),
    # Migration 0011: covers the voice list's "labelled D by model M" filter, and every
    # query by (kind, label): the index of those two alone was dropped in 0015.
    Index("ix_voice_labels_label_version_score", "kind", "label", "model_version", "score",
          "voice_id"),
)


# --- issue 3: classification models and analysts' corrections ---

# Trained model artefacts (numpy .npz bytes, never pickle), keyed by their content hash.
model_artefacts = Table(
    "model_artefacts",
    metadata,
    Column("version", String(64), primary_key=True),
    Column("created_at", DateTime(timezone=False), nullable=False),
    Column("artefact", LargeBinary, nullable=False),
    Column("record", JSON, nullable=False),  # training data, parameters, validation
)

# An analyst's word on one label of one voice: value True adds it, False removes it.
# Corrections are kept, never overwritten; the latest per (voice, kind, label) counts.
label_corrections = Table(
    "label_corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("voice_id", String(32), ForeignKey("voices.id"), nullable=False),
    Column("kind", String(16), nullable=False),  # 'dimension', 'threat' or 'group'
    Column("label", String(32), nullable=False),
    Column("value", Boolean, nullable=False),
    Column("analyst", Text, nullable=False),
    Column("created_at", DateTime(timezone=False), nullable=False),
    Index("ix_label_corrections_voice", "voice_id"),
)

# What a classification found beyond its labels: the resolved area and severity counts.
classification_details = Table(
    "classification_details",
    metadata,
    Column("voice_id", String(32), primary_key=True),
    Column("model_version", String(64), primary_key=True),
    Column("area_pcode", String(32)),
    Column("severity_counts", JSON, nullable=False),
)


# --- issue 5: ingest privacy, quarantine context, event attributes ---
# Reporter contacts (phone, name, e-mail), encrypted with the key kept outside the store;
# voices carry only the pseudonym.
reporter_contacts = Table(
    "reporter_contacts",
    metadata,
    Column("pseudonym", String(32), primary_key=True),
    Column("contact_encrypted", LargeBinary, nullable=False),
    Column("first_seen", DateTime(timezone=False), nullable=False),
)

# The register of erasures (`vitalcore forget`, migration 0016): which pseudonyms were
# erased, when, and whether their voices went too. Ingest and scale load read it, so a
# file or partition loaded again cannot bring back what was erased. The pseudonym is a
# keyed hash: the register names no one to whoever reads the store without the key.
erased_reporters = Table(
    "erased_reporters",
    metadata,
    Column("pseudonym", String(32), primary_key=True),
    Column("voices", Boolean, nullable=False),  # the voices were erased, not only unlinked
    Column("erased_at", DateTime(timezone=False), nullable=False),
)

# The fingerprint of the privacy key this store was written with (migration 0022):
# privacy.key_fingerprint, 16 hex digits derived under their own purpose, so it tells
# nothing about the key. A store opened with another key is refused (workflow.open).
store_key = Table(
    "store_key",
    metadata,
    Column("fingerprint", String(16), primary_key=True),
    Column("recorded_at", DateTime(timezone=False), nullable=False),
)

# The text as received, before phone numbers and e-mails were scrubbed, encrypted.
voice_originals = Table(
    "voice_originals",
    metadata,
    Column("voice_id", String(32), primary_key=True),
    Column("text_encrypted", LargeBinary, nullable=False),
)

# Source fields that have no Voice field but matter later (event type, actors,
# fatalities, precision codes of UCDP/ACLED; a survey's extra answers).
voice_attributes = Table(
    "voice_attributes",
    metadata,
    Column("voice_id", String(32), primary_key=True),
    Column("attributes", JSON, nullable=False),
)

# What a quarantined record needs to be retried: how it was read, and its raw fields
# encrypted (they may hold contacts; quarantine.raw keeps a scrubbed copy for display).
quarantine_details = Table(
    "quarantine_details",
    metadata,
    Column("quarantine_id", String(32), primary_key=True),
    Column("format", String(32), nullable=False),
    Column("mapping", Text, nullable=False),
    Column("channel", String(32)),
    Column("source", Text),
    Column("raw_encrypted", LargeBinary, nullable=False),
)


# --- issue 7: actions and area adjacency ---
# What duty-bearers did, so that outcomes before and after can be compared.
actions = Table(
    "actions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("area_pcode", String(32), nullable=False),
    Column("dimension", String(16), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("start", Date, nullable=False),
    Column("end", Date),
    Column("description", Text, nullable=False, default=""),
    Column("recorded_by", Text),
    Column("created_at", DateTime(timezone=False), nullable=False),
    Index("ix_actions_area", "area_pcode"),
)

# Neighbouring areas (an undirected edge, stored once with pcode_a < pcode_b); when a
# store has none, spread falls back to distance between area centroids.
area_links = Table(
    "area_links",
    metadata,
    Column("pcode_a", String(32), primary_key=True),
    Column("pcode_b", String(32), primary_key=True),
    Column("cross_border", Boolean, nullable=False, default=False),
)


# --- issue 8: mandates ---
# A mandate is one parsed text (resolution or summary), keyed by a hash of that text so
# that importing the same file twice stores nothing new.
mandates = Table(
    "mandates",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("symbol", Text, nullable=False),
    Column("kind", String(16), nullable=False),  # 'resolution' or 'summary'
    Column("number", Integer),
    Column("year", Integer),
    Column("adopted_on", Date),
    Column("meeting", Integer),
    Column("mission", String(32)),
    Column("troop_ceiling", Integer),
    Column("police_ceiling", Integer),
    Column("mandate_until", Date),
    Column("source_file", Text, nullable=False),
    Column("imported_at", DateTime(timezone=False), nullable=False),
    Index("ix_mandates_mission", "mission", "adopted_on"),
)

mandate_paragraphs = Table(
    "mandate_paragraphs",
    metadata,
    Column("mandate_id", String(32), ForeignKey("mandates.id"), primary_key=True),
    Column("number", String(32), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("part", String(16), nullable=False),
    Column("level", Integer, nullable=False),
    Column("parent", String(32)),
    Column("verb", String(32)),
    Column("priority", Boolean, nullable=False),
    Column("line", Integer, nullable=False),
    Column("text", Text, nullable=False),
)

mandate_tasks = Table(
    "mandate_tasks",
    metadata,
    Column("mandate_id", String(32), ForeignKey("mandates.id"), primary_key=True),
    Column("task_id", String(32), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("paragraph", String(32), nullable=False),
    Column("verb", String(32)),
    Column("priority", Boolean, nullable=False),
    Column("weight", Float, nullable=False),
    Column("heading", Text),
    Column("text", Text, nullable=False),
    Column("categories", JSON, nullable=False),
    Column("dimensions", JSON, nullable=False),
    Column("threat_types", JSON, nullable=False),
    Column("groups", JSON, nullable=False),
    Column("evidence", JSON, nullable=False),
    Column("model_version", String(64), nullable=False),
)


# --- issue 9: accounts, tokens, API keys, audit log ---
# Secrets are never stored: passwords as argon2 hashes, tokens and API keys as keyed
# HMAC-SHA256 digests (api/security.py says why that is enough for random secrets).

users = Table(
    "users",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(32), nullable=False),
    Column("source", Text),  # when set, the user may only submit voices for this source
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=False), nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", String(16), primary_key=True),  # public part of the key, shown in lists
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("role", String(32), nullable=False),
    Column("source", Text),
    Column("created_at", DateTime(timezone=False), nullable=False),
    Column("revoked_at", DateTime(timezone=False)),
)

auth_tokens = Table(
    "auth_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", String(32), ForeignKey("users.id"), nullable=False),
    Column("created_at", DateTime(timezone=False), nullable=False),
    Column("expires_at", DateTime(timezone=False), nullable=False),
    Index("ix_auth_tokens_user", "user_id"),
)

# Append-only: triggers created by migration 0007 make UPDATE and DELETE fail on both
# backends. Rows name pseudonyms and reasons, never the personal data revealed.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=False), nullable=False),
    Column("actor", Text, nullable=False),
    Column("role", String(32), nullable=False),
    Column("action", String(32), nullable=False),
    Column("subject", Text),
    Column("reason", Text),
    Column("detail", JSON, nullable=False, default=dict),
    Index("ix_audit_log_action_at", "action", "at"),
)


# --- issue 12: scale-out partitions ---
# The ledger of Parquet partitions bulk-loaded by `vitalcore scale load`: one row per
# partition (date=D/country=C), with the content hash that makes a re-load a no-op when
# nothing changed and an exact replacement when something did.
scale_partitions = Table(
    "scale_partitions",
    metadata,
    Column("partition_key", String(128), primary_key=True),
    Column("content_hash", String(64), nullable=False),
    Column("model_version", String(64), nullable=False),
    Column("rows", Integer, nullable=False),  # voices in the partition's files
    Column("voices_owned", Integer, nullable=False),  # of which this partition stored
    Column("loaded_at", DateTime(timezone=False), nullable=False),
)

# Which partition stored which voice: what a re-load deletes before it copies again.
# Voices that were already in the store (ingested on one machine, or by another
# partition) are not owned, so a re-load never deletes what it did not write.
scale_partition_voices = Table(
    "scale_partition_voices",
    metadata,
    Column("voice_id", String(32), ForeignKey("voices.id"), primary_key=True),
    Column("partition_key", String(128), nullable=False),
    Index("ix_scale_partition_voices_partition", "partition_key"),
)


# The read indexes a bulk load (`vitalcore scale load --defer-indexes`) dropped, with the
# definitions to build them again: written in the dropping transaction, so a load that
# dies halfway still says what is missing (store/deferred_indexes.py; migration 0017).
deferred_indexes = Table(
    "deferred_indexes",
    metadata,
    Column("name", String(128), primary_key=True),
    Column("table_name", String(128), nullable=False),
    Column("definition", Text, nullable=False),
    Column("deferred_at", DateTime(timezone=False), nullable=False),
)

# --- issue 10: area boundaries for the map ---
# A GeoJSON Polygon or MultiPolygon per area; a new import of a P-code replaces the old
# one (boundaries are revised with each COD release, and the latest is what is drawn).
area_boundaries = Table(
    "area_boundaries",
    metadata,
    Column("pcode", String(32), ForeignKey("areas.pcode"), primary_key=True),
    Column("geometry", JSON, nullable=False),
    Column("source", Text, nullable=False),
    Column("imported_at", DateTime(timezone=False), nullable=False),
)


# --- issue 10: counters the dashboard's data version reads in O(1) ---
# `voices_deleted` rises with every delete of voices (migration 0013's trigger: per row
# on SQLite, per statement on PostgreSQL). With the highest rowid it tells the data
# version that voices came or went without counting a million rows per page (0.03-0.24 s).
store_counters = Table(
    "store_counters",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", BigInteger, nullable=False),
)


# --- issue 25: the situation (kind of conflict and State) per country/area and period ---
# Versioned: `situation set` adds a row and never edits one, so the record of what was
# assumed when stays; the newest row recorded for a (country, area) wins.
situations = Table(
    "situations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("country", String(8), nullable=False),
    Column("area_pcode", String(32)),
    Column("conflict", String(24), nullable=False),
    Column("state", String(8), nullable=False),
    Column("since", Date, nullable=False),
    Column("until", Date),
    Column("ap2_threshold", Boolean),
    Column("note", Text),
    Column("recorded_by", Text),
    Column("recorded_at", DateTime(timezone=False), nullable=False),
    Index("ix_situations_country", "country", "area_pcode"),
)

# --- issue 21 (places): where a voice's place field and its text disagree ---
# One row per voice whose place column (or coordinates) and text name areas that do not
# contain each other: the column's area is the one counted, the text's is kept here for
# review (`vitalcore places conflicts`). Migration 0019.
place_conflicts = Table(
    "place_conflicts",
    metadata,
    Column("voice_id", String(32), primary_key=True),
    Column("given_pcode", String(32), nullable=False),
    Column("text_pcode", String(32), nullable=False),
    Column("recorded_at", DateTime(timezone=False), nullable=False),
)

# --- issue 22: alerts stored with their lifecycle ---
# Each alert episode (analysis.alerts) once seen is kept, so an alert has a history:
# `new` when first seen, `ongoing` while it signals, `closed` when it has resolved or
# a later reading of the data no longer holds it. `alert_refresh` remembers which state
# of the data (voices and classifications) the stored alerts were computed from, so
# reads do not recompute them.
alerts = Table(
    "alerts",
    metadata,
    Column("alert_id", String(32), primary_key=True),
    Column("freq", String(8), primary_key=True),
    Column("area_pcode", String(32), nullable=False),
    Column("dimension", String(32)),
    Column("threat_type", String(64)),
    Column("first_signal", Date, nullable=False),
    Column("last_signal", Date, nullable=False),
    Column("resolved_on", Date),
    Column("state", String(16), nullable=False),
    Column("lifecycle", String(16), nullable=False),
    Column("algorithms", JSON, nullable=False),
    Column("statistics", JSON, nullable=False),
    Column("voices", Integer, nullable=False),
    Column("peak_voices", Integer, nullable=False),
    Column("first_seen_at", DateTime(timezone=False), nullable=False),
    Column("updated_at", DateTime(timezone=False), nullable=False),
    Index("ix_alerts_area_dimension", "area_pcode", "dimension"),
)

alert_refresh = Table(
    "alert_refresh",
    metadata,
    Column("freq", String(8), primary_key=True),
    Column("data_key", String(128), nullable=False),
    Column("refreshed_at", DateTime(timezone=False), nullable=False),
)

# --- issue 24: what a store says about itself (migration 0024) ---
# `synthetic` marks a demonstration store (`vitalcore demo`); `demo_key_file` is where
# that store's own privacy key lies. Real stores have no marks.
store_marks = Table(
    "store_marks",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# --- issue 24: what a read command printed, kept for the data it was computed from ---
# A read command's output under a key of the command, its options, the terminal and the
# code: its writes to standard output (1) and error (2) in the order printed, as JSON
# [[1, text], [2, text], ...]; `version` is the store's data version when it was printed
# (store/kept.py). Another version is never read: it is replaced.
kept_outputs = Table(
    "kept_outputs",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("version", String(64), nullable=False),
    Column("output", Text, nullable=False),
    Column("kept_at", DateTime(timezone=False), nullable=False),
)
