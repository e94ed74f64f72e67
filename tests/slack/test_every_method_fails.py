"""Every Web API method the bot calls, failed three ways (ok:false, HTTP 500 past the client's
retries, 429 past the retries), through the path a member really takes: nothing the group must
see is lost, the member hears the truth in one short line with what to do, and an ordinary
Slack refusal logs no ERROR. A guard fails when bot/ calls a method this table does not name."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from slack_sdk import WebClient
from sqlalchemy import func, select

from bot.blocks.portfolio import GET_REPORT
from bot.domain.models import WorkingGroup
from bot.domain.questions import Question
from bot.offline.call_log import ApiCall
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.outbox import MeetingThread, OutgoingMessage
from bot.slack import members as channel_members
from bot.slack.errors import SLACK_ERROR_ANSWERS
from bot.store.tables import OutboxRow, ReminderRow, VoteRow
from tests.conftest import CHANNEL, FACILITATOR, MEMBERS
from tests.listeners.ideas_support import open_meeting
from tests.listeners.meeting_support import record_idea, start_meeting, type_verb
from tests.outbox.test_lost_posts import settled
from tests.pilot_support import add_experiment, pilot_form_values

BOT = Path(__file__).resolve().parents[2] / "bot"
FAULTS = ("ok:false", "500 past the retries", "429 past the retries")
LETTER = "letter add You called me back the same afternoon."
SCHEDULE = "letter schedule monday 08:00 America/New_York"


@dataclass
class Harness:
    """The bot, Slack's stand-in and the signed client, with one fault to inject."""

    slack: SignedSlackClient
    slack_api: FakeSlackApi
    bot: LocalBot
    group: WorkingGroup
    fault: str
    error: str  # the ok:false code: what Slack really answers this method with

    def inject(self, method: str) -> None:
        """Fail the method's next call for good (past slack_sdk's retry handlers)."""
        if self.fault == "500 past the retries":
            self.slack_api.fail(method, "internal_error", times=3, status=500)
        elif self.fault == "429 past the retries":
            self.slack_api.rate_limit(method, times=4, retry_after=0)
        else:
            self.slack_api.fail(method, self.error, times=1)

    @property
    def attempts(self) -> int:
        """How many calls the fault answers (slack_sdk retries 500 twice and 429 three times)."""
        return {"500 past the retries": 3, "429 past the retries": 4}.get(self.fault, 1)

    @property
    def team_id(self) -> str:
        return self.group.team_id


def later(minutes: int = 1) -> datetime:
    return datetime.now(UTC) + timedelta(minutes=minutes)


def answers_since(slack_api: FakeSlackApi, since: int) -> list[ApiCall]:
    """What the bot told one person since a mark (ephemeral, response_url or a DM)."""
    return [
        c
        for c in slack_api.calls[since:]
        if c.ok
        and (
            c.method in ("response_url", "chat.postEphemeral")
            or (c.method == "chat.postMessage" and c.channel != CHANNEL)
        )
    ]


def told(
    slack_api: FakeSlackApi, since: int, predicate: Callable[[str], bool], timeout: float = 20
) -> str:
    """Wait for one person's answer whose text matches; it must be one short line."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for call in answers_since(slack_api, since):
            text = str(call.args.get("text") or "")
            if predicate(text):
                assert "\n" not in text and len(text) <= 300, text
                assert "went wrong" not in text.lower()
                return text
        time.sleep(0.05)
    raise AssertionError(f"nobody was told\n{slack_api.describe_recent()}")


def slack_trouble(text: str) -> bool:
    """One of the kit's answers to a Slack error (bot/slack/errors.py)."""
    return text in SLACK_ERROR_ANSWERS.values()


def channel_posts(slack_api: FakeSlackApi, since: int, needle: str) -> list[ApiCall]:
    return [
        c
        for c in slack_api.calls[since:]
        if c.method == "chat.postMessage" and c.ok and c.channel == CHANNEL and needle in c.text
    ]


def count(bot: LocalBot, column: object) -> int:
    with bot.services.database.transaction() as session:
        return int(session.scalar(select(func.count(column))) or 0)  # type: ignore[call-overload]


# -- the paths ---------------------------------------------------------------------------


def open_pilot_form(h: Harness) -> ApiCall:
    add_experiment(h.bot, h.group)
    (opened,) = type_verb(h.slack, h.slack_api, "pilot E-1", "views.open")
    return opened


