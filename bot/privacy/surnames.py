"""Surnames without a first name before them, found by the name lists and the words around them.

Typed fast, a patient is often named by the surname first or alone: "Kowalczyk, Teresa" and
"goldberg, miriam" (as records write names, but in any case), "petrosyan called back" (the
surname as the subject of something a patient does), "the ramirez-ortiz family". A word is
read as a surname here only when philter-lite's lists hold it as a surname and not as an
everyday or clinical word; alone, it must not be a first name either, so a colleague named by
first name ("grace said the portal is back up") stays unflagged, as first names alone are.
"""

from __future__ import annotations

import regex

from bot.privacy.frequency import common_in_another_language, inflected
from bot.privacy.name_lists import NameLists, _listed, _plain, spellings
from bot.privacy.patterns import NEXT_WORD
from bot.privacy.vocabulary import (
    EPONYMS,
    FIRST_NAMES,
    HEALTH_SYSTEMS,
    INSTITUTIONS,
    NAMED_INSTITUTIONS,
    NOT_NAMES,
    ORGANISATIONS,
    SURNAME_LIKE_WORDS,
    TITLES,
)

# One word of a name: letters, apostrophes, hyphenated parts ("o'brien", "ramirez-ortiz").
NAME_WORD = r"\p{L}[\p{L}'’]*(?:-\p{L}[\p{L}'’]*)*"
_SURNAME_FIRST = regex.compile(rf"\b({NAME_WORD}),[ ]?({NAME_WORD})\b")
# Things a patient (or the family) does that a message reports.
_PATIENT_VERBS = (
    r"called|calls|calling|came|comes|wants|wanted|needs|needed|asked|asks|asking|says|said"
    r"|left|refused|declines|declined|missed|messaged|emailed|faxed|showed|no-showed|returned"
    r"|fell|died|passed|got|went|still|again|is[ ]+(?:asking|requesting|calling|here|waiting"
    r"|upset|back)|was[ ]+(?:seen|admitted|discharged)"
)
# In lower case a subject is read only where a clause starts; capitalised, anywhere.
_CLAUSE_START = (
    r"(?:^|(?<=[.!?;:(\n][ \t]*)|(?<=\b(?:and|but|so|also|fyi|btw|ok|then|now|re)[ ,:]+))"
)
_SUBJECT = regex.compile(
    rf"(?:{_CLAUSE_START}({NAME_WORD})|\b(\p{{Lu}}\p{{Ll}}{NAME_WORD}))"
    rf"(?=[ ]+(?:{_PATIENT_VERBS})\b|['’]s\b)",
    regex.MULTILINE,
)
# Things done to or about a patient, before the surname as object: "spoke w petrosyan".
_OBJECT = regex.compile(
    r"(?i)\b(?:called|calling|call|spoke[ ]+(?:w/?|with|to)|talked[ ]+(?:w/?|with|to)|saw|seen"
    r"|messaged|texted|emailed|faxed|paged|f/u[ ]+(?:w/?|with)|follow[ ]+up[ ]+(?:w/?|with)"
    rf"|re:?)[ ]+({NAME_WORD})"
    r"(?=['’]s\b|[ ]+(?:back|again|today|yesterday|re|about)\b|[ ]*[,.!?]|[ ]*$)",
    regex.MULTILINE,
)
# A surname after a preposition that points at a patient: "PA for okonkwo", "re: Gutierrez".
_AFTER_PREPOSITION = regex.compile(
    rf"(?i)\b(?:for|re:?|with|w/|about)[ ]+({NAME_WORD})(?![\w-])", regex.MULTILINE
)
# A lower-case full name after a word that points at a patient ("refill for linda park",
# "call back tamika washington"): the surname may be an everyday word there.
_FULL_NAME_IN_CONTEXT = regex.compile(
    r"(?i)\b(?:for|re:?|with|w/|about|call(?:ed)?(?:[ ]+back)?|spoke[ ]+(?:w/?|with|to))[ ]+"
    rf"({NAME_WORD})[ ]+({NAME_WORD})(?![\w-])",
    regex.MULTILINE,
)
_FAMILY = regex.compile(
    rf"(?i)(?:\b(?:the|our|that|this)[ ]+|{_CLAUSE_START})({NAME_WORD})(?=[ ]+(?:family|families"
    r"|household|twins|kids|children|boys|girls|parents)\b)",
    regex.MULTILINE,
)
# A name in a list of names: after "a, " or "a and ", or before ", b" or " and b".
_LIST_BEFORE = regex.compile(r"(?:,|\band|&)[ ]*\Z")
_LIST_AFTER = regex.compile(r"[ ]*(?:,[ ]*\p{L}|(?:and|&)[ ]+\p{L})")
# Words that follow a colleague's first name in chat ("for dan later today").
_CHAT_WORDS = frozenset(
    """
    later soon now then today tonight tomorrow tmrw tmw yesterday again back too also asap
    first last next early late please pls thanks thx week weekend morning afternoon evening
    am pm ok instead there here and or but if when while
    """.split()  # noqa: SIM905
)
_FIRST_NAMES = frozenset(name.lower() for name in FIRST_NAMES)
_NAMED_INSTITUTIONS = frozenset(name.lower() for name in NAMED_INSTITUTIONS)
_NOT_NAMES = (
    SURNAME_LIKE_WORDS
    | EPONYMS
    | HEALTH_SYSTEMS
    | frozenset(word.lower() for word in NOT_NAMES | INSTITUTIONS | TITLES | ORGANISATIONS)
)


