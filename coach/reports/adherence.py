"""Did the patient do the prescribed sessions? Day by day, morning and evening.

Each day of the period and each slot gets one status:

- ``done``: every prescribed exercise has its sets, each reaching ``reps_min``
  repetitions, in sessions of that day and slot;
- ``partial``: some repetitions were counted, but not all of the above;
- ``missed``: a prescribed session with no repetition at all;
- ``pending``: today's prescribed session with nothing counted yet (not a miss yet);
- ``upcoming``: a prescribed session on a later day;
- ``blocked``: the first two weeks after surgery, when the feet rest;
- ``extra``: exercise on a day or slot with nothing prescribed (not counted);
- ``rest``: nothing prescribed (outside a course, in a break, or a slot the
  prescription leaves out) and nothing done.

Adherence is the share of due sessions (done, partial or missed) that were done.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from coach.reports.data import ReportData
from coach.store import Prescription

SLOTS = ("morning", "evening")
STATUSES = ("done", "partial", "missed", "pending", "upcoming", "blocked", "extra", "rest")
DUE = ("done", "partial", "missed")
SURGERY_REST = dt.timedelta(days=14)


@dataclass(frozen=True)
class ExerciseTally:
    exercise_id: str
    reps: int  # every repetition counted in the slot
    best_set: int  # the most repetitions in one set
    sets_reaching_min: int
    reps_min: Optional[int]  # None when the exercise was not prescribed
    sets_prescribed: Optional[int]


@dataclass(frozen=True)
class SlotStatus:
    day: dt.date
    slot: str
    status: str
    prescription_id: Optional[int]
    reps: int
    exercises: Tuple[ExerciseTally, ...] = ()

    @property
    def due(self) -> bool:
        return self.status in DUE


@dataclass(frozen=True)
class Adherence:
    start: dt.date
    end: dt.date
    slots: Tuple[SlotStatus, ...]

    def count(self, status: str) -> int:
        return sum(1 for s in self.slots if s.status == status)

    @property
    def done(self) -> int:
        return self.count("done")

    @property
    def partial(self) -> int:
        return self.count("partial")

    @property
    def missed(self) -> int:
        return self.count("missed")

    @property
    def due(self) -> int:
        return self.done + self.partial + self.missed

    @property
    def percent(self) -> Optional[float]:
        """Done sessions as a share of due ones, 0 to 100; None when none was due."""
        return None if self.due == 0 else 100.0 * self.done / self.due

    def summary(self) -> str:
        if self.percent is None:
            return "no prescribed session was due in this period"
        return (
            f"{self.percent:.0f}% ({self.done} of {self.due} prescribed sessions done, "
            f"{self.partial} partial, {self.missed} missed)"
        )

    def status_of(self, day: dt.date, slot: str) -> Optional[SlotStatus]:
        for s in self.slots:
            if s.day == day and s.slot == slot:
                return s
        return None


def _blocked(data: ReportData, day: dt.date) -> bool:
    for p in data.prescriptions:
        if p.surgery_date is not None and p.surgery_date <= day < p.surgery_date + SURGERY_REST:
            return True
    return False


def _tallies(data: ReportData, day: dt.date, slot: str, p: Optional[Prescription]) -> List[ExerciseTally]:
    per_exercise: Dict[str, List[int]] = {}
    for session in data.sessions:
        if session.slot != slot or data.session_day(session) != day:
            continue
        for st in data.sets_of(session.id):
            per_exercise.setdefault(st.exercise_id, []).append(st.reps)
    prescribed = {i.exercise_id: i for i in p.exercises} if p is not None else {}
    order = list(prescribed) + [e for e in per_exercise if e not in prescribed]
    tallies = []
    for exercise_id in order:
        counts = per_exercise.get(exercise_id, [])
        item = prescribed.get(exercise_id)
        tallies.append(
            ExerciseTally(
                exercise_id=exercise_id,
                reps=sum(counts),
                best_set=max(counts, default=0),
                sets_reaching_min=sum(1 for c in counts if item is not None and c >= item.reps_min),
                reps_min=item.reps_min if item is not None else None,
                sets_prescribed=item.sets if item is not None else None,
            )
        )
    return tallies


def slot_status(data: ReportData, day: dt.date, slot: str) -> SlotStatus:
    p = data.prescription_on(day)
    due = p is not None and slot in p.slots and not p.in_break(day)
    tallies = _tallies(data, day, slot, p if due else None)
    reps = sum(t.reps for t in tallies)
    if _blocked(data, day):
        status = "extra" if reps else "blocked"
    elif not due:
        status = "extra" if reps else "rest"
    elif day > data.today:
        status = "upcoming"
    elif all(t.sets_reaching_min >= (t.sets_prescribed or 1) for t in tallies if t.reps_min is not None):
        status = "done"
    elif reps > 0:
        status = "partial"
    elif day == data.today:
        status = "pending"
    else:
        status = "missed"
    return SlotStatus(day, slot, status, p.id if (p is not None and due) else None, reps, tuple(tallies))


def compute_adherence(data: ReportData) -> Adherence:
    """The status of every morning and evening of the period."""
    slots: List[SlotStatus] = []
    day = data.start
    while day <= data.end:
        for slot in SLOTS:
            slots.append(slot_status(data, day, slot))
        day += dt.timedelta(days=1)
    return Adherence(data.start, data.end, tuple(slots))
