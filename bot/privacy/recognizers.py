"""The Presidio analyzer the detector runs: Presidio's own pattern recognizers (phone, email,
URL, SSN, numeric dates), ours from bot.privacy.patterns, full names from name lists, and NPIs
with their check digit. It uses Presidio's no-op NLP engine: no spaCy model is loaded, so
nothing is downloaded.

Importing this module imports Presidio, which pulls in spaCy and transformers (seconds): only
the detector's build imports it.
"""

from __future__ import annotations

import re

import phonenumbers
import regex
from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngineProvider
from presidio_analyzer.predefined_recognizers import (
    DateRecognizer,
    EmailRecognizer,
    PhoneRecognizer,
    UrlRecognizer,
    UsSsnRecognizer,
)

from bot.privacy import patterns, shorthand
from bot.privacy.name_lists import FullNameFinder, LoneSurnameFinder, NameLists, shared_name_lists
from bot.privacy.rare_names import NameInContextFinder, RareSurnameFinder
from bot.privacy.surnames import SurnameFinder

# Regions whose national formats are tried; numbers written with "+" parse in any region.
PHONE_REGIONS = ("US", "CA", "GB", "IE", "AU", "IN", "DE", "FR", "MX")
# The shortest phone number anyone writes in full is seven digits (a local US number).
PHONE_MIN_DIGITS = 7
NAME_LIST_SCORE = 0.7
CASED = regex.DOTALL | regex.MULTILINE
ANY_CASE = CASED | regex.IGNORECASE


class NameListRecognizer(EntityRecognizer):
    """PERSON: a first name followed by a surname, or a surname alone after a title or "pt",
    from philter-lite's name lists."""

    def __init__(self, lists: NameLists) -> None:
        self._finders = (FullNameFinder(lists), LoneSurnameFinder(lists))
        super().__init__(supported_entities=["PERSON"], name="UnburdenNameListRecognizer")

    def load(self) -> None:
        """Nothing to load: the lists are read before the recognizer is built."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """A PERSON result for every full name the lists recognise."""
        return [
            RecognizerResult("PERSON", start, end, NAME_LIST_SCORE)
            for finder in self._finders
            for start, end in finder.spans(text)
        ]


class SurnameRecognizer(EntityRecognizer):
    """PERSON: a surname written first ("Obi, Ada"), alone as a patient's ("obi called"), or
    rare as an English word or possessive wherever it stands (bot.privacy.rare_names)."""

    def __init__(self, lists: NameLists) -> None:
        self._finders = (SurnameFinder(lists), RareSurnameFinder(lists), NameInContextFinder(lists))
        super().__init__(supported_entities=["PERSON"], name="UnburdenSurnameRecognizer")

    def load(self) -> None:
        """Nothing to load: the lists are read before the recognizer is built."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """A PERSON result for every surname the lists and its context recognise."""
        return [
            RecognizerResult("PERSON", start, end, NAME_LIST_SCORE)
            for finder in self._finders
            for start, end in finder.spans(text)
        ]


# What a written phone number is made of, up to its last digit.
PHONE_CHARACTERS = re.compile(r"[+(]?[\d() .\-/]*\d")


class DigitGatedPhoneRecognizer(PhoneRecognizer):
    """Presidio's phone recognizer, asked only when the text holds enough digits for a number.

    libphonenumber's matcher tries every region in turn and is about half of the detector's
    time; most meeting messages hold fewer than seven digits and cannot hold a phone number.
    """

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts = None,  # type: ignore[assignment]  # Presidio's own default
    ) -> list[RecognizerResult]:
        """Phone numbers, or nothing at once when the text has under PHONE_MIN_DIGITS digits;
        each span ends at the number's last digit ("+353 87 123 4567 ~10m/day" keeps "~10m/day":
        libphonenumber's lenient matcher may run on into what follows)."""
        if sum(char.isdigit() for char in text) < PHONE_MIN_DIGITS:
            return []
        results = super().analyze(text, entities, nlp_artifacts)
        for result in results:
            number = PHONE_CHARACTERS.match(text, result.start, result.end)
            if number is not None and number.end() > result.start:
                result.end = number.end()
        return results


