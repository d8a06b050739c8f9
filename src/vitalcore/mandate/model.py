"""What the mandate parser produces: a resolution, its paragraphs and its tasks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Part = Literal["preamble", "operative"]
Kind = Literal["resolution", "summary"]


class MandateParseError(ValueError):
    """The text is neither a Security Council resolution nor a mandate summary."""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph as numbered in the resolution.

    number: 'PP3' for the third preambular paragraph; '16', '16(a)', '16(a)(ii)' for
    operative ones; '16(a)-2' for the second dash item under 16(a); 'S4' for the fourth
    sentence of a summary.
    """

    number: str
    part: Part
    level: int  # 0 numbered, 1 lettered, 2 roman or dash
    text: str
    parent: str | None = None
    verb: str | None = None  # normalised operative verb, inherited by subparagraphs
    priority: bool = False  # marked as priority here or in an enclosing paragraph
    line: int = 0  # 1-based line in the source text where it starts


@dataclass(frozen=True)
class Task:
    """Something the mission is mandated to do: a leaf paragraph addressed to it."""

    id: str
    paragraph: str
    text: str
    verb: str | None
    priority: bool
    heading: str | None = None  # the lettered heading it sits under, e.g. 'Protection of civilians'
    order: int = 0  # position among the tasks, from 1


@dataclass(frozen=True)
class Resolution:
    symbol: str  # 'S/RES/2100 (2013)', or a summary's title
    kind: Kind
    number: int | None = None
    year: int | None = None
    adopted_on: date | None = None
    meeting: int | None = None
    mission: str | None = None
    troop_ceiling: int | None = None
    police_ceiling: int | None = None
    mandate_until: date | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    tasks: tuple[Task, ...] = field(default=())

    def operative(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.part == "operative"]

    def preamble(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.part == "preamble"]
