"""The tables, as a typed SQLAlchemy 2 ORM.

Logs hold counts, angles and times only: no table has a column for video,
images or landmarks of a face. Times of day are UTC, stored naive and handed
back timezone-aware (``UTCDateTime``); times inside a set (``start``, ``peak``,
``end``, ``t``) are seconds on the video's clock, as the counter reports them.

The schema is created by the Alembic migrations in ``coach/store/migrations``;
this module must stay in step with them (a test compares the two).
"""
from __future__ import annotations

import datetime as dt
from typing import Any, List, Optional

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

ROLES = ("therapist", "patient")
SLOTS = ("morning", "evening")
SESSION_STATUSES = ("in_progress", "completed", "abandoned")
QUALITIES = ("full", "partial")

# Constraint names are fixed so that migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A moment in UTC: stored without a zone, returned with ``timezone.utc``.

    Naive datetimes are refused rather than guessed at.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Optional[dt.datetime], dialect: Dialect) -> Optional[dt.datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("times must be timezone-aware (UTC); got a naive datetime")
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: Optional[Any], dialect: Dialect) -> Optional[dt.datetime]:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class AccountRow(Base):
    __tablename__ = "accounts"
    __table_args__ = (CheckConstraint("role IN ('therapist', 'patient')", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    display_name: Mapped[str] = mapped_column(String(120))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class PatientRow(Base):
    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), unique=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    # Children get the playful wording (CLINICAL.md, Children).
    is_child: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    account: Mapped[AccountRow] = relationship(foreign_keys=[account_id])


class PrescriptionRow(Base):
    __tablename__ = "prescriptions"
    __table_args__ = (
        CheckConstraint("course_end >= course_start", name="course_order"),
        CheckConstraint("morning OR evening", name="some_slot"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    morning: Mapped[bool] = mapped_column(Boolean, default=True)
    evening: Mapped[bool] = mapped_column(Boolean, default=True)
    course_start: Mapped[dt.date] = mapped_column(Date)
    course_end: Mapped[dt.date] = mapped_column(Date)
    break_start: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    break_end: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    surgery_date: Mapped[Optional[dt.date]] = mapped_column(Date, nullable=True)
    instructions: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())

    items: Mapped[List["PrescriptionItemRow"]] = relationship(
        order_by="PrescriptionItemRow.position", cascade="all, delete-orphan"
    )


class PrescriptionItemRow(Base):
    __tablename__ = "prescription_items"
    __table_args__ = (
        UniqueConstraint("prescription_id", "exercise_id", name="uq_prescription_items_exercise"),
        CheckConstraint("reps_min >= 1 AND reps_min <= reps_max", name="reps"),
        CheckConstraint("sets >= 1", name="sets"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    prescription_id: Mapped[int] = mapped_column(ForeignKey("prescriptions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    exercise_id: Mapped[str] = mapped_column(String(64))
    reps_min: Mapped[int] = mapped_column(Integer, default=5)
    reps_max: Mapped[int] = mapped_column(Integer, default=7)
    sets: Mapped[int] = mapped_column(Integer, default=1)


class SessionRow(Base):
    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint("slot IN ('morning', 'evening')", name="slot"),
        CheckConstraint("status IN ('in_progress', 'completed', 'abandoned')", name="status"),
        CheckConstraint("pain_before BETWEEN 0 AND 10", name="pain_before"),
        CheckConstraint("pain_after IS NULL OR pain_after BETWEEN 0 AND 10", name="pain_after"),
        Index("ix_sessions_patient_started", "patient_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Set by a client that may retry (the buffered recorder): makes a retry harmless.
    client_key: Mapped[Optional[str]] = mapped_column(String(64), unique=True, nullable=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"))
    prescription_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("prescriptions.id", ondelete="SET NULL"), nullable=True
    )
    slot: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="in_progress")
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[Optional[dt.datetime]] = mapped_column(UTCDateTime(), nullable=True)
    pain_before: Mapped[int] = mapped_column(Integer)
    pain_after: Mapped[Optional[int]] = mapped_column(Integer, nullable=True)


class SetRow(Base):
    __tablename__ = "sets"
    __table_args__ = (CheckConstraint("target_reps >= 1", name="target"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_key: Mapped[Optional[str]] = mapped_column(String(64), unique=True, nullable=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    exercise_id: Mapped[str] = mapped_column(String(64))
    target_reps: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[Optional[dt.datetime]] = mapped_column(UTCDateTime(), nullable=True)
    # The per-user range the counter was calibrated to (signal units, e.g. degrees).
    calibration_rest: Mapped[Optional[float]] = mapped_column(Float, nullable=True)
    calibration_span: Mapped[Optional[float]] = mapped_column(Float, nullable=True)


class RepetitionRow(Base):
    __tablename__ = "repetitions"
    __table_args__ = (
        # A repetition is counted once: a retried write finds its row instead.
        UniqueConstraint("set_id", "idx", name="uq_repetitions_set_idx"),
        CheckConstraint("idx >= 1", name="idx"),
        CheckConstraint("quality IN ('full', 'partial')", name="quality"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("sets.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer)
    start_s: Mapped[float] = mapped_column(Float)
    peak_s: Mapped[float] = mapped_column(Float)
    end_s: Mapped[float] = mapped_column(Float)
    value: Mapped[float] = mapped_column(Float)
    range: Mapped[float] = mapped_column(Float)
    progress: Mapped[float] = mapped_column(Float)
    quality: Mapped[str] = mapped_column(String(16))
    # The wall-clock moment the repetition was counted (not when it was written).
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class FeedbackRow(Base):
    __tablename__ = "feedback_events"
    __table_args__ = (UniqueConstraint("set_id", "t", "code", name="uq_feedback_events_set_t_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("sets.id", ondelete="CASCADE"), index=True)
    t: Mapped[float] = mapped_column(Float)
    code: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class NoteRow(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


TABLES = (
    "accounts",
    "patients",
    "prescriptions",
    "prescription_items",
    "sessions",
    "sets",
    "repetitions",
    "feedback_events",
    "notes",
)
