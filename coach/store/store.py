"""The durable store: accounts, prescriptions and exercise logs.

``Store.open()`` with no URL keeps everything in one SQLite file that needs no
set-up (``$FOOTCOACH_DB`` or ``~/.local/share/footcoach/footcoach.db``); a
``postgresql+psycopg://`` URL uses PostgreSQL. Opening migrates the schema to
head. Each counted repetition is committed on its own, so a crash loses none
that were reported as stored.

Reads take the ``Account`` of whoever is looking: patients see their own
records, therapists those of their own patients; anything else raises
``AccessDenied``. Bad input raises ``ValueError`` before anything is written.
"""
from __future__ import annotations

import datetime as dt
import math
import os
import re
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Engine, case, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from coach.engine.counter import FeedbackEvent, RepEvent
from coach.engine.runner import Feedback
from coach.store import migrate
from coach.store.models import (
    QUALITIES,
    SESSION_STATUSES,
    SLOTS,
    AccountRow,
    FeedbackRow,
    NoteRow,
    PatientRow,
    PrescriptionItemRow,
    PrescriptionRow,
    RepetitionRow,
    SessionRow,
    SetRow,
)
from coach.store.records import (
    AccessDenied,
    Account,
    FeedbackRecord,
    Note,
    NotFound,
    PrescribedExercise,
    Prescription,
    RepRecord,
    SessionDetail,
    SessionRecord,
    SetDetail,
    SetRecord,
    Viewer,
)

DEFAULT_DB_ENV = "FOOTCOACH_DB"
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._@-]{2,63}$")
MIN_PASSWORD = 8
# Exercise starts in the third week after surgery (CLINICAL.md, The regimen).
NO_EXERCISE_AFTER_SURGERY = dt.timedelta(days=14)
DEFAULT_COURSE = dt.timedelta(days=27)  # four weeks, first and last day included
DEFAULT_BREAK = dt.timedelta(days=29)  # a month


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def default_db_path() -> Path:
    env = os.environ.get(DEFAULT_DB_ENV)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "footcoach" / "footcoach.db"


def default_url() -> str:
    return f"sqlite:///{default_db_path()}"


def _sqlite_engine(url: str, busy_timeout: float) -> Engine:
    u = make_url(url)
    database = u.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        path = Path(database).expanduser()
        # Health records: readable by their owner only.
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        u = u.set(database=str(path))
    engine = create_engine(
        u,
        connect_args={"timeout": busy_timeout, "check_same_thread": False},
    )
    busy_ms = int(busy_timeout * 1000)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {busy_ms}")
            cur.execute("PRAGMA foreign_keys = ON")
            # FULL: a commit is on disk when it returns, so a counted repetition
            # survives a crash or power cut straight after.
            cur.execute("PRAGMA synchronous = FULL")
            row = cur.execute("PRAGMA journal_mode").fetchone()
            if row is None or str(row[0]).lower() != "wal":
                _switch_to_wal(cur, busy_timeout)
        finally:
            cur.close()

    return engine


def _switch_to_wal(cur: Any, wait: float) -> None:
    """Put the database in WAL mode, trying again for up to ``wait``
    seconds while another process holds it. The switch needs the database
    to itself, and SQLite does not wait for that (no busy handler where
    the lock upgrade could deadlock): three processes opening a new
    database at once saw "database is locked" straight away in one of
    several clean CI runs."""
    _retry_while_locked(lambda: cur.execute("PRAGMA journal_mode = WAL"), wait)


def _retry_while_locked(action: Callable[[], Any], wait: float) -> Any:
    """``action()``, tried again while SQLite answers "database is locked"
    (through SQLAlchemy, or from the driver itself in a connect hook),
    until ``wait`` seconds have passed."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return action()
        except (OperationalError, sqlite3.OperationalError) as e:
            reason = e.orig if isinstance(e, OperationalError) else e
            if "database is locked" not in str(reason) or time.monotonic() >= deadline:
                raise
        time.sleep(0.02)


def _pg_engine(url: str, connect_timeout: float) -> Engine:
    return create_engine(
        url,
        pool_pre_ping=True,
        connect_args={"connect_timeout": max(1, int(math.ceil(connect_timeout)))},
    )


# --- validation helpers --------------------------------------------------------------


def _int_in(name: str, value: Any, lo: int, hi: Optional[int] = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if value < lo or (hi is not None and value > hi):
        span = f"{lo} to {hi}" if hi is not None else f"at least {lo}"
        raise ValueError(f"{name} must be {span}, got {value}")
    return value


def _pain(name: str, value: Any) -> int:
    return _int_in(name, value, 0, 10)


def _finite(name: str, value: Any, optional: bool = False) -> Optional[float]:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _aware(name: str, value: Optional[dt.datetime]) -> dt.datetime:
    if value is None:
        return utcnow()
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {value!r}")
    return value.astimezone(dt.timezone.utc)


def _moment(name: str, value: Union[dt.datetime, dt.date, None]) -> Optional[dt.datetime]:
    """A bound of a period: a date means its midnight, UTC."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _aware(name, value)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=dt.timezone.utc)
    raise ValueError(f"{name} must be a date or datetime, got {value!r}")


