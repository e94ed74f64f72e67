"""How many runs around a median chance allows (Swed & Eisenhart, Ann Math Stat 1943).

Perla, Provost & Murray's Table 1 (BMJ Qual Saf 2011) gives these limits for 10 to 60 useful
points at about 5% risk; they are computed here exactly, for any number of points, so no typed
table can slip.
"""

from __future__ import annotations

from functools import cache
from math import comb

MIN_USEFUL_POINTS = 10
RUNS_RISK_PER_TAIL = 0.05  # Swed & Eisenhart critical values at 5% in each tail


@cache
def runs_distribution(below: int, above: int) -> tuple[float, ...]:
    """P(R = r) for r = 0..n runs of `below` and `above` points in random order (Swed &
    Eisenhart, Ann Math Stat 1943): an exact count of arrangements over C(n, below)."""
    n = below + above
    total = comb(n, below)
    probabilities = [0.0] * (n + 1)
    for runs in range(2, n + 1):
        k = runs // 2
        if runs % 2 == 0:
            ways = 2 * comb(below - 1, k - 1) * comb(above - 1, k - 1)
        else:
            ways = comb(below - 1, k - 1) * comb(above - 1, k) + comb(below - 1, k) * comb(
                above - 1, k - 1
            )
        probabilities[runs] = ways / total
    return tuple(probabilities)


@cache
def runs_limits(useful_points: int) -> tuple[int, int] | None:
    """Lowest and highest number of runs expected by chance, or None under 10 useful points.

    Perla's Table 1 rests on Swed & Eisenhart's critical values at about 5% risk, with half the
    points on each side of the median. This computes them exactly: the lower limit L is the
    largest count with P(R <= L) <= 5%, the upper U the smallest with P(R >= U) <= 5%; fewer
    runs than L are "too few", more than U "too many". It gives DOMAIN.md's rows (10 points:
    3 to 9; 20 points: 6 to 16).
    """
    if useful_points < MIN_USEFUL_POINTS:
        return None
    below = useful_points // 2
    probability = runs_distribution(below, useful_points - below)
    low, cumulative = 2, 0.0
    for runs in range(2, useful_points + 1):
        cumulative += probability[runs]
        if cumulative > RUNS_RISK_PER_TAIL + 1e-12:
            break
        low = runs
    high, cumulative = useful_points, 0.0
    for runs in range(useful_points, 1, -1):
        cumulative += probability[runs]
        if cumulative > RUNS_RISK_PER_TAIL + 1e-12:
            break
        high = runs
    return low, high
