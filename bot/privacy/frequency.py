"""How often a word is written, in English and in the languages members mix in.

wordfreq (Robyn Speer; MIT code, CC BY-SA 4.0 data) gives a word's frequency across Wikipedia,
subtitles, news, books, web text and social media, on the Zipf scale: log10 of occurrences per
billion words, so 3.0 is about once per million words and 0 is never seen. Its lists ship inside
the wheel; nothing is downloaded. The image keeps only the lists read here (tools/slim_image.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import cast

# Languages whose greetings and function words members mix in ("gracias a todos", "danke, bis
# morgen", "bonjour à tous"): a word this common in one of them is a word, not a surname.
OTHER_LANGUAGES = ("es", "fr", "de", "pt", "it")
OTHER_LANGUAGE_ZIPF = 5.0


@lru_cache(maxsize=1)
def _frequency() -> Callable[..., float]:
    """wordfreq's zipf_frequency, imported on first use (reading its English list: ~0.4 s)."""
    from wordfreq import zipf_frequency

    return cast(Callable[..., float], zipf_frequency)


def zipf(word: str) -> float:
    """How often the word occurs in English text, on the Zipf scale (0 when never seen)."""
    return float(_frequency()(word, "en"))


def common_in_another_language(word: str) -> bool:
    """Whether the word is among the most common of Spanish, French, German, Portuguese or
    Italian text (Zipf 5.0 or more in wordfreq's small lists: "gracias" 5.9, "danke" 5.6,
    "tous" 6.0; the surname "rojas" is 4.5)."""
    frequency = _frequency()
    return any(
        frequency(word, language, wordlist="small") >= OTHER_LANGUAGE_ZIPF
        for language in OTHER_LANGUAGES
    )


# Endings English adds to a word ("voicemailed", "stapler", "headings").
ENDINGS = ("ing", "ed", "es", "s", "ers", "er", "ly", "ment", "able")
# A stem at least this common in English is an everyday word.
EVERYDAY_ZIPF = 3.0


def inflected(plain: str, words: frozenset[str]) -> bool:
    """Whether a lower-case word is an everyday word with an ending ("voicemailed", "stapler",
    "headings", "toner"): its stem, or the stem with an "e" or one doubled letter less, is in
    `words` or at least EVERYDAY_ZIPF common in English text."""
    for ending in ENDINGS:
        stem = plain.removesuffix(ending)
        if stem != plain and len(stem) >= 3:
            for base in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else stem):
                if base in words or zipf(base) >= EVERYDAY_ZIPF:
                    return True
    return False
