"""Similar-experiment search at 1k, 10k and 100k stored experiments, against raw Chroma.

For each size, the same queries run through `ExperimentIndex.similar` (LangChain's Chroma store
over the workspace's own collection, our result models) and straight against that chromadb
collection with the query vector precomputed, interleaved so that whatever else the machine does hits both alike.
Reported: p50/p95 of both, and their ratio, twice: end to end (ours embeds the query text with
all-MiniLM-L6-v2, raw Chroma does not) and store path only (ours given the same precomputed
vector, so the ratio is what LangChain and our code add). Also: embedding throughput of a bulk
import (texts a second) and the resident memory of a `serve`-like process with the model loaded.

Texts are synthetic, built from the playbook's titles with role, setting and detail variations.
At most --distinct texts are embedded (once, cached under the temp dir); larger sizes reuse
those vectors with small noise, renormalised, so 100k fits in minutes on 2 cores.

    .venv/bin/python benchmarks/similar_search.py [--sizes 1000 10000 100000] [--queries 200]
        [--old-python /tmp/old/bin/python]

Then the embedding model against the one before it (sentence-transformers on PyTorch, run by
--old-python's virtualenv; stored figures, marked as such, without it): new/old ratios of load
time, query p50, bulk rate and RSS, and on the 60 labelled queries of find_queries.yaml the
cosine, nearest-neighbour agreement and `find` recall of both (benchmarks/embedding_models.py).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings

from bot.knowledge import KnowledgeBase
from bot.vectors.connection import COSINE, ChromaConnection
from bot.vectors.embeddings import SentenceEmbeddings, shared_embeddings
from bot.vectors.index import EXPERIMENTS, ExperimentIndex, collection_name

TEAM = "T0BENCH"
ROLES = ("Medical assistants", "Nurses", "Front desk staff", "Pharmacists", "Scribes",
         "Residents", "Care coordinators", "Schedulers", "Billers", "Physicians")  # fmt: skip
PLACES = ("in the clinic", "on the ward", "in the ICU", "in the emergency department",
          "at discharge", "before rounds", "after clinic", "in the inbox")  # fmt: skip
DETAILS = ("for protocol medicines", "twice a week", "starting Monday", "for stable patients",
           "with a standing order", "using a template", "for new patients", "on weekends",
           "for lab results", "with a checklist")  # fmt: skip
NOISE = 0.02  # per-dimension noise on reused vectors; keeps neighbours plausible, ids distinct


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the sorted values fall."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def synthetic_texts(count: int, seed: int) -> list[str]:
    """`count` distinct idea texts varied from the playbook's titles."""
    titles = [entry.title for entry in KnowledgeBase.load().entries()]
    combos = [(t, r, p, d) for t in titles for r in ROLES for p in PLACES for d in DETAILS]
    random.Random(seed).shuffle(combos)
    return [
        f"{role}: {title.lower()} {place}, {detail}"
        for title, role, place, detail in combos[:count]
    ]


def cached_vectors(
    texts: list[str], embeddings: SentenceEmbeddings, cache: Path
) -> tuple[np.ndarray, float]:
    """Embeddings of `texts` (computed once, then read from `cache`) and texts a second (0 if cached)."""
    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = cache / f"vectors-{key}.npy"
    if path.exists():
        return np.load(path), 0.0
    started = time.perf_counter()
    vectors = np.asarray(embeddings.embed_documents(texts), dtype=np.float32)
    rate = len(texts) / (time.perf_counter() - started)
    np.save(path, vectors)
    return vectors, rate


def grow(vectors: np.ndarray, size: int, seed: int) -> np.ndarray:
    """`size` unit vectors: the distinct ones first, then noisy copies of them."""
    if size <= len(vectors):
        return vectors[:size]
    rng = np.random.default_rng(seed)
    extra = vectors[rng.integers(0, len(vectors), size - len(vectors))]
    extra = extra + rng.normal(0, NOISE, extra.shape).astype(np.float32)
    extra /= np.linalg.norm(extra, axis=1, keepdims=True)
    return np.vstack([vectors, extra])


def fill(collection: chromadb.Collection, texts: list[str], vectors: np.ndarray) -> float:
    """Bulk-load one workspace's experiments with their metadata; seconds taken."""
    started = time.perf_counter()
    batch = 5000
    for start in range(0, len(vectors), batch):
        stop = min(start + batch, len(vectors))
        ids = range(start + 1, stop + 1)
        teams = [TEAM] * len(ids)
        collection.upsert(
            ids=[f"{team}:E-{n}" for team, n in zip(teams, ids, strict=True)],
            embeddings=vectors[start:stop],
            documents=[f"{texts[(n - 1) % len(texts)]} (#{n})" for n in ids],
            metadatas=[
                {
                    "team_id": team,
                    "group_id": n % 40,
                    "channel_id": f"C{n % 40:04d}",
                    "setting": "primary care",
                    "setting_key": "primary_care",
                    "kind": "experiment",
                    "number": n,
                    "question": "automate",
                    "status": "proposed",
                }
                for team, n in zip(teams, ids, strict=True)
            ],  # fmt: skip
        )
    return time.perf_counter() - started