_NEXT_WORD_ANY_CASE = regex.compile(r"(?:['’]s)?[ ]+(\p{L}+)")
_PLACE_WORDS = frozenset(word.lower() for word in INSTITUTIONS) | {
    "pharmacy",
    "office",
    "lab",
    "practice",
    "campus",
    "site",
    "location",
    "branch",
    "store",
}


def _names_a_place(text: str, end: int) -> bool:
    """Whether the word after a surname makes it a place ("baltimore clinic", "Ruiz pharmacy")."""
    following = _NEXT_WORD_ANY_CASE.match(text, end)
    return bool(following and following.group(1).lower() in _PLACE_WORDS)


class SurnameFinder:
    """Finds surnames written first ("Obi, Ada") or alone in a patient's context."""

    def __init__(self, lists: NameLists) -> None:
        self._lists = lists

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every such surname (with its first name when written after it)."""
        found = [
            m.span()
            for m in _SURNAME_FIRST.finditer(text, overlapped=True)
            if self._reversed(text, m)
        ]
        for match in _SUBJECT.finditer(text):
            group = 1 if match.group(1) else 2
            if self._is_surname(match.group(group), alone=True) and not _names_a_place(
                text, match.end(group)
            ):
                found.append(match.span(group))
        for match in _AFTER_PREPOSITION.finditer(text):
            if self._is_surname(match.group(1), alone=True) and not _names_a_place(
                text, match.end()
            ):
                found.append(match.span(1))
        for match in _FULL_NAME_IN_CONTEXT.finditer(text, overlapped=True):
            if self._is_full_name(match.group(1), match.group(2)) and not _names_a_place(
                text, match.end()
            ):
                found.append((match.start(1), match.end(2)))
        for match in _OBJECT.finditer(text):
            if self._is_surname(match.group(1), alone=True):
                found.append(match.span(1))
        for match in _FAMILY.finditer(text):
            if self._is_surname(match.group(1), alone=False):
                found.append(match.span(1))
        return sorted(found)

    def _reversed(self, text: str, match: regex.Match[str]) -> bool:
        """Whether "surname, first" reads as a name: a surname that is not a word, then a first
        name that is not a word, in the same casing. A surname that is also a first name
        counts only outside a list of names ("grace, maria and tom" names three people)."""
        surname, first = match.group(1), match.group(2)
        if any(common_in_another_language(w.lower()) for w in (surname, first)):
            return False  # "bonjour à tous, merci": French, not "TOUS, Merci"
        # Same casing ("Obi, Ada", "obi, ada"), or a surname in capitals as forms print it.
        casing = {word.islower() for word in (surname, first)}
        printed = surname.isupper() and len(surname) > 1 and first.istitle()
        if not printed and (len(casing) != 1 or not (surname.islower() or surname.istitle())):
            return False
        following = NEXT_WORD.match(text, match.end())
        if following and following.group(1) in INSTITUTIONS:
            return False
        plain = _plain(first)
        if not _listed(plain, self._lists.first) or _listed(plain, self._lists.words):
            return False
        in_list = _LIST_BEFORE.search(text, 0, match.start()) or _LIST_AFTER.match(
            text, match.end()
        )
        return self._is_surname(surname, alone=bool(in_list))

    def _is_full_name(self, first: str, last: str) -> bool:
        """Whether two words in a patient's context are a first name (a common one, or a listed
        one that is not a word) and a listed surname that is not a place or tool word."""
        one, two = _plain(first), _plain(last)
        lists = self._lists
        if len(one) < 2 or len(two) < 2 or {one, two} & (_NOT_NAMES | _CHAT_WORDS):
            return False
        if not (one in _FIRST_NAMES or (one in lists.first and one not in lists.words)):
            return False
        return _listed(two, lists.last) and f"{one} {two}" not in _NAMED_INSTITUTIONS

    def _is_surname(self, word: str, *, alone: bool) -> bool:
        """Whether the lists hold the word as a surname and not as a word (nor, alone, as a
        first name)."""
        plain = _plain(word)
        forms = (plain, *spellings(plain))
        lists = self._lists
        if len(plain) < 3 or plain in _NOT_NAMES or plain in _FIRST_NAMES:
            return False
        if not _listed(plain, lists.last) or _listed(plain, lists.words):
            return False
        if inflected(plain, lists.words):
            return False  # "for toner", "re: headings"
        return not (alone and any(form in lists.first for form in forms))
