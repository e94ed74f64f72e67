"""The leaders' paragraph may word the figures, never add one: every number in a text must be
one of the figures given (or appear in their names)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

Figures = Mapping[str, float | int | str]

_NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?")
# Numbers written as words count too; "one" is left out, it is mostly a pronoun.
_NUMBER_WORDS = {
    "zero": 0.0,
    "two": 2.0,
    "three": 3.0,
    "four": 4.0,
    "five": 5.0,
    "six": 6.0,
    "seven": 7.0,
    "eight": 8.0,
    "nine": 9.0,
    "ten": 10.0,
    "eleven": 11.0,
    "twelve": 12.0,
    "thirteen": 13.0,
    "fourteen": 14.0,
    "fifteen": 15.0,
    "sixteen": 16.0,
    "seventeen": 17.0,
    "eighteen": 18.0,
    "nineteen": 19.0,
    "twenty": 20.0,
    "thirty": 30.0,
    "forty": 40.0,
    "fifty": 50.0,
    "dozen": 12.0,
    "hundred": 100.0,
    "thousand": 1000.0,
    "million": 1000000.0,
}
_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)


def numbers_in(text: str) -> list[float]:
    """Every number written in the text, in digits or as a word."""
    found = [float(m.group().replace(",", "")) for m in _NUMBER.finditer(text)]
    found += [_NUMBER_WORDS[m.group().lower()] for m in _WORD.finditer(text)]
    return found


def allowed_numbers(figures: Figures) -> list[float]:
    """The numbers a text about these figures may use."""
    allowed: list[float] = []
    for name, value in figures.items():
        allowed += numbers_in(name.replace("_", " "))
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            allowed.append(float(value))
        else:
            allowed += numbers_in(str(value))
    return allowed


def invented_numbers(text: str, figures: Figures) -> list[float]:
    """The numbers in the text that none of the figures holds (empty when the text is faithful)."""
    allowed = allowed_numbers(figures)
    return [
        number
        for number in numbers_in(text)
        if not any(math.isclose(abs(number), abs(a), rel_tol=1e-9, abs_tol=1e-9) for a in allowed)
    ]


def figures_text(figures: Figures) -> str:
    """The figures one per line as "name: value", for the prompt."""
    return "\n".join(f"{name.replace('_', ' ')}: {value}" for name, value in figures.items())


# How the portfolio's headline figures read in a sentence, in the order a leader asks. A
# "[singular|plural]" right after a count agrees with it; money carries thousands separators,
# as `dollars` writes it everywhere else.
HEADLINE_PHRASES = (
    (
        "groups_active",
        "{groups_active} of {groups_total} [group|groups] active in the last 30 days",
    ),
    (
        "burdens_logged",
        "{burdens_logged} [burden|burdens] logged and {ideas_recorded} [idea|ideas] recorded",
    ),
    ("pilots", "{pilots} [pilot|pilots], {pilots_adopted} adopted"),
    ("hours_reclaimed_per_week", "{hours_reclaimed_per_week} hours a week reclaimed"),
    (
        "cost_avoided_per_year_dollars",
        "${cost_avoided_per_year_dollars:,} a year of staff time avoided",
    ),
    ("pilots_ready_to_scale", "{pilots_ready_to_scale} ready to scale to other groups"),
    (
        "pilots_improved_with_no_other_group_yet",
        "{pilots_improved_with_no_other_group_yet} improved with no other group of their "
        "setting to scale to yet",
    ),
    (
        "ideas_waiting_over_30_days",
        "{ideas_waiting_over_30_days} [idea|ideas] waiting over 30 days",
    ),
    (
        "latest_pulse_burnout_percent",
        "burnout {latest_pulse_burnout_percent}% ({latest_pulse_at_3_or_more} of "
        "{latest_pulse_answers} [pulse answer|pulse answers] at 3 or more)",
    ),
    (
        "missed_opportunities",
        "{missed_opportunities} [missed opportunity|missed opportunities] recorded",
    ),
)
_FIELD = re.compile(r"{(\w+)[^}]*}")
_AGREE = re.compile(r"(?<![\w.])(-?[\d,]+(?:\.\d+)?) \[([^|\]]*)\|([^\]]*)\]")


def agree(text: str) -> str:
    """Choose each "[singular|plural]" by the count just before it: "1 [idea|ideas]" is
    "1 idea", "0 [idea|ideas]" and "2 [idea|ideas]" are "0 ideas" and "2 ideas"."""
    return _AGREE.sub(
        lambda m: f"{m[1]} {m[2] if m[1] == '1' else m[3]}",
        text,
    )


def leaders_template(figures: Figures) -> str:
    """The figures in one plain sentence, every one of them, with no wording a model would add."""
    if not figures:
        return "No pilot figures are recorded yet."
    phrases = dict(HEADLINE_PHRASES)
    parts: list[str] = []
    used: set[str] = set()
    for name, value in figures.items():
        if name in used:
            continue
        phrase = phrases.get(name)
        needed = set(_FIELD.findall(phrase)) if phrase else set()
        if phrase and needed <= figures.keys():
            parts.append(agree(phrase.format(**figures)))
            used |= needed
        else:
            parts.append(f"{name.replace('_', ' ')}: {value}")
            used.add(name)
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."
