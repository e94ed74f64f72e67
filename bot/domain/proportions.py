"""A share of answers with its 95% Wilson score interval.

The Wilson interval (Wilson, JASA 1927; recommended over the textbook Wald interval for small
samples by Brown, Cai & DasGupta, Statistical Science 2001) stays within 0-100% and is honest
about how little eight or twelve answers say. Here with z = 1.959964 (two-sided 95%)."""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field

Z_95 = 1.959963984540054


class Share(BaseModel):
    """`count` of `total` answers, as a share in 0..1 with its 95% Wilson interval."""

    model_config = ConfigDict(frozen=True)

    count: int = Field(ge=0)
    total: int = Field(gt=0)
    low: float
    high: float

    @property
    def value(self) -> float:
        """count / total, 0..1."""
        return self.count / self.total

    def plain_text(self) -> str:
        """ "42% (95% CI 19-68%, n=12)"."""
        return (
            f"{self.value:.0%} (95% CI {self.low * 100:.0f}-{self.high * 100:.0f}%, n={self.total})"
        )


def wilson_share(count: int, total: int, z: float = Z_95) -> Share:
    """The share count/total with its Wilson score interval; ValueError when count > total or
    total is 0."""
    if total <= 0 or not 0 <= count <= total:
        raise ValueError("a share needs 0 <= count <= total and total > 0")
    p = count / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    # At 0 or all of them the bound is exactly 0 or 1; rounding would leave a hair beside it.
    low = 0.0 if count == 0 else max(0.0, centre - half)
    high = 1.0 if count == total else min(1.0, centre + half)
    return Share(count=count, total=total, low=low, high=high)
