"""The slash command: ack at once in the request thread, then run the verb after the ack.

Bolt's lazy listeners keep the ack independent of how busy the workers are: the HTTP answer
goes back as soon as the verb is read, and the verb's own work runs on the listener executor.
The text is decoded from Slack's escaping once here; a verb that keeps what was typed runs only
on text that passed the identifier gate."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from bot.blocks import escape, section
from bot.blocks.answers import HELP_MORE, help_blocks, help_text, moment_help_blocks
from bot.blocks.gate import gate_blocks, gate_text
from bot.listeners.commands import (
    groups,
    ideas,
    leaders,
    letters,
    meeting,
    missed,
    pilots,
    pulse,
    search,
)
from bot.listeners.commands.verbs import Verb, split_verb
from bot.listeners.context import CommandContext
from bot.services.moment import verbs_for_moment
from bot.slack.kit import Interaction, Kit
from bot.slack.text import decode

AREAS = [groups, meeting, letters, search, ideas, leaders, pilots, missed, pulse]


def verb_table() -> dict[str, Verb]:
    """Every verb the command knows, by name, in the order areas list them."""
    table: dict[str, Verb] = {}
    for area in AREAS:
        for verb in area.VERBS:
            table[verb.name] = verb
    return table


def run_verb(verb: Verb, ctx: CommandContext) -> None:
    """Run a verb on checked text: text with patient identifiers gets the gate's choice instead.

    Failures propagate to the caller's kit, which answers them."""
    if verb.keeps_text and not ctx.gated and ctx.text.strip():
        checked = ctx.kit.gate.check(ctx.text)
        if checked is not None and not checked.clean and checked.reason:
            ctx.answer(
                gate_text(checked.reason), gate_blocks(checked.reason, verb.name, checked.redacted)
            )
            return
    verb.handler(ctx)


def register(app: App, kit: Kit) -> None:
    """Listen to the configured slash command."""
    table = verb_table()
    command = kit.services.settings.unburden_command
    usages = [(verb.usage, verb.summary) for verb in table.values()] + [("help", "this list")]
    # The verb list never changes while running: build it once, off the ack path.
    listing_text = help_text(command, usages)
    listing_blocks = help_blocks(command, usages)

    def is_known_verb(body: dict[str, Any]) -> bool:
        return split_verb(str(body.get("text") or ""))[0] in table

    def acknowledge(ack: Ack) -> None:
        """A known verb is acked empty at once; its answer follows from `run_command`."""
        ack()

    def list_verbs(ack: Ack, body: dict[str, Any]) -> None:
        """Help, no verb and unknown verbs are answered in the ack itself: the three verbs
        that fit the moment (two quick reads), with a More button for the whole list."""
        verb_name, _ = split_verb(decode(str(body.get("text") or "")).plain)
        problem = None if verb_name in ("", "help") else f"I don't know `{escape(verb_name[:40])}`."
        try:
            names = verbs_for_moment(
                kit.services.groups,
                kit.services.meetings,
                str(body.get("team_id") or ""),
                str(body.get("channel_id") or ""),
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

    def run_command(ix: Interaction) -> None:
        """Do the verb's work after the ack, on the text decoded from Slack's escaping."""
        verb_name, _ = split_verb(str(ix.body.get("text") or ""))
        text = ix.decode(str(ix.body.get("text") or ""))
        rest = split_verb(text.plain)[1]
        ctx = CommandContext.of(ix, verb_name, text.with_plain(rest))
        try:
            run_verb(table[verb_name], ctx)
        except Exception as error:  # noqa: BLE001 - the member must hear back whatever failed
            kit.answer_failure(ctx, error, f"verb {verb_name}")

    app.command(command, matchers=[is_known_verb])(
        ack=acknowledge, lazy=[kit.lazy(run_command, "run_command")]
    )
    app.command(command)(list_verbs)
    app.action(HELP_MORE)(show_all_verbs)
