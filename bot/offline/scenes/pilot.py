"""Scene: an idea becomes a pilot through its form, a year of weekly values is logged, the run
chart judges it, the owner gets a check-in, and the group adopts the change."""

from __future__ import annotations

import random
from datetime import date, timedelta

from bot.blocks.pilot_form import ADD_MEASURE
from bot.clock import today
from bot.domain.models import MicroExperiment, Pilot
from bot.listeners.commands import verb_table
from bot.offline.conversation import DemoConversation

OWNER = "U0PHA"
PARTICIPANTS = ["U0MD1", "U0MD2", "U0APP", "U0FAC"]
IDEA = "Pharmacist handles refill requests under a standing order"
WEEKS = 52
BASELINE_WEEKS = 20  # measured before the change started: the pilot's frozen baseline
SHOWN_BY_COMMAND = 3  # the last weeks are typed as `log` commands; the rest go in at once
SEED = 20250101  # most seeds show the same; this one is fixed so the demo reads the same


def play(talk: DemoConversation) -> None:
    """Pilot the refill idea, log a year of weekly values, judge, check in and adopt."""
    experiment = find_or_propose(talk)
    if experiment is None:
        talk.narrate("(No idea to pilot: the `idea` verb is not available in this build.)")
        return
    talk.narrate(
        f"The pharmacist turns {experiment.short_id} into a pilot that began "
        f"{WEEKS - BASELINE_WEEKS} weeks ago, after {BASELINE_WEEKS} weeks of baseline measures."
    )
    pilot = fill_the_form(talk, experiment)
    talk.narrate(
        f"A year of weekly self-reports goes in through the service ({WEEKS - SHOWN_BY_COMMAND} "
        f"weeks at once); the last {SHOWN_BY_COMMAND} are typed as commands."
    )
    typed = log_a_year(talk, pilot)
    for day, value in typed:
        talk.say(OWNER, f"log {pilot.short_id} task_minutes_per_day {value:g} min on {day}")
    talk.narrate("The owner's weekly check-in arrives as a direct message, with a button.")
    reminders = talk.bot.services.pilots.reminders
    pending = reminders.pending(pilot)
    if pending:
        since = talk.slack_api.mark()
        reminders.run_due(pending[0].due_at)
        talk.show(since)
    talk.say("U0FAC", "pilots")
    talk.say("U0FAC", f"decide {pilot.short_id} adopt refill minutes halved and stayed down")
    offer(talk)


def offer(talk: DemoConversation) -> None:
    """The facilitator offers the adopted change to the other primary-care group."""
    prompts = [c for c in talk.slack_api.calls_to("chat.postMessage") if "offer it to" in c.text]
    if not prompts:
        return
    talk.narrate("The facilitator presses Offer for the other primary-care group.")
    since = talk.slack_api.mark()
    talk.client.click(prompts[-1], "offer_spread", user="U0FAC")
    talk.show(since)


def find_or_propose(talk: DemoConversation) -> MicroExperiment | None:
    """The refill idea from the meeting, or one proposed now in a short meeting."""
    services = talk.bot.services
    team_id = talk.slack_api.team_id
    group = services.groups.find(team_id, talk.channel)
    if group is None:
        return None
    ideas = services.pilots.pilotable(team_id, group.id)
    if not ideas and "idea" in verb_table():
        for user, text in (("U0FAC", "start"), ("U0FAC", "next"), ("U0FAC", "next")):
            talk.say(user, text)
        talk.say(OWNER, f"idea {IDEA}")
        talk.say("U0FAC", "end")
        ideas = services.pilots.pilotable(team_id, group.id)
    refill = [e for e in ideas if "refill requests" in e.text.lower()]
    return (refill or ideas)[0] if ideas else None


