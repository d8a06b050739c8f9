"""Social media posts as NDJSON, one post per line, in the shape of a platform API
export (X/Twitter API v2-like: id, text, created_at, lang, author, place,
public metrics). Posts are public, so names are handles; some texts carry PII anyway."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vitalcore.simulate.voices import Batch
from vitalcore.simulate.writers.common import WriteContext, write_ndjson

PLATFORMS = ("facebook", "x", "whatsapp_channel", "tiktok")
FIRST_ID = 1_870_000_000_000_000_000


def account(batch: Batch, i: int) -> str:
    """The author's handle: rumour accounts have names of their own."""
    if batch.rumour[i]:
        return f"@vrai_info_sahel_{int(batch.reporter[i]) % 100:02d}"
    return f"@user{int(batch.reporter[i]):07d}"


def post_id(i: int) -> str:
    return str(FIRST_ID + i * 7)


def _records(batch: Batch, ctx: WriteContext) -> Iterator[dict[str, Any]]:
    rng = ctx.rng(5)
    shares = rng.poisson(3, len(batch))
    likes = rng.poisson(12, len(batch))
    for i in range(len(batch)):
        rumour = bool(batch.rumour[i])
        area = ctx.area(batch, i)
        place = ctx.renderer.unique_place(int(batch.area[i]))
        yield {
            "id": post_id(i),
            "platform": PLATFORMS[int(batch.reporter[i]) % len(PLATFORMS)],
            "created_at": ctx.timestamp(batch, i, zone=".000Z"),
            "lang": ctx.language(batch, i),
            "text": ctx.text(batch, i),
            "author": {"handle": account(batch, i), "followers": int(likes[i]) * 9 + 40},
            "place": {"name": place, "full_name": f"{place}, {area.country}",
                      "country_code": area.country},
            # Rumours travel: many reshares per post is part of what makes them rumours.
            "public_metrics": {"reshare_count": int(shares[i]) * (25 if rumour else 1),
                               "like_count": int(likes[i])},
            "synthetic": True,
        }


def write(path: Path, batch: Batch, ctx: WriteContext) -> int:
    """Write the posts as NDJSON."""
    return write_ndjson(path, _records(batch, ctx))


def record_ids(batch: Batch, ctx: WriteContext) -> list[str]:
    """The posts' `id`s."""
    return [post_id(i) for i in range(len(batch))]
