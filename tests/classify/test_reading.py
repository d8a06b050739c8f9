"""Threat types from their own cues: morphology, negation, false friends, the evidence rule.

Every sentence here was written for these tests, in the seven lexicon languages; none is
taken from the training phrases or the simulator's banks.
"""

import pytest

from vitalcore import taxonomy
from vitalcore.classify import classify
from vitalcore.classify.evidence import is_junk, junk_words, proper_nouns
from vitalcore.classify.lexicon import LexiconClassifier
from vitalcore.classify.matcher import default_matcher
from vitalcore.classify.reading import read_voice


def threats(text: str, language: str) -> dict[str, tuple[str, ...]]:
    docs, hits = default_matcher().scan([text])
    return read_voice(docs[0], hits[0], language).threats


@pytest.mark.parametrize(
    ("text", "language", "threat"),
    [
        # French morphology of "viol": noun, participles, infinitive.
        ("Un viol a eu lieu derrière le puits de Gossi", "fr", "sexual_violence"),
        ("Ma cousine a été violée en rentrant du champ", "fr", "sexual_violence"),
        ("Plusieurs femmes ont été violées au point d'eau", "fr", "sexual_violence"),
        ("Ils menacent de violer les filles qui vont au marché", "fr", "sexual_violence"),
        # Mines and explosive devices under their many names.
        ("Une mine a sauté sous la moto du berger", "fr", "ied_landmine"),
        ("A landmine went off beside the cattle track", "en", "ied_landmine"),
        ("Un engin explosif improvisé a été trouvé sur la piste", "fr", "ied_landmine"),
        ("An IED hit the water truck on the northern road", "en", "ied_landmine"),
        ("Pisó una mina antipersonal cerca del cafetal", "es", "ied_landmine"),
        ("انفجرت عبوة ناسفة قرب المدرسة", "ar", "ied_landmine"),
        ("Bomu la ardhini lilimjeruhi mchungaji", "sw", "ied_landmine"),
        ("Yon bonm eksploze devan legliz la", "ht", "ied_landmine"),
        ("Um engenho explosivo rebentou perto da ponte", "pt", "ied_landmine"),
        # The new threat type, in every language.
        ("The rebels recruited children from the displacement site", "en",
         "child_recruitment"),
        ("Des enfants soldats gardent le poste de contrôle", "fr", "child_recruitment"),
        ("جندوا الأطفال في القرية للقتال", "ar", "child_recruitment"),
        ("Reclutaron a menores en la comunidad para la guerra", "es", "child_recruitment"),
        ("Os insurgentes recrutaram crianças na aldeia", "pt", "child_recruitment"),
        ("Waasi walisajili watoto kutoka shuleni", "sw", "child_recruitment"),
        ("Gang la rekrite timoun nan katye a pou vann dwòg", "ht", "child_recruitment"),
    ],
)
def test_threat_types_are_found_in_every_form(text: str, language: str, threat: str) -> None:
    assert threat in threats(text, language)


@pytest.mark.parametrize(
    ("text", "language", "absent", "present"),
    [
        ("No rain has fallen on the plateau since the sowing", "en", "flood", "drought"),
        ("Pas de pluie depuis les semis, rien ne pousse", "fr", "flood", "drought"),
        ("Hakuna mvua tangu tulipopanda mbegu", "sw", "flood", "drought"),
        ("Pa gen lapli depi nou fin plante", "ht", "flood", "drought"),
        ("There was no attack on the village this week", "en", "armed_attack", None),
        ("Il n'y a pas eu d'attaque cette semaine", "fr", "armed_attack", None),
        ("No hubo ataque en la vereda este mes", "es", "armed_attack", None),
        ("Não houve ataque na aldeia este mês", "pt", "armed_attack", None),
        ("لم يكن هناك هجوم على القرية", "ar", "armed_attack", None),
        # A negative cue is not cancelled by another negation ("ne ... aucune").
        ("Nous n'avons aucune nouvelle de mon oncle depuis son arrestation", "fr", None,
         "disappearance"),
        # Arabic "and" written as a prefix of the cue.
        ("أخذوا جاري ولا نعرف مكانه", "ar", None, "disappearance"),
    ],
)
def test_negation(text: str, language: str, absent: str | None, present: str | None) -> None:
    found = threats(text, language)
    if absent:
        assert absent not in found
    if present:
        assert present in found


def test_negated_killing_is_not_a_grave_act() -> None:
    docs, hits = default_matcher().scan(["Nobody was killed when the truck overturned"])
    reading = read_voice(docs[0], hits[0], "en")
    assert "killing" not in reading.acts
    assert "killed" in reading.negated


def test_false_friends() -> None:
    # "arme" the verb is not "armes" (weapons): no personal label made from it.
    [un] = classify(["l'ONU arme les rebelles"])
    assert "armed_attack" not in un.threat_types
    assert not any("arme" in e.terms or "armes" in e.terms for e in un.evidence)
    # "près" (near) is not political, "heart attack" is not an armed attack.
    assert "political" not in {d.value for d in classify(["Il habite près du marché"])[0].labels()}
    assert "armed_attack" not in threats("My father had a heart attack at the market", "en")


def test_two_words_apart_make_a_threat_together() -> None:
    assert "market_closure" in threats("The cattle market of Ansongo stays closed", "en")
    assert "no_care_access" in threats("Le dispensaire du village est toujours fermé", "fr")
    assert "market_closure" not in threats(
        "The market was busy on Monday and the people went home and the school closed", "en")


