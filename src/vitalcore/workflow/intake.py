"""Intake from the API: submitted voices and partner webhooks, through the same
normalise -> quarantine -> store path as a file ingest (ingest.pipeline.ingest_records).

Submissions are idempotent on the source's message id: the voice key is
content_key(source, message id), so a gateway that retries stores nothing twice.
Contacts are split off, encrypted and pseudonymised there too (ingest/normalise.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import islice
from typing import Any

from sqlalchemy import Engine

from vitalcore import store
from vitalcore.domain import Provenance, RawRecord
from vitalcore.ingest.mapping import Mapping, load_mapping
from vitalcore.ingest.normalise import Defaults
from vitalcore.ingest.pipeline import ingest_records, reader_module
from vitalcore.workflow.places import adopt_packaged_areas, gazetteer

# Formats whose partner systems post to a webhook (ingest/formats/<name>.py).
WEBHOOK_FORMATS = ("rapidpro", "kobo", "sms")


class TooManyRecords(ValueError):
    """A submission holding more records than one request may carry."""


@cache
def _shipped_mapping(name: str) -> Mapping:
    """A shipped mapping, parsed once per process: parsing the YAML on every request
    cost more than storing the voice (benchmarks/api_load.py)."""
    return load_mapping(name)


def submit_voices(
    engine: Engine,
    records: Sequence[dict[str, Any]],
    *,
    origin: str,
    source: str | None,
    key: bytes,
    max_text: int | None = None,
) -> store.IngestCounts:
    """Store voices given as dicts in vitalcore's flat layout (ingest/mappings/vitalcore.yaml).

    `origin` names the submitter in each voice's provenance (e.g. 'api:key:ab12');
    `source` is the default source for records that name none; `key` is the privacy key;
    `max_text` the longest text (longer is quarantined; default $VITALCORE_MAX_TEXT_CHARS).
    """
    raws = [
        RawRecord(
            provenance=Provenance(file=origin, row=i, message_id=fields.get("id")),
            fields=fields,
        )
        for i, fields in enumerate(records, start=1)
    ]
    counts = ingest_records(
        engine, raws, mapping=_shipped_mapping("vitalcore"),
        defaults=_defaults(source, max_text), resolve_area=gazetteer(engine).resolve, key=key,
        format="json",
    )
    adopt_packaged_areas(engine)
    return counts


def _defaults(source: str | None, max_text: int | None) -> Defaults:
    return Defaults(source=source) if max_text is None else Defaults(source=source,
                                                                     max_text=max_text)


def submit_payload(
    engine: Engine, payload: Any, *, format: str, origin: str, source: str, key: bytes,
    max_records: int | None = None, max_text: int | None = None,
) -> store.IngestCounts:
    """Store what a partner system posted, read by that format's own reader and mapping.

    TooManyRecords when the payload holds more than `max_records` records, counted as
    the reader finds them: a list, {"messages": [...]}, {"results": [...]} and every
    other shape the reader accepts are held to the same limit.
    """
    if format not in WEBHOOK_FORMATS:
        raise ValueError(f"no webhook for {format!r}; webhooks: {', '.join(WEBHOOK_FORMATS)}")
    module = reader_module(format)
    found = module.records_from_payload(payload, origin)
    if max_records is not None:
        records = list(islice(found, max_records + 1))
        if len(records) > max_records:
            raise TooManyRecords(f"more than {max_records} records; at most {max_records} "
                                 "per request")
    else:
        records = list(found)
    counts = ingest_records(
        engine, records, mapping=_shipped_mapping(module.MAPPING),
        defaults=_defaults(source, max_text), resolve_area=gazetteer(engine).resolve, key=key,
        format=format,
    )
    adopt_packaged_areas(engine)
    return counts
