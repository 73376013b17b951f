"""Exports of one patient's log for one period: CSV files and a PDF report.

Every public function takes the store, the viewer and the patient, and reads
through ``load_report_data``: the same access rules as the store (a patient
only themselves, a therapist only their own patients; ``AccessDenied``
otherwise). The ``*_from_data`` variants take records already loaded.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import textwrap
from typing import Iterable, List, Optional, Sequence

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from coach.reports.adherence import compute_adherence
from coach.reports.charts import calendar_figure, pain_figure, reps_figure, rom_figure
from coach.reports.data import DISCLAIMER, ReportData, exercise_name, load_report_data, period_label
from coach.reports.series import pain_frame, reps_frame, rom_frame
from coach.store import Store, Viewer

REPS_CSV_COLUMNS = [
    "session_id", "session_date", "slot", "session_started_at", "session_ended_at", "session_status",
    "pain_before", "pain_after", "set_id", "exercise_id", "target_reps", "set_started_at", "set_ended_at",
    "index", "start", "peak", "end", "value", "range", "progress", "quality", "counted_at",
]
SESSIONS_CSV_COLUMNS = [
    "session_id", "session_date", "slot", "started_at", "ended_at", "status", "pain_before", "pain_after",
    "prescription_id", "exercises", "sets", "reps", "full_reps",
]


def _iso(moment: Optional[dt.datetime]) -> str:
    return "" if moment is None else moment.astimezone(dt.timezone.utc).isoformat()


def _num(value: float) -> str:
    return repr(float(value))  # round-trips exactly


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


# --- CSV --------------------------------------------------------------------------------


def reps_csv_from_data(data: ReportData) -> str:
    """One row per repetition, with its session and set."""
    rows: List[List[object]] = []
    for session in data.sessions:
        for st in data.sets_of(session.id):
            for r in data.reps_of(st.id):
                rows.append([
                    session.id, data.session_day(session).isoformat(), session.slot, _iso(session.started_at),
                    _iso(session.ended_at), session.status, session.pain_before,
                    "" if session.pain_after is None else session.pain_after, st.id, st.exercise_id,
                    st.target_reps, _iso(st.started_at), _iso(st.ended_at), r.index, _num(r.start), _num(r.peak),
                    _num(r.end), _num(r.value), _num(r.range), _num(r.progress), r.quality, _iso(r.created_at),
                ])
    return _csv(REPS_CSV_COLUMNS, rows)


def sessions_csv_from_data(data: ReportData) -> str:
    """One row per session, with what was counted in it."""
    rows: List[List[object]] = []
    for session in data.sessions:
        sets = data.sets_of(session.id)
        rows.append([
            session.id, data.session_day(session).isoformat(), session.slot, _iso(session.started_at),
            _iso(session.ended_at), session.status, session.pain_before,
            "" if session.pain_after is None else session.pain_after,
            "" if session.prescription_id is None else session.prescription_id,
            " ".join(dict.fromkeys(s.exercise_id for s in sets)), len(sets), sum(s.reps for s in sets),
            sum(s.full_reps for s in sets),
        ])
    return _csv(SESSIONS_CSV_COLUMNS, rows)


def export_reps_csv(
    store: Store, viewer: Viewer, patient_id: int, start: dt.date, end: dt.date, *, tz: Optional[dt.tzinfo] = None,
    today: Optional[dt.date] = None,
) -> str:
    return reps_csv_from_data(load_report_data(store, viewer, patient_id, start, end, tz=tz, today=today))


def export_sessions_csv(
    store: Store, viewer: Viewer, patient_id: int, start: dt.date, end: dt.date, *, tz: Optional[dt.tzinfo] = None,
    today: Optional[dt.date] = None,
) -> str:
    return sessions_csv_from_data(load_report_data(store, viewer, patient_id, start, end, tz=tz, today=today))


# --- PDF --------------------------------------------------------------------------------

A4 = (8.27, 11.69)


def _text_page(title: str, lines: Sequence[str]) -> Figure:
    fig = Figure(figsize=A4)
    fig.text(0.08, 0.95, title, fontsize=16, weight="bold", va="top")
    y = 0.91
    for line in lines:
        wrapped = textwrap.wrap(line, 92) or [""]
        for part in wrapped:
            fig.text(0.08, y, part, fontsize=10, va="top")
            y -= 0.02
        y -= 0.006
        if y < 0.05:
            fig.text(0.08, y, "(continued in the CSV export)", fontsize=9, style="italic", va="top")
            break
    return fig


def _summary_lines(data: ReportData) -> List[str]:
    adherence = compute_adherence(data)
    p = data.patient
    lines = [
        f"Patient: {p.display_name} (username {p.username}, patient #{p.patient_id})"
        + (", child" if p.is_child else ""),
        f"Period: {period_label(data)}",
        f"Adherence: {adherence.summary()}",
        f"Sessions logged: {len(data.sessions)}; repetitions counted: {len(data.reps)}",
        "",
    ]
    prescriptions = data.prescriptions_in_period()
    if not prescriptions:
        lines.append("Prescription: none covers this period.")
    for pr in prescriptions:
        slots = " and ".join(pr.slots)
        lines.append(f"Prescription #{pr.id}: course {pr.course_start} to {pr.course_end}, {slots}.")
        if pr.break_start is not None:
            lines.append(f"    Break from {pr.break_start} to {pr.break_end or pr.break_start}.")
        if pr.surgery_date is not None:
            lines.append(f"    Surgery on {pr.surgery_date}: no exercise in the two weeks after it.")
        for item in pr.exercises:
            sets = f", {item.sets} sets" if item.sets > 1 else ""
            lines.append(f"    - {exercise_name(item.exercise_id)}: {item.reps_min} to {item.reps_max} repetitions{sets}")
        if pr.instructions:
            lines.append(f"    Instructions: {pr.instructions}")
    zone = dt.datetime.now(data.tz).tzname() or str(data.tz)
    lines += ["", DISCLAIMER, f"Dates are the days on which sessions started, in the timezone {zone}."]
    return lines


def _notes_lines(data: ReportData) -> List[str]:
    if not data.notes:
        return ["No note has been written."]
    return [f"{n.created_at.astimezone(data.tz):%Y-%m-%d %H:%M}, {n.author_name}: {n.text}" for n in data.notes]


def pdf_from_data(data: ReportData) -> bytes:
    """A PDF report: the summary, the session calendar, the charts, the notes."""
    adherence = compute_adherence(data)
    figures = [
        _text_page("FootCoach exercise report", _summary_lines(data)),
        calendar_figure(adherence),
        reps_figure(reps_frame(data)),
        rom_figure(rom_frame(data)),
        pain_figure(pain_frame(data)),
        _text_page("Notes on the patient's record", _notes_lines(data)),
    ]
    buf = io.BytesIO()
    # TrueType fonts keep the PDF's text searchable and copyable.
    with matplotlib.rc_context({"pdf.fonttype": 42}):
        with PdfPages(buf, metadata={
            "Title": f"FootCoach exercise report: {data.patient.display_name}, {period_label(data)}",
            "Subject": "Home exercise log; not a diagnosis",
            "Creator": "FootCoach",
        }) as pdf:
            for fig in figures:
                pdf.savefig(fig)
    return buf.getvalue()


def export_pdf(
    store: Store, viewer: Viewer, patient_id: int, start: dt.date, end: dt.date, *, tz: Optional[dt.tzinfo] = None,
    today: Optional[dt.date] = None,
) -> bytes:
    return pdf_from_data(load_report_data(store, viewer, patient_id, start, end, tz=tz, today=today))
