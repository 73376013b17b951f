"""The physiotherapist's page: patients, their logs as charts, notes, prescriptions, exports.

The signed-in account is ``st.session_state["account"]`` (set by the app's
login); without one the page shows its own sign-in form. Only therapists get
past it, and every read goes through the store's access rules, so a therapist
sees only their own patients.

The database is ``$FOOTCOACH_DB_URL``, else ``Store.open()``'s default SQLite
file (``$FOOTCOACH_DB``), opened once
per server process: ``Store`` is thread-safe, every call using its own short
transaction.
"""
from __future__ import annotations

import datetime as dt
import os
from typing import List, Optional

import pandas as pd
import streamlit as st
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from coach.reports import (
    DISCLAIMER,
    ImportFileError,
    ReportData,
    bundle_json_from_data,
    calendar_frame,
    compute_adherence,
    exercise_name,
    import_prescriptions_csv,
    import_reps_csv,
    load_report_data,
    pain_frame,
    patient_overview,
    pdf_from_data,
    reps_csv_from_data,
    reps_frame,
    rom_frame,
    sessions_csv_from_data,
)
from coach.store import AccessDenied, Account, PrescribedExercise, Prescription, Store, default_url

ACCOUNT_KEY = "account"
SIGNED_IN_HERE = "th_signed_in_here"  # the page's own form signed in, so it offers signing out
DEFAULT_DAYS = 28


class _Stop(Exception):
    """Raised to leave the page early after a message was shown."""


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> Store:
    return Store.open(url)


def _db_problem(e: Exception) -> None:
    detail = str(getattr(e, "orig", None) or e).strip().splitlines()[0][:200]
    st.error(
        "The exercise database cannot be reached right now, so this page cannot show or save anything. "
        "Nothing was changed, and sessions being counted elsewhere keep their repetitions until it is back. "
        f"Try again in a moment. (Details: {detail})"
    )


def store_url() -> str:
    """``$FOOTCOACH_DB_URL`` (any SQLAlchemy URL, e.g. PostgreSQL), else the SQLite file of ``$FOOTCOACH_DB``."""
    return os.environ.get("FOOTCOACH_DB_URL") or default_url()


def store() -> Store:
    url = store_url()
    try:
        return _open_store(url)
    except (OperationalError, SQLAlchemyError, OSError) as e:
        _db_problem(e)
        raise _Stop() from e


def local_tz() -> dt.tzinfo:
    return dt.datetime.now().astimezone().tzinfo or dt.timezone.utc


# --- signing in ------------------------------------------------------------------------


def signed_in(db: Store) -> Optional[Account]:
    account = st.session_state.get(ACCOUNT_KEY)
    if isinstance(account, Account):
        return account
    st.subheader("Sign in")
    st.caption("The therapist's view: your patients' exercise logs.")
    with st.form("therapist_login"):
        username = st.text_input("Username", key="th_username")
        password = st.text_input("Password", type="password", key="th_password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        try:
            found = db.authenticate(username, password)
        except SQLAlchemyError as e:
            _db_problem(e)
            return None
        if found is None:
            st.error("That username and password do not match an account.")
            return None
        st.session_state[ACCOUNT_KEY] = found
        st.session_state[SIGNED_IN_HERE] = True
        st.rerun()
    return None


# --- the patient list ------------------------------------------------------------------


def _fmt_moment(moment: Optional[dt.datetime], tz: dt.tzinfo) -> str:
    return "" if moment is None else moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def patient_table(db: Store, viewer: Account, start: dt.date, end: dt.date, tz: dt.tzinfo) -> List[Account]:
    rows = patient_overview(db, viewer, start, end, tz=tz)
    st.subheader("Patients")
    if not rows:
        st.info("You have no patients yet. Add one below.")
        return []
    table = pd.DataFrame(
        [
            {
                "Patient": r.patient.display_name + (" (child)" if r.patient.is_child else ""),
                "Username": r.patient.username,
                "Adherence %": None if r.percent is None else round(r.percent),
                "Done": r.adherence.done,
                "Partial": r.adherence.partial,
                "Missed": r.adherence.missed,
                "Due": r.adherence.due,
                "Last session": _fmt_moment(r.last_session, tz),
                "Pain before → after": (
                    "" if r.last_pain_before is None
                    else f"{r.last_pain_before} → {'' if r.last_pain_after is None else r.last_pain_after}"
                ),
                "Prescription now": "yes" if r.has_current_prescription else "none",
            }
            for r in rows
        ]
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "Adherence %": st.column_config.ProgressColumn(
                "Adherence", help="Prescribed sessions done, of those due in the period", min_value=0,
                max_value=100, format="%d%%",
            ),
        },
    )
    st.caption(
        "Adherence: the share of prescribed morning and evening sessions in the period that were done in full. "
        "Partial: some repetitions, not all. Today's sessions count once done."
    )
    return [r.patient for r in rows]


