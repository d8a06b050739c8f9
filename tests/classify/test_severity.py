"""Severity cues in every lexicon language, numbers kept."""

import pytest

from vitalcore.classify.matcher import default_matcher
from vitalcore.classify.severity import read_severity


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("5 moun mouri nan katye a", {"killed": 5}),
        ("300 families fled the village", {"displaced": 300}),
        ("mataron a tres personas y hay 12 heridos", {"killed": 3, "injured": 12}),
        ("waasi waliua watu watano", {}),  # no digits and no listed number word before
        ("قتل 4 أشخاص", {"killed": 4}),
        ("1,200 households affected by the floods", {"affected": 1200}),
        ("os insurgentes raptaram 7 mulheres, 20 feridos", {"injured": 20}),
    ],
)
def test_counts_in_many_languages(text: str, counts: dict) -> None:
    docs, hits = default_matcher().scan([text])
    assert read_severity(docs[0], hits[0]).counts == counts


def test_words_of_gravity_set_the_level_without_a_count() -> None:
    from vitalcore.classify.lexicon import LexiconClassifier

    found = LexiconClassifier().classify([
        "The drought is catastrophic, the wells are dry.",
        "La sécheresse est très grave à Gao.",
        "The drought is here, the wells are dry.",
        "Prices are serious but 2 killed at the market.",  # the count is graver,
    ])
    assert [c.severity for c in found] == [5, 3, 1, 4]
