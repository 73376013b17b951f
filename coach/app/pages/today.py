"""Today: the guided session of the regimen, live from the camera or from a video."""
import streamlit as st

from coach.app.common import DISCLAIMER
from coach.app.guided import guided_page

st.title("Today")
st.caption(DISCLAIMER)
guided_page(kids=False)
