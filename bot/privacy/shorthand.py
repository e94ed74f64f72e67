"""Identifiers as clinicians type them fast on a phone, in the words that give them away.

The tables in bot.privacy.patterns read identifiers written out; these read the shorthand
that a held-out set of Slack messages showed they miss: a date after "bday", "bd", "dod" or
"dob" glued to it ("dob09/17/1958"), in any order and case ("born 12 jan 1939", "DOB
19611203"); an age over 89 after "pt is" or "she's", or in words ("ninety-one y/o"); record,
insurance and encounter numbers after their short labels ("ins id", "med rec #"); a Medicare
MBI with its dashes; a seven-digit local number after "cb" or "at"; an e-mail address spelled
out ("name at gmail dot com"); lower-case street addresses with a directional or an ordinal
("88 e 3rd st"), a ZIP code where the patient lives ("pt in 02139"), a rural route; an IP
address; and a title with an initial or a surname outside ASCII ("mrs k. delacroix",
"mr wiśniewski").

Each table row is (pattern name, regex, score). The context word is written into each pattern
(a look-behind), so the detector's date and URL policies do not ask for it again: a date with
no such word ("pilot starts 12/7") stays unflagged.
"""

from __future__ import annotations

from datetime import date

from bot.privacy.patterns import _LOWER_SUFFIX

