"""The store's reads and types that the outputs (cli, api, web, briefing) show as they are.

Outputs never import `vitalcore.store` or `vitalcore.analysis` (the import contracts in
tests/test_layers.py); where they only need a row, a count or a type from the store,
they take it from here, so the store can change behind one public door. (Types and
helpers of the analyses' results are in results.py.)
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from vitalcore import store

# Each is the store's own, looked up on first use (store exports lazily too), so that
# `users list` does not import the store's frame readers, nor `rank` its accounts.
_FROM_STORE = frozenset({
    "Account",
    "AuditEntry",
    "BackupError",
    "DuplicateUser",
    "IngestCounts",
    "VoiceFilter",
    "analysis_version",
    "areas_frame",
    "areas_of_voices",
    "boundaries_version",
    "count_voices",
    "count_voices_by",
    "data_version",
    "disable_user",
    "get_voice",
    "keep_output",
    "kept_output",
    "kept_version",
    "latest_labels",
    "latest_model_version",
    "latest_voice_time",
    "list_api_keys",
    "list_audit",
    "list_boundaries",
    "list_users",
    "mandates_version",
    "quarantine_entries",
    "quotable_voices",
    "revoke_api_key",
    "search_voices",
})

__all__ = sorted([*_FROM_STORE, "area_pcodes", "resolve_voice_id", "voice_reading"])


def area_pcodes(engine: Engine) -> list[str]:
    """P-codes of every area in the gazetteer, in the store's order."""
    return store.areas_frame(engine)["pcode"].to_list()

# A prefix shorter than this is not looked up: in a large store it is ambiguous, and in
# a small one it would pick a voice the analyst did not mean.
MIN_PREFIX = 4


def resolve_voice_id(engine: Engine, given: str) -> str:
    """The voice id `given` names: the id itself, or a unique prefix of one (what `review`
    and the tables print). ValueError saying so when none or several voices match."""
    given = given.strip()
    if store.voice_exists(engine, given):
        return given
    if len(given) < MIN_PREFIX:
        raise ValueError(f"no voice with id {given!r} (a prefix needs {MIN_PREFIX}+ characters)")
    found = store.voice_ids_with_prefix(engine, given, limit=2)
    if not found:
        raise ValueError(f"no voice with id {given!r} in the store")
    if len(found) > 1:
        raise ValueError(f"voice id prefix {given!r} is ambiguous ({found[0]}, {found[1]}, "
                         "...): give more of the id")
    return found[0]


def voice_reading(engine: Engine, voice_id: str) -> dict[str, Any] | None:
    """A stored voice as its latest classification read it, or None when no such voice
    (a read: here, not beside the classifier, so `voices show` loads no model).

    Keys: voice_id, text, channel, source, occurred_at, area_pcode (the voice's own),
    and `reading` (None while unclassified): model_version, language, dimensions,
    threat_types, groups, severity, severity_counts, evidence ({label: terms}) and
    area_pcode (the area the classification resolved).
    """
    found = store.get_voice(engine, voice_id)
    if found is None:
        return None
    out = {"voice_id": found["id"], "text": found["text"], "channel": found["channel"],
           "source": found["source"], "occurred_at": found["occurred_at"],
           "area_pcode": found["area_pcode"], "reading": None}
    stored = found["classification"]
    if stored is not None:
        detail = store.classification_detail(engine, voice_id, stored["model_version"]) or {}
        out["reading"] = {
            "model_version": stored["model_version"], "language": stored["language"],
            "dimensions": stored["dimensions"], "threat_types": stored["threat_types"],
            "groups": stored["groups"], "severity": stored["severity"],
            "severity_counts": detail.get("severity_counts", {}),
            "evidence": {e["label"]: e["terms"] for e in stored["evidence"]},
            "area_pcode": detail.get("area_pcode"),
        }
    return out


def __getattr__(name: str) -> object:
    if name in _FROM_STORE:
        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
