"""Settings: voice, children's names, password, demo accounts; therapists add patients."""
import datetime as dt

import streamlit as st

from coach.app.common import demo_accounts, get_store, require_account
from exercises import all_exercises

st.title("Settings")
acc = require_account()
store = get_store()

st.subheader("Coaching")
st.session_state["muted"] = st.toggle("Mute the spoken cues", value=st.session_state.get("muted", False))
st.caption("When not muted, the coach counts aloud, praises and corrects you through the browser's voice.")

st.subheader("Account")
st.write(f"**{acc.display_name}** · {acc.username} · {acc.role}" + (" · child" if acc.is_child else ""))
with st.form("password"):
    old = st.text_input("Current password", type="password")
    new = st.text_input("New password (8 characters or more)", type="password")
    if st.form_submit_button("Change password"):
        try:
            store.set_password(acc, old, new)
            st.success("Password changed.")
        except Exception as e:
            st.error(str(e))

if acc.role == "therapist":
    st.subheader("Add a patient")
    with st.form("new_patient"):
        username = st.text_input("Username")
        name = st.text_input("Name")
        password = st.text_input("Password", type="password")
        child = st.checkbox("Child")
        exercises = st.multiselect("Exercises", sorted(all_exercises()), default=sorted(all_exercises()))
        surgery = st.date_input("Surgery date (if any)", value=None)
        sets = st.number_input("Sets per exercise", 1, 5, 1)
        if st.form_submit_button("Create patient and plan"):
            try:
                p = store.create_patient(username, password, acc.id, name or None, is_child=child)
                start = dt.date.today()
                if surgery:
                    start = max(start, surgery + dt.timedelta(days=14))
                store.create_prescription(acc, p.patient_id, exercises, sets=int(sets), surgery_date=surgery or None,
                                          course_start=start)
                st.success(f"Patient {p.username} created with a plan starting {start}.")
            except Exception as e:
                st.error(str(e))

st.subheader("Demo accounts")
if st.button("Create demo accounts"):
    try:
        made = demo_accounts(store)
        st.table([{"username": u, "password": p} for u, p in made.items()])
    except Exception as e:
        st.error(str(e))
