"""Kids: the same session with friendly names, stars, streaks and a celebration, plus the toe-drawing game."""
import streamlit as st

from coach.app.guided import guided_page
from coach.app.toedraw import toe_drawing_game

st.title("Kids' foot games 🐻")
st.caption("Barefoot or thin cotton socks. Play, don't drill — and a grown-up can help at first.")
session_tab, game_tab = st.tabs(["Exercises", "Toe drawing game"])
with session_tab:
    guided_page(kids=True)
with game_tab:
    toe_drawing_game()
