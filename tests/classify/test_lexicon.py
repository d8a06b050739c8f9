"""The lexicon classifier: labels in English and French, each with its evidence."""

import pytest

from vitalcore.classify import classify
from vitalcore.classify.gazetteer import Gazetteer
from vitalcore.classify.language import identify
from vitalcore.domain import Area, Dimension, Group


@pytest.mark.parametrize(
    ("text", "language", "dimension"),
    [
        ("Armed men attacked the village and killed five people", "en", Dimension.PERSONAL),
        ("Des hommes armés ont attaqué le village", "fr", Dimension.PERSONAL),
        ("The harvest failed and food prices doubled", "en", Dimension.FOOD),
        ("La récolte a échoué, nous avons faim", "fr", Dimension.FOOD),
        ("Cholera outbreak in the camp and the clinic is closed", "en", Dimension.HEALTH),
        ("Épidémie de choléra, le centre de santé est fermé", "fr", Dimension.HEALTH),
        ("No rain this season, the wells dried up", "en", Dimension.ENVIRONMENTAL),
        ("Affrontements entre éleveurs et agriculteurs", "fr", Dimension.COMMUNITY),
        ("The market is closed and traders have no income", "en", Dimension.ECONOMIC),
        ("Les militaires ont arrêté des manifestants", "fr", Dimension.POLITICAL),
    ],
)
def test_dimension_language_and_evidence(text: str, language: str, dimension: Dimension) -> None:
    [result] = classify([text])
    assert result.language == language
    assert result.labels()[0] is dimension
    evidence = {e.label: e.terms for e in result.evidence}
    assert evidence[dimension.value], "a label without the words behind it"


def test_groups_are_found_with_their_words() -> None:
    [result] = classify(["Trois enfants et leurs mères déplacées ont fui le camp"])
    assert {Group.CHILDREN, Group.WOMEN, Group.DISPLACED} <= set(result.groups)
    evidence = {e.label: e.terms for e in result.evidence}
    assert "enfants" in evidence["children"]


def test_text_without_threat_words_gets_no_label() -> None:
    [result] = classify(["Hello, the weather is nice and we thank you"])
    assert result.labels() == []


@pytest.mark.parametrize(
    ("text", "counts", "score"),
    [
        ("12 tués au marché", {"killed": 12}, 5),
        ("Armed men killed three people", {"killed": 3}, 4),
        ("300 families fled the village", {"displaced": 300}, 4),
        ("two children were abducted", {"abducted": 2}, 5),  # abduction, children
        ("the weather is fine today", {}, 1),
    ],
)
def test_severity_cues_keep_the_numbers(text: str, counts: dict, score: int) -> None:
    [result] = classify([text])
    assert result.severity == score
    assert result.severity_counts == counts
    severity_terms = {e.label: e.terms for e in result.evidence}.get("severity", ())
    assert {f"{k}={v}" for k, v in counts.items()} <= set(severity_terms)


def test_language_id_says_unknown_when_too_short() -> None:
    assert identify("ok") == "und"


def test_gazetteer_resolves_alternate_names_without_accents() -> None:
    gazetteer = Gazetteer([Area(pcode="NE0204", name="Tera", country="NE", alt_names=("Téra",))])
    assert gazetteer.resolve("TÉRA") == "NE0204"
    assert gazetteer.resolve("Tera ") == "NE0204"
    assert gazetteer.resolve("Paris") is None


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Les éleveurs de Ménaka cherchent de l'herbe pour le bétail", None),
        ("Le prix du riz est très élevé cette semaine au marché", None),
        ("The midwife left and two mothers nearly died in childbirth", None),
        ("Les jeunes du quartier ont été arrêtés hier soir", None),
        ("Youth unemployment is rising in the town", None),
        ("Nos élèves et leurs enfants ont faim", Group.CHILDREN),
        ("The children of the camp have no school", Group.CHILDREN),
    ],
)
def test_children_only_from_words_for_children(text: str, group: Group | None) -> None:
    from vitalcore.classify.lexicon import LexiconClassifier

    [result] = LexiconClassifier().classify([text])
    assert (Group.CHILDREN in result.groups) == (group is Group.CHILDREN)


def test_a_well_is_a_place_its_drying_the_threat() -> None:
    from vitalcore.classify.lexicon import LexiconClassifier

    on_way, dried = LexiconClassifier().classify([
        "Nous marchons jusqu'au puits du village chaque matin avec les ânes",
        "Les puits sont secs depuis le mois dernier",
    ])
    assert on_way.dimensions[Dimension.ENVIRONMENTAL] < 0.5
    assert dried.dimensions[Dimension.ENVIRONMENTAL] >= 0.5
