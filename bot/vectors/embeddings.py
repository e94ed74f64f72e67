"""Sentence embeddings offline: all-MiniLM-L6-v2 as int8 ONNX, run by ONNX Runtime on CPU.

The model file and its tokenizer ship inside this package (`bot/vectors/model/`, made from the
published weights by `tools/export_embedding_model.py`, provenance and SHA-256 in
`PROVENANCE.json`), so nothing is downloaded at run time and no PyTorch is needed. Mean pooling
and L2 normalisation are inside the graph. The session is loaded lazily, once per process.

Settings measured on a 2-core host: the shipped tokenizer.json pads and truncates every text to
128 tokens, so it is overridden (truncate at 256 like sentence-transformers, pad to the longest
in a batch); ONNX Runtime's CPU memory arena kept the largest batch's buffers (RSS 1.2 GB at
batch 64), so it is off and texts go in batches of 16, sorted by length; one intra-op thread,
since a short sentence gains nothing from more and a busy host loses a lot."""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from langchain_core.embeddings import Embeddings

if TYPE_CHECKING:
    import onnxruntime
    from tokenizers import Tokenizer

log = logging.getLogger(__name__)

DIMENSIONS = 384
MODEL_NAME = "all-MiniLM-L6-v2"
MODEL_FILE = "all-MiniLM-L6-v2.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
# The model was trained on 256 word pieces, as sentence-transformers truncates it.
MAX_TOKENS = 256
BATCH_SIZE = 16
INTRA_OP_THREADS = 1


def model_path() -> str:
    """The folder holding the bundled model and tokenizer files."""
    return str(Path(__file__).resolve().parent / "model")


class OnnxSentenceEncoder:
    """One ONNX Runtime session and tokenizer: texts in, unit-length float32 vectors out."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.enable_cpu_mem_arena = False
        options.intra_op_num_threads = INTRA_OP_THREADS
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3  # warnings about unused initialisers are noise here
        # The file stores int8 weights behind DequantizeLinear nodes; this lets ONNX Runtime fold
        # them to float32 once at load, so a query runs at float32 speed (117 ms -> 26 ms).
        options.add_session_config_entry("session.disable_quant_qdq", "1")
        self.session: onnxruntime.InferenceSession = onnxruntime.InferenceSession(
            str(folder / MODEL_FILE), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer: Tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.tokenizer.no_padding()  # padded per batch below, to that batch's longest text

    def encode(self, texts: list[str]) -> np.ndarray:
        """float32 [len(texts), 384], unit rows, in the order given."""
        encodings = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(order), BATCH_SIZE):
            chosen = order[start : start + BATCH_SIZE]
            width = max(len(encodings[i].ids) for i in chosen)
            ids = np.zeros((len(chosen), width), dtype=np.int64)
            mask = np.zeros((len(chosen), width), dtype=np.int64)
            for row, i in enumerate(chosen):
                tokens = encodings[i].ids
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1
            (vectors,) = self.session.run(
                ["sentence_embedding"], {"input_ids": ids, "attention_mask": mask}
            )
            out[chosen] = vectors
        return out


class SentenceEmbeddings(Embeddings):
    """LangChain embeddings over the bundled ONNX model, normalised for cosine."""

    def __init__(self, path: str | None = None) -> None:
        self._path = path
        self._model: OnnxSentenceEncoder | None = None
        self._fingerprint: str | None = None
        self._lock = threading.Lock()

    @property
    def folder(self) -> Path:
        """Where this object's model and tokenizer files are."""
        return Path(self._path or model_path())

    @property
    def loaded(self) -> bool:
        """Whether the model is already in memory."""
        return self._model is not None

    @property
    def fingerprint(self) -> str:
        """`all-MiniLM-L6-v2/onnx-int8/<first 16 hex of SHA-256 over model, tokenizer, settings>`.

        Vectors made under different fingerprints are not comparable; each Chroma collection
        records the one it was embedded with (see bot.vectors.reembedding).
        """
        if self._fingerprint is None:
            digest = hashlib.sha256()
            for name in (MODEL_FILE, TOKENIZER_FILE):
                digest.update((self.folder / name).read_bytes())
            digest.update(f"max_tokens={MAX_TOKENS};pooling=mean;normalised".encode())
            self._fingerprint = f"{MODEL_NAME}/onnx-int8/{digest.hexdigest()[:16]}"
        return self._fingerprint

    def load(self) -> OnnxSentenceEncoder:
        """The model, loading it on first use; concurrent first callers wait for one load."""
        if self._model is not None:
            return self._model
        with self._lock:
            if self._model is None:
                self._model = OnnxSentenceEncoder(self.folder)
                log.info("embedding model loaded from %s", self.folder)
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Unit-length vectors (384 floats) for many texts, in order."""
        if not texts:
            return []
        return self.load().encode(list(texts)).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        """A unit-length vector (384 floats) for one text."""
        return self.embed_documents([text])[0]


_shared: SentenceEmbeddings | None = None
_shared_lock = threading.Lock()


def shared_embeddings() -> SentenceEmbeddings:
    """The process's one embeddings object, so the model is loaded once however many indexes use it."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = SentenceEmbeddings()
        return _shared
