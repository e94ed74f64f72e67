"""The fake identifier set typed into every path that takes free text, the way Slack delivers it
(signed slash commands, form submissions, a message shortcut, thread replies and a file shared
with a comment), choosing Save without them wherever the gate asks. Afterwards no piece of it is
in any Web API call the bot made, any answer it gave over HTTP, the server log, the CSV exports,
the HTML report, the Chroma collections or the stand-in model's requests; the redacted idea is
stored and `find` finds it.

The guards at the end fail when a verb that keeps text, or a text field of a form, is added
without being planted here."""

from __future__ import annotations

import importlib
import json
import logging
import pkgutil
import time
from pathlib import Path
from typing import Any

import pytest

import bot.blocks
from bot.blocks.assist import RECORD_SORTED_IDEA
from bot.blocks.burdens import BURDEN_MODAL
from bot.blocks.gate import GATE_MODAL, GATE_SAVE
from bot.blocks.ideas import CONCERN_MODAL, IDEA_MODAL, INPUT_BLOCK
from bot.blocks.letters import LETTER_MODAL
from bot.blocks.missed import MISSED_MODAL, TEXT_BLOCK
from bot.blocks.pilot_form import PILOT_MODAL
from bot.blocks.pilots import LOG_MODAL
from bot.blocks.pulse import PULSE_MODAL
from bot.domain.models import Pilot
from bot.domain.pilots import MEASURE_SLOTS
from bot.listeners.commands import verb_table
from bot.listeners.shortcuts.burdens import ADD_BURDEN_SHORTCUT
from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import BotResponse, SignedSlackClient
from bot.offline.slack_payloads import as_ephemeral, block_actions_payload
from bot.reports.writer import write_workspace_reports
from bot.services.search import SearchService
from tests.assist.openai_standin import OpenAIStandIn
from tests.conftest import CHANNEL, FACILITATOR, MEMBERS
from tests.pilot_support import start_pilot
from tests.privacy.planted import FAKE_SET, SHORT_SET, leaks, planted

# `settings`: the usual test settings with the stand-in model, shared with that module.
from tests.privacy.test_planted_everywhere import chroma_text, settings  # noqa: F401

# Every verb that stores or posts what was typed, with the call that shows it was done.
PLANTED_VERBS = {
    "setup": (f"setup primary care {SHORT_SET}", "response_url"),
    "add": (f"add {planted('Refill calls ~30m/day')}", "response_url"),
    "missed": (f"missed {planted('No time to call back about labs')}", "response_url"),
    "idea": (f"idea {planted('MAs pool the refill inbox')}", "chat.postMessage"),
    "decide": (f"decide P-{{pilot}} adapt {planted('Only helped one family')}", "response_url"),
}
VIEW_METHODS = ("views.open", "views.push", "views.update")
# Every text field of every form, by the form's callback id and the field's block id.
PILOT_NUMBERS = f"{PILOT_MODAL} numbers"
PLANTED_FIELDS = {
    BURDEN_MODAL: ("title", "who"),
    IDEA_MODAL: (INPUT_BLOCK,),
    CONCERN_MODAL: (INPUT_BLOCK,),
    MISSED_MODAL: (TEXT_BLOCK,),
    PILOT_MODAL: ("hypothesis", "custom_name", "custom_unit"),
    # Numbers typed as text: refused as numbers, never quoted back with what they held.
    PILOT_NUMBERS: (
        *(f"{kind}_{slot}" for slot in MEASURE_SLOTS for kind in ("baseline", "target")),
        "custom_baseline",
        "custom_target",
    ),
    LETTER_MODAL: ("letter",),
    GATE_MODAL: ("text",),
    LOG_MODAL: ("value",),
}


