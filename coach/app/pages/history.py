"""History: past sessions with their sets and repetitions."""
import datetime as dt

import streamlit as st

from coach.app.common import exercise_title, get_store, require_account, spec_or_none

st.title("History")
acc = require_account()
store = get_store()
if acc.role == "therapist":
    patients = store.list_patients(acc)
    if not patients:
        st.info("You have no patients yet.")
        st.stop()
    chosen = st.selectbox("Patient", patients, format_func=lambda p: f"{p.display_name} ({p.username})")
    patient_id = chosen.patient_id
else:
    patient_id = acc.patient_id

days = st.slider("Days to show", 1, 90, 14)
since = dt.date.today() - dt.timedelta(days=days)
sessions = store.list_sessions(acc, patient_id, since=since)
if not sessions:
    st.info("No sessions in this period yet.")
    st.stop()
sets = store.list_sets(acc, patient_id, since=since)
by_session = {}
for s in sets:
    by_session.setdefault(s.session_id, []).append(s)
done_sessions = sum(1 for s in sessions if s.status == "completed")
st.metric("Completed sessions", done_sessions)
for n, sess in enumerate(reversed(sessions)):
    when = sess.started_at.astimezone().strftime("%a %d %b %H:%M")
    pain = f"pain {sess.pain_before} → {sess.pain_after if sess.pain_after is not None else '–'}"
    status = {"completed": "✓ completed", "in_progress": "in progress", "abandoned": "stopped early"}.get(sess.status, sess.status)
    with st.expander(f"{when} · {sess.slot} · {status} · {pain}", expanded=n < 3):
        rows = []
        for st_ in by_session.get(sess.id, []):
            spec = spec_or_none(st_.exercise_id)
            rows.append({
                "exercise": exercise_title(spec, False) if spec else st_.exercise_id,
                "repetitions": st_.reps,
                "full range": st_.full_reps,
                "target": st_.target_reps,
                "set done": "✓" if st_.reps >= st_.target_reps else "✗",
            })
        if rows:
            st.table(rows)
        else:
            st.caption("No sets recorded.")
