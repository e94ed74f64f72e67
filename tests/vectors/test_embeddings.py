"""The bundled ONNX model against vectors of the original PyTorch all-MiniLM-L6-v2.

The reference vectors were made by sentence-transformers on the published float32 weights
(tools/export_embedding_model.py --references), so this checks the int8 file, the tokenizer
settings and the pooling against the model the project used before, not against itself."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from bot.vectors.embeddings import DIMENSIONS, MODEL_FILE, SentenceEmbeddings, model_path

REFERENCES = json.loads((Path(__file__).parent / "reference_vectors.json").read_text())
# Weight-only int8 measured at 0.9963 for the worst text ("ok") and 0.9992 on average.
WORST_COSINE = 0.995
MEAN_COSINE = 0.999


@pytest.fixture(scope="module")
def embeddings() -> SentenceEmbeddings:
    """The bundled model, loaded once for the module."""
    return SentenceEmbeddings()


@pytest.fixture(scope="module")
def vectors(embeddings: SentenceEmbeddings) -> np.ndarray:
    """Our vectors of the reference texts, embedded together as one batch."""
    return np.asarray(embeddings.embed_documents(REFERENCES["texts"]))


def test_vectors_match_the_original_model(vectors: np.ndarray) -> None:
    reference = np.asarray(REFERENCES["vectors"])

    cosines = (vectors * reference).sum(axis=1)

    assert vectors.shape == (len(REFERENCES["texts"]), DIMENSIONS)
    assert cosines.min() >= WORST_COSINE, REFERENCES["texts"][int(cosines.argmin())]
    assert cosines.mean() >= MEAN_COSINE


def test_every_text_keeps_its_nearest_neighbour(vectors: np.ndarray) -> None:
    reference = np.asarray(REFERENCES["vectors"])

    ours = vectors @ vectors.T
    theirs = reference @ reference.T
    np.fill_diagonal(ours, -1)
    np.fill_diagonal(theirs, -1)

    assert list(ours.argmax(axis=1)) == list(theirs.argmax(axis=1))


def test_vectors_are_unit_length_and_independent_of_the_batch(
    embeddings: SentenceEmbeddings, vectors: np.ndarray
) -> None:
    # Alone, a text is padded to its own length; in the batch, to the longest of its 16.
    alone = np.asarray([embeddings.embed_query(text) for text in REFERENCES["texts"]])

    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.abs(alone - vectors).max() < 1e-4


def test_long_texts_are_cut_at_256_word_pieces_not_128(embeddings: SentenceEmbeddings) -> None:
    # The shipped tokenizer.json truncates at 128: words past it would then change nothing.
    head = "Nurses triage the inbox. " * 30  # about 180 word pieces
    tail_a = head + "Pharmacists adjust warfarin doses under a standing protocol."
    tail_b = head + "Schedulers book follow-up visits before the patient leaves."
    past_limit = head * 3

    a, b = np.asarray(embeddings.embed_documents([tail_a, tail_b]))
    far_a, far_b = np.asarray(embeddings.embed_documents([past_limit + "a", past_limit + "b"]))

    assert float(a @ b) < 0.999
    assert float(far_a @ far_b) > 0.99999


def test_the_model_file_is_the_one_its_provenance_records() -> None:
    folder = Path(model_path())
    provenance = json.loads((folder / "PROVENANCE.json").read_text())

    for name, recorded in provenance["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == recorded, name
    assert provenance["source"]["model.safetensors_sha256"]
    assert (folder / MODEL_FILE).stat().st_size < 25_000_000


def test_fingerprint_names_the_model_and_changes_with_its_file(tmp_path: Path) -> None:
    folder = Path(model_path())
    for name in ("tokenizer.json", MODEL_FILE):
        (tmp_path / name).write_bytes((folder / name).read_bytes())
    (tmp_path / MODEL_FILE).write_bytes((folder / MODEL_FILE).read_bytes() + b"\0")

    bundled = SentenceEmbeddings().fingerprint

    assert bundled.startswith("all-MiniLM-L6-v2/onnx-int8/")
    assert SentenceEmbeddings(str(tmp_path)).fingerprint != bundled
