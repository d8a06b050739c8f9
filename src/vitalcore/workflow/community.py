"""Communities answer back: the community page's answers stored as voices, and read back.

    voice_id = submit_feedback(engine, area="ML0701", verdict="differs",
                               priorities=["food", "personal"], missing="...", key=key)
    summary = feedback_summary(engine, area="ML0701", k=5)

An answer is a Voice of the `community_feedback` channel, stored through the same
normalise -> quarantine -> store path as any intake (workflow.intake.submit_voices:
phones and e-mails scrubbed from the text, nothing about the person kept: no reporter,
no address, no account) and classified at once. Its reordered threats are the voice's
self-ranked `priorities`, so they count in the Borda ballots of the vital core's
community weight (analysis/vital_core.py, priority_weight) like any other ballot.

Whether the ranking matches what people live is kept as the first words of the text,
"[ranking: matches|partly|differs]", followed by what they added: readable by an analyst
on the testimonies page, and read back here without a column of its own.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from vitalcore import store
from vitalcore.classify.gazetteer import with_area
from vitalcore.domain import Channel, Dimension, content_key
from vitalcore.store.voice_search import VoiceFilter
from vitalcore.workflow.classification import classifier_for, place_matcher
from vitalcore.workflow.intake import submit_voices

SOURCE = "community-page"
VERDICTS = ("matches", "partly", "differs")
MAX_MISSING = 1000  # characters of "what is missing"
MAX_READ = 5000  # answers read back per summary (newest first)
_VERDICT = re.compile(r"^\[ranking: (matches|partly|differs)\]")


class FeedbackRefused(ValueError):
    """An answer that cannot be stored, with the reason in words."""


def submit_feedback(
    engine: Engine,
    *,
    area: str,
    verdict: str,
    priorities: list[str],
    missing: str = "",
    language: str | None = None,
    consent_quote: bool = False,
    key: bytes,
    now: datetime | None = None,
) -> str:
    """Store one answer as a community-feedback voice, classify it, return its id."""
    if area not in set(store.areas_frame(engine)["pcode"].to_list()):
        raise FeedbackRefused(f"no area {area!r} in the gazetteer")
    if verdict not in VERDICTS:
        raise FeedbackRefused(f"verdict must be one of {', '.join(VERDICTS)}")
    known = {d.value for d in Dimension}
    ranked = list(dict.fromkeys(p for p in priorities if p))  # first choice of each kept
    unknown = [p for p in ranked if p not in known]
    if unknown:
        raise FeedbackRefused(f"unknown threat(s) {', '.join(unknown)}")
    missing = " ".join(missing.split())[:MAX_MISSING]
    token = uuid.uuid4().hex  # random: says nothing about who answered
    when = (now or datetime.now(UTC)).replace(tzinfo=None)
    record: dict[str, Any] = {
        "id": token, "text": f"[ranking: {verdict}] {missing}".strip(),
        "channel": Channel.COMMUNITY_FEEDBACK.value, "source": SOURCE,
        "language": language, "date": when.isoformat(timespec="seconds"),
        "area_pcode": area, "priorities": ";".join(ranked),
        "consent_quote": consent_quote, "consent_share": False,
    }
    counts = submit_voices(engine, [record], origin="web:community", source=SOURCE, key=key)
    if counts.quarantined:
        raise FeedbackRefused("the answer could not be stored as given")
    stored_id = content_key(SOURCE, token)  # as normalise keys a voice with a source id
    _classify(engine, [stored_id])
    return stored_id


def _classify(engine: Engine, ids: list[str]) -> None:
    # Only the new answer: classify_voices would look for every unclassified voice.
    if not ids:
        return
    places = place_matcher(engine)
    model = classifier_for(engine, places)
    voices = [v for v in (store.get_voice(engine, i) for i in ids) if v]
    results = model.classify([v["text"] for v in voices])
    known = store.voice_places(engine, [v["id"] for v in voices])
    stamped = [with_area(r.model_copy(update={"voice_id": v["id"]}), known.get(v["id"], {}),
                         places) for v, r in zip(voices, results, strict=True)]
    store.save_classifications(engine, stamped)
    store.save_details(engine, [
        {"voice_id": c.voice_id, "model_version": c.model_version,
         "area_pcode": c.area_pcode, "severity_counts": c.severity_counts} for c in stamped])


@dataclass(frozen=True)
class FeedbackSummary:
    """What an area's people answered. Counts below k are None (suppressed) unless the
    summary was made for an analyst (k=None); `notes` (what they added) are for analysts
    only and empty otherwise."""

    area: str | None
    answers: int | None
    verdicts: dict[str, int | None]
    first_choices: dict[str, int | None]
    notes: list[dict[str, Any]] = field(default_factory=list)
    k: int | None = None


def feedback_summary(engine: Engine, *, area: str | None = None, k: int | None = None,
                     notes: int = 20) -> FeedbackSummary:
    """The community page's answers for `area` (all areas when None). With `k`, every
    count below k is suppressed and no note is returned (the public view)."""
    rows, _total = store.search_voices(
        engine, VoiceFilter(channel=Channel.COMMUNITY_FEEDBACK.value, area=area),
        limit=MAX_READ)
    verdicts: Counter[str] = Counter()
    first: Counter[str] = Counter()
    kept = []
    for row in rows:
        found = _VERDICT.match(row["text"] or "")
        if found:
            verdicts[found.group(1)] += 1
        if row["priorities"]:
            first[list(row["priorities"])[0]] += 1
        rest = _VERDICT.sub("", row["text"] or "").strip()
        if rest and len(kept) < notes:
            kept.append({"id": row["id"], "text": rest, "area_pcode": row["area_pcode"],
                         "occurred_at": row["occurred_at"], "language": row["language"],
                         "verdict": found.group(1) if found else None})

    def shown(n: int) -> int | None:
        return n if k is None or n >= k else None

    return FeedbackSummary(
        area=area, answers=shown(len(rows)),
        verdicts={v: shown(verdicts[v]) for v in VERDICTS},
        first_choices={d.value: shown(first[d.value]) for d in Dimension if first[d.value]},
        notes=kept if k is None else [], k=k,
    )