# ------------------------------------------------------------------------------- dates
# HIPAA Safe Harbor counts every element of a date tied to a person except the year: birth,
# death, admission, discharge, service. A date is flagged here when one of these words stands
# right before it (with at most "on", "is", "of" or punctuation between); bare scheduling dates
# ("staff mtg moved to 1/15") are not.
_DATE_CUE = (
    r"(?i:\b(?:d\.?[ ]?o\.?[ ]?b|d/o/b|date[ ]+of[ ]+birth|birth[ ]?date|birth[ ]?day|b-?day"
    r"|bd|born|dod|d\.o\.d|date[ ]+of[ ]+death|died|deceased|expired|passed(?:[ ]+away)?"
    r"|admit(?:ted)?|admission(?:[ ]+date)?|adm|discharged?(?:[ ]+date)?|d/?c['’]?d|d/c"
    r"|dos|date[ ]+of[ ]+service|surgery|operated|delivered"
    # "b. 7 sept 1939" (born, as obituaries and family trees write it); HL7's PID-7 field is
    # the date of birth.
    r"|b(?=\.)|pid-?7"
    # A person's injury, pregnancy and procedures: "doi 3/2", "lmp 10/1", "mri on 12/3".
    r"|doi|date[ ]+of[ ]+injury|injury(?:[ ]+date)?|injured|lmp|edd|vaccinated|fell|mri|ct|colonoscopy|egd|biopsy"
    r"|infusion|c-section|tka|tha|cabg|procedure"
    # "last seen 3/4", "s/p TKA 11/2" (status post: after a procedure), "post-op 12/1"
    r"|last[ ]+seen|s/p(?:[ ]+\w+)?|post[- ]?op)\.?)"
)
_DATE_GAP = (
    r"(?:[ \t]*[:#=,(-]?[ \t]*(?:(?:on|in|is|was|of|as|listed[ ]+as|=)(?:[ \t]+the)?[ \t]+)?)"
)
_PERSON_EVENT = (
    r"(?i:\b(?:admitted|discharged|dc['’]?d|d/c['’]?d|died|expired|passed[ ]+away|born|delivered"
    r"|operated|injured|fell|vaccinated|scoped|infused|seen))"
)
_MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY_NUMBER = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:(?:19|20)\d{2}|['’]\d{2})"
# A cheap look-ahead first, so the look-behind is tried only where a date can start.
_STARTS_DATE = r"(?=\d|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))"
_DATE_FORMS = (
    # 7/14/1962, 07.14.1962, 11-2-87, 11/24 (a date tied to a person needs no year)
    r"(?:\d{1,2}[/.-]\d{1,2}(?:[/.-](?:\d{4}|\d{2}))?|\d{1,2}[ ]\d{1,2}[ ](?:19|20)\d{2}"
    # 01 / 17 / 1968, 6\2\1959: spaced or backslashed, as typed off a handwritten form
    r"|\d{1,2}[ ]?[/\\][ ]?\d{1,2}[ ]?[/\\][ ]?(?:\d{4}|\d{2})"
    # 1962-07-14, 19621203, 12031961
    r"|(?:19|20)\d{2}[/.-]\d{1,2}[/.-]\d{1,2}"
    r"|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r"|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:19|20)\d{2}"
    # 041258 (mmddyy), after a word that ties it to a person
    r"|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{2}"
    # 12 jan 1939, 3rd of march, jan 3 1950, sept 9, 1972, march 1947
    rf"|{_DAY_NUMBER}(?:[ ]+of)?[ ]+{_MONTH_WORD},?(?:[ ]+{_YEAR})?"
    # 03JAN1950, 3-jan-50, as forms and labels print them
    rf"|\d{{1,2}}-?{_MONTH_WORD}-?(?:(?:19|20)\d{{2}}|\d{{2}})"
    rf"|{_MONTH_WORD}[ ]+{_DAY_NUMBER}(?:,?[ ]+{_YEAR})?"
    rf"|{_MONTH_WORD},?[ ]+{_YEAR})"
)
# Not a fraction ("discharged 2/3 of them", "d/c 1/2 tab": d/c also means discontinue), a
# dose or a longer number.
_DATE_END = r"(?![/.-]?\d|[ ]*%|[ ]*(?:of|tabs?|pills?|caps?|doses?|units?|mg|mcg|ml)\b)"
TIED_DATE_PATTERNS = [
    (
        "date after a word that ties it to a person",
        rf"{_STARTS_DATE}(?<={_DATE_CUE}{_DATE_GAP}){_DATE_FORMS}\b{_DATE_END}",
        0.9,
    ),
    # "admitted to 4W on 11/2", "discharged home on 11/27": a verb of what happened to a person (not
    # a noun: "surgery block schedule changes on 12/1"), a few words, then on/since.
    (
        # "her appt on 12/3 got cancelled", "pt's mri moved to 1/9": a patient's visit, test or
        # procedure, a few words, then its date.
        "date of a patient's visit or procedure",
        rf"{_STARTS_DATE}(?<=(?i:\b(?:his|her|their|pt['’]?s?|patient['’]?s?)[ ]+"
        r"(?:next[ ]+|last[ ]+|upcoming[ ]+|original[ ]+|new[ ]+)?"
        r"(?:appt|appointment|visit|surgery|procedure|f/u|follow[- ]?up|mri|ct|scan|infusion"
        r"|injection|labs?|colonoscopy|echo|stress[ ]+test|eval|consult|delivery|due[ ]+date"
        r"|edd|biopsy|op|dialysis|chemo|transfusion))(?:[ ]+[^\s.!?;]+){0,4}?[ ]+"
        r"(?:(?:on|for|to|is|was|of)[ ]+)?(?:the[ ]+)?)"
        rf"{_DATE_FORMS}\b{_DATE_END}",
        0.8,
    ),
    (
        "date a few words after a word that ties it to a person",
        rf"{_STARTS_DATE}(?<={_PERSON_EVENT}(?:[ ]+[^\s.!?;]+){{1,4}}[ ]+(?:on|since)[ ]+)"
        rf"{_DATE_FORMS}\b{_DATE_END}",
        0.8,
    ),
]

# A date with nothing tying it to a person is still the person's when a patient's name stands
# in the same sentence ("ruiz, angela 5/5/62", "abubakar TKA is 12/9"): the detector keeps these
# only then (entity DATE_BESIDE_NAME).
BESIDE_NAME_DATE_PATTERNS = [
    (
        "date in a sentence with a name",
        rf"{_STARTS_DATE}(?<![\d/.\\-]){_DATE_FORMS}\b{_DATE_END}",
        0.5,
    ),
]


