"""Time the identifier detector on long messages, ordinary and adversarial, as ratios.

Run from the repository root: `python benchmarks/identifier_worst_case.py`.

Slack allows 40,000 characters in a message; forms cap a field at 3,000. Each shape below is
cut to 40,000 characters and timed against a linear regular-expression pass (digit runs and
"@") over the same text in the same run, best of ROUNDS, so a loaded machine moves both.
Seconds are printed beside the ratio for reading, not for comparison across machines.

Shapes: ordinary meeting talk with names and numbers; a numbered list written "1.1.1."; a
dotted run "a.a.a." (before bot.privacy.recognizers.TokenUrlRecognizer, Presidio's bare-URL
pattern took minutes on it); slashes "1/1/"; dates "12/12 "; bare record numbers; capitals.
"""

from __future__ import annotations

import re
import time

from bot.privacy import default_detector

ROUNDS = 2
LIMIT = 40_000
# A linear pass (runs of digits, and "@"): a phone-and-email regex such as
# benchmarks/identifier_recall.py's backtracks itself on "1.1.1.", so it cannot be the baseline.
BASELINE = re.compile(r"\d+|@")
SHAPES = {
    "meeting talk": "the refill queue is long and pt okonkwo called again re her PA. ",
    "numbered list 1.1.1.": "1.",
    "dotted run a.a.a.": "a.",
    "dotted words (250)": "a." * 125 + " ",
    "slashes 1/1/": "1/1/",
    "dates 12/12": "12/12 ",
    "record numbers": "4455123 ",
    "capitals": "ZHANG Wei ",
}


def _best(run: object, text: str) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        run(text)  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    """Print one line per shape: the detector's time as a multiple of the regex pass."""
    detector = default_detector()
    detector.find("Warm up, Mrs Example, 555-0100.")
    print(f"{'shape':<22} {'chars':>6} {'ratio':>9} {'seconds':>8}")
    for name, unit in SHAPES.items():
        text = (unit * (LIMIT // len(unit) + 1))[:LIMIT]
        baseline = max(_best(BASELINE.findall, text), 1e-6)
        detection = _best(detector.find, text)
        print(f"{name:<22} {len(text):>6} {detection / baseline:>8.0f}x {detection:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
