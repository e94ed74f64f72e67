"""Re-embedding: bring collections embedded by another model up to the current one.

Each collection records the fingerprint of the model that embedded it (metadata key
MODEL_KEY, set when the collection is created). On start, `scan` lists the collections whose
fingerprint differs (or is missing: written before fingerprints existed) and `run` re-embeds
each from the documents Chroma already holds, page by page, replacing vectors only: ids,
documents and metadata stay, so no idea is lost and nothing needs the SQL store. The
fingerprint is written last, so a crash or outage part-way means the next start redoes it.

Safe across replicas: embedding is deterministic, so two replicas re-embedding the same
collection at once write the same vectors, and one that starts after the other finished sees
the new fingerprint and skips it. While a collection is stale, `catching_up` says so and
`find` and similar-idea answers tell the group."""

from __future__ import annotations

import logging
import threading
import time

from bot.vectors.connection import MODEL_KEY, ChromaConnection, VectorStoreUnavailable
from bot.vectors.embeddings import SentenceEmbeddings

log = logging.getLogger(__name__)

__all__ = ["MODEL_KEY", "Reembedder"]
PAGE = 64


class Reembedder:
    """Finds collections embedded by another model and re-embeds them, logging progress."""

    def __init__(self, connection: ChromaConnection, embeddings: SentenceEmbeddings) -> None:
        self._connection = connection
        self._embeddings = embeddings
        self._stale: set[str] = set()
        self._scanned = False
        self._run_lock = threading.Lock()
        self._state_lock = threading.Lock()

    @property
    def scanned(self) -> bool:
        """Whether `scan` has read every collection's fingerprint since start."""
        return self._scanned

    def catching_up(self, name: str) -> bool:
        """Whether collection `name` still holds vectors of another model."""
        with self._state_lock:
            return name in self._stale

    def scan(self) -> list[str]:
        """Collections whose recorded model differs from the current one; remembered for `run`.

        Raises VectorStoreUnavailable when Chroma does not answer.
        """
        fingerprint = self._embeddings.fingerprint
        stale = [
            name
            for name, metadata in self._connection.collections_metadata().items()
            if metadata.get(MODEL_KEY) != fingerprint
        ]
        with self._state_lock:
            self._stale = set(stale)
            self._scanned = True
        if stale:
            log.info(
                "%d collections were embedded by another model; re-embedding them with %s",
                len(stale),
                fingerprint,
            )
        return sorted(stale)

    def run(self) -> int:
        """Scan if not yet done, then re-embed every stale collection; returns documents done.

        One run at a time per process; raises VectorStoreUnavailable when Chroma goes down
        part-way (what is left stays stale for the next run).
        """
        with self._run_lock:
            if not self._scanned:
                self.scan()
            with self._state_lock:
                waiting = sorted(self._stale)
            done = 0
            for name in waiting:
                done += self.reembed(name)
                with self._state_lock:
                    self._stale.discard(name)
            return done

    def reembed(self, name: str) -> int:
        """Replace every vector of collection `name` with the current model's; returns how many."""
        started = time.monotonic()
        self._embeddings.load()
        total = self._connection.count(name)
        offset = 0
        while True:
            ids, documents = self._connection.page(name, offset, PAGE)
            if not ids:
                break
            vectors = self._embeddings.embed_documents(documents)
            self._connection.replace_vectors(name, ids, vectors)
            offset += len(ids)
            log.info("re-embedding %s: %d of %d documents", name, min(offset, total), total)
        self._connection.merge_collection_metadata(name, {MODEL_KEY: self._embeddings.fingerprint})
        log.info("re-embedded %s: %d documents in %.1f s", name, offset, time.monotonic() - started)
        return offset

    def run_quietly(self) -> None:
        """`run` for background threads: an outage is logged and left for the next try."""
        try:
            self.run()
        except VectorStoreUnavailable:
            log.warning("re-embedding paused: Chroma unavailable; retried on the next run")