# -------------------------------------------------------------------------------- ages
def _years_over_89(today: date | None = None) -> str:
    """A pattern for the years of birth that make a person older than 89 today (from 1880):
    HIPAA Safe Harbor removes such a year, not only the age it implies."""
    last = (today or date.today()).year - 90
    return "|".join(str(year) for year in range(last, 1879, -1))


_OLD_AGE_NUMBER = r"(?:9\d|1[01]\d)"
_OLD_AGE_WORDS = (
    r"(?:ninety|(?:one|a)[ -]hundred|hundred)"
    r"(?:[ -](?:and[ ]+)?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))?"
)
_STARTS_AGE = r"(?=9\d|1[01]\d|(?i:ninety|one|a[ ]hundred|hundred))"
_AGE_SUFFIX = r"[ -]?(?:(?:years?|yrs?)[ -]?old|yo[mf]?|y/o[mf]?|y\.o\.?)(?!\w)"
_PERSON_SUBJECT = (
    r"(?:pt|patient|she|he|mom|mother|dad|father|grandma|grandpa|grandmother|grandfather"
    r"|gma|gpa|husband|wife|aunt|uncle)"
)
# "mrs yamamoto", "Mr. Ferreira": a title and the name after it, as the subject of an age.
_TITLE_AND_NAME = r"\b(?i:mrs?|ms|miss|mister|mr)\.?[ ]+\p{L}[\p{L}'’-]*"
# What follows a number that is not an age: a vital sign, a dose, a time, a rank.
_NOT_AGE_AFTER = (
    r"(?![ ]*(?:%|percent|mg|mcg|kg|lbs?|pounds|bpm|min|mins|minutes|hrs?|hours?|days?|d\b|wks?"
    r"|weeks?|mos?|months?|degrees|°|on\b|at\b|over|/|[.,]\d|[-–]\d))"
)
AGE_WORD_PATTERNS = [
    (
        # "born in 1931", "b. 1929", "yob 1930": a year of birth over 89 years ago.
        "year of birth over 89 years ago",
        rf"(?<=\b(?:born|b\.|yob|dob|d\.o\.b\.?|year[ ]+of[ ]+birth|birth[ ]+year)[ ]*(?:in[ ]+|:[ ]*)?)"
        rf"(?:{_years_over_89()})\b(?![/.-]\d)",
        0.75,
    ),
    ("age over 89 in words", rf"\b{_OLD_AGE_WORDS}{_AGE_SUFFIX}", 0.85),
    ("age over 89, male or female", rf"\b{_OLD_AGE_NUMBER}[ ]?(?:yo|y/o)[mf](?!\w)", 0.85),
    (
        "age over 89 in years",
        rf"\b{_OLD_AGE_NUMBER}[ ]?(?:yrs?|years)\b(?![ ]+(?:ago|of|in|on|at|since|later|before"
        r"|after|from|experience|running)\b)",
        0.75,
    ),
    (
        "age over 89 beside a person, in commas or brackets",
        rf"{_STARTS_AGE}(?<=(?:\b{_PERSON_SUBJECT}|\b(?i:mrs?|ms|miss|pt|patient)\.?[ ]+\p{{L}}+)[ ]*[,(][ ]*)"
        rf"(?:{_OLD_AGE_NUMBER}|{_OLD_AGE_WORDS})(?=[ ]*(?:[,)]|yo\b|y/o))",
        0.75,
    ),
    (
        # "turns 90 next wk", "turning 101 on sunday": a birthday coming.
        "a birthday over 89 coming",
        rf"(?<=\bturn(?:s|ing)[ ]+){_OLD_AGE_NUMBER}\b(?=[ ]*(?:!|next|this|on|in|today|tomorrow"
        r"|tmrw|soon|later|$))",
        0.75,
    ),
    ("a person over 89 by the word", r"\b(?:nonagenarian|centenarian|supercentenarian)\b", 0.75),
    (
        # "in her 90s", "in his late nineties": a decade over 89 points at one person's age.
        "a person's decade over 89",
        r"\b(?:in|into)[ ]+(?:his|her|their|my|our)[ ]+(?:early[ ]+|mid[ -]|late[ ]+)?"
        r"(?:90s|90['’]s|nineties|100s)\b",
        0.75,
    ),
    (
        "a birthday over 89",
        rf"\b(?:{_OLD_AGE_NUMBER}(?:st|nd|rd|th)|ninetieth|hundredth)[ ]+(?:birthday|bday|b-day)\b",
        0.75,
    ),
    (
        "age over 89 after a person and a verb",
        rf"{_STARTS_AGE}(?<=(?:\b{_PERSON_SUBJECT}(?:,[ ]*\p{{L}}+,)?|{_TITLE_AND_NAME})(?:[ ]+(?:is|was|turned|turns|turning|will[ ]+be|will[ ]+turn|just[ ]+turned|is[ ]+turning)|['’]s)"
        rf"[ ]+(?:now[ ]+|almost[ ]+|nearly[ ]+|only[ ]+|over[ ]+|past[ ]+|older[ ]+than[ ]+)?)"
        rf"(?:{_OLD_AGE_NUMBER}|{_OLD_AGE_WORDS})\b{_NOT_AGE_AFTER}",
        0.8,
    ),
    (
        "age over 89 after age",
        rf"{_STARTS_AGE}(?<=\bage[d]?[ \t]*[:=]?[ \t]*)(?:{_OLD_AGE_NUMBER}|{_OLD_AGE_WORDS})\b{_NOT_AGE_AFTER}"
        # "ages 90 and up", "aged 90+" name a group, not a person.
        r"(?![ ]*(?:\+|and[ ]+(?:up|over|older)|or[ ]+(?:over|older)))",
        0.8,
    ),
]

