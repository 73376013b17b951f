"""A whole session written and read back; accounts and passwords; prescriptions; notes."""
from __future__ import annotations

import datetime as dt
import threading

from argon2 import PasswordHasher
from sqlalchemy import select

from coach.engine.counter import FeedbackEvent
from coach.engine.runner import Feedback
from coach.store import PrescribedExercise, Store
from coach.store.models import AccountRow
from store_helpers import indices, rep

UTC = dt.timezone.utc


def test_session_round_trip(store: Store, people) -> None:
    ann = people.ann
    t0 = dt.datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
    rx = store.create_prescription(people.doc, ann.patient_id, ["heel_raise"], course_start=t0.date())
    session = store.start_session(ann.patient_id, "morning", 3, started_at=t0)
    assert session.status == "in_progress" and session.prescription_id == rx.id
    s = store.start_set(session.id, "heel_raise", 6, calibration_rest=12.5, calibration_span=-18.0,
                        started_at=t0 + dt.timedelta(seconds=5))
    counted_at = t0 + dt.timedelta(seconds=10)
    stored = [store.add_repetition(s.id, rep(i, "full" if i < 5 else "partial"), created_at=counted_at) for i in range(1, 7)]
    assert [r.index for r in stored] == [1, 2, 3, 4, 5, 6]
    store.add_feedback(s.id, Feedback(7.5, "too_fast", "Slower, please."))
    store.add_feedback(s.id, FeedbackEvent(9.0, "lost_view"), "Step back into view.")
    ended = store.end_set(s.id, ended_at=t0 + dt.timedelta(minutes=1))
    assert (ended.reps, ended.full_reps) == (6, 4)
    done = store.end_session(session.id, 2, ended_at=t0 + dt.timedelta(minutes=2))
    assert done.status == "completed" and done.pain_after == 2

    detail = store.session_detail(ann, session.id)
    assert detail.session == done
    assert detail.session.started_at == t0 and detail.session.started_at.tzinfo is not None
    (sd,) = detail.sets
    assert sd.set.exercise_id == "heel_raise" and sd.set.target_reps == 6
    assert (sd.set.calibration_rest, sd.set.calibration_span) == (12.5, -18.0)
    assert [r.to_event() for r in sd.reps] == [rep(i, "full" if i < 5 else "partial") for i in range(1, 7)]
    assert all(r.created_at == counted_at for r in sd.reps)
    assert [(f.t, f.code, f.message) for f in sd.feedback] == [
        (7.5, "too_fast", "Slower, please."), (9.0, "lost_view", "Step back into view.")]

    # The same data through the period listings, seen by the therapist.
    day = t0.date()
    assert store.list_sessions(people.doc, ann.patient_id, day, day + dt.timedelta(days=1)) == [done]
    assert store.list_sessions(people.doc, ann.patient_id, since=day + dt.timedelta(days=1)) == []
    assert [x.id for x in store.list_sets(people.doc, ann.patient_id, since=day)] == [s.id]
    assert len(store.list_repetitions(people.doc, ann.patient_id, since=t0, until=t0 + dt.timedelta(hours=1))) == 6
    assert len(store.list_feedback(people.doc, ann.patient_id, set_id=s.id)) == 2
    assert store.get_session(people.doc, session.id) == done


def test_end_session_closes_open_sets_and_repeats_harmlessly(store: Store, people) -> None:
    session = store.start_session(people.ann.patient_id, "evening", 0)
    s = store.start_set(session.id, "heel_raise", 5)
    store.add_repetition(s.id, rep(1))
    store.add_repetition(s.id, rep(1))  # a retried write: still one repetition
    done = store.end_session(session.id, 1)
    assert store.end_session(session.id, 1) == done
    (open_set,) = store.list_sets(people.ann, people.ann.patient_id)
    assert open_set.ended_at is not None and open_set.reps == 1
    abandoned = store.start_session(people.ann.patient_id, "evening", 4)
    assert store.end_session(abandoned.id, None, status="abandoned").pain_after is None


