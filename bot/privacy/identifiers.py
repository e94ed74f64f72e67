"""Find, describe and redact patient identifiers in free text, offline.

Detection runs on Microsoft Presidio's AnalyzerEngine with its no-op NLP engine: no spaCy
model is loaded, so nothing is downloaded (bot.privacy.recognizers builds it). Presidio's own
recognizers find phone numbers (through the phonenumbers library), emails, URLs, SSNs and
dates; pattern recognizers of ours (bot.privacy.patterns) find names in context, record
numbers, street addresses and NPIs; philter-lite's name lists find full names with no context
(bot.privacy.name_lists).

Decisions worth knowing:
- A first name alone (a signature "Sam", "thanks, Maria") is not flagged: it is low-risk and
  flagging it would refuse most letters. A name is flagged when it is a full name (a first name
  and a surname from the name lists, or a common first name and any capitalised word), or any
  capitalised name after a title (Mrs., Dr.), a role ("patient", "my mother,"), a sign-off with
  a full name, or before an age or DOB.
- An NPI (a provider's ten-digit number with its check digit) is redacted as [NPI], never read
  as a phone number: it is public, but it still points at one person.
- A date is flagged only when a word near it ties it to a person (born, DOB, admitted,
  discharged, died, surgery...). Meeting and pilot dates and years alone are not identifiers.
- An age is flagged only over 89 ("a 93 year old"), as HIPAA's Safe Harbor rule counts it;
  "a 60 year old process" is not an identifier.
- A toll-free phone number (a payer's or a service's line) is not flagged. A number written
  with "+" and a country code is flagged when its length is possible for that country.
- "miss" is mostly the verb ("nobody would miss it"): only "Miss" before a capitalised name,
  or a listed surname that is not an everyday word ("miss hernandez"), is a title and a name.
- Invisible characters (a zero-width space, a soft hyphen: bot.privacy.invisible) do not hide
  an identifier; the text is read without them and every space as a plain space.
- A street address is flagged in any case ("42 oak street"), unless a count word shows it is
  not one ("10 minutes down the road").
- A URL is flagged only when it carries something that can point at a person: a query string,
  a run of digits, or words such as patient or record; never a link into Slack itself. An IP
  address is redacted as [URL] too, the kind HIPAA lists it beside (not after "version").
- A surname with nothing beside it is a name when English text rarely holds the word
  (bot.privacy.rare_names, by wordfreq's frequencies), or when it is possessive or joined to
  another surname; common surnames alone ("garcia called") are left to the rules with context.
- A date, or a run of six to ten digits, with nothing tying it to a person is that person's in
  a sentence that names a patient ("ruiz, angela 5/5/62", "okafor 4455123"); a date is also a
  person's beside a person's date ("bday is 1.2.47, chart says 1.2.74").
- A word found as a name is a name wherever else it stands in the message ("lupe's daughter
  ... says lupe fell"), and in a list of single words where one is a name, every word the name
  lists hold is one too ("forms for stone, price and kealoha").
- Shorthand typed on a phone (bot.privacy.shorthand, bot.privacy.surnames): a surname first or
  alone beside what a patient does, dates after bday/bd/dod, ids after short labels, a bare
  seven-digit number only beside another identifier; an NDC or a CPT pair is not a phone.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING

import regex
from pydantic import BaseModel, ConfigDict, Field

from bot.privacy.frequency import zipf
from bot.privacy.invisible import analysis_view
from bot.privacy.name_lists import NameLists, shared_name_lists
from bot.privacy.patterns import (
    DATE_CONTEXT,
    NEXT_WORD,
    NPI_LABEL,
    PHONE_CONTEXT,
    SENTENCE_BREAK,
    SLACK_LINK,
    URL_IDENTIFYING,
)
from bot.privacy.rare_names import is_a_thing
from bot.privacy.surnames import NAME_WORD
from bot.privacy.vocabulary import INSTITUTIONS, NAMED_INSTITUTIONS, NOT_NAMES, TITLES

# Presidio is imported only when the analyzer is built: importing it pulls in transformers
# (about five seconds), which logging and other light callers of this module should not pay.
if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine


class IdentifierKind(StrEnum):
    """The kinds of patient identifier the detector knows."""

    NAME = "name"
    DATE = "date"
    MRN = "mrn"
    PHONE = "phone"
    ADDRESS = "address"
    EMAIL = "email"
    SSN = "ssn"
    URL = "url"
    NPI = "npi"
    AGE = "age"


_PHRASES = {
    IdentifierKind.NAME: "a name",
    IdentifierKind.DATE: "a date tied to a person",
    IdentifierKind.MRN: "a medical record number",
    IdentifierKind.PHONE: "a phone number",
    IdentifierKind.ADDRESS: "a street address",
    IdentifierKind.EMAIL: "an email address",
    IdentifierKind.SSN: "a social security number",
    IdentifierKind.URL: "a web link or IP address that points at a person",
    IdentifierKind.NPI: "a provider's NPI number",
    IdentifierKind.AGE: "an age over 89",
}

# Presidio entity names, ours and its predefined ones, mapped to our kinds.
_ENTITY_KINDS = {
    "PERSON": IdentifierKind.NAME,
    "DATE_TIME": IdentifierKind.DATE,
    "MEDICAL_RECORD_NUMBER": IdentifierKind.MRN,
    "PHONE_NUMBER": IdentifierKind.PHONE,
    "STREET_ADDRESS": IdentifierKind.ADDRESS,
    "EMAIL_ADDRESS": IdentifierKind.EMAIL,
    "US_SSN": IdentifierKind.SSN,
    "URL": IdentifierKind.URL,
    "NPI": IdentifierKind.NPI,
    "AGE_OVER_89": IdentifierKind.AGE,
    # Ours, from bot.privacy.shorthand: a date whose pattern holds the word tying it to a person,
    # an IP address (HIPAA lists it beside web URLs), a local number beside another identifier,
    # seven bare digits after a phone word.
    "TIED_DATE": IdentifierKind.DATE,
    "IP_ADDRESS": IdentifierKind.URL,
    "LOCAL_PHONE_BESIDE": IdentifierKind.PHONE,
    "LOCAL_PHONE_CUED": IdentifierKind.PHONE,
    "DATE_BESIDE_NAME": IdentifierKind.DATE,
    "NUMBER_BESIDE_NAME": IdentifierKind.MRN,
}
# Entities kept only in a sentence with a name.
_BESIDE_A_NAME = frozenset({"DATE_BESIDE_NAME", "NUMBER_BESIDE_NAME"})
# Entities whose patterns already hold their context: the date and URL policies do not apply.
_CONTEXT_IN_PATTERN = frozenset({"TIED_DATE", "IP_ADDRESS", "LOCAL_PHONE_CUED", "DATE_BESIDE_NAME"})


class Finding(BaseModel):
    """Where one identifier sits in a text; it never holds the text, so it is safe to log."""

    model_config = ConfigDict(frozen=True)

    kind: IdentifierKind
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    score: float = Field(ge=0.0, le=1.0)

    @property
    def placeholder(self) -> str:
        """The token that replaces this identifier in redacted text, e.g. "[PHONE]"."""
        return f"[{self.kind.value.upper()}]"


_SCORE_THRESHOLD = 0.35
_DATE_CONTEXT_WINDOW = 60
_NUMBER_CONTEXT_WINDOW = 30


def build_analyzer() -> AnalyzerEngine:
    """A Presidio AnalyzerEngine with pattern and list recognizers only (slow: once)."""
    from bot.privacy.recognizers import build_analyzer as build

    return build()


_NAMED_INSTITUTIONS = frozenset(name.casefold() for name in NAMED_INSTITUTIONS)


def _is_named_institution(said: str) -> bool:
    """Whether a name is a health system's, in any case ("sloan kettering", "Johns Hopkins")."""
    return said.casefold() in _NAMED_INSTITUTIONS


