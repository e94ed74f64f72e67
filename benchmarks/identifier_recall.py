"""Print the identifier detector's recall, false-positive rate and per-kind counts.

Run from the repository root: `python benchmarks/identifier_recall.py [cases.yaml]`.
Recall counts a positive case as found when every expected kind is found; the false-positive
rate is the share of negative cases in which anything at all is flagged. Per kind: recall is
the share of cases expecting that kind in which it was found, and false positives are negative
cases in which that kind was flagged. Case ids are printed, never case text, in keeping with
the rule that identifiers stay out of output.

Timing is a ratio, not a number of milliseconds: the detector's time per message against a
plain regular-expression pass (phone and email shapes) over the same messages in the same run,
best of ROUNDS, so a loaded machine moves both. The build time (Presidio and the name lists,
once per process) is printed in seconds, since it has no natural baseline.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import yaml

from bot.privacy import IdentifierKind, default_detector

ROUNDS = 3
BASELINE = re.compile(r"\d{3}[-. ]?\d{3}[-. ]?\d{4}|[\w.+-]+@[\w-]+\.[\w.]+")
DEFAULT_CASES = Path(__file__).resolve().parents[1] / "tests" / "privacy" / "identifier_cases.yaml"


def _score(cases: list[dict]) -> dict:
    """Run the detector over the cases and tally hits, misses and false alarms."""
    detector = default_detector()
    tally: dict = {
        "expected": Counter(),
        "found": Counter(),
        "spurious": Counter(),
        "negative_flags": Counter(),
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
            tally["negative_flags"].update(found)
            if found:
                tally["flagged_negatives"] += 1
                tally["flagged_negative_ids"].append(case["id"])
    return tally


def _report(tally: dict) -> None:
    """Print the tally as a short plain-text report."""
    recall = tally["recalled"] / tally["positives"] if tally["positives"] else 0.0
    negatives = tally["negatives"]
    fp_rate = tally["flagged_negatives"] / negatives if negatives else 0.0
    print(
        f"cases: {tally['positives'] + negatives} ({tally['positives']} positive, {negatives} negative)"
    )
    print(f"recall: {recall:.3f} ({tally['recalled']}/{tally['positives']} positives fully found)")
    print(
        f"false-positive rate: {fp_rate:.3f} ({tally['flagged_negatives']}/{negatives} negatives flagged)"
    )
    print(f"{'kind':<8} {'expected':>8} {'found':>6} {'recall':>6} {'spurious':>8} {'fp rate':>7}")
    for kind in IdentifierKind:
        expected, found = tally["expected"][kind], tally["found"][kind]
        kind_recall = f"{found / expected:.3f}" if expected else "-"
        kind_fp = tally["negative_flags"][kind] / negatives if negatives else 0.0
        print(
            f"{kind.value:<8} {expected:>8} {found:>6} {kind_recall:>6} "
            f"{tally['spurious'][kind]:>8} {kind_fp:>7.3f}"
        )
    print("missed positives:", ", ".join(tally["missed_ids"]) or "none")
    print("flagged negatives:", ", ".join(tally["flagged_negative_ids"]) or "none")


def _best_time(run: Callable[[str], object], texts: list[str]) -> float:
    """Seconds per text of the fastest of ROUNDS passes over the texts."""
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for text in texts:
            run(text)
        best = min(best, time.perf_counter() - started)
    return best / max(len(texts), 1)


def _report_timing(texts: list[str]) -> None:
    """Print the detector's time per message as a ratio to the plain regex pass."""
    detector = default_detector()
    baseline = _best_time(BASELINE.findall, texts)
    detection = _best_time(detector.find, texts)
    print(
        f"time per message: {detection / baseline:.0f}x a plain regex pass "
        f"(best of {ROUNDS} over {len(texts)} messages; {1000 * detection:.1f} ms on this machine)"
    )


def main(argv: list[str] | None = None) -> int:
    """Load the labelled cases, score the detector on them and print the figures."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_CASES
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    started = time.perf_counter()
    default_detector()
    print(f"detector built in {time.perf_counter() - started:.1f} s (once per process)")
    _report(_score(cases))
    _report_timing([case["text"] for case in cases])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
