"""`find`: search the workspace's micro-experiments and the playbook by meaning, with filters."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Protocol

from bot.domain.memory import SearchFilters, SearchHit
from bot.domain.models import ExperimentStatus
from bot.domain.questions import Question
from bot.errors import InvalidInput
from bot.knowledge import normalise_setting
from bot.vectors.connection import VectorStoreUnavailable

log = logging.getLogger(__name__)

FILTER_KEYS = ("setting", "question", "status")
# `key:value`, where the value may be quoted to hold spaces: setting:"primary care".
_FILTER = re.compile(r'(?<!\S)([A-Za-z_]+):(?:"([^"]*)"|(\S+))')
MIN_WORDS = 2
RESULTS = 8
# Below this cosine similarity a hit shares little more than the clinic vocabulary.
MIN_SCORE = 0.3
_QUESTIONS = ", ".join(q.value for q in Question if q.asks_for_ideas)
_STATUSES = ", ".join(s.value for s in ExperimentStatus)


class SearchIndex(Protocol):
    """The part of the vector index `find` uses (bot.vectors.index.ExperimentIndex)."""

    def search(
        self, team_id: str, text: str, filters: SearchFilters, k: int = 8
    ) -> list[SearchHit]:
        """Experiments of the workspace and playbook entries nearest to `text`."""

    def catching_up(self, team_id: str) -> bool:
        """Whether the workspace's vectors are still being re-embedded for a new model."""


@dataclass(frozen=True)
class SearchQuery:
    """What a member asked `find`: the words to match by meaning and the filters."""

    text: str
    filters: SearchFilters = field(default_factory=SearchFilters)

    @property
    def described_filters(self) -> list[str]:
        """The filters as the member typed them, for the answer's heading."""
        return [f"{k}:{v}" for k, v in self.filters.model_dump().items() if v is not None]


@dataclass(frozen=True)
class SearchResult:
    """The answer to `find`; `available` False when the vector store is down, `catching_up`
    True while its vectors are re-embedded for a new model (hits may be missing or misranked)."""

    query: SearchQuery
    available: bool
    hits: list[SearchHit] = field(default_factory=list)
    catching_up: bool = False


def parse_query(text: str, command: str = "/unburden") -> SearchQuery:
    """Split `find` text into words and `setting:`/`question:`/`status:` filters, or say what is wrong."""
    values: dict[str, str] = {}
    for match in _FILTER.finditer(text):
        key, value = match.group(1).lower(), (match.group(2) or match.group(3) or "").strip()
        if key not in FILTER_KEYS:
            raise InvalidInput(
                f"I don't know the filter `{key[:30]}:`. Valid filters: `setting:inpatient`, "
                f"`question:automate`, `status:adopted`."
            )
        values[key] = _filter_value(key, value)
    words = " ".join(_FILTER.sub(" ", text).split())
    if len(words.split()) < MIN_WORDS:
        raise InvalidInput(
            "Tell me a little more about the change you are looking for, in a few words: "
            f"`{command} find medical assistants pend refill requests` "
            f"(add `setting:inpatient`, `question:automate` or `status:adopted` to narrow it)."
        )
    return SearchQuery(words, SearchFilters(**values))


def _filter_value(key: str, value: str) -> str:
    """The stored form of a filter's value, or a user error listing the valid ones."""
    if key == "setting":
        setting = normalise_setting(value)
        if not setting:
            raise InvalidInput(
                "Name a clinical setting after `setting:`, e.g. `setting:inpatient`."
            )
        return setting
    if key == "question":
        question = Question.parse(value)
        if question is None or not question.asks_for_ideas:
            raise InvalidInput(f"`question:` takes one of {_QUESTIONS}.")
        return question.value
    status = value.lower().replace(" ", "_").replace("-", "_")
    if status not in {s.value for s in ExperimentStatus}:
        raise InvalidInput(f"`status:` takes one of {_STATUSES}.")
    return status


class SearchService:
    """Finds what any group of the workspace has tried, and what the playbook suggests."""

    def __init__(self, index: SearchIndex, command: str = "/unburden") -> None:
        self._index = index
        self._command = command

    def find(self, team_id: str, text: str) -> SearchResult:
        """Search by meaning; hits too far from the query are left out rather than shown as noise."""
        query = parse_query(text, self._command)
        try:
            hits = self._index.search(team_id, query.text, query.filters, k=RESULTS)
        except VectorStoreUnavailable:
            log.warning("find unavailable: vector store down (team %s)", team_id)
            return SearchResult(query, available=False)
        close = [hit for hit in hits if hit.score >= MIN_SCORE]
        return SearchResult(query, True, close, self._index.catching_up(team_id))
