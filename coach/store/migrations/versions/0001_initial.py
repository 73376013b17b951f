"""Initial schema: accounts, patients, prescriptions, sessions, sets, repetitions, feedback, notes.

Revision ID: 0001
Revises:
Create Date: 2026-05-20
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("display_name", sa.String(120), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _when("created_at"),
        sa.CheckConstraint("role IN ('therapist', 'patient')", name=op.f("ck_accounts_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("username", name=op.f("uq_accounts_username")),
    )
    op.create_table(
        "patients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("is_child", sa.Boolean(), nullable=False),
        _when("created_at"),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_patients_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["therapist_id"], ["accounts.id"], name=op.f("fk_patients_therapist_id_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patients")),
        sa.UniqueConstraint("account_id", name=op.f("uq_patients_account_id")),
    )
    op.create_index(op.f("ix_patients_therapist_id"), "patients", ["therapist_id"])
    op.create_table(
        "prescriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("morning", sa.Boolean(), nullable=False),
        sa.Column("evening", sa.Boolean(), nullable=False),
        sa.Column("course_start", sa.Date(), nullable=False),
        sa.Column("course_end", sa.Date(), nullable=False),
        sa.Column("break_start", sa.Date(), nullable=True),
        sa.Column("break_end", sa.Date(), nullable=True),
        sa.Column("surgery_date", sa.Date(), nullable=True),
        sa.Column("instructions", sa.Text(), nullable=False),
        _when("created_at"),
        sa.CheckConstraint("course_end >= course_start", name=op.f("ck_prescriptions_course_order")),
        sa.CheckConstraint("morning OR evening", name=op.f("ck_prescriptions_some_slot")),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_prescriptions_patient_id_patients"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"], ["accounts.id"], name=op.f("fk_prescriptions_therapist_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prescriptions")),
    )
    op.create_index(op.f("ix_prescriptions_patient_id"), "prescriptions", ["patient_id"])
    op.create_table(
        "prescription_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prescription_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(64), nullable=False),
        sa.Column("reps_min", sa.Integer(), nullable=False),
        sa.Column("reps_max", sa.Integer(), nullable=False),
        sa.Column("sets", sa.Integer(), nullable=False),
        sa.CheckConstraint("reps_min >= 1 AND reps_min <= reps_max", name=op.f("ck_prescription_items_reps")),
        sa.CheckConstraint("sets >= 1", name=op.f("ck_prescription_items_sets")),
        sa.ForeignKeyConstraint(
            ["prescription_id"],
            ["prescriptions.id"],
            name=op.f("fk_prescription_items_prescription_id_prescriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prescription_items")),
        sa.UniqueConstraint("prescription_id", "exercise_id", name="uq_prescription_items_exercise"),
    )
    op.create_index(op.f("ix_prescription_items_prescription_id"), "prescription_items", ["prescription_id"])
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_key", sa.String(64), nullable=True),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("prescription_id", sa.Integer(), nullable=True),
        sa.Column("slot", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _when("started_at"),
        _when("ended_at", nullable=True),
        sa.Column("pain_before", sa.Integer(), nullable=False),
        sa.Column("pain_after", sa.Integer(), nullable=True),
        sa.CheckConstraint("slot IN ('morning', 'evening')", name=op.f("ck_sessions_slot")),
        sa.CheckConstraint("status IN ('in_progress', 'completed', 'abandoned')", name=op.f("ck_sessions_status")),
        sa.CheckConstraint("pain_before BETWEEN 0 AND 10", name=op.f("ck_sessions_pain_before")),
        sa.CheckConstraint("pain_after IS NULL OR pain_after BETWEEN 0 AND 10", name=op.f("ck_sessions_pain_after")),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_sessions_patient_id_patients"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["prescription_id"],
            ["prescriptions.id"],
            name=op.f("fk_sessions_prescription_id_prescriptions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
        sa.UniqueConstraint("client_key", name=op.f("uq_sessions_client_key")),
    )
    op.create_index("ix_sessions_patient_started", "sessions", ["patient_id", "started_at"])
    op.create_table(
        "sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_key", sa.String(64), nullable=True),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(64), nullable=False),
        sa.Column("target_reps", sa.Integer(), nullable=False),
        _when("started_at"),
        _when("ended_at", nullable=True),
        sa.Column("calibration_rest", sa.Float(), nullable=True),
        sa.Column("calibration_span", sa.Float(), nullable=True),
        sa.CheckConstraint("target_reps >= 1", name=op.f("ck_sets_target")),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_sets_session_id_sessions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sets")),
        sa.UniqueConstraint("client_key", name=op.f("uq_sets_client_key")),
    )
    op.create_index(op.f("ix_sets_session_id"), "sets", ["session_id"])
    op.create_table(
        "repetitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("start_s", sa.Float(), nullable=False),
        sa.Column("peak_s", sa.Float(), nullable=False),
        sa.Column("end_s", sa.Float(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("range", sa.Float(), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("quality", sa.String(16), nullable=False),
        _when("created_at"),
        sa.CheckConstraint("idx >= 1", name=op.f("ck_repetitions_idx")),
        sa.CheckConstraint("quality IN ('full', 'partial')", name=op.f("ck_repetitions_quality")),
        sa.ForeignKeyConstraint(["set_id"], ["sets.id"], name=op.f("fk_repetitions_set_id_sets"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repetitions")),
        sa.UniqueConstraint("set_id", "idx", name="uq_repetitions_set_idx"),
    )
    op.create_index(op.f("ix_repetitions_set_id"), "repetitions", ["set_id"])
    op.create_table(
        "feedback_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("set_id", sa.Integer(), nullable=False),
        sa.Column("t", sa.Float(), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        _when("created_at"),
        sa.ForeignKeyConstraint(
            ["set_id"], ["sets.id"], name=op.f("fk_feedback_events_set_id_sets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_events")),
        sa.UniqueConstraint("set_id", "t", "code", name="uq_feedback_events_set_t_code"),
    )
    op.create_index(op.f("ix_feedback_events_set_id"), "feedback_events", ["set_id"])
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _when("created_at"),
        sa.ForeignKeyConstraint(["author_id"], ["accounts.id"], name=op.f("fk_notes_author_id_accounts")),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_notes_patient_id_patients"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )
    op.create_index(op.f("ix_notes_patient_id"), "notes", ["patient_id"])


def downgrade() -> None:
    for table in (
        "notes",
        "feedback_events",
        "repetitions",
        "sets",
        "sessions",
        "prescription_items",
        "prescriptions",
        "patients",
        "accounts",
    ):
        op.drop_table(table)