# A token that can hold a web address: a scheme, "www", or a letter on both sides of a dot.
URL_SHAPED = regex.compile(r"://|www|\p{L}\.\p{L}", regex.IGNORECASE)
_TOKEN = regex.compile(r"\S+")
# Longer than the links members paste (a portal or chart link runs to a few hundred).
URL_MAX_CHARACTERS = 1024
# A web address without a scheme ("docs.example.com/scan?mrn=7712034") is shorter still.
BARE_URL_MAX_CHARACTERS = 256
# ...and ends its host in a common top-level domain, checked first in linear time ("a.a.a..."
# has none, and Presidio's pattern takes seconds over it).
BARE_URL_DOMAIN = regex.compile(
    r"\.(?:com|org|net|edu|gov|mil|int|io|us|uk|ca|au|info|biz|me|co|health|care|app|ai|ly|to"
    r"|link|site|online|xyz|de|fr|es|in|mx)\b",
    regex.IGNORECASE,
)


class TokenUrlRecognizer(UrlRecognizer):
    """Presidio's URL recognizer, run on each whitespace-separated token that can hold a web
    address instead of on the whole text: a URL holds no space, and its "Non schema URL"
    pattern backtracks for seconds over a long run such as "1.1.1.1..." (a numbered list)."""

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """URL results over the URL-shaped tokens, with offsets into the whole text."""
        results: list[RecognizerResult] = []
        for token in _TOKEN.finditer(text):
            if not URL_SHAPED.search(token.group()):
                continue
            schemed = regex.search(r"://|www\.", token.group(), regex.IGNORECASE)
            if not schemed and (
                len(token.group()) > BARE_URL_MAX_CHARACTERS
                or not BARE_URL_DOMAIN.search(token.group())
            ):
                continue
            if len(token.group()) > URL_MAX_CHARACTERS:
                # No browser or EHR link is this long; a link-shaped run of this length is
                # redacted whole rather than searched (the search grows with its square).
                if schemed:
                    results.append(RecognizerResult("URL", token.start(), token.end(), 0.6))
                continue
            for result in super().analyze(token.group(), entities, nlp_artifacts, regex_flags):
                result.start += token.start()
                result.end += token.start()
                results.append(result)
        return results


class CheckedNpiRecognizer(PatternRecognizer):
    """NPI: ten digits starting with 1 or 2 whose check digit holds, labelled or not."""

    def validate_result(self, pattern_text: str) -> bool:
        """Whether the NPI check digit holds (a wrong one drops the match)."""
        return patterns.npi_check_digit_holds(pattern_text)


def _pattern_recognizers() -> list[EntityRecognizer]:
    """Our own pattern recognizers, built from the tables in bot.privacy.patterns."""
    # Presidio's numeric date patterns, minus its weak "mm/yy" ones that also match ratios.
    numeric_dates = [(p.name, p.regex, p.score) for p in DateRecognizer.PATTERNS if p.score >= 0.5]
    tables = [
        ("PERSON", CASED, patterns.NAME_PATTERNS),
        ("MEDICAL_RECORD_NUMBER", ANY_CASE, patterns.MRN_PATTERNS),
        ("US_SSN", ANY_CASE, patterns.SSN_PATTERNS),
        ("STREET_ADDRESS", CASED, patterns.ADDRESS_PATTERNS),
        ("STREET_ADDRESS", ANY_CASE, patterns.LOWER_ADDRESS_PATTERNS),
        ("DATE_TIME", ANY_CASE, numeric_dates),
        ("DATE_TIME", CASED, patterns.MORE_DATE_PATTERNS),
        ("NPI", CASED, patterns.NPI_LABELLED_PATTERNS),
        ("AGE_OVER_89", ANY_CASE, patterns.AGE_PATTERNS),
        ("AGE_OVER_89", CASED, patterns.AGE_SEX_PATTERNS),
        ("PHONE_NUMBER", CASED, patterns.LOCAL_PHONE_PATTERNS),
        *_shorthand_tables(),
    ]
    recognizers: list[EntityRecognizer] = [
        PatternRecognizer(
            supported_entity=entity,
            name=f"Unburden{entity.title().replace('_', '')}Recognizer{index}",
            patterns=[Pattern(name, rx, score) for name, rx, score in table],
            global_regex_flags=flags,
        )
        for index, (entity, flags, table) in enumerate(tables)
    ]
    recognizers.append(
        CheckedNpiRecognizer(
            supported_entity="NPI",
            name="UnburdenCheckedNpiRecognizer",
            patterns=[Pattern(n, rx, s) for n, rx, s in patterns.NPI_CHECKED_PATTERNS],
            global_regex_flags=CASED,
        )
    )
    return recognizers