def _name_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim words that are not names off a name match; None when nothing name-like is left."""
    words = [
        (m.start(), m.end(), m.group().rstrip(".,"))
        for m in regex.finditer(r"\S+", text[start:end])
    ]
    following = NEXT_WORD.match(text, end)
    if following and following.group(1) in INSTITUTIONS:
        return None
    while words and words[-1][2] in NOT_NAMES:
        if words.pop()[2] in INSTITUTIONS:
            return None
    names = [w for w in words if w[2].capitalize() not in TITLES]
    if not names or names[0][2] in NOT_NAMES or all(len(w[2]) == 1 for w in names):
        return None
    said = " ".join(w[2] for w in names).removesuffix("'s").removesuffix("’s")
    if _is_named_institution(said):
        return None
    # "pt Keytruda infusions", "her husband Epic-trained": a drug, a product or a place.
    if all(_is_a_thing(w[2]) for w in names):
        return None
    return start + words[0][0], start + words[-1][1]


def _is_a_thing(word: str) -> bool:
    """Whether a capitalised word after a title or role names a drug, product, place or other
    thing rather than a person (each part of a hyphenated word is asked)."""
    parts = [p for p in regex.split(r"[-’']", word.lower().removesuffix("'s")) if p]
    return any(is_a_thing(part) for part in parts)


def _date_is_personal(text: str, start: int) -> bool:
    """Whether a word before the date, in the same sentence, ties it to a person."""
    before = text[max(0, start - _DATE_CONTEXT_WINDOW) : start]
    for context in DATE_CONTEXT.finditer(before):
        if not SENTENCE_BREAK.search(before[context.end() :]):
            return True
    return False


_NAME_WORD = regex.compile(NAME_WORD)
# A list of single words: "frost, nakamura, delacruz-pena, abernathy", "stone, price and kealoha".
_WORD_LIST = regex.compile(
    r"\p{L}[\p{L}'’-]*(?:[ ]*,[ ]*\p{L}[\p{L}'’-]*)+(?:,?[ ]+(?:and|&)[ ]+\p{L}[\p{L}'’-]*)?"
    r"|\p{L}[\p{L}'’-]*[ ]+(?:and|&)[ ]+\p{L}[\p{L}'’-]*"
)


def _names_repeated_or_listed(text: str, findings: list[Finding]) -> list[Finding]:
    """Names the other rules imply: a word found as a name is a name wherever else it stands in
    the message ("lupe's daughter ... says lupe fell"); in a list of single words where one is a
    name, each other word the name lists hold as a name is one too ("forms for stone, price and
    kealoha")."""
    names = [f for f in findings if f.kind is IdentifierKind.NAME]
    if not names:
        return []
    taken = [(f.start, f.end) for f in findings]

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    added: list[Finding] = []
    said: dict[str, set[str]] = {}
    for name in names:
        for word in _NAME_WORD.finditer(text, name.start, name.end):
            if len(word.group()) >= 3 and word.group().capitalize() not in TITLES | NOT_NAMES:
                said.setdefault(word.group().lower(), set()).add(word.group())
    lists = _name_lists()
    for word in _NAME_WORD.finditer(text):
        forms = said.get(word.group().lower())
        if not forms or not free(*word.span()):
            continue
        # "Dr Will said we will vote": another casing of an everyday word is the word.
        plain = word.group().lower()
        if word.group() not in forms and (plain in lists.words or zipf(plain) >= 3.0):
            continue
        added.append(
            Finding(kind=IdentifierKind.NAME, start=word.start(), end=word.end(), score=0.6)
        )
        taken.append(word.span())
    for listed in _WORD_LIST.finditer(text):
        items = [
            item
            for item in _NAME_WORD.finditer(text, listed.start(), listed.end())
            if item.group().lower() not in {"and"}
        ]
        named = [(f.start, f.end) for f in names + added]
        if not any(any(item.start() < e and s < item.end() for s, e in named) for item in items):
            continue
        for item in items:
            plain = item.group().lower()
            if (
                free(*item.span())
                and (plain in lists.last or plain in lists.first)
                and len(plain) > 2
            ):
                added.append(
                    Finding(kind=IdentifierKind.NAME, start=item.start(), end=item.end(), score=0.6)
                )
                taken.append(item.span())
    return added


def _name_lists() -> NameLists:
    return shared_name_lists()


def _in_a_sentence_with(text: str, finding: Finding, others: list[Finding]) -> bool:
    """Whether one of the other findings stands in the same sentence as this one."""
    for other in others:
        start, end = (
            sorted((other.end, finding.start))
            if other.end <= finding.start
            else sorted((finding.end, other.start))
        )
        if start <= end and not SENTENCE_BREAK.search(text, start, end):
            return True
    return False


def _is_patients_phone(number: str) -> bool:
    """Whether a matched phone number can be a person's: not a toll-free line (a payer's or a
    service's), and, when written as bare digits, a valid North American number (a bare run of
    digits that only parses in a far region is an order or ticket number)."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, "US")
    except phonenumbers.NumberParseException:
        return not number.isdigit()
    if phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.TOLL_FREE:
        return False
    return not number.isdigit() or phonenumbers.is_valid_number(parsed)


# A drug's NDC (5-4-1, 5-3-2, 4-4-2 digits) or a pair of billing codes ("99453/99454"), which
# libphonenumber's matcher reads as phone numbers.
_CODE_SHAPED = regex.compile(r"\d{4,5}-\d{3,4}-\d{1,2}|\d{5}(?:/\d{5})+")
_CODE_LABEL = regex.compile(r"(?i)\b(?:ndc|cpt|hcpcs|icd(?:-?10)?|codes?)\b[^\d\n]{0,12}\Z")


def _is_code(text: str, start: int, end: int) -> bool:
    """Whether a number read as a phone number is a drug or billing code by its shape or label."""
    return bool(
        _CODE_SHAPED.fullmatch(text[start:end])
        or _CODE_LABEL.search(text[max(0, start - 20) : start])
    )


def _apply_policy(text: str, kind: IdentifierKind, start: int, end: int) -> tuple[int, int] | None:
    """Keep, trim or drop a raw match according to the decisions in the module docstring."""
    if kind is IdentifierKind.NAME:
        return _name_span(text, start, end)
    if kind is IdentifierKind.DATE and not _date_is_personal(text, start):
        return None
    if kind is IdentifierKind.EMAIL:
        # RFC 5322 lets "|" start an address; in Slack's "<mailto:a@b.org|a@b.org>" it is the
        # link's separator, kept so the link still reads as one.
        while start < end and text[start] in "|<>:":
            start += 1
    if kind is IdentifierKind.URL and (
        not URL_IDENTIFYING.search(text[start:end]) or SLACK_LINK.match(text[start:end])
    ):
        return None
    if kind is IdentifierKind.PHONE and (
        not _is_patients_phone(text[start:end]) or _is_code(text, start, end)
    ):
        return None
    return start, end


def _settle_numbers(text: str, findings: list[Finding]) -> list[Finding]:
    """An NPI is never also a phone number: a ten-digit number with the NPI check digit is an
    NPI, unless it is unlabelled and a phone word comes before it ("callback # 2065550123").
    """
    settled: list[Finding] = []
    for finding in findings:
        before = text[max(0, finding.start - _NUMBER_CONTEXT_WINDOW) : finding.start]
        if (
            finding.kind is IdentifierKind.NPI
            and not NPI_LABEL.search(before)
            and PHONE_CONTEXT.search(before)
        ):
            finding = finding.model_copy(update={"kind": IdentifierKind.PHONE})
        settled.append(finding)
    npis = [f for f in settled if f.kind is IdentifierKind.NPI]
    return [
        f
        for f in settled
        if f.kind is not IdentifierKind.PHONE
        or all(f.end <= npi.start or f.start >= npi.end for npi in npis)
    ]


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep the longest, then strongest, of overlapping findings, in text order."""
    kept: list[Finding] = []
    # Longest first, so a record number inside a chart link still leaves the whole link redacted.
    for finding in sorted(findings, key=lambda f: (f.start - f.end, -f.score, f.start)):
        if all(finding.end <= k.start or finding.start >= k.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


def describe(findings: Iterable[Finding]) -> str:
    """A short reason naming the kinds found, never their text: "it looks like it holds a name"."""
    kinds = list(dict.fromkeys(f.kind for f in sorted(findings, key=lambda f: f.start)))
    if not kinds:
        return "it does not look like it holds a patient identifier"
    phrases = [_PHRASES[kind] for kind in kinds]
    listed = phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]
    return f"it looks like it holds {listed}"


class IdentifierDetector:
    """Finds patient identifiers in text and replaces them with placeholders."""

    def __init__(self, analyzer: AnalyzerEngine | None = None) -> None:
        self._analyzer = analyzer if analyzer is not None else build_analyzer()

    def find(self, text: str) -> list[Finding]:
        """Every identifier in the text, in text order, without overlaps.

        Invisible characters inside an identifier ("6612", a zero-width space, "0934") do not
        hide it: the text is read without them and each finding spans them in `text`."""
        if not text.strip():
            return []
        view, positions = analysis_view(text)
        findings = self._find(view)
        if positions is None:
            return findings
        return [
            f.model_copy(update={"start": positions[f.start], "end": positions[f.end - 1] + 1})
            for f in findings
        ]

    def _find(self, text: str) -> list[Finding]:
        """Every identifier in text already read as the detector reads it (`analysis_view`)."""
        results = self._analyzer.analyze(text=text, language="en", score_threshold=_SCORE_THRESHOLD)
        findings: list[Finding] = []
        beside: list[Finding] = []
        dates_beside_names: list[Finding] = []  # and record numbers
        for result in results:
            kind = _ENTITY_KINDS.get(result.entity_type)
            if not kind:
                continue
            if result.entity_type in _CONTEXT_IN_PATTERN:
                span: tuple[int, int] | None = (result.start, result.end)
            else:
                span = _apply_policy(text, kind, result.start, result.end)
            if span:
                score = min(max(float(result.score), 0.0), 1.0)
                finding = Finding(kind=kind, start=span[0], end=span[1], score=score)
                if result.entity_type == "LOCAL_PHONE_BESIDE":
                    beside.append(finding)
                elif result.entity_type in _BESIDE_A_NAME:
                    dates_beside_names.append(finding)
                else:
                    findings.append(finding)
        # Names and dates are settled first, so what follows leans only on findings that stand.
        findings = _without_overlaps(_settle_numbers(text, findings))
        findings.extend(_names_repeated_or_listed(text, findings))
        # A date or a run of digits with no word tying it to a person is the person's in a
        # sentence with a name, and a date in a sentence with a person's date ("bday is 1.2.47,
        # chart says 1.2.74").
        names = [f for f in findings if f.kind is IdentifierKind.NAME]
        dates = [f for f in findings if f.kind is IdentifierKind.DATE]
        findings.extend(
            d
            for d in dates_beside_names
            if _in_a_sentence_with(text, d, names)
            or (d.kind is IdentifierKind.DATE and _in_a_sentence_with(text, d, dates))
        )
        # A bare local number ("555-0172") is a phone number only beside another identifier.
        if findings:
            findings.extend(beside)
        return _without_overlaps(_settle_numbers(text, findings))

    def contains_identifiers(self, text: str) -> bool:
        """Whether the text holds at least one identifier."""
        return bool(self.find(text))

    def redact(self, text: str) -> str:
        """The text with each identifier replaced by its placeholder, e.g. "[NAME]"."""
        for finding in reversed(self.find(text)):
            text = text[: finding.start] + finding.placeholder + text[finding.end :]
        return text

    @staticmethod
    def describe(findings: Iterable[Finding]) -> str:
        """A short reason naming the kinds found, never their text."""
        return describe(findings)


_default: IdentifierDetector | None = None
_default_lock = threading.Lock()


def default_detector() -> IdentifierDetector:
    """The shared detector, built on first use (a few seconds) and reused after."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = IdentifierDetector()
    return _default


def redact(text: str) -> str:
    """The text with every identifier replaced by its placeholder, by the shared detector.

    Builds the detector on first use (seconds): call it off every ack path.
    """
    return default_detector().redact(text)


def redact_if_ready(text: str) -> str:
    """The text redacted when the shared detector is already built, else unchanged.

    For code on Slack's 3-second ack path, which must never wait for the build: the detector
    is warmed at start-up, and what is stored was already checked at the edge.
    """
    detector = _default
    return detector.redact(text) if detector is not None else text
