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


def leaders_template(figures: Figures) -> str:
    """The figures as plain sentences, one per figure, with no wording a model would add."""
    if not figures:
        return "No pilot figures are recorded yet."
    return " ".join(
        f"{name.replace('_', ' ').capitalize()}: {value}." for name, value in figures.items()
    )
