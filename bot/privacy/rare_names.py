"""Surnames found anywhere, by how rarely the word occurs in English text.

The other name rules need a first name, a title or a patient's context beside a surname. Typed
fast, a patient is often named by a surname with none of these ("did anyone fax okonkwo's
records", "LINDGREN refill - pharmacy says never received"). A word is read as a surname here,
wherever it stands and in any case, when:

- philter-lite's lists hold it as a surname and not as an everyday or clinical word;
- it is rare as an English word: its Zipf frequency in wordfreq's English list is under
  RARE_ZIPF (3.0, about once per million words; "okonkwo" 1.9, "lindgren" 2.4, "nakamura" 3.05
  is not rare, "hunting" 4.4). wordfreq (Robyn Speer, MIT; data CC BY-SA 4.0) measures how
  often a word is written across Wikipedia, subtitles, news, books, web text and social media,
  so it tells a surname from the words philter's lists miss ("fiscal", "stats", "debate").
  Its data ships inside the package: nothing is downloaded;
- it is not a common first name (a colleague's "thanks esperanza" is not a patient's), nor,
  when the lists also hold it as a first name, a word of middling frequency;
- it is not a place, a health system, an eponym or an organisation (bot.privacy.vocabulary),
  and not an author in a citation ("Sinsky et al.", "Linzer and colleagues").

A possessive surname ("fitzgerald's daughter", "the johanssons' forms"), or two surnames
joined by a hyphen ("faulkner-hughes"), is a name at any frequency: a surname that owns something in a clinic's chat is almost always a patient's.

Common surnames alone ("garcia", "smith") are left to the rules with context: as words they
are too often something else, and wordfreq counts them as frequent.
"""

from __future__ import annotations

import regex

from bot.privacy.frequency import common_in_another_language, inflected, zipf
from bot.privacy.name_lists import NameLists, _plain, spellings
from bot.privacy.patterns import RELATIVES
from bot.privacy.surnames import _NOT_NAMES, NAME_WORD, _names_a_place
from bot.privacy.vocabulary import (
    CLINICAL_SHORTHAND,
    DRUG_BRANDS,
    DRUG_STEM,
    FIRST_NAMES,
    GAZETTEER,
)

