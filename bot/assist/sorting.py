"""Sorting without a model: split a message into ideas and sort each by similarity to the
knowledge base's examples of each question (the playbook's changes and the question guides).

Similarity is a bag-of-words TF-IDF cosine (bot.assist.similarity), not the embedding model:
it costs nothing to start and needs no download. The method's own verbs ("stop", "automate",
"delegate", "outsource", "keep ... sacred") and their plain synonyms weigh in as a cue, since a
member who names the question has already sorted the idea."""

from __future__ import annotations

import re

from bot.assist.models import SortedIdea, SortedIdeas
from bot.assist.similarity import BagOfWords, top_mean
from bot.domain.questions import ORDER, Question
from bot.knowledge import KnowledgeBase

IDEA_QUESTIONS = tuple(q for q in ORDER if q.asks_for_ideas)
MIN_IDEA_WORDS = 4
MIN_SIMILARITY = 0.12
CLEAR_SIMILARITY = 0.3
CUE_WEIGHT = 0.35
_TOP = 3

_ROLES = (
    r"mas?|nurses?|rns?|lpns?|pharmacists?|schedulers?|front desk|care coordinators?|staff|scribes?"
)
_CUES = {
    Question.STOP: r"\b(?:stop\w*|drop\w*|eliminat\w*|get rid of|no longer|scrap\w*|ditch\w*|remov\w*)",
    Question.AUTOMATE: r"\b(?:automat\w*|auto[- ]?(?:fill|populat|generat|renew|refill|send)\w*|"
    r"(?:ehr|system|computer|tool|bot|rule) (?:could|can|should|would))",
    Question.DELEGATE: rf"\b(?:delegat\w*|assign\w*|hand (?:it |this |that )?(?:off|over)|standing orders?|"
    rf"(?:by|under) (?:a )?protocol|(?:{_ROLES}) (?:could|can|should|would|to)\b|"
    rf"(?:have|let|ask) (?:the |our |an? )?(?:{_ROLES})\b)",
    Question.OUTSOURCE: r"\b(?:outsourc\w*|vendors?|central (?:team|pool|office|unit)|third[- ]party|"
    r"contract(?:ed|or|ors)?\b|external (?:service|team|company))",
    Question.KEEP_SACRED: r"\b(?:sacred|protect\w*|must stay|stays? with|keep (?:\w+ )?(?:with|for) "
    r"(?:us|clinicians|doctors|physicians)|never (?:hand|delegat|outsourc)\w*)",
}
_CUE_PATTERNS = {q: re.compile(p, re.IGNORECASE) for q, p in _CUES.items()}
# Words that make a sentence a proposal rather than chat ("thanks", "agreed").
_SUGGESTION = re.compile(
    r"\b(?:could|should|let's|lets|what if|we can|can we|how about|propose|suggest|try|instead)\b",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=\S)")


def split_ideas(text: str) -> list[str]:
    """The separate statements of a message: one per bullet or line, then one per sentence."""
    pieces: list[str] = []
    for line in text.splitlines():
        line = _BULLET.sub("", line).strip()
        if line:
            pieces.extend(p.strip() for p in _SENTENCE_END.split(line) if p.strip())
    return pieces


class QuestionSorter:
    """Sorts a sentence under the question whose knowledge-base examples it most resembles."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        documents: list[str] = []
        owners: list[Question] = []
        for question in IDEA_QUESTIONS:
            guide = knowledge.guide(question)
            for text in (guide.ask, guide.explanation, *guide.prompts):
                documents.append(text)
                owners.append(question)
            for entry in knowledge.entries_for(question):
                documents.append(f"{entry.title}. {entry.change}")
                owners.append(question)
        self._owners = owners
        self._index = BagOfWords(documents)

    def scores(self, sentence: str) -> dict[Question, float]:
        """Each question's score: mean similarity to its closest examples, plus the cue."""
        similarities = self._index.similarities(sentence)
        scores = {}
        for question in IDEA_QUESTIONS:
            mine = (
                s for s, owner in zip(similarities, self._owners, strict=True) if owner == question
            )
            cue = CUE_WEIGHT if _CUE_PATTERNS[question].search(sentence) else 0.0
            scores[question] = top_mean(mine, _TOP) + cue
        return scores

    def sort(self, sentence: str) -> SortedIdea | None:
        """The sentence as an idea under its best question, or None when it is not an idea."""
        if len(sentence.split()) < MIN_IDEA_WORDS:
            return None
        scores = self.scores(sentence)
        best = max(IDEA_QUESTIONS, key=lambda q: scores[q])
        named = any(p.search(sentence) for p in _CUE_PATTERNS.values())
        proposes = bool(_SUGGESTION.search(sentence)) and scores[best] >= MIN_SIMILARITY
        # A burden described without a proposal ("refills pile up") is not yet an idea.
        if not (named or proposes or scores[best] >= CLEAR_SIMILARITY):
            return None
        return SortedIdea(question=best, text=sentence)

    def sort_message(self, text: str) -> SortedIdeas:
        """Every idea of a message, split and sorted."""
        found = (self.sort(piece) for piece in split_ideas(text))
        return SortedIdeas(ideas=[idea for idea in found if idea is not None], source="fallback")
