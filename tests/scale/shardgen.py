"""A seeded generator of input shards for the scale-out tests and benchmark.

Until the scenario simulator (issue 4) can write shards, this builds them from the
bundled SYNTHETIC demo voices: each generated voice takes a demo text (with a number
of people affected appended now and then, so severities vary), a random area, day,
channel and source. Files are in vitalcore's flat layout (the `vitalcore` mapping).
Some rows are broken on purpose (no text, a bad date) and some repeated, so that
quarantine and de-duplication are exercised on both paths. Reporters leave contacts
(a phone, sometimes a name) and some texts carry a phone number, so that privacy is
exercised too: the first rows of every shard carry PLANTED_PHONE and PLANTED_NAME (in
the contact fields, the phone in a text, both in a rejected row), which must never be
found in plain.
"""

from __future__ import annotations

import csv
import json
import random
from datetime import date, timedelta
from pathlib import Path

from vitalcore.demo import sample_path

CHANNELS = ("sms", "radio_transcript", "social_post", "cla_interview", "partner_report")
HARM = ("{n} families fled", "{n} people were killed", "{n} familles ont fui", "{n} blessés")
FIELDS = ("id", "text", "channel", "source", "date", "area_pcode", "place", "groups", "phone",
          "reporter_name")
PLANTED_PHONE = "+223 76 12 34 56"
PLANTED_NAME = "Aminata Planted-Traoré"
NAMES = ("Fatoumata Diallo", "Moussa Keita", "Awa Coulibaly", "Ibrahim Touré")


def _pools() -> tuple[list[str], list[str], list[str]]:
    with open(sample_path("synthetic_voices.csv"), newline="", encoding="utf-8") as fh:
        texts = sorted({row["text"] for row in csv.DictReader(fh)})
    with open(sample_path("areas.csv"), newline="", encoding="utf-8") as fh:
        areas = list(csv.DictReader(fh))
    return texts, [a["pcode"] for a in areas], [a["name"] for a in areas]


def rows(seed: int, count: int, *, start: int = 0, days: int = 10) -> list[dict]:
    """`count` rows of simulated voices over `days` days; the same seed always gives the
    same rows."""
    rng = random.Random(seed)
    texts, pcodes, names = _pools()
    first_day = date(2026, 9, 1)
    out = []
    for i in range(start, start + count):
        text = rng.choice(texts)
        if rng.random() < 0.3:
            text += " " + rng.choice(HARM).format(n=rng.choice((1, 3, 12, 150, 2000)))
        where = rng.randrange(len(pcodes))
        row = {
            "id": f"sim-{seed}-{i:07d}",
            "text": text,
            "channel": rng.choice(CHANNELS),
            "source": f"source-{rng.randrange(6)}",
            "date": (first_day + timedelta(days=rng.randrange(days))).isoformat(),
            # Half the voices name their area by P-code, half by place name (gazetteer).
            "area_pcode": pcodes[where] if rng.random() < 0.5 else "",
            "place": names[where],
            "groups": "",
            "phone": "",
            "reporter_name": "",
        }
        contact = rng.random()
        if contact < 0.3:  # a reporter's number, sometimes a name with it
            row["phone"] = f"+223 7{rng.randrange(10_000_000):07d}"
            if contact < 0.1:
                row["reporter_name"] = rng.choice(NAMES)
        elif contact < 0.35:  # a number in the text itself: scrubbed, original encrypted
            row["text"] += f" Appelez le +223 6{rng.randrange(10_000_000):07d}"
        roll = rng.random()
        if roll < 0.01:
            row["text"] = ""  # quarantined: no text
        elif roll < 0.02:
            row["date"] = "yesterday"  # quarantined: not a date
        if i - start == 0:
            row.update(phone=PLANTED_PHONE, reporter_name=PLANTED_NAME)
        elif i - start == 1:
            row["text"] = f"{texts[0]} Call me on {PLANTED_PHONE}"
            row["phone"] = ""
        elif i - start == 2:
            row.update(text="", phone=PLANTED_PHONE, reporter_name=PLANTED_NAME)
        out.append(row)
    # A few exact repeats (a re-sent SMS): stored once on both paths.
    out += [dict(out[j]) for j in range(0, len(out), 97)]
    return out


def write_shards(folder: Path, *, seed: int, shards: int, per_shard: int,
                 days: int = 10) -> list[Path]:
    """Write `shards` files (alternately CSV and NDJSON) of `per_shard` voices each."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(shards):
        batch = rows(seed * 1000 + n, per_shard, start=n * per_shard, days=days)
        if n % 2 == 0:
            path = folder / f"shard-{n:04d}.csv"
            with path.open("w", newline="", encoding="utf-8") as fh:
                writer = csv.DictWriter(fh, fieldnames=FIELDS)
                writer.writeheader()
                writer.writerows(batch)
        else:
            path = folder / f"shard-{n:04d}.ndjson"
            with path.open("w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in batch)
        paths.append(path)
    return paths
