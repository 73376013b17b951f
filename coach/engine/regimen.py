"""The regimen: what today's session holds, and when a set is done.

Pure: plain dates in, plain records out. The rules (CLINICAL.md, The regimen):

- each exercise 5 to 7 repetitions a set, morning and evening;
- a course of two weeks to a month, then a month's break, then the cycle repeats;
- a set counts as done at ``reps_min`` (5); at ``reps_max`` (7) the person is told
  to stop; if the set was easy, another *set* is suggested (never more reps);
- the first days of a course are short: one set of each exercise;
- after surgery: no exercise until two full weeks have passed (days 0 to 13,
  "weeks 0 to 2"); moderate volume from the third week up to the end of the sixth
  (days 14 to 41), rising a little after week 4; full volume from day 42.

Week numbers here are the week *of* recovery, counted from 1: days 0 to 6 after
surgery are week 1, days 14 to 20 are week 3.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping, Optional, Sequence, Tuple

SET_DONE_AT = 5
STOP_AT = 7
SLOTS = ("morning", "evening")
# A session started before this hour (local time) is the morning one.
EVENING_FROM_HOUR = 14

BLOCKED_DAYS = 14        # no exercise on days 0..13 after surgery
FULL_FROM_DAY = 42       # six weeks
FIRST_DAYS = 3           # the first days of a course: short sessions

# Volume phases
BLOCKED = "blocked"
MODERATE = "moderate"
FULL = "full"

# Day statuses
GO = "go"
REST_AFTER_SURGERY = "rest_after_surgery"
BREAK = "break"
NOT_STARTED = "not_started"
FINISHED = "finished"
NO_SLOT = "no_slot"


@dataclass(frozen=True)
class PlanItem:
    """One exercise of a plan: ``sets`` sets of ``reps_min`` to ``reps_max`` repetitions."""

    exercise_id: str
    reps_min: int = SET_DONE_AT
    reps_max: int = STOP_AT
    sets: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.reps_min <= self.reps_max:
            raise ValueError("need 1 <= reps_min <= reps_max")
        if self.sets < 1:
            raise ValueError("sets must be at least 1")


@dataclass(frozen=True)
class Regimen:
    """What a prescription says, in the shape the regimen rules need."""

    exercises: Tuple[PlanItem, ...]
    morning: bool = True
    evening: bool = True
    course_start: Optional[dt.date] = None
    course_end: Optional[dt.date] = None
    break_start: Optional[dt.date] = None
    break_end: Optional[dt.date] = None
    surgery_date: Optional[dt.date] = None

    @classmethod
    def from_prescription(cls, p: Any) -> "Regimen":
        """From anything shaped like ``coach.store.Prescription`` (duck-typed)."""
        items = tuple(
            PlanItem(e.exercise_id, int(e.reps_min), int(e.reps_max), int(e.sets)) for e in p.exercises
        )
        return cls(
            exercises=items,
            morning=bool(p.morning),
            evening=bool(p.evening),
            course_start=p.course_start,
            course_end=p.course_end,
            break_start=p.break_start,
            break_end=p.break_end,
            surgery_date=p.surgery_date,
        )

    @classmethod
    def free_practice(cls, exercise_ids: Iterable[str]) -> "Regimen":
        """No prescription: every exercise once, 5 to 7, morning and evening."""
        return cls(exercises=tuple(PlanItem(e) for e in exercise_ids))

    @property
    def slots(self) -> Tuple[str, ...]:
        return tuple(s for s, on in (("morning", self.morning), ("evening", self.evening)) if on)


@dataclass(frozen=True)
class VolumePhase:
    phase: str                # BLOCKED, MODERATE or FULL
    week: Optional[int]       # week of recovery (1-based), None without surgery
    reason: str


@dataclass(frozen=True)
class DayPlan:
    day: dt.date
    slot: str
    status: str               # GO, REST_AFTER_SURGERY, BREAK, NOT_STARTED, FINISHED, NO_SLOT
    phase: VolumePhase
    items: Tuple[PlanItem, ...]
    reason: str
    course_day: Optional[int] = None  # 1-based day of the course

    @property
    def go(self) -> bool:
        return self.status == GO


def slot_for(moment: dt.time) -> str:
    """The session slot for a time of day."""
    return "morning" if moment.hour < EVENING_FROM_HOUR else "evening"


def volume_phase(surgery_date: Optional[dt.date], day: dt.date) -> VolumePhase:
    if surgery_date is None:
        return VolumePhase(FULL, None, "Full volume.")
    days = (day - surgery_date).days
    if days < 0:
        return VolumePhase(FULL, None, "Surgery is still ahead: the usual regimen applies until then.")
    week = days // 7 + 1
    if days < BLOCKED_DAYS:
        resume = surgery_date + dt.timedelta(days=BLOCKED_DAYS)
        return VolumePhase(
            BLOCKED,
            week,
            f"You are in week {week} after your operation. The foot needs to rest and heal for the "
            f"first two weeks, so there are no exercises yet. They start on {resume.isoformat()}.",
        )
    if days < FULL_FROM_DAY:
        return VolumePhase(
            MODERATE,
            week,
            f"Week {week} after your operation: a lighter load that grows slowly. "
            "Full sessions come back after six weeks.",
        )
    return VolumePhase(FULL, week, f"Week {week} after your operation: full volume.")


def _moderate(item: PlanItem, week: int) -> PlanItem:
    # Weeks 3 and 4: one set of the minimum; weeks 5 and 6: one set, one more allowed.
    top = item.reps_min if week <= 4 else min(item.reps_max, item.reps_min + 1)
    return replace(item, reps_max=top, sets=1)


def _course_position(r: Regimen, day: dt.date) -> Tuple[str, Optional[int], str]:
    """(status, course day, reason) for the course/break cycle on ``day``."""
    if r.course_start is None:
        return GO, None, ""
    start, end = r.course_start, r.course_end or r.course_start
    if day < start:
        return NOT_STARTED, None, f"Your course starts on {start.isoformat()}."
    if day <= end:
        return GO, (day - start).days + 1, ""
    if r.break_start is None:
        return FINISHED, None, "Your course has finished. Ask your therapist about the next one."
    b_end = r.break_end or r.break_start
    if day < r.break_start:
        return FINISHED, None, f"Your course has finished; the break starts on {r.break_start.isoformat()}."
    if day <= b_end:
        return (
            BREAK,
            None,
            f"This is the rest month between courses, until {b_end.isoformat()}. "
            "The muscles recover now; the next course starts the day after.",
        )
    # The cycle repeats: course, break, course, break...
    cycle = (b_end - start).days + 1
    offset = (day - start).days % cycle
    if offset <= (end - start).days:
        return GO, offset + 1, ""
    next_course = day + dt.timedelta(days=cycle - offset)
    return BREAK, None, f"This is a rest month between courses; the next course starts on {next_course.isoformat()}."


def today_plan(regimen: Regimen, day: dt.date, slot: str) -> DayPlan:
    """What the ``slot`` session of ``day`` holds, or why there is none."""
    if slot not in SLOTS:
        raise ValueError(f"slot must be one of {SLOTS}")
    phase = volume_phase(regimen.surgery_date, day)
    if phase.phase == BLOCKED:
        return DayPlan(day, slot, REST_AFTER_SURGERY, phase, (), phase.reason)
    status, course_day, reason = _course_position(regimen, day)
    if status != GO:
        return DayPlan(day, slot, status, phase, (), reason)
    if slot not in regimen.slots:
        other = " and ".join(regimen.slots)
        return DayPlan(day, slot, NO_SLOT, phase, (), f"Your plan has no {slot} session; yours is in the {other}.",
                       course_day)
    items = regimen.exercises
    notes = []
    if phase.phase == MODERATE:
        items = tuple(_moderate(i, phase.week or 3) for i in items)
        notes.append(phase.reason)
    elif course_day is not None and course_day <= FIRST_DAYS:
        items = tuple(replace(i, sets=1) for i in items)
        notes.append("The first days of a course are short: one set of each exercise.")
    return DayPlan(day, slot, GO, phase, items, " ".join(notes), course_day)


@dataclass(frozen=True)
class SetVerdict:
    done: bool              # counts as a completed set
    stop: bool              # the person should stop now
    suggest_another: bool   # offer one more set (never more reps)
    message: str


def set_verdict(count: int, item: PlanItem, *, easy: Optional[bool] = None, full_share: float = 1.0,
                phase: str = FULL) -> SetVerdict:
    """What to tell the person after ``count`` repetitions of ``item``.

    ``easy`` is what the person said about the set (None: not asked); without an
    answer a set where every repetition reached the full range counts as easy.
    Extra sets are never suggested in the moderate phase after surgery.
    """
    done = count >= item.reps_min
    stop = count >= item.reps_max
    felt_easy = easy if easy is not None else (stop and full_share >= 0.999)
    suggest = done and felt_easy and phase == FULL
    if stop:
        msg = f"That's {count}. Stop here and rest."
    elif done:
        msg = f"{count} done: this set counts."
        if item.reps_max < 100:
            msg += f" Up to {item.reps_max} if you feel good."
    else:
        msg = f"{count} of {item.reps_min}."
    if suggest:
        msg += " That looked easy: add another set rather than more repetitions."
    return SetVerdict(done, stop, suggest, msg)


def sets_remaining(item: PlanItem, sets_done: int) -> int:
    return max(0, item.sets - sets_done)


def summarise(plan: DayPlan, done_sets: Mapping[str, int]) -> Sequence[Tuple[PlanItem, int]]:
    """Each planned item with the number of completed sets so far."""
    return [(i, int(done_sets.get(i.exercise_id, 0))) for i in plan.items]
