"""A seeded log for the report, export and import tests (fixtures only, no tests).

Ann's course runs 2 to 15 March 2026, morning and evening, with a break from
16 March; "today" is 4 March. Her log:

- 2 March morning: every prescribed exercise, 6 repetitions each (done);
- 2 March evening: heel raises only (partial);
- 3 March morning: nothing (missed);
- 3 March evening: 3 heel raises (partial).

So over 1 to 20 March: 4 sessions due, 1 done, 2 partial, 1 missed: 25%.
The range-of-motion exercises (ankle_flex, big_toe_flex, toe_spread) are
added to the catalogue for the test when no module defines them yet.
"""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pytest

from coach.engine.counter import CounterConfig, RepEvent
from coach.engine.spec import ExerciseSpec
from coach.store import Prescription, SessionRecord, Store

UTC = dt.timezone.utc
ROM_EXERCISES = {"ankle_flex": "degrees", "big_toe_flex": "degrees", "toe_spread": "index"}
TODAY = dt.date(2026, 3, 4)
START = dt.date(2026, 3, 1)
END = dt.date(2026, 3, 20)


def _stand_in(exercise_id: str, unit: str) -> ExerciseSpec:
    return ExerciseSpec(
        id=exercise_id,
        name=exercise_id.replace("_", " ").capitalize(),
        kids_name=exercise_id,
        instructions=("test stand-in",),
        view="foot",
        camera="test stand-in",
        signal=lambda frame: None,
        signal_name=exercise_id,
        signal_unit=unit,
        typical_span=10.0,
        min_span=5.0,
        gate=lambda frame: (True, ""),
        counter=CounterConfig(),
    )


@pytest.fixture
def rom_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    import exercises

    exercises.all_exercises()  # discover the real ones first
    for exercise_id, unit in ROM_EXERCISES.items():
        if exercise_id not in exercises._CATALOGUE:
            monkeypatch.setitem(exercises._CATALOGUE, exercise_id, _stand_in(exercise_id, unit))


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def rep(i: int, rng: float, t0: float = 0.0, quality: str = "full") -> RepEvent:
    return RepEvent(index=i, start=t0 + 2.0 * i, peak=t0 + 2.0 * i + 0.6, end=t0 + 2.0 * i + 1.2, value=rng,
                    range=rng, progress=0.95 if quality == "full" else 0.7, quality=quality)


def log_set(store: Store, session: SessionRecord, exercise_id: str, n: int, when: dt.datetime, base: float) -> None:
    s = store.start_set(session.id, exercise_id, 6, started_at=when)
    for i in range(1, n + 1):
        store.add_repetition(s.id, rep(i, base + i, quality="full" if i != n else "partial"),
                             created_at=when + dt.timedelta(seconds=3 * i))
    store.end_set(s.id, ended_at=when + dt.timedelta(seconds=3 * n + 2))


class Seeded(NamedTuple):
    people: object
    prescription: Prescription
    sessions: tuple


@pytest.fixture
def seeded(store: Store, people, rom_catalogue) -> Seeded:
    p = store.create_prescription(
        people.doc, people.ann.patient_id, ["heel_raise", *ROM_EXERCISES],
        course_start=dt.date(2026, 3, 2), course_end=dt.date(2026, 3, 15),
        break_start=dt.date(2026, 3, 16), break_end=dt.date(2026, 4, 14), instructions="Slowly, no pain.",
    )
    pid = people.ann.patient_id
    s1 = store.start_session(pid, "morning", 3, started_at=at(2, 7, 30))
    for k, exercise_id in enumerate(["heel_raise", *ROM_EXERCISES]):
        base = {"heel_raise": 0.05, "ankle_flex": 20.0, "big_toe_flex": 30.0, "toe_spread": 1.0}[exercise_id]
        log_set(store, s1, exercise_id, 6, at(2, 7, 31 + k), base)
    store.end_session(s1.id, 2, ended_at=at(2, 7, 45))
    s2 = store.start_session(pid, "evening", 4, started_at=at(2, 19, 0))
    log_set(store, s2, "heel_raise", 6, at(2, 19, 1), 0.06)
    store.end_session(s2.id, 3, ended_at=at(2, 19, 10))
    s3 = store.start_session(pid, "evening", 2, started_at=at(3, 20, 0))
    log_set(store, s3, "heel_raise", 3, at(3, 20, 1), 0.07)
    s3 = store.end_session(s3.id, None, status="abandoned", ended_at=at(3, 20, 5))
    store.add_note(people.doc, pid, "Good start; keep the heel raises slow.")
    return Seeded(people, p, (s1, s2, s3))
