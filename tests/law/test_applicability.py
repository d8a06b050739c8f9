"""Each applicability rule of law/applicability.py, with the reason it gives."""

from __future__ import annotations

from vitalcore import law

NIAC_ML = law.Situation(conflict_kind="non_international", state="ML")


def _cites(subject: str, situation: law.Situation) -> dict[str, law.Citation]:
    return {c.text(): c for c in law.lookup(subject, situation).all_citations()}


def test_occupation_articles_only_in_an_occupation() -> None:
    iac = _cites("displaced", law.Situation(conflict_kind="international"))
    assert "GC IV art. 49" not in iac
    grounding = law.lookup("displaced", law.Situation(conflict_kind="international"))
    assert any("GC IV 49" in r and "occupation" in r for r in grounding.not_applied)
    occupied = _cites("displaced", law.Situation(conflict_kind="occupation"))
    assert "GC IV art. 49" in occupied
    assert "occupation" in occupied["GC IV art. 49"].applies_because
    # Occupation is an international conflict: the general GC IV rules apply there too.
    assert "GC IV arts. 27, 32" in _cites("armed_attack", law.Situation(conflict_kind="occupation"))
    for kind in ("international", "occupation"):
        food = _cites("blocked_supply", law.Situation(conflict_kind=kind))
        assert ("GC IV arts. 55, 59" in food) is (kind == "occupation")


def test_ap2_needs_ratification_and_the_threshold() -> None:
    # Mali is party to AP II; the threshold is not established: AP II is left out with the
    # reason, and the customary rule to its effect is cited instead.
    grounding = law.lookup("sexual_violence", NIAC_ML)
    texts = grounding.citations()
    assert "AP II art. 4(2)(e)" not in texts
    assert any("AP II 4(2)(e)" in r and "threshold" in r for r in grounding.not_applied)
    custom = {c.text(): c for c in grounding.all_citations()}["Customary IHL rule 93"]
    assert "in place of AP II 4(2)(e)" in custom.applies_because
    met = law.Situation(conflict_kind="non_international", state="ML", ap2_threshold=True)
    cite = {c.text(): c for c in law.lookup("sexual_violence", met).all_citations()}[
        "AP II art. 4(2)(e)"]
    assert cite.ratified is True and "threshold is established" in cite.applies_because
    # Threshold met but the State's party status unknown (Niger has no AP II record).
    niger = law.Situation(conflict_kind="non_international", state="NE", ap2_threshold=True)
    grounding = law.lookup("sexual_violence", niger)
    assert "AP II art. 4(2)(e)" not in grounding.citations()
    assert any("not known to be party" in r for r in grounding.not_applied)


def test_common_article_3_is_the_floor_of_a_non_international_conflict() -> None:
    for subject in ("armed_attack", "sexual_violence", "torture", "no_care_access"):
        cites = _cites(subject, NIAC_ML)
        floor = [c for t, c in cites.items() if t.startswith("Common Article 3")]
        assert floor, subject
        assert "floor" in floor[0].applies_because
    assert not any(t.startswith("Common Article 3")
                   for t in _cites("armed_attack", law.Situation(conflict_kind="international")))
    assert not any(t.startswith("Common Article 3")
                   for t in _cites("armed_attack", law.Situation()))


def test_customary_ihl_where_a_treaty_does_not_bind() -> None:
    # Burundi has no AP II record: the customary rules stand in for AP II art. 13.
    cites = _cites("armed_attack", law.Situation(conflict_kind="non_international", state="BI"))
    assert "AP II art. 13" not in cites
    rule = cites["Customary IHL rule 1, rule 6, rule 11"]
    assert rule.ratified is None and "custom binds every party" in rule.applies_because
    # No customary IHL in peacetime.
    assert not any(t.startswith("Customary IHL") for t in _cites("armed_attack", law.Situation()))


def test_rome_statute_after_burundis_withdrawal() -> None:
    cites = _cites("armed_attack", law.Situation(conflict_kind="non_international", state="BI"))
    rome = cites["Rome Statute art. 8(2)(e)(i)"]
    assert rome.ratified is False
    assert str(rome.party.since) == "2017-10-27"
    assert "art. 12(3)" in rome.applies_because
    mali = _cites("armed_attack", NIAC_ML)["Rome Statute art. 8(2)(e)(i)"]
    assert mali.ratified is True and str(mali.party.since) == "2000-08-16"


def test_refugee_and_idp_law_follow_the_displacement() -> None:
    out = law.lookup("displaced", law.Situation(region="africa", displacement="cross_border"))
    texts = out.citations()
    assert "1969 OAU Refugee Convention arts. I(2), II(3), V(1)" in texts
    assert not [t for t in texts if t.startswith(("Kampala", "Guiding Principles"))]
    internal = law.lookup("displaced", law.Situation(region="africa", displacement="internal"))
    assert "Kampala Convention art. 11" in internal.citations()
    assert not [t for t in internal.citations() if "OAU Refugee" in t]


def test_every_citation_says_why_and_has_a_source() -> None:
    for subject in ("armed_attack", "displaced", "children", "epidemic", "child_recruitment"):
        for cite in law.lookup(subject, NIAC_ML).all_citations():
            assert cite.applies_because, (subject, cite.text())
            assert cite.source, (subject, cite.text())
            assert cite.to_dict()["ratified"] in (True, False, "unknown", "not_applicable")


def test_the_imprecise_entries_are_fixed() -> None:
    kb = law.knowledge_base()
    cited = {(p.instrument, p.articles) for r in kb.rights.values() for p in r.provisions}
    assert ("ap2", ("18",)) not in cited and ("ap2", ("18(2)",)) in cited
    assert ("kampala_convention", ("11",)) in cited
    assert ("kampala_convention", ("4(2)", "4(4)(f)", "5(4)")) in cited
    assert ("achpr", ("19",)) not in cited
    liberty = {(p.instrument, p.articles) for p in kb.rights["liberty"].provisions}
    assert ("common_article_3", ("3(1)(d)",)) not in liberty
    assert ("common_article_3", ("3(1)(d)",)) in {
        (p.instrument, p.articles) for p in kb.rights["fair_trial"].provisions}
    duties = " ".join(b for basis in kb.bases.values() for bs in basis.duty_bearers.values()
                      for b in bs)
    assert "AP II art. 18" not in duties and "Kampala art. 9" not in duties
    assert "art. 5(4) in Africa" not in duties


def test_child_recruitment_has_its_legal_bases() -> None:
    texts = law.lookup("child_recruitment", law.Situation(
        conflict_kind="non_international", region="africa")).citations()
    for expected in ("OPAC arts. 1, 2, 3, 4", "ILO C182 art. 3(a)",
                     "African Children's Charter art. 22(2)",
                     "Rome Statute art. 8(2)(e)(vii)", "Customary IHL rule 136, rule 137"):
        assert expected in texts, expected
