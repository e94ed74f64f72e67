"""Hours reclaimed come with the cost they avoid a year, at the hourly cost of the role whose
time comes back: chosen in the pilot form, shown in the leaders' summary and the report."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import update

from bot.domain.models import MicroExperiment
from bot.offline.runner import LocalBot
from bot.offline.slack_api import FakeSlackApi
from bot.offline.slack_client import SignedSlackClient
from bot.reports.writer import write_report
from bot.store.tables import PilotRow
from tests.conftest import CHANNEL, FACILITATOR
from tests.listeners.commands.test_summary import LEADER, ask_summary, in_a_dm, seed_workspace
from tests.pilot_support import chosen, pilot_form_values

# The seeded adopted pilot: inbox minutes a day from a baseline of 30 to a median of 17.5 over
# its last four weeks, 5 working days, 4 participants: 12.5 x 5 x 4 / 60 hours a week.
SEEDED_HOURS = 12.5 * 5 * 4 / 60


def test_the_pilot_form_asks_whose_time_it_gives_back_and_keeps_it(
    slack: SignedSlackClient,
    slack_api: FakeSlackApi,
    bot: LocalBot,
    pilot_experiment: MicroExperiment,
) -> None:
    since = slack_api.mark()
    slack.command("pilot E-1", channel=CHANNEL, user=FACILITATOR)
    opened = slack_api.wait_for("views.open", since=since)
    role = next(b for b in opened.args["view"]["blocks"] if b.get("block_id") == "role")
    assert role["element"]["initial_option"]["value"] == "registered_nurse"
    assert "medical_assistant" in [o["value"] for o in role["element"]["options"]]

    since = slack_api.mark()
    values = pilot_form_values(role={"role": chosen("medical_assistant")})
    response = slack.submit(opened, values, user=FACILITATOR)

    assert response.status == 200 and not response.body.strip()
    slack_api.wait_for("chat.postMessage", since=since)
    assert bot.services.pilots.pilot(slack_api.team_id, "P-1").role == "medical_assistant"


def test_the_leaders_summary_shows_the_cost_avoided_beside_the_hours(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot, tmp_path: Path
) -> None:
    seed_workspace(slack_api, bot)
    with bot.services.database.transaction() as session:
        session.execute(update(PilotRow).where(PilotRow.number == 1).values(role="physician"))
    bot.services.groups.grant_leader(slack_api.team_id, LEADER, "U0ADMIN")

    ask_summary(slack, slack_api, LEADER)
    posted = slack_api.wait_for("chat.postMessage", in_a_dm)

    expected = round(SEEDED_HOURS * 52 * 115.00)  # physician, BLS OEWS May 2024 lower bound
    assert expected == 24917
    assert "4.2 h a week by adopted changes, $24,917 a year avoided" in posted.text
    assert "hours a week reclaimed x 52 weeks x the hourly cost of the role" in posted.text

    page = (write_report(bot.services, tmp_path / "report") / "index.html").read_text()
    assert '<div class="figure" id="cost-avoided">$24,917</div>' in page
    assert "4.2 h a week x 52 weeks x $115.00 an hour (physician;" in page


def test_a_pilot_without_a_role_is_costed_at_the_default_role(
    slack: SignedSlackClient, slack_api: FakeSlackApi, bot: LocalBot
) -> None:
    seed_workspace(slack_api, bot)
    bot.services.groups.grant_leader(slack_api.team_id, LEADER, "U0ADMIN")

    ask_summary(slack, slack_api, LEADER)
    posted = slack_api.wait_for("chat.postMessage", in_a_dm)

    assert f"${round(SEEDED_HOURS * 52 * 45.00):,} a year avoided" in posted.text  # $9,750
