"""Reading the value and the date a member types after `log`, and naming what is wrong with them.

A value is refused rather than guessed when a reading could be off by a factor of a thousand:
`2.500` may be 2500 written with a dot for thousands, or 2.5; `2,5` may be 2.5 written with a
decimal comma. `1,500` is fifteen hundred (a comma before three digits groups thousands, as
clinicians in English-speaking services write it).

Dates are ISO 8601 (YYYY-MM-DD), plus `today` and `yesterday`; anything else is read with
python-dateutil only to offer the reading back ("did you mean 2026-11-28?"), never stored as
guessed, because 03/04 is 4 March in one country and 3 April in another.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from dateutil import parser as date_parser

# A number as a member types it, before any unit word: "12", "-3", "12.5", ".5", "1,500",
# "2,5", "2.500", "1.500.000".
NUMBER_TOKEN = re.compile(r"[-+]?(?:\d[\d.,]*|\.\d+)")
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN = re.compile(r"[-+]?(?:\d+(?:\.\d+)?|\.\d+)")
# A dot before exactly three digits, with no leading zero: thousands in much of Europe.
_DOT_THOUSANDS = re.compile(r"[-+]?[1-9]\d{0,2}(?:\.\d{3})+")
_DECIMAL_COMMA = re.compile(r"[-+]?\d+,\d+")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_RELATIVE_DAYS = {"today": 0, "yesterday": 1}


class LogTextProblem(ValueError):
    """What a member typed cannot be read safely; `message` says why and what to type."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def looks_like_number(word: str) -> bool:
    """Whether a typed word is meant as a number, even one too ambiguous to read ("2,5")."""
    return NUMBER_TOKEN.fullmatch(word.strip()) is not None


def read_number(text: str) -> float:
    """The number a member typed: "12.5", "1,500" (1500), "-3".

    Raises LogTextProblem for "2.500" and "1.500.000" (thousands or a decimal?), "2,5"
    (a decimal comma) and anything that is not a number at all."""
    word = text.strip()
    if _PLAIN.fullmatch(word) and not _DOT_THOUSANDS.fullmatch(word):
        return float(word)
    if _THOUSANDS.fullmatch(word):
        return float(word.replace(",", ""))
    if _DOT_THOUSANDS.fullmatch(word):
        grouped = word.replace(".", "")
        decimal = word.split(".", 1)[0] + "." + word.split(".", 1)[1].replace(".", "")
        raise LogTextProblem(
            f"`{word}` could be {_shown(grouped)} or {_shown(decimal)}: "
            f"did you mean {_shown(grouped)} or {_shown(decimal)}? Type it without the dot "
            f"for thousands, e.g. `{_shown(grouped)}`, or with fewer decimals."
        )
    if _DECIMAL_COMMA.fullmatch(word):
        decimal = word.replace(",", ".")
        grouped = word.replace(",", "")
        raise LogTextProblem(
            f"`{word}` has a decimal comma: did you mean {_shown(decimal)}? "
            f"Type `{_shown(decimal)}` (or `{_shown(grouped)}` if you meant {_shown(grouped)})."
        )
    raise LogTextProblem(f"`{word[:20]}` is not a number.")


def number_problem(text: str) -> str | None:
    """Why the number at the start of a typed value cannot be read, or None when it can."""
    word = NUMBER_TOKEN.match(text.strip())
    if word is None:
        return None
    try:
        read_number(word.group())
    except LogTextProblem as problem:
        return problem.message
    return None


def read_day(text: str, today: date) -> date:
    """The day a value was measured: `2026-11-28`, `today` or `yesterday`.

    Raises LogTextProblem naming the problem: a date that does not exist ("there is no
    30 February"), a date in another format (with the reading offered when only one reading
    makes sense), or words that are not a date."""
    word = text.strip().lower()
    if word in _RELATIVE_DAYS:
        return today - timedelta(days=_RELATIVE_DAYS[word])
    iso = _ISO_DAY.fullmatch(word)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        return _calendar_day(year, month, day, typed=text.strip())
    readings = _readings(word, today)
    if len(readings) == 1:
        (reading,) = readings
        raise LogTextProblem(
            f"Dates are typed YYYY-MM-DD: did you mean {reading.isoformat()}? "
            f"Type `on {reading.isoformat()}`."
        )
    if len(readings) > 1:
        shown = " or ".join(f"{d.day} {calendar.month_name[d.month]}" for d in sorted(readings))
        raise LogTextProblem(
            f"`{text.strip()[:20]}` could be {shown}. Type the date as YYYY-MM-DD, "
            f"e.g. `on {min(readings).isoformat()}`."
        )
    raise LogTextProblem(
        f"`{text.strip()[:20]}` is not a date I can read. Type it as YYYY-MM-DD "
        f"(e.g. `on {today.isoformat()}`), or `on today` or `on yesterday`."
    )


def _calendar_day(year: int, month: int, day: int, typed: str) -> date:
    """The date, or the reason it does not exist ("there is no 30 February")."""
    if not 1 <= month <= 12:
        raise LogTextProblem(f"`{typed}` has month {month}: there are 12 months. Use YYYY-MM-DD.")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise LogTextProblem(
            f"There is no {day} {calendar.month_name[month]} {year} "
            f"({calendar.month_name[month]} has {last} days that year)."
        )
    return date(year, month, day)


def _readings(word: str, today: date) -> set[date]:
    """Every date dateutil reads the words as, month first and day first; a date without a
    year is in the last twelve months, since a value is measured up to today."""
    found: set[date] = set()
    default = datetime(today.year, 1, 1)
    for dayfirst in (False, True):
        try:
            parsed = date_parser.parse(word, dayfirst=dayfirst, default=default).date()
        except (ValueError, OverflowError):
            continue
        if not re.search(r"\d{4}", word) and parsed > today:
            parsed = parsed.replace(year=parsed.year - 1)
        found.add(parsed)
    return found if re.search(r"\d", word) else set()


def _shown(number: str) -> str:
    """A number as read, without trailing zeros: "2.500" is shown "2.5"."""
    return f"{float(number):.12g}"
