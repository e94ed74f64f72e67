"""Print the identifier detector's recall, false-positive rate and per-kind counts.

Run from the repository root: `python benchmarks/identifier_recall.py [cases.yaml]`.
Recall counts a positive case as found when every expected kind is found; the false-positive
rate is the share of negative cases in which anything at all is flagged. Case ids are printed,
never case text, in keeping with the rule that identifiers stay out of output.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import yaml

from bot.privacy import IdentifierKind, default_detector

DEFAULT_CASES = Path(__file__).resolve().parents[1] / "tests" / "privacy" / "identifier_cases.yaml"


def _score(cases: list[dict]) -> dict:
    """Run the detector over the cases and tally hits, misses and false alarms."""
    detector = default_detector()
    tally: dict = {
        "expected": Counter(),
        "found": Counter(),
        "spurious": Counter(),
        "missed_ids": [],
        "flagged_negative_ids": [],
        "positives": 0,
        "recalled": 0,
        "negatives": 0,
        "flagged_negatives": 0,
    }
    for case in cases:
        expected = {IdentifierKind(k) for k in case["kinds"]}
        found = {f.kind for f in detector.find(case["text"])}
        tally["expected"].update(expected)
        tally["found"].update(expected & found)
        tally["spurious"].update(found - expected)
        if expected:
            tally["positives"] += 1
            if expected <= found:
                tally["recalled"] += 1
            else:
                tally["missed_ids"].append(case["id"])
        else:
            tally["negatives"] += 1
            if found:
                tally["flagged_negatives"] += 1
                tally["flagged_negative_ids"].append(case["id"])
    return tally


def _report(tally: dict, seconds: float, count: int) -> None:
    """Print the tally as a short plain-text report."""
    recall = tally["recalled"] / tally["positives"] if tally["positives"] else 0.0
    fp_rate = tally["flagged_negatives"] / tally["negatives"] if tally["negatives"] else 0.0
    print(f"cases: {count} ({tally['positives']} positive, {tally['negatives']} negative)")
    print(f"recall: {recall:.3f} ({tally['recalled']}/{tally['positives']} positives fully found)")
    print(
        f"false-positive rate: {fp_rate:.3f} "
        f"({tally['flagged_negatives']}/{tally['negatives']} negatives flagged)"
    )
    print(f"{'kind':<8} {'expected':>8} {'found':>6} {'spurious':>8}")
    for kind in IdentifierKind:
        print(
            f"{kind.value:<8} {tally['expected'][kind]:>8} {tally['found'][kind]:>6} "
            f"{tally['spurious'][kind]:>8}"
        )
    print("missed positives:", ", ".join(tally["missed_ids"]) or "none")
    print("flagged negatives:", ", ".join(tally["flagged_negative_ids"]) or "none")
    print(f"detection time: {1000 * seconds / max(count, 1):.1f} ms per case")


def main(argv: list[str] | None = None) -> int:
    """Load the labelled cases, score the detector on them and print the figures."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_CASES
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    started = time.perf_counter()
    default_detector()
    print(f"analyzer built in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    tally = _score(cases)
    _report(tally, time.perf_counter() - started, len(cases))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
