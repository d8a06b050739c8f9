"""Parse a Security Council resolution, or a plain-language summary of one.

    resolution = parse_text(text)        # plain text as published
    resolution = parse_file(path)        # .txt, or .pdf through pypdf

Structure: preamble ('PP1'...) and operative paragraphs ('1', '16(a)', '16(a)(ii)',
'16(a)-2' for dash items), each with its normalised operative verb and priority flag.
Tasks are the leaves of operative paragraphs that give the mission something to do.
When the text has no 'The Security Council,' line and no numbered paragraphs (a press
release, a briefing note), `summary.parse_summary` reads it sentence by sentence.
"""

from __future__ import annotations

import re
from pathlib import Path

from vitalcore.mandate import facts
from vitalcore.mandate.layout import Block, blocks, split_header
from vitalcore.mandate.model import MandateParseError, Paragraph, Resolution, Task

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
         "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"]


def _next_letter(letter: str | None) -> str:
    return "a" if letter is None else chr(ord(letter) + 1)


def _is_roman(label: str, last_letter: str | None, last_roman: str | None) -> bool:
    """'(i)' after '(h)' is a letter; after '(a)' it opens a roman list."""
    if label not in ROMAN:
        return False
    if last_roman is not None and ROMAN.index(label) == ROMAN.index(last_roman) + 1:
        return True
    if last_letter is not None and label == _next_letter(last_letter) and label != "i":
        return False
    if label == "i":
        return last_letter != "h"
    return last_letter is not None


def _paragraphs(items: list[Block]) -> list[Paragraph]:
    out: list[Paragraph] = []
    pre = 0
    num = letter = roman = None
    dash = 0
    by_id: dict[str, Paragraph] = {}
    for block in items:
        text = block.text.strip()
        if block.marker == "pre":
            pre += 1
            out.append(Paragraph(f"PP{pre}", "preamble", 0, text, line=block.line,
                                 verb=None, priority=False))
            continue
        if block.marker == "num":
            num, letter, roman, dash = block.label, None, None, 0
            number, parent, level = num, None, 0
        elif block.marker == "sub" and _is_roman(block.label, letter, roman):
            roman, dash = block.label, 0
            parent = f"{num}({letter})" if letter else num
            number, level = f"{parent}({roman})", 2 if letter else 1
        elif block.marker == "sub":
            letter, roman, dash = block.label, None, 0
            parent, number, level = num, f"{num}({block.label})", 1
        else:
            dash += 1
            parent = f"{num}({letter})" if letter else num
            number, level = f"{parent}-{dash}", 2 if letter else 1
        if num is None:
            raise MandateParseError(f"line {block.line}: a subparagraph before any numbered one")
        above = by_id.get(parent) if parent else None
        verb = facts.operative_verb(text) if level == 0 else (above.verb if above else None)
        priority = facts.has_priority(text) or bool(above and above.priority)
        paragraph = Paragraph(number, "operative", level, text, parent, verb, priority,
                              block.line)
        by_id[number] = paragraph
        out.append(paragraph)
    return out


def _addresses(text: str, mission: str | None) -> bool:
    names = [r"the Mission", r"la Mission", r"its mandate", r"son mandat"]
    if mission:
        names.append(re.escape(mission))
    return re.search("|".join(names), text) is not None


def _not_task(text: str) -> bool:
    lowered = text.lower()
    return any(phrase in lowered for phrase in facts.vocabulary()["not_tasks"])


def _heading(text: str) -> str:
    """'Protection of civilians:' or 'Ceasefire: To support ...' -> the heading words."""
    return text.split(":", 1)[0].strip().rstrip(".;")


def tasks_of(paragraphs: list[Paragraph], mission: str | None) -> list[Task]:
    """Leaves of tasking operative paragraphs addressed to the mission."""
    by_id = {p.number: p for p in paragraphs}
    parents = {p.parent for p in paragraphs if p.parent}
    out: list[Task] = []
    for p in paragraphs:
        if p.part != "operative" or p.number in parents or not facts.is_tasking(p.verb):
            continue
        chain = [p]
        while chain[-1].parent:
            chain.append(by_id[chain[-1].parent])
        root = chain[-1]
        if not _addresses(root.text, mission) and not _addresses(p.text, mission):
            continue
        if _not_task(p.text) or (p is root and _not_task(root.text)):
            continue
        lettered = next((c for c in chain if c.level == 1 and c is not p), None)
        heading = _heading(lettered.text) if lettered else None
        out.append(Task(p.number, root.number, p.text, p.verb, p.priority, heading,
                        len(out) + 1))
    return out


def parse_resolution(text: str) -> Resolution:
    """Parse a resolution laid out as the UN publishes it."""
    split = split_header(text)
    if split is None:
        raise MandateParseError("no 'The Security Council,' line: not a resolution text")
    header, body, first_line = split
    paragraphs = _paragraphs(blocks(body, first_line))
    if not any(p.part == "operative" for p in paragraphs):
        raise MandateParseError("no numbered operative paragraph after 'The Security Council,'")
    operative_text = [p.text for p in paragraphs if p.part == "operative"]
    mission = facts.mission(" ".join(operative_text)) or facts.mission(text)
    return facts.resolution(
        kind="resolution", found=facts.symbol(header) or facts.symbol(text),
        untitled="S/RES/? (unknown)", adopted_in=header, texts=operative_text,
        mission=mission, paragraphs=paragraphs, tasks=tasks_of(paragraphs, mission),
    )


def parse_text(text: str, *, title: str | None = None) -> Resolution:
    """A resolution when the text has the resolution layout, else a summary."""
    from vitalcore.mandate.summary import parse_summary

    if split_header(text) is not None:
        return parse_resolution(text)
    return parse_summary(text, title=title)


def read_text(path: Path) -> str:
    """The text of a .txt or .pdf file (PDF through pypdf, an optional extra)."""
    if path.suffix.lower() != ".pdf":
        return path.read_text(encoding="utf-8")
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise MandateParseError(
            f"{path}: reading PDF needs pypdf: pip install 'vitalcore[pdf]'"
        ) from None
    reader = PdfReader(str(path))
    return "\n\f".join(page.extract_text() or "" for page in reader.pages)


def parse_file(path: str | Path) -> Resolution:
    """Parse a resolution or summary from a file; errors name the file."""
    path = Path(path)
    try:
        return parse_text(read_text(path), title=path.stem)
    except MandateParseError as exc:
        raise MandateParseError(f"{path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise MandateParseError(
            f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
