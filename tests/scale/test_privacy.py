"""The scaled path protects reporters exactly as file ingest does: no contact and no
unscrubbed text in plain anywhere in its Parquet output or in the store it loads, and
the protected rows (encrypted originals, contacts, raw quarantined fields, attributes)
mean what file ingest's mean."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from sqlalchemy import Engine, select

from tests.scale.conftest import open_target
from tests.scale.shardgen import PLANTED_NAME, PLANTED_PHONE
from vitalcore import privacy, workflow
from vitalcore.scale import dataset
from vitalcore.scale.classify import IngestSettings, classify_shard
from vitalcore.scale.shards import discover
from vitalcore.store.schema import (
    metadata,
    quarantine_details,
    reporter_contacts,
    voice_attributes,
    voice_originals,
)

# The planted phone as it could appear once normalised (digits only) or as written.
NEEDLES = (PLANTED_PHONE, re.sub(r"\D", "", PLANTED_PHONE), "76 12 34 56",
           PLANTED_NAME, "Planted-Traor")


def plain_hits(text: str) -> list[str]:
    return [n for n in NEEDLES if n in text]


@pytest.fixture(scope="module")
def protected_out(client, shard_dir: Path, gazetteer_store: Engine,
                  tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("protected")
    workflow.scale_classify(client, [shard_dir], out, engine=gazetteer_store)
    return out


def test_the_input_does_hold_the_planted_contacts(shard_dir: Path) -> None:
    """Else the scans below could find nothing for want of anything to find."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(shard_dir.iterdir()))
    assert PLANTED_PHONE in text and PLANTED_NAME in text


def test_no_plaintext_contact_in_the_parquet_output(protected_out: Path) -> None:
    scanned = 0
    for path in sorted(p for p in protected_out.rglob("*") if p.is_file()):
        if path.suffix == ".parquet":
            # Parquet pages are compressed: scan the values, not the bytes.
            content = json.dumps(pq.read_table(path).to_pylist(), default=repr,
                                 ensure_ascii=False)
        else:
            content = path.read_text(encoding="utf-8")
        assert plain_hits(content) == [], path.relative_to(protected_out)
        scanned += 1
    assert scanned > len(dataset.manifests(protected_out))


def _decrypted(engine: Engine, key: bytes) -> dict[str, dict]:
    with engine.connect() as conn:
        originals = {r.voice_id: privacy.decrypt(bytes(r.text_encrypted), key)
                     for r in conn.execute(select(voice_originals))}
        contacts = {r.pseudonym: json.loads(privacy.decrypt(bytes(r.contact_encrypted), key))
                    for r in conn.execute(select(reporter_contacts))}
        attributes = {r.voice_id: r.attributes for r in conn.execute(select(voice_attributes))}
        raw = {r.quarantine_id: (r.format, r.mapping, r.channel, r.source,
                                 json.loads(privacy.decrypt(bytes(r.raw_encrypted), key)))
               for r in conn.execute(select(quarantine_details))}
    return {"originals": originals, "contacts": contacts, "attributes": attributes,
            "quarantine": raw}


def _plain_in_store(engine: Engine) -> dict[str, list[str]]:
    """Every table, every row, as text: where a planted value appears in plain."""
    found: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(select(table)):
                hits = plain_hits(repr(tuple(row)))
                if hits:
                    found.setdefault(table.name, []).extend(hits)
    return found


def test_store_holds_no_plaintext_and_the_same_protected_rows_as_file_ingest(
    client, protected_out: Path, reference: Engine, target: tuple[str, str | None]
) -> None:
    url, schema = target
    workflow.scale_load(client, protected_out, url, schema=schema)
    engine = open_target(target)
    try:
        assert _plain_in_store(engine) == {}
        assert _plain_in_store(reference) == {}  # file ingest, the reference, neither
        key = privacy.load_key()
        scaled, single = _decrypted(engine, key), _decrypted(reference, key)
        for name in ("originals", "contacts", "quarantine"):
            assert len(scaled[name]) == len(single[name]) > 0, name
            assert scaled[name] == single[name], name
        assert scaled["attributes"] == single["attributes"]
        # Protected, not lost: the planted values are there, encrypted.
        assert any(PLANTED_PHONE in text for text in scaled["originals"].values())
        assert any(c.get("reporter_name") == PLANTED_NAME for c in scaled["contacts"].values())
        assert any(PLANTED_PHONE in json.dumps(raw[4], ensure_ascii=False)
                   for raw in scaled["quarantine"].values())
        # A forced re-load replaces the partitions without doubling or dropping any.
        workflow.scale_load(client, protected_out, url, schema=schema, force=True)
        assert _decrypted(engine, key) == scaled
    finally:
        engine.dispose()


