"""Encrypted contacts and originals in the store; forgetting a reporter."""

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
