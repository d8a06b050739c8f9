"""forget: a reporter's contact (and, when asked, voices) erased, audited, analyses intact."""

from __future__ import annotations

import base64
import os

import polars as pl
from sqlalchemy import Engine

from vitalcore import store, workflow
from vitalcore.store import privacy as privacy_store
from vitalcore.workflow.intake import submit_voices
from vitalcore.workflow.protection import forget_reporter

KEY = base64.urlsafe_b64encode(os.urandom(32))


def _seed(engine: Engine) -> str:
    voices = [
        {"text": f"Armed men attacked the village of Ber, night {i}", "channel": "sms",
         "source": "hotline", "id": f"f-{i}", "area_pcode": "ML01",
         "reporter": "+22371111111" if i < 3 else f"+2237222{i:04d}"}
        for i in range(8)
    ]
    submit_voices(engine, voices, origin="test", source=None, key=KEY)
    workflow.classify_pending(engine)
    rows, _ = store.search_voices(engine, store.VoiceFilter(text="night 0"))
    return rows[0]["reporter"]


def test_forget_contact_keeps_voices_but_unlinks_them(engine: Engine) -> None:
    pseudonym = _seed(engine)
    counts = forget_reporter(engine, reporter=pseudonym, voices=False, actor="cli:test")
    assert counts["reporter_contacts"] == 1 and counts["voices_unlinked"] == 3
    assert privacy_store.contact_token(engine, pseudonym) is None
    assert store.search_voices(engine, store.VoiceFilter(reporter=pseudonym))[1] == 0
    assert store.count_rows(engine, "voices") == 8
    (entry,), _ = store.list_audit(engine, action="forget")
    assert entry["subject"] == pseudonym and entry["detail"]["voices"] is False


def test_forget_with_voices_leaves_consistent_analyses(engine: Engine) -> None:
    pseudonym = _seed(engine)
    counts = forget_reporter(engine, reporter=pseudonym, voices=True, actor="cli:test",
                             reason="reporter asked")
    assert counts["voices"] == 3 and counts["classifications"] == 3
    assert store.count_rows(engine, "voices") == 5
    labels = store.labels_frame(engine)
    assert labels["voice_id"].n_unique() == 5  # no label points at an erased voice
    table = workflow.vital_core(engine, min_voices=1)
    overall = table.filter((pl.col("area_pcode") == "ALL") & (pl.col("dimension") == "personal"))
    assert overall["voices"].to_list() == [5]
    (entry,), _ = store.list_audit(engine, action="forget")
    assert entry["reason"] == "reporter asked" and "+22371111111" not in str(entry)
