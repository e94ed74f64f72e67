"""Money beside hours: the cost avoided a year by hours reclaimed, at the hourly cost of the
role whose time comes back (knowledge/roles.yaml, each rate with its source and date).

cost avoided a year = hours a week reclaimed x 52 weeks x hourly cost of the role."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

WEEKS_PER_YEAR = 52
HOURS_PER_YEAR = 2080  # BLS's full-time year: hourly wage = annual wage / 2,080


class RoleRate(BaseModel):
    """One role's hourly cost in dollars, where the figure comes from and when it was true."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    hourly_cost: float = Field(gt=0)
    annual_median: float | None = Field(default=None, gt=0)
    source: str
    as_of: str
    verified: bool = False  # checked against the source itself, not typed from memory
    checked: str = ""  # what was checked, where, and what was found

    @property
    def citation(self) -> str:
        """The rate and its source in a few words, e.g. "$45.00 an hour (registered nurse, ...)";
        a rate nobody checked against its source says so."""
        unchecked = "" if self.verified else "; unverified"
        return (
            f"${self.hourly_cost:,.2f} an hour ({self.name}; {self.source}; as of {self.as_of}"
            f"{unchecked})"
        )


class RoleRates(BaseModel):
    """Every role's rate and the one used when a pilot did not say whose time it gives back."""

    model_config = ConfigDict(frozen=True)

    default_role: str
    roles: tuple[RoleRate, ...]

    @model_validator(mode="after")
    def _default_is_listed(self) -> RoleRates:
        ids = [r.id for r in self.roles]
        if len(set(ids)) != len(ids):
            raise ValueError("two roles share an id")
        if self.default_role not in ids:
            raise ValueError(f"default_role {self.default_role!r} is not among the roles")
        return self

    def rate(self, role_id: str | None) -> RoleRate:
        """The role's rate; the default role's for None or a role no longer listed."""
        by_id = {r.id: r for r in self.roles}
        return by_id.get(role_id or "", by_id[self.default_role])


def cost_avoided_per_year(hours_per_week: float, hourly_cost: float) -> float:
    """Dollars a year: hours a week reclaimed x 52 weeks x hourly cost (dollars an hour)."""
    return hours_per_week * WEEKS_PER_YEAR * hourly_cost


def pilot_cost_avoided(hours_per_week: float | None, rate: RoleRate) -> float | None:
    """A pilot's cost avoided a year, or None when it reclaims no hours (none, or more work)."""
    if hours_per_week is None or hours_per_week <= 0:
        return None
    return cost_avoided_per_year(hours_per_week, rate.hourly_cost)


def money_basis(hours_per_week: float, rate: RoleRate) -> str:
    """The one line that says how a cost avoided was worked out."""
    return (
        f"{hours_per_week:.1f} h a week x {WEEKS_PER_YEAR} weeks x {rate.citation}; "
        "wages only, so the cost to the employer is higher"
    )


PORTFOLIO_MONEY_BASIS = (
    "Cost avoided a year: hours a week reclaimed x 52 weeks x the hourly cost of the role whose "
    "time comes back (knowledge/roles.yaml: US BLS OEWS May 2024 median wages unless your "
    "organisation set its own, each marked there as verified against BLS or not; wages only, "
    "so a floor)."
)


def dollars(amount: float) -> str:
    """Dollars as a leader reads them: "$9,828"."""
    return f"${amount:,.0f}"