def _slot(value: Any) -> str:
    if value not in SLOTS:
        raise ValueError(f"slot must be one of {', '.join(SLOTS)}, got {value!r}")
    return str(value)


def _exercise(exercise_id: Any) -> str:
    from exercises import exercise_ids

    known = exercise_ids()
    if not isinstance(exercise_id, str) or exercise_id not in known:
        raise ValueError(f"unknown exercise {exercise_id!r}; known: {', '.join(known)}")
    return exercise_id


def _client_key(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    if not isinstance(value, str) or not 1 <= len(value) <= 64:
        raise ValueError("client_key must be a string of 1 to 64 characters")
    return value


# --- row -> record -------------------------------------------------------------------


def _account(row: AccountRow, patient: Optional[PatientRow]) -> Account:
    return Account(
        id=row.id,
        username=row.username,
        role=row.role,
        display_name=row.display_name,
        patient_id=patient.id if patient else None,
        therapist_id=patient.therapist_id if patient else None,
        is_child=bool(patient.is_child) if patient else False,
    )


def _prescription(row: PrescriptionRow) -> Prescription:
    return Prescription(
        id=row.id,
        patient_id=row.patient_id,
        therapist_id=row.therapist_id,
        exercises=tuple(
            PrescribedExercise(i.exercise_id, i.reps_min, i.reps_max, i.sets) for i in row.items
        ),
        morning=row.morning,
        evening=row.evening,
        course_start=row.course_start,
        course_end=row.course_end,
        break_start=row.break_start,
        break_end=row.break_end,
        surgery_date=row.surgery_date,
        instructions=row.instructions,
        created_at=row.created_at,
    )


def _session(row: SessionRow) -> SessionRecord:
    return SessionRecord(
        id=row.id,
        patient_id=row.patient_id,
        prescription_id=row.prescription_id,
        slot=row.slot,
        status=row.status,
        started_at=row.started_at,
        ended_at=row.ended_at,
        pain_before=row.pain_before,
        pain_after=row.pain_after,
    )


def _set(row: SetRow, reps: int = 0, full: int = 0) -> SetRecord:
    return SetRecord(
        id=row.id,
        session_id=row.session_id,
        exercise_id=row.exercise_id,
        target_reps=row.target_reps,
        started_at=row.started_at,
        ended_at=row.ended_at,
        calibration_rest=row.calibration_rest,
        calibration_span=row.calibration_span,
        reps=reps,
        full_reps=full,
    )


def _rep(row: RepetitionRow) -> RepRecord:
    return RepRecord(
        id=row.id,
        set_id=row.set_id,
        index=row.idx,
        start=row.start_s,
        peak=row.peak_s,
        end=row.end_s,
        value=row.value,
        range=row.range,
        progress=row.progress,
        quality=row.quality,
        created_at=row.created_at,
    )


def _feedback(row: FeedbackRow) -> FeedbackRecord:
    return FeedbackRecord(row.id, row.set_id, row.t, row.code, row.message, row.created_at)


# Seconds a SQLite write waits for another writer (and a PostgreSQL
# connection attempt may take), unless the caller says otherwise.
BUSY_TIMEOUT = 5.0


class Store:
    """One database. Thread-safe: every call uses its own short transaction."""

    def __init__(self, engine: Engine, password_hasher: Optional[PasswordHasher] = None,
                 busy_timeout: float = BUSY_TIMEOUT) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._hasher = password_hasher or PasswordHasher()
        self._dummy_hash: Optional[str] = None
        self._busy_timeout = busy_timeout

    # --- opening -------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        url: Optional[str] = None,
        *,
        password_hasher: Optional[PasswordHasher] = None,
        busy_timeout: float = BUSY_TIMEOUT,
        migrate_schema: bool = True,
    ) -> "Store":
        """Opens (creating if needed) and migrates the database at ``url``.

        ``busy_timeout`` is how long a SQLite write waits for another writer,
        and how long a PostgreSQL connection attempt may take, in seconds.
        Raises ``sqlalchemy.exc.OperationalError`` when the database cannot be
        reached.
        """
        url = url or default_url()
        backend = make_url(url).get_backend_name()
        if backend == "sqlite":
            engine = _sqlite_engine(url, busy_timeout)
        elif backend == "postgresql":
            engine = _pg_engine(url, busy_timeout)
        else:
            raise ValueError(f"unsupported database {backend!r}: use sqlite:/// or postgresql+psycopg://")
        try:
            if migrate_schema:
                migrate.upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, password_hasher, busy_timeout)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _while_locked(self, write: Callable[[], Any]) -> Any:
        """``write()`` (one transaction), tried again while SQLite answers
        "database is locked", until ``busy_timeout`` has passed. SQLite's own
        wait did not cover every case: in CI, of two processes adding
        repetitions to one file at once, one got "database is locked" on its
        first insert, and that repetition would have been lost."""
        return _retry_while_locked(write, self._busy_timeout)

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error."""
        with self._sessions() as s, s.begin():
            yield s

    # --- accounts ------------------------------------------------------------------

    def _new_account(
        self, s: Session, username: str, password: str, role: str, display_name: Optional[str]
    ) -> AccountRow:
        if not isinstance(username, str):
            raise ValueError("username must be text")
        name = username.strip().lower()
        if not USERNAME_RE.match(name):
            raise ValueError(
                "username must be 3 to 64 characters: letters, digits and . _ @ -, starting with a letter or digit"
            )
        if not isinstance(password, str) or len(password) < MIN_PASSWORD:
            raise ValueError(f"password must be at least {MIN_PASSWORD} characters")
        if s.scalar(select(AccountRow.id).where(AccountRow.username == name)) is not None:
            raise ValueError(f"username {name!r} is already taken")
        row = AccountRow(
            username=name,
            password_hash=self._hasher.hash(password),
            role=role,
            display_name=(display_name or name).strip()[:120],
            active=True,
            created_at=utcnow(),
        )
        s.add(row)
        s.flush()
        return row

    def create_therapist(self, username: str, password: str, display_name: Optional[str] = None) -> Account:
        try:
            with self._tx() as s:
                row = self._new_account(s, username, password, "therapist", display_name)
                return _account(row, None)
        except IntegrityError as e:  # lost a race for the same username
            raise ValueError(f"username {username.strip().lower()!r} is already taken") from e

    def create_patient(
        self,
        username: str,
        password: str,
        therapist_id: int,
        display_name: Optional[str] = None,
        *,
        is_child: bool = False,
    ) -> Account:
        try:
            with self._tx() as s:
                therapist = s.get(AccountRow, therapist_id) if isinstance(therapist_id, int) else None
                if therapist is None or therapist.role != "therapist" or not therapist.active:
                    raise ValueError(f"account #{therapist_id} is not an active therapist")
                row = self._new_account(s, username, password, "patient", display_name)
                patient = PatientRow(
                    account_id=row.id, therapist_id=therapist.id, is_child=bool(is_child), created_at=utcnow()
                )
                s.add(patient)
                s.flush()
                return _account(row, patient)
        except IntegrityError as e:
            raise ValueError(f"username {username.strip().lower()!r} is already taken") from e

    def authenticate(self, username: str, password: str) -> Optional[Account]:
        """The account for this username and password, or None (never says which was wrong)."""
        if not isinstance(username, str) or not isinstance(password, str):
            return None
        name = username.strip().lower()
        with self._sessions() as s:
            row = s.scalar(select(AccountRow).where(AccountRow.username == name))
            if row is None or not row.active:
                # Spend the same time as a real check, so timing does not tell
                # which usernames exist.
                if self._dummy_hash is None:
                    self._dummy_hash = self._hasher.hash("not a real password")
                try:
                    self._hasher.verify(self._dummy_hash, password)
                except VerificationError:
                    pass
                return None
            try:
                self._hasher.verify(row.password_hash, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                return None
            if self._hasher.check_needs_rehash(row.password_hash):
                row.password_hash = self._hasher.hash(password)
                s.commit()
            patient = s.scalar(select(PatientRow).where(PatientRow.account_id == row.id))
            return _account(row, patient)

    def get_account(self, account_id: int) -> Account:
        with self._sessions() as s:
            row = s.get(AccountRow, account_id)
            if row is None:
                raise NotFound(f"no account #{account_id}")
            patient = s.scalar(select(PatientRow).where(PatientRow.account_id == row.id))
            return _account(row, patient)

    def set_password(self, viewer: Viewer, old_password: str, new_password: str) -> None:
        """Changes the viewer's own password; the old one must be given."""
        if self.authenticate(viewer.username, old_password) is None:
            raise AccessDenied("the current password is wrong")
        if not isinstance(new_password, str) or len(new_password) < MIN_PASSWORD:
            raise ValueError(f"password must be at least {MIN_PASSWORD} characters")
        with self._tx() as s:
            row = s.get(AccountRow, viewer.id)
            assert row is not None
            row.password_hash = self._hasher.hash(new_password)

    # --- access --------------------------------------------------------------------

    def _viewer_row(self, s: Session, viewer: Viewer) -> AccountRow:
        if not isinstance(viewer, Account):
            raise AccessDenied("sign in first: no account was given")
        row = s.get(AccountRow, viewer.id)
        if row is None or not row.active or row.username != viewer.username or row.role != viewer.role:
            raise AccessDenied(f"account {viewer.username!r} is not a valid signed-in account")
        return row

    def _patient_for(self, s: Session, viewer: Viewer, patient_id: int) -> PatientRow:
        """The patient row, if ``viewer`` may see it; AccessDenied otherwise."""
        self._viewer_row(s, viewer)
        patient = s.get(PatientRow, patient_id) if isinstance(patient_id, int) else None
        if viewer.role == "patient":
            own = s.scalar(select(PatientRow).where(PatientRow.account_id == viewer.id))
            if own is None or patient is None or own.id != patient.id:
                raise AccessDenied(
                    f"patient {viewer.username!r} may only see their own records, not those of patient #{patient_id}"
                )
            return patient
        if viewer.role == "therapist":
            if patient is None or patient.therapist_id != viewer.id:
                raise AccessDenied(f"patient #{patient_id} is not a patient of therapist {viewer.username!r}")
            return patient
        raise AccessDenied(f"unknown role {viewer.role!r}")

    def _session_for(self, s: Session, viewer: Viewer, session_id: int) -> SessionRow:
        row = s.get(SessionRow, session_id) if isinstance(session_id, int) else None
        if row is None:
            # Say as little as for a session of someone else.
            self._viewer_row(s, viewer)
            raise AccessDenied(f"session #{session_id} is not among the records {viewer.username!r} may see")
        self._patient_for(s, viewer, row.patient_id)
        return row

    def list_patients(self, viewer: Viewer) -> List[Account]:
        """A therapist's patients; for a patient, just themselves."""
        with self._sessions() as s:
            self._viewer_row(s, viewer)
            q = select(PatientRow, AccountRow).join(AccountRow, PatientRow.account_id == AccountRow.id)
            if viewer.role == "therapist":
                q = q.where(PatientRow.therapist_id == viewer.id)
            else:
                q = q.where(PatientRow.account_id == viewer.id)
            return [_account(a, p) for p, a in s.execute(q.order_by(AccountRow.display_name, AccountRow.id))]

    # --- prescriptions -------------------------------------------------------------

    def create_prescription(
        self,
        by: Viewer,
        patient_id: int,
        exercises: Sequence[Union[str, PrescribedExercise]],
        *,
        reps_min: int = 5,
        reps_max: int = 7,
        sets: int = 1,
        morning: bool = True,
        evening: bool = True,
        course_start: Optional[dt.date] = None,
        course_end: Optional[dt.date] = None,
        break_start: Optional[dt.date] = None,
        break_end: Optional[dt.date] = None,
        surgery_date: Optional[dt.date] = None,
        instructions: str = "",
    ) -> Prescription:
        """A therapist prescribes exercises to one of their patients.

        Plain exercise ids take ``reps_min``/``reps_max``/``sets``. The course
        defaults to four weeks from today followed by a month's break.
        """
        values = self._check_prescription(
            exercises, reps_min=reps_min, reps_max=reps_max, sets=sets, morning=morning, evening=evening,
            course_start=course_start, course_end=course_end, break_start=break_start, break_end=break_end,
            surgery_date=surgery_date, instructions=instructions,
        )
        with self._tx() as s:
            return self._write_prescription(s, by, patient_id, values)

    def create_prescriptions(self, by: Viewer, orders: Sequence[Tuple[int, Dict[str, Any]]]) -> List[Prescription]:
        """Several prescriptions at once, all or none.

        ``orders`` holds ``(patient_id, arguments)`` pairs, the arguments being
        those of ``create_prescription`` (``exercises`` among them). Every one is
        checked before anything is written, and all are written in one
        transaction. A ValueError names the order (from 1) that failed.
        """
        checked = []
        for n, (patient_id, kwargs) in enumerate(orders, 1):
            args = dict(kwargs)
            try:
                checked.append((patient_id, self._check_prescription(args.pop("exercises", None), **args)))
            except (TypeError, ValueError) as e:
                raise ValueError(f"prescription {n}: {e}") from e
        with self._tx() as s:
            return [self._write_prescription(s, by, pid, values) for pid, values in checked]

    def _check_prescription(
        self,
        exercises: Sequence[Union[str, PrescribedExercise]],
        *,
        reps_min: int = 5,
        reps_max: int = 7,
        sets: int = 1,
        morning: bool = True,
        evening: bool = True,
        course_start: Optional[dt.date] = None,
        course_end: Optional[dt.date] = None,
        break_start: Optional[dt.date] = None,
        break_end: Optional[dt.date] = None,
        surgery_date: Optional[dt.date] = None,
        instructions: str = "",
    ) -> Dict[str, Any]:
        """The validated, completed arguments of a prescription; ValueError when one is wrong."""
        items = self._items(exercises, reps_min, reps_max, sets)
        if not morning and not evening:
            raise ValueError("a prescription needs the morning or the evening session (or both)")
        for name, d in (
            ("course_start", course_start),
            ("course_end", course_end),
            ("break_start", break_start),
            ("break_end", break_end),
            ("surgery_date", surgery_date),
        ):
            if d is not None and (not isinstance(d, dt.date) or isinstance(d, dt.datetime)):
                raise ValueError(f"{name} must be a date, got {d!r}")
        start = course_start or utcnow().date()
        end = course_end or start + DEFAULT_COURSE
        if end < start:
            raise ValueError(f"the course cannot end ({end}) before it starts ({start})")
        if break_start is None and break_end is None and course_end is None:
            break_start = end + dt.timedelta(days=1)
            break_end = break_start + DEFAULT_BREAK
        if break_end is not None and break_start is None:
            raise ValueError("break_end needs break_start")
        if break_start is not None:
            if break_start <= end:
                raise ValueError(f"the break ({break_start}) must start after the course ends ({end})")
            if break_end is not None and break_end < break_start:
                raise ValueError(f"the break cannot end ({break_end}) before it starts ({break_start})")
        if surgery_date is not None:
            earliest = surgery_date + NO_EXERCISE_AFTER_SURGERY
            if start < earliest:
                raise ValueError(
                    f"after surgery on {surgery_date} the feet rest for two weeks: "
                    f"the course can start on {earliest} at the earliest"
                )
        if not isinstance(instructions, str):
            raise ValueError("instructions must be text")
        return dict(
            items=items, morning=bool(morning), evening=bool(evening), course_start=start, course_end=end,
            break_start=break_start, break_end=break_end, surgery_date=surgery_date, instructions=instructions.strip(),
        )

    def _write_prescription(self, s: Session, by: Viewer, patient_id: int, values: Dict[str, Any]) -> Prescription:
        therapist = self._viewer_row(s, by)
        if therapist.role != "therapist":
            raise AccessDenied(f"only a therapist can prescribe; {by.username!r} is a {by.role}")
        self._patient_for(s, by, patient_id)
        row = PrescriptionRow(
            patient_id=patient_id,
            therapist_id=therapist.id,
            morning=values["morning"],
            evening=values["evening"],
            course_start=values["course_start"],
            course_end=values["course_end"],
            break_start=values["break_start"],
            break_end=values["break_end"],
            surgery_date=values["surgery_date"],
            instructions=values["instructions"],
            created_at=utcnow(),
        )
        row.items = [
            PrescriptionItemRow(position=i, exercise_id=e.exercise_id, reps_min=e.reps_min, reps_max=e.reps_max, sets=e.sets)
            for i, e in enumerate(values["items"])
        ]
        s.add(row)
        s.flush()
        return _prescription(row)

    @staticmethod
    def _items(
        exercises: Sequence[Union[str, PrescribedExercise]], reps_min: int, reps_max: int, sets: int
    ) -> List[PrescribedExercise]:
        if isinstance(exercises, str) or not exercises:
            raise ValueError("a prescription needs a list of at least one exercise")
        items: List[PrescribedExercise] = []
        for e in exercises:
            item = e if isinstance(e, PrescribedExercise) else PrescribedExercise(e, reps_min, reps_max, sets)
            _exercise(item.exercise_id)
            _int_in(f"{item.exercise_id}: reps_min", item.reps_min, 1)
            _int_in(f"{item.exercise_id}: reps_max", item.reps_max, 1)
            _int_in(f"{item.exercise_id}: sets", item.sets, 1)
            if item.reps_min > item.reps_max:
                raise ValueError(
                    f"{item.exercise_id}: reps_min ({item.reps_min}) is more than reps_max ({item.reps_max})"
                )
            if any(i.exercise_id == item.exercise_id for i in items):
                raise ValueError(f"exercise {item.exercise_id!r} is listed twice")
            items.append(item)
        return items

    def list_prescriptions(self, viewer: Viewer, patient_id: int) -> List[Prescription]:
        with self._sessions() as s:
            self._patient_for(s, viewer, patient_id)
            rows = s.scalars(
                select(PrescriptionRow)
                .where(PrescriptionRow.patient_id == patient_id)
                .order_by(PrescriptionRow.course_start, PrescriptionRow.id)
            )
            return [_prescription(r) for r in rows]

    def current_prescription(
        self, viewer: Viewer, patient_id: int, on: Optional[dt.date] = None
    ) -> Optional[Prescription]:
        """The prescription whose course covers ``on`` (today, UTC), newest first."""
        day = on or utcnow().date()
        with self._sessions() as s:
            self._patient_for(s, viewer, patient_id)
            row = s.scalars(
                select(PrescriptionRow)
                .where(
                    PrescriptionRow.patient_id == patient_id,
                    PrescriptionRow.course_start <= day,
                    PrescriptionRow.course_end >= day,
                )
                .order_by(PrescriptionRow.created_at.desc(), PrescriptionRow.id.desc())
            ).first()
            return _prescription(row) if row is not None else None

    # --- the live session ------------------------------------------------------------

    def start_session(
        self,
        patient_id: int,
        slot: str,
        pain_before: int,
        *,
        started_at: Optional[dt.datetime] = None,
        prescription_id: Optional[int] = None,
        client_key: Optional[str] = None,
    ) -> SessionRecord:
        """Opens an exercise session. With ``client_key`` a repeated call returns the first session."""
        slot = _slot(slot)
        pain = _pain("pain_before", pain_before)
        when = _aware("started_at", started_at)
        key = _client_key(client_key)
        with self._tx() as s:
            if key is not None:
                old = s.scalar(select(SessionRow).where(SessionRow.client_key == key))
                if old is not None:
                    if old.patient_id != patient_id:
                        raise ValueError(f"client_key {key!r} already names a session of another patient")
                    return _session(old)
            if not isinstance(patient_id, int) or s.get(PatientRow, patient_id) is None:
                raise NotFound(f"no patient #{patient_id}")
            if prescription_id is None:
                day = when.date()
                prescription_id = s.scalar(
                    select(PrescriptionRow.id)
                    .where(
                        PrescriptionRow.patient_id == patient_id,
                        PrescriptionRow.course_start <= day,
                        PrescriptionRow.course_end >= day,
                    )
                    .order_by(PrescriptionRow.created_at.desc(), PrescriptionRow.id.desc())
                    .limit(1)
                )
            else:
                p = s.get(PrescriptionRow, prescription_id)
                if p is None or p.patient_id != patient_id:
                    raise ValueError(f"prescription #{prescription_id} is not one of patient #{patient_id}")
            row = SessionRow(
                client_key=key,
                patient_id=patient_id,
                prescription_id=prescription_id,
                slot=slot,
                status="in_progress",
                started_at=when,
                pain_before=pain,
            )
            s.add(row)
            s.flush()
            return _session(row)

    def start_set(
        self,
        session_id: int,
        exercise_id: str,
        target: int,
        *,
        calibration_rest: Optional[float] = None,
        calibration_span: Optional[float] = None,
        started_at: Optional[dt.datetime] = None,
        client_key: Optional[str] = None,
    ) -> SetRecord:
        exercise_id = _exercise(exercise_id)
        target = _int_in("target", target, 1, 1000)
        rest = _finite("calibration_rest", calibration_rest, optional=True)
        span = _finite("calibration_span", calibration_span, optional=True)
        when = _aware("started_at", started_at)
        key = _client_key(client_key)
        with self._tx() as s:
            if key is not None:
                old = s.scalar(select(SetRow).where(SetRow.client_key == key))
                if old is not None:
                    return _set(old)
            session = s.get(SessionRow, session_id) if isinstance(session_id, int) else None
            if session is None:
                raise NotFound(f"no session #{session_id}")
            if session.status != "in_progress":
                raise ValueError(f"session #{session_id} has ended ({session.status}); start a new one")
            row = SetRow(
                client_key=key,
                session_id=session_id,
                exercise_id=exercise_id,
                target_reps=target,
                started_at=when,
                calibration_rest=rest,
                calibration_span=span,
            )
            s.add(row)
            s.flush()
            return _set(row)

    def add_repetition(self, set_id: int, rep: RepEvent, *, created_at: Optional[dt.datetime] = None) -> RepRecord:
        """Stores one counted repetition and commits it before returning.

        ``created_at`` is when it was counted (now by default). Writing the same
        repetition again (same set and index, same values) is harmless and
        returns the stored row.
        """
        if not isinstance(set_id, int) or isinstance(set_id, bool):
            raise ValueError(f"set_id must be a whole number, got {set_id!r}")
        index = _int_in("repetition index", getattr(rep, "index", None), 1)
        values = {
            name: _finite(f"repetition {name}", getattr(rep, name, None))
            for name in ("start", "peak", "end", "value", "range", "progress")
        }
        quality = getattr(rep, "quality", None)
        if quality not in QUALITIES:
            raise ValueError(f"repetition quality must be one of {', '.join(QUALITIES)}, got {quality!r}")
        when = _aware("created_at", created_at)

        def insert() -> RepRecord:
            with self._tx() as s:
                row = RepetitionRow(set_id=set_id, idx=index, start_s=values["start"], peak_s=values["peak"],
                                    end_s=values["end"], value=values["value"], range=values["range"],
                                    progress=values["progress"], quality=quality, created_at=when)
                s.add(row)
                s.flush()
                return _rep(row)

        try:
            return self._while_locked(insert)
        except IntegrityError as e:
            with self._sessions() as s:
                if s.get(SetRow, set_id) is None:
                    raise NotFound(f"no set #{set_id}") from e
                old = s.scalar(select(RepetitionRow).where(RepetitionRow.set_id == set_id, RepetitionRow.idx == index))
                if old is None:
                    raise
                same = (old.start_s, old.peak_s, old.end_s, old.value, old.range, old.progress, old.quality) == (
                    values["start"], values["peak"], values["end"], values["value"], values["range"],
                    values["progress"], quality,
                )
                if not same:
                    raise ValueError(f"set #{set_id} already has a different repetition {index}") from e
                return _rep(old)

    def add_feedback(
        self,
        set_id: int,
        feedback: Union[Feedback, FeedbackEvent],
        message: Optional[str] = None,
        *,
        created_at: Optional[dt.datetime] = None,
    ) -> FeedbackRecord:
        """Stores a hint the person was given. A ``FeedbackEvent`` needs ``message``."""
        t = _finite("feedback t", getattr(feedback, "t", None))
        code = getattr(feedback, "code", None)
        if not isinstance(code, str) or not code or len(code) > 64:
            raise ValueError(f"feedback code must be a short text, got {code!r}")
        text = message if message is not None else getattr(feedback, "message", None)
        if not isinstance(text, str):
            raise ValueError("feedback needs its message text")
        when = _aware("created_at", created_at)
        with self._tx() as s:
            if not isinstance(set_id, int) or s.get(SetRow, set_id) is None:
                raise NotFound(f"no set #{set_id}")
            old = s.scalar(
                select(FeedbackRow).where(FeedbackRow.set_id == set_id, FeedbackRow.t == t, FeedbackRow.code == code)
            )
            if old is not None:
                return _feedback(old)
            row = FeedbackRow(set_id=set_id, t=t, code=code, message=text, created_at=when)
            s.add(row)
            s.flush()
            return _feedback(row)

    def end_set(self, set_id: int, *, ended_at: Optional[dt.datetime] = None) -> SetRecord:
        """Closes a set (a second call keeps the first end time)."""
        when = _aware("ended_at", ended_at)
        with self._tx() as s:
            row = s.get(SetRow, set_id) if isinstance(set_id, int) else None
            if row is None:
                raise NotFound(f"no set #{set_id}")
            if row.ended_at is None:
                row.ended_at = max(when, row.started_at)
            reps, full = self._rep_counts(s, [row.id]).get(row.id, (0, 0))
            return _set(row, reps, full)

    def end_session(
        self,
        session_id: int,
        pain_after: Optional[int],
        *,
        status: str = "completed",
        ended_at: Optional[dt.datetime] = None,
    ) -> SessionRecord:
        """Closes a session and any set left open. ``pain_after`` may be None only when abandoned."""
        if status not in SESSION_STATUSES or status == "in_progress":
            raise ValueError(f"status must be 'completed' or 'abandoned', got {status!r}")
        pain = None if pain_after is None and status == "abandoned" else _pain("pain_after", pain_after)
        when = _aware("ended_at", ended_at)
        with self._tx() as s:
            row = s.get(SessionRow, session_id) if isinstance(session_id, int) else None
            if row is None:
                raise NotFound(f"no session #{session_id}")
            if row.status != "in_progress":
                if row.status == status and row.pain_after == pain:
                    return _session(row)  # the same call again
                raise ValueError(f"session #{session_id} has already ended ({row.status})")
            row.status = status
            row.pain_after = pain
            row.ended_at = max(when, row.started_at)
            for open_set in s.scalars(select(SetRow).where(SetRow.session_id == row.id, SetRow.ended_at.is_(None))):
                open_set.ended_at = max(row.ended_at, open_set.started_at)
            return _session(row)

    # --- reading the logs --------------------------------------------------------------

    @staticmethod
    def _period(q: Any, since: Any, until: Any) -> Any:
        lo, hi = _moment("since", since), _moment("until", until)
        if lo is not None:
            q = q.where(SessionRow.started_at >= lo)
        if hi is not None:
            q = q.where(SessionRow.started_at < hi)
        return q

    @staticmethod
    def _rep_counts(s: Session, set_ids: Iterable[int]) -> Dict[int, Tuple[int, int]]:
        ids = list(set_ids)
        if not ids:
            return {}
        full = func.sum(case((RepetitionRow.quality == "full", 1), else_=0))
        rows = s.execute(
            select(RepetitionRow.set_id, func.count(RepetitionRow.id), full)
            .where(RepetitionRow.set_id.in_(ids))
            .group_by(RepetitionRow.set_id)
        )
        return {sid: (int(n), int(f or 0)) for sid, n, f in rows}

    def get_session(self, viewer: Viewer, session_id: int) -> SessionRecord:
        with self._sessions() as s:
            return _session(self._session_for(s, viewer, session_id))

    def list_sessions(
        self,
        viewer: Viewer,
        patient_id: int,
        since: Union[dt.datetime, dt.date, None] = None,
        until: Union[dt.datetime, dt.date, None] = None,
    ) -> List[SessionRecord]:
        """Sessions started in [since, until), oldest first."""
        with self._sessions() as s:
            self._patient_for(s, viewer, patient_id)
            q = select(SessionRow).where(SessionRow.patient_id == patient_id)
            q = self._period(q, since, until).order_by(SessionRow.started_at, SessionRow.id)
            return [_session(r) for r in s.scalars(q)]

    def list_sets(
        self,
        viewer: Viewer,
        patient_id: int,
        since: Union[dt.datetime, dt.date, None] = None,
        until: Union[dt.datetime, dt.date, None] = None,
        *,
        session_id: Optional[int] = None,
    ) -> List[SetRecord]:
        """Sets of sessions started in the period (or of one session), with their rep counts."""
        with self._sessions() as s:
            self._patient_for(s, viewer, patient_id)
            q = select(SetRow).join(SessionRow, SetRow.session_id == SessionRow.id)
            q = q.where(SessionRow.patient_id == patient_id)
            if session_id is not None:
                q = q.where(SetRow.session_id == session_id)
            q = self._period(q, since, until).order_by(SessionRow.started_at, SetRow.started_at, SetRow.id)
            rows = list(s.scalars(q))
            counts = self._rep_counts(s, [r.id for r in rows])
            return [_set(r, *counts.get(r.id, (0, 0))) for r in rows]

    def list_repetitions(
        self,
        viewer: Viewer,
        patient_id: int,
        since: Union[dt.datetime, dt.date, None] = None,
        until: Union[dt.datetime, dt.date, None] = None,
        *,
        set_id: Optional[int] = None,
    ) -> List[RepRecord]:
        with self._sessions() as s:
            rows = self._rows_of_sets(s, viewer, RepetitionRow, patient_id, since, until, set_id, RepetitionRow.idx)
            return [_rep(r) for r in rows]

    def list_feedback(
        self,
        viewer: Viewer,
        patient_id: int,
        since: Union[dt.datetime, dt.date, None] = None,
        until: Union[dt.datetime, dt.date, None] = None,
        *,
        set_id: Optional[int] = None,
    ) -> List[FeedbackRecord]:
        with self._sessions() as s:
            rows = self._rows_of_sets(s, viewer, FeedbackRow, patient_id, since, until, set_id,
                                      FeedbackRow.t, FeedbackRow.id)
            return [_feedback(r) for r in rows]

    def _rows_of_sets(self, s: Session, viewer: Viewer, row: Any, patient_id: int,
                      since: Union[dt.datetime, dt.date, None], until: Union[dt.datetime, dt.date, None],
                      set_id: Optional[int], *order: Any) -> List[Any]:
        """Rows hanging off a patient's sets (repetitions, feedback), checked for the viewer."""
        self._patient_for(s, viewer, patient_id)
        q = (
            select(row)
            .join(SetRow, row.set_id == SetRow.id)
            .join(SessionRow, SetRow.session_id == SessionRow.id)
            .where(SessionRow.patient_id == patient_id)
        )
        if set_id is not None:
            q = q.where(row.set_id == set_id)
        return list(s.scalars(self._period(q, since, until).order_by(SessionRow.started_at, SetRow.id, *order)))

    def session_detail(self, viewer: Viewer, session_id: int) -> SessionDetail:
        """One session with its sets, their repetitions and feedback."""
        with self._sessions() as s:
            session = self._session_for(s, viewer, session_id)
            sets = list(s.scalars(select(SetRow).where(SetRow.session_id == session.id).order_by(SetRow.started_at, SetRow.id)))
            ids = [r.id for r in sets]
            reps: dict = {i: [] for i in ids}
            fbs: dict = {i: [] for i in ids}
            if ids:
                for r in s.scalars(select(RepetitionRow).where(RepetitionRow.set_id.in_(ids)).order_by(RepetitionRow.idx)):
                    reps[r.set_id].append(_rep(r))
                for f in s.scalars(
                    select(FeedbackRow).where(FeedbackRow.set_id.in_(ids)).order_by(FeedbackRow.t, FeedbackRow.id)
                ):
                    fbs[f.set_id].append(_feedback(f))
            details = []
            for r in sets:
                rs = reps[r.id]
                details.append(
                    SetDetail(_set(r, len(rs), sum(1 for x in rs if x.quality == "full")), tuple(rs), tuple(fbs[r.id]))
                )
            return SessionDetail(_session(session), tuple(details))

    # --- notes ---------------------------------------------------------------------

    def add_note(self, author: Viewer, patient_id: int, text: str) -> Note:
        """A note on a patient's record, by their therapist or by the patient."""
        if not isinstance(text, str) or not text.strip():
            raise ValueError("a note needs some text")
        if len(text) > 10_000:
            raise ValueError("a note is limited to 10000 characters")
        with self._tx() as s:
            self._patient_for(s, author, patient_id)
            row = NoteRow(patient_id=patient_id, author_id=author.id, text=text.strip(), created_at=utcnow())
            s.add(row)
            s.flush()
            return Note(row.id, patient_id, author.id, author.display_name, row.text, row.created_at)

    def list_notes(self, viewer: Viewer, patient_id: int) -> List[Note]:
        with self._sessions() as s:
            self._patient_for(s, viewer, patient_id)
            rows = s.execute(
                select(NoteRow, AccountRow.display_name)
                .join(AccountRow, NoteRow.author_id == AccountRow.id)
                .where(NoteRow.patient_id == patient_id)
                .order_by(NoteRow.created_at, NoteRow.id)
            )
            return [Note(n.id, n.patient_id, n.author_id, name, n.text, n.created_at) for n, name in rows]

