"""The leaders' summary, weekly digest and their empty states, as Block Kit."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.blocks import Blocks, cap, context, divider, escape, fit, header, section
from bot.blocks.missed import missed_summary_blocks
from bot.blocks.spread import spread_summary_blocks
from bot.domain.money import PORTFOLIO_MONEY_BASIS, dollars
from bot.domain.portfolio import (
    ACTIVE_WINDOW_DAYS,
    STAGNANT_AFTER_DAYS,
    PilotFigures,
    Portfolio,
)
from bot.domain.pulse import BurnoutPoint
from bot.domain.questions import ORDER

SEND_SUMMARY = "send_summary"
GET_REPORT = "get_report"
LISTED_MAX = 5  # candidates and stagnant ideas named in a message; the report lists them all
IDEA_CHARS = 120


def summary_text(portfolio: Portfolio, workspace: str | None = None) -> str:
    """The plain-text fallback (notifications, screen readers), naming the workspace if known."""
    title = f"{escape(workspace)}: leaders' summary" if workspace else "Leaders' summary"
    if not portfolio.groups_total:
        return f"{title}: no working groups yet."
    total, pilots = portfolio.groups_total, len(portfolio.pilots)
    return (
        f"{title}: {portfolio.groups_active} of {total} group{'' if total == 1 else 's'} active, "
        f"{pilots} pilot{'' if pilots == 1 else 's'}, "
        f"{portfolio.hours_reclaimed_per_week:.1f} h a week reclaimed, "
        f"{len(portfolio.ready_to_scale)} ready to scale to other groups."
    )


def portfolio_blocks(
    portfolio: Portfolio,
    command: str,
    title: str = "Leaders' summary",
    paragraph: str | None = None,
    workspace: str | None = None,
) -> Blocks:
    """The portfolio at a glance: activity, burdens, ideas, pilots, hours, burnout, what to
    scale; opened by the leaders' paragraph when one is given, and headed by the workspace's
    name when it is known."""
    scope = "all groups" if portfolio.scope == "workspace" else "your groups"
    named = f"{workspace}: {title}" if workspace else title
    blocks: Blocks = [header(f"{named} ({scope})")]
    if not portfolio.groups_total:
        return [*blocks, section(empty_groups_text(portfolio, command))]
    if paragraph:
        blocks.append(section(escape(fit(paragraph, 2900))))
    blocks += figures_blocks(portfolio)
    if portfolio.reclaimed_beyond_estimate:
        blocks.append(context(beyond_estimate_text(portfolio)))
    if not portfolio.has_pilots:
        blocks.append(section(no_pilots_text(command)))
    else:
        blocks += [divider(), *scale_blocks(portfolio)]
    if portfolio.stagnant_ideas:
        blocks += [divider(), *stagnant_blocks(portfolio)]
    blocks += spread_summary_blocks(portfolio.spread)
    blocks += missed_summary_blocks(portfolio.missed_opportunities)
    blocks.append(
        context(
            f"Active: a meeting or an idea in the last {ACTIVE_WINDOW_DAYS} days. Hours reclaimed: "
            "adopted pilots, (baseline median - pilot-period median) of their first time "
            "measure x participants, only behind a run-chart improvement, as `pilots` shows them. "
            f"{PORTFOLIO_MONEY_BASIS} "
            "Every run chart is in the report: press *Get the report* for it as a file."
        )
    )
    if portfolio.scope == "workspace":
        blocks.append(leader_buttons())
    return cap(blocks)


def leader_buttons() -> dict[str, Any]:
    """**Send me the summary** and **Get the report**, for leaders (App Home and the DM)."""
    return ActionsBlock(
        elements=[
            ButtonElement(text="Send me the summary", action_id=SEND_SUMMARY, value="summary"),
            ButtonElement(
                text="Get the report", action_id=GET_REPORT, value="report", style="primary"
            ),
        ]
    ).to_dict()


def figures_blocks(portfolio: Portfolio) -> Blocks:
    """The headline numbers as one block of fields and two lines."""
    fields = [
        f"*Groups active*\n{portfolio.groups_active} of {portfolio.groups_total}",
        f"*Burdens logged*\n{portfolio.burdens_logged} ({_hours(portfolio.burden_hours_per_week)} a week estimated)",
        f"*Ideas*\n{portfolio.ideas_total}",
        f"*Hours reclaimed*\n{_hours(portfolio.hours_reclaimed_per_week)} a week by adopted "
        f"changes, {dollars(portfolio.cost_avoided_per_year)} a year avoided",
    ]
    ideas = " · ".join(
        f"{question.label} {portfolio.ideas_by_question.get(question.value, 0)}"
        for question in ORDER
        if question.asks_for_ideas
    )
    pilots = " · ".join(
        f"{status.capitalize()} {count}"
        for status, count in sorted(portfolio.pilots_by_status.items())
    )
    return [
        {"type": "section", "fields": [{"type": "mrkdwn", "text": text} for text in fields]},
        section(f"*Ideas by question*: {ideas}\n*Pilots*: {pilots or 'none yet'}"),
        section(f"*Burnout*: {burnout_line(portfolio)}"),
    ]


def burnout_line(portfolio: Portfolio) -> str:
    """First and latest monthly burnout share from the pulse, each with its interval and count,
    or why there is none."""
    trend = portfolio.burnout_trend
    if not trend:
        return "no pulse answers yet (a group's members are asked monthly; `pulse now` asks now)."
    first, last = trend[0], trend[-1]
    answers = sum(point.answers for point in trend)
    shares = [f"{_share(first)} in {first.label}"]
    if last is not first:
        shares.append(f"{_share(last)} in {last.label}")
    return (
        ", ".join(shares) + f" ({answers} anonymous answers over {len(trend)} months; "
        "share of Mini-Z answers at 3 or more, 95% Wilson interval)."
    )


def _share(point: BurnoutPoint) -> str:
    if point.share is None:
        return f"fewer than 5 answers ({point.answers})"
    return point.share.plain_text()


def beyond_estimate_text(portfolio: Portfolio) -> str:
    """One line when hours reclaimed exceed the hours the logged burdens were estimated at."""
    return (
        f":warning: Hours reclaimed ({_hours(portfolio.hours_reclaimed_per_week)}) exceed the "
        f"groups' estimates of their logged burdens ({_hours(portfolio.burden_hours_per_week)}): "
        "check whether an estimate was one person's or the pilot measured more than was logged."
    )


def scale_blocks(portfolio: Portfolio) -> Blocks:
    """Pilots whose run charts show a real improvement, and where they could go next."""
    candidates = portfolio.scale_candidates
    if not candidates:
        return [
            section("*Ready to scale*: no pilot shows a real improvement on its run chart yet.")
        ]
    lines = [candidate_line(pilot) for pilot in candidates[:LISTED_MAX]]
    more = len(candidates) - LISTED_MAX
    if more > 0:
        lines.append(f"… and {more} more in the report.")
    ready = len(portfolio.ready_to_scale)
    improved = len(candidates)
    where = (
        "none has another group of the same setting to go to yet"
        if not ready
        else f"{ready} {'has' if ready == 1 else 'have'} another group of the same setting to go to"
    )
    title = (
        f"*Ready to scale*: {improved} pilot{'' if improved == 1 else 's'} improved on the run "
        f"chart; {where}"
    )
    return [section(title + "\n" + "\n".join(lines))]


def candidate_line(pilot: PilotFigures) -> str:
    """One candidate: where it ran, what the chart says, and the groups it could go to."""
    reading = next(
        (m for m in pilot.measures if m.verdict and m.verdict.value == "improvement"), None
    )
    said = reading.judgement.plain_text("weeks") if reading and reading.judgement else ""
    targets = (
        "scale to " + ", ".join(f"<#{channel}>" for channel in pilot.scale_to[:6])
        if pilot.scale_to
        else f"no other {escape(pilot.setting)} group yet"
    )
    hours = f" {_hours(pilot.hours_reclaimed)}/week." if pilot.hours_reclaimed else ""
    if pilot.cost_avoided_per_year is not None:
        hours += f" {dollars(pilot.cost_avoided_per_year)} a year."
    return fit(
        f"• *{pilot.short_id}* (E-{pilot.experiment_number}) in <#{pilot.channel_id}>: "
        f"{escape(said)}{hours} → {targets}",
        600,
    )


def stagnant_blocks(portfolio: Portfolio) -> Blocks:
    """Ideas that waited too long for a decision: Listen-Act-Develop asks for a visible outcome."""
    ideas = portfolio.stagnant_ideas
    lines = [
        f"• *{idea.short_id}* in <#{idea.channel_id}> ({idea.question.replace('_', ' ')}, "
        f"{idea.days_waiting} days): {escape(fit(idea.text, IDEA_CHARS))}"
        for idea in ideas[:LISTED_MAX]
    ]
    if len(ideas) > LISTED_MAX:
        lines.append(f"… and {len(ideas) - LISTED_MAX} more in the report.")
    return [
        section(
            f"*Waiting over {STAGNANT_AFTER_DAYS} days without a decision* ({len(ideas)})\n"
            + "\n".join(lines)
        )
    ]


def empty_groups_text(portfolio: Portfolio, command: str) -> str:
    """What to do when there is nothing to summarise yet."""
    if portfolio.scope == "member":
        return (
            "You are not in any working group's channel yet, so there is nothing of yours to "
            "summarise. Join your setting's group channel, or ask a leader for the workspace view."
        )
    return (
        "No working groups yet. In a channel of 8-15 colleagues from one clinical setting, type "
        f"`{command} setup primary care` (or your setting), then `{command} add <burden>`."
    )


def no_pilots_text(command: str) -> str:
    """The empty state once groups exist but nothing is piloted."""
    return (
        "*No pilots yet*: pick an idea your group voted for and type "
        f"`{command} pilot E-<number>` to measure it, then `{command} log P-<number> <measure> "
        "<value>` each week. Run charts, hours reclaimed and what is ready to scale appear here "
        "once pilots have data."
    )


def _hours(hours: float | None) -> str:
    """Hours as a person writes them: '4.2 h'."""
    return f"{hours or 0:.1f} h"