# The relative words of RELATIVES, one by one ("mother", "grandma"...).
RELATIVE_WORDS = frozenset(RELATIVES.replace("?", "").replace("(", "").replace(")", "").split("|"))
# Zipf frequency (log10 of occurrences per billion words) under which a listed surname is rare
# enough in English text to be read as a name with nothing beside it.
RARE_ZIPF = 3.0
# A surname that philter's lists also hold as a first name is read alone only when rarer still.
RARE_FIRST_NAME_ZIPF = 2.5
_WORD = regex.compile(rf"(?<![\w@/.-]){NAME_WORD}")
# "Sinsky et al.", "Linzer and colleagues", "(Perla, 2011)", "Sinsky CA": an author, not a patient.
_CITATION_AFTER = regex.compile(
    r"(?:[ ]+et[ ]+al\b|[ ]+(?:and|&)[ ]+colleagues\b|,?[ ]*\(?(?:19|20)\d\d\b|[ ]+\p{Lu}{1,2}\b[,.]"
    r"|(?:[ ]+(?:and|&)[ ]+\p{Lu}\p{L}+)?[ ]*\([^()\n]{0,40}\b(?:19|20)\d\d\))"
)
# "St. Luke's", "Saint Agnes": a hospital or a church, not a patient.
# "(Runnels & Pronovost, BMJ...)", "per Runnels & Pronovost": authors cited in a bracket or
# after "per", paired with "&".
_CITED_PAIR = regex.compile(r"(?:\(|\bper[ ]+)\p{Lu}\p{L}+[ ]+(?:&|and)[ ]+\p{Lu}\p{L}+")
_SAINT_BEFORE = regex.compile(r"(?i)\b(?:st\.?|saint)[ ]+\Z")
_PLURAL_POSSESSIVE = regex.compile(r"s['’]$")
# A word this common in English ("young" 5.5, "smith" 4.9) is not read as a surname even when
# it owns a patient's thing; "miller" (4.5) and "baker" (4.2) are.
COMMON_WORD_ZIPF = 4.7
# Things staff own: "vasquez's team", "dr patel's template".
_STAFF_THING_AFTER = regex.compile(
    r"(?i)(?:['’]s)?[ ]+(?:\w+[ ]+)?(?:team|group|inbox|template|templates|clinic|office|panel"
    r"|schedule|desk|shift|idea|ideas|crew|unit|pod|staff|smartphrase|dotphrase|workflow|practice"
    r"|department|dept|service|lab|suggestion|pilot|protocol)\b"
)
# Who a colleague is in chat: greeted, thanked, asked, welcomed, or from a team ("hey it's thuy
# from scheduling", "welcome aboard, tavita!", "shira & devorah from nursing").
_COLLEAGUE_BEFORE = regex.compile(
    r"(?i)(?:\b(?:hi|hey|hello|welcome(?:[ ]+(?:aboard|back))?|thanks|thank[ ]+you|thx|ty|ask"
    r"|asked|ping|pinged|cc|per|shout[ ]?out[ ]+to|kudos[ ]+to|congrats"
    r"(?:[ ]+to)?|props[ ]+to|great[ ]+job|nice[ ]+work|@)[ ,!:-]*|@)\Z"
)
_TEAMS = (
    r"scheduling|nursing|billing|coding|front[ ]+desk|intake|registration|pharmacy|lab|it"
    r"|hr|quality|admin|radiology|rad|rehab|pt|ot|case[ ]+management|cm|social[ ]+work|triage"
    r"|the[ ]+\w+[ ]+(?:team|office|desk|clinic)|our[ ]+\w+|peds|ortho|cardiology|finance"
    r"|compliance|informatics|ops|operations|the[ ]+call[ ]+center|call[ ]+center"
)
_COLLEAGUE_AFTER = regex.compile(
    rf"(?i)(?:[ ]*(?:&|and|,)[ ]*\p{{L}}+)?[ ]+(?:from|in|on|at)[ ]+(?:{_TEAMS})\b"
    r"|[ ]*,?[ ]+(?:our|the)[ ]+(?:new[ ]+)?(?:rn|lpn|ma|np|pa|md|do|nurse|manager|scheduler"
    r"|coordinator|director|lead|supervisor|resident|fellow|intern|tech|biller|coder)\b"
)
# A patient's things after a possessive first name or surname.
_PATIENTS_THING_AFTER = regex.compile(
    r"(?i)(?:['’]s)?[ ]+(?:\w+[ ]+)?(?:daughter|son|wife|husband|mom|mother|dad|father|family|kids?"
    r"|grand\w*|sister|brother|caregiver|records?|chart|labs?|meds?|medications?|pa|prior"
    r"|refills?|referral|appt|appointment|discharge|forms?|insurance|pharmacy|results?|scan"
    r"|mri|ct|claim|bill|copay|dme|home[ ]+health|surgery|biopsy|rx|prescription|test)\b"
)


# The items of a list before a word: "Hamza, Ifeoma, Radhika & " or "Mon Ana, Tue Ben, Wed ".
_LIST_ITEMS_BEFORE = regex.compile(
    r"(?:[\p{L}'’.-]+(?:[ ][\p{L}'’.-]+)?[ ]*(?:,|&|/|\band\b|\bet\b|\by\b|\bund\b|\bor\b)[ ]*)+\Z"
)
# What heads a list of colleagues or of places: "Cc:", "On call:", "Clinics in scope:".
_LIST_HEAD = regex.compile(
    r"(?i)(?:\b(?:cc|bcc|on[ ]+call|coverage|covering|schedule|staffing|roster|attendees|present"
    r"|team|welcome|thanks|thank[ ]+you|kudos[ ]+to|shout[ ]?outs?[ ]+to|congrats[ ]+to|bravo"
    r"|clinics|sites|locations|campuses|practices|hospitals|units|pods|offices|in[ ]+scope"
    r"|languages|interpreters?[ ]+for|in)[ ]*:?[ ]*(?:[\p{L}]+[ ]+)?|[:]\s*)\Z"
)
_WEEKDAY_OR_MONTH = regex.compile(r"(?i)(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?\Z")


