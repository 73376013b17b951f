"""Everything a report needs about one patient and one period, read once.

``load_report_data`` goes through the store's own access checks: a patient
may load only their own records, a therapist only those of their own
patients; anyone else gets ``AccessDenied`` before anything is read.

Periods are whole days, ``start`` to ``end`` inclusive, in the timezone
``tz`` (UTC unless told): a session belongs to the day on which it started
in that timezone.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from coach.store import (
    AccessDenied,
    Account,
    Note,
    Prescription,
    RepRecord,
    SessionRecord,
    SetRecord,
    Store,
    Viewer,
)

# Exercises whose repetition ``range`` is a range of motion worth a trend, and
# its unit. Any other exercise's range is charted too, in its catalogue unit.
ROM_UNITS: Dict[str, str] = {
    "ankle_flex": "degrees",
    "big_toe_flex": "degrees",
    "toe_spread": "index",
}

DISCLAIMER = (
    "This report logs the exercise a person did at home, as counted by FootCoach. "
    "It is not a diagnosis and does not assess the condition of the feet."
)


def exercise_name(exercise_id: str) -> str:
    """The catalogue's name for an exercise, or a readable form of its id."""
    try:
        from exercises import all_exercises

        spec = all_exercises().get(exercise_id)
    except Exception:  # a broken exercise module must not stop a report
        spec = None
    if spec is not None:
        return spec.name
    return exercise_id.replace("_", " ").capitalize()


def range_unit(exercise_id: str) -> str:
    """The unit of an exercise's repetition range."""
    if exercise_id in ROM_UNITS:
        return ROM_UNITS[exercise_id]
    try:
        from exercises import all_exercises

        spec = all_exercises().get(exercise_id)
    except Exception:
        spec = None
    return spec.signal_unit if spec is not None else ""


def patient_account(store: Store, viewer: Viewer, patient_id: int) -> Account:
    """The patient's account, when ``viewer`` may see it; ``AccessDenied`` otherwise."""
    if not isinstance(viewer, Account):
        raise AccessDenied("sign in first: no account was given")
    for account in store.list_patients(viewer):  # checks the viewer is a real, active account
        if account.patient_id == patient_id:
            return account
    if viewer.is_patient:
        raise AccessDenied(
            f"patient {viewer.username!r} may only see their own records, not those of patient #{patient_id}"
        )
    raise AccessDenied(f"patient #{patient_id} is not a patient of therapist {viewer.username!r}")


def day_bounds(start: dt.date, end: dt.date, tz: dt.tzinfo) -> Tuple[dt.datetime, dt.datetime]:
    """The moments [first instant of ``start``, first instant after ``end``) in ``tz``."""
    lo = dt.datetime.combine(start, dt.time(), tzinfo=tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    return lo, hi


def check_period(start: dt.date, end: dt.date) -> None:
    for name, d in (("start", start), ("end", end)):
        if not isinstance(d, dt.date) or isinstance(d, dt.datetime):
            raise ValueError(f"the period's {name} must be a date, got {d!r}")
    if end < start:
        raise ValueError(f"the period cannot end ({end}) before it starts ({start})")
    if (end - start).days > 3660:
        raise ValueError("a report covers at most ten years")


@dataclass(frozen=True)
class ReportData:
    """One patient's records for one period. Read-only; built by ``load_report_data``."""

    patient: Account
    start: dt.date
    end: dt.date
    tz: dt.tzinfo
    prescriptions: Tuple[Prescription, ...]
    sessions: Tuple[SessionRecord, ...]
    sets: Tuple[SetRecord, ...]
    reps: Tuple[RepRecord, ...]
    notes: Tuple[Note, ...]  # all of the patient's notes, oldest first
    today: dt.date
    generated_at: dt.datetime
    _sets_by_session: Dict[int, List[SetRecord]] = field(default_factory=dict, repr=False, compare=False)
    _reps_by_set: Dict[int, List[RepRecord]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for st in self.sets:
            self._sets_by_session.setdefault(st.session_id, []).append(st)
        for r in self.reps:
            self._reps_by_set.setdefault(r.set_id, []).append(r)

    def local_day(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.tz).date()

    def session_day(self, session: SessionRecord) -> dt.date:
        return self.local_day(session.started_at)

    def sets_of(self, session_id: int) -> List[SetRecord]:
        return self._sets_by_session.get(session_id, [])

    def reps_of(self, set_id: int) -> List[RepRecord]:
        return self._reps_by_set.get(set_id, [])

    def prescription_on(self, day: dt.date) -> Optional[Prescription]:
        """The prescription whose course covers ``day``: the most recently written one."""
        covering = [p for p in self.prescriptions if p.in_course(day)]
        if not covering:
            return None
        return max(covering, key=lambda p: (p.created_at, p.id))

    def prescription(self, prescription_id: Optional[int]) -> Optional[Prescription]:
        for p in self.prescriptions:
            if p.id == prescription_id:
                return p
        return None

    def prescriptions_in_period(self) -> List[Prescription]:
        """Prescriptions whose course overlaps the period."""
        return [p for p in self.prescriptions if p.course_start <= self.end and p.course_end >= self.start]

    def exercise_ids(self) -> List[str]:
        """Every exercise prescribed or done in the period, prescribed ones first."""
        seen: Dict[str, None] = {}
        for p in self.prescriptions_in_period():
            for item in p.exercises:
                seen.setdefault(item.exercise_id, None)
        for st in self.sets:
            seen.setdefault(st.exercise_id, None)
        return list(seen)


def load_report_data(
    store: Store,
    viewer: Viewer,
    patient_id: int,
    start: dt.date,
    end: dt.date,
    *,
    tz: Optional[dt.tzinfo] = None,
    today: Optional[dt.date] = None,
) -> ReportData:
    """Reads one patient's prescriptions, sessions, sets, repetitions and notes for a period.

    Raises ``AccessDenied`` when ``viewer`` may not see the patient and
    ``ValueError`` for a wrong period.
    """
    check_period(start, end)
    zone = tz or dt.timezone.utc
    patient = patient_account(store, viewer, patient_id)
    lo, hi = day_bounds(start, end, zone)
    prescriptions = store.list_prescriptions(viewer, patient_id)
    sessions = store.list_sessions(viewer, patient_id, lo, hi)
    sets = store.list_sets(viewer, patient_id, lo, hi)
    reps = store.list_repetitions(viewer, patient_id, lo, hi)
    notes = store.list_notes(viewer, patient_id)
    now = dt.datetime.now(dt.timezone.utc)
    return ReportData(
        patient=patient,
        start=start,
        end=end,
        tz=zone,
        prescriptions=tuple(prescriptions),
        sessions=tuple(sessions),
        sets=tuple(sets),
        reps=tuple(reps),
        notes=tuple(notes),
        today=today or now.astimezone(zone).date(),
        generated_at=now,
    )


def period_label(data: ReportData) -> str:
    return f"{data.start.isoformat()} to {data.end.isoformat()}"