class Member:
    """A member typing into Slack, keeping every answer the bot gave over HTTP."""

    def __init__(self, slack: SignedSlackClient, slack_api: FakeSlackApi) -> None:
        self.slack, self.api = slack, slack_api
        self.answers: list[str] = []

    def kept(self, response: BotResponse) -> BotResponse:
        assert response.status == 200, response.body
        self.answers.append(response.body)
        return response

    def type(self, text: str, method: str = "response_url") -> ApiCall:
        """Type `/unburden <text>` in the group's channel; the first call to `method` after."""
        since = self.api.mark()
        self.kept(self.slack.command(text, user=FACILITATOR, channel=CHANNEL))
        return self.api.wait_for(method, since=since, timeout=30)

    def save_without_them(self, text: str, done: str) -> None:
        """Type a verb with identifiers; the gate asks; click Save without them."""
        prompt = self.type(text)
        button = next(
            e
            for b in prompt.args.get("blocks", [])
            for e in b.get("elements", [])
            if e.get("action_id") == GATE_SAVE
        )
        payload = block_actions_payload(
            self.slack.origin(FACILITATOR, CHANNEL),
            {
                "action_id": GATE_SAVE,
                "block_id": "gate",
                "type": "button",
                "value": button["value"],
            },
            self.api.new_trigger_id(),
            self.api.new_response_url(CHANNEL),
            {"type": "message", "ts": f"{time.time():.6f}", "text": ""},
            None,
        )
        since = self.api.mark()
        self.kept(self.slack.interaction(as_ephemeral(payload)))
        self.api.wait_for(
            done, lambda call: "delete_original" not in call.args, since=since, timeout=60
        )

    def refused(self, callback_id: str, values: dict[str, Any], metadata: str) -> dict[str, Any]:
        """Submit a form; the answer must be errors, nothing saved."""
        answer = self.kept(self.slack.view_submission(callback_id, values, FACILITATOR, metadata))
        assert answer.json()["response_action"] == "errors", (callback_id, answer.body)
        return answer.json()["errors"]


def form_values(fields: tuple[str, ...], text: str) -> dict[str, dict[str, Any]]:
    """A form's state with `text` typed into each field, under every action id the bot's forms
    use for a text field (the handlers read only their own)."""
    return {field: {action: text for action in ("value", "text", field)} for field in fields}


def text_inputs(view: dict[str, Any]) -> dict[str, str]:
    """The free-text fields of a view the bot opened, by block id, with their prefilled text."""
    return {
        block["block_id"]: str(block["element"].get("initial_value") or "")
        for block in view.get("blocks", [])
        if block.get("type") == "input" and block["element"]["type"] == "plain_text_input"
    }


def planted_fields(callback_id: str) -> set[str]:
    """The fields this test plants in the form."""
    numbers = PLANTED_FIELDS[PILOT_NUMBERS] if callback_id == PILOT_MODAL else ()
    return {*PLANTED_FIELDS.get(callback_id, ()), *numbers}


def pilot_measure(bot: LocalBot, pilot: Pilot) -> str:
    """The id of the pilot's first measure."""
    return bot.services.pilots.measures(pilot)[0].measure_id


def thread_reply(question: ApiCall, text: str, **extra: Any) -> dict[str, Any]:
    """A member's reply in the meeting's thread, as the Events API delivers it."""
    return {
        "type": "message",
        "channel": CHANNEL,
        "user": MEMBERS[3],
        "text": text,
        "ts": f"{time.time():.6f}",
        "thread_ts": question.args["thread_ts"],
        **extra,
    }


