"""Verbs of the leaders' view: `summary` (a direct message with charts) and `leader @user`."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks.portfolio import portfolio_blocks, summary_text
from bot.domain.names import NameKind
from bot.domain.portfolio import Portfolio, pilots_to_chart
from bot.errors import Forbidden, InvalidInput
from bot.listeners.commands.verbs import Verb
from bot.listeners.context import CommandContext
from bot.listeners.events.home import publish_home
from bot.reports.charts import (
    LEGEND,
    burnout_alt_text,
    burnout_trend_png,
    run_chart_alt_text,
    run_chart_png,
)
from bot.services.container import Services
from bot.slack.names import refresh_names
from bot.store.slack_names import SlackNameStore

log = logging.getLogger(__name__)

SUMMARY_CHARTS_MAX = 3  # run charts sent with the summary; the report has the rest


def summary(ctx: CommandContext) -> None:
    """`summary`: the portfolio in a direct message to the asker, with charts as images."""
    team, user = ctx.team_id, ctx.user_id
    leader = ctx.services.groups.is_leader(team, user)
    channels = (
        []
        if leader
        else ctx.kit.member_channels(
            ctx.client, team, user, [g.channel_id for g in ctx.services.groups.all(team)]
        )
    )
    deliver_summary(ctx.services, ctx.client, team, user, channels)
    ctx.answer("Sent you the summary in a direct message.")


def deliver_summary(
    services: Services, client: WebClient, team: str, user: str, channels: list[str]
) -> None:
    """Post the portfolio the asker may see in their DM, then its charts as images."""
    portfolio = services.portfolio.figures(team, user, channels)
    command = services.settings.unburden_command
    dm = client.conversations_open(users=user)["channel"]["id"]
    figures = portfolio.headline_figures()
    paragraph = services.assistant.leaders_paragraph(figures) if figures else None
    workspace = refresh_names(
        client, SlackNameStore(services.database), team, [(NameKind.WORKSPACE, team)]
    ).name_of(NameKind.WORKSPACE, team)
    client.chat_postMessage(
        channel=dm,
        text=summary_text(portfolio, workspace),
        blocks=portfolio_blocks(portfolio, command, paragraph=paragraph, workspace=workspace),
    )
    charts = summary_charts(portfolio)
    if charts:
        upload_charts(client, dm, charts)


def upload_charts(client: WebClient, dm: str, charts: list[tuple[str, str, bytes, str]]) -> None:
    """Share the summary's charts in the DM; the summary itself is already there, so a failed
    upload says what is missing instead of failing the whole summary (asking again repeats it)."""
    try:
        client.files_upload_v2(
            channel=dm,
            initial_comment=LEGEND,
            file_uploads=[
                {"content": png, "filename": name, "title": title, "alt_txt": alt}
                for name, title, png, alt in charts
            ],
        )
    except SlackApiError as error:
        log.warning("summary charts not uploaded: %s", error.response.get("error"))
        client.chat_postMessage(
            channel=dm,
            text="Slack did not take the charts just now; the figures above are complete. "
            "Ask for the summary again later for the charts.",
        )


def summary_charts(portfolio: Portfolio) -> list[tuple[str, str, bytes, str]]:
    """(file name, title, PNG, alt text) of the burnout trend and the run charts most worth a
    look."""
    charts = []
    trend = portfolio.burnout_trend
    if len(trend) >= 2:
        charts.append(
            (
                "burnout-trend.png",
                "Burnout trend",
                burnout_trend_png(trend),
                burnout_alt_text(trend),
            )
        )
    for pilot in pilots_to_chart(portfolio, SUMMARY_CHARTS_MAX):
        measure = next((m for m in pilot.measures if m.values), None)
        if measure is None:
            continue
        title = f"{pilot.short_id} {measure.name}"
        charts.append(
            (
                f"{pilot.short_id}-run-chart.png",
                title,
                run_chart_png(measure, title),
                run_chart_alt_text(measure, title),
            )
        )
    return charts


def leader(ctx: CommandContext) -> None:
    """`leader @user`: a workspace admin grants the leaders' view."""
    mentioned = ctx.slack_text.mentioned_ids
    if len(mentioned) != 1:
        raise InvalidInput(f"Name one person: `{ctx.command} leader @name`.")
    asker = ctx.client.users_info(user=ctx.user_id)["user"]
    if not (asker.get("is_admin") or asker.get("is_owner")):
        raise Forbidden(
            "Only a workspace admin can grant the leaders' view. "
            f"Ask one to type `{ctx.command} leader @you`."
        )
    granted = mentioned[0]
    ctx.services.groups.grant_leader(ctx.team_id, granted, ctx.user_id)
    publish_home(ctx.client, ctx.services, ctx.team_id, granted, ctx.kit.members)
    ctx.answer(
        f"<@{granted}> now has the leaders' view: `{ctx.command} summary` and the portfolio on App Home."
    )


VERBS = [
    Verb(
        "summary",
        "summary",
        "the leaders' summary of pilots across groups, in a direct message",
        summary,
    ),
    Verb("leader", "leader @name", "give someone the leaders' view (workspace admins)", leader),
]
