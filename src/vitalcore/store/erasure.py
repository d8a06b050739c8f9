"""Erasure of everything derived from a reporter's voices, whichever issue added it.

Every table with a `voice_id` column holds something derived from one voice (labels,
corrections, details, attributes, originals). Finding them in the metadata, rather than
listing them, means a table added later cannot be forgotten by `vitalcore forget`, and
foreign keys to voices never block the erasure.
"""

from __future__ import annotations

from sqlalchemy import Engine, delete, select

from vitalcore.store.schema import metadata, voices


def erase_voice_dependents(engine: Engine, pseudonym: str) -> dict[str, int]:
    """Delete every row keyed by a voice of this reporter (not the voices themselves)."""
    own = select(voices.c.id).where(voices.c.reporter == pseudonym)
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):  # dependents before what they need
            if table is voices or "voice_id" not in table.c:
                continue
            deleted = conn.execute(delete(table).where(table.c.voice_id.in_(own))).rowcount
            if deleted:
                counts[table.name] = deleted
    return counts
