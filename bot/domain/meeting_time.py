"""A group's regular meeting slot (`monday 08:00 America/New_York`) and when it next comes round."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_ALIASES = {name[:3]: index for index, name in enumerate(WEEKDAYS)} | {
    name: index for index, name in enumerate(WEEKDAYS)
}


# Zone abbreviations people type, with the zone each usually means. Some ("EST", "MST") are
# also fixed-offset zones in the tz database that never change for daylight saving, so they are
# refused with the zone's name rather than taken as they are.
_ABBREVIATIONS = {
    **dict.fromkeys(("EST", "EDT", "ET"), "America/New_York"),
    **dict.fromkeys(("CST", "CDT", "CT"), "America/Chicago"),
    **dict.fromkeys(("MST", "MDT", "MT"), "America/Denver"),
    **dict.fromkeys(("PST", "PDT", "PT"), "America/Los_Angeles"),
    **dict.fromkeys(("AKST", "AKDT"), "America/Anchorage"),
    **dict.fromkeys(("HST",), "Pacific/Honolulu"),
    **dict.fromkeys(("GMT", "BST"), "Europe/London"),
    **dict.fromkeys(("CET", "CEST"), "Europe/Paris"),
}


class MeetingTimeError(ValueError):
    """Text that cannot be read as a weekday, a time and a time zone; the message says which part,
    and `example`, when set, is the slot the member probably meant (`monday 20:00 America/New_York`)."""

    def __init__(self, message: str, example: str | None = None) -> None:
        super().__init__(message)
        self.example = example


class MeetingTime(BaseModel):
    """A weekly slot: weekday (0 is Monday), a wall-clock time and the IANA zone it is in."""

    model_config = ConfigDict(frozen=True)

    weekday: int = Field(ge=0, le=6)
    clock: str = Field(pattern=r"^\d{2}:\d{2}$")
    tz: str

    @property
    def label(self) -> str:
        """ "Monday 08:00 (America/New_York)"."""
        return f"{WEEKDAYS[self.weekday].capitalize()} {self.clock} ({self.tz})"

    def next_after(self, now: datetime, lead: timedelta = timedelta(minutes=1)) -> datetime:
        """The first slot at least `lead` after `now`, as an aware datetime in the slot's zone."""
        zone = ZoneInfo(self.tz)
        local_now = now.astimezone(zone)
        hour, minute = (int(part) for part in self.clock.split(":"))
        days_ahead = (self.weekday - local_now.weekday()) % 7
        for extra_weeks in range(3):
            day = local_now.date() + timedelta(days=days_ahead + 7 * extra_weeks)
            candidate = datetime.combine(day, time(hour, minute), tzinfo=zone)
            if candidate >= now + lead:
                return candidate
        raise AssertionError("a weekly slot always comes round within three weeks")

    def nearest_to(self, now: datetime) -> datetime:
        """This week's slot nearest to `now` (a meeting started a little late still matches)."""
        upcoming = self.next_after(now, lead=timedelta(0))
        previous = upcoming - timedelta(days=7)
        return previous if now - previous < upcoming - now else upcoming


def read_meeting_time(text: str, default_tz: str) -> MeetingTime:
    """Read `monday 08:00 [America/New_York]` (also `8pm` or `8:00 pm`); the zone defaults to
    `default_tz`. An abbreviation such as EST is refused with the zone's name to type."""
    parts: list[str] = []
    for word in text.split():
        if parts and word.lower().replace(".", "") in ("am", "pm"):
            parts[-1] += word.lower().replace(".", "")  # "8:00 pm" is "8:00pm"
        else:
            parts.append(word)
    if len(parts) not in (2, 3):
        raise MeetingTimeError("Give a weekday, a time and optionally a time zone.")
    weekday = _WEEKDAY_ALIASES.get(parts[0].lower().rstrip(","))
    if weekday is None:
        raise MeetingTimeError(f"`{parts[0][:20]}` is not a weekday.")
    clock = _clock(parts[1])
    tz = parts[2] if len(parts) == 3 else default_tz
    zone = _ABBREVIATIONS.get(tz.upper())
    if zone is not None:
        raise MeetingTimeError(
            f"`{tz[:10]}` is an abbreviation; give the zone's name, `{zone}`, which follows "
            "daylight saving.",
            example=f"{WEEKDAYS[weekday]} {clock} {zone}",
        )
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise MeetingTimeError(f"`{tz[:40]}` is not a time zone I know.") from None
    return MeetingTime(weekday=weekday, clock=clock, tz=tz)


def _clock(text: str) -> str:
    """ "8:00", "08:00" or "8am" as "HH:MM"."""
    lowered = text.lower()
    suffix = lowered[-2:] if lowered.endswith(("am", "pm")) else ""
    digits = lowered.removesuffix(suffix)
    hour_text, _, minute_text = digits.partition(":")
    try:
        hour, minute = int(hour_text), int(minute_text or 0)
    except ValueError:
        raise MeetingTimeError(f"`{text[:20]}` is not a time like 08:00.") from None
    if suffix:
        if not 1 <= hour <= 12:
            raise MeetingTimeError(f"`{text[:20]}` is not a time like 08:00.")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise MeetingTimeError(f"`{text[:20]}` is not a time like 08:00.")
    return f"{hour:02d}:{minute:02d}"
