"""missed opportunities, meeting time-box and per-question times, a pilot's role for money,
spread offers of adopted pilots to other groups

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 09:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"  # main: 0004 -> 0005 -> 0006 -> 0009_pulse_and_observation_removals
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "missed_opportunities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("burden_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["working_groups.id"]),
        sa.ForeignKeyConstraint(["burden_id"], ["burdens.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("missed_opportunities", schema=None) as batch_op:
        batch_op.create_index(
            "ix_missed_opportunities_team_group", ["team_id", "group_id"], unique=False
        )
    op.create_table(
        "meeting_stages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "stage"),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("time_box_minutes", sa.Integer(), nullable=True))
    with op.batch_alter_table("pilots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=64), nullable=True))
    op.create_table(
        "spread_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("experiment_id", sa.Integer(), nullable=False),
        sa.Column("offered_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["pilot_id"], ["pilots.id"]),
        sa.ForeignKeyConstraint(["group_id"], ["working_groups.id"]),
        sa.ForeignKeyConstraint(["experiment_id"], ["experiments.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pilot_id", "group_id"),
    )


def downgrade() -> None:
    op.drop_table("spread_offers")
    with op.batch_alter_table("pilots", schema=None) as batch_op:
        batch_op.drop_column("role")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("time_box_minutes")
    op.drop_table("meeting_stages")
    with op.batch_alter_table("missed_opportunities", schema=None) as batch_op:
        batch_op.drop_index("ix_missed_opportunities_team_group")
    op.drop_table("missed_opportunities")