# ------------------------------------------------------------------ record and plan numbers
# Short labels for numbers that point at one person: insurance, member and claim ids, medical
# record, encounter and financial numbers. The number has at least five digits, so "visit 2"
# and "ticket 12" are not read as ids.
_ID_LABEL = (
    r"(?i:\b(?:(?:ins|mem|sub|pol|visit|claim|fin|har|csn|pt|rx|auth|bcbs|aetna|uhc|cigna|humana"
    r"|anthem|kaiser|tricare|medi-cal)(?:[ ]+(?:id|number|num|no\.?|nbr|\#)|\#)"
    r"|insurance(?:[ ]+(?:id|number|num|no\.?|\#|card))?"
    r"|member(?:[ ]+(?:number|num|no\.?|\#))?|subscriber(?:[ ]+(?:id|number|no\.?|\#))?"
    r"|med(?:ical)?[ ]+rec(?:ord)?s?(?:[ ]+(?:id|number|num|no\.?|\#))?"
    r"|encounter(?:[ ]+(?:id|number|num|no\.?|\#))?|enc[ ]*(?:id|\#|no\.?)"
    r"|csn|mrn|medicare|medicaid|mbi|hicn|hosp(?:ital)?[ ]*\#|cin[ ]*\#?"
    # "enc 55102938", "case ref PA-88312-7", "auth # 7731209", "ref no. 5531902", "fin 66120934"
    r"|fin|har|claim|ref[ ]+number[ ]+from[ ]+\w+|enc|case(?:[ ]+(?:ref|id|number|num|no\.?|\#))?"
    r"|(?<!(?:payment|vendor|invoice|order|shipping|tracking)[ ]+)ref(?:erence)?[ ]+(?:number|num|no\.?|\#)"
    r"|auth(?:orization)?|prior[ ]+auth|pa[ ]+(?:ref|id|case|\#)))"
)
_ID_NUMBER = (
    r"(?=[A-Z\d-]*(?:\d[-]?){5})(?:[A-Z]{1,4}-?)?\d[\dA-Z-]{3,16}[A-Z\d]\b"
    r"(?![ ]*(?:pts|patients|members|people|lives|claims|beneficiaries|%|k\b))"
)
# A Medicare Beneficiary Identifier: eleven characters, letters other than S, L, O, I, B, Z;
# printed on the card as 1EG4-TE5-MK73 (CMS, "MBI format specifications").
_MBI_LETTER = r"[AC-HJKMNP-RT-Y]"
RECORD_NUMBER_PATTERNS = [
    (
        "number after a short id label",
        rf"(?=(?:[A-Z]{{1,4}}-?)?\d)(?<={_ID_LABEL}[ \t]*(?:is[ \t]+|was[ \t]+)?[:#=]?[ \t]*){_ID_NUMBER}",
        0.85,
    ),
    (
        # "policy # BCX 774 2201 93": a number printed in groups after its label.
        "grouped number after a label",
        rf"(?=(?:[A-Z]{{1,4}}[ ]?)?\d)(?<=(?:{_ID_LABEL}|(?i:\b(?:policy|mrn|acct|account|member[ ]+id)"
        r"(?:[ ]+(?:number|num|no\.?|\#))?))[ \t]*(?:is[ \t]+|was[ \t]+)?[:#=]?[ \t]*)"
        r"(?=(?:[A-Z ]*\d){6})(?:[A-Z]{1,4}[ ]?)?\d{2,}(?:[ ]\d{2,}){1,4}\b",
        0.85,
    ),
    (
        # "#4471902 refill stuck", "record 4471902": a number marked as a record's.
        "number after # or record",
        r"(?:(?<![\w#&<])(?<!(?i:\b(?:npi|call|callback|cb|cell|phone|ph|fax|tel|text|number|num|no"
        r"|pager|line|vm|home|work|mobile|po|p\.o\.|order|invoice|inv|ticket|tkt|incident|req|wo"
        r"|item|sku|model|part|lot|batch|version|build|room|rm|ext))[ ]{0,2})\#[ ]?"
        r"|(?<=(?i:\brecord|\bchart)[ ]+))"
        r"\d{6,10}\b(?![.,/-]?\d)",
        0.8,
    ),
    (
        # "merge 00482213 and 00482231": seven to ten digits led by a zero are a record's (no
        # US phone number starts with 0).
        "number led by zero",
        r"(?<![\d.,:/$#-])(?<!(?i:\b(?:po|p\.o\.|order|invoice|inv|ticket|tkt|incident|req|wo|item"
        r"|sku|model|part|lot|batch|payment|ref|tracking|confirmation|conf)[ ]*\#?[ ]*))"
        r"\b0\d{6,9}\b(?![.,:/-]?\d)",
        0.6,
    ),
    (
        # "#CLM7730019", "ENC-55102938": letters of a record's kind, then six digits or more.
        "prefixed record number",
        r"(?<![\w-])(?:(?<=\#)[A-Z]{2,5}|(?:CLM|ACCT|ACC|MRN|ENC|CSN|FIN|HAR|AUTH|REF|MBR|MEM|POL|INV)"
        r"(?=-?\d))-?\d{6,}\b",
        0.85,
    ),
    (
        # "pt K4402913", "patient 4402913": a number of five digits or more right after the
        # patient is that patient's record number, with or without a letter in front.
        "number right after pt or patient",
        rf"(?=(?:[A-Z]{{1,4}}-?)?\d)(?<=(?i:\b(?:pt|patient))[ \t]+){_ID_NUMBER}",
        0.85,
    ),
]
# A run of six to ten digits with no label is a record number when a patient's name stands in
# the same sentence ("okafor 4455123 needs a new PA"): the detector keeps it only then (entity
# NUMBER_BESIDE_NAME).
BESIDE_NAME_NUMBER_PATTERNS = [
    (
        "number in a sentence with a name",
        r"(?<![\d$€£.,#/:-])\b\d{6,10}\b(?![.,:/-]?\d)"
        r"(?![ ]*(?i:%|percent|pts|patients|members|people|lives|claims|steps|units|mg|mcg|ml"
        r"|dollars|usd|k\b|min|mins|minutes|hours|hrs|days|msgs|messages|clicks|orders|faxes|pages"
        r"|calls|notes|forms|refills|requests|visits|encounters|charts|tickets|times))",
        0.5,
    ),
]
MBI_PATTERNS = [
    (
        "Medicare MBI",
        rf"\b[1-9]{_MBI_LETTER}(?:{_MBI_LETTER}|\d)\d-?{_MBI_LETTER}(?:{_MBI_LETTER}|\d)\d-?"
        rf"{_MBI_LETTER}{{2}}\d{{2}}\b",
        0.85,
    ),
]

