"""Capacity evidence from the reviewed cue file, and the resilience gap by hand."""

import polars as pl
import pytest

from vitalcore import taxonomy
from vitalcore.analysis import capacity_evidence, compile_cues, resilience_gaps

CUES = compile_cues(taxonomy.resilience_cues())

TEXTS = pl.DataFrame(
    {
        "voice_id": ["v1", "v2", "v3", "v4"],
        "area_pcode": ["A", "A", "A", "A"],
        "text": [
            "Le comité de paix a réuni les deux villages après les affrontements.",
            "We sold our livestock to buy grain.",
            "The road to the market is cut.",
            "Nothing works here.",
        ],
        "solution": [None, None, "Open the road and escort the trucks", "  "],
    },
)
VOICES = pl.DataFrame(
    {"voice_id": ["v1", "v2", "v3", "v4"],
     "dimensions": [["community"], ["food"], ["food", "economic"], ["personal"]]},
)


def test_cues_in_two_languages_and_solutions() -> None:
    evidence = capacity_evidence(TEXTS, VOICES, CUES)
    kinds = {(r["voice_id"], r["dimension"], r["kind"]) for r in evidence.to_dicts()}
    # French peace-committee cue: community, personal, political (resilience.yaml).
    assert {("v1", d, "peace_committee") for d in ("community", "personal", "political")} <= kinds
    # Selling the herd is strain, not capacity.
    assert ("v2", "food", "negative_coping") in kinds
    # A proposed solution counts for the voice's own dimensions; a blank one does not.
    assert {("v3", "food", "solution"), ("v3", "economic", "solution")} <= kinds
    assert not any(v == "v4" for v, _, _ in kinds)


def test_gap_by_hand() -> None:
    evidence = capacity_evidence(TEXTS, VOICES, CUES)
    ranking = pl.DataFrame({
        "area_pcode": ["A", "A", "A", "ALL"], "dimension": ["food", "community", "personal",
                                                            "food"],
        "rank": [1, 2, 3, 1], "score": [0.4, 0.2, 0.1, 0.4], "voices": [4, 2, 5, 4],
        "low_evidence": [False, False, False, False],
    })
    table = {r["dimension"]: r for r in resilience_gaps(ranking, evidence).to_dicts()}
    assert set(table) == {"food", "community", "personal"}  # ALL is left out
    # food: 1 solution voice (v3) for 4 threat voices -> ratio 1/4 (not < 1/4),
    # gap 0.4 * (1 - 1/4) = 0.3; negative coping (v2) does not count.
    assert table["food"]["capacity_total"] == 1
    assert table["food"]["negative_coping_voices"] == 1
    assert table["food"]["gap"] == pytest.approx(0.3)
    assert table["food"]["resilience_gap"] is False
    # community: v1 for 2 voices -> 1/2, gap 0.2 * 1/2 = 0.1
    assert table["community"]["gap"] == pytest.approx(0.1)
    # personal: v1 for 5 voices -> 1/5 < 1/4 and rank 3 <= top 3: a resilience gap.
    assert table["personal"]["gap"] == pytest.approx(0.1 * 0.8)
    assert table["personal"]["resilience_gap"] is True


def test_bad_cue_file_names_cue_and_field() -> None:
    with pytest.raises(ValueError, match=r"resilience.yaml, cue 'x': field 'kind' is 'bogus'"):
        compile_cues({"cues": {"x": {"kind": "bogus", "dimensions": ["food"],
                                     "terms": {"en": ["a"]}}}})
    with pytest.raises(ValueError, match="cue 'y': fields 'dimensions' and 'terms'"):
        compile_cues({"cues": {"y": {"kind": "coping", "dimensions": [], "terms": {}}}})


def test_every_cue_in_the_file_compiles() -> None:
    assert {c.kind for c in CUES} == {"capacity", "peace_committee", "coping",
                                      "negative_coping"}
    dims = set(taxonomy.threat_types())
    assert all(set(c.dimensions) <= dims for c in CUES)


def test_star_inside_a_term_is_refused() -> None:
    with pytest.raises(ValueError, match=r"term 'comite\* de paix' has a \* before its end"):
        compile_cues({"cues": {"z": {"kind": "capacity", "dimensions": ["community"],
                                     "terms": {"fr": ["comite* de paix"]}}}})
