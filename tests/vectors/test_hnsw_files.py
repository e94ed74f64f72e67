"""The unused slots of Chroma's vector index files, which hold heap memory of the process that
wrote them (chroma-core/chroma#7688), are zeroed; the index still answers the same after."""

from __future__ import annotations

from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings

from bot.vectors.connection import COSINE
from bot.vectors.hnsw_files import wipe_unused_slots
from tests.privacy.planted import FAKE_SET, leaks

VECTORS = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]


def write_collection(path: Path) -> Path:
    """A persisted collection of three vectors; returns its vector segment's folder."""
    client = chromadb.PersistentClient(
        path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
    )
    collection = client.create_collection("ideas-T1", configuration=COSINE)  # type: ignore[arg-type]
    collection.add(ids=["a", "b", "c"], embeddings=VECTORS, documents=["x", "y", "z"])  # type: ignore[arg-type]
    client.close()
    [segment] = [header.parent for header in path.glob("*/header.bin")]
    return segment


def nearest(path: Path, vector: list[float]) -> list[str]:
    client = chromadb.PersistentClient(
        path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
    )
    try:
        found = client.get_collection("ideas-T1").query(query_embeddings=[vector], n_results=3)  # type: ignore[arg-type]
        return found["ids"][0]
    finally:
        client.close()


def test_heap_text_in_unused_slots_is_zeroed_and_the_index_still_answers(tmp_path: Path) -> None:
    segment = write_collection(tmp_path)
    before = nearest(tmp_path, [0.9, 0.1, 0.0])
    garbage = FAKE_SET.encode()
    for name, used in (("length.bin", 3 * 4), ("data_level0.bin", None)):
        path = segment / name
        raw = bytearray(path.read_bytes())
        start = used if used is not None else len(raw) - len(garbage) - 8
        raw[start : start + len(garbage)] = garbage  # what a writer's heap left there
        path.write_bytes(bytes(raw))

    assert wipe_unused_slots(tmp_path) == 1

    files = b"".join(path.read_bytes() for path in segment.iterdir())
    assert leaks(files.decode("latin-1")) == []
    assert nearest(tmp_path, [0.9, 0.1, 0.0]) == before == ["a", "b", "c"]


def test_segment_in_an_unknown_shape_is_left_alone(tmp_path: Path) -> None:
    segment = write_collection(tmp_path)
    (segment / "header.bin").write_bytes(b"\x02" + (segment / "header.bin").read_bytes()[1:])
    length = (segment / "length.bin").read_bytes()

    assert wipe_unused_slots(tmp_path) == 0
    assert (segment / "length.bin").read_bytes() == length
