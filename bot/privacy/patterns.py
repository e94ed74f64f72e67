"""The regular expressions behind the pattern recognizers: names in context, record numbers,
SSNs, street addresses, dates and NPIs. Each table row is (pattern name, regex, score).

Without an NLP model Presidio cannot read context words around a match, so the context is
written into the patterns (look-behinds such as "patient ", "MRN ") or checked after matching
(in bot.privacy.identifiers)."""

from __future__ import annotations

import regex

from bot.privacy.vocabulary import FIRST_NAMES, TITLES

NEXT_WORD = regex.compile(r"[ ]+(\p{Lu}\p{Ll}+)")

_CAP = r"(?:O'|D'|Mc|Mac)?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?"
_FULL_NAME = rf"{_CAP}(?:[ ]\p{{Lu}}\.)?[ ]{_CAP}"
_SOME_NAME = rf"{_CAP}(?:[ ]\p{{Lu}}\.)?(?:[ ]{_CAP}){{0,2}}"
RELATIVES = (
    r"mother|mom|mum|father|dad|wife|husband|son|daughter|sister|brother|grandmother|grandma"
    r"|grandfather|grandpa|grandson|granddaughter|aunt|uncle|niece|nephew|cousin|partner"
    r"|spouse|friend|neighbou?r|fianc[eé]e?|caregiver"
)
_ROLE = (
    rf"(?i:\b(?:patient|pt\.?|(?:my|our|his|her|their)[ ]+(?:late[ ]+)?(?:{RELATIVES})"
    r"|(?:pt['’]?s|patient['’]?s|her|his|my)[ ]+name[ ]+is"
    r"|(?:pt|patient|person|lady|man|woman|guy|gentleman|kid|child|baby|boy|girl|son|daughter"
    r"|someone|somebody|mom|dad|wife|husband|one)[ ]+named))"
)
_SIGN_OFF = r"(?i:\b(?:sincerely|regards|respectfully|gratefully|thank[ ]you|thanks|warmly|love))"
_AGE_OR_DOB_AFTER = (
    r"(?=[ ]*[,(][ ]*(?:(?i:dob|d\.o\.b|mrn|born|aged?)\b"
    r"|\d{1,3}(?:[,)]|[- ]?(?i:years?[- ]old|yo\b|y/o))))"
)
# Typed fast on a phone: "mrs garcia", "MS. KIM", "mr smith's forms". Only the titles that
# open nothing but a name ("dr visits" is not one); "ms" also means multiple sclerosis. "miss"
# is mostly the verb ("nobody would miss it"): a surname after it is found by the name lists.
_LOWER_TITLE_NAME = (
    r"(?<![/\w])(?i:mrs?|ms|mx)\.?[ ]+"
    r"(?!(?i:and|or|the|a|an|to|in|on|at|is|was|with|for|of|patients?|pts?|clinic|flares?"
    r"|dx|meds?|relapse|nurse|team|who|said|called|told|fields?|forms?|word|excel|teams"
    r"|office|outlook|access|paint|edge|no|num|number)\b)"
    r"(?i:(?:(?:de[ ]la|del|de|la|van|von|der|da|di|le|st\.?)[ ]+)?"
    r"(?:o'|mc|mac)?[a-z]{2,}(?:-[a-z]+)?)(?![\w-])"
)
_FIRST_NAME_ANY_CASE = rf"(?i:{'|'.join(FIRST_NAMES)})"
# "Miss" is a title only as written at the start of a name; "miss Jones" in lower case is
# left to the name lists, since "we'll miss Tuesday's huddle" is the verb.
_TITLE = rf"(?:(?i:{'|'.join(sorted(TITLES - {'Miss'}))})|Miss|MISS)"
NAME_PATTERNS = [
    ("title", rf"\b{_TITLE}\.?[ ]+{_SOME_NAME}", 0.85),
    ("title, any case", _LOWER_TITLE_NAME, 0.8),
    (
        "role, common first name and surname in any case",
        rf"(?<={_ROLE}[,:]?[ \t]+){_FIRST_NAME_ANY_CASE}[ ](?i:[a-z]{{2,}})\b",
        0.75,
    ),
    # "Jane D.", "J. Doe": a common first name with an initial, or an initial and a surname.
    ("first name and initial", rf"\b(?:{'|'.join(FIRST_NAMES)})[ ]\p{{Lu}}\.(?!\p{{L}})", 0.6),
    ("initial and surname", rf"\b\p{{Lu}}\.[ ]{_CAP}\b", 0.6),
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
    # "MR# 4455667", "mr no. 4455667": a medical record number, never the title before it.
    r"|mr[ ]?(?:\#|no\.|num(?:ber)?\b)"
    r"|(?:record|chart|hospital|account|acct)[ ]+(?:number|no\.?|num|\#)"
    r"|patient[ ]+(?:id|number|no\.?|\#)|member[ ]+id"
    # Account, plan and chart numbers point at one person as surely as a record number.
    r"|acct|account|chart|policy(?:[ ]+(?:number|no\.?|num|\#))?"
    r"|(?:medicaid|medicare|insurance|subscriber|plan|group)[ ]+(?:id|number|no\.?|\#)))"
)
MRN_PATTERNS = [
    (
        "labelled record number",
        # The look-ahead first: the look-behind is tried only where a number can start.
        rf"(?=(?:[A-Z]{{1,3}}-?)?\d)(?<={_MRN_LABEL}[ \t]*(?:is[ \t]+|was[ \t]+)?[:#=]?[ \t]*)"
        r"(?:[A-Z]{1,3}-?)?\d[\d-]{3,14}\d[A-Z]?\b",
        0.9,
    ),
    # A Medicare Beneficiary Identifier mixes letters and digits ("1EG4TE5MK73").
    (
        "labelled Medicare number",
        r"(?<=(?i:\bmedicare[ ]+(?:id|number|no\.?|\#|mbi)|\bmbi)[ \t]*[:#=]?[ \t]*)"
        r"\d[A-Z][A-Z\d]\d[A-Z][A-Z\d]\d[A-Z]{2}\d{2}\b",
        0.9,
    ),
]