def fill_the_form(talk: DemoConversation, experiment: MicroExperiment) -> Pilot:
    """Type `pilot E-n`, fill the form (refill minutes 30 -> 15, Mini-Z 3 -> 2) and submit it."""
    since = talk.slack_api.mark()
    talk.say(OWNER, f"pilot {experiment.short_id}")
    talk.slack_api.wait_for("views.open", since=since)
    drafted = talk.slack_api.wait_for("views.update", since=since)
    talk.narrate("The form asks for one measure; *Add another measure* makes room for a second.")
    since = talk.slack_api.mark()
    talk.client.click(drafted, ADD_MEASURE, user=OWNER)
    grown = talk.slack_api.wait_for("views.update", since=since)
    start = today() - timedelta(weeks=WEEKS - BASELINE_WEEKS)
    talk.narrate("The form is filled in: two measures, weekly check-ins, four participants.")
    since = talk.slack_api.mark()
    talk.client.submit(
        grown,
        {
            "hypothesis": {
                "hypothesis": "If a pharmacist handles refill requests under a standing order, "
                "then each physician's minutes a day on refill requests will move from 30 to 15."
            },
            "owner": {"owner": {"type": "users_select", "selected_user": OWNER}},
            "participants": {
                "participants": {"type": "multi_users_select", "selected_users": PARTICIPANTS}
            },
            "start_date": {"start_date": _date(start)},
            "end_date": {"end_date": _date(today() + timedelta(weeks=4))},
            "cadence": {"cadence": _option("weekly")},
            "role": {"role": _option("physician")},
            "measure_1": {"measure_1": _option("task_minutes_per_day")},
            "baseline_1": {"baseline_1": "30"},
            "target_1": {"target_1": "15"},
            "measure_2": {"measure_2": _option("mini_z_burnout")},
            "baseline_2": {"baseline_2": "3"},
            "target_2": {"target_2": "2"},
        },
        user=OWNER,
    )
    talk.show(since)
    pilots = talk.bot.services.pilots
    return next(
        p
        for p in pilots.for_group(talk.slack_api.team_id, experiment.group_id)
        if p.experiment_id == experiment.id
    )


def log_a_year(talk: DemoConversation, pilot: Pilot) -> list[tuple[str, float]]:
    """Store the year's values but the last few; return those few for typing as commands."""
    pilots = talk.bot.services.pilots
    minutes, mini_z = pilots.measures(pilot)
    weekly = refill_minutes(random.Random(SEED))
    # The first BASELINE_WEEKS values are dated before the start: the measured baseline.
    first = pilot.start_date - timedelta(weeks=BASELINE_WEEKS)
    days = [first + timedelta(weeks=week) for week in range(WEEKS)]
    cut = WEEKS - SHOWN_BY_COMMAND
    pilots.store_values(pilot, minutes, list(zip(days[:cut], weekly[:cut], strict=True)), OWNER)
    # The Mini-Z item is asked once every four weeks.
    ratings = burnout_ratings(random.Random(SEED + 1))
    pilots.store_values(pilot, mini_z, list(zip(days[::4], ratings, strict=True)), OWNER)
    return [(day.isoformat(), value) for day, value in zip(days[cut:], weekly[cut:], strict=True)]


def refill_minutes(rng: random.Random) -> list[float]:
    """A physician's minutes a day on refill requests: about 30 for 20 weeks (the group's
    logged ~2h/day across four physicians), falling over 6 weeks to about 15."""
    values: list[float] = []
    for week in range(WEEKS):
        level = 30 - 15 * min(max(week - 19, 0), 6) / 6
        values.append(round(max(0.0, rng.gauss(level, 2.0))))
    return values


def burnout_ratings(rng: random.Random) -> list[float]:
    """Thirteen Mini-Z answers, one every four weeks: mostly 3 at first, mostly 2 later."""
    ratings: list[float] = []
    for month in range(WEEKS // 4):
        likely = 3 if month < 5 else 2
        ratings.append(float(min(5, max(1, likely + rng.choice((-1, 0, 0, 0, 1))))))
    return ratings


def _date(day: date) -> dict[str, str]:
    return {"type": "datepicker", "selected_date": day.isoformat()}


def _option(value: str) -> dict[str, object]:
    return {"type": "static_select", "selected_option": {"value": value}}
