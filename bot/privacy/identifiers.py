"""Find, describe and redact patient identifiers in free text, offline.

Detection runs on Microsoft Presidio's AnalyzerEngine with its no-op NLP engine: no spaCy
model is loaded, so nothing is downloaded. Presidio's own recognizers find phone numbers
(through the phonenumbers library), emails, URLs, SSNs and dates; pattern recognizers of ours
find names, record numbers and street addresses. Without an NLP model Presidio cannot read
context words around a match, so the context is written into the patterns (look-behinds such
as "patient ", "MRN ") or checked after matching (below).

Decisions worth knowing:
- A first name alone (a signature "Sam", "thanks, Maria") is not flagged: it is low-risk and
  flagging it would refuse most letters. A name is flagged when it is a full name from a list of
  common first names, or any capitalised name after a title (Mrs., Dr.), a role ("patient",
  "my mother,"), a sign-off with a full name, or before an age or DOB.
- A date is flagged only when a word near it ties it to a person (born, DOB, admitted,
  discharged, died, surgery...). Meeting and pilot dates and years alone are not identifiers.
- A toll-free phone number (a payer's or a service's line) is not flagged.
- A URL is flagged only when it carries something that can point at a person: a query string,
  a run of digits, or words such as patient, chart or record.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING

import regex
from pydantic import BaseModel, ConfigDict, Field

from bot.privacy.vocabulary import FIRST_NAMES, INSTITUTIONS, NOT_NAMES, TITLES

# Presidio is imported only when the analyzer is built: importing it pulls in transformers
# (about five seconds), which logging and other light callers of this module should not pay.
if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine, EntityRecognizer


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


_PHRASES = {
    IdentifierKind.NAME: "a name",
    IdentifierKind.DATE: "a date tied to a person",
    IdentifierKind.MRN: "a medical record number",
    IdentifierKind.PHONE: "a phone number",
    IdentifierKind.ADDRESS: "a street address",
    IdentifierKind.EMAIL: "an email address",
    IdentifierKind.SSN: "a social security number",
    IdentifierKind.URL: "a web link that points at a person",
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
}


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


_NEXT_WORD = regex.compile(r"[ ]+(\p{Lu}\p{Ll}+)")

_CAP = r"(?:O'|D'|Mc|Mac)?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?"
_FULL_NAME = rf"{_CAP}(?:[ ]\p{{Lu}}\.)?[ ]{_CAP}"
_SOME_NAME = rf"{_CAP}(?:[ ]\p{{Lu}}\.)?(?:[ ]{_CAP}){{0,2}}"
_RELATIVE = (
    r"mother|mom|mum|father|dad|wife|husband|son|daughter|sister|brother|grandmother|grandma"
    r"|grandfather|grandpa|grandson|granddaughter|aunt|uncle|niece|nephew|cousin|partner"
    r"|spouse|friend|neighbou?r|fianc[eé]e?|caregiver"
)
_ROLE = (
    rf"(?i:\b(?:patient|pt\.?|(?:my|our|his|her|their)[ ]+(?:late[ ]+)?(?:{_RELATIVE})"
    r"|name[ ]+is|named))"
)
_SIGN_OFF = r"(?i:\b(?:sincerely|regards|respectfully|gratefully|thank[ ]you|thanks|warmly|love))"
_AGE_OR_DOB_AFTER = (
    r"(?=[ ]*[,(][ ]*(?:(?i:dob|d\.o\.b|mrn|born|aged?)\b"
    r"|\d{1,3}(?:[,)]|[- ]?(?i:years?[- ]old|yo\b|y/o))))"
)
_NAME_PATTERNS = [
    ("title", rf"\b(?:{'|'.join(sorted(TITLES))})\.?[ ]+{_SOME_NAME}", 0.85),
    ("role", rf"(?<={_ROLE}[,:]?[ \t]+){_SOME_NAME}", 0.8),
    (
        "sign-off",
        rf"(?<={_SIGN_OFF}(?:,[ \t]*\n?|[ \t]*\n)[ \t]*(?:[-—–]+[ \t]*)?){_FULL_NAME}",
        0.7,
    ),
    ("before age or DOB", rf"\b{_FULL_NAME}{_AGE_OR_DOB_AFTER}", 0.8),
    ("common first name", rf"\b(?:{'|'.join(FIRST_NAMES)})(?:[ ]\p{{Lu}}\.)?[ ]{_CAP}\b", 0.6),
    # Records and forms write names in capitals, often "LAST, FIRST".
    ("capitals, first last", rf"\b(?:{'|'.join(FIRST_NAMES).upper()})[ ]\p{{Lu}}{{2,}}\b", 0.6),
    (
        "capitals, last, first",
        rf"\b\p{{Lu}}{{2,}}(?:[-']\p{{Lu}}{{2,}})?,[ ]?(?:{'|'.join(FIRST_NAMES).upper()})\b",
        0.6,
    ),
]

_MRN_LABEL = (
    r"(?i:\b(?:mrn|medical[ ]+record(?:[ ]+(?:number|no\.?|num|\#))?"
    r"|(?:record|chart|hospital|account|acct)[ ]+(?:number|no\.?|num|\#)"
    r"|patient[ ]+(?:id|number|no\.?|\#)|member[ ]+id))"
)
_MRN_PATTERNS = [
    (
        "labelled record number",
        rf"(?<={_MRN_LABEL}[ \t]*(?:is[ \t]+|was[ \t]+)?[:#=]?[ \t]*)"
        r"(?:[A-Z]{1,3}-?)?\d[\d-]{3,14}\d\b",
        0.9,
    ),
]

_SSN_PATTERNS = [
    (
        "labelled SSN",
        r"(?<=(?i:\b(?:ssn|ss\#|social[ ]+security(?:[ ]+(?:number|no\.?|\#))?))[ \t]*(?:is[ \t]+)?"
        r"[:#]?[ \t]*)\d{3}[- ]?\d{2}[- ]?\d{4}\b",
        0.9,
    ),
]

_STREET_WORD = r"(?:\p{Lu}[\p{L}'.-]*|\d+(?:st|nd|rd|th))"
# "Dr" and "St" also open "Dr. visits" and "St. Mary's": not a suffix before a lowercase word.
_SUFFIX = (
    r"(?:Street|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Court|Ct|Way|Place|Pl|Terrace"
    r"|Circle|Parkway|Pkwy|Highway|Hwy|Square|Trail|Crescent|(?:Dr|St)(?!\.?[ ]+\p{Ll}))"
)
_UNIT = r"(?:,?[ ]+(?:Apt|Apartment|Unit|Suite|Ste|Flat|\#)\.?[ ]*\#?[ ]*[A-Za-z0-9-]+)"
_ADDRESS_PATTERNS = [
    ("street", rf"\b\d{{1,6}}[A-Z]?[ ]+(?:{_STREET_WORD}[ ]+){{1,4}}{_SUFFIX}\b\.?{_UNIT}?", 0.85),
    (
        "city, state and ZIP",
        r"\b\p{Lu}\p{Ll}+(?:[ ]\p{Lu}\p{Ll}+)?,[ ]*[A-Z]{2}[ ]+\d{5}(?:-\d{4})?\b",
        0.85,
    ),
    ("PO box", r"\b(?i:p\.?[ ]?o\.?[ ]+box)[ ]+\d+\b", 0.85),
    ("UK postcode", r"\b[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}\b", 0.6),
]

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_MORE_DATE_PATTERNS = [
    ("m-d-yy", r"\b(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])-\d{2}\b", 0.5),
    ("day month year", rf"\b{_DAY}(?:[ ]of)?[ ]{_MONTH},?(?:[ ]\d{{4}})?\b", 0.6),
    ("month day year", rf"\b{_MONTH}[ ]{_DAY}(?:,?[ ]\d{{4}})?\b", 0.6),
    ("month year", rf"\b{_MONTH}[ ]\d{{4}}\b", 0.5),
]
# A date is an identifier when one of these words ties it to a person.
_DATE_CONTEXT = regex.compile(
    r"(?i)\b(?:born|birth|birthday|dob|d\.o\.b|admitted|admission|discharged|discharge|died"
    r"|death|passed[ ]away|deceased|surgery|operated|operation|procedure|diagnosed"
    r"|hospitali[sz]ed|delivered)"
)
_SENTENCE_BREAK = regex.compile(r"[.!?][ \t]+\p{Lu}|\n[ \t]*\n")
_DATE_CONTEXT_WINDOW = 60
_URL_IDENTIFYING = regex.compile(r"(?i)[?#=]|\d{3,}|patient|mrn|chart|record|profile|user|dob")
_SCORE_THRESHOLD = 0.35
# Regions whose national formats are tried; numbers written with "+" parse in any region.
_PHONE_REGIONS = ("US", "CA", "GB", "IE", "AU", "IN", "DE", "FR", "MX")


def _pattern_recognizers(cased: int, anycase: int) -> list[EntityRecognizer]:
    """Our own pattern recognizers, built from the pattern tables above."""
    from presidio_analyzer import Pattern, PatternRecognizer
    from presidio_analyzer.predefined_recognizers import DateRecognizer

    # Presidio's numeric date patterns, minus its weak "mm/yy" ones that also match ratios.
    numeric_dates = [(p.name, p.regex, p.score) for p in DateRecognizer.PATTERNS if p.score >= 0.5]
    tables = [
        ("PERSON", cased, _NAME_PATTERNS),
        ("MEDICAL_RECORD_NUMBER", anycase, _MRN_PATTERNS),
        ("US_SSN", anycase, _SSN_PATTERNS),
        ("STREET_ADDRESS", cased, _ADDRESS_PATTERNS),
        ("DATE_TIME", anycase, numeric_dates),
        ("DATE_TIME", cased, _MORE_DATE_PATTERNS),
    ]
    return [
        PatternRecognizer(
            supported_entity=entity,
            name=f"Unburden{entity.title().replace('_', '')}Recognizer{index}",
            patterns=[Pattern(name, rx, score) for name, rx, score in patterns],
            global_regex_flags=flags,
        )
        for index, (entity, flags, patterns) in enumerate(tables)
    ]


def build_analyzer() -> AnalyzerEngine:
    """A Presidio AnalyzerEngine with pattern recognizers only and no NLP model (slow: once)."""
    from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import (
        EmailRecognizer,
        PhoneRecognizer,
        UrlRecognizer,
        UsSsnRecognizer,
    )

    cased = regex.DOTALL | regex.MULTILINE
    anycase = cased | regex.IGNORECASE
    nlp_engine = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "no_op",
            "models": [{"lang_code": "en", "model_name": "no_op"}],
        }
    ).create_engine()
    # EmailRecognizer's own check asks tldextract, which fetches the public suffix list over
    # the network; its patterns alone are enough here.
    email = PatternRecognizer(
        supported_entity="EMAIL_ADDRESS",
        name="UnburdenEmailRecognizer",
        patterns=[Pattern(p.name, p.regex, p.score) for p in EmailRecognizer.PATTERNS],
    )
    recognizers = [
        *_pattern_recognizers(cased, anycase),
        email,
        PhoneRecognizer(supported_regions=_PHONE_REGIONS),
        UrlRecognizer(),
        UsSsnRecognizer(),
    ]
    registry = RecognizerRegistry(recognizers=recognizers, supported_languages=["en"])
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])


def _name_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim words that are not names off a name match; None when nothing name-like is left."""
    words = [
        (m.start(), m.end(), m.group().rstrip(".,"))
        for m in regex.finditer(r"\S+", text[start:end])
    ]
    following = _NEXT_WORD.match(text, end)
    if following and following.group(1) in INSTITUTIONS:
        return None
    while words and words[-1][2] in NOT_NAMES:
        if words.pop()[2] in INSTITUTIONS:
            return None
    names = [w for w in words if w[2] not in TITLES]
    if not names or names[0][2] in NOT_NAMES:
        return None
    return start + words[0][0], start + words[-1][1]


