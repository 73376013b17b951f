"""Shown in place of the Therapist page while that page is not part of this build."""
import streamlit as st

st.title("Therapist")
st.info("The therapist dashboard is not available in this version of FootCoach yet. "
        "Patients' sessions can be seen on the History page.")
