"""The playbook in its own Chroma collection, re-indexed whenever the knowledge files change."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from bot.domain.memory import SearchFilters, SearchHit
from bot.knowledge import ANY_SETTING, SETTINGS, KnowledgeBase, PlaybookEntry
from bot.vectors.connection import ChromaConnection, similarity
from bot.vectors.filters import where

log = logging.getLogger(__name__)

COLLECTION = "unburden-playbook"
FINGERPRINT_KEY = "fingerprint"


def _setting_key(setting: str) -> str:
    """A boolean metadata key per setting, since an entry serves several settings."""
    return f"setting_{setting}"


def _metadata(entry: PlaybookEntry) -> dict[str, Any]:
    """What a playbook entry carries in Chroma, enough to render a hit without the YAML."""
    flags = {_setting_key(s): True for s in entry.settings}
    return {
        "kind": "playbook",
        "entry_id": entry.id,
        "title": entry.title,
        "question": entry.question,
        "settings": ",".join(entry.settings),
        **flags,
    }


class PlaybookIndex:
    """Semantic access to the playbook; the knowledge files stay the source of truth."""

    def __init__(self, connection: ChromaConnection, knowledge_dir: Path | None) -> None:
        self._connection = connection
        self._knowledge_dir = knowledge_dir
        self._knowledge: KnowledgeBase | None = None
        self._synced_fingerprint: str | None = None
        self._lock = threading.Lock()

    @property
    def knowledge(self) -> KnowledgeBase:
        """The knowledge base, read from its files on first use."""
        if self._knowledge is None:
            self._knowledge = KnowledgeBase.load(self._knowledge_dir)
        return self._knowledge

    def ensure_indexed(self) -> bool:
        """Index the playbook if the collection's fingerprint differs from the files'; True if it did."""
        fingerprint = self.knowledge.fingerprint()
        if self._synced_fingerprint == fingerprint:
            return False
        with self._lock:
            if self._synced_fingerprint == fingerprint:
                return False
            stored = self._connection.collection_metadata(COLLECTION).get(FINGERPRINT_KEY)
            reindexed = stored != fingerprint
            if reindexed:
                self._reindex(fingerprint)
            self._synced_fingerprint = fingerprint
            return reindexed

    def _reindex(self, fingerprint: str) -> None:
        """Replace every entry, then record the fingerprint last so a crash means a redo."""
        store = self._connection.store(COLLECTION)
        entries = self.knowledge.entries()
        with self._connection.guard("reindex playbook"):
            existing = store.get(include=[])["ids"]
            if existing:
                store.delete(ids=list(existing))
            store.add_texts(
                [entry.as_text() for entry in entries],
                metadatas=[_metadata(entry) for entry in entries],
                ids=[f"playbook:{entry.id}" for entry in entries],
            )
        self._connection.set_collection_metadata(COLLECTION, {FINGERPRINT_KEY: fingerprint})
        log.info("playbook indexed: %d entries", len(entries))

    def search(self, vector: list[float], filters: SearchFilters, k: int) -> list[SearchHit]:
        """Playbook entries nearest to the query vector, within the filters' question and setting."""
        if filters.status:
            return []  # a playbook entry has no status: a status filter asks for experiments only
        self.ensure_indexed()
        conditions: list[dict[str, Any]] = []
        if filters.question:
            conditions.append({"question": filters.question})
        if filters.setting:
            conditions.append(
                {
                    "$or": [
                        {_setting_key(filters.setting): True},
                        {_setting_key(ANY_SETTING): True},
                    ]
                }
            )
        store = self._connection.store(COLLECTION)
        with self._connection.guard("search playbook"):
            found = store.similarity_search_by_vector_with_relevance_scores(
                vector, k=k, filter=where(conditions) if conditions else None
            )
        return [
            SearchHit(
                kind="playbook",
                text=doc.page_content,
                question=str(doc.metadata["question"]),
                score=similarity(distance),
                entry_id=str(doc.metadata["entry_id"]),
                title=str(doc.metadata["title"]),
                settings=tuple(str(doc.metadata.get("settings", "")).split(",")),
            )
            for doc, distance in found
        ]

    def examples(
        self, question: str, setting: str, vector: list[float] | None, k: int
    ) -> list[PlaybookEntry]:
        """Entries for a meeting prompt: nearest to `vector` when given, else the file's order."""
        fallback = self.knowledge.entries_for(question, setting)[:k]
        if vector is None:
            return fallback
        key = setting if setting in SETTINGS else None
        hits = self.search(vector, SearchFilters(question=question, setting=key), k)
        by_id = {entry.id: entry for entry in self.knowledge.entries()}
        chosen = [by_id[hit.entry_id] for hit in hits if hit.entry_id in by_id]
        return chosen or fallback
