"""CSV imports: prescriptions written in a spreadsheet, and a repetitions export read back in.

A file is read and checked in full before anything is written: a malformed
one raises ``ImportFileError`` naming the line and the problem, and leaves
the database as it was.

Prescriptions file (one row per exercise; rows of one patient with the same
course form one prescription, written all together or not at all)::

    patient,exercise,reps_min,reps_max,sets,morning,evening,course_start,course_end,break_start,break_end,surgery_date,instructions
    ann,heel_raise,5,7,1,yes,yes,2026-03-02,2026-03-29,2026-03-30,2026-04-28,,

Only ``patient``, ``exercise`` and ``course_start`` are required.

Repetitions file: the format written by ``export_reps_csv``. Each session is
written with the store's idempotent keys, and a session the patient already
has (same start time and slot) is skipped, so importing a file twice, or
again after the database dropped out halfway, stores everything once.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from coach.engine.counter import RepEvent
from coach.reports.data import patient_account
from coach.store import AccessDenied, PrescribedExercise, Prescription, Store, Viewer

MAX_BYTES = 20 * 1024 * 1024
PRESCRIPTION_COLUMNS = [
    "patient", "exercise", "reps_min", "reps_max", "sets", "morning", "evening", "course_start", "course_end",
    "break_start", "break_end", "surgery_date", "instructions",
]
PRESCRIPTION_REQUIRED = ("patient", "exercise", "course_start")
REPS_REQUIRED = (
    "session_id", "slot", "session_started_at", "session_status", "pain_before", "set_id", "exercise_id",
    "target_reps", "set_started_at", "index", "start", "peak", "end", "value", "range", "progress", "quality",
)
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0"}


class ImportFileError(ValueError):
    """The file cannot be imported; ``line`` is the line at fault (1 is the header), if one is."""

    def __init__(self, message: str, line: Optional[int] = None) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)


@dataclass(frozen=True)
class RepsImportResult:
    sessions: int
    sets: int
    repetitions: int
    skipped_sessions: int


# --- reading the file ------------------------------------------------------------------


def _text(data: Union[str, bytes]) -> str:
    if isinstance(data, (bytes, bytearray)):
        if len(data) > MAX_BYTES:
            raise ImportFileError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
        try:
            return bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise ImportFileError(f"the file is not UTF-8 text (byte {e.start} cannot be read)") from e
    if not isinstance(data, str):
        raise ImportFileError("the file must be text or bytes")
    return data.lstrip("\ufeff")


def _rows(data: Union[str, bytes], required: Sequence[str], known: Optional[Sequence[str]] = None) -> List[Tuple[int, Dict[str, str]]]:
    """(line number, row) pairs; ImportFileError for a broken table."""
    text = _text(data)
    if not text.strip():
        raise ImportFileError("the file is empty")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except csv.Error as e:
        raise ImportFileError(f"the header cannot be read: {e}", 1) from e
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportFileError(
            f"missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)} (found: {', '.join(header) or 'none'})", 1
        )
    if known is not None:
        unknown = [h for h in header if h and h not in known]
        if unknown:
            raise ImportFileError(f"unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}", 1)
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    if dupes:
        raise ImportFileError(f"column{'s' if len(dupes) > 1 else ''} named twice: {', '.join(dupes)}", 1)
    rows: List[Tuple[int, Dict[str, str]]] = []
    try:
        for fields in reader:
            line = reader.line_num
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                raise ImportFileError(f"expected {len(header)} fields, found {len(fields)}", line)
            rows.append((line, {h: f.strip() for h, f in zip(header, fields)}))
    except csv.Error as e:
        raise ImportFileError(f"the row cannot be read: {e}", reader.line_num) from e
    if not rows:
        raise ImportFileError("the file has a header but no rows")
    return rows


def _int(row: Dict[str, str], name: str, line: int, default: Optional[int] = None, lo: int = 0, hi: Optional[int] = None) -> Optional[int]:
    raw = row.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImportFileError(f"{name} must be a whole number, got {raw!r}", line) from None
    if value < lo or (hi is not None and value > hi):
        span = f"{lo} to {hi}" if hi is not None else f"at least {lo}"
        raise ImportFileError(f"{name} must be {span}, got {value}", line)
    return value


def _float(row: Dict[str, str], name: str, line: int) -> float:
    raw = row.get(name, "")
    try:
        value = float(raw)
    except ValueError:
        raise ImportFileError(f"{name} must be a number, got {raw!r}", line) from None
    if not math.isfinite(value):
        raise ImportFileError(f"{name} must be a finite number, got {raw!r}", line)
    return value


def _date(row: Dict[str, str], name: str, line: int) -> Optional[dt.date]:
    raw = row.get(name, "")
    if raw == "":
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ImportFileError(f"{name} must be a date written YYYY-MM-DD, got {raw!r}", line) from None


def _moment(row: Dict[str, str], name: str, line: int, optional: bool = False) -> Optional[dt.datetime]:
    raw = row.get(name, "")
    if raw == "" and optional:
        return None
    try:
        value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ImportFileError(f"{name} must be a date and time in ISO 8601, got {raw!r}", line) from None
    if value.tzinfo is None:
        raise ImportFileError(f"{name} needs its UTC offset (like +00:00), got {raw!r}", line)
    return value.astimezone(dt.timezone.utc)


def _flag(row: Dict[str, str], name: str, line: int) -> bool:
    raw = row.get(name, "").strip().lower()
    if raw == "" or raw in YES:
        return True
    if raw in NO:
        return False
    raise ImportFileError(f"{name} must be yes or no, got {row.get(name)!r}", line)


def _known_exercise(exercise_id: str, line: int, column: str) -> str:
    from exercises import exercise_ids

    known = exercise_ids()
    if exercise_id not in known:
        raise ImportFileError(f"unknown {column} {exercise_id!r}; known: {', '.join(known)}", line)
    return exercise_id


# --- prescriptions ---------------------------------------------------------------------


def import_prescriptions_csv(store: Store, viewer: Viewer, data: Union[str, bytes]) -> List[Prescription]:
    """Creates the prescriptions of a CSV file, all or none.

    Only a therapist may import, and only for their own patients (named by
    username): ``AccessDenied`` otherwise, naming the line.
    """
    patients = store.list_patients(viewer)  # checks the account
    if not viewer.is_therapist:
        raise AccessDenied(f"only a therapist can prescribe; {viewer.username!r} is a {viewer.role}")
    by_name = {p.username: p for p in patients}
    rows = _rows(data, PRESCRIPTION_REQUIRED, PRESCRIPTION_COLUMNS)
    groups: Dict[Tuple[Any, ...], Dict[str, Any]] = {}
    for line, row in rows:
        name = row["patient"].lower()
        if not name:
            raise ImportFileError("patient is empty", line)
        patient = by_name.get(name)
        if patient is None:
            raise AccessDenied(f"line {line}: {name!r} is not a patient of therapist {viewer.username!r}")
        exercise = _known_exercise(row["exercise"], line, "exercise")
        reps_min = _int(row, "reps_min", line, 5, 1, 1000)
        reps_max = _int(row, "reps_max", line, 7, 1, 1000)
        sets = _int(row, "sets", line, 1, 1, 100)
        assert reps_min is not None and reps_max is not None and sets is not None
        if reps_min > reps_max:
            raise ImportFileError(f"reps_min ({reps_min}) is more than reps_max ({reps_max})", line)
        course = dict(
            morning=_flag(row, "morning", line),
            evening=_flag(row, "evening", line),
            course_start=_date(row, "course_start", line),
            course_end=_date(row, "course_end", line),
            break_start=_date(row, "break_start", line),
            break_end=_date(row, "break_end", line),
            surgery_date=_date(row, "surgery_date", line),
            instructions=row.get("instructions", ""),
        )
        if course["course_start"] is None:
            raise ImportFileError("course_start is empty", line)
        key = (patient.patient_id, course["course_start"])
        group = groups.get(key)
        if group is None:
            groups[key] = group = {"line": line, "patient_id": patient.patient_id, "course": course, "items": []}
        else:
            for k, v in course.items():
                if k == "instructions" and not v:
                    continue
                if k == "instructions" and not group["course"][k]:
                    group["course"][k] = v
                    continue
                if group["course"][k] != v:
                    raise ImportFileError(
                        f"{k} differs from line {group['line']}, which starts the same course for {name!r}", line
                    )
        if any(i[0] == exercise for i in group["items"]):
            raise ImportFileError(f"exercise {exercise!r} is listed twice for {name!r} from {course['course_start']}", line)
        group["items"].append((exercise, reps_min, reps_max, sets, line))
    ordered = list(groups.values())
    orders = [
        (g["patient_id"], dict(exercises=[PrescribedExercise(e, lo, hi, n) for e, lo, hi, n, _ in g["items"]], **g["course"]))
        for g in ordered
    ]
    # Check each order on its own first, to name its line.
    for g, (_, kwargs) in zip(ordered, orders):
        args = dict(kwargs)
        try:
            store._check_prescription(args.pop("exercises"), **args)
        except ValueError as e:
            raise ImportFileError(str(e), g["line"]) from e
    return store.create_prescriptions(viewer, orders)


# --- repetitions -----------------------------------------------------------------------


@dataclass
class _Set:
    key: str
    line: int
    exercise_id: str
    target: int
    started_at: dt.datetime
    ended_at: Optional[dt.datetime]
    reps: List[Tuple[RepEvent, Optional[dt.datetime]]]


@dataclass
class _Session:
    key: str
    line: int
    slot: str
    started_at: dt.datetime
    ended_at: Optional[dt.datetime]
    status: str
    pain_before: int
    pain_after: Optional[int]
    sets: Dict[str, _Set]


def _key(*parts: object) -> str:
    return "imp-" + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:40]


def parse_reps_csv(data: Union[str, bytes], patient_id: int) -> List[_Session]:
    """The sessions of a repetitions file, checked; ImportFileError naming the line otherwise."""
    rows = _rows(data, REPS_REQUIRED)
    sessions: Dict[str, _Session] = {}
    for line, row in rows:
        slot = row["slot"]
        if slot not in ("morning", "evening"):
            raise ImportFileError(f"slot must be morning or evening, got {slot!r}", line)
        status = row["session_status"]
        if status not in ("in_progress", "completed", "abandoned"):
            raise ImportFileError(f"session_status must be completed, abandoned or in_progress, got {status!r}", line)
        started = _moment(row, "session_started_at", line)
        ended = _moment(row, "session_ended_at", line, optional=True)
        pain_before = _int(row, "pain_before", line, None, 0, 10)
        if pain_before is None:
            raise ImportFileError("pain_before is empty", line)
        pain_after = _int(row, "pain_after", line, None, 0, 10)
        if status == "completed" and pain_after is None:
            raise ImportFileError("a completed session needs pain_after", line)
        sid = row["session_id"]
        if not sid:
            raise ImportFileError("session_id is empty", line)
        session = sessions.get(sid)
        fields = (slot, started, ended, status, pain_before, pain_after)
        if session is None:
            session = _Session(_key("session", patient_id, started.isoformat(), slot), line, slot, started, ended,
                               status, pain_before, pain_after, {})
            sessions[sid] = session
        elif (session.slot, session.started_at, session.ended_at, session.status, session.pain_before,
              session.pain_after) != fields:
            raise ImportFileError(f"session {sid} is described differently on line {session.line}", line)
        exercise = _known_exercise(row["exercise_id"], line, "exercise_id")
        target = _int(row, "target_reps", line, None, 1, 1000)
        if target is None:
            raise ImportFileError("target_reps is empty", line)
        set_started = _moment(row, "set_started_at", line)
        set_ended = _moment(row, "set_ended_at", line, optional=True)
        set_id = row["set_id"]
        if not set_id:
            raise ImportFileError("set_id is empty", line)
        st = session.sets.get(set_id)
        if st is None:
            if any(set_id in other.sets for other in sessions.values() if other is not session):
                raise ImportFileError(f"set {set_id} appears in two sessions", line)
            st = _Set(_key("set", session.key, set_started.isoformat(), exercise, set_id), line, exercise, target,
                      set_started, set_ended, [])
            session.sets[set_id] = st
        elif (st.exercise_id, st.target, st.started_at, st.ended_at) != (exercise, target, set_started, set_ended):
            raise ImportFileError(f"set {set_id} is described differently on line {st.line}", line)
        index = _int(row, "index", line, None, 1)
        if index is None:
            raise ImportFileError("index is empty", line)
        if any(r.index == index for r, _ in st.reps):
            raise ImportFileError(f"repetition {index} of set {set_id} appears twice", line)
        quality = row["quality"]
        if quality not in ("full", "partial"):
            raise ImportFileError(f"quality must be full or partial, got {quality!r}", line)
        event = RepEvent(
            index=index,
            start=_float(row, "start", line),
            peak=_float(row, "peak", line),
            end=_float(row, "end", line),
            value=_float(row, "value", line),
            range=_float(row, "range", line),
            progress=_float(row, "progress", line),
            quality=quality,
        )
        if not event.start <= event.peak <= event.end:
            raise ImportFileError("a repetition must have start <= peak <= end", line)
        st.reps.append((event, _moment(row, "counted_at", line, optional=True) if "counted_at" in row else None))
    return list(sessions.values())


def import_reps_csv(store: Store, viewer: Viewer, patient_id: int, data: Union[str, bytes]) -> RepsImportResult:
    """Reads a repetitions export back into a patient's log.

    The patient themselves or their therapist may import (``AccessDenied``
    otherwise). The whole file is checked before the first write.
    """
    patient_account(store, viewer, patient_id)
    sessions = parse_reps_csv(data, patient_id)
    written = sets = reps = skipped = 0
    for sess in sessions:
        window = store.list_sessions(viewer, patient_id, sess.started_at, sess.started_at + dt.timedelta(microseconds=1))
        if any(s.slot == sess.slot for s in window):
            # Already in the log: from an earlier import, or from this very installation.
            mine = [s for s in window if s.slot == sess.slot]
            if not any(s.status == "in_progress" for s in mine):
                skipped += 1
                continue
        record = store.start_session(patient_id, sess.slot, sess.pain_before, started_at=sess.started_at, client_key=sess.key)
        for st in sess.sets.values():
            set_record = store.start_set(record.id, st.exercise_id, st.target, started_at=st.started_at, client_key=st.key)
            for event, counted_at in sorted(st.reps, key=lambda x: x[0].index):
                store.add_repetition(set_record.id, event, created_at=counted_at)
                reps += 1
            store.end_set(set_record.id, ended_at=st.ended_at or st.started_at)
            sets += 1
        status = "completed" if sess.status == "completed" else "abandoned"
        store.end_session(record.id, sess.pain_after, status=status, ended_at=sess.ended_at or sess.started_at)
        written += 1
    return RepsImportResult(written, sets, reps, skipped)