class Precomputed(SentenceEmbeddings):
    """The query vectors already computed, so the store path is timed without the model."""

    def __init__(self, vectors: dict[str, list[float]]) -> None:
        super().__init__()
        self._vectors = vectors

    def embed_query(self, text: str) -> list[float]:
        """The precomputed vector of a benchmark query."""
        return self._vectors[text]


def time_size(size: int, texts: list[str], vectors: np.ndarray, queries: list[str],
              query_vectors: np.ndarray, embeddings: SentenceEmbeddings, root: Path) -> dict[str, float]:  # fmt: skip
    """Load `size` experiments and time the three query paths, interleaved."""
    client = chromadb.PersistentClient(
        path=str(root / f"chroma-{size}"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    collection = client.get_or_create_collection(
        collection_name(EXPERIMENTS, TEAM), configuration=COSINE, embedding_function=None
    )  # type: ignore[arg-type]
    load_seconds = fill(collection, texts, grow(vectors, size, seed=size))
    ours = ExperimentIndex(ChromaConnection(lambda: client, embeddings), embeddings)
    by_text = {q: v.tolist() for q, v in zip(queries, query_vectors, strict=True)}
    precomputed = Precomputed(by_text)
    store_only = ExperimentIndex(ChromaConnection(lambda: client, precomputed), precomputed)
    timings: dict[str, list[float]] = {"raw": [], "ours": [], "store": []}
    for warm in queries[:20]:
        ours.similar(TEAM, warm)
        store_only.similar(TEAM, warm)
    for query, vector in zip(queries, query_vectors, strict=True):
        started = time.perf_counter()
        collection.query(query_embeddings=[vector], n_results=3)  # type: ignore[arg-type]
        timings["raw"].append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        ours.similar(TEAM, query)
        timings["ours"].append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        store_only.similar(TEAM, query)
        timings["store"].append((time.perf_counter() - started) * 1000)
    result = {"size": size, "load_seconds": load_seconds}
    for name, values in timings.items():
        result[f"{name}_p50"] = percentile(values, 0.5)
        result[f"{name}_p95"] = percentile(values, 0.95)
        result[f"{name}_mean"] = statistics.fmean(values)
    return result


RSS_PROBE = """
import json, tempfile
from pathlib import Path
from bot.app import create_app
from bot.offline.slack_api import FakeSlackApi
from bot.services.container import build_services
from bot.settings import Settings
with FakeSlackApi() as api:
    settings = Settings(_env_file=None, unburden_data_dir=Path(tempfile.mkdtemp()),
                        slack_bot_token=api.bot_token, slack_signing_secret="bench",
                        slack_api_url=api.url)
    services = build_services(settings)
    create_app(settings, services)
    services.index.warm_up().join()
    services.index.similar("T0BENCH", "medical assistants pend refill requests")
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    print(json.dumps({k: int(status[k].split()[0]) // 1024 for k in ("VmRSS", "VmHWM")}))
"""


def serve_memory() -> dict[str, int]:
    """Resident memory (MiB) of a fresh process built like `serve`, model loaded, playbook indexed."""
    out = subprocess.run(
        [sys.executable, "-c", RSS_PROBE], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    """Run every size and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--old-python", help="python of a virtualenv with the PyTorch model")
    parser.add_argument("--distinct", type=int, default=5000, help="texts embedded for real")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "unburden-bench"
    )
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    embeddings = shared_embeddings()
    embeddings.load()
    every = synthetic_texts(args.distinct + args.queries, seed=7)
    texts, queries = every[: args.distinct], every[args.distinct :]
    vectors, rate = cached_vectors(texts, embeddings, args.cache)
    query_vectors, _ = cached_vectors(queries, embeddings, args.cache)
    print(f"bulk-import embedding: {rate:.0f} texts/s" if rate else "embeddings read from cache")
    print(f"{'size':>7} {'load s':>7} {'raw p50':>8} {'raw p95':>8} {'store p50':>9} {'store p95':>9}"
          f" {'x raw':>6} {'ours p50':>8} {'ours p95':>8} {'x raw':>6}")  # fmt: skip
    with tempfile.TemporaryDirectory() as scratch:
        for size in args.sizes:
            r = time_size(size, texts, vectors, queries, query_vectors, embeddings, Path(scratch))
            print(f"{size:>7} {r['load_seconds']:>7.1f} {r['raw_p50']:>8.2f} {r['raw_p95']:>8.2f}"
                  f" {r['store_p50']:>9.2f} {r['store_p95']:>9.2f} {r['store_p95'] / r['raw_p95']:>6.2f}"
                  f" {r['ours_p50']:>8.2f} {r['ours_p95']:>8.2f} {r['ours_p95'] / r['raw_p95']:>6.2f}",
                  flush=True)  # fmt: skip
    memory = serve_memory()
    print(f"serve with the model loaded: RSS {memory['VmRSS']} MiB (peak {memory['VmHWM']} MiB)")
    from embedding_models import compare  # beside this file

    compare(args.old_python)


if __name__ == "__main__":
    main()