SSN_PATTERNS = [
    # "123 45 6789": three, two and four digits apart is an SSN's shape and no phone's.
    ("SSN written with spaces", r"(?<![\d-])\b\d{3}[ ]\d{2}[ ]\d{4}\b(?![ -]?\d)", 0.6),
    (
        # "old form asks for ssn, pt wrote 611229043 in the box": nine digits a few words after.
        "nine digits after SSN",
        r"(?=\d{3}[- ]?\d{2}[- ]?\d{4}\b)(?<=(?i:\b(?:ssn|social[ ]+security|social[ ]?\#))"
        r"[^\n\d]{1,40})(?<![\d-])\d{3}[- ]?\d{2}[- ]?\d{4}\b",
        0.85,
    ),
    (
        "labelled SSN",
        r"(?<=(?i:\b(?:ssn|ss\#|social(?:[ ]+security)?(?:[ ]+(?:number|no\.?|\#))?))[ \t]*(?:is[ \t]+)?"
        r"[:#]?[ \t]*)\d{3}[- ]?\d{2}[- ]?\d{4}\b",
        0.9,
    ),
]

# An NPI is ten digits, starting with 1 or 2; its last digit is a Luhn check digit computed
# with the prefix 80840 (CMS, "Requirements for National Provider Identifier Check Digit").
NPI_LABELLED_PATTERNS = [
    (
        "labelled NPI",
        r"(?<=(?i:\bnpi)(?:[ \t]+(?i:number|no\.?|\#|is))?[ \t]*[:#=]?[ \t]*)"
        r"(?:\d{10}|\d{3}[- .]\d{3}[- .]\d{4})\b",
        0.9,
    ),
]
# Not inside a Slack timestamp ("1700000000.000100") or a date token ("<!date^1700000000^...").
NPI_CHECKED_PATTERNS = [
    ("ten digits with the NPI check digit", r"(?<![\d^.-])[12]\d{9}(?![\d^-]|\.\d)", 0.5)
]

