"""anonymous frontline pulse, and removed observations kept for the record

The pulse keeps no row that ties an answer to a person: answers are counts per round and
option, updated in place (no insert, id or timestamp at answer time); who has answered is a
flag on the invitation rows, which were all written when the round opened, so neither their
order nor their ids follow the order of answers.

Revision ID: 0009
Revises: 0005
Create Date: 2026-11-30 09:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "observation_removals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("observation_id", sa.Integer(), nullable=False),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("pilot_measure_id", sa.Integer(), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=32), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_by", sa.String(length=32), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["pilot_id"], ["pilots.id"]),
        sa.ForeignKeyConstraint(["pilot_measure_id"], ["pilot_measures.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_observation_removals_pilot", "observation_removals", ["pilot_id"])
    op.create_table(
        "pulse_schedules",
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("cadence", sa.String(length=16), nullable=False),
        sa.Column("changed_by", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["working_groups.id"]),
        sa.PrimaryKeyConstraint("group_id"),
    )
    op.create_table(
        "pulse_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("remind_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["group_id"], ["working_groups.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "opened_on"),
    )
    op.create_index("ix_pulse_rounds_team", "pulse_rounds", ["team_id", "group_id"])
    op.create_table(
        "pulse_invitations",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["pulse_rounds.id"]),
        sa.PrimaryKeyConstraint("round_id", "user_id"),
    )
    op.create_table(
        "pulse_tallies",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=16), nullable=False),
        sa.Column("option", sa.String(length=16), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["pulse_rounds.id"]),
        sa.PrimaryKeyConstraint("round_id", "question", "option"),
    )


def downgrade() -> None:
    op.drop_table("pulse_tallies")
    op.drop_table("pulse_invitations")
    op.drop_index("ix_pulse_rounds_team", table_name="pulse_rounds")
    op.drop_table("pulse_rounds")
    op.drop_table("pulse_schedules")
    op.drop_index("ix_observation_removals_pilot", table_name="observation_removals")
    op.drop_table("observation_removals")
