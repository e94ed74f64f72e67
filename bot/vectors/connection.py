"""The Chroma connection: embedded under the data directory, or a server when CHROMA_URL is set.

Collections are opened lazily and forgotten after any failure, so a Chroma server that went
down and came back is picked up again on the next call, with no restart of the bot."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import chromadb
import filelock
from chromadb.api import ClientAPI
from chromadb.api.client import Client
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from bot.vectors.hnsw_files import wipe_unused_slots

log = logging.getLogger(__name__)

# Every collection compares unit-length vectors by angle, and writes its vector index to disk
# after every write. Chroma keeps each write (text included) in its log until the vector index
# holding it is on disk (by default every 1000 records), so a document updated or deleted since
# would stay readable in chroma.sqlite3; written at once, the log is purged as writes go.
SYNC_THRESHOLD = 1
COSINE = {"hnsw": {"space": "cosine", "sync_threshold": SYNC_THRESHOLD}}
# `chroma vacuum` on a store of a few thousand documents takes a few seconds.
VACUUM_TIMEOUT_SECONDS = 120
# Collection metadata naming the model that embedded it (see bot.vectors.reembedding).
MODEL_KEY = "embedding_model"


class VectorStoreUnavailable(RuntimeError):
    """Chroma cannot be reached (server down, embedded store unreadable); try again later."""


class ChromaDirectoryInUse(RuntimeError):
    """Another process holds the embedded Chroma directory; its message is one line to act on."""


# Embedded Chroma directories this process holds, with their locks: held until the process ends.
_HELD: dict[Path, filelock.BaseFileLock] = {}
_HELD_LOCK = threading.Lock()


def hold_directory(path: Path) -> None:
    """Lock `path` for this process's lifetime; raises ChromaDirectoryInUse when another holds it.

    An embedded Chroma is not safe to share between processes: a second one silently reads and
    writes its own cached copy. Within one process the directory is shared, so a second claim
    from the same process is a no-op."""
    path = path.resolve()
    with _HELD_LOCK:
        if path in _HELD:
            return
        path.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(path / "unburden.lock")
        try:
            lock.acquire(timeout=0)
        except filelock.Timeout:
            raise ChromaDirectoryInUse(
                f"another process is using the embedded Chroma in {path}: run one process per "
                "UNBURDEN_DATA_DIR, or set CHROMA_URL to a Chroma server that every process shares."
            ) from None
        _HELD[path] = lock


def release_directory(path: Path) -> None:
    """Give up this process's claim on `path` (its services closed); a no-op when not held."""
    with _HELD_LOCK:
        lock = _HELD.pop(path.resolve(), None)
    if lock is not None:
        lock.release()


def similarity(distance: float) -> float:
    """Cosine similarity in 0..1 from Chroma's cosine distance (1 - cos), clamped for rounding."""
    return max(0.0, min(1.0, 1.0 - distance))


def embedded_directory(chroma_url: str | None, data_dir: Path) -> Path | None:
    """Where the embedded Chroma keeps its files; None when a Chroma server at CHROMA_URL does."""
    return None if chroma_url else Path(data_dir) / "chroma"