@pytest.mark.parametrize(
    ("text", "dimension", "threat"),
    [
        ("Ils ont violé trois femmes près de Ménaka hier soir", "personal", "sexual_violence"),
        ("The well in Kidal was poisoned, children are sick", None, "pollution"),
        ("Armed men shot dead four herders", "personal", "armed_attack"),
        ("A landmine killed a boy", "personal", "ied_landmine"),
        ("Nobody has heard from my uncle since the security forces took him", "political",
         "disappearance"),
        ("Armed men killed 5 people in Gao", "personal", "armed_attack"),
    ],
)
def test_the_issue_examples(text: str, dimension: str | None, threat: str) -> None:
    [result] = classify([text])
    labels = {d.value for d in result.labels()}
    if dimension:
        assert dimension in labels
    assert threat in result.threat_types
    assert result.severity >= 4


def test_a_killing_is_not_health() -> None:
    [result] = classify(["Armed men killed 5 people in Gao"])
    assert "health" not in {d.value for d in result.labels()}
    [french] = classify(["Ils ont violé trois femmes près de Ménaka hier soir"])
    assert "political" not in {d.value for d in french.labels()}


VOICES = [
    "Armed men killed 5 people in Gao",
    "Ils ont violé trois femmes près de Ménaka hier soir",
    "Les bandits ont volé 40 chèvres à Ansongo mardi",
    "Watu 12 walijeruhiwa katika mapigano ya Garissa",
    "Moun yo pa gen manje nan Jérémie depi 3 jou",
    "Em Pemba 200 famílias fugiram para a cidade",
    "En Tumaco mataron a 2 jóvenes anoche",
    "في كيدال لا يوجد ماء منذ أسبوع",
]


def test_no_label_shows_stop_words_numbers_or_places() -> None:
    results = classify(VOICES)
    for text, result in zip(VOICES, results, strict=True):
        places = proper_nouns(text)
        for evidence in result.evidence:
            if evidence.label == "severity":
                continue
            for term in evidence.terms:
                assert not is_junk(term), (text, evidence)
                assert term not in places, (text, evidence)


def test_junk_words_come_from_every_lexicon() -> None:
    junk = junk_words()
    assert {"in", "pres", "de", "na", "nan", "em", "في", "trois", "watano"} <= junk
    assert proper_nouns("Armed men attacked the market in Gao. Then they burned Menaka") \
        == {"gao", "menaka"}
    assert proper_nouns("ATTACK IN GAO") == set()


def test_every_threat_type_has_cues_in_every_language() -> None:
    types = {t for ts in taxonomy.threat_types().values() for t in ts}
    for language in taxonomy.lexicon_languages():
        cues = taxonomy.lexicon(language)["threats"]
        assert set(cues) == types, language
        assert all(cues[t] for t in types), language


def test_the_lexicon_classifier_reads_threats_too() -> None:
    [result] = LexiconClassifier().classify(["Watoto wawili walitekwa nyara jana usiku"])
    assert "abduction" in result.threat_types
    assert "personal" in {d.value for d in result.labels()}
    assert result.severity == 5  # abduction (4), raised: children


@pytest.mark.parametrize(
    ("text", "language", "disappearance"),
    [
        ("No news of my sister since the earthquake, she was at the market", "en", False),
        ("Nou poko jwenn frè m depi tranblemandtè a", "ht", False),
        ("Sans nouvelles de ma tante depuis l'inondation", "fr", False),
        ("No news of my sister since the soldiers took her at the checkpoint", "en", True),
        ("Sans nouvelles de ma tante depuis que les militaires l'ont emmenée", "fr", True),
        ("Depi lapolis pran kouzen m nou pa gen nouvèl li", "ht", True),
    ],
)
def test_a_missing_person_is_not_a_disappearance(text: str, language: str,
                                                 disappearance: bool) -> None:
    assert ("disappearance" in threats(text, language)) is disappearance


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Three hundred families fled the village after the night raid", "en"),
        ("Nous avons fui Ménaka avec les enfants, il ne reste personne", "fr"),
        ("نزحنا من القرية بعد الهجوم ولا نعرف أين نذهب", "ar"),
        ("Tulikimbia kijiji chetu usiku", "sw"),
    ],
)
def test_flight_is_forced_displacement_and_personal(text: str, language: str) -> None:
    [result] = classify([text])
    assert "forced_displacement" in result.threat_types
    assert "personal" in {d.value for d in result.labels()}
    assert result.severity >= 3


def test_a_flight_of_many_is_graded_by_its_count_not_raised_again() -> None:
    [result] = classify(["300 families fled the village"])
    assert result.severity == 4  # counts.displaced: 100 or more is 4
    [camp] = classify(["In the camp the children go to school"])
    assert "forced_displacement" not in camp.threat_types


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The herders drove their cows into our fields and beat my brother", "en"),
        ("Les bergers sont entrés dans nos champs avec leurs bêtes, deux blessés", "fr"),
        ("أدخل الرعاة مواشيهم في حقول القرية وضربوا أخي", "ar"),
    ],
)
def test_herders_and_fields_together_are_farmer_herder_conflict(text: str, language: str
                                                               ) -> None:
    [result] = classify([text])
    assert "farmer_herder_conflict" in result.threat_types
    assert "community" in {d.value for d in result.labels()}


def test_herders_alone_are_no_farmer_herder_conflict() -> None:
    [result] = classify(["Armed men shot dead four herders on the road"])
    assert "farmer_herder_conflict" not in result.threat_types
