"""Severity read from the harm: gravity of the threat, acts, victims counted, who and how.

Sentences written for these tests in the seven lexicon languages (not from the training
phrases nor the simulator's banks).
"""

import pytest

from vitalcore import taxonomy
from vitalcore.classify import classify
from vitalcore.classify.lexicon import LexiconClassifier
from vitalcore.classify.matcher import default_matcher
from vitalcore.classify.severity import read_severity, scale


def cue(text: str, language: str):  # noqa: ANN201 - SeverityCue
    docs, hits = default_matcher().scan([text])
    return read_severity(docs[0], hits[0], language)


@pytest.mark.parametrize(
    ("text", "language", "counts", "victims"),
    [
        ("5 moun mouri nan katye a", "ht", {"killed": 5}, 0),  # died: no threat, no act
        ("300 families fled the village", "en", {"displaced": 300}, 0),
        ("mataron a tres personas y hay 12 heridos", "es", {"killed": 3, "injured": 12}, 3),
        ("waasi waliua watu watano", "sw", {"killed": 5}, 5),
        ("قتل 4 أشخاص", "ar", {"killed": 4}, 4),
        ("قتل ٤ أشخاص", "ar", {"killed": 4}, 4),  # Arabic-Indic digits
        ("1,200 households affected by the floods", "en", {"affected": 1200}, 1200),
        ("os insurgentes violaram 7 mulheres, 20 feridos", "pt", {"injured": 20}, 7),
        ("Ils ont violé trois femmes", "fr", {}, 3),
        ("Armed men shot dead four herders", "en", {"killed": 4}, 4),
        ("Bandits stole 50 goats and 3 cows", "en", {}, 0),  # animals are not victims
    ],
)
def test_victims_in_words_and_digits(text: str, language: str, counts: dict,
                                     victims: int) -> None:
    found = cue(text, language)
    assert found.counts == counts
    assert found.victims == victims


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Soldiers raped a woman at the well", "en"),
        ("Une jeune fille a été violée au bord du marigot", "fr"),
        ("اختطفوا طبيبا من العيادة", "ar"),
        ("Los soldados desaparecieron a un líder indígena la semana pasada", "es"),
        ("Uma mina terrestre explodiu na estrada", "pt"),
        ("Wanajeshi walimtesa mfungwa kwa siku tatu", "sw"),
        ("Yo fè kadejak sou yon fi nan lari a", "ht"),
        ("They poisoned the only well of the hamlet", "en"),
        ("Les assaillants ont brûlé les cases du hameau", "fr"),
    ],
)
def test_grave_without_a_number(text: str, language: str) -> None:
    assert cue(text, language).score >= 4


def test_words_of_gravity_are_not_read() -> None:
    # How a reporter feels is not harm; the fillers the simulator planted one to one
    # with a level (issue 22) no longer set it.
    for text, language in [("The situation is catastrophic and very very bad", "en"),
                           ("C'est une catastrophe, très très grave", "fr"),
                           ("الوضع كارثي وسيئ جدا جدا", "ar")]:
        assert cue(text, language).score == 1
    lexicons = [taxonomy.lexicon(lang) for lang in taxonomy.lexicon_languages()]
    assert all("intensity" not in spec["severity"] for spec in lexicons)


def test_who_and_how_raise_it() -> None:
    assert cue("Bandits abducted a trader on the road", "en").score == 4
    assert cue("Bandits abducted two schoolgirls on the road", "en").score == 5
    assert cue("Gunmen killed 3 villagers", "en").score == 4
    assert cue("Gunmen killed 25 villagers", "en").score == 5
    assert cue("La sécheresse frappe le cercle", "fr").score == 3
    assert cue("La sécheresse continue, toujours pas d'eau", "fr").score == 4
    raised = cue("Gunmen killed 25 villagers", "en")
    assert raised.raised_by == "many"
    assert "raised:many" in raised.terms()


def test_negated_harm_is_not_counted() -> None:
    found = cue("Nobody was killed or injured in the clash at the well", "en")
    assert found.counts == {}
    assert found.score <= 3


def test_mild_threats_stay_low() -> None:
    assert cue("Le prix du sucre a augmenté", "fr").score == 2
    assert cue("Tunashukuru kwa msaada wa jana", "sw").score == 1


def test_every_threat_type_has_a_gravity() -> None:
    types = {t for ts in taxonomy.threat_types().values() for t in ts}
    assert set(scale().gravity) == types
    grave = {"sexual_violence", "abduction", "torture", "disappearance",
             "child_recruitment", "ied_landmine"}
    assert all(scale().gravity[t] >= 4 for t in grave)
    assert {"killing", "poisoning", "burning_homes"} <= {
        a for a, g in scale().acts.items() if g >= 4}


@pytest.mark.parametrize("text", ["", "   ", "ok", "Gao", "???", "12", "killed", "Choléra!",
                                  "kadejak"])
def test_empty_or_one_word_texts_get_no_labels(text: str) -> None:
    for result in (*classify([text]), *LexiconClassifier().classify([text])):
        assert result.labels() == []
        assert result.threat_types == {}
        assert result.severity in (0, 1)
