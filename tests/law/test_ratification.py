"""Party status by State and date (law/ratification.py) and the review workflow."""

from __future__ import annotations

from datetime import date

import pytest

from vitalcore import law
from vitalcore.law.knowledge import KnowledgeBaseError
from vitalcore.law.ratification import parse_ratifications, party_status

DATA = parse_ratifications({
    "as_of": date(2026, 12, 7),
    "states": {"BI": {"name": "Burundi"}, "ML": {"name": "Mali"}, "CM": {"name": "Cameroon"}},
    "sources": {"s": "a source"},
    "treaties": {
        "rome_statute": {
            "BI": {"status": "withdrawn", "ratified": date(2004, 9, 21),
                   "withdrawn": date(2017, 10, 27), "source": "s", "as_of": date(2026, 1, 1)},
            "CM": {"status": "signatory", "signed": date(1998, 7, 17), "source": "s"},
        },
        "geneva_conventions": {"default": {"status": "party", "source": "s"}},
    },
})


def test_a_withdrawal_ends_the_party_status_on_its_date() -> None:
    before = party_status("rome_statute", "BI", on=date(2017, 10, 26), data=DATA)
    assert before.ratified is True and before.since == date(2004, 9, 21)
    after = party_status("rome_statute", "BI", on=date(2017, 10, 27), data=DATA)
    assert after.ratified is False and after.since == date(2017, 10, 27)
    assert after.to_dict()["source"] == "a source"
    assert after.to_dict()["awaits_verification"] is True


def test_unknown_is_never_guessed() -> None:
    assert party_status("rome_statute", "ML", data=DATA).ratified is None  # no record
    assert party_status("rome_statute", "FR", data=DATA).ratified is None  # not covered
    assert party_status("rome_statute", None, data=DATA).ratified is None  # no State
    assert party_status(None, "ML", data=DATA) is None  # nothing to ratify
    assert party_status("rome_statute", "CM", data=DATA).ratified is False  # signed only
    assert party_status("geneva_conventions", "ML", data=DATA).ratified is True  # default


def test_a_malformed_record_is_refused_naming_it() -> None:
    with pytest.raises(KnowledgeBaseError, match=r"rome_statute.BI: a withdrawal needs"):
        parse_ratifications({"as_of": date(2026, 1, 1), "states": {"BI": {}},
                             "sources": {"s": "x"}, "treaties": {"rome_statute": {
                                 "BI": {"status": "withdrawn", "source": "s"}}}})
    with pytest.raises(KnowledgeBaseError, match="source 'nope'"):
        parse_ratifications({"as_of": date(2026, 1, 1), "states": {"ML": {}},
                             "sources": {}, "treaties": {"ap2": {
                                 "ML": {"status": "party", "source": "nope"}}}})


def test_the_packaged_file_covers_the_region_and_burundi() -> None:
    data = law.ratifications()
    for state in ("ML", "BF", "NE", "TD", "MR", "NG", "CM", "CF", "SD", "BI"):
        assert state in data.states
    bi = party_status("rome_statute", "BI", on=date(2026, 12, 7))
    assert bi.ratified is False and bi.since == date(2017, 10, 27)
    assert party_status("maputo_protocol", "ML").ratified is True
    assert party_status("kampala_convention", "ML").since == date(2012, 11, 7)
    # Every record awaits verification until a legal officer clears it.
    assert all(r.awaits_verification for recs in data.records.values() for r in recs.values())


def test_every_citation_awaits_review_until_recorded() -> None:
    items = law.review_items()
    assert items and all(i.source for i in items)
    assert law.review_items(unverified_only=True) == [i for i in items if not i.verified]
    from vitalcore.law.knowledge import parse_instruments, parse_rights

    instruments = parse_instruments({"iccpr": {
        "name": "x", "short": "ICCPR", "year": 1966, "body": "UNGA", "kind": "IHRL",
        "source": "UNTC"}})
    rights = parse_rights({"life": {"label": "Life", "sources": [
        {"instrument": "iccpr", "articles": ["6"]}, {"instrument": "iccpr", "articles": ["7"]}]}},
        instruments, reviewed=frozenset({("iccpr", ("6",))}))
    assert [p.verified for p in rights["life"].provisions] == [True, False]
