"""What every writer shares: the world, the text renderer, ids, times, the label."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

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

    def timestamp(self, batch: Batch, i: int, *, delay_s: int = 0, zone: str = "") -> str:
        moment = self.world.start + timedelta(days=int(batch.day[i]))
        seconds = int(batch.second[i]) + delay_s
        stamp = f"{moment.isoformat()}T{seconds // 3600 % 24:02d}:{seconds // 60 % 60:02d}:" \
                f"{seconds % 60:02d}"
        if seconds >= 86_400:  # a delay that crosses midnight moves the date too
            moment += timedelta(days=seconds // 86_400)
            stamp = moment.isoformat() + stamp[10:]
        return stamp + zone

    def date(self, batch: Batch, i: int) -> str:
        return self.world.day(int(batch.day[i]))

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
    out = []
    for row in raw:
        h = row.tobytes().hex()
        out.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return out


def dumps(record: Any) -> str:
    """Compact, key-order-preserving, UTF-8 JSON: the same record, the same bytes."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def write_ndjson(path: Path, records: Iterable[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for record in records:
            fh.write(dumps(record))
            fh.write("\n")
            count += 1
    return count


def write_json_list(path: Path, head: str, records: Iterable[dict[str, Any]], tail: str) -> int:
    """A JSON document whose one big list is streamed: head + [records] + tail."""
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(head)
        for record in records:
            fh.write(",\n" if count else "\n")
            fh.write(dumps(record))
            count += 1
        fh.write("\n" + tail + "\n")
    return count


def severity_self_rating(batch: Batch, i: int) -> int:
    """What a respondent says: the true severity, sometimes one step off."""
    shift = (int(batch.pick[i]) >> 40) % 5  # 0,4 -> -1/+1, else exact
    value = int(batch.severity[i]) + (-1 if shift == 0 else 1 if shift == 4 else 0)
    return min(5, max(1, value))
