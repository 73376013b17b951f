"""The buffered recorder keeps counted repetitions through an unreachable or locked database."""
from __future__ import annotations

import json
import socket
import sqlite3
import threading
from pathlib import Path
from typing import List, Optional

import pytest
from sqlalchemy.engine import make_url

from coach.engine.runner import Feedback
from coach.store import BufferedRecorder, Store, recover_spools
from coach.store.buffer import SpoolBusy
from store_helpers import FAST_HASHER, indices, rep


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unreachable_pg_url() -> str:
    return f"postgresql+psycopg://footcoach:secret@127.0.0.1:{free_port()}/footcoach"


def spool_lines(path: Path) -> List[dict]:
    return [json.loads(x) for x in path.read_text().splitlines()]


def record_live_session(rec: BufferedRecorder, patient_id: int, reps: int) -> tuple:
    session = rec.start_session(patient_id, "morning", 3)
    s = rec.start_set(session, "heel_raise", 6, calibration_rest=10.0, calibration_span=15.0)
    results = [rec.record_rep(s, rep(i)) for i in range(1, reps + 1)]
    rec.record_feedback(s, Feedback(3.0, "too_fast", "Slower, please."))
    rec.end_set(s)
    rec.end_session(session, 2)
    return session, s, results


def check_written(store: Store, viewer, session_key: str, rec: BufferedRecorder, reps: int) -> None:
    (session,) = store.list_sessions(viewer, viewer.patient_id)
    assert session.status == "completed" and session.pain_after == 2 and session.pain_before == 3
    detail = store.session_detail(viewer, session.id)
    (sd,) = detail.sets
    assert [r.to_event() for r in sd.reps] == [rep(i) for i in range(1, reps + 1)]
    assert [f.code for f in sd.feedback] == ["too_fast"]
    assert sd.set.ended_at is not None and sd.set.calibration_span == 15.0
    assert rec.db_id(session_key) == session.id


def test_unreachable_postgres_keeps_reps_then_replays(store: Store, people, tmp_path: Path) -> None:
    spool = tmp_path / "spool" / "live.jsonl"
    rec = BufferedRecorder(unreachable_pg_url(), spool=spool, password_hasher=FAST_HASHER)
    session_key, _, results = record_live_session(rec, people.ann.patient_id, 5)
    assert results == [False] * 5
    assert rec.pending == 2 + 5 + 3 and rec.pending_reps == 5
    assert rec.last_error is not None and "database unavailable" in rec.last_error
    assert "refused" in rec.last_error.lower() or "connect" in rec.last_error.lower()
    assert rec.flush() is False  # still down
    rec.close()  # the app quits while the server is down: the spool stays
    assert spool.exists()
    assert sum(1 for line in spool_lines(spool) if line.get("op") == "rep") == 5

    later = BufferedRecorder.resume(spool, store)
    assert later.pending == 10
    assert later.flush() is True and later.pending == 0 and later.last_error is None
    later.close()
    assert not spool.exists()
    check_written(store, people.ann, session_key, later, 5)


def test_locked_sqlite_keeps_reps_and_flushes_in_order(tmp_path: Path, people_free_sqlite) -> None:
    url, store, ann = people_free_sqlite
    path = make_url(url).database
    holder = sqlite3.connect(path, isolation_level=None, timeout=0.1)
    rec = BufferedRecorder(url, spool=tmp_path / "s.jsonl", busy_timeout=0.1, retry_after=0.0,
                           password_hasher=FAST_HASHER)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        session_key, set_key, results = record_live_session(rec, ann.patient_id, 4)
        assert results == [False] * 4
        assert rec.pending == 9 and rec.pending_reps == 4
        assert "database is locked" in (rec.last_error or "")
        assert rec.db_id(session_key) is None
    finally:
        holder.execute("COMMIT")
        holder.close()
    assert rec.flush() is True
    assert rec.pending == 0 and rec.last_error is None
    check_written(store, ann, session_key, rec, 4)
    assert rec.record_rep(set_key, rep(5)) is True  # late repetitions go straight in
    rec.close()
    assert not (tmp_path / "s.jsonl").exists()


def test_retry_waits_between_attempts(people_free_sqlite, tmp_path: Path) -> None:
    url, store, ann = people_free_sqlite
    now = [0.0]
    rec = BufferedRecorder(unreachable_pg_url(), spool=tmp_path / "r.jsonl", retry_after=5.0, clock=lambda: now[0])
    session_key = rec.start_session(ann.patient_id, "evening", 1)
    first_error = rec.last_error
    rec._url = url  # the database comes back (a test-only switch of target)
    rec.start_set(session_key, "heel_raise", 5)
    assert rec.pending == 2 and rec.last_error == first_error  # too soon to try again
    now[0] = 6.0
    assert rec.start_set(session_key, "heel_raise", 5)
    assert rec.pending == 0
    rec.close()


