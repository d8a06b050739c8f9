"""From text as the UN publishes it (or as pypdf extracts it) to numbered blocks.

UN resolutions put page furniture on every page (symbol, 'n/m' page counters, job
numbers such as '13-31297 (E)', bar-code lines '*1331297*'); those lines are dropped.
A block starts at an operative number ('16.'), a lettered or roman marker ('(a)',
'(ii)'), a dash item ('–'), or a preambular opener after a paragraph that ended in a
comma. Other lines continue the block before them, even across page breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vitalcore.mandate.facts import preamble_opener

# A line made only of furniture tokens, in any order: 'S/RES/2100 (2013)', '2/14',
# '13-31297 (E)', '*1331297*', 'Page 3 of 14' (extractors may put several on one line).
_TOKEN = (r"(?:S/RES/\d+\s*\(\d{4}\)\*?|\d+/\d+|\d{2}-\d{5}(?:\s*\([A-Z]\))?|\*\d+\*"
          r"|Page \d+(?: of \d+)?)")
FURNITURE = [re.compile(rf"^{_TOKEN}(?:\s+{_TOKEN})*$")]
COUNCIL = re.compile(r"^\s*(The Security Council|Le Conseil de sécurité)\s*,\s*$", re.MULTILINE)
NUMBERED = re.compile(r"^(\d{1,3})\.\s+(.*)$")
SUBPARA = re.compile(r"^\(([a-z]{1,6})\)\s+(.*)$")
DASH = re.compile(r"^[–—−-]\s+(.*)$")


@dataclass
class Block:
    marker: str  # 'pre', 'num', 'sub' or 'dash'
    label: str  # '16', 'a', 'ii', '' for preamble and dash items
    text: str
    line: int


def clean_lines(text: str) -> list[tuple[int, str]]:
    """(line number, stripped line) without page furniture; blank lines kept as ''."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u00a0", " ").replace("\u2002", " ").replace("\u2003", " ")
    out = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = re.sub(r"\s+", " ", raw).strip()
        if any(p.match(line) for p in FURNITURE):
            continue
        out.append((number, line))
    return out


def split_header(text: str) -> tuple[str, str, int] | None:
    """(header, body, first body line number), split at 'The Security Council,'."""
    match = COUNCIL.search(text)
    if not match:
        return None
    first_line = text.count("\n", 0, match.end()) + 2
    return text[: match.start()], text[match.end():], first_line


def _join(text: str, line: str) -> str:
    if not text:
        return line
    # A word broken at the end of a line keeps its hyphen: 're-' + 'establishment'.
    return text + line if text.endswith("-") else f"{text} {line}"


def blocks(body: str, first_line: int = 1) -> list[Block]:
    """Segment the body of a resolution (after 'The Security Council,') into blocks."""
    out: list[Block] = []
    operative = False
    last = 0
    for offset, line in clean_lines(body):
        number = first_line + offset - 1
        if not line:
            continue
        # Operative numbers only go up: a wrapped line that happens to begin '15. ' inside
        # paragraph 20 is a continuation, not a new paragraph.
        if (m := NUMBERED.match(line)) and int(m.group(1)) > last:
            operative = True
            last = int(m.group(1))
            out.append(Block("num", m.group(1), m.group(2), number))
        elif operative and (m := SUBPARA.match(line)):
            out.append(Block("sub", m.group(1), m.group(2), number))
        elif operative and (m := DASH.match(line)):
            out.append(Block("dash", "", m.group(1), number))
        elif not operative and (
            not out or (out[-1].text.rstrip().endswith(",") and preamble_opener(line))
        ):
            out.append(Block("pre", "", line, number))
        else:
            out[-1].text = _join(out[-1].text, line)
    return out
