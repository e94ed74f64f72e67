"""A meeting: `start`, `next` through the five questions and review, `end`, `pause`/`resume`."""

from __future__ import annotations

import re
import threading

from bot.domain.models import WorkingGroup
from bot.domain.questions import ORDER, Question
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from tests.conftest import CHANNEL, FACILITATOR, MEMBERS, SIGNING_SECRET
from tests.listeners.meeting_support import open_meeting, record_idea, start_meeting, type_verb

LETTER = "You listened to me when I was frightened, and you called back the same afternoon."


def add_burdens(slack: SignedSlackClient, slack_api: FakeSlackApi) -> None:
    for text in (
        "Refill requests ~30m/day",
        "Prior auth forms ~3h/week",
        "Med rec 20 min per patient",
    ):
        type_verb(slack, slack_api, f"add {text}")


def test_start_posts_the_letter_then_the_opening_then_the_first_question(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    add_burdens(slack, slack_api)
    bot.services.letters.add(group.team_id, MEMBERS[2], LETTER)

    letter, opening, question = start_meeting(slack, slack_api)

    assert "listened to me" in letter.text
    assert "Prior auth forms" in opening.text
    assert opening.text.index("Prior auth forms") < opening.text.index("Refill requests")
    assert "3 h/week" in opening.text and "2.5 h/week" in opening.text
    assert question.args["thread_ts"] == opening.response["ts"]
    assert "What can we stop doing?" in question.text
    assert "Others have tried" in question.text
    assert open_meeting(bot, group).thread_ts == opening.response["ts"]


def test_start_without_a_letter_says_how_to_add_one(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    first, _, _ = start_meeting(slack, slack_api)

    assert "letter add" in first.text
    assert any(
        element.get("action_id") == "open_letter_modal"
        for block in first.args["blocks"]
        for element in block.get("elements", [])
    )


def test_start_while_a_meeting_runs_says_how_to_end_it(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    start_meeting(slack, slack_api)

    (answer,) = type_verb(slack, slack_api, "start")

    assert answer.args["response_type"] == "ephemeral"
    assert "already running" in answer.text
    assert "/unburden end" in answer.text


def test_a_whole_meeting_walks_the_questions_in_order_and_ends_with_a_summary(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    add_burdens(slack, slack_api)
    _, opening, first = start_meeting(slack, slack_api)
    thread = opening.response["ts"]
    asked = [first]
    for _ in ORDER[1:]:
        asked += type_verb(slack, slack_api, "next", "chat.postMessage")

    labels = [question.label for question in ORDER]
    for call, label in zip(asked, labels, strict=True):
        assert call.args["thread_ts"] == thread
        assert label in call.text
    assert open_meeting(bot, group).stage is Question.REVIEW

    (after_review,) = type_verb(slack, slack_api, "next")
    assert "/unburden end" in after_review.text

    record_idea(bot, open_meeting(bot, group), "Stop FYI copies of notes", votes=7)
    summary = type_verb(slack, slack_api, "end", "chat.postMessage", count=2)
    assert summary[0].args["thread_ts"] == thread
    assert "Stop FYI copies of notes" in summary[0].text
    assert "7 votes" in summary[0].text
    assert bot.services.meetings.open_meeting(group.team_id, CHANNEL) is None


def test_next_without_a_meeting_says_to_start_one(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    (answer,) = type_verb(slack, slack_api, "next")

    assert "/unburden start" in answer.text


def test_meeting_verbs_outside_a_working_group_say_how_to_set_one_up(
    slack: SignedSlackClient, slack_api: FakeSlackApi
) -> None:
    for verb in ("start", "next", "end", "pause", "add Inbox ~30m/day"):
        (answer,) = type_verb(slack, slack_api, verb)
        assert "setup" in answer.text, verb


def test_two_next_clicks_at_once_move_the_meeting_one_step(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    _, _, first = start_meeting(slack, slack_api)
    type_verb(slack, slack_api, f"facilitator <@{MEMBERS[1]}|member002>")
    since = slack_api.mark()

    clicks = [
        threading.Thread(target=slack.click, args=(first, "meeting_next"), kwargs={"user": user})
        for user in (FACILITATOR, MEMBERS[1])
    ]
    for click in clicks:
        click.start()
    for click in clicks:
        click.join()

    slack_api.wait_for("chat.postMessage", since=since)
    loser = slack_api.wait_for("response_url", since=since)
    assert "Already moved on to *Automate*" in loser.text
    assert len([c for c in slack_api.calls[since:] if c.method == "chat.postMessage"]) == 1
    assert open_meeting(bot, group).stage is Question.AUTOMATE


def test_a_next_button_from_an_earlier_question_does_not_skip_ahead(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    _, _, first = start_meeting(slack, slack_api)
    type_verb(slack, slack_api, "next", "chat.postMessage")
    since = slack_api.mark()

    slack.click(first, "meeting_next", user=FACILITATOR)

    answer = slack_api.wait_for("response_url", since=since)
    assert "Already moved on to *Automate*" in answer.text
    assert open_meeting(bot, group).stage is Question.AUTOMATE


def test_a_restarted_bot_carries_on_the_meeting(
    slack_api: FakeSlackApi, slack: SignedSlackClient, bot: LocalBot, group: WorkingGroup
) -> None:
    _, opening, _ = start_meeting(slack, slack_api)
    type_verb(slack, slack_api, "next", "chat.postMessage")

    with LocalBot(bot.settings) as restarted:
        again = SignedSlackClient(restarted.url, SIGNING_SECRET, slack_api)
        (question,) = type_verb(again, slack_api, "next", "chat.postMessage")

    assert "Delegate" in question.text
    assert question.args["thread_ts"] == opening.response["ts"]


def test_end_summary_gives_every_proposal_a_visible_status(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    start_meeting(slack, slack_api)
    meeting = open_meeting(bot, group)
    record_idea(bot, meeting, "Drop the FYI copies", votes=6, fingers=[4, 5, 3])
    record_idea(
        bot, meeting, "MAs pend refills", Question.DELEGATE, "settle_by_pilot", votes=3, concerns=1
    )
    record_idea(bot, meeting, "New intake checklist", Question.AUTOMATE, "parked")
    record_idea(bot, meeting, "Goals-of-care talks", Question.KEEP_SACRED, "protected", votes=9)

    posted = type_verb(slack, slack_api, "end", "chat.postMessage", count=2)

    text = "\n".join(call.text for call in posted)
    for status in ("proposed", "settle by pilot", "parked", "protected"):
        assert status in text
    assert "open disagreements (settle by pilot): 1 (E-2)" in text and "1 concern" in text
    assert "parked (checklist pause): 1 (E-3)" in text
    assert "kept sacred (protected work): 1 (E-4)" in text
    assert "fist-to-five 4.0 (3)" in text
    assert "/unburden pilot E-2" in text and "/unburden pilot E-1" in text


def test_end_summary_calls_two_ideas_backed_equally_no_disagreement(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    start_meeting(slack, slack_api)
    meeting = open_meeting(bot, group)
    record_idea(bot, meeting, "Drop the FYI copies", votes=7)
    record_idea(bot, meeting, "Stop re-entering vitals", votes=7)
    record_idea(bot, meeting, "Auto-refill under protocol", Question.AUTOMATE, "settle_by_pilot")

    posted = type_verb(slack, slack_api, "end", "chat.postMessage", count=2)

    text = "\n".join(call.text for call in posted)
    assert "Most support: E-1 and E-2, backed equally (7 votes each)." in text
    assert "equal support" not in text
    # The sentence and the count name the one idea the rules send to a pilot: E-3.
    assert "Disagreements: E-3: marked settle by pilot." in text
    assert text.count("Disagreements:") == 1
    assert "open disagreements (settle by pilot): 1 (E-3)" in text
    # The plain-text fallback agrees in number too.
    assert posted[0].args["text"] == "Meeting summary: 3 ideas, 0 burdens."


def test_a_meeting_of_one_idea_says_one_idea(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    start_meeting(slack, slack_api)
    record_idea(bot, open_meeting(bot, group), "Drop the FYI copies", votes=2)

    summary, closed = type_verb(slack, slack_api, "end", "chat.postMessage", count=2)

    assert summary.args["text"] == "Meeting summary: 1 idea, 0 burdens."
    assert "The meeting has ended: 1 idea." in closed.text


def test_end_summary_fits_a_phone_screen_names_each_idea_once_and_steps_only_backed_ones(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    start_meeting(slack, slack_api)
    meeting = open_meeting(bot, group)
    for n in range(12):
        record_idea(bot, meeting, f"Idea {n:02d} about refills", ORDER[n % 5], votes=n % 3)
    record_idea(bot, meeting, "Disputed idea", Question.DELEGATE, "settle_by_pilot", concerns=1)

    posted = type_verb(slack, slack_api, "end", "chat.postMessage", count=2)

    summary = [call for call in posted if call.args.get("thread_ts")]
    assert len(summary) == 1 and len(summary[0].args["blocks"]) <= 12
    text = summary[0].text
    for n in range(12):
        assert text.count(f"Idea {n:02d} about refills") == 1
    assert text.count("Disputed idea") == 1
    steps = text[text.index("Next steps") :]
    backed = {f"E-{n + 1}" for n in range(12) if n % 3}
    assert {f"E-{m}" for m in map(int, re.findall(r"pilot E-(\d+)", steps))} == backed


def test_a_long_summary_is_split_under_the_block_limit(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    start_meeting(slack, slack_api)
    meeting = open_meeting(bot, group)
    for n in range(400):
        text = f"Idea number {n} " + "with many words " * 10
        record_idea(bot, meeting, text, ORDER[n % 5], votes=n % 4)
    since = slack_api.mark()

    slack.command("end", user=FACILITATOR, channel=CHANNEL)

    slack_api.wait_for("chat.postMessage", lambda c: "has ended" in c.text, since=since, timeout=15)
    summary = [c for c in slack_api.calls[since:] if c.args.get("thread_ts")]
    assert len(summary) >= 2
    assert all(len(call.args["blocks"]) <= 50 for call in summary)
    text = "\n".join(call.text for call in summary)
    assert all(f"Idea number {n} " in text for n in range(400))
    assert "cut to fit" not in text


def test_pause_and_resume_set_the_checklist_pause(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    (paused,) = type_verb(slack, slack_api, "pause")
    assert paused.args["response_type"] == "in_channel"
    assert "parking lot" in paused.text
    assert bot.services.groups.find(group.team_id, CHANNEL).paused  # type: ignore[union-attr]

    (resumed,) = type_verb(slack, slack_api, "resume")
    assert "off" in resumed.text
    assert not bot.services.groups.find(group.team_id, CHANNEL).paused  # type: ignore[union-attr]


def test_the_end_button_at_review_posts_the_summary(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, group: WorkingGroup
) -> None:
    start_meeting(slack, slack_api)
    for _ in ORDER[1:]:
        (review,) = type_verb(slack, slack_api, "next", "chat.postMessage")
    since = slack_api.mark()

    slack.click(review, "meeting_end", user=FACILITATOR)

    slack_api.wait_for("chat.postMessage", lambda c: "has ended" in c.text, since=since)
    assert bot.services.meetings.open_meeting(group.team_id, CHANNEL) is None


def test_the_add_a_letter_button_opens_the_letter_form(
    slack: SignedSlackClient, slack_api: FakeSlackApi, group: WorkingGroup
) -> None:
    first, _, _ = start_meeting(slack, slack_api)
    since = slack_api.mark()

    slack.click(first, "open_letter_modal", user=MEMBERS[5])

    opened = slack_api.wait_for("views.open", since=since)
    assert opened.args["view"]["callback_id"] == "letter_modal"