def test_crash_leaves_a_spool_that_is_recovered(store: Store, people, tmp_path: Path) -> None:
    spool_dir = tmp_path / "spool"
    rec = BufferedRecorder(unreachable_pg_url(), spool=spool_dir / "crashed.jsonl")
    session_key, _, _ = record_live_session(rec, people.ann.patient_id, 3)
    rec._spool.close()  # the process dies here: no close(), no flush
    # A line torn by the crash must not stop recovery.
    with open(spool_dir / "crashed.jsonl", "a") as f:
        f.write('{"seq": 99, "op": "rep", "ar')
    live = BufferedRecorder(unreachable_pg_url(), spool=spool_dir / "live.jsonl")
    live.start_session(people.bob.patient_id, "morning", 1)  # still running, still pending
    with pytest.raises(SpoolBusy):
        BufferedRecorder.resume(spool_dir / "live.jsonl", store)
    assert recover_spools(store, spool_dir) == 1
    assert [p.name for p in spool_dir.glob("*.jsonl")] == ["live.jsonl"]  # left to its owner
    assert store.list_sessions(people.bob, people.bob.patient_id) == []
    live.close()
    (session,) = store.list_sessions(people.ann, people.ann.patient_id)
    assert indices(store, people.ann, people.ann.patient_id, store.list_sets(people.ann, people.ann.patient_id)[0].id) == [1, 2, 3]


def test_replay_after_lost_acknowledgements_duplicates_nothing(store: Store, people, tmp_path: Path) -> None:
    spool = tmp_path / "x.jsonl"
    rec = BufferedRecorder(store, spool=spool)
    record_live_session(rec, people.ann.patient_id, 3)
    assert rec.pending == 0
    rec._spool.close()  # crash before close(): every op written, acks on file
    # Pretend none of the acknowledgements reached the disk.
    spool.write_text("".join(line + "\n" for line in spool.read_text().splitlines() if '"op"' in line))
    again = BufferedRecorder.resume(spool, store)
    assert again.pending == 8
    assert again.flush() is True
    again.close()
    (session,) = store.list_sessions(people.ann, people.ann.patient_id)
    (sd,) = store.session_detail(people.ann, session.id).sets
    assert [r.index for r in sd.reps] == [1, 2, 3] and len(sd.feedback) == 1


def test_refused_operations_are_reported_not_retried_forever(store: Store, people, tmp_path: Path) -> None:
    rec = BufferedRecorder(store, spool=tmp_path / "bad.jsonl")
    rec.record_rep(987654, rep(1))  # a set that does not exist
    assert rec.pending == 0 and len(rec.rejected) == 1
    assert "no set #987654" in (rec.last_error or "")
    rec.close()
    assert (tmp_path / "bad.rejected.jsonl").exists()


class TcpRelay:
    """Forwards a local port to the PostgreSQL server: stopped, the database is unreachable."""

    def __init__(self, target: tuple) -> None:
        self.target = target
        self.port = free_port()
        self._server: Optional[socket.socket] = None
        self._open: List[socket.socket] = []

    def start(self) -> None:
        srv = socket.socket()
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", self.port))
        srv.listen(8)
        self._server = srv
        threading.Thread(target=self._accept, args=(srv,), daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown(socket.SHUT_RDWR)  # wakes the accept() below
            self._server.close()
            self._server = None
        for s in self._open:  # connections in flight break, as when a server goes away
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._open.clear()

    def _accept(self, srv: socket.socket) -> None:
        while True:
            try:
                client, _ = srv.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self._open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


# Only a server can be taken away and brought back, so this runs on PostgreSQL alone.
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_postgres_comes_back(backend: str, store: Store, store_url: str, people, tmp_path: Path) -> None:
    real = make_url(store_url)
    relay = TcpRelay((real.host, real.port))
    via_relay = real.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
    rec = BufferedRecorder(via_relay, spool=tmp_path / "pg.jsonl", retry_after=0.0, password_hasher=FAST_HASHER)
    try:
        session_key = rec.start_session(people.ann.patient_id, "morning", 3)
        set_key = rec.start_set(session_key, "heel_raise", 6)
        assert [rec.record_rep(set_key, rep(i)) for i in (1, 2)] == [False, False]
        assert rec.pending == 4
        relay.start()  # the server is reachable again
        assert rec.record_rep(set_key, rep(3)) is True
        assert rec.pending == 0 and rec.last_error is None
        relay.stop()  # and gone again mid-session
        assert rec.record_rep(set_key, rep(4)) is False
        relay.start()
        rec.end_set(set_key)
        rec.end_session(session_key, 2)
        assert rec.flush() is True
    finally:
        rec.close()
        relay.stop()
    (session,) = store.list_sessions(people.ann, people.ann.patient_id)
    (sd,) = store.session_detail(people.ann, session.id).sets
    assert [r.index for r in sd.reps] == [1, 2, 3, 4]