# ----------------------------------------------------------------------------- phones
_PHONE_CUE = (
    r"(?i:\b[chwm]:|\b(?:cb|c/b|call(?:[ ]?back)?|callback|cell|cel|phone|ph|tel|text|txt|mobile|mob|reach"
    r"|ring|voicemail|vm|number|home|work|pager|fax|contact|landline|daughter|son|wife|husband"
    r"|mom|dad|mother|father|sister|brother|caregiver|niece|nephew)\b|\#)"
)
_LOCAL_NUMBER = r"(?<![\d$.#/-])\b[2-9]\d{2}[-. ]\d{4}\b(?![-./]?\d)"
_NOT_PHONE_AFTER = (
    r"(?![ ]*(?i:(?:mg|mcg|g|ml|units?|u|kcal|cal|steps|ms|mmol|msgs?|messages|pts|patients"
    r"|calls|pages|faxes|per)\b|%|/))"
)
LOCAL_PHONE_PATTERNS = [
    (
        "local number after a phone word",
        rf"(?=[2-9]\d{{2}}[-. ]\d)(?<={_PHONE_CUE}[^\d\n]{{0,20}}){_LOCAL_NUMBER}{_NOT_PHONE_AFTER}",
        0.6,
    ),
    (
        "local number before a phone word",
        rf"(?=[2-9]\d{{2}}[-. ]\d){_LOCAL_NUMBER}"
        r"(?=[ ]*\(?(?i:cell|home|work|mobile|landline|c|h|w|m)\)?(?![\w/-]))",
        0.6,
    ),
    (
        "local number after at",
        rf"(?=[2-9]\d{{2}}[-. ]\d)(?<=(?i:\bat|@)[ \t]*){_LOCAL_NUMBER}{_NOT_PHONE_AFTER}",
        0.6,
    ),
]
# Seven bare digits after a phone word ("cell 5550142"): libphonenumber cannot validate a
# number without its area code, so the detector keeps these as they are (LOCAL_PHONE_CUED).
CUED_DIGITS_PHONE_PATTERNS = [
    (
        "local number without a separator after a phone word",
        r"(?=[2-9]\d{6}\b)(?<=(?i:\b(?:cb|c/b|cell|ph|phone|tel|mobile|call)\b)[ \t]*[:#]?[ \t]*)"
        rf"[2-9]\d{{6}}\b(?![-./]?\d){_NOT_PHONE_AFTER}",
        0.6,
    ),
]
# A local number with nothing before it is a phone number only beside another identifier
# ("mrs zhang 555-0172"): the detector keeps it then (entity LOCAL_PHONE_BESIDE).
BARE_LOCAL_PHONE_PATTERNS = [
    (
        "bare local number",
        rf"(?<![\d$.#/-])\b[2-9]\d{{2}}[-.]\d{{4}}\b(?![-./]?\d){_NOT_PHONE_AFTER}",
        0.5,
    ),
]

