"""The fake identifier set (name, MRN, DOB, phone, email, address, SSN, NPI) planted in free
text, and a search for any piece of it.

Every value is invented. The pieces searched for are each identifier's distinctive part, so a
half-redacted identifier ("Mrs. [NAME] Fuentes", "773-555-[PHONE]") still counts as a leak.
"""

from __future__ import annotations

FAKE_SET = (
    "Mrs. Odalys Fuentes, MRN 66120934, DOB 08/17/1959, 773-555-0102, ofuentes@gmail.com, "
    "410 Pine Street, SSN 219-09-9991, NPI 1234567893"
)
# Short enough for a 120-character column such as a group's clinical setting.
SHORT_SET = "Mrs. Odalys Fuentes 773-555-0102"
PIECES = (
    "Odalys",
    "Fuentes",
    "66120934",
    "08/17/1959",
    "555-0102",
    "ofuentes",
    "410 Pine",
    "219-09-9991",
    "1234567893",
)


def leaks(text: str) -> list[str]:
    """The planted pieces found in the text (an empty list when none leaked)."""
    return [piece for piece in PIECES if piece in text]


def planted(text: str) -> str:
    """A clinician's sentence with the fake set in it."""
    return f"{text} for {FAKE_SET}"
