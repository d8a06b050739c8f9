"""Language identification with py3langid's packaged model, restricted to a deployment."""

from __future__ import annotations

from functools import cache

DEFAULT_LANGUAGES = ("en", "fr", "ar", "es", "pt", "sw", "ht")
UNKNOWN = "und"


@cache
def _identifier(languages: tuple[str, ...]):  # noqa: ANN202 - py3langid has no public type
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages))
    return identifier


def identify(text: str, languages: tuple[str, ...] = DEFAULT_LANGUAGES,
             min_confidence: float = 0.5) -> str:
    """ISO 639-1 code of `text` among `languages`, or 'und' when unsure or too short."""
    if len(text.strip()) < 3:
        return UNKNOWN
    lang, confidence = _identifier(tuple(sorted(languages))).classify(text)
    return lang if confidence >= min_confidence else UNKNOWN