# ----------------------------------------------------------------------------- e-mail
_TLD = r"(?:com|org|net|edu|gov|us|io|co|uk|ca|info|biz|me)"
_SPELLED_AT = r"(?:[ ]*[(\[{][ ]*at[ ]*[)\]}][ ]*|[ ]+at[ ]+)"
_SPELLED_DOT = r"(?:[ ]*[(\[{][ ]*dot[ ]*[)\]}][ ]*|[ ]+dot[ ]+)"
_MAIL_PROVIDER = r"(?:gmail|yahoo|hotmail|outlook|aol|icloud|comcast|msn|live|proton(?:mail)?)"
SPELLED_EMAIL_PATTERNS = [
    (
        # "jane.doe AT gmail.com", "mary dot k at yahoo dot com", "jdoe@gmail": at a known
        # mail provider, spelled or not, with or without its ".com".
        "e-mail address at a mail provider",
        rf"\b[a-z0-9][a-z0-9._+-]{{0,63}}(?:{_SPELLED_DOT}[a-z0-9]+)*(?:{_SPELLED_AT}{_MAIL_PROVIDER}"
        rf"(?:{_SPELLED_DOT}|\.){_TLD}|[ ]*@[ ]*{_MAIL_PROVIDER}(?:(?:{_SPELLED_DOT}|\.){_TLD})?)\b",
        0.8,
    ),
    (
        "e-mail address spelled out",
        rf"\b[a-z0-9][a-z0-9._+-]{{0,63}}(?:{_SPELLED_AT}|[ ]*@[ ]*)[a-z0-9-]+"
        rf"(?:(?:{_SPELLED_DOT}|\.)[a-z0-9-]+)*?{_SPELLED_DOT}{_TLD}\b",
        0.8,
    ),
    (
        "e-mail address with at in brackets",
        rf"\b[a-z0-9][a-z0-9._+-]{{0,63}}[ ]*[(\[{{][ ]*at[ ]*[)\]}}][ ]*[a-z0-9-]+(?:\.[a-z0-9-]+)*\.{_TLD}\b",
        0.8,
    ),
    (
        "e-mail address at a mail provider after e-mail",
        rf"(?=[a-z0-9._+-]{{1,64}}[ ]+at[ ]+{_MAIL_PROVIDER})(?<=\be-?mail\b[^\n]{{0,20}})\b[a-z0-9][a-z0-9._+-]{{0,63}}[ ]+at[ ]+{_MAIL_PROVIDER}"
        rf"(?:(?:{_SPELLED_DOT}|\.){_TLD})?\b",
        0.8,
    ),
]

