"""FootCoach in the browser. For now: the exercise catalogue.

The live guided session arrives with the app issue; this page is a thin layer
over the exercise catalogue and imports nothing heavy.
"""
from __future__ import annotations

import streamlit as st

from exercises import all_exercises

st.set_page_config(page_title="FootCoach", page_icon="🦶", layout="centered")
st.title("FootCoach")
st.caption(
    "A home-exercise coach for bunions (hallux valgus). It counts your exercises; "
    "it does not diagnose anything. Ask your doctor or physiotherapist about pain or changes in your feet."
)

kids = st.toggle("Children's names", value=False)
for spec in all_exercises().values():
    title = spec.kids_name if kids else spec.name
    with st.expander(f"{title}  ·  {spec.reps_min} to {spec.reps_max} times, morning and evening"):
        st.markdown("**How to do it**")
        for step in spec.instructions:
            st.markdown(f"- {step}")
        st.markdown(f"**Where to put the camera**: {spec.camera}")
