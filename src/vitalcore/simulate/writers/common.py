"""What every writer shares: the world, the text renderer, ids, times, the label."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from vitalcore.simulate.config import LANGUAGES
from vitalcore.simulate.text import Renderer
from vitalcore.simulate.voices import Batch
from vitalcore.simulate.world import World


@dataclass(frozen=True)
class WriteContext:
    """The world being written and the seed that keys every id."""

    world: World
    renderer: Renderer
    seed: int

    @property
    def label(self) -> str:
        return self.world.data.label

    def rng(self, stream: int) -> np.random.Generator:
        """A generator of its own per writer and purpose, so files do not depend on order."""
        return np.random.default_rng([self.seed, 100, stream])

    @cached_property
    def _days(self) -> list[str]:
        # Delays can push a time a few days past the period's end: keep dates for those.
        return [(self.world.start + timedelta(days=d)).isoformat()
                for d in range(self.world.days + 8)]

    def timestamp(self, batch: Batch, i: int, *, delay_s: int = 0, zone: str = "") -> str:
        seconds = int(batch.second[i]) + delay_s
        day = self._days[int(batch.day[i]) + seconds // 86_400]
        return (f"{day}T{seconds // 3600 % 24:02d}:{seconds // 60 % 60:02d}:"
                f"{seconds % 60:02d}{zone}")

    def date(self, batch: Batch, i: int) -> str:
        return self._days[int(batch.day[i])]

    def language(self, batch: Batch, i: int) -> str:
        return LANGUAGES[batch.language[i]]

    def area(self, batch: Batch, i: int):
        return self.world.geo.areas[batch.area[i]]

    def text(self, batch: Batch, i: int, **kwargs: Any) -> str:
        return self.renderer.render(batch, i, **kwargs)


def uuids(rng: np.random.Generator, n: int) -> list[str]:
    """n random version-4 UUID strings from rng (deterministic, unlike uuid.uuid4)."""
    raw = rng.integers(0, 256, size=(n, 16), dtype=np.uint8)
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    h = raw.tobytes().hex()  # one hex string, sliced: far faster than per-row hex()
    return [f"{h[k:k + 8]}-{h[k + 8:k + 12]}-{h[k + 12:k + 16]}-{h[k + 16:k + 20]}-"
            f"{h[k + 20:k + 32]}" for k in range(0, 32 * n, 32)]


def dumps(record: Any) -> bytes:
    """Compact, key-order-preserving UTF-8 JSON: the same record, the same bytes.

    orjson rather than json: JSON encoding is most of the cost of a million voices.
    """
    return orjson.dumps(record)


def write_ndjson(path: Path, records: Iterable[dict[str, Any]]) -> int:
    count = 0
    with path.open("wb") as fh:
        for record in records:
            fh.write(dumps(record))
            fh.write(b"\n")
            count += 1
    return count


def write_json_list(path: Path, head: str, records: Iterable[dict[str, Any]], tail: str) -> int:
    """A JSON document whose one big list is streamed: head + [records] + tail."""
    count = 0
    with path.open("wb") as fh:
        fh.write(head.encode("utf-8"))
        for record in records:
            fh.write(b",\n" if count else b"\n")
            fh.write(dumps(record))
            count += 1
        fh.write(("\n" + tail + "\n").encode("utf-8"))
    return count


def severity_self_rating(batch: Batch, i: int) -> int:
    """What a respondent says: the true severity, sometimes one step off."""
    shift = (int(batch.pick[i]) >> 40) % 5  # 0,4 -> -1/+1, else exact
    value = int(batch.severity[i]) + (-1 if shift == 0 else 1 if shift == 4 else 0)
    return min(5, max(1, value))