def _shorthand_tables() -> list[tuple[str, int, list[tuple[str, str, float]]]]:
    """The tables of identifiers typed in shorthand (bot.privacy.shorthand). TIED_DATE,
    DATE_BESIDE_NAME, NUMBER_BESIDE_NAME, IP_ADDRESS, LOCAL_PHONE_BESIDE and LOCAL_PHONE_CUED are entities of ours that the detector
    maps and keeps by rules of their own."""
    return [
        ("TIED_DATE", ANY_CASE, shorthand.TIED_DATE_PATTERNS),
        ("DATE_BESIDE_NAME", ANY_CASE, shorthand.BESIDE_NAME_DATE_PATTERNS),
        ("NUMBER_BESIDE_NAME", CASED, shorthand.BESIDE_NAME_NUMBER_PATTERNS),
        ("AGE_OVER_89", ANY_CASE, shorthand.AGE_WORD_PATTERNS),
        ("MEDICAL_RECORD_NUMBER", ANY_CASE, shorthand.RECORD_NUMBER_PATTERNS),
        ("MEDICAL_RECORD_NUMBER", CASED, shorthand.MBI_PATTERNS),
        ("PHONE_NUMBER", CASED, shorthand.LOCAL_PHONE_PATTERNS),
        ("LOCAL_PHONE_BESIDE", CASED, shorthand.BARE_LOCAL_PHONE_PATTERNS),
        ("LOCAL_PHONE_CUED", CASED, shorthand.CUED_DIGITS_PHONE_PATTERNS),
        ("EMAIL_ADDRESS", ANY_CASE, shorthand.SPELLED_EMAIL_PATTERNS),
        ("STREET_ADDRESS", ANY_CASE, shorthand.STREET_SHORTHAND_PATTERNS),
        ("IP_ADDRESS", ANY_CASE, shorthand.IP_PATTERNS),
        ("PERSON", CASED, shorthand.TITLE_SHORTHAND_PATTERNS),
    ]


def build_analyzer(lists: NameLists | None = None) -> AnalyzerEngine:
    """A Presidio AnalyzerEngine with pattern and list recognizers, no NLP model (slow: once)."""
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
    lists = lists if lists is not None else shared_name_lists()
    recognizers = [
        *_pattern_recognizers(),
        NameListRecognizer(lists),
        SurnameRecognizer(lists),
        email,
        DigitGatedPhoneRecognizer(supported_regions=PHONE_REGIONS),
        # Any country's number written with "+" ("+44 7700 900123"): region "ZZ" parses only
        # those, and a number of a possible length is enough, since the reserved ranges test
        # and drama numbers use are not valid ones.
        DigitGatedPhoneRecognizer(
            supported_regions=("ZZ",),
            leniency=phonenumbers.Leniency.POSSIBLE,
            name="UnburdenInternationalPhoneRecognizer",
        ),
        TokenUrlRecognizer(),
        UsSsnRecognizer(),
    ]
    registry = RecognizerRegistry(recognizers=recognizers, supported_languages=["en"])
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])
