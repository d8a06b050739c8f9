"""Radio call-in transcripts as NDJSON: one transcribed caller segment per line, with
station, programme, broadcast time, segment offsets and the caller as the station logged
them (as a speech-to-text pipeline over call-in recordings would produce)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vitalcore.simulate.voices import Batch
from vitalcore.simulate.writers.common import WriteContext, write_ndjson

STATIONS = {"ML": "Radio Synthétique Gao FM", "BF": "Radio Synthétique Dori",
            "NE": "Radio Synthétique Tillabéri"}
PROGRAMMES = ("La voix des auditeurs", "Tribune du matin", "Sécurité et vivre-ensemble")


def segment_id(ctx: WriteContext, i: int) -> str:
    return f"rt-{ctx.seed}-{i + 1:08d}"


def _records(batch: Batch, ctx: WriteContext) -> Iterator[dict[str, Any]]:
    rng = ctx.rng(6)
    start = rng.integers(0, 3000, len(batch))
    length = rng.integers(20, 180, len(batch))
    for i in range(len(batch)):
        area = ctx.area(batch, i)
        yield {
            "id": segment_id(ctx, i),
            "station": STATIONS[area.country],
            "programme": PROGRAMMES[int(batch.pick[i]) % len(PROGRAMMES)],
            "broadcast_at": ctx.timestamp(batch, i, zone="Z"),
            "segment_start_s": int(start[i]),
            "segment_end_s": int(start[i] + length[i]),
            "caller": {"name": ctx.renderer.reporter_name(int(batch.reporter[i])),
                       "phone": ctx.renderer.phone(int(batch.area[i]), int(batch.reporter[i]))},
            "language": ctx.language(batch, i),
            "place": ctx.renderer.unique_place(int(batch.area[i])),
            "transcript": ctx.text(batch, i, prefix_key="radio_prefix"),
            "asr_confidence": round(0.55 + 0.4 * ((int(batch.pick[i]) >> 20) % 100) / 100, 2),
            "synthetic": True,
        }


def write(path: Path, batch: Batch, ctx: WriteContext) -> int:
    """Write the transcripts as NDJSON."""
    return write_ndjson(path, _records(batch, ctx))


def record_ids(batch: Batch, ctx: WriteContext) -> list[str]:
    """The segments' `id`s."""
    return [segment_id(ctx, i) for i in range(len(batch))]
