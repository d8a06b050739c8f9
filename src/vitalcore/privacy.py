"""Reporter privacy: one secret key, keyed pseudonyms, encryption at rest, PII scrubbing.

The key lives OUTSIDE the data: in $VITALCORE_KEY (the key itself), else in the file at
$VITALCORE_KEY_FILE, else in ~/.config/vitalcore/key, created by `vitalcore init`. It is
never written into the store or beside it, so a copied database file reveals neither
contacts nor original texts.

From the one key two sub-keys are derived with HKDF (RFC 5869), one for Fernet
encryption and one for HMAC-SHA256 pseudonyms, so that the pseudonym of a phone number
tells nothing about the encryption key and vice versa.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_ENV = "VITALCORE_KEY"
KEY_FILE_ENV = "VITALCORE_KEY_FILE"
PSEUDONYM_PREFIX = "r-"


class KeyMissingError(RuntimeError):
    """No key could be found; the message says how to create one."""


class KeyMismatchError(RuntimeError):
    """Two processes that must share one key (a driver and its Dask workers) do not."""


def default_key_path() -> Path:
    """~/.config/vitalcore/key (honouring $XDG_CONFIG_HOME)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "vitalcore" / "key"


def key_path() -> Path:
    """The key file in use: $VITALCORE_KEY_FILE, else the default path."""
    return Path(os.environ.get(KEY_FILE_ENV) or default_key_path()).expanduser()


def _check(raw: bytes, where: str) -> bytes:
    key = raw.strip()
    try:
        decoded = base64.urlsafe_b64decode(key)
    except (ValueError, TypeError):
        decoded = b""
    if len(decoded) != 32:
        raise KeyMissingError(
            f"{where} does not hold a vitalcore key (44 characters of url-safe base64); "
            "create one with `vitalcore init`"
        )
    return key


def load_key() -> bytes:
    """The secret key: $VITALCORE_KEY, else $VITALCORE_KEY_FILE, else ~/.config/vitalcore/key."""
    from_env = os.environ.get(KEY_ENV)
    if from_env:
        return _check(from_env.encode("ascii", "replace"), f"${KEY_ENV}")
    path = key_path()
    if not path.is_file():
        raise KeyMissingError(
            f"no vitalcore key: ${KEY_ENV} is not set and {path} does not exist; "
            "run `vitalcore init` to create one (keep it apart from the data, and back it "
            "up: without it contacts and original texts cannot be read)"
        )
    return _check(path.read_bytes(), str(path))


