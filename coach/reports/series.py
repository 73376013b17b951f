"""Tables for the charts: one tidy pandas DataFrame per chart.

They feed both the matplotlib figures of the PDF and the Vega-Lite charts of
the therapist's page, so the two always show the same numbers.
"""
from __future__ import annotations

import datetime as dt
from typing import Dict, List

import pandas as pd

from coach.reports.adherence import Adherence
from coach.reports.data import ReportData, exercise_name, range_unit

CALENDAR_COLUMNS = ["day", "slot", "status", "reps"]
REPS_COLUMNS = [
    "when", "day", "slot", "session_id", "exercise_id", "exercise", "reps", "full_reps", "best_set", "sets",
    "reps_min", "reps_max",
]
ROM_COLUMNS = ["when", "day", "slot", "session_id", "exercise_id", "exercise", "unit", "range_mean", "range_max", "n"]
PAIN_COLUMNS = ["when", "day", "slot", "session_id", "status", "pain_before", "pain_after"]


def _when(data: ReportData, moment: dt.datetime) -> pd.Timestamp:
    """A session's start as a naive local timestamp (charts label it as the patient's clock)."""
    return pd.Timestamp(moment.astimezone(data.tz).replace(tzinfo=None))


def calendar_frame(adherence: Adherence) -> pd.DataFrame:
    rows = [
        {"day": pd.Timestamp(s.day), "slot": s.slot, "status": s.status, "reps": s.reps} for s in adherence.slots
    ]
    return pd.DataFrame(rows, columns=CALENDAR_COLUMNS)


def reps_frame(data: ReportData) -> pd.DataFrame:
    """One row per session and exercise: repetitions counted against those prescribed."""
    rows: List[Dict[str, object]] = []
    for session in data.sessions:
        p = data.prescription(session.prescription_id) or data.prescription_on(data.session_day(session))
        prescribed = {i.exercise_id: i for i in p.exercises} if p is not None else {}
        by_exercise: Dict[str, List] = {}
        for st in data.sets_of(session.id):
            by_exercise.setdefault(st.exercise_id, []).append(st)
        for exercise_id, sets in by_exercise.items():
            item = prescribed.get(exercise_id)
            rows.append(
                {
                    "when": _when(data, session.started_at),
                    "day": pd.Timestamp(data.session_day(session)),
                    "slot": session.slot,
                    "session_id": session.id,
                    "exercise_id": exercise_id,
                    "exercise": exercise_name(exercise_id),
                    "reps": sum(s.reps for s in sets),
                    "full_reps": sum(s.full_reps for s in sets),
                    "best_set": max(s.reps for s in sets),
                    "sets": len(sets),
                    "reps_min": item.reps_min if item else None,
                    "reps_max": item.reps_max if item else None,
                }
            )
    frame = pd.DataFrame(rows, columns=REPS_COLUMNS)
    return frame.astype({"reps_min": "Int64", "reps_max": "Int64"}) if len(frame) else frame


def rom_frame(data: ReportData) -> pd.DataFrame:
    """One row per session and exercise: the range reached by its repetitions, mean and largest."""
    rows: List[Dict[str, object]] = []
    for session in data.sessions:
        ranges: Dict[str, List[float]] = {}
        for st in data.sets_of(session.id):
            ranges.setdefault(st.exercise_id, []).extend(r.range for r in data.reps_of(st.id))
        for exercise_id, values in ranges.items():
            if not values:
                continue
            rows.append(
                {
                    "when": _when(data, session.started_at),
                    "day": pd.Timestamp(data.session_day(session)),
                    "slot": session.slot,
                    "session_id": session.id,
                    "exercise_id": exercise_id,
                    "exercise": exercise_name(exercise_id),
                    "unit": range_unit(exercise_id),
                    "range_mean": sum(values) / len(values),
                    "range_max": max(values),
                    "n": len(values),
                }
            )
    return pd.DataFrame(rows, columns=ROM_COLUMNS)


def pain_frame(data: ReportData) -> pd.DataFrame:
    """One row per session: pain (0 to 10) before and after."""
    rows = [
        {
            "when": _when(data, s.started_at),
            "day": pd.Timestamp(data.session_day(s)),
            "slot": s.slot,
            "session_id": s.id,
            "status": s.status,
            "pain_before": s.pain_before,
            "pain_after": s.pain_after,
        }
        for s in data.sessions
    ]
    frame = pd.DataFrame(rows, columns=PAIN_COLUMNS)
    return frame.astype({"pain_after": "Int64"}) if len(frame) else frame


def notes_frame(data: ReportData) -> pd.DataFrame:
    rows = [
        {"written": _when(data, n.created_at), "author": n.author_name, "text": n.text} for n in data.notes
    ]
    return pd.DataFrame(rows, columns=["written", "author", "text"])
