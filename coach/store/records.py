"""Plain records the store hands out: frozen dataclasses, never ORM objects.

Times of day are timezone-aware UTC datetimes; times within a set are seconds
on the video's clock.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional, Tuple

from coach.engine.counter import RepEvent


class AccessDenied(PermissionError):
    """The viewer may not see or change these records. The message says why."""


class NotFound(LookupError):
    """A record named by id does not exist."""

    def __str__(self) -> str:  # LookupError would quote the message
        return str(self.args[0]) if self.args else "not found"


@dataclass(frozen=True)
class Account:
    """A signed-in person. ``patient_id`` and ``therapist_id`` are set for patients."""

    id: int
    username: str
    role: str
    display_name: str
    patient_id: Optional[int] = None
    therapist_id: Optional[int] = None
    is_child: bool = False

    @property
    def is_therapist(self) -> bool:
        return self.role == "therapist"

    @property
    def is_patient(self) -> bool:
        return self.role == "patient"


# Whoever is reading: every read method takes one.
Viewer = Account


@dataclass(frozen=True)
class PrescribedExercise:
    """One exercise of a prescription: 5 to 7 repetitions a set unless the therapist says otherwise."""

    exercise_id: str
    reps_min: int = 5
    reps_max: int = 7
    sets: int = 1


@dataclass(frozen=True)
class Prescription:
    id: int
    patient_id: int
    therapist_id: int
    exercises: Tuple[PrescribedExercise, ...]
    morning: bool
    evening: bool
    course_start: dt.date
    course_end: dt.date
    break_start: Optional[dt.date]
    break_end: Optional[dt.date]
    surgery_date: Optional[dt.date]
    instructions: str
    created_at: dt.datetime

    @property
    def slots(self) -> Tuple[str, ...]:
        return tuple(s for s, on in (("morning", self.morning), ("evening", self.evening)) if on)

    def in_course(self, day: dt.date) -> bool:
        return self.course_start <= day <= self.course_end

    def in_break(self, day: dt.date) -> bool:
        return self.break_start is not None and self.break_start <= day <= (self.break_end or self.break_start)


@dataclass(frozen=True)
class SessionRecord:
    id: int
    patient_id: int
    prescription_id: Optional[int]
    slot: str
    status: str
    started_at: dt.datetime
    ended_at: Optional[dt.datetime]
    pain_before: int
    pain_after: Optional[int]


@dataclass(frozen=True)
class SetRecord:
    id: int
    session_id: int
    exercise_id: str
    target_reps: int
    started_at: dt.datetime
    ended_at: Optional[dt.datetime]
    calibration_rest: Optional[float]
    calibration_span: Optional[float]
    # Counted so far: all repetitions, and those reaching the full range.
    reps: int = 0
    full_reps: int = 0


@dataclass(frozen=True)
class RepRecord:
    id: int
    set_id: int
    index: int
    start: float
    peak: float
    end: float
    value: float
    range: float
    progress: float
    quality: str
    created_at: dt.datetime

    def to_event(self) -> RepEvent:
        return RepEvent(
            index=self.index,
            start=self.start,
            peak=self.peak,
            end=self.end,
            value=self.value,
            range=self.range,
            progress=self.progress,
            quality=self.quality,
        )


@dataclass(frozen=True)
class FeedbackRecord:
    id: int
    set_id: int
    t: float
    code: str
    message: str
    created_at: dt.datetime


@dataclass(frozen=True)
class Note:
    id: int
    patient_id: int
    author_id: int
    author_name: str
    text: str
    created_at: dt.datetime


@dataclass(frozen=True)
class SetDetail:
    set: SetRecord
    reps: Tuple[RepRecord, ...] = ()
    feedback: Tuple[FeedbackRecord, ...] = ()


@dataclass(frozen=True)
class SessionDetail:
    session: SessionRecord
    sets: Tuple[SetDetail, ...] = field(default_factory=tuple)