_STREET_WORD = r"(?:\p{Lu}[\p{L}'.-]*|\d+(?:st|nd|rd|th))"
# "Dr" and "St" also open "Dr. visits" and "St. Mary's": not a suffix before a lowercase word.
_SUFFIX = (
    r"(?:Street|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Court|Ct|Way|Place|Pl|Terrace"
    r"|Circle|Parkway|Pkwy|Highway|Hwy|Square|Trail|Crescent|(?:Dr|St)(?!\.?[ ]+\p{Ll}))"
)
_UNIT = r"(?:,?[ ]+(?:Apt|Apartment|Unit|Suite|Ste|Flat|\#)\.?[ ]*\#?[ ]*[A-Za-z0-9-]+)"
# Words that follow a count in meeting talk ("10 minutes down the road", "3 pts on the way"):
# a lower-case street name never holds one of them.
_NOT_STREET = (
    r"(?:the|a|an|of|in|on|at|to|into|for|from|by|with|and|or|per|down|up|out|off|over|along"
    r"|across|each|every|more|less|than|other|same|extra|new|our|my|your|their|his|her|its"
    r"|this|that|these|those|is|are|was|were|be|been|min|mins|minutes?|hrs?|hours?|days?"
    r"|weeks?|months?|years?|times?|x|pts?|patients?|people|staff|docs?|doctors?|nurses?|mas?"
    r"|calls?|clicks?|charts?|notes?|forms?|faxes|fax|messages?|msgs?|refills?|orders?|visits?"
    r"|shared|network|hard|cloud|test|drives?|way|ways|g|h|s)"
)
_LOWER_WORD = rf"(?!{_NOT_STREET}\b)[a-z][a-z'.-]*"
_LOWER_SUFFIX = (
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl"
    r"|terrace|circle|cir|parkway|pkwy|highway|hwy|trail|crescent)"
)
_LOWER_UNIT = r"(?:,?[ ]+(?:apt|apartment|unit|suite|ste|\#)\.?[ ]*\#?[ ]*[a-z0-9-]+)"
ADDRESS_PATTERNS = [
    ("street", rf"\b\d{{1,6}}[A-Z]?[ ]+(?:{_STREET_WORD}[ ]+){{1,4}}{_SUFFIX}\b\.?{_UNIT}?", 0.85),
    (
        "city, state and ZIP",
        r"\b\p{Lu}\p{Ll}+(?:[ ]\p{Lu}\p{Ll}+)?,[ ]*[A-Z]{2}[ ]+\d{5}(?:-\d{4})?\b",
        0.85,
    ),
    ("PO box", r"\b(?i:p\.?[ ]?o\.?[ ]+box)[ ]+\d+\b", 0.85),
    ("UK postcode", r"\b[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}\b", 0.6),
]
# Typed fast on a phone: "42 oak street", "1200 n elm st apt 3", "zip 98105".
LOWER_ADDRESS_PATTERNS = [
    (
        "labelled ZIP code",
        r"(?<=\b(?:zip|zip[ ]?code|postal[ ]+code|postcode)[ \t]*(?:is[ \t]+)?[:#]?[ \t]*)"
        r"\d{5}(?:-\d{4})?\b",
        0.8,
    ),
    (
        "lower-case street",
        rf"(?<!\b(?:the|a|our|their|your|my)[ ]+)\b\d{{1,6}}[a-z]?[ ]+(?:{_LOWER_WORD}[ ]+){{1,3}}"
        rf"{_LOWER_SUFFIX}\b\.?{_LOWER_UNIT}?",
        0.7,
    ),
]

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
MORE_DATE_PATTERNS = [
    ("m-d-yy", r"\b(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])-\d{2}\b", 0.5),
    ("day month year", rf"\b{_DAY}(?:[ ]of)?[ ]{_MONTH},?(?:[ ]\d{{4}})?\b", 0.6),
    ("month day year", rf"\b{_MONTH}[ ]{_DAY}(?:,?[ ]\d{{4}})?\b", 0.6),
    ("month year", rf"\b{_MONTH}[ ]\d{{4}}\b", 0.5),
]
# HIPAA counts an age over 89 as an identifier (45 CFR 164.514(b)(2)(i)(C)); younger ages are not.
_OLD_AGE = r"(?:9\d|1[01]\d)"
# "92F w/ dementia", "pt 94 M": an age and a sex, as handoffs write them (read in capitals
# only: "92m" may be minutes or metres).
AGE_SEX_PATTERNS = [
    ("age over 89 and sex", rf"\b{_OLD_AGE}[ ]?(?:yo)?(?:M|F)\b(?![-/]\d)", 0.75),
    ("sex and age over 89", rf"\b(?:M|F)[ ]?/[ ]?{_OLD_AGE}\b(?![-/.]\d)", 0.75),
]
AGE_PATTERNS = [
    (
        "age over 89",
        rf"\b{_OLD_AGE}[ -]?(?:(?:years?|yrs?)[ -]?old|yo|y/o|y\.o\.)(?!\w)",
        0.85,
    ),
    (
        "aged over 89",
        rf"(?<=\b(?:aged?)[ ]+){_OLD_AGE}\b(?![ ]*(?:%|mins?|minutes|[- ]?days?|[- ]?hours?|[- ]?hrs?))",
        0.8,
    ),
]
# A local number without its area code ("555-0142") after a phone word within a few words;
# without one, "200-1000 messages" is a range.
LOCAL_PHONE_PATTERNS = [
    (
        "seven-digit local number",
        r"(?=[2-9]\d{2}[-. ]\d)(?<=(?i:\b(?:call(?:back)?|cell|phone|ph|tel|text|mobile|reach|ring|line|voicemail"
        r"|number|home|work|pager|\#))\D{0,20})"
        r"(?<![\d$.-])\b[2-9]\d{2}[-. ]\d{4}\b(?![-.]?\d)"
        r"(?![ ]*(?i:(?:mg|mcg|g|ml|units?|u|kcal|cal|steps|ms|mmol)\b|%))",
        0.6,
    ),
]
# A date is an identifier when one of these words ties it to a person.
DATE_CONTEXT = regex.compile(
    r"(?i)\b(?:born|birth|birthday|dob|d\.o\.b|admitted|admission|discharged|discharge|died"
    r"|death|passed[ ]away|deceased|surgery|operated|operation|procedure|diagnosed"
    r"|hospitali[sz]ed|delivered|b[.:]?(?=[ ]*\Z))"
)
SENTENCE_BREAK = regex.compile(r"[.!?][ \t]+\p{Lu}|\n[ \t]*\n")
NPI_LABEL = regex.compile(r"(?i)\bnpi\b")
PHONE_CONTEXT = regex.compile(
    r"(?i)\b(?:call(?:back)?|cell|phone|tel|text|mobile|reach|ring|line|voicemail|number)\b"
)
# "chart" alone is not enough: "run-chart-tool" is a public guide; a chart link carries digits.
# Links into Slack itself (message permalinks carry long digit runs) point at no patient.
SLACK_LINK = regex.compile(r"(?i)^(?:https?://)?[\w.-]*\bslack\.com(?:/|$)")
URL_IDENTIFYING = regex.compile(r"(?i)[?#=]|\d{3,}|patient|mrn|record|profile|user|dob")


def npi_check_digit_holds(digits: str) -> bool:
    """Whether ten digits end in the NPI's Luhn check digit (computed over "80840" + digits)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed("80840" + digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            value = value - 9 if value > 9 else value
        total += value
    return total % 10 == 0
