"""Characters nobody sees: format characters (a zero-width space, a soft hyphen) that split an
identifier such as a record number without changing how it looks, so a pattern reading the
raw text misses it.

Two uses: Slack text is stripped of them once on the way in (bot.slack.text), so what is
stored never holds them; and the detector reads text without them (and with every kind of
space as a plain space), so a caller that skipped the edge is safe too."""

from __future__ import annotations

import regex

# Soft hyphen, Mongolian vowel separator, zero-width space, word joiner and the invisible
# operators, byte-order mark, and the bidi embeddings, overrides and isolates.
INVISIBLE = frozenset(
    "\u00ad\u180e\u200b\u2060\u2061\u2062\u2063\u2064\ufeff"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Joiners and direction marks: emoji sequences (a health worker emoji) and scripts such as
# Persian need them between two non-ASCII characters; anywhere else they only hide something.
JOINERS = frozenset("\u200c\u200d\u200e\u200f\u061c")
_UNSEEN = "".join(sorted(INVISIBLE | JOINERS))
_NOT_PLAIN = regex.compile(rf"[{_UNSEEN}]|(?![ ])\p{{Zs}}|[\uff01-\uff5e]")
# Full-width forms ("ＳＳＮ １２３-４５-６７８９", typed with an East Asian keyboard) are read as
# their ASCII letters and digits, one character for one.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_ODD_SPACE = regex.compile(r"(?![ ])\p{Zs}")


def without_invisible(text: str) -> str:
    """The text without invisible format characters; a joiner or direction mark is kept only
    between two non-ASCII characters, where emoji and scripts use it."""
    if not any(char in INVISIBLE or char in JOINERS for char in text):
        return text
    kept: list[str] = []
    for index, char in enumerate(text):
        if char in INVISIBLE:
            continue
        if char in JOINERS and not _between_non_ascii(text, index):
            continue
        kept.append(char)
    return "".join(kept)


def _between_non_ascii(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    return bool(before and after) and not (before.isascii() or after.isascii())


def analysis_view(text: str) -> tuple[str, list[int] | None]:
    """The text as the detector reads it: every invisible character, joiners included, left
    out, every space separator (no-break, narrow, figure space) read as a plain space, and
    full-width letters and digits read as ASCII.

    Returns the view and, when it differs from the text, the index in `text` of each of its
    characters (None when the view is the text itself)."""
    if not _NOT_PLAIN.search(text):
        return text, None
    positions = [i for i, char in enumerate(text) if char not in INVISIBLE and char not in JOINERS]
    view = _ODD_SPACE.sub(" ", "".join(text[i] for i in positions)).translate(_FULL_WIDTH)
    return view, positions