def pilot_announcement_waits(h: Harness) -> None:
    """chat.postMessage: the pilot, its check-in and its announcement were saved together; the
    announcement posts on the next sweep, and the member hears it is saved."""
    opened = open_pilot_form(h)
    h.inject("chat.postMessage")
    since = h.slack_api.mark()

    response = h.slack.submit(opened, pilot_form_values(), user=FACILITATOR)

    assert response.status == 200 and not response.body.strip()
    text = told(h.slack_api, since, lambda t: "pilot announcement is not posted yet" in t)
    assert "no need to type it again" in text
    pilot = h.bot.services.pilots.pilot(h.team_id, "P-1")
    assert h.bot.services.pilots.reminders.pending(pilot)
    assert channel_posts(h.slack_api, since, "Pilot P-1 started") == []
    sender = h.bot.services.outbox.sender
    assert sender is not None and sender.sweep(later()) == 1
    assert len(channel_posts(h.slack_api, since, "Pilot P-1 started")) == 1


def notice_fails_message_stays(h: Harness) -> None:
    """chat.postEphemeral: the notice about a failed post fails too; the message itself stays
    in the outbox and posts on the next sweep."""
    start_meeting(h.slack, h.slack_api)
    settled(h.bot)
    with h.bot.services.database.transaction() as session:
        h.bot.services.outbox.add(
            session,
            h.team_id,
            [OutgoingMessage(channel_id=CHANNEL, kind="question", text="A question")],
            notify_user_id=FACILITATOR,
            now=datetime.now(UTC) - timedelta(minutes=1),
        )
    h.slack_api.fail("chat.postMessage", "internal_error", times=3, status=500)
    h.inject("chat.postEphemeral")
    since = h.slack_api.mark()
    sender = h.bot.services.outbox.sender
    assert sender is not None

    assert sender.sweep() == 0
    assert sender.sweep(later()) == 1
    assert len(channel_posts(h.slack_api, since, "A question")) == 1


def vote_counts_though_the_ballot_is_stale(h: Harness) -> None:
    """chat.update: the vote is stored and the member is told so (clicking again would withdraw
    it); the next click shows the true counts."""
    meeting = open_meeting(h.slack, h.slack_api, h.bot, h.group, Question.STOP)
    record_idea(h.bot, meeting, "Stop faxing refill requests")
    (ballot,) = type_verb(h.slack, h.slack_api, "vote", "chat.postMessage")
    h.inject("chat.update")
    since = h.slack_api.mark()

    h.slack.click(ballot, "vote", user=MEMBERS[2])

    text = told(h.slack_api, since, lambda t: "counted" in t)
    assert "did not refresh" in text
    assert count(h.bot, VoteRow.id) == 1
    h.slack_api.recover("chat.update")
    since = h.slack_api.mark()
    h.slack.click(ballot, "vote", user=MEMBERS[3])
    h.slack_api.wait_for("chat.update", since=since, timeout=15)
    assert "2 votes" in str(h.slack_api.message_at(CHANNEL, ballot.response["ts"])["blocks"])


def form_not_opened(h: Harness) -> None:
    """views.open: the member hears what happened and that typing again opens it."""
    h.inject("views.open")
    since = h.slack_api.mark()

    h.slack.command("add", channel=CHANNEL, user=FACILITATOR)

    told(h.slack_api, since, slack_trouble)
    h.slack_api.recover("views.open")
    type_verb(h.slack, h.slack_api, "add", "views.open")


def drafted_form_kept_as_typed(h: Harness) -> None:
    """views.update: the drafted hypothesis does not arrive, the form stays open and works."""
    add_experiment(h.bot, h.group)
    h.inject("views.update")
    since = h.slack_api.mark()

    (opened,) = type_verb(h.slack, h.slack_api, "pilot E-1", "views.open")
    h.slack_api.wait_for(
        "views.update", since=since, ok_only=False, after=h.attempts - 1, timeout=15
    )

    assert answers_since(h.slack_api, since) == []
    h.slack.submit(opened, pilot_form_values(), user=FACILITATOR)
    h.slack_api.wait_for("chat.postMessage", lambda c: "Pilot P-1 started" in c.text, since=since)


def home_published_next_time(h: Harness) -> None:
    """views.publish: App Home keeps its last view; the next visit publishes it."""
    opened = {"type": "app_home_opened", "user": FACILITATOR, "channel": "D0HOME", "tab": "home"}
    h.inject("views.publish")
    since = h.slack_api.mark()

    assert h.slack.event(opened).status == 200
    h.slack_api.wait_for(
        "views.publish", since=since, ok_only=False, after=h.attempts - 1, timeout=15
    )

    assert h.slack_api.home_view(FACILITATOR) is None
    h.slack_api.recover("views.publish")
    assert h.slack.event(opened).status == 200
    h.slack_api.wait_for("views.publish", since=since, timeout=15)
    assert h.slack_api.home_view(FACILITATOR) is not None