@pytest.mark.slow
def test_identifiers_typed_anywhere_in_slack_reach_nothing_the_bot_keeps_or_sends(
    bot: LocalBot,
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    standin: OpenAIStandIn,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    caplog.set_level(logging.DEBUG)
    member = Member(slack, slack_api)
    team = slack_api.team_id
    member.save_without_them(*PLANTED_VERBS["setup"])
    group = bot.services.groups.find(team, CHANNEL)
    assert group is not None and "[NAME]" in group.setting
    member.save_without_them(*PLANTED_VERBS["add"])
    member.save_without_them(*PLANTED_VERBS["missed"])
    since = slack_api.mark()
    member.kept(slack.command("start", user=FACILITATOR, channel=CHANNEL))
    # The meeting's first question, posted in its thread, where members reply.
    question = slack_api.wait_for(
        "chat.postMessage", lambda call: bool(call.args.get("thread_ts")), since=since, timeout=30
    )
    member.save_without_them(*PLANTED_VERBS["idea"])

    # A reply in the meeting's thread, and a file shared there with a comment: the bot offers
    # each as an idea with the identifiers replaced.
    for extra in ({}, {"subtype": "file_share", "files": [{"id": "F1", "name": "x.txt"}]}):
        since = slack_api.mark()
        member.kept(slack.event(thread_reply(question, planted("MAs could call back"), **extra)))
        offer = slack_api.wait_for(
            "chat.postMessage", lambda c: bool(c.args.get("thread_ts")), since=since, timeout=30
        )
    # Recording the offered idea stores the text the bot offered, never the reply.
    since = slack_api.mark()
    member.kept(slack.click(offer, RECORD_SORTED_IDEA, MEMBERS[3]))
    slack_api.wait_for("chat.update", since=since, timeout=30)

    # "Add as burden" on a message that holds them opens the form with them replaced.
    since = slack_api.mark()
    message = {"type": "message", "user": MEMBERS[2], "ts": "1700000100.000100"}
    member.kept(
        slack.message_shortcut(
            ADD_BURDEN_SHORTCUT, message | {"text": FAKE_SET}, FACILITATOR, CHANNEL
        )
    )
    prefilled = slack_api.wait_for("views.open", since=since, timeout=30)
    title = text_inputs(prefilled.args["view"])["title"]
    assert "[NAME]" in title and not leaks(title)
    since = slack_api.mark()
    member.kept(slack.submit(prefilled, {"title": {"value": title}}, FACILITATOR))
    slack_api.wait_for("chat.postMessage", since=since, timeout=30)

    # Every text field of every form refuses them, naming the kind and never repeating it.
    idea = bot.services.experiments.store.by_number(team, 1)
    assert idea is not None and "[NAME]" in idea.text
    pilot = start_pilot(bot, idea, CHANNEL)
    metadata = {
        CONCERN_MODAL: str(idea.id),
        GATE_MODAL: json.dumps({"verb": "idea", "channel": CHANNEL}),
        PILOT_MODAL: json.dumps({"experiment": idea.number, "channel": CHANNEL}),
        LOG_MODAL: json.dumps({"pilot": pilot.number, "user": FACILITATOR}),
    }
    for form, fields in PLANTED_FIELDS.items():
        callback_id = PILOT_MODAL if form == PILOT_NUMBERS else form
        values = form_values(fields, FAKE_SET)
        if form == LOG_MODAL:
            values["measure"] = {
                "measure": {
                    "type": "static_select",
                    "selected_option": {"value": pilot_measure(bot, pilot)},
                }
            }
        member.refused(callback_id, values, metadata.get(callback_id, CHANNEL))

    verb, done = PLANTED_VERBS["decide"]
    member.save_without_them(verb.format(pilot=pilot.number), done)
    # Verbs that keep nothing must not quote what was typed back either.
    measure = pilot_measure(bot, pilot)
    for typed in (
        f"find {FAKE_SET}",
        f"letter add {planted('Dear team')}",
        f"log P-{pilot.number} {measure} {SHORT_SET}",
        f"log P-{pilot.number} {measure} 12 {SHORT_SET}",
        f"log P-{pilot.number} {SHORT_SET} 12",
        f"log P-{pilot.number} {measure} 12 on {SHORT_SET}",
    ):
        member.type(typed)
    # The forms as the bot opens them: the guard below reads their text fields.
    member.type("idea Stop printing the after-visit summary", "chat.postMessage")
    [clean] = [
        n
        for n in range(1, 6)
        if (e := bot.services.experiments.store.by_number(team, n)) and "printing" in e.text
    ]
    for typed in ("add", "missed", "letter", f"pilot E-{clean}"):
        member.type(typed, "views.open")
    since = slack_api.mark()
    member.kept(slack.event({"type": "app_home_opened", "user": FACILITATOR, "tab": "home"}))
    slack_api.wait_for("views.publish", since=since, timeout=30)

    [folder] = write_workspace_reports(bot.services, tmp_path / "report")
    found = SearchService(bot.services.index).find(team, "MAs pool the refill inbox")
    outputs = {
        "web api calls": json.dumps([call.args for call in slack_api.calls]),
        "http answers": "\n".join(member.answers),
        "server log": caplog.text,
        "chroma": chroma_text(bot, team),
        "model requests": "\n".join(standin.raw_bodies),
    } | {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()}

    assert standin.raw_bodies, "the model was asked (thread replies are sorted by it)"
    assert {name: leaks(text) for name, text in outputs.items() if leaks(text)} == {}
    [hit] = [hit for hit in found.hits if hit.number == idea.number]
    assert "MAs pool the refill inbox" in hit.text and "[NAME]" in hit.text
    opened = [call.args["view"] for call in slack_api.calls if call.method in VIEW_METHODS]
    assert {view["callback_id"] for view in opened} >= {
        BURDEN_MODAL,
        MISSED_MODAL,
        LETTER_MODAL,
        PILOT_MODAL,
    }
    unplanted = {
        (view["callback_id"], field)
        for view in opened
        for field in text_inputs(view)
        if field not in planted_fields(view["callback_id"])
    }
    assert unplanted == set(), "a form's text field is not planted above"


def test_every_form_is_planted_or_takes_no_text() -> None:
    forms = {
        value
        for module in pkgutil.iter_modules(bot.blocks.__path__, "bot.blocks.")
        for name, value in vars(importlib.import_module(module.name)).items()
        if name.endswith("_MODAL") and not name.startswith("OPEN_")
    }
    assert forms == (set(PLANTED_FIELDS) - {PILOT_NUMBERS}) | {PULSE_MODAL}


def test_every_verb_that_keeps_text_is_planted() -> None:
    assert {name for name, verb in verb_table().items() if verb.keeps_text} == set(PLANTED_VERBS)
