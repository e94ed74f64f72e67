"""How often each run-chart verdict is given on simulated pilots: a true fall, a true rise and
no change, 5,000 noisy series per case (seeded, so the table is reproducible).

Each series is a lower-is-better measure: 8 baseline values then 12 pilot-period values, normal
noise with SD 1; a true fall or rise moves the pilot period by 1.5 SD. A wrong direction
(an improvement called for a rise, a deterioration for a fall) must stay under 1%.

    python benchmarks/verdicts.py [--series 5000] [--baseline 8] [--period 12] [--effect 1.5]
"""

from __future__ import annotations

import argparse
import random
from collections import Counter

from bot.domain.run_chart import Direction, Verdict, judge

CASES = {"true fall (better)": -1.0, "true rise (worse)": 1.0, "no change": 0.0}
WRONG = {"true fall (better)": Verdict.DETERIORATION, "true rise (worse)": Verdict.IMPROVEMENT}
SHOWN = (
    Verdict.IMPROVEMENT,
    Verdict.DETERIORATION,
    Verdict.MIXED,
    Verdict.CHANGE,
    Verdict.NO_SIGNAL,
)


def simulate(
    series: int, baseline: int, period: int, effect: float, seed: int = 11
) -> dict[str, Counter[Verdict]]:
    """Verdict counts per case."""
    rng = random.Random(seed)
    counts: dict[str, Counter[Verdict]] = {}
    for case, sign in CASES.items():
        tally: Counter[Verdict] = Counter()
        for _ in range(series):
            before = [rng.gauss(0, 1) for _ in range(baseline)]
            after = [rng.gauss(sign * effect, 1) for _ in range(period)]
            tally[judge([*before, *after], Direction.LOWER_IS_BETTER, baseline).verdict] += 1
        counts[case] = tally
    return counts


def table(counts: dict[str, Counter[Verdict]], series: int) -> str:
    """A Markdown table of verdict shares per case."""
    head = "| case | " + " | ".join(v.value.replace("_", " ") for v in SHOWN) + " |"
    lines = [head, "|" + "---|" * (len(SHOWN) + 1)]
    for case, tally in counts.items():
        cells = " | ".join(f"{tally[v] / series:.1%}" for v in SHOWN)
        lines.append(f"| {case} | {cells} |")
    return "\n".join(lines)


def main() -> None:
    """Print the table and check the wrong-direction rate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=5000)
    parser.add_argument("--baseline", type=int, default=8)
    parser.add_argument("--period", type=int, default=12)
    parser.add_argument("--effect", type=float, default=1.5)
    args = parser.parse_args()
    counts = simulate(args.series, args.baseline, args.period, args.effect)
    print(
        f"{args.series} series per case; {args.baseline} baseline + {args.period} pilot-period "
        f"values; effect {args.effect} SD"
    )
    print(table(counts, args.series))
    for case, wrong in WRONG.items():
        rate = counts[case][wrong] / args.series
        print(f"wrong direction, {case}: {rate:.2%} ({'ok' if rate < 0.01 else 'OVER 1%'})")
    for baseline in sorted({6, args.baseline, 12}):
        noise = simulate(args.series, baseline, args.period, 0.0)["no change"]
        alarm = 1 - noise[Verdict.NO_SIGNAL] / args.series
        print(f"any signal on pure noise with {baseline} baseline values: {alarm:.1%}")


if __name__ == "__main__":
    main()
