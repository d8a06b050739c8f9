"""Encrypted contacts and originals in the store; forgetting a reporter."""

from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, text

from vitalcore import privacy, store
from vitalcore.ingest import ingest_file

PHONE, EMAIL, NAME = "+223 76 12 34 56", "awa.traore@example.org", "Awa Traoré"


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "cla.csv"
    path.write_text(
        "id,text,channel,source,date,reporter,reporter_name,email\n"
        f'c1,"Armed men came; call {PHONE} or {EMAIL}",cla_interview,cla-north,2026-07-01,'
        f"{PHONE},{NAME},{EMAIL}\n"
        "c2,The well is dry,cla_interview,cla-north,2026-07-02,+22376123456,,\n"
        "c3,No school since May,cla_interview,cla-north,2026-07-03,+22670000001,,\n",
        encoding="utf-8",
    )
    return path


def _dump(engine: Engine) -> str:
    """Every value of every table, as one string, to look for plaintext."""
    out = []
    with engine.connect() as conn:
        for table in ("voices", "quarantine", "reporter_contacts", "voice_originals",
                      "voice_attributes", "quarantine_details"):
            out += [repr(tuple(r)) for r in conn.execute(text(f"SELECT * FROM {table}"))]
    return "\n".join(out)


def test_no_plaintext_contact_reaches_the_store(engine: Engine, tmp_path: Path) -> None:
    counts = ingest_file(engine, _file(tmp_path))
    assert counts.stored == 3
    dump = _dump(engine)
    for secret in (PHONE, "22376123456", "76 12 34 56", EMAIL, "Awa", "Traor"):
        assert secret not in dump
    key = privacy.load_key()
    alias = privacy.pseudonym(PHONE, key)
    voices = store.unclassified_voices(engine, "none")
    texts = dict(voices)
    assert "call [phone] or [email]" in "".join(texts.values())
    token = store.contact_token(engine, alias)
    assert token is not None and NAME in privacy.decrypt(token, key)
    (c1,) = [vid for vid, t in voices if "[phone]" in t]
    assert PHONE in privacy.decrypt(store.original_token(engine, c1) or b"", key)


def test_same_phone_in_two_layouts_is_one_reporter(engine: Engine, tmp_path: Path) -> None:
    ingest_file(engine, _file(tmp_path))
    frame = store.voices_frame(engine)
    assert frame["reporter"].n_unique() == 2  # +223 76 12 34 56 == +22376123456


def test_forget_reporter_erases_contact_originals_and_optionally_voices(
    engine: Engine, tmp_path: Path
) -> None:
    ingest_file(engine, _file(tmp_path))
    alias = privacy.pseudonym(PHONE, privacy.load_key())
    kept = store.forget_reporter(engine, alias, voices=False)
    assert kept["reporter_contacts"] == 1 and kept["voice_originals"] == 1
    assert kept["voices_unlinked"] == 2
    assert store.contact_token(engine, alias) is None
    assert store.count_rows(engine, "voices") == 3
    other = privacy.pseudonym("+22670000001", privacy.load_key())
    gone = store.forget_reporter(engine, other, voices=True)
    assert gone["voices"] == 1 and store.count_rows(engine, "voices") == 2


def test_add_contacts_keeps_the_first(engine: Engine) -> None:
    assert store.add_contacts(engine, [("r-1", b"a"), ("r-1", b"b"), ("r-2", b"c")]) == 2
    assert store.add_contacts(engine, [("r-1", b"z")]) == 0
    assert store.contact_token(engine, "r-1") == b"a"


def _reporter_rows(engine: Engine, alias: str) -> tuple[int, int, int]:
    """(voices naming the reporter, their contact rows, originals of voices once theirs)."""
    with engine.connect() as conn:
        named = conn.scalar(text("SELECT count(*) FROM voices WHERE reporter = :r"), {"r": alias})
        contacts = conn.scalar(text("SELECT count(*) FROM reporter_contacts "
                                    "WHERE pseudonym = :r"), {"r": alias})
        originals = conn.scalar(text("SELECT count(*) FROM voice_originals"))
    return named, contacts, originals


def test_ingesting_the_same_file_again_does_not_undo_an_erasure(
    engine: Engine, tmp_path: Path
) -> None:
    """Ingest is idempotent and gets re-run: the erased contact (stored beside every
    record of the reporter, duplicates included) and originals must stay erased, and
    erased voices must not be stored again."""
    path = _file(tmp_path)
    ingest_file(engine, path)
    key = privacy.load_key()
    alias, other = privacy.pseudonym(PHONE, key), privacy.pseudonym("+22670000001", key)
    assert _reporter_rows(engine, alias) == (2, 1, 1)
    store.forget_reporter(engine, alias, voices=False)
    again = ingest_file(engine, path)
    assert (again.read, again.stored, again.duplicates) == (3, 0, 3)
    assert _reporter_rows(engine, alias) == (0, 0, 0)
    assert store.contact_token(engine, alias) is None
    assert store.count_rows(engine, "voices") == 3

    store.forget_reporter(engine, other, voices=True)
    assert store.count_rows(engine, "voices") == 2
    again = ingest_file(engine, path)
    assert (again.read, again.stored, again.duplicates) == (3, 0, 3)
    assert store.count_rows(engine, "voices") == 2
    assert _reporter_rows(engine, other)[:2] == (0, 0)


def test_what_a_reporter_says_after_the_erasure_is_new_testimony(
    engine: Engine, tmp_path: Path
) -> None:
    path = _file(tmp_path)
    ingest_file(engine, path)
    alias = privacy.pseudonym(PHONE, privacy.load_key())
    store.forget_reporter(engine, alias, voices=True)
    assert store.count_rows(engine, "voices") == 1
    # As if the erasure had been made on 1 July at noon: c1 (told on 1 July) falls under
    # it, c2 (2 July) was told after it and is stored, with its reporter and contact.
    with engine.begin() as conn:
        conn.execute(text("UPDATE erased_reporters SET erased_at = :at"),
                     {"at": datetime(2026, 7, 1, 12)})
    again = ingest_file(engine, path)
    assert again.stored == 1 and store.count_rows(engine, "voices") == 2
    assert _reporter_rows(engine, alias)[:2] == (1, 1)


def test_erasing_again_keeps_the_voices_erased(engine: Engine) -> None:
    store.forget_reporter(engine, "r-1", voices=True)
    store.forget_reporter(engine, "r-1", voices=False)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT voices FROM erased_reporters")).scalars().all() == [True]
