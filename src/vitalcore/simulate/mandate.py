"""mandate.txt: an invented Security Council resolution in the layout of real ones.

It covers the community top concerns except one, the planted gap: the highest-ranked
top concern named in scenario.yaml's `mandate.omittable` list.
"""

from __future__ import annotations

import textwrap
from typing import Any

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"]
WIDTH = 88


def omitted_concern(top_concerns: list[str], omittable: list[str]) -> str:
    """The concern the mandate leaves out: the first top concern that may be omitted."""
    for concern in top_concerns:
        if concern in omittable:
            return concern
    raise ValueError(f"none of the top concerns {top_concerns} may be omitted "
                     f"(scenario.yaml mandate.omittable = {omittable})")


def _para(text: str, indent: str = "", hang: str = "") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=hang)


def render_mandate(spec: dict[str, Any], *, covered: list[str], label: str) -> str:
    """The resolution text with task blocks for the covered dimensions, in given order."""
    fmt = {"mission": spec["mission"], "acronym": spec["acronym"]}
    number, year = spec["number"], spec["year"]
    lines = [
        f"United Nations{'S/RES/' + str(number) + f' ({year})':>{WIDTH - 14}}",
        f"Security Council{'Distr.: General':>{WIDTH - 16}}",
        f"{spec['adopted']:>{WIDTH}}",
        "",
        f"[{label.upper()}]",
        "",
        f"Resolution {number} ({year})",
        "",
        f"Adopted by the Security Council at its {spec['meeting']}th meeting, on {spec['adopted']}",
        "",
        "The Security Council,",
        "",
    ]
    for paragraph in spec["preamble"]:
        lines += [_para(paragraph, "    "), ""]
    operative = [p.format(**fmt) for p in spec["opening"]]
    n = 0
    for paragraph in operative:
        n += 1
        lines += [_para(f"{n}. {paragraph}", "    ", "    "), ""]
    n += 1
    lines += [_para(f"{n}. {spec['tasks_intro'].format(**fmt)}", "    ", "    "), ""]
    for letter, dimension in zip("abcdefgh", covered, strict=False):
        block = spec["tasks"][dimension]
        lines += [f"    ({letter}) {block['title']}", ""]
        for roman, item in zip(ROMAN, block["items"], strict=False):
            lines += [_para(f"({roman}) {item}", "        ", "            "), ""]
    for paragraph in spec["closing"]:
        n += 1
        lines += [_para(f"{n}. {paragraph.format(**fmt)}", "    ", "    "), ""]
    return "\n".join(lines).rstrip() + "\n"
