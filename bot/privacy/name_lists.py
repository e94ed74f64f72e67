"""Full names found by name lists, with no title, role or sign-off beside them.

The lists are UCSF Philter's, shipped in the philter-lite package (BSD-3-Clause): about 97,000
first names, 161,000 surnames, and 195,000 English and clinical words that are not names
("nonames"), built from US census and clinical-note data. Only its data file is read: importing
philter-lite itself would pull in NLTK, whose tagger needs a download.

A pair of capitalised words is read as a full name when the first is a known first name, the
second a known surname, and at least one of the two is not an everyday word ("Grace Brown" yes,
"Mark Brown" no: both words are also English); or when the first is a first name that is not
a word and the second is no word at all ("Rashida Mbeki": surnames outnumber any list). In
lower case both must be listed names and neither a word ("adaeze okonkwo"), since lower-case
word pairs are mostly just words. Records write "LAST, FIRST" in capitals.

A surname may also stand alone after a title or "pt"/"patient", typed fast in any case ("dr
patel's note", "pt okafor called"): the word is a name when the lists hold it as one and not as
a word ("pt education", "patient portal" are words), or when it is possessive and no word.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import regex

from bot.privacy.patterns import NEXT_WORD
from bot.privacy.vocabulary import (
    EPONYMS,
    EVERYDAY_WORDS,
    FIRST_NAMES,
    INSTITUTIONS,
    NOT_NAMES,
    SURNAME_LIKE_WORDS,
    TITLES,
    WORK_WORDS,
)

LISTS_FILE = "philter_lite/filters/set.toml"
_WORD = regex.compile(r"\p{L}+(?:['’]\p{L}+)*(?:-\p{L}+(?:['’]\p{L}+)*)*")
_POSSESSIVE = regex.compile(r"['’]s$", regex.IGNORECASE)
_INITIAL = regex.compile(r"\p{Lu}")
_GREETINGS = frozenset({"ty", "thx", "tx", "hi", "hey", "yo", "hiya", "dear", "cc", "ask", "ping"})
# Days as rotas write them ("Mon Ana, Tue Ben, Thu Dana"): never a first name there.
_WEEKDAYS = frozenset({"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"})
# Between a first name and a surname: one space, or a middle initial ("Ada K. Obi"); between a
# surname and a first name in records: a comma ("OKAFOR, CHIDI").
_GAP = regex.compile(r"[ ](?:\p{Lu}\.?[ ])?")
_RECORD_GAP = regex.compile(r",[ ]?")
NAME_SCORE = 0.7
# A title, "pt" or "patient", then one word; not inside "w/pt" or "apt".
_TITLE_THEN_WORD = regex.compile(
    r"(?<![\w/])(?i:dr|mrs?|ms|mx|miss|pt|patient)\.?[ ]+(\p{L}+(?:['’-]\p{L}+)*)"
)


class NameListsMissing(RuntimeError):
    """philter-lite's word lists are not installed; reinstall the project's dependencies."""


@dataclass(frozen=True)
class NameLists:
    """Lower-cased first names, surnames, and everyday words that are not names."""

    first: frozenset[str]
    last: frozenset[str]
    words: frozenset[str]


@lru_cache(maxsize=1)
def shared_name_lists() -> NameLists:
    """The lists, read once per process and shared by every recognizer and rule."""
    return load_name_lists()


def load_name_lists() -> NameLists:
    """Read philter-lite's lists (about a second); raises NameListsMissing when not installed."""
    try:
        path = Path(str(metadata.distribution("philter-lite").locate_file(LISTS_FILE)))
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (metadata.PackageNotFoundError, OSError) as missing:
        raise NameListsMissing(f"philter-lite's {LISTS_FILE} is not installed") from missing
    words = {w.lower() for w in data["nonames"]} | {w.lower() for w in WORK_WORDS} | EVERYDAY_WORDS
    return NameLists(
        first=frozenset(w.lower() for w in data["firstnames"]) | {n.lower() for n in FIRST_NAMES},
        last=frozenset(w.lower() for w in data["lastnames"]),
        words=frozenset(words),
    )