def add_patient_form(db: Store, viewer: Account) -> None:
    with st.expander("Add a patient"):
        with st.form("add_patient", clear_on_submit=True):
            name = st.text_input("Name shown", key="np_name")
            username = st.text_input("Username", key="np_username")
            password = st.text_input("First password (at least 8 characters)", type="password", key="np_password")
            child = st.checkbox("A child (playful names and shorter sessions)", key="np_child")
            if st.form_submit_button("Add the patient"):
                try:
                    made = db.create_patient(username, password, viewer.id, name or None, is_child=child)
                except ValueError as e:
                    st.error(f"The patient was not added: {e}")
                else:
                    st.success(f"Added {made.display_name} ({made.username}).")


# --- one patient ----------------------------------------------------------------------


def _prescription_text(p: Prescription) -> str:
    lines = [
        f"**Course** {p.course_start} to {p.course_end}, {' and '.join(p.slots)}"
        + (f"; break {p.break_start} to {p.break_end or p.break_start}" if p.break_start else "")
        + (f"; surgery on {p.surgery_date}" if p.surgery_date else "")
    ]
    for item in p.exercises:
        sets = f", {item.sets} sets" if item.sets > 1 else ""
        lines.append(f"- {exercise_name(item.exercise_id)}: {item.reps_min} to {item.reps_max} repetitions{sets}")
    if p.instructions:
        lines += ["", f"*Instructions:* {p.instructions}"]
    return "\n".join(lines)


def overview_tab(data: ReportData) -> None:
    adherence = compute_adherence(data)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Adherence", "–" if adherence.percent is None else f"{adherence.percent:.0f}%")
    c2.metric("Done", f"{adherence.done} of {adherence.due}")
    c3.metric("Partial", adherence.partial)
    c4.metric("Missed", adherence.missed)
    st.markdown("**Morning and evening sessions**")
    from coach.app.therapist_charts import calendar_chart

    st.altair_chart(calendar_chart(calendar_frame(adherence)), width="stretch")
    current = data.prescription_on(data.today)
    st.markdown("**Prescription now**")
    if current is None:
        st.info("No course covers today.")
    else:
        st.markdown(_prescription_text(current))


def reps_tab(data: ReportData) -> None:
    frame = reps_frame(data)
    if frame.empty:
        st.info("No session in this period.")
        return
    from coach.app.therapist_charts import reps_chart

    st.caption("Repetitions counted per session; the green band is the prescribed range.")
    st.altair_chart(reps_chart(frame), width="stretch")


def rom_tab(data: ReportData) -> None:
    frame = rom_frame(data)
    if frame.empty:
        st.info("No repetition in this period.")
        return
    from coach.app.therapist_charts import rom_chart

    st.caption(
        "How far each movement went: ankle flexion and big-toe bending in degrees, toe spreading as an index. "
        "These are camera estimates for following a trend, not clinical measurements."
    )
    st.altair_chart(rom_chart(frame), width="stretch")


def pain_tab(data: ReportData) -> None:
    frame = pain_frame(data)
    if frame.empty:
        st.info("No session in this period.")
        return
    from coach.app.therapist_charts import pain_chart

    st.caption("Pain the patient reported before and after each session (0: none, 10: worst imaginable).")
    st.altair_chart(pain_chart(frame), width="stretch")


def notes_tab(db: Store, viewer: Account, patient: Account, tz: dt.tzinfo) -> None:
    notes = db.list_notes(viewer, patient.patient_id)
    if not notes:
        st.caption("No note yet.")
    for n in reversed(notes):
        st.markdown(f"**{n.author_name}**, {_fmt_moment(n.created_at, tz)}  \n{n.text}")
    with st.form("add_note", clear_on_submit=True):
        text = st.text_area("New note", key="note_text", max_chars=10_000)
        if st.form_submit_button("Add the note"):
            try:
                db.add_note(viewer, patient.patient_id, text)
            except ValueError as e:
                st.error(f"The note was not saved: {e}")
            else:
                st.success("Note saved.")
                st.rerun()