# --------------------------------------------------------------------------- addresses
_DIRECTIONAL = r"(?:n|s|e|w|ne|nw|se|sw|north|south|east|west)\.?"
_ORDINAL = r"\d{1,3}(?:st|nd|rd|th)"
_STREET_UNIT = r"(?:,?[ ]+(?:apt|apartment|unit|suite|ste|\#)\.?[ ]*\#?[ ]*[a-z0-9-]+)"
_STATES = (
    r"al|ak|az|ar|ca|co|ct|de|dc|fl|ga|hi|id|il|in|ia|ks|ky|la|me|md|ma|mi|mn|ms|mo|mt|ne|nv"
    r"|nh|nj|nm|ny|nc|nd|oh|ok|or|pa|ri|sc|sd|tn|tx|ut|vt|va|wa|wv|wi|wy|pr"
)
_NOT_ZIP_AFTER = (
    r"(?![ ]*(?:%|msgs?|messages|pts|patients|steps|units|mg|calls|pages|faxes|people|k\b|/))"
)
STREET_SHORTHAND_PATTERNS = [
    (
        "street with a directional",
        rf"\b\d{{1,6}}[a-z]?[ ]+{_DIRECTIONAL}[ ]+(?:(?:{_ORDINAL}|[a-z][a-z'.-]*)[ ]+){{1,3}}"
        rf"{_LOWER_SUFFIX}\b\.?{_STREET_UNIT}?",
        0.75,
    ),
    (
        # "3021 w. belmont": a house number, a direction and a street name with no suffix.
        "house number, direction and street",
        r"\b(?:\d{3,6}[ ]+(?:[nsew]\.|north|south|east|west)|\d{2,6}[ ]+(?:[ne]\.?|w\.))[ ]+"
        r"(?!(?:of|side|wing|tower|campus|building|bldg|unit|floor|entrance|lot|door|hall|pod"
        r"|clinic|parking|garage|lobby)\b)[a-z][a-z'-]{2,}\b"
        r"(?![ ]+(?:of|side|wing|tower|campus|building|bldg|unit|floor|entrance|lot|door)\b)",
        0.7,
    ),
    (
        # "lot 44, sunnybrook mobile home park": a home in a park, by its lot.
        "lot in a mobile home park",
        r"\b(?:lot|space|site|unit)[ ]*\#?[ ]*\d{1,4},?[ ]+(?:[a-z'-]+[ ]+){0,3}"
        r"(?:mobile[ ]+home|trailer|manufactured[ ]+home|rv)[ ]+(?:park|court|community|estates|village)\b",
        0.75,
    ),
    (
        "numbered street",
        rf"\b\d{{1,6}}[a-z]?[ ]+{_ORDINAL}[ ]+{_LOWER_SUFFIX}\b\.?{_STREET_UNIT}?",
        0.75,
    ),
    (
        "rural route",
        r"\b(?:rural[ ]+route|r\.?[ ]?r\.?|rte?\.?|route|hc|highway[ ]+contract)[ ]*\#?[ ]*\d{1,4}"
        r"[ ,]+(?:p\.?o\.?[ ]+)?box[ ]*\#?[ ]*\d{1,5}\b",
        0.8,
    ),
    (
        "ZIP code where a patient lives",
        r"(?=\d{5})(?<=\b(?:pt|patient|lives|living|lived|resides|residing|moved|moving|home|family)"
        r"(?:[ ]+(?:in|at|to|near))?[ ]+)\d{5}(?:-\d{4})?\b" + _NOT_ZIP_AFTER,
        0.7,
    ),
    ("ZIP code before zip", r"\b\d{5}(?=[ ]+(?:zip|zip[ ]?code|area)\b)", 0.7),
    (
        "city, state and ZIP in lower case",
        rf"\b\p{{L}}{{2,}}(?:,[ ]*|[ ]+)(?:{_STATES})[ ]+\d{{5}}(?:-\d{{4}})?\b(?!-\d)",
        0.8,
    ),
]