def test_a_task_with_another_key_than_the_driver_writes_nothing(
    shard_dir: Path, tmp_path: Path
) -> None:
    shard = discover([shard_dir])[0]
    other = privacy.key_fingerprint(privacy.load_key())[::-1]
    from vitalcore.classify import default_classifier

    with pytest.raises(privacy.KeyMismatchError, match="not the driver's"):
        classify_shard(shard, str(tmp_path / "out"), default_classifier(), [],
                       IngestSettings(), other)
    assert not (tmp_path / "out").exists()


def test_the_driver_refuses_workers_without_its_key(
    client, shard_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers keep the session's key; a driver with another one must not start."""
    monkeypatch.setenv("VITALCORE_KEY_FILE",
                       str(privacy.create_key(tmp_path / "another.key")))
    with pytest.raises(privacy.KeyMismatchError, match="workers without"):
        workflow.scale_classify(client, [shard_dir], tmp_path / "out")
    assert not (tmp_path / "out").exists()


@contextmanager
def _loaded(client, out: Path, target: tuple[str, str | None]  # noqa: ANN001
            ) -> Iterator[tuple[Engine, bytes, str]]:
    """The output loaded into the target: (store, key, the planted reporter's pseudonym)."""
    url, schema = target
    workflow.scale_load(client, out, url, schema=schema)
    engine = open_target(target)
    try:
        key = privacy.load_key()
        yield engine, key, privacy.pseudonym(PLANTED_PHONE, key)
    finally:
        engine.dispose()


def test_a_reload_after_erasure_brings_no_contact_or_original_back(
    client, protected_out: Path, target: tuple[str, str | None]
) -> None:
    """`vitalcore forget` erases a reporter's contact and originals and unlinks their
    voices; a forced re-load of every partition must not restore any of it."""
    from vitalcore.store.privacy import forget_reporter

    url, schema = target
    with _loaded(client, protected_out, target) as (engine, key, planted):
        before = _decrypted(engine, key)
        assert planted in before["contacts"]
        erased = forget_reporter(engine, planted, voices=False)
        assert erased["reporter_contacts"] == 1 and erased["voices_unlinked"] > 0
        after_erasure = _decrypted(engine, key)
        workflow.scale_load(client, protected_out, url, schema=schema, force=True)
        reloaded = _decrypted(engine, key)
        assert planted not in reloaded["contacts"]
        assert reloaded == after_erasure
        assert len(reloaded["contacts"]) == len(before["contacts"]) - 1


def test_a_reload_after_erasing_the_voices_stores_none_of_them_again(
    client, protected_out: Path, target: tuple[str, str | None]
) -> None:
    """After `vitalcore forget --voices` the reporter's voices are gone; a forced re-load
    of every partition (which would find them new) must withhold them, their originals
    and their contact, and store everything else exactly as before."""
    from sqlalchemy import func

    from vitalcore.store.schema import voices

    url, schema = target
    with _loaded(client, protected_out, target) as (engine, key, planted):

        def theirs() -> int:
            with engine.connect() as conn:
                return conn.scalar(select(func.count()).select_from(voices).where(
                    voices.c.reporter == planted)) or 0

        assert theirs() > 0
        workflow.forget_reporter(engine, reporter=planted, voices=True, actor="test")
        with engine.connect() as conn:
            stored = conn.scalar(select(func.count()).select_from(voices))
        after_erasure = _decrypted(engine, key)
        assert theirs() == 0 and planted not in after_erasure["contacts"]
        report = workflow.scale_load(client, protected_out, url, schema=schema, force=True)
        assert all(p.status == "loaded" for p in report.partitions)
        with engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(voices)) == stored
        assert theirs() == 0
        assert _decrypted(engine, key) == after_erasure