def test_client_keys_make_retries_harmless(store: Store, people) -> None:
    a = store.start_session(people.ann.patient_id, "morning", 1, client_key="k1")
    b = store.start_session(people.ann.patient_id, "morning", 1, client_key="k1")
    assert a == b
    s1 = store.start_set(a.id, "heel_raise", 5, client_key="s1")
    assert store.start_set(a.id, "heel_raise", 5, client_key="s1") == s1
    assert len(store.list_sessions(people.ann, people.ann.patient_id)) == 1


def test_passwords_are_argon2_hashes(store_url: str) -> None:
    store = Store.open(store_url)  # the default, production-strength hasher
    doc = store.create_therapist("Doc.Real", "correct horse battery")
    with store.engine.connect() as conn:
        stored = conn.execute(select(AccountRow.password_hash).where(AccountRow.id == doc.id)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert "correct horse battery" not in stored
    assert store.authenticate("doc.real", "correct horse battery") == doc  # usernames ignore case
    assert store.authenticate("DOC.REAL", "correct horse batterY") is None
    store.close()


def test_weak_hash_is_upgraded_on_login(store_url: str) -> None:
    weak = Store.open(store_url, password_hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    doc = weak.create_therapist("doc", "doc-password")
    weak.close()
    strong = Store.open(store_url, password_hasher=PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1))
    assert strong.authenticate("doc", "doc-password") == doc
    with strong.engine.connect() as conn:
        stored = conn.execute(select(AccountRow.password_hash)).scalar_one()
    assert "m=2048,t=2" in stored
    strong.close()


def test_prescription_defaults_and_listing(store: Store, people) -> None:
    start = dt.date(2026, 4, 1)
    rx = store.create_prescription(people.doc, people.bob.patient_id,
                                   ["heel_raise"], course_start=start, instructions=" gently ")
    assert rx.exercises == (PrescribedExercise("heel_raise", 5, 7, 1),)
    assert rx.slots == ("morning", "evening")
    assert rx.course_end == dt.date(2026, 4, 28)
    assert rx.break_start == dt.date(2026, 4, 29) and rx.break_end == dt.date(2026, 5, 28)
    assert rx.instructions == "gently"
    assert store.current_prescription(people.bob, people.bob.patient_id, on=dt.date(2026, 4, 10)) == rx
    assert store.current_prescription(people.bob, people.bob.patient_id, on=dt.date(2026, 5, 1)) is None
    custom = store.create_prescription(
        people.doc, people.bob.patient_id, [PrescribedExercise("heel_raise", 6, 8, 2)], evening=False,
        course_start=dt.date(2026, 6, 1), course_end=dt.date(2026, 6, 14), surgery_date=dt.date(2026, 5, 18))
    assert custom.slots == ("morning",) and custom.break_start is None
    assert store.list_prescriptions(people.doc, people.bob.patient_id) == [rx, custom]


def test_notes(store: Store, people) -> None:
    store.add_note(people.doc, people.ann.patient_id, "Range improving; keep to 6 reps.")
    store.add_note(people.ann, people.ann.patient_id, "Felt easier today.")
    notes = store.list_notes(people.ann, people.ann.patient_id)
    assert [(n.author_name, n.text) for n in notes] == [
        ("Dr Doc", "Range improving; keep to 6 reps."), ("Ann", "Felt easier today.")]
    assert [p.username for p in store.list_patients(people.doc)] == ["ann", "bob"]
    assert [p.username for p in store.list_patients(people.cat)] == ["cat"]


def test_threads_sharing_one_store(store: Store, people) -> None:
    sets = []
    for who in (people.ann, people.bob, people.cat, people.ann):
        session = store.start_session(who.patient_id, "morning", 1)
        sets.append((who, store.start_set(session.id, "heel_raise", 7)))
    errors = []

    def write(set_id: int) -> None:
        try:
            for i in range(1, 16):
                store.add_repetition(set_id, rep(i))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=write, args=(s.id,)) for _, s in sets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    for who, s in sets:
        assert indices(store, who, who.patient_id, s.id) == list(range(1, 16))
