"""RapidPro webhook payloads: what a flow's "Call Webhook" action POSTs, one per run.

The file is a JSON array of payloads in the layout of RapidPro's default webhook body
(goflow `DefaultWebhookPayload`): contact {uuid, name, urn}, flow {uuid, name}, path,
results {key: {name, value, category, node_uuid, input, created_on}}, run {uuid,
created_on}, input {uuid, type, text, urn, channel, created_on, attachments}, channel.
The contact's URN is a (fake) phone number: PII the ingest must split off.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vitalcore.simulate.voices import Batch
from vitalcore.simulate.writers.common import (
    WriteContext,
    severity_self_rating,
    uuids,
    write_json_list,
)

FLOW_NAME = "Signaler un incident (synthetic demonstration data, not real events)"
ISO_639_3 = {"fr": "fra", "ar": "ara", "en": "eng"}


def payload_uuids(batch: Batch, ctx: WriteContext) -> tuple[list[str], list[str], list[str]]:
    """(contact uuids, run uuids, message uuids), one of each per payload."""
    rng = ctx.rng(3)
    n = len(batch)
    return uuids(rng, n), uuids(rng, n), uuids(rng, n)


def record_ids(batch: Batch, ctx: WriteContext) -> list[str]:
    """The messages' `input.uuid`s (the run's `run.uuid` is in payload_uuids)."""
    return payload_uuids(batch, ctx)[2]


def _records(batch: Batch, ctx: WriteContext) -> Iterator[dict[str, Any]]:
    n = len(batch)
    contact_ids, runs, msgs = payload_uuids(batch, ctx)
    flow_uuid, channel_uuid, *nodes = uuids(ctx.rng(4), 6)
    channel = {"uuid": channel_uuid, "name": "Liptako SMS shortcode (synthetic)"}
    flow = {"uuid": flow_uuid, "name": FLOW_NAME}
    for i in range(n):
        area = ctx.area(batch, i)
        number = ctx.renderer.phone(int(batch.area[i]), int(batch.reporter[i]))
        path = number.replace(" ", "")
        text = ctx.text(batch, i)
        place = ctx.renderer.unique_place(int(batch.area[i]))
        created = ctx.timestamp(batch, i, zone=".000000Z")
        answered = ctx.timestamp(batch, i, delay_s=45, zone=".000000Z")
        rated = str(severity_self_rating(batch, i))
        yield {
            "contact": {
                "uuid": contact_ids[i],
                "name": ctx.renderer.reporter_name(int(batch.reporter[i])),
                "urn": f"tel:{path}",
            },
            "flow": flow,
            "path": [
                {"uuid": runs[i][:24] + "0" * 12, "node_uuid": nodes[0], "arrived_on": created,
                 "exit_uuid": nodes[1]},
                {"uuid": runs[i][:24] + "1" * 12, "node_uuid": nodes[2], "arrived_on": answered,
                 "exit_uuid": nodes[3]},
            ],
            "results": {
                "report": {"name": "report", "value": text, "category": "Has Text",
                           "node_uuid": nodes[0], "input": text, "created_on": created},
                "location": {"name": "location", "value": place, "category": area.pcode,
                             "node_uuid": nodes[2], "input": place, "created_on": answered},
                "pcode": {"name": "pcode", "value": area.pcode, "category": "Has District",
                          "node_uuid": nodes[2], "input": place, "created_on": answered},
                "severity": {"name": "severity", "value": rated, "category": f"Level {rated}",
                             "node_uuid": nodes[2], "input": rated, "created_on": answered},
                "language": {"name": "language", "value": ISO_639_3[ctx.language(batch, i)],
                             "category": "Language", "node_uuid": nodes[2],
                             "input": ISO_639_3[ctx.language(batch, i)], "created_on": created},
            },
            "run": {"uuid": runs[i], "created_on": created},
            "input": {
                "uuid": msgs[i],
                "type": "msg",
                "text": text,
                "urn": {"display": number, "path": path, "scheme": "tel"},
                "channel": channel,
                "created_on": created,
                "attachments": [],
            },
            "channel": channel,
        }


def write(path: Path, batch: Batch, ctx: WriteContext) -> int:
    """Write the SMS flow runs as a JSON array of RapidPro webhook payloads."""
    return write_json_list(path, "[", _records(batch, ctx), "]")
