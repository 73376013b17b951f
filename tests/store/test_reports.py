"""Adherence and chart series from a seeded log, on every backend."""
from __future__ import annotations

import datetime as dt

import pytest
from matplotlib.figure import Figure

from coach.reports import (
    calendar_frame,
    compute_adherence,
    load_report_data,
    pain_frame,
    patient_overview,
    reps_frame,
    rom_frame,
)
from coach.reports.charts import calendar_figure, pain_figure, png_bytes, reps_figure, rom_figure
from coach.store import AccessDenied, Store
from test_reports_seed import END, START, TODAY, rom_catalogue, seeded  # noqa: F401  (fixtures)


def _data(store, seeded, viewer=None, **kw):
    p = seeded.people
    return load_report_data(store, viewer or p.doc, p.ann.patient_id, kw.pop("start", START), kw.pop("end", END),
                            today=kw.pop("today", TODAY), **kw)


def test_adherence_statuses_day_by_day(store: Store, seeded) -> None:
    a = compute_adherence(_data(store, seeded))
    status = {(s.day.day, s.slot): s.status for s in a.slots}
    assert status[(1, "morning")] == status[(1, "evening")] == "rest"  # before the course
    assert status[(2, "morning")] == "done"
    assert status[(2, "evening")] == "partial"
    assert status[(3, "morning")] == "missed"
    assert status[(3, "evening")] == "partial"
    assert status[(4, "morning")] == status[(4, "evening")] == "pending"  # today
    assert status[(15, "evening")] == "upcoming"
    assert status[(16, "morning")] == status[(20, "evening")] == "rest"  # the break
    assert (a.done, a.partial, a.missed, a.due) == (1, 2, 1, 4)
    assert a.percent == pytest.approx(25.0)
    assert a.summary() == "25% (1 of 4 prescribed sessions done, 2 partial, 1 missed)"
    morning = a.status_of(dt.date(2026, 3, 2), "morning")
    assert morning is not None and {t.exercise_id: t.best_set for t in morning.exercises} == {
        "heel_raise": 6, "ankle_flex": 6, "big_toe_flex": 6, "toe_spread": 6}


def test_later_days_become_missed(store: Store, seeded) -> None:
    a = compute_adherence(_data(store, seeded, today=dt.date(2026, 4, 1)))
    assert (a.done, a.partial, a.missed) == (1, 2, 28 - 3)
    assert a.status_of(dt.date(2026, 3, 4), "morning").status == "missed"


def test_set_too_short_is_partial_and_sets_count(store: Store, people, rom_catalogue) -> None:
    pid = people.bob.patient_id
    store.create_prescription(people.doc, pid, ["heel_raise"], reps_min=5, reps_max=7, sets=2, evening=False,
                              course_start=dt.date(2026, 3, 2), course_end=dt.date(2026, 3, 8))
    from test_reports_seed import at, log_set

    s = store.start_session(pid, "morning", 1, started_at=at(2, 8))
    log_set(store, s, "heel_raise", 5, at(2, 8, 1), 0.1)
    s = store.start_session(pid, "morning", 1, started_at=at(3, 8))
    log_set(store, s, "heel_raise", 5, at(3, 8, 1), 0.1)
    log_set(store, s, "heel_raise", 5, at(3, 8, 3), 0.1)
    s = store.start_session(pid, "evening", 1, started_at=at(3, 19))
    log_set(store, s, "heel_raise", 4, at(3, 19, 1), 0.1)
    data = load_report_data(store, people.doc, pid, dt.date(2026, 3, 2), dt.date(2026, 3, 3), today=TODAY)
    a = compute_adherence(data)
    assert a.status_of(dt.date(2026, 3, 2), "morning").status == "partial"  # one set of two
    assert a.status_of(dt.date(2026, 3, 3), "morning").status == "done"
    assert a.status_of(dt.date(2026, 3, 3), "evening").status == "extra"  # evening not prescribed
    assert a.status_of(dt.date(2026, 3, 2), "evening").status == "rest"


def test_weeks_after_surgery_are_blocked_not_missed(store: Store, people, rom_catalogue) -> None:
    pid = people.bob.patient_id
    store.create_prescription(people.doc, pid, ["heel_raise"], surgery_date=dt.date(2026, 2, 10),
                              course_start=dt.date(2026, 2, 24), course_end=dt.date(2026, 3, 20))
    data = load_report_data(store, people.doc, pid, dt.date(2026, 2, 8), dt.date(2026, 2, 25), today=TODAY)
    status = {s.day: s.status for s in compute_adherence(data).slots if s.slot == "morning"}
    assert status[dt.date(2026, 2, 9)] == "rest"
    assert all(status[dt.date(2026, 2, 10) + dt.timedelta(days=d)] == "blocked" for d in range(14))
    assert status[dt.date(2026, 2, 24)] == status[dt.date(2026, 2, 25)] == "missed"


