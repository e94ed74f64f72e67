"""One embedding model, measured in its own process: run by benchmarks/embedding_models.py.

Imports `bot.vectors.embeddings.SentenceEmbeddings` from whatever `bot` this interpreter sees,
so the same probe measures the ONNX model (this tree) and the PyTorch one (an older tree
installed in another virtualenv). Prints one JSON line; writes the labelled set's vectors.

    python benchmarks/model_probe.py OUT.npy
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import yaml

LABELLED = Path(__file__).resolve().parent / "find_queries.yaml"


def main() -> None:
    """Import and load, time queries and a bulk import, then embed the labelled set."""
    data = yaml.safe_load(LABELLED.read_text())
    ideas = [str(text) for text in data["experiments"].values()]
    queries = [str(q["text"]) for q in data["queries"]]
    started = time.perf_counter()
    from bot.vectors.embeddings import SentenceEmbeddings

    embeddings = SentenceEmbeddings()
    embeddings.load()
    embeddings.embed_query("warm-up")
    load_seconds = time.perf_counter() - started
    timings = []
    for _ in range(3):
        for query in queries:
            t0 = time.perf_counter()
            embeddings.embed_query(query)
            timings.append((time.perf_counter() - t0) * 1000)
    bulk = (ideas + queries) * 5
    t0 = time.perf_counter()
    embeddings.embed_documents(bulk)
    rate = len(bulk) / (time.perf_counter() - t0)
    vectors = np.asarray(embeddings.embed_documents(ideas + queries), dtype=np.float32)
    np.save(sys.argv[1], vectors)
    print(
        json.dumps(
            {
                "load_seconds": load_seconds,
                "query_p50_ms": statistics.median(timings),
                "bulk_texts_per_second": rate,
                "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "module": sys.modules["bot.vectors.embeddings"].__file__,
            }
        )
    )


if __name__ == "__main__":
    main()
