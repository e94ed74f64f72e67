"""The slash command: ack at once in the request thread, then run the verb after the ack.

Bolt's lazy listeners keep the ack independent of how busy the workers are: the HTTP answer
goes back as soon as the verb is read, and the verb's own work runs on the listener executor."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks import escape, section
from bot.blocks.answers import HELP_MORE, help_blocks, help_text, moment_help_blocks
from bot.listeners.commands import (
    groups,
    ideas,
    leaders,
    letters,
    meeting,
    missed,
    pilots,
    search,
)
from bot.listeners.commands.verbs import Verb, split_verb
from bot.listeners.context import CommandContext, answer_failure, body_field
from bot.services.container import Services
from bot.services.moment import verbs_for_moment

AREAS = [groups, meeting, letters, search, ideas, leaders, pilots, missed]


def verb_table() -> dict[str, Verb]:
    """Every verb the command knows, by name, in the order areas list them."""
    table: dict[str, Verb] = {}
    for area in AREAS:
        for verb in area.VERBS:
            table[verb.name] = verb
    return table


def register(app: App, services: Services) -> None:
    """Listen to the configured slash command."""
    table = verb_table()
    command = services.settings.unburden_command
    usages = [(verb.usage, verb.summary) for verb in table.values()] + [("help", "this list")]
    # The verb list never changes while running: build it once, off the ack path.
    listing_text = help_text(command, usages)
    listing_blocks = help_blocks(command, usages)

    def is_known_verb(body: dict[str, Any]) -> bool:
        return split_verb(body_field(body, "text"))[0] in table

    def acknowledge(ack: Ack) -> None:
        """A known verb is acked empty at once; its answer follows from `run_verb`."""
        ack()

    def list_verbs(ack: Ack, body: dict[str, Any]) -> None:
        """Help, no verb and unknown verbs are answered in the ack itself: the three verbs
        that fit the moment (two quick reads), with a More button for the whole list."""
        verb_name, _ = split_verb(body_field(body, "text"))
        problem = None if verb_name in ("", "help") else f"I don't know `{escape(verb_name[:40])}`."
        try:
            names = verbs_for_moment(
                services.groups,
                services.meetings,
                body_field(body, "team_id"),
                body_field(body, "channel_id"),
            )
        except Exception:  # noqa: BLE001 - the store being down must not cost the member help
            blocks = [section(problem), *listing_blocks] if problem else listing_blocks
            ack(text=listing_text, blocks=blocks, response_type="ephemeral")
            return
        fitting = [(table[n].usage, table[n].summary) for n in names if n in table]
        blocks = moment_help_blocks(command, fitting, problem)
        ack(text=listing_text, blocks=blocks, response_type="ephemeral")

    def show_all_verbs(ack: Ack, respond: Respond) -> None:
        """The More button: every verb, privately."""
        ack()
        respond(
            text=listing_text,
            blocks=listing_blocks,
            response_type="ephemeral",
            replace_original=True,
        )

    def run_verb(body: dict[str, Any], respond: Respond, client: WebClient, context: Any) -> None:
        """Do the verb's work after the ack; every failure becomes an answer, never silence."""
        verb_name, rest = split_verb(body_field(body, "text"))
        verb = table[verb_name]
        ctx = CommandContext(
            services=services,
            client=client,
            respond=respond,
            team_id=body_field(body, "team_id"),
            channel_id=body_field(body, "channel_id"),
            user_id=body_field(body, "user_id"),
            verb=verb_name,
            text=rest,
            trigger_id=body.get("trigger_id"),
            bot_user_id=context.get("bot_user_id"),
        )
        try:
            verb.handler(ctx)
        except Exception as error:  # noqa: BLE001 - the member must hear back whatever failed
            answer_failure(ctx, error)

    app.command(command, matchers=[is_known_verb])(ack=acknowledge, lazy=[run_verb])
    app.command(command)(list_verbs)
    app.action(HELP_MORE)(show_all_verbs)
