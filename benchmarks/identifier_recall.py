"""Print the identifier detector's recall, false-positive rate and per-kind counts.

Run from the repository root: `python benchmarks/identifier_recall.py [cases.yaml ...]`.
With no argument it scores three sets, each under its own heading: the tuning set
(`tests/privacy/identifier_cases.yaml`, written while the detector was tuned, so its figures
are an upper bound); the first held-out set (`tests/privacy/heldout_cases.yaml`, written
without the detector's code or the tuning set, measured once and then tuned on, so now an
upper bound too); the second held-out set (`tests/privacy/heldout2_cases.yaml`, written blind,
measured twice without its text being read, then tuned on); and the third held-out set
(`tests/privacy/heldout3_cases.yaml`, written blind by a session that never read the detector,
the other sets or this output, never tuned on: the honest figure, printed without case ids); and the fourth
(`tests/privacy/heldout4_cases.yaml`), written the same way while later rules were made from a
newcomer's invented messages, and scored once after them; and the fifth
(`tests/privacy/heldout5_cases.yaml`), likewise, written while rules were made from a second
tuning set (`tests/privacy/tuning2_cases.yaml`, hard cases written to be read). Recall counts a positive case as
found when every expected kind is found (the positives whose redaction still holds one of
their planted strings are counted apart); the false-positive rate is the share of negative
cases in which anything at all is flagged. Per kind: recall is the share of cases expecting
that kind in which it was found, and false positives are negative cases in which that kind
was flagged. Case ids are printed, never case text, in keeping with
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
CASES_DIR = Path(__file__).resolve().parents[1] / "tests" / "privacy"
DEFAULT_SETS = {
    "tuning set (written while tuning: an upper bound)": CASES_DIR / "identifier_cases.yaml",
    # Hard cases a session wrote to be read while tuning (common-word surnames, tags, lists).
    "second tuning set (written to be read while tuning)": CASES_DIR / "tuning2_cases.yaml",
    # Written blind, measured once (recall 0.739), then tuned on: now a second tuning set.
    "first held-out set (tuned on since its first measurement)": CASES_DIR / "heldout_cases.yaml",
    # Written blind, measured at recall 0.524 and later 0.747 without its text being read,
    # then tuned on (the rare-surname and context rules): now a third tuning set.
    "second held-out set (tuned on since its last blind measurement)": CASES_DIR
    / "heldout2_cases.yaml",
    # Written blind, scored once at 0.806 with the rare-surname rules; never tuned on nor read.
    # Later rules came from a newcomer's invented messages, not from it.
    "third held-out set (written blind, not tuned on)": CASES_DIR / "heldout3_cases.yaml",
    # Written blind by another session while those later rules were made, scored once after.
    "fourth held-out set (written blind, not tuned on)": CASES_DIR / "heldout4_cases.yaml",
    # Written blind while the rules from the second tuning set were made, scored once after.
    "fifth held-out set (written blind, not tuned on)": CASES_DIR / "heldout5_cases.yaml",
}
# Sets whose misses are counted, never listed: their ids are opaque, but a list of which cases
# failed invites reading them, and reading them ends their use as a held-out set.
BLIND_SETS = frozenset({"heldout3_cases.yaml", "heldout4_cases.yaml", "heldout5_cases.yaml"})


def _score(cases: list[dict]) -> dict:
    """Run the detector over the cases and tally hits, misses and false alarms."""
    detector = default_detector()
    tally: dict = {
        "expected": Counter(),
        "found": Counter(),
        "spurious": Counter(),
        "negative_flags": Counter(),
        "missed": [],
        "flagged_negatives_kinds": [],
        "leaky_ids": [],
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
            redacted = detector.redact(case["text"])
            if any(str(planted) in redacted for planted in case.get("planted", [])):
                tally["leaky_ids"].append(case["id"])
            if expected <= found:
                tally["recalled"] += 1
            else:
                tally["missed"].append((case["id"], expected - found))
        else:
            tally["negatives"] += 1
            tally["negative_flags"].update(found)
            if found:
                tally["flagged_negatives"] += 1
                tally["flagged_negatives_kinds"].append((case["id"], found))
    return tally


def _report(tally: dict, *, blind: bool = False) -> None:
    """Print the tally as a short plain-text report; for a blind set, counts without ids."""
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
    leaky = tally["leaky_ids"]
    if blind:
        print(f"positives whose redaction leaves a planted identifier: {len(leaky)}")
        print("(a blind set: which cases were missed is not printed)")
        return
    listed = f" ({', '.join(leaky)})" if leaky else ""
    print(f"positives whose redaction leaves a planted identifier: {len(leaky)}{listed}")
    print("missed positives (id: kinds not found):", _listing(tally["missed"]))
    print("flagged negatives (id: kinds flagged):", _listing(tally["flagged_negatives_kinds"]))


def _listing(cases: list[tuple[str, set[IdentifierKind]]]) -> str:
    """Case ids each with its kinds, one a line, or "none"; never the case text."""
    if not cases:
        return "none"
    return "".join(
        f"\n  {case_id}: {', '.join(sorted(kind.value for kind in kinds))}"
        for case_id, kinds in cases
    )


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
    sets = {str(path): Path(path) for path in args} if args else DEFAULT_SETS
    started = time.perf_counter()
    default_detector()
    print(f"detector built in {time.perf_counter() - started:.1f} s (once per process)")
    texts: list[str] = []
    for label, path in sets.items():
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        print(f"\n== {label}: {path.name} ==")
        _report(_score(cases), blind=path.name in BLIND_SETS)
        texts += [case["text"] for case in cases]
    print()
    _report_timing(texts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