def prescription_tab(db: Store, viewer: Account, patient: Account, today: dt.date) -> None:
    from exercises import all_exercises

    catalogue = all_exercises()
    current = db.current_prescription(viewer, patient.patient_id, today)
    history = db.list_prescriptions(viewer, patient.patient_id)
    if current is not None:
        st.markdown("**Current prescription**")
        st.markdown(_prescription_text(current))
    elif history:
        st.caption(f"No course covers today; the latest ran {history[-1].course_start} to {history[-1].course_end}.")
    base = current or (history[-1] if history else None)
    chosen = [e.exercise_id for e in base.exercises if e.exercise_id in catalogue] if base else []
    first = base.exercises[0] if base and base.exercises else PrescribedExercise("", 5, 7, 1)
    st.markdown("**New prescription**")
    st.caption(
        "Each movement 5 to 7 times, morning and evening, for a course of two weeks to a month, then a month's "
        "break. After surgery the feet rest for two weeks. If an exercise gets too easy, add sets rather than "
        "repetitions."
    )
    with st.form("prescription"):
        exercises = st.multiselect(
            "Exercises", options=sorted(catalogue), default=chosen,
            format_func=lambda i: f"{catalogue[i].name} ({i})" if i in catalogue else i, key="rx_exercises",
        )
        c1, c2, c3 = st.columns(3)
        reps_min = c1.number_input("Repetitions, at least", 1, 100, first.reps_min, key="rx_reps_min")
        reps_max = c2.number_input("Repetitions, at most", 1, 100, first.reps_max, key="rx_reps_max")
        sets = c3.number_input("Sets", 1, 10, first.sets, key="rx_sets")
        c1, c2 = st.columns(2)
        morning = c1.checkbox("Morning", value=True, key="rx_morning")
        evening = c2.checkbox("Evening", value=True, key="rx_evening")
        c1, c2 = st.columns(2)
        course_start = c1.date_input("Course starts", value=today, key="rx_course_start")
        course_end = c2.date_input("Course ends", value=today + dt.timedelta(days=27), key="rx_course_end")
        c1, c2, c3 = st.columns(3)
        with_break = c1.checkbox("Then a break", value=True, key="rx_with_break")
        break_start = c2.date_input("Break starts", value=today + dt.timedelta(days=28), key="rx_break_start")
        break_end = c3.date_input("Break ends", value=today + dt.timedelta(days=57), key="rx_break_end")
        c1, c2 = st.columns(2)
        after_surgery = c1.checkbox("After surgery", value=bool(base and base.surgery_date), key="rx_after_surgery")
        surgery = c2.date_input(
            "Surgery date", value=(base.surgery_date if base and base.surgery_date else today), key="rx_surgery"
        )
        instructions = st.text_area("Instructions for the patient", value=base.instructions if base else "",
                                    key="rx_instructions")
        if st.form_submit_button("Save the prescription"):
            try:
                if not exercises:
                    raise ValueError("choose at least one exercise")
                saved = db.create_prescription(
                    viewer, patient.patient_id, exercises,
                    reps_min=int(reps_min), reps_max=int(reps_max), sets=int(sets),
                    morning=morning, evening=evening, course_start=course_start, course_end=course_end,
                    break_start=break_start if with_break else None, break_end=break_end if with_break else None,
                    surgery_date=surgery if after_surgery else None, instructions=instructions,
                )
            except ValueError as e:
                st.error(f"The prescription was not saved: {e}")
            else:
                st.success(
                    f"Prescription saved: {len(saved.exercises)} exercise(s), {saved.course_start} to {saved.course_end}."
                )
    with st.expander("Import prescriptions from a CSV file"):
        st.caption(
            "Columns: patient (username), exercise, and course_start (YYYY-MM-DD); optionally reps_min, reps_max, "
            "sets, morning, evening (yes/no), course_end, break_start, break_end, surgery_date, instructions. "
            "A file with any mistake is refused whole."
        )
        upload = st.file_uploader("Prescriptions CSV", type=["csv"], key="rx_upload")
        if upload is not None and st.button("Import the prescriptions", key="rx_import"):
            try:
                made = import_prescriptions_csv(db, viewer, upload.getvalue())
            except (ImportFileError, AccessDenied) as e:
                st.error(f"Nothing was imported: {e}")
            else:
                st.success(f"Imported {len(made)} prescription(s).")


