"""FootCoach in the browser: sign in, then Today, Kids, History, Therapist and Settings.

Started by ``scripts/start.sh`` (``streamlit run coach/app/main.py``). The pages
are thin: the regimen, the session state machine and the gestures live in
``coach/engine``; the camera callback in ``coach/live.py``.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

st.set_page_config(page_title="FootCoach", page_icon="🦶", layout="centered")

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"


def _therapist_page() -> st.Page:
    real = PAGES / "therapist.py"
    if real.is_file():
        return st.Page(str(real), title="Therapist", icon="🩺", url_path="therapist")
    return st.Page(str(HERE / "therapist_missing.py"), title="Therapist", icon="🩺", url_path="therapist")


account = st.session_state.get("account")
if account is None:
    nav = st.navigation([st.Page(str(PAGES / "login.py"), title="Sign in", icon="🔑", url_path="login")])
else:
    pages = [
        st.Page(str(PAGES / "today.py"), title="Today", icon="🦶", url_path="today", default=True),
        st.Page(str(PAGES / "kids.py"), title="Kids", icon="🐻", url_path="kids"),
        st.Page(str(PAGES / "history.py"), title="History", icon="📅", url_path="history"),
        _therapist_page(),
        st.Page(str(PAGES / "settings.py"), title="Settings", icon="⚙️", url_path="settings"),
    ]
    nav = st.navigation(pages)
    with st.sidebar:
        st.caption(f"Signed in as **{account.display_name}** ({account.role})")
        if st.button("Sign out"):
            for key in list(st.session_state.keys()):
                del st.session_state[key]
            st.rerun()
nav.run()
