"""The privacy contract: key handling, pseudonyms, encryption, scrubbing."""

from pathlib import Path

import pytest

from vitalcore import privacy


def test_key_comes_from_env_then_file_then_default(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    file_key = privacy.load_key()  # conftest sets $VITALCORE_KEY_FILE
    other = privacy.create_key(tmp_path / "other.key").read_bytes().strip()
    monkeypatch.setenv("VITALCORE_KEY", other.decode())
    assert privacy.load_key() == other != file_key
    monkeypatch.delenv("VITALCORE_KEY")
    monkeypatch.delenv("VITALCORE_KEY_FILE")
    with pytest.raises(privacy.KeyMissingError, match="vitalcore init"):
        privacy.load_key()
    default = privacy.create_key()
    assert default == tmp_path / "xdg-config" / "vitalcore" / "key"
    assert default.stat().st_mode & 0o077 == 0  # owner only
    assert privacy.load_key() == default.read_bytes().strip()


def test_create_key_never_overwrites(tmp_path: Path) -> None:
    path = privacy.create_key(tmp_path / "k")
    before = path.read_bytes()
    privacy.create_key(path)
    assert path.read_bytes() == before


def test_a_damaged_key_is_a_clear_error(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "bad.key"
    bad.write_text("not a key")
    monkeypatch.setenv("VITALCORE_KEY_FILE", str(bad))
    with pytest.raises(privacy.KeyMissingError, match="does not hold a vitalcore key"):
        privacy.load_key()


def test_pseudonyms_are_stable_keyed_and_ignore_formatting(tmp_path: Path) -> None:
    key = privacy.load_key()
    other = privacy.create_key(tmp_path / "o").read_bytes()
    p = privacy.pseudonym("tel:+223 76 12 34 56", key)
    assert p == privacy.pseudonym("+22376123456", key)
    assert p.startswith("r-") and len(p) == 22
    assert p != privacy.pseudonym("+22376123456", other)
    assert "22376123456" not in p


def test_encrypt_round_trip_and_wrong_key(tmp_path: Path) -> None:
    key = privacy.load_key()
    token = privacy.encrypt("Awa, +223 76 12 34 56", key)
    assert b"Awa" not in token
    assert privacy.decrypt(token, key) == "Awa, +223 76 12 34 56"
    with pytest.raises(ValueError, match="wrong key"):
        privacy.decrypt(token, privacy.create_key(tmp_path / "x").read_bytes())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call me on +223 76 12 34 56 please", "call me on [phone] please"),
        ("mon numéro: 0022376123456", "mon numéro: [phone]"),
        ("(+226) 70-12-34-56 ou awa.t@example.org", "[phone] ou [email]"),
        ("on 2026-07-01 at 14:30, 12 houses burned", "on 2026-07-01 at 14:30, 12 houses burned"),
        ("300 families, 1500 people", "300 families, 1500 people"),
        ("le 03/04/2026", "le 03/04/2026"),
    ],
)
def test_scrub_replaces_phones_and_emails_only(text: str, expected: str) -> None:
    assert privacy.scrub(text) == expected


def test_a_key_fingerprint_names_the_key_and_reveals_no_sub_key(tmp_path: Path) -> None:
    """Driver and Dask workers compare fingerprints, never keys (scale/classify.py)."""
    key = privacy.load_key()
    other = privacy.create_key(tmp_path / "other.key").read_bytes().strip()
    fingerprint = privacy.key_fingerprint(key)
    assert fingerprint == privacy.key_fingerprint(key + b"\n")  # as read from a file
    assert fingerprint != privacy.key_fingerprint(other)
    assert len(fingerprint) == 16 and int(fingerprint, 16) >= 0
    pseudonym_key = privacy._subkey(key, b"vitalcore/pseudonym/v1").hex()
    encrypt_key = privacy._subkey(key, b"vitalcore/encrypt/v1").hex()
    assert fingerprint not in pseudonym_key and fingerprint not in encrypt_key
    assert fingerprint not in key.decode()
