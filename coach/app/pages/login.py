"""Sign in (patients and therapists), and a first-run form that creates demo accounts."""
import streamlit as st

from coach.app.common import DISCLAIMER, demo_accounts, get_store

st.title("FootCoach")
st.caption(DISCLAIMER)
store = get_store()
with st.form("login"):
    username = st.text_input("Username")
    password = st.text_input("Password", type="password")
    if st.form_submit_button("Sign in", type="primary"):
        acc = store.authenticate(username, password)
        if acc is None:
            st.error("That username and password do not match an account.")
        else:
            st.session_state["account"] = acc
            st.rerun()

with st.expander("First time here? Create demo accounts"):
    st.write("Creates a demo therapist, an adult patient and a child patient with a plan of every exercise, "
             "morning and evening. Use them to try the app.")
    if st.button("Create demo accounts"):
        try:
            made = demo_accounts(store)
        except Exception as e:
            st.error(f"The demo accounts could not be created: {e}")
        else:
            st.success("Ready. Sign in with one of these:")
            st.table([{"username": u, "password": p} for u, p in made.items()])
