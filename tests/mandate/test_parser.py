"""The parser against hand-labelled fixtures laid out as the UN publishes resolutions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.mandate.pdf import write_pdf
from vitalcore.mandate import MandateParseError, parse_file, parse_text
from vitalcore.mandate.tasks import classify_tasks

DATA = Path(__file__).parent / "data"
FIXTURES = ["s_res_2100_2013", "s_res_2190_2014", "press_release_2164_2014",
            "press_release_2423_2018"]


def expected(name: str) -> dict:
    return yaml.safe_load((DATA / f"{name}.expected.yaml").read_text(encoding="utf-8"))


def check(resolution, want: dict) -> None:
    for field in ("symbol", "kind", "number", "year", "mission", "troop_ceiling",
                  "police_ceiling", "mandate_until", "adopted_on", "meeting"):
        if field in want:
            assert getattr(resolution, field) == want[field], field
    if "preamble" in want:
        assert len(resolution.preamble()) == want["preamble"]
    if "operative" in want:
        got = {p.number: p.verb for p in resolution.operative()}
        assert got == want["operative"]
    assert [t.id for t in resolution.tasks] == [t["id"] for t in want["tasks"]]
    assert [t.priority for t in resolution.tasks] == [t["priority"] for t in want["tasks"]]
    for task, label in zip(resolution.tasks, want["tasks"], strict=True):
        if "heading" in label:
            assert task.heading == label["heading"]


@pytest.mark.parametrize("name", FIXTURES)
def test_paragraphs_and_tasks_match_the_hand_labels(name: str) -> None:
    check(parse_file(DATA / f"{name}.txt"), expected(name))


@pytest.mark.parametrize("name", FIXTURES)
def test_tasks_cover_the_labelled_dimensions_and_groups(name: str) -> None:
    want = expected(name)
    classified = classify_tasks(parse_file(DATA / f"{name}.txt").tasks)
    for task, label in zip(classified, want["tasks"], strict=True):
        assert set(label["covers"]) <= set(task.dimensions), task.task.id
        assert set(label.get("groups", [])) <= set(task.groups), task.task.id
    covered = {d for t in classified for d in t.dimensions}
    assert not covered & set(want.get("uncovered", []))


@pytest.mark.parametrize("name", ["s_res_2100_2013", "s_res_2190_2014"])
def test_a_pdf_of_the_resolution_parses_the_same(name: str, tmp_path: Path) -> None:
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    pdf = write_pdf(text, tmp_path / f"{name}.pdf")
    check(parse_file(pdf), expected(name))


def test_text_wrapped_differently_gives_the_same_paragraphs() -> None:
    text = (DATA / "s_res_2190_2014.txt").read_text(encoding="utf-8")
    # Blank lines lost and every paragraph on one line: what some extractors produce.
    flat = "\n".join(line for line in text.splitlines() if line.strip())
    check(parse_text(flat), expected("s_res_2190_2014"))


def test_lettered_i_after_h_is_a_letter_not_a_roman_numeral() -> None:
    letters = "abcdefghij"
    body = "\n".join(f"({c}) To do task {c} of the Mission;" for c in letters)
    text = ("S/RES/9999 (2030)\nThe Security Council,\nRecalling its resolutions,\n"
            "1. Decides that the mandate of the Mission shall be the following:\n" + body)
    resolution = parse_text(text)
    assert [t.id for t in resolution.tasks] == [f"1({c})" for c in letters]


def test_roman_items_under_a_letter() -> None:
    text = ("S/RES/9999 (2030)\nThe Security Council,\nRecalling its resolutions,\n"
            "3. Decides that MINUSX shall have the following priority tasks:\n"
            "(a) Protection of civilians\n(i) To protect civilians;\n(ii) To patrol;\n"
            "(b) Elections\n(i) To support elections;\n"
            "4. Requests MINUSX to report on sexual violence as a matter of priority;\n"
            "5. Encourages MINUSX to work with communities;\n")
    resolution = parse_text(text)
    assert [(t.id, t.priority) for t in resolution.tasks] == [
        ("3(a)(i)", True), ("3(a)(ii)", True), ("3(b)(i)", True), ("4", True), ("5", False)]
    assert resolution.tasks[-1].verb == "encourages"


def test_french_verbs_and_dates() -> None:
    text = ("S/RES/9998 (2030)\nLe Conseil de sécurité,\nRappelant ses résolutions,\n"
            "1. Décide de proroger le mandat de la Mission jusqu'au 30 juin 2031;\n"
            "2. Prie la Mission d'appuyer le dialogue national en priorité;\n")
    resolution = parse_text(text)
    assert resolution.mandate_until == date(2031, 6, 30)
    assert [(p.number, p.verb) for p in resolution.operative()] == [
        ("1", "decides"), ("2", "requests")]
    assert [(t.id, t.priority) for t in resolution.tasks] == [("2", True)]


def test_text_that_is_no_mandate_is_refused_with_the_file_named(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Minutes of the coordination meeting. Tea was served.", encoding="utf-8")
    with pytest.raises(MandateParseError, match="notes.txt: no task found"):
        parse_file(path)


def test_binary_file_is_refused_with_the_file_named(tmp_path: Path) -> None:
    path = tmp_path / "mandate.txt"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(MandateParseError, match="mandate.txt: not UTF-8"):
        parse_file(path)


def test_council_line_without_operative_paragraphs_is_refused() -> None:
    with pytest.raises(MandateParseError, match="no numbered operative paragraph"):
        parse_text("S/RES/1 (2030)\nThe Security Council,\nRecalling everything,\n")
