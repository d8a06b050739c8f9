"""Read a plain-language mandate summary (a UN press release, a briefing note).

Without numbered paragraphs, each sentence is a paragraph ('S1', 'S2', ...). A sentence
is a task sentence when it carries a tasking verb ('the Council decided', 'requested')
or a modal ('the Mission should', 'UNMIL would') and names the mission, or when it
speaks of the mandate's tasks ('Other priority tasks are: ...'). It is split into tasks
at semicolons, so "focus on ensuring security; supporting dialogue; and assisting the
re-establishment of State authority" gives three tasks ('S3.1', 'S3.2', 'S3.3').
"""

from __future__ import annotations

import re

from vitalcore.mandate import facts
from vitalcore.mandate.model import MandateParseError, Paragraph, Resolution, Task

SENTENCE = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z\"“‘(])")
MODAL = re.compile(r"\b(should|would|shall|will|is to|was to|must|devrait|doit)\b",
                   re.IGNORECASE)
# The words after which a list of tasks begins: "should focus on ...", "tasks include ...".
LEAD = re.compile(r"^.*?\b(?:focus on|include|includes|including|such as|are)\s+",
                  re.IGNORECASE)
# A sentence about the mandate's tasks is a task sentence even without the mission's
# name ("Other priority tasks are: ...").
TASK_WORDS = re.compile(r"\b(?:tasks?|strategic priority|tâches?|priorité stratégique)\b",
                        re.IGNORECASE)

TASKS_OF = re.compile(r"^(?:its|the)\s+(?:priority\s+)?tasks?\s+(?:of|to)\s+", re.IGNORECASE)
NAMED = re.compile(r"\bresolution\s+(\d{3,5})\s*\((\d{4})\)", re.IGNORECASE)


def _sentences(text: str) -> list[tuple[int, str]]:
    paragraphs = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    out = []
    for para in paragraphs:
        line = text[: text.find(para)].count("\n") + 1
        flat = re.sub(r"\s+", " ", para).strip()
        out.extend((line, s.strip()) for s in SENTENCE.split(flat) if s.strip())
    return out


def _strip_lead(first: str) -> str:
    """'the Council decided that the Mission should focus on its priority tasks of
    ensuring security' -> 'ensuring security'; 'tasks are: support ...' -> 'support ...'."""
    if ":" in first:
        return first.split(":", 1)[1].strip() or first
    rest = LEAD.sub("", first, count=1) or first
    return TASKS_OF.sub("", rest, count=1) or rest


def _items(sentence: str) -> list[str]:
    """The tasks a sentence lists, split at semicolons (and a closing '; and')."""
    parts = [p.strip(" ,.") for p in re.split(r";\s*(?:and\s+)?", sentence) if p.strip(" ,.")]
    if len(parts) > 1:
        parts[0] = _strip_lead(parts[0])  # the first part carries the lead-in
    elif ":" in parts[0]:
        parts[0] = _strip_lead(parts[0])
    return parts


def parse_summary(text: str, *, title: str | None = None) -> Resolution:
    """A summary's tasks, mission, ceilings and period, read sentence by sentence."""
    sentences = _sentences(text)
    if not sentences:
        raise MandateParseError("the text is empty")
    mission = facts.mission(text)
    mission_ref = re.compile(
        "|".join([r"\bthe Mission\b", r"\bla Mission\b", r"\bit should\b"]
                 + ([rf"\b{re.escape(mission)}\b"] if mission else [])),
        re.IGNORECASE,
    )
    paragraphs: list[Paragraph] = []
    tasks: list[Task] = []
    for i, (line, sentence) in enumerate(sentences, start=1):
        number = f"S{i}"
        verb = facts.verb_in_sentence(sentence)
        priority = facts.has_priority(sentence)
        paragraphs.append(Paragraph(number, "operative", 0, sentence, None, verb, priority, line))
        tasking = facts.is_tasking(verb) or MODAL.search(sentence) is not None
        if not (tasking and mission_ref.search(sentence)) and not TASK_WORDS.search(sentence):
            continue
        if any(p in sentence.lower() for p in facts.vocabulary()["not_tasks"]):
            continue
        items = _items(sentence)
        for j, item in enumerate(items, start=1):
            task_id = number if len(items) == 1 else f"{number}.{j}"
            tasks.append(Task(task_id, number, item, verb, priority, None, len(tasks) + 1))
    if not tasks:
        raise MandateParseError(
            "no task found: neither a resolution (no 'The Security Council,' line) nor a "
            "summary that says what the mission should do"
        )
    named = NAMED.search(text)
    found = facts.symbol(text) or ((int(named.group(1)), int(named.group(2))) if named else None)
    return facts.resolution(
        kind="summary", found=found, untitled=title or "mandate summary", adopted_in=text,
        texts=[s for _, s in sentences], mission=mission, paragraphs=paragraphs,
        tasks=tasks,
    )