def read_key_file(path: Path) -> bytes:
    """The key in the file at `path`; KeyMissingError when it is absent or not a key."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise KeyMissingError(f"no vitalcore key at {path}")
    return _check(path.read_bytes(), str(path))


def create_key(path: Path | None = None) -> Path:
    """Write a new random key to `path` (default: key_path()) readable by its owner only.

    An existing key is never overwritten: losing it would make every encrypted contact
    and original text unreadable. Returns the path.
    """
    target = (path or key_path()).expanduser()
    if target.exists():
        _check(target.read_bytes(), str(target))
        return target
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = base64.urlsafe_b64encode(secrets.token_bytes(32))
    # O_EXCL: two `vitalcore init` at once cannot both write (and one lose) a key.
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key + b"\n")
    return target


@lru_cache(maxsize=8)
def _subkey(key: bytes, purpose: bytes) -> bytes:
    master = base64.urlsafe_b64decode(key.strip())
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


@lru_cache(maxsize=8)
def _fernet(key: bytes) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_subkey(key, b"vitalcore/encrypt/v1")))


def key_fingerprint(key: bytes) -> str:
    """A short public name of a key (16 hex digits), to check that two processes hold
    the same key without sending it: derived with HKDF under its own purpose, so it
    tells nothing about the encryption or pseudonym sub-keys."""
    return _subkey(key, b"vitalcore/fingerprint/v1").hex()[:16]


def normalise_contact(contact: str) -> str:
    """The form pseudonyms are computed from: 'tel:+223 76-12' and '+2237612' agree."""
    text = contact.strip().lower()
    for scheme in ("tel:", "whatsapp:", "mailto:", "sms:"):
        if text.startswith(scheme):
            text = text[len(scheme):]
    if _PHONE_ONLY.fullmatch(text):
        text = re.sub(r"[^\d+]", "", text)
    return text


def pseudonym(contact: str, key: bytes) -> str:
    """A stable keyed pseudonym for a reporter contact: 'r-' + 20 hex digits of HMAC-SHA256."""
    mac = hmac.new(_subkey(key, b"vitalcore/pseudonym/v1"),
                   normalise_contact(contact).encode("utf-8"), hashlib.sha256)
    return PSEUDONYM_PREFIX + mac.hexdigest()[:20]


def encrypt(text: str, key: bytes) -> bytes:
    """Fernet token (AES-128-CBC + HMAC-SHA256, timestamped) of a text."""
    return _fernet(key).encrypt(text.encode("utf-8"))


def decrypt(token: bytes, key: bytes) -> str:
    """The text of a Fernet token; a wrong key or a tampered token raises ValueError."""
    try:
        return _fernet(key).decrypt(token).decode("utf-8")
    except InvalidToken:
        raise ValueError("cannot decrypt: wrong key or damaged data") from None


# Scrubbing: what looks like a phone number or an e-mail address in free text.
# Phone: 8+ digits, optionally led by + or 00, with spaces, dots, dashes (any of
# Unicode's: "+223—76—12—34—56" is written with em dashes) or brackets between groups.
# Dates (2026-07-01) and times are shorter than 8 digits in one run with separators of
# one kind, which the look-around on digit count keeps out.
# E-mail: also the forms written to dodge harvesters, "amina(at)gmail.com",
# "amina [at] gmail [dot] com".
_DASHES = "\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d"
_SEPARATOR = rf"[\s.\-(){_DASHES}]"
_AT = r"(?:@|\s*[(\[{<]\s*at\s*[)\]}>]\s*)"
_DOT = r"(?:\.|\s*[(\[{<]\s*dot\s*[)\]}>]\s*)"
_EMAIL = re.compile(rf"[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)+", re.IGNORECASE)
# For the vectorised CSV path (Rust regex syntax): a text that may hold a disguised "@".
OBFUSCATED_AT = r"(?i)[(\[{<]\s*at\s*[)\]}>]"
_PHONE = re.compile(rf"(?<![\w+(])\(?(?:\+|00)?\d(?:{_SEPARATOR}{{0,2}}\d){{7,14}}(?!\w)")
_PHONE_ONLY = re.compile(rf"\+?[\d{_DASHES}\s.\-()]{{8,}}")
_DATE_LIKE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
_OBFUSCATION_HINT = re.compile(r"[(\[{<]\s*at\s*[)\]}>]", re.IGNORECASE)
PHONE_PLACEHOLDER = "[phone]"
EMAIL_PLACEHOLDER = "[email]"
NAME_PLACEHOLDER = "[name]"
MIN_NAME_PART = 3  # shorter parts of a name ("Al", "de") are too common to remove


def _phone(match: re.Match[str]) -> str:
    found = match.group(0)
    if _DATE_LIKE.fullmatch(found.strip()):
        return found
    return PHONE_PLACEHOLDER


def scrub(text: str) -> str:
    """Free text with e-mail addresses and phone numbers replaced by placeholders."""
    if "@" in text or _OBFUSCATION_HINT.search(text):
        text = _EMAIL.sub(EMAIL_PLACEHOLDER, text)
    return _PHONE.sub(_phone, text)


def scrub_names(text: str, names: Iterable[str]) -> str:
    """Free text with a reporter's own contact values (a name the mapping encrypts as a
    contact, "Amina Traoré") removed: the whole value and each of its words of
    MIN_NAME_PART+ letters, as whole words, ignoring case."""
    parts: set[str] = set()
    for name in names:
        value = name.strip()
        if len(value) >= MIN_NAME_PART:
            parts.add(value)
        parts.update(w for w in re.split(r"[\s,;]+", value) if len(w) >= MIN_NAME_PART)
    parts = {p for p in parts if any(c.isalpha() for c in p)}
    if not parts:
        return text
    # Longest first, so the full name goes in one piece before its words.
    pattern = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
    return re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", NAME_PLACEHOLDER, text, flags=re.IGNORECASE)


def has_contact_like(text: str) -> bool:
    """Whether scrubbing would change the text (cheap test on the hot path)."""
    return scrub(text) != text
