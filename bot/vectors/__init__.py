"""The vector store: micro-experiments, burdens and the playbook embedded offline, in Chroma."""

from bot.domain.memory import SearchFilters, SearchHit, SimilarExperiment
from bot.vectors.connection import VectorStoreUnavailable
from bot.vectors.index import NEAR_DUPLICATE_SCORE, ExperimentIndex

__all__ = [
    "NEAR_DUPLICATE_SCORE",
    "ExperimentIndex",
    "SearchFilters",
    "SearchHit",
    "SimilarExperiment",
    "VectorStoreUnavailable",
]
