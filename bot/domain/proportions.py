"""A share of answers with its 95% Wilson score interval.

The Wilson interval (Wilson, JASA 1927; recommended over the textbook Wald interval for small
samples by Brown, Cai & DasGupta, Statistical Science 2001) stays within 0-100% and is honest
about how little eight or twelve answers say. The interval itself is bot.domain.value's."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.value import wilson_interval


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


def wilson_share(count: int, total: int) -> Share:
    """The share count/total with its 95% Wilson score interval (bot.domain.value's
    wilson_interval); ValueError when count > total or total is 0."""
    low, high = wilson_interval(count, total)
    # At none or all of them the bound is exactly 0 or 1; rounding would leave a hair beside it.
    return Share(
        count=count,
        total=total,
        low=0.0 if count == 0 else low,
        high=1.0 if count == total else high,
    )
