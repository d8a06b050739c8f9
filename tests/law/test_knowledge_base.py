"""The legal knowledge base covers every threat type and group, with articles."""

from __future__ import annotations

import pytest

from vitalcore import law
from vitalcore.law.knowledge import (
    KnowledgeBaseError,
    parse_bases,
    parse_instruments,
    parse_rights,
)

REQUIRED = [
    "udhr", "iccpr", "icescr", "cat", "cedaw", "crc", "crc_opac", "crpd", "icerd", "icpped",
    "genocide_convention", "gc1", "gc2", "gc3", "gc4", "common_article_3", "ap1", "ap2",
    "rome_statute", "refugee_convention", "refugee_protocol", "guiding_principles_idp",
    "kampala_convention", "achpr", "undrip", "ihr_2005", "ottawa_convention", "unscr_1325",
    "unscr_1612", "unscr_2250", "unscr_1265", "unscr_1894", "unscr_2417",
    # issue 25
    "oau_refugee_convention", "maputo_protocol", "acrwc", "cedaw_gr30", "cedaw_gr35",
    "unscr_1888", "unscr_1960", "unscr_2467", "unscr_1882", "unscr_1998", "unscr_2225",
    "unscr_2286", "unscr_2474", "unscr_2475", "unscr_1296", "unscr_1674", "ilo_c182",
    "ilo_c169", "crc_opsc", "ccw_amended_protocol_ii", "ccw_protocol_v", "cluster_munitions",
    "unccd", "unga_76_300", "minorities_declaration", "rabat_plan", "unga_60_147",
    "st_sgb_1999_13", "hrddp", "customary_ihl",
]
EVERYTHING = law.Situation(armed_conflict=True, region="africa")


@pytest.mark.parametrize(
    "subject", [s for kind in law.subjects().values() for s in kind]
)
def test_every_threat_type_and_group_has_a_basis_with_an_article(subject: str) -> None:
    grounding = law.lookup(subject, law.Situation())  # peacetime: human rights law alone
    assert grounding.rights, subject
    assert all(c.articles for r in grounding.rights for c in r.citations)
    assert set(grounding.duty_bearers) == {"state", "international", "community"}


def test_every_instrument_the_issue_lists_is_defined_and_cited() -> None:
    kb = law.knowledge_base()
    assert set(REQUIRED) <= set(kb.instruments)
    cited = {p.instrument for r in kb.rights.values() for p in r.provisions}
    assert set(REQUIRED) - {"gc2", "gc3"} <= cited  # GC II and III: not threats to civilians
    assert "unscr_2177" not in kb.instruments  # Ebola in West Africa, not any epidemic


@pytest.mark.parametrize(("subject", "situation", "present", "absent"), [
    ("armed_attack", law.Situation(), ["ICCPR art. 6"],
     ["AP II art. 13", "African Charter art. 4"]),
    ("armed_attack", law.Situation(armed_conflict=True, conflict_kind="non_international"),
     ["Common Article 3 art. 3(1)(a)", "Rome Statute art. 8(2)(e)(i)",
      "Customary IHL rule 1, rule 6, rule 11"],
     ["AP I arts. 48, 51, 57", "Rome Statute art. 8(2)(b)(i)", "AP II art. 13"]),
    ("armed_attack", law.Situation(armed_conflict=True, conflict_kind="international"),
     ["AP I arts. 48, 51, 57", "GC IV arts. 27, 32"], ["AP II art. 13"]),
    ("displaced", law.Situation(displacement="cross_border"),
     ["1951 Refugee Convention arts. 1A(2), 3, 31, 33", "1967 Protocol art. I"],
     ["Guiding Principles arts. 1, 10, 18, 28"]),
    ("displaced", law.Situation(displacement="internal", region="africa"),
     ["Guiding Principles arts. 1, 10, 18, 28", "Kampala Convention arts. 5, 9, 11"],
     ["1967 Protocol art. I"]),
    ("displaced", law.Situation(displacement="internal"), ["Guiding Principles arts. 6, 7"],
     ["Kampala Convention arts. 5, 9, 11"]),
    ("children", EVERYTHING, ["OPAC arts. 1, 2, 3, 4", "Rome Statute art. 8(2)(e)(vii)",
                              "CRC arts. 3, 6, 19, 38, 39", "CRC art. 35"], []),
    ("epidemic", law.Situation(), ["IHR (2005) arts. 6, 13, 43", "ICESCR art. 12(2)(c)"], []),
    ("blocked_supply", EVERYTHING, ["Rome Statute art. 8(2)(b)(xxv)", "AP I art. 54",
                                    "S/RES/2417 (2018) para. 5, para. 6"], []),
    ("ied_landmine", law.Situation(), ["Ottawa Convention arts. 1, 5, 6(3)"], []),
    ("disappearance", law.Situation(), ["ICPPED arts. 1, 2, 17, 24"], []),
    ("hate_speech", law.Situation(), ["Genocide Convention arts. I, II, III(c)"], []),
])
def test_applicability_conditions(subject, situation, present, absent) -> None:
    cites = law.lookup(subject, situation).citations()
    for text in present:
        assert text in cites, (text, cites)
    for text in absent:
        assert text not in cites, (text, cites)


def test_unknown_subject_names_the_known_ones() -> None:
    with pytest.raises(law.UnknownSubject, match="armed_attack"):
        law.lookup("alien_invasion")


def test_a_reference_to_a_missing_instrument_is_refused() -> None:
    instruments = parse_instruments({"iccpr": {
        "name": "x", "short": "ICCPR", "year": 1966, "body": "UNGA", "kind": "IHRL",
        "source": "UNTC"}})
    with pytest.raises(KnowledgeBaseError, match=r"rights.yaml: life, source 1: instrument 'ccpr'"):
        parse_rights({"life": {"label": "Life", "sources": [
            {"instrument": "ccpr", "articles": ["6"]}]}}, instruments)


def test_a_provision_without_articles_is_refused() -> None:
    instruments = parse_instruments({"iccpr": {
        "name": "x", "short": "ICCPR", "year": 1966, "body": "UNGA", "kind": "IHRL",
        "source": "UNTC"}})
    with pytest.raises(KnowledgeBaseError, match="field 'articles' is missing"):
        parse_rights({"life": {"label": "Life", "sources": [{"instrument": "iccpr"}]}},
                     instruments)


def test_a_basis_without_a_tier_is_refused() -> None:
    rights = law.knowledge_base().rights
    with pytest.raises(KnowledgeBaseError, match=r"threat_types.crime: duty_bearers lack"):
        parse_bases({"threat_types": {"crime": {
            "rights": ["life"], "duty_bearers": {"state": ["police"]}}}}, rights)


def test_a_wrong_kind_is_refused() -> None:
    with pytest.raises(KnowledgeBaseError, match="field 'kind' is 'treaty'"):
        parse_instruments({"x": {"name": "x", "short": "X", "year": 2000, "body": "b",
                                 "kind": "treaty"}})


def test_citations_for_annotates_a_list_of_threats() -> None:
    out = law.citations_for(["epidemic", "drought", "not_a_threat"])
    assert set(out) == {"epidemic", "drought"}
    assert "ICESCR arts. 11(1), 11(2)" in out["drought"]
