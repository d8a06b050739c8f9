"""Facts a mandate states in words: symbol, adoption, mission, ceilings, period, verbs."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from vitalcore import yamldata
from vitalcore.mandate.model import Kind, Paragraph, Resolution, Task

MONTHS = {
    name: i
    for i, names in enumerate(
        [("january", "janvier"), ("february", "février", "fevrier"), ("march", "mars"),
         ("april", "avril"), ("may", "mai"), ("june", "juin"), ("july", "juillet"),
         ("august", "août", "aout"), ("september", "septembre"), ("october", "octobre"),
         ("november", "novembre"), ("december", "décembre", "decembre")],
        start=1,
    )
    for name in names
}
_DATE = r"(\d{1,2})(?:er)?\s+([A-Za-zéûÉ]+)\s+(\d{4})"
SYMBOL = re.compile(r"S/RES/(\d{3,5})\s*\((\d{4})\)")
ADOPTED = re.compile(
    r"Adopted by the Security Council at its (\d+)(?:st|nd|rd|th)\s+meeting,?\s+on\s+" + _DATE
    + r"|Adoptée par le Conseil de sécurité à sa (\d+)e\s+séance,?\s+le\s+" + _DATE,
    re.IGNORECASE,
)
UNTIL = re.compile(r"(?:until|through|to|jusqu'au|jusqu’au)\s+" + _DATE, re.IGNORECASE)
# "MINUSMA", "UNMIL", "MONUSCO": an acronym in brackets after a UN presence's name.
MISSION = re.compile(
    r"United Nations[^()]{0,120}?(?:Mission|Operation|Force|Office|Stabili[sz]ation)"
    r"[^()]{0,80}\(([A-Z]{4,10})\)"
    r"|Mission[^()]{0,120}?des Nations Unies[^()]{0,80}\(([A-Z]{4,10})\)"
)
ACRONYM = re.compile(r"\b(UN[A-Z]{2,7}|MINU[A-Z]{1,6}|MONU[A-Z]{1,6})\b")
NUMBER = r"(\d{1,3}(?:[,\s]\d{3})+|\d+)"
TROOPS = re.compile(NUMBER + r"\s+(?:military|troops|militaires)", re.IGNORECASE)
POLICE = re.compile(NUMBER + r"\s+(?:(?:individual|formed)\s+)?(?:police|policiers)",
                    re.IGNORECASE)


@cache
def vocabulary() -> dict[str, Any]:
    """verbs.yaml, parsed once."""
    text = resources.files(__package__).joinpath("verbs.yaml").read_text(encoding="utf-8")
    return yamldata.safe_load(text)


def parse_date(day: str, month: str, year: str) -> date | None:
    """'30 June 2024' or '30 juin 2024' as a date; None when the month is not a month."""
    number = MONTHS.get(month.lower())
    return date(int(year), number, int(day)) if number else None


def symbol(text: str) -> tuple[int, int] | None:
    match = SYMBOL.search(text)
    return (int(match.group(1)), int(match.group(2))) if match else None


def adoption(text: str) -> tuple[int | None, date | None]:
    """(meeting number, adoption date) from 'Adopted by the Security Council at its ...'."""
    match = ADOPTED.search(text)
    if not match:
        return None, None
    g = match.groups()
    meeting, d, m, y = g[0:4] if g[0] else g[4:8]
    return int(meeting), parse_date(d, m, y)


def mission(text: str) -> str | None:
    """The mission's acronym: from its full name, else the most frequent UN acronym."""
    match = MISSION.search(text)
    if match:
        return match.group(1) or match.group(2)
    counts = Counter(ACRONYM.findall(text))
    return counts.most_common(1)[0][0] if counts else None


def _number(raw: str) -> int:
    return int(re.sub(r"[,\s]", "", raw))


def ceilings(paragraphs: list[str]) -> tuple[int | None, int | None]:
    """(troops, police) from the first paragraph that states an authorized strength."""
    for text in paragraphs:
        if not re.search(r"personnel|ceiling|strength|effectifs|plafond", text, re.IGNORECASE):
            continue
        troops, police = TROOPS.search(text), POLICE.search(text)
        if troops or police:
            return (_number(troops.group(1)) if troops else None,
                    _number(police.group(1)) if police else None)
    return None, None


def mandate_until(paragraphs: list[str]) -> date | None:
    """The end of the mandate period: 'extend the mandate ... until 30 June 2024'."""
    for text in paragraphs:
        if not re.search(r"mandat|extend|renew|prorog", text, re.IGNORECASE):
            continue
        match = UNTIL.search(text)
        if match:
            found = parse_date(*match.groups())
            if found:
                return found
    return None


def _verb_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    spec = vocabulary()
    forms = {form.lower(): verb for verb, fs in spec["verbs"].items() for form in fs}
    adverbs = "|".join(sorted((re.escape(a) for a in spec["adverbs"]), key=len, reverse=True))
    alts = "|".join(sorted((re.escape(f) for f in forms), key=len, reverse=True))
    pattern = re.compile(rf"^(?:(?:{adverbs})\s+)*({alts})\b", re.IGNORECASE)
    return pattern, forms


_VERBS = _verb_pattern()


def operative_verb(text: str) -> str | None:
    """The normalised verb a paragraph opens with: 'Further decides that' -> 'decides'."""
    pattern, forms = _VERBS
    match = pattern.match(text.strip())
    return forms[match.group(1).lower()] if match else None


def verb_in_sentence(text: str) -> str | None:
    """The first operative verb anywhere in a sentence (press releases: 'the Council decided')."""
    pattern, forms = _VERBS
    words = text.split()
    for i in range(len(words)):
        match = pattern.match(" ".join(words[i:i + 4]))
        if match:
            return forms[match.group(1).lower()]
    return None


@cache
def _priority_pattern() -> re.Pattern[str]:
    markers = sorted(vocabulary()["priority_markers"], key=len, reverse=True)
    # Whole words: "reprioritize its resources" is not a priority marker.
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(m) for m in markers) + r")(?![\w])",
                      re.IGNORECASE)


def has_priority(text: str) -> bool:
    return _priority_pattern().search(text) is not None


def is_tasking(verb: str | None) -> bool:
    return verb in vocabulary()["tasking"]


def preamble_opener(text: str) -> bool:
    lowered = text.lower()
    return any(lowered.startswith(o + " ") or lowered.startswith(o + ",")
               for o in vocabulary()["preamble_openers"])


def resolution(
    *,
    kind: Kind,
    found: tuple[int, int] | None,
    untitled: str,
    adopted_in: str,
    texts: list[str],
    mission: str | None,
    paragraphs: Iterable[Paragraph],
    tasks: Iterable[Task],
) -> Resolution:
    """A Resolution from what a parser found: its symbol (number, year), the text that
    says when it was adopted, and the paragraph texts that carry ceilings and end date.
    `untitled` names it when no symbol was found."""
    meeting, adopted_on = adoption(adopted_in)
    troops, police = ceilings(texts)
    return Resolution(
        symbol=f"S/RES/{found[0]} ({found[1]})" if found else untitled,
        kind=kind,
        number=found[0] if found else None,
        year=found[1] if found else None,
        adopted_on=adopted_on,
        meeting=meeting,
        mission=mission,
        troop_ceiling=troops,
        police_ceiling=police,
        mandate_until=mandate_until(texts),
        paragraphs=tuple(paragraphs),
        tasks=tuple(tasks),
    )