def summary_not_sent(h: Harness) -> None:
    """conversations.open: no DM, so no summary; the member hears it and asking again works."""
    h.inject("conversations.open")
    since = h.slack_api.mark()

    h.slack.command("summary", channel=CHANNEL, user=FACILITATOR)

    told(h.slack_api, since, slack_trouble)
    assert not [a for a in answers_since(h.slack_api, since) if "Sent you" in a.text]
    h.slack_api.recover("conversations.open")
    type_verb(h.slack, h.slack_api, "summary")
    assert [a for a in answers_since(h.slack_api, since) if "Sent you" in a.text]


def vote_refused_until_membership_known(
    h: Harness, monkeypatch: pytest.MonkeyPatch | None = None
) -> None:
    """conversations.members: a newcomer's vote is not counted while Slack will not say who is
    in the channel; they are told to try again, and then it counts."""
    assert monkeypatch is not None
    monkeypatch.setattr(channel_members, "RECHECK_MISS_AFTER_SECONDS", 0.0)
    meeting = open_meeting(h.slack, h.slack_api, h.bot, h.group, Question.STOP)
    record_idea(h.bot, meeting, "Stop faxing refill requests")
    (ballot,) = type_verb(h.slack, h.slack_api, "vote", "chat.postMessage")
    newcomer = "U0NEW001"
    h.slack_api.add_user(newcomer, "newcomer")
    h.slack_api.set_members(CHANNEL, [*MEMBERS, h.slack_api.bot_user_id, newcomer])
    h.inject("conversations.members")
    since = h.slack_api.mark()

    h.slack.click(ballot, "vote", user=newcomer)

    text = told(h.slack_api, since, lambda t: "did not tell me who is in" in t)
    assert "Try again in a minute" in text
    assert count(h.bot, VoteRow.id) == 0
    h.slack_api.recover("conversations.members")
    since = h.slack_api.mark()
    h.slack.click(ballot, "vote", user=newcomer)
    told(h.slack_api, since, lambda t: "counted" in t)
    assert count(h.bot, VoteRow.id) == 1


def lost_answer(h: Harness, method: str) -> None:
    """conversations.history / conversations.replies: a message whose earlier attempt may have
    posted is never posted blind; while the channel cannot be read it waits, then it is found."""
    start_meeting(h.slack, h.slack_api)
    settled(h.bot)
    meeting = h.bot.services.meetings.open_meeting(h.team_id, CHANNEL)
    assert meeting is not None and meeting.thread_ts
    in_thread = method == "conversations.replies"
    thread = MeetingThread(meeting_id=meeting.id, thread_ts=meeting.thread_ts)
    message = OutgoingMessage(
        channel_id=CHANNEL, kind="question", text="Once only", in_meeting_thread=in_thread
    )
    with h.bot.services.database.transaction() as session:
        (message_id,) = h.bot.services.outbox.add(
            session, h.team_id, [message], thread, now=datetime.now(UTC) - timedelta(minutes=5)
        )
    store = h.bot.services.outbox.store
    store.claim([message_id], datetime.now(UTC) - timedelta(minutes=4), "a replica that died")
    WebClient(token=h.slack_api.bot_token, base_url=h.slack_api.url).chat_postMessage(
        channel=CHANNEL,
        text="Once only",
        thread_ts=meeting.thread_ts if in_thread else None,
        metadata={"event_type": "unburden_outbox", "event_payload": {"id": message_id}},
    )
    h.inject(method)
    sender = h.bot.services.outbox.sender
    assert sender is not None

    assert sender.sweep(later()) == 0
    assert sender.sweep(later(10)) == 1
    assert len([t for t in h.slack_api.texts(CHANNEL) if t == "Once only"]) == 1


def leader_not_granted(h: Harness) -> None:
    """users.info: whether the asker is an admin is unknown, so nothing is granted; they hear it."""
    h.slack_api.add_user("U0ADMIN", name="admin", is_admin=True)
    h.inject("users.info")
    since = h.slack_api.mark()

    h.slack.command(f"leader <@{MEMBERS[5]}|member006>", channel=CHANNEL, user="U0ADMIN")

    told(h.slack_api, since, slack_trouble)
    assert not h.bot.services.groups.is_leader(h.team_id, MEMBERS[5])
    h.slack_api.recover("users.info")
    (answer,) = type_verb(h.slack, h.slack_api, f"leader <@{MEMBERS[5]}|m>", user="U0ADMIN")
    assert "now has the leaders' view" in answer.text


