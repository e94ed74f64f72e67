"""A small bag-of-words TF-IDF cosine, enough to compare a sentence with the playbook's examples.

It runs with no model and no extra dependency, so sorting works offline and instantly. Words
are lower-cased and crudely stemmed ("automated", "automation" -> "automat")."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

_WORD = re.compile(r"[a-z][a-z0-9']+")
# Words that say nothing about which question an idea answers.
_STOPWORDS = frozenset(
    """
    a an the and or but if of to in on at for by with from as is are was were be been being it
    its this that these those we our us you your they them their he she his her i me my so not
    no do does did can could should would will shall may might must have has had there here
    what which who whom when where why how all any each every some more most other than then
    too very just also only into out up down over about per one two get got let lets
    """.split()  # noqa: SIM905
)
_SUFFIXES = ("ations", "ation", "ions", "ion", "ing", "ed", "es", "ly", "e", "s")


def stem(word: str) -> str:
    """A crude stem: the word without one common suffix, keeping at least four letters."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """The stemmed content words of a text."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]


class BagOfWords:
    """TF-IDF vectors over a fixed set of documents, compared by cosine similarity."""

    def __init__(self, documents: Sequence[str]) -> None:
        counted = [Counter(terms(d)) for d in documents]
        frequency: Counter[str] = Counter()
        for words in counted:
            frequency.update(words.keys())
        total = len(counted)
        self._idf = {w: math.log((1 + total) / (1 + n)) + 1.0 for w, n in frequency.items()}
        self._vectors = [self._weigh(words) for words in counted]

    def _weigh(self, words: Counter[str]) -> dict[str, float]:
        """TF-IDF weights of one document, normalised to unit length."""
        weights = {w: (1 + math.log(n)) * self._idf.get(w, 0.0) for w, n in words.items()}
        norm = math.sqrt(sum(v * v for v in weights.values()))
        return {w: v / norm for w, v in weights.items()} if norm else {}

    def similarities(self, text: str) -> list[float]:
        """Cosine similarity of the text with each document, in document order."""
        query = self._weigh(Counter(terms(text)))
        return [sum(q * doc.get(w, 0.0) for w, q in query.items()) for doc in self._vectors]


def top_mean(values: Iterable[float], count: int) -> float:
    """The mean of the `count` largest values (0.0 for none)."""
    best = sorted(values, reverse=True)[:count]
    return sum(best) / len(best) if best else 0.0
