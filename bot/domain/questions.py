"""The method's fixed order of questions (Runnels & Pronovost 2025): stop, automate, delegate,
outsource, keep sacred, then review."""

from __future__ import annotations

from enum import StrEnum


class Question(StrEnum):
    """One stage of a meeting; the value is what the store and the vector metadata hold."""

    STOP = "stop"
    AUTOMATE = "automate"
    DELEGATE = "delegate"
    OUTSOURCE = "outsource"
    KEEP_SACRED = "keep_sacred"
    REVIEW = "review"

    @property
    def label(self) -> str:
        """The short name a member reads."""
        return _LABELS[self]

    @property
    def asks_for_ideas(self) -> bool:
        """Review collects no new ideas; every other stage does."""
        return self is not Question.REVIEW

    def next(self) -> Question | None:
        """The stage after this one, or None after review."""
        index = ORDER.index(self)
        return ORDER[index + 1] if index + 1 < len(ORDER) else None

    @classmethod
    def parse(cls, text: str) -> Question | None:
        """Read a question from what a member types (`automate`, `keep sacred`, `sacred`...)."""
        key = text.strip().lower().replace("-", " ").replace("_", " ")
        return _ALIASES.get(key)


ORDER: tuple[Question, ...] = (
    Question.STOP,
    Question.AUTOMATE,
    Question.DELEGATE,
    Question.OUTSOURCE,
    Question.KEEP_SACRED,
    Question.REVIEW,
)

_LABELS = {
    Question.STOP: "Stop",
    Question.AUTOMATE: "Automate",
    Question.DELEGATE: "Delegate",
    Question.OUTSOURCE: "Outsource",
    Question.KEEP_SACRED: "Keep sacred",
    Question.REVIEW: "Review",
}

_ALIASES = {
    "stop": Question.STOP,
    "automate": Question.AUTOMATE,
    "delegate": Question.DELEGATE,
    "assign": Question.DELEGATE,
    "outsource": Question.OUTSOURCE,
    "keep sacred": Question.KEEP_SACRED,
    "sacred": Question.KEEP_SACRED,
    "keep": Question.KEEP_SACRED,
    "review": Question.REVIEW,
}