def is_colleague(text: str, start: int, end: int) -> bool:
    """Whether the word at text[start:end] names a colleague (or a place in a list of places)
    by the chat around it, or by what heads the list it stands in."""
    if _COLLEAGUE_BEFORE.search(text, max(0, start - 30), start) or _COLLEAGUE_AFTER.match(
        text, end
    ):
        return True
    before = text[max(0, start - 200) : start]
    items = _LIST_ITEMS_BEFORE.search(before)
    in_a_list = bool(items) or bool(regex.match(r"[ ]*(?:,|&|\band\b)", text[end : end + 6]))
    if not in_a_list:
        return False
    # The list's head may end in a word the items took ("Kudos to| Marisol and "): try the head
    # with up to two of the first words given back.
    cut = items.start() if items else len(before)
    for _ in range(3):
        head = before[:cut]
        if _LIST_HEAD.search(head):
            return not regex.search(r"(?i)\b(?:pts?|patients?|no-?shows?)\b", head[-40:])
        following = regex.match(r"[ ]*[\p{L}'’.-]+[ ]*", before, pos=cut)
        if not following or following.end() >= len(before):
            break
        cut = following.end()
    return False


def _is_emoji_code(text: str, match: regex.Match[str]) -> bool:
    """Whether the word is a Slack emoji code (":tada:")."""
    return (
        text[match.start() - 1 : match.start()] == ":"
        and text[match.end() : match.end() + 1] == ":"
    )


_FIRST_NAMES = frozenset(name.lower() for name in FIRST_NAMES)
_NOT_SURNAMES = _NOT_NAMES | GAZETTEER | CLINICAL_SHORTHAND | DRUG_BRANDS
_DRUG_NAME = regex.compile(rf"\w{{3,}}{DRUG_STEM}")
# Clinical words built from Greek and Latin parts ("dysphagic", "nonambulatory"): an unlisted
# word with such a beginning or ending is a word, not a surname.
_CLINICAL_FORM = regex.compile(
    r"(?:non|un|pre|post|hyper|hypo|anti|dys|brady|tachy|peri|intra|trans|supra|neuro|cardio"
    r"|gastro|hepato|nephro|pneumo|osteo|derm|hemo|haemo|immuno)\w{4,}"
    r"|\w{3,}(?:ic|ory|ous|al|emia|aemia|itis|osis|ectomy|otomy|ostomy|plasty|scopy|graphy"
    r"|pathy|algia|uria|penia|cytosis|ative|ated|ating|ized|ised|ology|ologist)"
)


def is_a_thing(plain: str) -> bool:
    """Whether a lower-case word names a drug (by brand or USAN stem), a product, a health
    system, place, eponym, method or vendor, or clinic shorthand: never a person."""
    return plain in _NOT_SURNAMES or bool(_DRUG_NAME.fullmatch(plain))


class RareSurnameFinder:
    """Finds listed surnames that are rare as English words, and possessive surnames."""

    def __init__(self, lists: NameLists) -> None:
        self._lists = lists
        # Read wordfreq's English list now, with the rest of the detector's build, so the first
        # message checked (perhaps in a form's ack) does not pay for it.
        zipf("okonkwo")
        common_in_another_language("okonkwo")

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every such surname, its possessive ending left out."""
        found: list[tuple[int, int]] = []
        for match in _WORD.finditer(text):
            word = match.group()
            plural_possessive = bool(_PLURAL_POSSESSIVE.search(word))
            plain = _plain(word[:-2] if plural_possessive else word)
            possessive = plural_possessive or plain != word.lower().replace("’", "'")
            if not self._is_surname(plain, possessive=possessive) and not (
                possessive and self._owns_patients_thing(text, match, plain)
            ):
                continue
            if _CITATION_AFTER.match(text, match.end()) or _names_a_place(text, match.end()):
                continue
            if is_colleague(text, match.start(), match.end()) or _is_emoji_code(text, match):
                continue
            # "jordan's idea", "esperanza's team": a first name owns staff things too; only a
            # patient's things make it a patient's. Nobody's team or template is a patient's.
            staff_owned = not _PATIENTS_THING_AFTER.match(text, match.end())
            if possessive and not plural_possessive and self._also_first(plain) and staff_owned:
                continue
            if possessive and _STAFF_THING_AFTER.match(text, match.end()):
                continue
            if _SAINT_BEFORE.search(text, max(0, match.start() - 8), match.start()):
                continue
            if any(
                pair.start() <= match.start() < pair.end()
                for pair in _CITED_PAIR.finditer(text, max(0, match.start() - 40), match.end() + 40)
            ):
                continue
            end = match.end() - (2 if possessive and not plural_possessive else 0)
            found.append((match.start(), end))
        return found

    def _also_first(self, plain: str) -> bool:
        return any(form in self._lists.first for form in (plain, *spellings(plain)))

    def _owns_patients_thing(self, text: str, match: regex.Match[str], plain: str) -> bool:
        """ "miller's PA expired": a listed surname that is also a word, less common than
        COMMON_WORD_ZIPF, owning a patient's thing."""
        lists = self._lists
        return (
            len(plain) >= 4
            and plain in lists.last
            and plain not in _NOT_SURNAMES
            and plain not in _FIRST_NAMES
            and zipf(plain) < COMMON_WORD_ZIPF
            and bool(_PATIENTS_THING_AFTER.match(text, match.end()))
        )

    def _is_surname(self, plain: str, *, possessive: bool) -> bool:
        """Whether the lists hold the word (or each part of a hyphenated one) as a surname, not
        as a word, and English text holds it rarely (any frequency when possessive)."""
        parts = [part for part in plain.split("-") if part]
        if len(plain) < 4 or any(len(part) < 2 for part in parts):
            return False
        lists = self._lists
        for part in parts:
            forms = (part, *spellings(part))
            if part in _NOT_SURNAMES or part in _FIRST_NAMES:
                return False
            if any(form in lists.words for form in forms):
                return False
        if not any(form in lists.last for part in parts for form in (part, *spellings(part))):
            return False
        # Two surnames joined ("faulkner-hughes"): a name at any frequency.
        listed_parts = sum(
            any(form in lists.last for form in (part, *spellings(part))) for part in parts
        )
        if possessive or listed_parts >= 2:
            return True
        frequency = max(zipf(part) for part in parts)
        also_first = any(part in lists.first for part in parts)
        if frequency >= (RARE_FIRST_NAME_ZIPF if also_first else RARE_ZIPF):
            return False
        if any(common_in_another_language(part) for part in parts):
            return False
        # "stapler", "sharps", "headings": an everyday word with an ending, rare as written.
        return not any(inflected(part, lists.words) for part in parts)