def test_timezone_moves_a_late_session_to_its_local_day(store: Store, seeded) -> None:
    tz = dt.timezone(dt.timedelta(hours=5))  # 20:00 UTC on the 3rd is 01:00 on the 4th there
    data = _data(store, seeded, tz=tz)
    assert [data.session_day(s).day for s in data.sessions] == [2, 3, 4]  # 19:00 UTC is 00:00 on the 3rd


def test_series_frames(store: Store, seeded) -> None:
    data = _data(store, seeded)
    reps = reps_frame(data)
    assert len(reps) == 4 + 1 + 1
    heel = reps[reps.exercise_id == "heel_raise"]
    assert list(heel.reps) == [6, 6, 3] and list(heel.reps_min) == [5, 5, 5] and list(heel.reps_max) == [7, 7, 7]
    rom = rom_frame(data)
    ankle = rom[rom.exercise_id == "ankle_flex"].iloc[0]
    assert ankle.unit == "degrees" and ankle.range_max == pytest.approx(26.0) and ankle.range_mean == pytest.approx(23.5)
    assert rom[rom.exercise_id == "toe_spread"].iloc[0].unit == "index"
    pain = pain_frame(data)
    assert list(pain.pain_before) == [3, 4, 2]
    assert list(pain.pain_after.astype("object").where(pain.pain_after.notna(), None)) == [2, 3, None]
    cal = calendar_frame(compute_adherence(data))
    assert len(cal) == 2 * 20 and set(cal.status) >= {"done", "partial", "missed", "rest"}


def test_charts_render_as_png(store: Store, seeded) -> None:
    data = _data(store, seeded)
    figures = [calendar_figure(compute_adherence(data)), reps_figure(reps_frame(data)),
               rom_figure(rom_frame(data)), pain_figure(pain_frame(data))]
    for fig in figures:
        assert isinstance(fig, Figure)
        png = png_bytes(fig, dpi=50)
        assert png.startswith(b"\x89PNG") and len(png) > 2000


def test_empty_period_charts_and_adherence(store: Store, people, rom_catalogue) -> None:
    data = load_report_data(store, people.doc, people.bob.patient_id, START, END, today=TODAY)
    a = compute_adherence(data)
    assert a.percent is None and a.due == 0 and "no prescribed session" in a.summary()
    for fig in (reps_figure(reps_frame(data)), rom_figure(rom_frame(data)), pain_figure(pain_frame(data))):
        assert png_bytes(fig, dpi=40).startswith(b"\x89PNG")


def test_overview_lists_own_patients_with_adherence(store: Store, seeded) -> None:
    p = seeded.people
    rows = patient_overview(store, p.doc, START, END, today=TODAY)
    assert [r.patient.username for r in rows] == ["ann", "bob"]
    assert rows[0].percent == pytest.approx(25.0) and rows[0].has_current_prescription
    assert rows[0].last_pain_before == 2 and rows[1].percent is None
    assert [r.patient.username for r in patient_overview(store, p.other_doc, START, END)] == ["cat"]
    assert [r.patient.username for r in patient_overview(store, p.ann, START, END)] == ["ann"]


def test_report_refusals(store: Store, seeded) -> None:
    p = seeded.people
    with pytest.raises(AccessDenied, match="'bob' may only see their own records"):
        load_report_data(store, p.bob, p.ann.patient_id, START, END)
    with pytest.raises(AccessDenied, match="is not a patient of therapist 'other'"):
        load_report_data(store, p.other_doc, p.ann.patient_id, START, END)
    with pytest.raises(AccessDenied, match="sign in first"):
        load_report_data(store, None, p.ann.patient_id, START, END)  # type: ignore[arg-type]
    with pytest.raises(AccessDenied):
        load_report_data(store, p.doc, 9999, START, END)
    with pytest.raises(ValueError, match="cannot end"):
        load_report_data(store, p.doc, p.ann.patient_id, END, START)
    # The patient sees their own report.
    assert compute_adherence(_data(store, seeded, viewer=p.ann)).done == 1
