"""The knowledge base as rows for the three tiers, and whole duty-bearer phrases."""

from vitalcore.law import duty_rows, knowledge_base


def test_duty_bearers_are_whole_phrases() -> None:
    # A YAML flow list splits at every comma: "police (search, rescue)" must stay whole.
    for subject, basis in knowledge_base().bases.items():
        for tier, bearers in basis.duty_bearers.items():
            for bearer in bearers:
                assert bearer.count("(") == bearer.count(")"), (subject, tier, bearer)


def test_duty_rows_feed_the_three_tiers() -> None:
    rows = duty_rows()
    attack = [r for r in rows if r["threat_type"] == "armed_attack"]
    assert {r["tier"] for r in attack} == {"state", "international", "community"}
    assert all(r["instrument"] for r in attack)
    assert any(r["instrument"] == "ICCPR art. 6" for r in attack)