def pulse_skips_the_bot(h: Harness) -> None:
    """auth.test: the pulse still reaches every person, and never the bot itself."""
    h.slack_api.set_members(CHANNEL, [*MEMBERS, h.slack_api.bot_user_id])
    h.inject("auth.test")
    since = h.slack_api.mark()

    type_verb(h.slack, h.slack_api, "pulse now")
    h.bot.services.pulse.run_due()

    opened = [c for c in h.slack_api.calls[since:] if c.method == "conversations.open" and c.ok]
    invited = {c.args.get("users") for c in opened}
    assert h.slack_api.bot_user_id not in invited
    assert set(MEMBERS) <= invited


def report_not_shared(h: Harness, method: str) -> None:
    """files.getUploadURLExternal / files.completeUploadExternal: the report is not shared and
    the leader hears so; pressing again shares it once."""
    h.bot.services.groups.grant_leader(h.team_id, FACILITATOR, FACILITATOR)
    h.inject(method)
    since = h.slack_api.mark()

    h.slack.block_action(GET_REPORT, user=FACILITATOR, channel="D0HOME")

    told(h.slack_api, since, slack_trouble)
    assert not [f for f in h.slack_api.uploaded_files if f.completed]
    h.slack_api.recover(method)
    h.slack.block_action(GET_REPORT, user=FACILITATOR, channel="D0HOME")
    h.slack_api.wait_for("files.completeUploadExternal", since=since, timeout=30)
    assert len([f for f in h.slack_api.uploaded_files if f.completed]) == 1


def report_names_fall_back(h: Harness, method: str) -> None:
    """team.info / conversations.info: the report is shared all the same (a name Slack would
    not give is the last known one, or the id: tests/reports/test_report_names.py), and nobody
    is told of a fault."""
    h.bot.services.groups.grant_leader(h.team_id, FACILITATOR, FACILITATOR)
    h.slack_api.name_workspace("Riverside Health")
    h.inject(method)
    since = h.slack_api.mark()

    h.slack.block_action(GET_REPORT, user=FACILITATOR, channel="D0HOME")

    h.slack_api.wait_for("files.completeUploadExternal", since=since, timeout=30)
    (report,) = [f for f in h.slack_api.uploaded_files if f.completed]
    assert b"<!doctype html>" in (report.content or b"")
    assert [c for c in h.slack_api.calls[since:] if c.method == method and not c.ok]
    assert not [c for c in answers_since(h.slack_api, since) if slack_trouble(c.text)]