# A word after "named" or "name is" ("pt named esperanza"), or after a title, "pt" or
# "patient" ("LVM for pt hallorann", "dr lindqvist wants records"), in any case.
_NAMED_THEN_WORD = regex.compile(
    r"(?i)(?:\b(?:pt|patient|person|lady|man|woman|guy|gentleman|gent|kid|child|baby|boy|girl"
    r"|son|daughter|someone|somebody|mom|dad|wife|husband|one)[ ]+named|\b(?:pt['’]?s|patient['’]?s"
    rf"|her|his|my)[ ]+name[ ]+is|\bgoes[ ]+by)[ ]+[\"'“‘(]?({NAME_WORD})"
)
_TITLE_OR_PT_THEN_WORD = regex.compile(
    r"(?<![\w/])(?i:dr|mrs?|ms|mx|miss|mister|pt|patient)[.:]?[ ]+\(?"
    rf"({NAME_WORD})"
)
# Initials before a surname ("J.R. abernathy", "t. hoang"): initials with dots, or one letter
# in lower case before a possessive.
_INITIALS_THEN_WORD = regex.compile(rf"(?<![\w.])((?:\p{{L}}\.[ ]?){{1,3}})[ ]?({NAME_WORD})")
# "pt J Smith", "Mrs A. Young": an initial and a capitalised word after "pt" or a title.
_PT_INITIAL_SURNAME = regex.compile(
    r"(?<![\w/])(?i:pt|patient|mrs?|ms|mx|miss|dr)\.?[ ]+(\p{Lu}\.?[ ]?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?)"
)
# "called back maria g.", "ada o.": a first name and a surname's initial.
_FIRST_NAME_INITIAL = regex.compile(r"(?<![\w@#/.-])(\p{L}+)[ ]+(\p{L})\.(?![\p{L}\d])")
# Records print "ZHANG Wei": a surname in capitals, then a first name.
_CAPITAL_SURNAME_THEN_FIRST = regex.compile(r"\b(\p{Lu}{2,}(?:-\p{Lu}{2,})?)[ ]+(\p{Lu}\p{Ll}+)\b")
_WORD_PAIR = regex.compile(rf"(?<![\w@#/.-])(\p{{L}}[\p{{L}}'’]*)[ ]+({NAME_WORD})")
# "pt's daughter keisha", "her son, marcus": a relative's first name ties it to a patient.
_RELATIVE_THEN_WORD = regex.compile(
    r"(?i)\b(?:(?:pt|patient)(?:['’]s)?|his|her|their|my|our)[ ]+(?:late[ ]+)?"
    rf"(?:{RELATIVES})[ ,:]+(?!(?:{RELATIVES})\b)(\p{{L}}[\p{{L}}'’]*(?:-\p{{L}}[\p{{L}}'’]*)*)"
)
# What only a patient does in a clinic's chat ("esperanza no-showed", "maria was admitted"):
# a first name before it is a patient's, not a colleague's.
_FIRST_NAME_THEN_PATIENT_VERB = regex.compile(
    r"(?<![\w@#/.-])(\p{L}[\p{L}'’]*)[ ]+(?:no-?show(?:ed|s)?|was[ ]+(?:admitted|discharged|readmitted"
    r"|intubated|transferred[ ]+to)|got[ ]+(?:admitted|discharged|readmitted)|died|passed[ ]+away"
    r"|refused[ ]+(?:her|his|their|the)?[ ]*(?:meds|medications|treatment|dialysis|insulin)"
    r"|came[ ]+in[ ]+(?:w/?o|without|with[ ]+no)|fell[ ]+(?:at|in|again|on|and)\b)",
    regex.IGNORECASE,
)
# Relatives named the way families say them: "grandma rose", "uncle bill".
_FAMILY_TITLE_THEN_WORD = regex.compile(
    r"(?i)\b(?:grandma|grandpa|granny|gran|nana|nanna|abuela|abuelo|uncle|aunt|auntie|tia|tio"
    r"|cousin)[ ]+(\p{L}[\p{L}'’]*)"
)
# After "pt" or "patient", a word the lists hold as a name, before what a patient does ("pt
# young called again", "patient bird states"), even when the word is also English.
_PT_WORD_THEN_ACTION = regex.compile(
    r"(?<![\w/])(?i:pt|patient)[ ]+(\p{L}[\p{L}'’]*)[ ]+(?i:called|calls|states|stated|says|said"
    r"|reports|reported|wants|wanted|needs|needed|came|left|refused|declined|missed|no-?showed"
    r"|asked|asks|emailed|messaged|faxed|is[ ]+asking|is[ ]+requesting)\b"
)
# "dr. fox never signed": a title written with its dot is a title, whatever word follows.
_DOTTED_DOCTOR_THEN_WORD = regex.compile(r"(?<![\w/])(?i:dr)\.[ ]+(\p{L}[\p{L}'’-]*)")
_NOT_AFTER_DOCTOR = frozenset(
    {"visit", "visits", "appt", "appointment", "appointments", "office", "offices", "note"}
    | {"notes", "order", "orders", "referral", "referrals", "letter", "letters", "on", "call"}
)
# A word unknown to English text: wordfreq has never seen it (or about once in a billion words).
UNSEEN_ZIPF = 1.5
# A word unknown only as rarely as this after a title or "pt" ("hallorann" 1.05).
UNCOMMON_ZIPF = 2.0