def client_factory(
    chroma_url: str | None, data_dir: Path, claim_at_once: bool = True
) -> Callable[[], ClientAPI]:
    """How to open the Chroma client the settings ask for, without opening it yet.

    An embedded directory is claimed for this process at once (ChromaDirectoryInUse when another
    process holds it), so a second `serve` on it refuses to start. With `claim_at_once=False`
    (commands that rarely touch vectors, such as `unburden report`) it is claimed on first use,
    so they run beside `serve` and fail only if they do open the vector store."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if chroma_url:
        url = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
        ssl = url.scheme == "https"
        host = url.hostname or "localhost"
        port = url.port or (443 if ssl else 8000)

        def http_client() -> ClientAPI:
            return chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=chroma_settings)

        return http_client
    path = Path(data_dir) / "chroma"
    if claim_at_once:
        hold_directory(path)

    def embedded_client() -> ClientAPI:
        hold_directory(path)  # a no-op once this process holds it
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)

    return embedded_client


class ChromaConnection:
    """One Chroma client and the LangChain stores over its collections, reopened after faults."""

    def __init__(
        self,
        connect: Callable[[], ClientAPI],
        embeddings: Embeddings,
        directory: Path | None = None,
    ) -> None:
        """`directory` is the embedded Chroma's, when `connect` opens one (see forget_history)."""
        self._connect = connect
        self._embeddings = embeddings
        self._directory = directory
        self._client: ClientAPI | None = None
        self._stores: dict[str, Chroma] = {}
        self._lock = threading.Lock()

    def store(self, name: str) -> Chroma:
        """The LangChain store over collection `name` (created with cosine space if missing)."""
        with self._lock:
            found = self._stores.get(name)
            if found is not None:
                return found
            # Recorded when the collection is created; Chroma leaves an existing one's alone.
            model = getattr(self._embeddings, "fingerprint", None)
            with self.guard(f"open {name}"):
                store = Chroma(
                    collection_name=name,
                    embedding_function=self._embeddings,
                    client=self._client_locked(),
                    collection_configuration=COSINE,  # type: ignore[arg-type]
                    collection_metadata={MODEL_KEY: model} if model else None,
                    relevance_score_fn=similarity,
                )
            self._stores[name] = store
            return store

    def collection_metadata(self, name: str) -> dict[str, object]:
        """The metadata stored on a collection (the playbook keeps its fingerprint there)."""
        self.store(name)
        with self.guard(f"read {name} metadata"):
            return dict(self._client_locked().get_collection(name).metadata or {})

    def set_collection_metadata(self, name: str, metadata: dict[str, str]) -> None:
        """Set these keys of a collection's metadata, keeping the others (the model's, say)."""
        self.merge_collection_metadata(name, metadata)

    def merge_collection_metadata(self, name: str, changes: dict[str, str]) -> None:
        """Set these keys of a collection's metadata, keeping the others."""
        self.store(name)
        with self.guard(f"write {name} metadata"):
            collection = self._open_client().get_collection(name)
            merged = {**(collection.metadata or {}), **changes}
            collection.modify(metadata=merged)  # type: ignore[arg-type]

    def collections_metadata(self) -> dict[str, dict[str, object]]:
        """Every collection's name and metadata."""
        with self.guard("list collections"):
            return {c.name: dict(c.metadata or {}) for c in self._open_client().list_collections()}

    def count(self, name: str) -> int:
        """How many documents collection `name` holds."""
        with self.guard(f"count {name}"):
            return self._open_client().get_collection(name).count()

    def page(self, name: str, offset: int, limit: int) -> tuple[list[str], list[str]]:
        """Ids and documents of one page of collection `name`, in Chroma's stored order."""
        with self.guard(f"read {name}"):
            got = (
                self._open_client()
                .get_collection(name)
                .get(
                    offset=offset,
                    limit=limit,
                    include=["documents"],  # type: ignore[list-item]
                )
            )
        return list(got["ids"]), [text or "" for text in (got["documents"] or [])]

    def replace_vectors(self, name: str, ids: list[str], vectors: list[list[float]]) -> None:
        """Give these documents new vectors, keeping their text and metadata."""
        with self.guard(f"re-embed {name}"):
            self._open_client().get_collection(name).update(
                ids=ids,
                embeddings=vectors,  # type: ignore[arg-type]
            )

    def update_metadata(self, name: str, document_id: str, changes: dict[str, str]) -> None:
        """Merge `changes` into one document's metadata, keeping its vector."""
        self.store(name)
        with self.guard(f"update {name}"):
            collection = self._client_locked().get_collection(name)
            collection.update(ids=[document_id], metadatas=[changes])  # type: ignore[list-item]

    def forget_history(self) -> bool:
        """Remove from disk the old versions of documents that were updated or deleted.

        Chroma keeps every write in its log (the `embeddings_queue` table) until the vector
        index holding it is on disk, and SQLite keeps deleted bytes in its pages until vacuumed.
        This sets every collection to write its index at once (SYNC_THRESHOLD), reopens the
        client so that takes effect, writes each collection once so Chroma purges its log, then
        runs Chroma's own `chroma vacuum`. Embedded Chroma only: returns False for a server, whose
        operator vacuums it. Raises VectorStoreUnavailable when any step fails."""
        if self._directory is None:
            return False
        with self._lock, self.guard("forget history"):
            for collection in self._client_locked().list_collections():
                hnsw = (collection.configuration or {}).get("hnsw") or {}
                if hnsw.get("sync_threshold") != SYNC_THRESHOLD:
                    collection.modify(configuration={"hnsw": {"sync_threshold": SYNC_THRESHOLD}})
            self._close_locked()  # the vector segments read their configuration when opened
            for collection in self._client_locked().list_collections():
                # Rewriting one record unchanged persists the index, and Chroma purges its log.
                first = collection.get(limit=1, include=["metadatas"])  # type: ignore[list-item]
                if first["ids"]:
                    collection.update(ids=first["ids"], metadatas=first["metadatas"])
            self._vacuum(self._directory)
            self._close_locked()  # reopened on the next call, from the wiped files
            wipe_unused_slots(self._directory)
        return True

    def close(self) -> None:
        """Close the client and give up the embedded directory (the process's services are
        closing): its files and lock are released, so another process may open it."""
        with self._lock:
            self._close_locked()
        if self._directory is not None:
            release_directory(self._directory)

    def _close_locked(self) -> None:
        """Close the client (releasing its files) and forget it and its stores."""
        if isinstance(self._client, Client):
            self._client.close()
        self._client = None
        self._stores.clear()

    @staticmethod
    def _vacuum(directory: Path) -> None:
        """`chroma vacuum` on the directory: purges the log and rewrites chroma.sqlite3 without
        the free space that still holds deleted text."""
        # The `chroma` command of the installed chromadb, whether or not its script is on PATH.
        chroma = [sys.executable, "-c", "from chromadb.cli.cli import app; app()"]
        command = [*chroma, "vacuum", "--path", str(directory), "--force"]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=VACUUM_TIMEOUT_SECONDS, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"chroma vacuum exited with {done.returncode}")

    def ping(self) -> bool:
        """Whether Chroma answers a heartbeat."""
        try:
            with self.guard("heartbeat"):
                self._open_client().heartbeat()
            return True
        except VectorStoreUnavailable:
            return False

    def _open_client(self) -> ClientAPI:
        """The client, opened under the lock: two threads opening it at once break chromadb."""
        with self._lock:
            return self._client_locked()

    def _client_locked(self) -> ClientAPI:
        if self._client is None:
            self._client = self._connect()
        return self._client

    @contextmanager
    def guard(self, doing: str) -> Iterator[None]:
        """Turn any Chroma failure into VectorStoreUnavailable and forget the stale client."""
        try:
            yield
        except VectorStoreUnavailable:
            raise
        except Exception as error:  # noqa: BLE001 - httpx, chromadb and OS errors all mean "down"
            log.warning("Chroma unavailable (%s): %s", doing, type(error).__name__)
            self._client = None
            self._stores.clear()
            raise VectorStoreUnavailable(f"Chroma unavailable ({doing})") from error
