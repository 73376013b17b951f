"""The physiotherapist's page: patients with adherence, charts, notes, prescriptions, exports."""
from coach.app.therapist_view import render

render()