# ------------------------------------------------------------------------------- IPs
# HIPAA lists IP addresses beside web URLs; the detector redacts them as [URL]. A dotted
# version number after "build" or "version" is not one.
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
IP_PATTERNS = [
    (
        "IPv4 address",
        rf"(?=\d{{1,3}}\.\d)(?<![\d.])(?<!(?i:\b(?:v|ver|version|build|release|rev|update|upgrade|patch"
        rf"|firmware|fw|client|app|epic|windows|chrome|ios|android)"
        rf"[ \t.:]*)){_OCTET}(?:\.{_OCTET}){{3}}(?::\d{{1,5}})?(?![\d]|\.\d)",
        0.8,
    ),
    (
        "IPv6 address",
        r"(?<![\w:])(?=[\d:]*[a-f])(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}"
        r"|(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})(?![\w:])",
        0.8,
    ),
]

# ------------------------------------------------------------------------------ names
# A title before an initial and a surname ("mrs k. delacroix", "Dr J. Obi"), or before a
# surname with letters outside ASCII ("mr wiśniewski"), in any case.
_NAME_TITLE = r"(?<![/\w])(?i:mrs?|ms|mx|miss|mister|dr|prof)\.?[ ]+"
_PARTICLE = r"(?i:(?:de[ ]la|del|de|la|van|von|der|da|di|le|st\.?)[ ]+)"
_SURNAME_ANY_CASE = r"(?i:(?:o['’]|mc|mac|d['’])?\p{L}{2,}(?:-\p{L}+)?)"
TITLE_SHORTHAND_PATTERNS = [
    (
        "title, initial and surname",
        rf"{_NAME_TITLE}\p{{L}}\.[ ]*{_PARTICLE}?{_SURNAME_ANY_CASE}(?![\w-])",
        0.8,
    ),
    (
        "title and a surname outside ASCII",
        rf"{_NAME_TITLE}(?!(?i:dr|md)\b){_PARTICLE}?(?=[\p{{L}}'’-]*[^\x00-\x7f])"
        rf"{_SURNAME_ANY_CASE}(?![\w-])",
        0.8,
    ),
]
