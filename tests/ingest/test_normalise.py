"""normalise turns each record into a Voice or a quarantine entry naming the field."""

from datetime import datetime

import pytest

from vitalcore.domain import (
    Channel,
    Dimension,
    Group,
    Provenance,
    QuarantineEntry,
    RawRecord,
    Voice,
)
from vitalcore.ingest import Defaults, load_mapping, normalise

MAPPING = load_mapping()
NOW = datetime(2026, 11, 28)
DEFAULTS = Defaults(channel=Channel.SMS, source="gw", now=NOW)


def _normalise(**fields: object) -> Voice | QuarantineEntry:
    record = RawRecord(provenance=Provenance(file="in.csv", row=7), fields=fields)
    return normalise(record, MAPPING, DEFAULTS)


def test_full_record_becomes_a_voice() -> None:
    voice = _normalise(id="m1", text=" Plus de vivres ", date="2026-03-04T08:00:00+01:00",
                       groups="women; children", priorities="food,health", severity="4",
                       consent_quote="oui", lat="14.1", lon="-1.6")
    assert isinstance(voice, Voice)
    assert voice.text == "Plus de vivres"
    assert voice.occurred_at == datetime(2026, 3, 4, 7, 0)
    assert voice.groups_reported == (Group.WOMEN, Group.CHILDREN)
    assert voice.priorities == (Dimension.FOOD, Dimension.HEALTH)
    assert voice.severity_reported == 4
    assert voice.consent_quote is True and voice.consent_share is False
    assert voice.provenance.row == 7


def test_same_source_id_gives_same_key() -> None:
    first, second = _normalise(id="m1", text="a"), _normalise(id="m1", text="a, edited")
    assert isinstance(first, Voice) and isinstance(second, Voice)
    assert first.id == second.id


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"text": "x", "date": "1899-01-01"}, "date", "before 1990-01-01 or in the future"),
        ({"text": "x", "date": "2027-06-01"}, "date", "before 1990-01-01 or in the future"),
        ({"text": "x", "lat": "10"}, "lat/lon", "only one of latitude and longitude"),
        ({"text": "x", "groups": "aliens"}, "groups", "'aliens' is not a valid Group"),
        ({"text": "x", "severity": "9"}, "severity", "severity 9 is not 1-5"),
        ({"text": "x", "channel": "pigeon"}, "channel", "'pigeon' is not a valid Channel"),
        ({"text": "x", "consent_share": "maybe"}, "consent_share", "'maybe' is not yes/no"),
    ],
)
def test_bad_fields_are_named(fields: dict, field: str, words: str) -> None:
    entry = _normalise(**fields)
    assert isinstance(entry, QuarantineEntry)
    assert entry.field == field
    assert entry.reason.startswith(f"in.csv, row 7, field {field!r}: ")
    assert words in entry.reason
    assert entry.raw == {k: str(v) for k, v in fields.items()}


def test_nul_bytes_are_removed_from_text() -> None:
    voice = _normalise(text="no\x00 water")
    assert isinstance(voice, Voice) and voice.text == "no water"
