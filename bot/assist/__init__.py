"""Language-model assistance with patient identifiers kept out, and a deterministic fallback."""

from bot.assist.assistant import Assistant
from bot.assist.models import HypothesisDraft, IdeaDiscussion, SortedIdea, SortedIdeas, StageSummary

__all__ = [
    "Assistant",
    "HypothesisDraft",
    "IdeaDiscussion",
    "SortedIdea",
    "SortedIdeas",
    "StageSummary",
]
