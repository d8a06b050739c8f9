"""Language identification, restricted to a deployment's configured languages.

Two readers: py3langid's packaged model (97 languages, but not Haitian Creole), and, when
a trained model is loaded, its language head (a softmax over the same n-gram features,
trained on the corpus, which knows Creole). The head answers when it is sure; otherwise
py3langid, restricted to the configured languages, decides; "und" when neither is sure.
A text that py3langid, over all its 97 languages, is sure is in a language the deployment
does not support gets that language's code ("de"), so the voice says so and is stored:
its labels then come from whatever words the lexicons and n-grams still recognise.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np

DEFAULT_LANGUAGES = ("en", "fr", "ar", "es", "pt", "sw", "ht")
UNKNOWN = "und"
# Below this many letters no reader is trusted.
MIN_LENGTH = 3
HEAD_SURE = 0.9
# py3langid over all its languages must be this sure to call a text unsupported.
OTHER_SURE = 0.9


@cache
def _any_language():  # noqa: ANN202 - py3langid has no public type
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def unsupported(text: str, languages: Sequence[str]) -> str | None:
    """The code of the language `text` is surely in, when that is not one of `languages`."""
    lang, confidence = _any_language().classify(text)
    return lang if lang not in languages and confidence >= OTHER_SURE else None


@cache
def _identifier(languages: tuple[str, ...]):  # noqa: ANN202 - py3langid has no public type
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    known = set(identifier.nb_classes)
    identifier.set_languages([lang for lang in languages if lang in known])
    return identifier


def identify(text: str, languages: Sequence[str] = DEFAULT_LANGUAGES,
             min_confidence: float = 0.5) -> str:
    """ISO 639-1 code of `text` among `languages` (py3langid), or 'und' when unsure."""
    if len(text.strip()) < MIN_LENGTH:
        return UNKNOWN
    other = unsupported(text, languages)
    if other:
        return other
    usable = tuple(sorted(lang for lang in languages if lang != "ht"))
    if len(usable) == 0:
        return UNKNOWN
    if len(usable) == 1:
        return usable[0]
    lang, confidence = _identifier(usable).classify(text)
    return lang if confidence >= min_confidence else UNKNOWN


def identify_batch(texts: Sequence[str], head_languages: Sequence[str],
                   head_probabilities: np.ndarray,
                   languages: Sequence[str] = DEFAULT_LANGUAGES) -> list[str]:
    """Language per text: the trained head when sure, else py3langid, else 'und'."""
    allowed = set(languages)
    out = []
    best = head_probabilities.argmax(axis=1) if len(head_languages) else None
    for i, text in enumerate(texts):
        if len(text.strip()) < MIN_LENGTH:
            out.append(UNKNOWN)
            continue
        if best is not None:
            lang = head_languages[best[i]]
            if lang in allowed and head_probabilities[i, best[i]] >= HEAD_SURE:
                out.append(lang)
                continue
        out.append(identify(text, languages))
    return out