class NameInContextFinder:
    """Finds names the lists may not hold, by the words before them: after "named", a title or
    "pt" a word that English text rarely holds ("pt hallorann", "dr lindqvist"); initials before
    a listed surname; a capitalised surname before a first name; and a first name before a
    word English text has never held ("oksana hrytsenko", "walter runningwater")."""

    def __init__(self, lists: NameLists) -> None:
        self._lists = lists

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every such name, its possessive ending left out."""
        found: list[tuple[int, int]] = []
        for match in _NAMED_THEN_WORD.finditer(text):
            if self._not_a_word(match.group(1), below=RARE_ZIPF, allow_first=True):
                found.append(_without_possessive(match, 1))
        for match in _FAMILY_TITLE_THEN_WORD.finditer(text):
            word = match.group(1).lower()
            # A name, and not one of English's most common words ("aunt thing", "uncle said").
            named = (word in self._lists.first or word in self._lists.last) and zipf(word) < 5.0
            if named and word not in _NOT_SURNAMES and word not in RELATIVE_WORDS:
                found.append(_without_possessive(match, 1))
        for match in _PT_WORD_THEN_ACTION.finditer(text):
            word = _plain(match.group(1))
            lists = self._lists
            if (word in lists.last or word in lists.first) and word not in _NOT_SURNAMES:
                found.append(_without_possessive(match, 1))
        for match in _DOTTED_DOCTOR_THEN_WORD.finditer(text):
            word = _plain(match.group(1))
            if len(word) >= 2 and word not in _NOT_AFTER_DOCTOR and word not in _NOT_SURNAMES:
                found.append(_without_possessive(match, 1))
        for match in _RELATIVE_THEN_WORD.finditer(text):
            if self._not_a_word(match.group(1), below=RARE_ZIPF, allow_first=True):
                found.append(_without_possessive(match, 1))
        for match in _FIRST_NAME_THEN_PATIENT_VERB.finditer(text):
            if is_colleague(text, match.start(1), match.start(1)):
                continue
            word = match.group(1).lower()
            lists = self._lists
            if word in lists.first and word not in lists.words and word not in _NOT_SURNAMES:
                found.append(match.span(1))
        for match in _TITLE_OR_PT_THEN_WORD.finditer(text):
            if self._not_a_word(match.group(1), below=UNCOMMON_ZIPF, allow_first=False):
                found.append(_without_possessive(match, 1))
        for match in _INITIALS_THEN_WORD.finditer(text):
            plain = _plain(match.group(2))
            if self._listed_surname(plain):
                start, end = _without_possessive(match, 2)
                found.append((match.start(1), end))
        found.extend(match.span(1) for match in _PT_INITIAL_SURNAME.finditer(text))
        for match in _FIRST_NAME_INITIAL.finditer(text):
            first = match.group(1).lower()
            if (
                first in self._lists.first
                and first not in self._lists.words
                and first not in _NOT_SURNAMES
                and not is_colleague(text, match.start(), match.end())
            ):
                found.append((match.start(1), match.end(2) + 1))
        for match in _CAPITAL_SURNAME_THEN_FIRST.finditer(text):
            surname, first = _plain(match.group(1)), match.group(2).lower()
            lists = self._lists
            if (
                self._listed_surname(surname)
                and first in lists.first
                and first not in lists.words
                and len(surname) >= 2
            ):
                found.append(match.span())
        for match in _WORD_PAIR.finditer(text, overlapped=True):
            first, second = match.group(1), match.group(2)
            if first.lower() in self._lists.first and first.lower() not in self._lists.words:
                if first[:1].isupper() != second[:1].isupper():
                    continue
                if is_colleague(text, match.start(1), match.end(2)):
                    continue
                if self._not_a_word(second, below=UNSEEN_ZIPF, allow_first=False):
                    found.append((match.start(1), _without_possessive(match, 2)[1]))
        return found

    def _listed_surname(self, plain: str) -> bool:
        lists = self._lists
        forms = (plain, *spellings(plain))
        return (
            len(plain) >= 3
            and any(form in lists.last for form in forms)
            and not any(form in lists.words for form in forms)
            and plain not in _NOT_SURNAMES
        )

    def _not_a_word(self, word: str, *, below: float, allow_first: bool) -> bool:
        """Whether the word reads as a name here: no everyday, clinical or place word, rare in
        English text (a listed name or a word English text holds rarely)."""
        plain = _plain(word[:-1] if _PLURAL_POSSESSIVE.search(word) else word)
        letters = plain.replace("-", "").replace("'", "")
        # Four letters or more, with a vowel: "hx", "snf" and "lvm" are shorthand.
        if len(plain) < 4 or not letters.isalpha() or not regex.search(r"[aeiouy]", letters):
            return False
        lists = self._lists
        parts = [part for part in plain.split("-") if part]
        for part in parts:
            if part in _NOT_SURNAMES or any(f in lists.words for f in (part, *spellings(part))):
                return False
            if _DRUG_NAME.fullmatch(part):
                return False
            if not allow_first and part in _FIRST_NAMES:
                return False
        listed = any(f in lists.last or f in lists.first for f in (plain, *spellings(plain)))
        if allow_first and listed:
            return True
        if not listed and _CLINICAL_FORM.fullmatch(plain):
            return False
        return max(zipf(part) for part in parts) < below and not inflected(plain, self._lists.words)


def _without_possessive(match: regex.Match[str], group: int) -> tuple[int, int]:
    """The group's span with a possessive "'s" (or a plural's "'") left out."""
    start, end = match.span(group)
    word = match.group(group)
    if regex.search(r"['’]s$", word, flags=regex.IGNORECASE):
        end -= 2
    elif _PLURAL_POSSESSIVE.search(word):
        end -= 1
    return start, end
