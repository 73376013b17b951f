"""Who may see what: each refusal is asserted, with its message."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from coach.store import AccessDenied, Store
from store_helpers import rep


@pytest.fixture
def anns_session(store: Store, people):
    session = store.start_session(people.ann.patient_id, "morning", 2)
    s = store.start_set(session.id, "heel_raise", 5)
    store.add_repetition(s.id, rep(1))
    return session


def test_patient_sees_own_records(store: Store, people, anns_session) -> None:
    assert [x.id for x in store.list_sessions(people.ann, people.ann.patient_id)] == [anns_session.id]
    assert len(store.list_repetitions(people.ann, people.ann.patient_id)) == 1


def test_patient_cannot_read_another_patient(store: Store, people, anns_session) -> None:
    with pytest.raises(AccessDenied, match=r"'bob' may only see their own records"):
        store.list_sessions(people.bob, people.ann.patient_id)
    with pytest.raises(AccessDenied):
        store.list_repetitions(people.bob, people.ann.patient_id)
    with pytest.raises(AccessDenied):
        store.session_detail(people.bob, anns_session.id)
    with pytest.raises(AccessDenied):
        store.list_notes(people.bob, people.ann.patient_id)


def test_therapist_cannot_read_another_therapists_patient(store: Store, people, anns_session) -> None:
    assert len(store.list_sessions(people.doc, people.ann.patient_id)) == 1
    with pytest.raises(AccessDenied, match=r"is not a patient of therapist 'other'"):
        store.list_sessions(people.other_doc, people.ann.patient_id)
    with pytest.raises(AccessDenied):
        store.get_session(people.other_doc, anns_session.id)
    with pytest.raises(AccessDenied):
        store.list_sets(people.other_doc, people.ann.patient_id)
    with pytest.raises(AccessDenied):
        store.add_note(people.other_doc, people.ann.patient_id, "not my patient")
    with pytest.raises(AccessDenied, match="is not a patient of therapist 'doc'"):
        store.create_prescription(people.doc, people.cat.patient_id, ["heel_raise"])
    assert [p.username for p in store.list_patients(people.other_doc)] == ["cat"]


def test_unknown_ids_are_refused_like_foreign_ones(store: Store, people) -> None:
    with pytest.raises(AccessDenied):
        store.list_sessions(people.doc, 9999)
    with pytest.raises(AccessDenied, match="session #9999"):
        store.session_detail(people.doc, 9999)


def test_wrong_password_and_unknown_user(store: Store, people) -> None:
    assert store.authenticate("ann", "ann-password") == people.ann
    assert store.authenticate("ann", "wrong-password") is None
    assert store.authenticate("ann", "") is None
    assert store.authenticate("nobody", "ann-password") is None


def test_forged_or_wrong_role_accounts_are_refused(store: Store, people) -> None:
    forged = dataclasses.replace(people.bob, username="ann")
    with pytest.raises(AccessDenied, match="not a valid signed-in account"):
        store.list_sessions(forged, people.ann.patient_id)
    promoted = dataclasses.replace(people.ann, role="therapist")
    with pytest.raises(AccessDenied):
        store.list_sessions(promoted, people.bob.patient_id)
    with pytest.raises(AccessDenied, match="only a therapist can prescribe"):
        store.create_prescription(people.ann, people.ann.patient_id, ["heel_raise"], course_start=dt.date(2026, 1, 5))
    with pytest.raises(AccessDenied, match="sign in first"):
        store.list_sessions(None, people.ann.patient_id)  # type: ignore[arg-type]


def test_changing_password(store: Store, people) -> None:
    with pytest.raises(AccessDenied, match="current password is wrong"):
        store.set_password(people.ann, "nope-nope", "new-password-1")
    store.set_password(people.ann, "ann-password", "new-password-1")
    assert store.authenticate("ann", "ann-password") is None
    assert store.authenticate("ann", "new-password-1") == people.ann