MemberPath = Callable[..., None]
# Each Web API method the bot calls: the ok:false code Slack really answers it with (from
# public slack_sdk/bolt reports where they name one), and the member's path that calls it.
METHODS: dict[str, tuple[str, MemberPath]] = {
    "chat.postMessage": ("fatal_error", pilot_announcement_waits),
    "chat.postEphemeral": ("fatal_error", notice_fails_message_stays),
    "chat.update": ("internal_error", vote_counts_though_the_ballot_is_stale),
    "views.open": ("expired_trigger_id", form_not_opened),
    "views.update": ("hash_conflict", drafted_form_kept_as_typed),
    "views.publish": ("internal_error", home_published_next_time),
    "conversations.open": ("internal_error", summary_not_sent),
    "conversations.members": ("internal_error", vote_refused_until_membership_known),
    "conversations.history": ("internal_error", lambda h: lost_answer(h, "conversations.history")),
    "conversations.replies": ("internal_error", lambda h: lost_answer(h, "conversations.replies")),
    "users.info": ("internal_error", leader_not_granted),
    "auth.test": ("internal_error", pulse_skips_the_bot),
    "team.info": ("team_not_found", lambda h: report_names_fall_back(h, "team.info")),
    "conversations.info": (
        "channel_not_found",
        lambda h: report_names_fall_back(h, "conversations.info"),
    ),
    # files_upload_v2 (slackapi/python-slack-sdk#1653 reports internal_error from it)
    "files.getUploadURLExternal": (
        "internal_error",
        lambda h: report_not_shared(h, "files.getUploadURLExternal"),
    ),
    "files.completeUploadExternal": (
        "internal_error",
        lambda h: report_not_shared(h, "files.completeUploadExternal"),
    ),
}
# Methods whose failures are tested with their own harness elsewhere.
TESTED_ELSEWHERE = {
    # Socket Mode's stand-in: tests/socket_mode (refused token, Slack handing out no sockets).
    "apps.connections.open": "tests/socket_mode/test_socket_health.py",
}
# slack_sdk helpers that call several Web API methods.
HELPERS = {"files_upload_v2": ("files.getUploadURLExternal", "files.completeUploadExternal")}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("method", METHODS.keys())
def test_a_method_failing_for_good_loses_nothing_and_tells_the_truth(
    method: str,
    fault: str,
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    error, path = METHODS[method]
    harness = Harness(slack, slack_api, bot, group, fault, error)

    with caplog.at_level(logging.WARNING):
        if path is vote_refused_until_membership_known:
            path(harness, monkeypatch)
        else:
            path(harness)

    failed = [c for c in slack_api.calls if c.method == method and not c.ok]
    assert failed, f"{method} was never called on this path"
    # This test's Slack stand-in is up throughout, so a refused connection is an earlier test's
    # background retry reaching its stand-in after it closed: not this path's doing.
    errors = [
        r
        for r in caplog.records
        if r.levelno >= logging.ERROR and "Connection refused" not in r.getMessage()
    ]
    assert not errors, [r.getMessage() for r in errors]


def web_api_methods_called_in_bot() -> set[str]:
    """Every Web API method bot/ calls through a WebClient (`client.chat_postMessage(...)`)."""
    called: set[str] = set()
    for source in BOT.rglob("*.py"):
        if "offline" in source.parts:
            continue  # the stand-in answers these methods; it does not call them
        for name in re.findall(r"\.([a-z]+_[A-Za-z_0-9]+)\(", source.read_text(encoding="utf-8")):
            if name in HELPERS:
                called.update(HELPERS[name])
            elif callable(getattr(WebClient, name, None)) and not name.startswith("api_"):
                called.add(name.replace("_", "."))
    return called


def test_every_web_api_method_the_bot_calls_has_a_failure_test() -> None:
    called = web_api_methods_called_in_bot()

    assert "chat.postMessage" in called and "files.completeUploadExternal" in called
    missing = called - METHODS.keys() - TESTED_ELSEWHERE.keys()
    assert not missing, f"add a failure path for {sorted(missing)} to METHODS"


def test_a_failed_checkin_schedule_saves_nothing_and_says_submit_again(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One transaction: the pilot, its experiment marked piloting, its first check-in and its
    announcement are all saved, or none; the form says so and what to do."""
    opened = open_pilot_form(Harness(slack, slack_api, bot, group, "", ""))
    reminders = bot.services.pilots.reminders

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the reminders table is unreachable")

    monkeypatch.setattr(reminders, "schedule_checkin", broken)
    since = slack_api.mark()
    queued = count(bot, OutboxRow.id)

    answer = slack.submit(opened, pilot_form_values(), user=FACILITATOR).json()

    assert answer["response_action"] == "errors"
    (problem,) = answer["errors"].values()
    assert "Nothing was saved" in problem and "Submit the form again" in problem
    experiment = bot.services.pilots.experiment(group.team_id, "E-1")  # still pilotable
    assert experiment.status.value == "proposed"
    assert bot.services.pilots.for_group(group.team_id, group.id) == []
    assert count(bot, ReminderRow.id) == 0 and count(bot, OutboxRow.id) == queued
    assert [c for c in slack_api.calls[since:] if c.method.startswith("chat.")] == []

    monkeypatch.undo()
    again = slack.submit(opened, pilot_form_values(), user=FACILITATOR)
    assert again.status == 200 and not again.body.strip()
    slack_api.wait_for("chat.postMessage", lambda c: "Pilot P-1 started" in c.text, since=since)


def test_an_idea_whose_similar_search_breaks_is_still_shown_once(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    group: WorkingGroup,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The idea is saved before its look-alikes are searched: a search that breaks must not
    leave it unshown (the member would retype it, a duplicate)."""
    start_meeting(slack, slack_api)
    experiments = bot.services.experiments

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the vector store answered nonsense")

    monkeypatch.setattr(experiments.index, "similar", broken)
    since = slack_api.mark()

    slack.command("idea Stop faxing refill requests to the pharmacy", channel=CHANNEL)

    shown = slack_api.wait_for("chat.postMessage", lambda c: "E-1" in c.text, since=since)
    assert shown.channel == CHANNEL
    assert "Similar search is unavailable" in shown.text
    assert not [a for a in answers_since(slack_api, since) if "went wrong" in a.text.lower()]
