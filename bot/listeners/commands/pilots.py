"""Verbs of pilots: `pilot`, `log`, `decide` and `pilots`."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.blocks.corrections import removed_answer
from bot.blocks.pilot_form import pilot_modal
from bot.blocks.pilots import decision_message, log_answer, pilots_message
from bot.blocks.spread import offer_prompt
from bot.clock import today
from bot.domain.log_text import LogTextProblem
from bot.domain.pilots import split_log_text
from bot.errors import InvalidInput
from bot.listeners.commands.verbs import Verb
from bot.listeners.context import CommandContext
from bot.services.pilots import PILOTABLE, PilotForm

log = logging.getLogger(__name__)


def pilot(ctx: CommandContext) -> None:
    """`pilot <E-id>`: open the form that turns the experiment into a pilot."""
    form = ctx.services.pilots.form(ctx.team_id, ctx.text)
    ctx.require_member(form.group.channel_id, f"pilot {form.experiment.short_id}")
    opened = ctx.open_form(
        pilot_modal(form, form.group.channel_id, ctx.user_id, rates=ctx.services.portfolio.rates)
    )
    fill_drafted_hypothesis(ctx, form, opened)


def fill_drafted_hypothesis(ctx: CommandContext, form: PilotForm, view: dict[str, Any]) -> None:
    """Put the assistant's hypothesis and suggested measures into the open form.

    The draft may take seconds with a model, so the form opens first; the view's hash makes
    Slack refuse the update once the form has changed, and a form already closed is left be."""
    draft = ctx.services.assistant.draft_hypothesis(form.experiment.text, form.group.setting)
    drafted = form.model_copy(update={"hypothesis": draft.hypothesis})
    try:
        ctx.client.views_update(
            view_id=view.get("id"),
            hash=view.get("hash"),
            view=pilot_modal(
                drafted,
                form.group.channel_id,
                ctx.user_id,
                suggested=draft.measure_ids,
                rates=ctx.services.portfolio.rates,
            ),
        )
    except SlackApiError as error:
        # hash_conflict: the member changed the form; not_found: they closed or submitted it.
        log.info(
            "pilot form for %s kept as typed: %s",
            form.experiment.short_id,
            error.response.get("error"),
        )


def log_value(ctx: CommandContext) -> None:
    """`log <P-id> <measure> <value> [on YYYY-MM-DD]`: record one observation;
    `log <P-id> undo`: remove the member's own last value of that pilot, on record."""
    words = ctx.text.split()
    if len(words) == 2 and words[1].lower() == "undo":
        text, blocks = removed_answer(
            ctx.services.corrections.undo_last(ctx.team_id, ctx.user_id, words[0])
        )
        ctx.answer(text, blocks)
        return
    try:
        request = split_log_text(ctx.text, today())
    except LogTextProblem as problem:
        raise InvalidInput(problem.message) from problem
    if request is None:
        raise InvalidInput(
            f"Type `{ctx.command} log P-3 <measure> <value>`, optionally with `on YYYY-MM-DD`, "
            f"e.g. `{ctx.command} log P-3 task_minutes_per_day 45`."
        )
    pilots = ctx.services.pilots
    found = pilots.pilot(ctx.team_id, f"P-{request.pilot_number}")
    group = pilots.group_of(found)
    ctx.require_member(group.channel_id, f"log values for {found.short_id}")
    result = pilots.record(ctx.team_id, ctx.user_id, request)
    text, blocks = log_answer(result)
    ctx.answer(text, blocks)


def decide(ctx: CommandContext) -> None:
    """`decide <P-id> adopt|adapt|abandon [reason]`: close the pilot's current PDSA cycle."""
    pilots = ctx.services.pilots
    words = ctx.text.split()
    found = pilots.pilot(ctx.team_id, words[0] if words else "")
    group = pilots.group_of(found)
    ctx.require_member(group.channel_id, f"decide on {found.short_id}")
    record = pilots.decide(ctx.team_id, ctx.user_id, ctx.text)
    text, blocks = decision_message(record, ctx.command)
    if ctx.channel_id == group.channel_id:
        ctx.announce(text, blocks)
    else:
        ctx.client.chat_postMessage(channel=group.channel_id, text=text, blocks=blocks)
        ctx.answer(f"{text} Posted in <#{group.channel_id}>.")
    targets = ctx.services.spread.targets(ctx.team_id, record.pilot.number)
    if targets:
        text, blocks = offer_prompt(record.pilot, targets)
        ctx.client.chat_postMessage(channel=group.channel_id, text=text, blocks=blocks)


def list_pilots(ctx: CommandContext) -> None:
    """`pilots`: this group's pilots with status, cycle, latest values and judgement."""
    group = ctx.require_group()
    outcomes = ctx.services.pilots.outcomes.group_outcomes(ctx.team_id, group.id)
    # With no pilot yet, the example names one of the group's own ideas that can become one.
    idea = (
        None
        if outcomes
        else ctx.services.experiments.store.latest_with_status(ctx.team_id, group.id, PILOTABLE)
    )
    text, blocks = pilots_message(
        outcomes, group.setting, ctx.command, idea.short_id if idea else None
    )
    ctx.answer(text, blocks)


VERBS = [
    Verb("pilot", "pilot <E-id>", "turn an experiment into a measured pilot (a form opens)", pilot),
    Verb(
        "log",
        "log <P-id> <measure> <value> [on YYYY-MM-DD]",
        "record one value of a pilot's measure; `log <P-id> undo` removes your last one",
        log_value,
    ),
    Verb(
        "decide",
        "decide <P-id> adopt|adapt|abandon [reason]",
        "close a pilot's cycle with its decision",
        decide,
        keeps_text=True,
    ),
    Verb("pilots", "pilots", "this group's pilots, with status and latest result", list_pilots),
]
