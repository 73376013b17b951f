"""Bad input raises ValueError with a clear message and writes nothing."""
from __future__ import annotations

import datetime as dt

import pytest

from coach.store import NotFound, PrescribedExercise, Store
from coach.engine.counter import RepEvent
from store_helpers import rep, row_counts


@pytest.fixture
def live(store: Store, people):
    session = store.start_session(people.ann.patient_id, "morning", 2)
    s = store.start_set(session.id, "heel_raise", 5)
    return session, s


def _refused(store: Store, call, match: str, exc=ValueError) -> None:
    before = row_counts(store)
    with pytest.raises(exc, match=match):
        call()
    assert row_counts(store) == before, "a refused call wrote something"


@pytest.mark.parametrize("pain", [-1, 11, 2.5, True, "3", None])
def test_pain_outside_scale(store: Store, people, pain) -> None:
    _refused(store, lambda: store.start_session(people.ann.patient_id, "morning", pain), "pain_before")


def test_pain_after_checked(store: Store, people, live) -> None:
    session, _ = live
    _refused(store, lambda: store.end_session(session.id, 12), r"pain_after must be 0 to 10, got 12")
    assert store.get_session(people.ann, session.id).status == "in_progress"


def test_session_and_set_inputs(store: Store, people, live) -> None:
    session, s = live
    pid = people.ann.patient_id
    _refused(store, lambda: store.start_session(pid, "noon", 2), "slot must be one of morning, evening")
    _refused(store, lambda: store.start_session(pid, "morning", 2, started_at=dt.datetime(2026, 1, 1)), "timezone-aware")
    _refused(store, lambda: store.start_session(4242, "morning", 2), "no patient #4242", NotFound)
    _refused(store, lambda: store.start_set(session.id, "toe_tapping", 5), r"unknown exercise 'toe_tapping'; known: .*heel_raise")
    _refused(store, lambda: store.start_set(session.id, "heel_raise", 0), "target must be 1 to 1000")
    _refused(store, lambda: store.start_set(session.id, "heel_raise", 5, calibration_span=float("nan")), "finite")
    _refused(store, lambda: store.start_set(4242, "heel_raise", 5), "no session #4242", NotFound)
    _refused(store, lambda: store.end_session(session.id, 2, status="paused"), "status must be")


def test_repetition_inputs(store: Store, live) -> None:
    _, s = live
    bad_quality = RepEvent(1, 0.0, 0.5, 1.0, 1.0, 1.0, 0.9, "great")
    _refused(store, lambda: store.add_repetition(s.id, bad_quality), "quality must be one of full, partial")
    bad_index = RepEvent(0, 0.0, 0.5, 1.0, 1.0, 1.0, 0.9, "full")
    _refused(store, lambda: store.add_repetition(s.id, bad_index), "index must be at least 1")
    nan = RepEvent(1, 0.0, float("nan"), 1.0, 1.0, 1.0, 0.9, "full")
    _refused(store, lambda: store.add_repetition(s.id, nan), "repetition peak must be a finite number")
    _refused(store, lambda: store.add_repetition(4242, rep(1)), "no set #4242", NotFound)
    store.add_repetition(s.id, rep(1))
    changed = RepEvent(1, 5.0, 5.5, 6.0, 1.0, 1.0, 0.9, "full")
    _refused(store, lambda: store.add_repetition(s.id, changed), "already has a different repetition 1")


def test_no_new_set_after_session_ended(store: Store, live) -> None:
    session, _ = live
    store.end_session(session.id, 1)
    _refused(store, lambda: store.start_set(session.id, "heel_raise", 5), "has ended")


def test_prescription_inputs(store: Store, people) -> None:
    doc, pid = people.doc, people.ann.patient_id
    day = dt.date(2026, 5, 4)
    cases = [
        (dict(exercises=["heel_raise"], reps_min=8, reps_max=7), r"reps_min \(8\) is more than reps_max \(7\)"),
        (dict(exercises=[PrescribedExercise("heel_raise", 0, 7)]), "reps_min must be at least 1"),
        (dict(exercises=["heel_raise"], sets=0), "sets must be at least 1"),
        (dict(exercises=["nope"]), r"unknown exercise 'nope'"),
        (dict(exercises=[]), "at least one exercise"),
        (dict(exercises="heel_raise"), "at least one exercise"),
        (dict(exercises=["heel_raise", "heel_raise"]), "listed twice"),
        (dict(exercises=["heel_raise"], morning=False, evening=False), "morning or the evening"),
        (dict(exercises=["heel_raise"], course_end=day - dt.timedelta(days=1)), "cannot end"),
        (dict(exercises=["heel_raise"], course_end=day + dt.timedelta(days=20), break_start=day + dt.timedelta(days=10)),
         "must start after the course ends"),
        (dict(exercises=["heel_raise"], surgery_date=day - dt.timedelta(days=10)),
         "can start on 2026-05-08 at the earliest"),
        (dict(exercises=["heel_raise"], course_start=dt.datetime(2026, 5, 4, 8)), "must be a date"),
    ]
    for kwargs, match in cases:
        kwargs.setdefault("course_start", day)
        _refused(store, lambda kw=kwargs: store.create_prescription(doc, pid, **kw), match)


def test_account_inputs(store: Store, people) -> None:
    _refused(store, lambda: store.create_therapist("ab", "long-enough"), "username must be 3 to 64")
    _refused(store, lambda: store.create_therapist("has space", "long-enough"), "username must be")
    _refused(store, lambda: store.create_therapist("newdoc", "short"), "at least 8 characters")
    _refused(store, lambda: store.create_therapist("DOC", "long-enough"), "'doc' is already taken")
    _refused(store, lambda: store.create_patient("newpat", "long-enough", people.ann.id), "is not an active therapist")
    _refused(store, lambda: store.add_note(people.doc, people.ann.patient_id, "   "), "needs some text")
