"""Every repetition is on disk once add_repetition returns; concurrent writers lose nothing."""
from __future__ import annotations

import os
import signal
import sqlite3
from typing import List

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from coach.engine.counter import RepEvent
from coach.store import Store
from store_helpers import FAST_HASHER, child, indices, read_line

SEEN = 12


def test_reps_survive_sigkill_of_the_writer(store: Store, store_url: str, people) -> None:
    session = store.start_session(people.ann.patient_id, "morning", 1)
    proc = child("reps", store_url, str(session.id))
    try:
        first = read_line(proc)
        assert first.startswith("set "), first
        set_id = int(first.split()[1])
        seen = [int(read_line(proc)) for _ in range(SEEN)]
        os.kill(proc.pid, signal.SIGKILL)  # no clean-up, no exit handlers
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert seen == list(range(1, SEEN + 1))
    store.close()
    reopened = Store.open(store_url, password_hasher=FAST_HASHER)
    got = indices(reopened, people.ann, people.ann.patient_id, set_id)
    # Every reported repetition is there; one more may have landed before the kill.
    assert got[:SEEN] == seen
    assert got == list(range(1, len(got) + 1)) and len(got) <= SEEN + 1
    reopened.close()


def test_two_processes_writing_concurrently(store: Store, store_url: str, people) -> None:
    count = 40
    targets = []
    for who in (people.ann, people.cat):
        session = store.start_session(who.patient_id, "evening", 2)
        targets.append((who, store.start_set(session.id, "heel_raise", 7).id))
    procs = [child("writer", store_url, str(set_id), str(count)) for _, set_id in targets]
    try:
        for p in procs:
            assert read_line(p) == "ready"
        for p in procs:
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        for p in procs:
            assert read_line(p) == "done"
            assert p.wait(timeout=30) == 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    for who, set_id in targets:
        assert indices(store, who, who.patient_id, set_id) == list(range(1, count + 1))


def _locked_flushes(monkeypatch, times: int) -> List[int]:
    """The next ``times`` flushes of any session fail as SQLite does when the
    file is locked; returns a list that counts the failures."""
    failures: List[int] = []
    real_flush = Session.flush

    def flush(self, *args, **kwargs):
        if len(failures) < times:
            failures.append(1)
            raise OperationalError("INSERT INTO repetitions ...", {}, sqlite3.OperationalError("database is locked"))
        return real_flush(self, *args, **kwargs)

    monkeypatch.setattr(Session, "flush", flush)
    return failures


def test_a_repetition_is_stored_after_a_moment_of_database_is_locked(store: Store, people, monkeypatch) -> None:
    session = store.start_session(people.ann.patient_id, "morning", 1)
    set_id = store.start_set(session.id, "heel_raise", 7).id
    failures = _locked_flushes(monkeypatch, 3)
    stored = store.add_repetition(set_id, RepEvent(index=1, start=0.5, peak=1.0, end=1.6, value=30.0, range=20.0,
                                                   progress=0.9, quality="full"))
    assert len(failures) == 3 and stored.index == 1
    assert indices(store, people.ann, people.ann.patient_id, set_id) == [1]


def test_a_lock_that_outlasts_the_busy_timeout_is_reported(store_url: str, people, monkeypatch) -> None:
    store = Store.open(store_url, password_hasher=FAST_HASHER, busy_timeout=0.2)
    try:
        session = store.start_session(people.ann.patient_id, "morning", 1)
        set_id = store.start_set(session.id, "heel_raise", 7).id
        failures = _locked_flushes(monkeypatch, 10_000)
        with pytest.raises(OperationalError, match="database is locked"):
            store.add_repetition(set_id, RepEvent(index=1, start=0.5, peak=1.0, end=1.6, value=30.0, range=20.0,
                                                  progress=0.9, quality="full"))
        assert 2 <= len(failures) < 10_000
    finally:
        store.close()
