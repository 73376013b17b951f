"""Keeps a live session's records safe while the database is unreachable or locked.

``BufferedRecorder`` stands between the live session and the ``Store``. Every
call is first appended to a local JSONL spool file (flushed and fsynced), then
written to the database in order. When the database cannot be reached (server
down, SQLite file locked by another writer) the operation stays queued, in
memory and in the spool, and is written on a later call or ``flush()``; the
UI shows ``pending`` and ``last_error`` meanwhile. A crash leaves the spool
behind: opening a recorder on that file (``BufferedRecorder.resume``) or
calling ``recover_spools`` writes whatever had not been acknowledged.

Sessions and sets started through the recorder get a client key (kept in the
database), so a write retried after a lost acknowledgement never duplicates
anything; repetitions are unique by set and index, feedback by set, time and
code.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import threading
import time
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Union

from argon2 import PasswordHasher
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from coach.engine.counter import FeedbackEvent, RepEvent
from coach.engine.runner import Feedback
from coach.store.store import Store, _aware, _exercise, _int_in, _pain, _slot, default_db_path, utcnow

# A session or set: the database id, or the key the recorder gave it.
Ref = Union[int, str]
SPOOL_ENV = "FOOTCOACH_SPOOL"


def default_spool_dir() -> Path:
    env = os.environ.get(SPOOL_ENV)
    if env:
        return Path(env).expanduser()
    return default_db_path().parent / "spool"


def is_transient(exc: BaseException) -> bool:
    """True for errors that say 'not now' (unreachable, locked, timed out), not 'never'."""
    if isinstance(exc, (OperationalError, InterfaceError, PoolTimeout, OSError)):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return False


def _describe(exc: BaseException) -> str:
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        text = str(exc.orig).strip().splitlines()
        return text[0] if text else type(exc.orig).__name__
    return str(exc) or type(exc).__name__


class SpoolBusy(RuntimeError):
    """The spool file belongs to a recorder that is still running."""


class BufferedRecorder:
    """Records a live session without ever dropping a counted repetition.

    ``store`` is an open ``Store``, or a URL (None: the default SQLite file)
    that is opened on first use and re-opened until it works. Writes wait at
    most ``busy_timeout`` seconds for a locked database; after a failure the
    recorder waits ``retry_after`` seconds before trying again (``flush()``
    tries at once).
    """

    def __init__(
        self,
        store: Union[Store, str, None] = None,
        *,
        spool: Union[str, Path, None] = None,
        busy_timeout: float = 0.25,
        retry_after: float = 1.0,
        password_hasher: Optional[PasswordHasher] = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lock = threading.RLock()
        self._store: Optional[Store] = store if isinstance(store, Store) else None
        self._url: Optional[str] = None if isinstance(store, Store) else store
        self._owns_store = not isinstance(store, Store)
        self._busy_timeout = busy_timeout
        self._retry_after = retry_after
        self._hasher = password_hasher
        self._clock = clock
        self._queue: List[Dict[str, Any]] = []
        self._ids: Dict[str, int] = {}  # recorder key -> database id
        self._rejected_keys: set = set()
        self._seq = 0
        self._failed_at: Optional[float] = None
        # For the UI: why records are waiting (cleared once they are written),
        # or why the database refused one (kept).
        self.last_error: Optional[str] = None
        self._error_transient = False
        self.rejected: List[Dict[str, Any]] = []
        self.written = 0
        if spool is None:
            directory = default_spool_dir()
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            spool = directory / f"{uuid.uuid4().hex}.jsonl"
        self.spool_path = Path(spool)
        self.spool_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._spool = open(self.spool_path, "a", encoding="utf-8")
        try:
            # Held while this recorder lives, so recovery never takes over a live spool.
            fcntl.flock(self._spool.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._spool.close()
            raise SpoolBusy(f"{self.spool_path} is in use by another recorder") from None
        self._load_spool()

    # --- the UI's view --------------------------------------------------------------

    @property
    def pending(self) -> int:
        """Operations (of any kind) not yet in the database."""
        with self._lock:
            return len(self._queue)

    @property
    def pending_reps(self) -> int:
        with self._lock:
            return sum(1 for op in self._queue if op["op"] == "rep")

    @property
    def store(self) -> Optional[Store]:
        return self._store

    def db_id(self, ref: Ref) -> Optional[int]:
        """The database id of a session or set, once it has been written."""
        if isinstance(ref, int):
            return ref
        with self._lock:
            return self._ids.get(ref)

    # --- recording ------------------------------------------------------------------

    def start_session(
        self, patient_id: int, slot: str, pain_before: int, *, started_at: Optional[dt.datetime] = None
    ) -> str:
        """Returns the session's key, for ``start_set`` and ``end_session``."""
        _int_in("patient_id", patient_id, 1)
        args = {
            "patient_id": patient_id,
            "slot": _slot(slot),
            "pain_before": _pain("pain_before", pain_before),
            "started_at": _aware("started_at", started_at).isoformat(),
        }
        return self._record("start_session", args, key=f"ses-{uuid.uuid4().hex}")

    def start_set(
        self,
        session: Ref,
        exercise_id: str,
        target: int,
        *,
        calibration_rest: Optional[float] = None,
        calibration_span: Optional[float] = None,
        started_at: Optional[dt.datetime] = None,
    ) -> str:
        """Returns the set's key, for ``record_rep``, ``record_feedback`` and ``end_set``."""
        args = {
            "session": session,
            "exercise_id": _exercise(exercise_id),
            "target": _int_in("target", target, 1, 1000),
            "calibration_rest": calibration_rest,
            "calibration_span": calibration_span,
            "started_at": _aware("started_at", started_at).isoformat(),
        }
        return self._record("start_set", args, key=f"set-{uuid.uuid4().hex}")

    def record_rep(self, set_ref: Ref, rep: RepEvent, *, counted_at: Optional[dt.datetime] = None) -> bool:
        """Keeps one counted repetition; True when it is already in the database."""
        if not isinstance(rep, RepEvent):
            raise ValueError(f"record_rep needs a RepEvent, got {type(rep).__name__}")
        args = {"set": set_ref, "rep": asdict(rep), "created_at": _aware("counted_at", counted_at).isoformat()}
        key = self._record("rep", args)
        return self._done(key)

    def record_feedback(self, set_ref: Ref, feedback: Union[Feedback, FeedbackEvent], message: Optional[str] = None) -> bool:
        text = message if message is not None else getattr(feedback, "message", None)
        if not isinstance(text, str):
            raise ValueError("feedback needs its message text")
        args = {"set": set_ref, "t": feedback.t, "code": feedback.code, "message": text, "created_at": utcnow().isoformat()}
        return self._done(self._record("feedback", args))

    def end_set(self, set_ref: Ref, *, ended_at: Optional[dt.datetime] = None) -> bool:
        args = {"set": set_ref, "ended_at": _aware("ended_at", ended_at).isoformat()}
        return self._done(self._record("end_set", args))

    def end_session(
        self,
        session: Ref,
        pain_after: Optional[int],
        *,
        status: str = "completed",
        ended_at: Optional[dt.datetime] = None,
    ) -> bool:
        if not (pain_after is None and status == "abandoned"):
            _pain("pain_after", pain_after)
        if status not in ("completed", "abandoned"):
            raise ValueError(f"status must be 'completed' or 'abandoned', got {status!r}")
        args = {
            "session": session,
            "pain_after": pain_after,
            "status": status,
            "ended_at": _aware("ended_at", ended_at).isoformat(),
        }
        return self._done(self._record("end_session", args))

    # --- writing ----------------------------------------------------------------------

    def flush(self) -> bool:
        """Writes what is queued, in order, now. True when nothing is left pending."""
        with self._lock:
            self._flush(force=True)
            return not self._queue

    def close(self) -> None:
        """Tries a last flush; removes the spool file when everything was written."""
        with self._lock:
            try:
                self._flush(force=True)
            finally:
                self._spool.close()
                if not self._queue and not self.rejected:
                    self.spool_path.unlink(missing_ok=True)
                elif not self._queue and self.rejected:
                    # Kept for a person to look at: the database refused these.
                    self.spool_path.rename(self.spool_path.with_suffix(".rejected.jsonl"))
                if self._owns_store and self._store is not None:
                    self._store.close()
                    self._store = None

    def __enter__(self) -> "BufferedRecorder":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @classmethod
    def resume(cls, spool: Union[str, Path], store: Union[Store, str, None] = None, **options: Any) -> "BufferedRecorder":
        """A recorder that carries on from a spool file a crashed one left behind."""
        return cls(store, spool=spool, **options)

    # --- internals --------------------------------------------------------------------

    def _record(self, op: str, args: Dict[str, Any], key: Optional[str] = None) -> str:
        with self._lock:
            self._seq += 1
            entry = {"seq": self._seq, "op": op, "key": key or f"op-{self._seq}", "args": args}
            self._append(entry, sync=True)
            self._queue.append(entry)
            self._flush(force=False)
            return entry["key"]

    def _done(self, key: str) -> bool:
        with self._lock:
            return not any(op["key"] == key for op in self._queue)

    def _append(self, line: Dict[str, Any], sync: bool) -> None:
        self._spool.write(json.dumps(line, separators=(",", ":")) + "\n")
        self._spool.flush()
        if sync:
            os.fsync(self._spool.fileno())

    def _load_spool(self) -> None:
        ops: Dict[int, Dict[str, Any]] = {}
        done: set = set()
        with open(self.spool_path, encoding="utf-8") as f:
            for raw in f:
                try:
                    line = json.loads(raw)
                except ValueError:
                    continue  # a line cut short by the crash: never acknowledged to anyone
                if "op" in line:
                    ops[line["seq"]] = line
                    self._seq = max(self._seq, line["seq"])
                elif "ack" in line:
                    done.add(line["ack"])
                    if line.get("id") is not None and line.get("key"):
                        self._ids[line["key"]] = line["id"]
                elif "reject" in line:
                    done.add(line["reject"])
                    self.rejected.append(line)
                    if line.get("key"):
                        self._rejected_keys.add(line["key"])
        self._queue = [ops[s] for s in sorted(ops) if s not in done]

    def _resolve(self, ref: Ref) -> int:
        if isinstance(ref, int):
            return ref
        if ref in self._rejected_keys:
            raise ValueError(f"{ref} was refused by the database earlier")
        if ref not in self._ids:
            raise ValueError(f"{ref} was never started")
        return self._ids[ref]

    def _open_store(self) -> Store:
        if self._store is None:
            self._store = Store.open(self._url, busy_timeout=self._busy_timeout, password_hasher=self._hasher)
        return self._store

    def _flush(self, force: bool) -> None:
        if not self._queue:
            return
        if not force and self._failed_at is not None and self._clock() - self._failed_at < self._retry_after:
            return
        while self._queue:
            entry = self._queue[0]
            try:
                store = self._open_store()
                db_id = self._apply(store, entry)
            except Exception as e:  # noqa: BLE001 - sorted into transient and permanent below
                if is_transient(e):
                    self._failed_at = self._clock()
                    self.last_error = f"database unavailable, {len(self._queue)} kept locally: {_describe(e)}"
                    self._error_transient = True
                    return
                self._queue.pop(0)
                msg = f"{entry['op']} refused by the database: {_describe(e)}"
                self.last_error = msg
                self._error_transient = False
                reject = {"reject": entry["seq"], "key": entry["key"], "error": msg}
                self.rejected.append(reject)
                self._rejected_keys.add(entry["key"])
                self._append(reject, sync=True)
                continue
            self._queue.pop(0)
            self.written += 1
            if db_id is not None:
                self._ids[entry["key"]] = db_id
            self._append({"ack": entry["seq"], "key": entry["key"], "id": db_id}, sync=False)
        self._failed_at = None
        if self._error_transient:
            # Back in touch; a refusal stays shown (it is also in ``rejected``).
            self.last_error = None
            self._error_transient = False

    def _apply(self, store: Store, entry: Dict[str, Any]) -> Optional[int]:
        a = entry["args"]
        op = entry["op"]
        when = lambda name: dt.datetime.fromisoformat(a[name]) if a.get(name) else None  # noqa: E731
        if op == "start_session":
            return store.start_session(
                a["patient_id"], a["slot"], a["pain_before"], started_at=when("started_at"), client_key=entry["key"]
            ).id
        if op == "start_set":
            return store.start_set(
                self._resolve(a["session"]),
                a["exercise_id"],
                a["target"],
                calibration_rest=a["calibration_rest"],
                calibration_span=a["calibration_span"],
                started_at=when("started_at"),
                client_key=entry["key"],
            ).id
        if op == "rep":
            store.add_repetition(self._resolve(a["set"]), RepEvent(**a["rep"]), created_at=when("created_at"))
            return None
        if op == "feedback":
            store.add_feedback(
                self._resolve(a["set"]), FeedbackEvent(a["t"], a["code"]), a["message"], created_at=when("created_at")
            )
            return None
        if op == "end_set":
            store.end_set(self._resolve(a["set"]), ended_at=when("ended_at"))
            return None
        if op == "end_session":
            store.end_session(
                self._resolve(a["session"]), a["pain_after"], status=a["status"], ended_at=when("ended_at")
            )
            return None
        raise ValueError(f"unknown spooled operation {op!r}")


def recover_spools(
    store: Union[Store, str, None] = None, spool_dir: Union[str, Path, None] = None, **options: Any
) -> int:
    """Writes what crashed recorders left in ``spool_dir``; returns how many spools are now complete."""
    directory = Path(spool_dir) if spool_dir is not None else default_spool_dir()
    if not directory.is_dir():
        return 0
    finished = 0
    for path in sorted(directory.glob("*.jsonl")):
        if path.name.endswith(".rejected.jsonl"):
            continue
        try:
            rec = BufferedRecorder.resume(path, store, **options)
        except SpoolBusy:
            continue  # a live session's spool: its own recorder writes it
        done = rec.flush()
        rec.close()
        finished += int(done)
    return finished
