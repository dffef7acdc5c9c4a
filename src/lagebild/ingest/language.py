"""Language of a document (ISO 639-1), detected with lingua."""

from __future__ import annotations

from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

#: Languages news in our sources is written in; fewer candidates = faster and surer.
CANDIDATES: tuple[Language, ...] = (
    Language.GERMAN,
    Language.ENGLISH,
    Language.FRENCH,
    Language.SPANISH,
    Language.ITALIAN,
    Language.PORTUGUESE,
    Language.DUTCH,
    Language.DANISH,
    Language.SWEDISH,
    Language.POLISH,
    Language.CZECH,
    Language.RUSSIAN,
    Language.UKRAINIAN,
    Language.TURKISH,
    Language.ARABIC,
    Language.CHINESE,
)
#: Below this many letters a guess is noise (a headline fragment, a byline).
MIN_LETTERS = 20
#: Detection reads only the start of the text: an article's language shows early.
PREFIX_CHARS = 3000


@cache
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*CANDIDATES).build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code ("de") of ``text``, or None if it is too short or unclear."""
    prefix = text[:PREFIX_CHARS]
    if sum(ch.isalpha() for ch in prefix) < MIN_LETTERS:
        return None
    language = _detector().detect_language_of(prefix)
    return None if language is None else language.iso_code_639_1.name.lower()
