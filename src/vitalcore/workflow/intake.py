"""Intake from the API: submitted voices and partner webhooks, through the same
normalise -> quarantine -> store path as a file ingest (ingest.pipeline.ingest_records).

Submissions are idempotent on the source's message id: the voice key is
content_key(source, message id), so a gateway that retries stores nothing twice.
Contacts are split off, encrypted and pseudonymised there too (ingest/normalise.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
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
) -> store.IngestCounts:
    """Store voices given as dicts in vitalcore's flat layout (ingest/mappings/vitalcore.yaml).

    `origin` names the submitter in each voice's provenance (e.g. 'api:key:ab12');
    `source` is the default source for records that name none; `key` is the privacy key.
    """
    raws = [
        RawRecord(
            provenance=Provenance(file=origin, row=i, message_id=fields.get("id")),
            fields=fields,
        )
        for i, fields in enumerate(records, start=1)
    ]
    counts = ingest_records(
        engine, raws, mapping=_shipped_mapping("vitalcore"), defaults=Defaults(source=source),
        resolve_area=gazetteer(engine).resolve, key=key, format="json",
    )
    adopt_packaged_areas(engine)
    return counts


def submit_payload(
    engine: Engine, payload: Any, *, format: str, origin: str, source: str, key: bytes
) -> store.IngestCounts:
    """Store what a partner system posted, read by that format's own reader and mapping."""
    if format not in WEBHOOK_FORMATS:
        raise ValueError(f"no webhook for {format!r}; webhooks: {', '.join(WEBHOOK_FORMATS)}")
    module = reader_module(format)
    records = list(module.records_from_payload(payload, origin))
    counts = ingest_records(
        engine, records, mapping=_shipped_mapping(module.MAPPING),
        defaults=Defaults(source=source), resolve_area=gazetteer(engine).resolve, key=key,
        format=format,
    )
    adopt_packaged_areas(engine)
    return counts
