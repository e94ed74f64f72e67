"""The leaders' summary states figures that agree with each other and with their basis."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from bot.assist.figures import leaders_template
from bot.blocks.portfolio import portfolio_blocks, summary_text
from bot.domain.missed import MissedListing
from bot.domain.pilots import HoursReclaimed
from bot.domain.portfolio import MeasureReading, PilotFigures, Portfolio
from bot.domain.proportions import wilson_share
from bot.domain.pulse import BurnoutPoint
from bot.domain.run_chart import Direction, judge

# Minutes a day (lower is better): baseline median 90, then 30 weeks around 60.
MINUTES = [90, 92, 88, 91, 89, 90, *[60, 61, 59, 62, 58, 60] * 5]


def pilot(number: int, scale_to: tuple[str, ...], hours: float) -> PilotFigures:
    """An adopted primary-care pilot whose run chart shows an improvement."""
    judgement = judge(MINUTES, Direction.LOWER_IS_BETTER, baseline_points=6)
    reading = MeasureReading(
        measure_id="task_minutes_per_day",
        name="Minutes per day on the task",
        unit="minutes per day",
        direction="lower",
        kind="human_time",
        values=tuple(float(v) for v in MINUTES),
        judgement=judgement,
    )
    return PilotFigures(
        id=number,
        number=number,
        experiment_number=number,
        group_id=1,
        channel_id="C0PC1",
        setting="primary care",
        owner_id="U0PHA",
        hypothesis="Pharmacist handles refills",
        status="adopted",
        cycle=1,
        participants=4,
        ihi_score=3.5,
        start_date=date(2026, 1, 5),
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        measures=(reading,),
        scale_to=scale_to,
        hours=HoursReclaimed(
            measure_id="task_minutes_per_day",
            name="Minutes per day on the task",
            participants=4,
            hours_per_week=hours,
        ),
    )


def portfolio(*pilots: PilotFigures, burden_hours: float = 20.0) -> Portfolio:
    return Portfolio(
        team_id="T0001",
        scope="workspace",
        generated_at=datetime(2026, 11, 30, tzinfo=UTC),
        groups_total=1,
        groups_active=1,
        burdens_logged=4,
        burden_hours_per_week=burden_hours,
        ideas_by_question={"delegate": 2},
        pilots_by_status={"adopted": len(pilots)},
        pilots=pilots,
    )


def text_of(blocks: list[dict]) -> str:
    return json.dumps(blocks)


def test_an_improved_pilot_with_no_other_group_is_not_counted_ready_to_scale() -> None:
    summary = portfolio(pilot(1, (), 9.5))
    blocks = text_of(portfolio_blocks(summary, "/unburden"))
    sentence = leaders_template(summary.headline_figures())

    assert "no other primary care group yet" in blocks
    assert "0 ready to scale to other groups" in sentence
    assert "1 improved with no other group of their setting to scale to yet" in sentence
    assert "0 ready to scale to other groups" in summary_text(summary)
    assert (
        "*Ready to scale*: 1 pilot improved on the run chart; none has another group of the "
        "same setting to go to yet"
    ) in blocks


def test_a_pilot_with_another_group_is_ready_to_scale() -> None:
    summary = portfolio(pilot(1, ("C0PC2",), 2.0), pilot(2, (), 2.0))
    sentence = leaders_template(summary.headline_figures())

    assert "1 ready to scale to other groups" in sentence
    assert "1 improved with no other group" in sentence
    assert (
        "*Ready to scale*: 2 pilots improved on the run chart; 1 has another group of the same "
        "setting to go to"
    ) in text_of(portfolio_blocks(summary, "/unburden"))


def test_the_hours_basis_names_the_pilot_period_median_it_computes() -> None:
    blocks = text_of(portfolio_blocks(portfolio(pilot(1, (), 2.0)), "/unburden"))
    assert "(baseline median - pilot-period median)" in blocks
    assert "last 4" not in blocks


def test_hours_reclaimed_beyond_the_logged_estimates_are_said_in_one_line() -> None:
    over = text_of(portfolio_blocks(portfolio(pilot(1, (), 9.5), burden_hours=2.5), "/unburden"))
    within = text_of(portfolio_blocks(portfolio(pilot(1, (), 9.5)), "/unburden"))

    assert "Hours reclaimed (9.5 h) exceed the groups' estimates" in over
    assert "(2.5 h)" in over
    assert "exceed the groups' estimates" not in within


def test_the_headline_agrees_in_number_writes_money_once_and_says_what_burnout_counts() -> None:
    one = pilot(1, ("C0PC2",), 4.8).model_copy(update={"cost_avoided_per_year": 28903.4})
    missed = MissedListing(
        setting="primary care",
        channel_id="C0PC1",
        text="Calling patients back the same day",
        created_at=datetime(2026, 11, 2, tzinfo=UTC),
    )
    pulse = BurnoutPoint(
        month_start=date(2026, 11, 1), answers=12, rounds=1, share=wilson_share(2, 12)
    )
    summary = portfolio(one, burden_hours=16.8).model_copy(
        update={"missed_opportunities": (missed,), "burnout_trend": (pulse,)}
    )

    sentence = leaders_template(summary.headline_figures())
    blocks = text_of(portfolio_blocks(summary, "/unburden"))

    # One money format everywhere: the sentence and the blocks both write $28,903.
    assert "$28,903 a year of staff time avoided" in sentence
    assert "$28,903 a year avoided" in blocks and "$28903" not in sentence + blocks
    assert "1 of 1 group active" in sentence and "1 pilot, 1 adopted" in sentence
    assert "1 missed opportunity recorded" in sentence
    assert "4 burdens logged and 2 ideas recorded" in sentence
    # 2 of 12 answers at 3 or more on the Mini-Z item: 17%.
    assert "burnout 17% (2 of 12 pulse answers at 3 or more)" in sentence
    assert "4 (16.8 h a week estimated)" in blocks
    assert "1 of 1 group active, 1 pilot," in summary_text(summary)