def _casing(word: str) -> str:
    """ "title", "upper", "lower", or "" for mixed casing such as "iPhone"."""
    if word.islower():
        return "lower"
    if word.isupper() and len(word) > 1:
        return "upper"
    if word[0].isupper() and (len(word) == 1 or not word[1:].isupper()):
        return "title"
    return ""


def _plain(word: str) -> str:
    """The word as the lists hold it: lower case, straight apostrophe, no possessive "'s"."""
    return _POSSESSIVE.sub("", word).lower().replace("’", "'")


def _listed(word: str, names: frozenset[str]) -> bool:
    """Whether the word, or one part of a hyphenated word, is in the list, as written or as
    the lists spell it: without apostrophes ("orourke") and accents ("wisniewski")."""
    return any(
        form in names or any(part in names for part in form.split("-") if len(part) > 1)
        for form in dict.fromkeys((word, *spellings(word)))
    )


# Letters that Unicode does not decompose into an ASCII letter and an accent.
_UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})


def spellings(word: str) -> tuple[str, str]:
    """The word without apostrophes, and also folded to ASCII, as the name lists spell names."""
    bare = word.replace("'", "").replace("’", "")
    folded = unicodedata.normalize("NFKD", bare.translate(_UNDECOMPOSED))
    return bare, "".join(char for char in folded if not unicodedata.combining(char))


class FullNameFinder:
    """Finds first-name-and-surname pairs in text with the lists above."""

    def __init__(self, lists: NameLists) -> None:
        self._lists = lists

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every full name the lists recognise, in text order."""
        words = [w for w in _WORD.finditer(text) if not _INITIAL.fullmatch(w.group())]
        found: list[tuple[int, int]] = []
        for one, two in zip(words, words[1:], strict=False):
            gap = text[one.end() : two.start()]
            if _GAP.fullmatch(gap):
                name = self._is_name(one.group(), two.group())
            elif _RECORD_GAP.fullmatch(gap) and two.group().isupper():
                name = self._is_name(two.group(), one.group())
            else:
                continue
            following = NEXT_WORD.match(text, two.end())
            if name and not (following and following.group(1) in INSTITUTIONS):
                end = two.end() - (2 if _POSSESSIVE.search(two.group()) else 0)
                found.append((one.start(), end))
        return found

    def _is_name(self, first: str, last: str) -> bool:
        """Whether "first last" reads as a full name by the rules in the module docstring."""
        casing = _casing(first)
        if not casing or casing != _casing(last) or first in TITLES:
            return False
        if first.capitalize() in NOT_NAMES or _POSSESSIVE.sub("", last).capitalize() in NOT_NAMES:
            return False
        # "ty kevin", "thx maria": thanks before a colleague's name, not a first name.
        if first.lower() in _GREETINGS | _WEEKDAYS:
            return False
        lists = self._lists
        one, two = _plain(first), _plain(last)
        # "lou gehrig's", "Bell's palsy": a disease named after a person, not a patient.
        if two in EPONYMS:
            return False
        if min(len(one), len(two)) < 2 or not _listed(one, lists.first):
            return False
        one_word, two_word = one in lists.words, _listed(two, lists.words)
        if casing == "lower":
            return _listed(two, lists.last) and not one_word and not two_word
        if _listed(two, lists.last):
            return not (one_word and two_word)
        return not one_word and not two_word


class LoneSurnameFinder:
    """Finds a surname written alone after a title or "pt"/"patient" (see the module docstring)."""

    def __init__(self, lists: NameLists) -> None:
        self._lists = lists

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every such surname, its possessive "'s" left out."""
        found: list[tuple[int, int]] = []
        for match in _TITLE_THEN_WORD.finditer(text):
            word = match.group(1)
            plain, possessive = _plain(word), bool(_POSSESSIVE.search(word))
            if len(plain) < 3 or plain in self._lists.words or plain.capitalize() in NOT_NAMES:
                continue
            if plain in SURNAME_LIKE_WORDS:
                continue
            # The lists spell "o'brien" as "obrien".
            forms = (plain, *spellings(plain))
            if possessive or any(f in self._lists.last or f in self._lists.first for f in forms):
                found.append((match.start(1), match.end(1) - (2 if possessive else 0)))
        return found