def export_tab(db: Store, viewer: Account, data: ReportData) -> None:
    p = data.patient
    stem = f"footcoach_{p.username}_{data.start}_{data.end}"
    st.caption(f"Exports for {p.display_name}, {data.start} to {data.end}. {DISCLAIMER}")
    c1, c2, c3, c4 = st.columns(4)
    c1.download_button("Repetitions CSV", reps_csv_from_data(data), f"{stem}_repetitions.csv", "text/csv",
                       key="dl_reps")
    c2.download_button("Sessions CSV", sessions_csv_from_data(data), f"{stem}_sessions.csv", "text/csv",
                       key="dl_sessions")
    c3.download_button("FHIR R4 JSON", bundle_json_from_data(data), f"{stem}_fhir.json", "application/fhir+json",
                       key="dl_fhir")
    pdf_key = ("pdf", p.patient_id, data.start, data.end)
    if st.session_state.get("th_pdf_key") != pdf_key:
        if c4.button("Prepare the PDF report", key="pdf_make"):
            with st.spinner("Drawing the report…"):
                st.session_state["th_pdf"] = pdf_from_data(data)
                st.session_state["th_pdf_key"] = pdf_key
            st.rerun()
    else:
        c4.download_button("PDF report", st.session_state["th_pdf"], f"{stem}.pdf", "application/pdf", key="dl_pdf")
    with st.expander("Import a repetitions CSV (a FootCoach export) into this patient's log"):
        upload = st.file_uploader("Repetitions CSV", type=["csv"], key="reps_upload")
        if upload is not None and st.button("Import the repetitions", key="reps_import"):
            try:
                result = import_reps_csv(db, viewer, p.patient_id, upload.getvalue())
            except (ImportFileError, AccessDenied) as e:
                st.error(f"Nothing was imported: {e}")
            else:
                st.success(
                    f"Imported {result.sessions} session(s), {result.sets} set(s), {result.repetitions} repetition(s); "
                    f"{result.skipped_sessions} session(s) were already in the log."
                )


def patient_view(db: Store, viewer: Account, patient: Account, start: dt.date, end: dt.date, tz: dt.tzinfo) -> None:
    data = load_report_data(db, viewer, patient.patient_id, start, end, tz=tz)
    st.header(patient.display_name + (" (child)" if patient.is_child else ""))
    tabs = st.tabs(["Sessions", "Repetitions", "Range of motion", "Pain", "Notes", "Prescription", "Export"])
    with tabs[0]:
        overview_tab(data)
    with tabs[1]:
        reps_tab(data)
    with tabs[2]:
        rom_tab(data)
    with tabs[3]:
        pain_tab(data)
    with tabs[4]:
        notes_tab(db, viewer, patient, tz)
    with tabs[5]:
        prescription_tab(db, viewer, patient, data.today)
    with tabs[6]:
        export_tab(db, viewer, data)


# --- the page -------------------------------------------------------------------------


def period_picker(today: dt.date) -> tuple:
    st.sidebar.markdown("**Period**")
    picked = st.sidebar.date_input(
        "From and to", value=(today - dt.timedelta(days=DEFAULT_DAYS - 1), today), key="th_period",
    )
    if isinstance(picked, (tuple, list)) and len(picked) == 2:
        return picked[0], picked[1]
    if isinstance(picked, (tuple, list)) and len(picked) == 1:
        return picked[0], picked[0]
    return picked, picked


def render() -> None:
    try:
        st.set_page_config(page_title="FootCoach: therapist", page_icon="🦶", layout="wide")
    except st.errors.StreamlitAPIException:
        pass  # the app set it already
    st.title("Therapist")
    st.caption(
        "Exercise logs of your patients, as counted by FootCoach. They record exercise; they are not a "
        "diagnosis and do not assess the feet."
    )
    try:
        db = store()
        viewer = signed_in(db)
        if viewer is None:
            return
        if not viewer.is_therapist:
            st.error(
                "This page is for physiotherapists. You are signed in as a patient: your own sessions are on the "
                "exercise page."
            )
            return
        tz = local_tz()
        today = dt.datetime.now(tz).date()
        if st.session_state.get(SIGNED_IN_HERE):
            st.sidebar.markdown(f"Signed in as **{viewer.display_name}**")
            if st.sidebar.button("Sign out", key="th_sign_out"):
                st.session_state.pop(ACCOUNT_KEY, None)
                st.session_state.pop(SIGNED_IN_HERE, None)
                st.rerun()
        start, end = period_picker(today)
        patients = patient_table(db, viewer, start, end, tz)
        add_patient_form(db, viewer)
        if not patients:
            return
        labels = {p.patient_id: f"{p.display_name} ({p.username})" for p in patients}
        chosen = st.selectbox("Patient", options=list(labels), format_func=labels.get, key="th_patient")
        patient = next(p for p in patients if p.patient_id == chosen)
        patient_view(db, viewer, patient, start, end, tz)
    except _Stop:
        return
    except AccessDenied as e:
        st.error(f"Not allowed: {e}")
    except (OperationalError, SQLAlchemyError) as e:
        _db_problem(e)