def _date_is_personal(text: str, start: int) -> bool:
    """Whether a word before the date, in the same sentence, ties it to a person."""
    before = text[max(0, start - _DATE_CONTEXT_WINDOW) : start]
    for context in _DATE_CONTEXT.finditer(before):
        if not _SENTENCE_BREAK.search(before[context.end() :]):
            return True
    return False


def _is_toll_free(number: str) -> bool:
    """Whether a phone number is a toll-free line: a payer's or a service's, never a patient's."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, "US")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.TOLL_FREE


def _apply_policy(text: str, kind: IdentifierKind, start: int, end: int) -> tuple[int, int] | None:
    """Keep, trim or drop a raw match according to the decisions in the module docstring."""
    if kind is IdentifierKind.NAME:
        return _name_span(text, start, end)
    if kind is IdentifierKind.DATE and not _date_is_personal(text, start):
        return None
    if kind is IdentifierKind.URL and not _URL_IDENTIFYING.search(text[start:end]):
        return None
    if kind is IdentifierKind.PHONE and _is_toll_free(text[start:end]):
        return None
    return start, end


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
        """Every identifier in the text, in text order, without overlaps."""
        if not text.strip():
            return []
        results = self._analyzer.analyze(text=text, language="en", score_threshold=_SCORE_THRESHOLD)
        findings = []
        for result in results:
            kind = _ENTITY_KINDS.get(result.entity_type)
            span = _apply_policy(text, kind, result.start, result.end) if kind else None
            if kind and span:
                score = min(max(float(result.score), 0.0), 1.0)
                findings.append(Finding(kind=kind, start=span[0], end=span[1], score=score))
        return _without_overlaps(findings)

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
