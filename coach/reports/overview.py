"""The therapist's patient list: adherence at a glance."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import List, Optional

from coach.reports.adherence import Adherence, compute_adherence
from coach.reports.data import load_report_data
from coach.store import Account, Store, Viewer


@dataclass(frozen=True)
class PatientSummary:
    patient: Account
    adherence: Adherence
    last_session: Optional[dt.datetime]
    last_pain_before: Optional[int]
    last_pain_after: Optional[int]
    has_current_prescription: bool

    @property
    def percent(self) -> Optional[float]:
        return self.adherence.percent


def patient_overview(
    store: Store,
    viewer: Viewer,
    start: dt.date,
    end: dt.date,
    *,
    tz: Optional[dt.tzinfo] = None,
    today: Optional[dt.date] = None,
) -> List[PatientSummary]:
    """One line per patient the viewer may see (a therapist's patients; a patient, themselves)."""
    rows = []
    for patient in store.list_patients(viewer):
        assert patient.patient_id is not None
        data = load_report_data(store, viewer, patient.patient_id, start, end, tz=tz, today=today)
        last = data.sessions[-1] if data.sessions else None
        rows.append(
            PatientSummary(
                patient=patient,
                adherence=compute_adherence(data),
                last_session=last.started_at if last else None,
                last_pain_before=last.pain_before if last else None,
                last_pain_after=last.pain_after if last else None,
                has_current_prescription=data.prescription_on(data.today) is not None,
            )
        )
    return rows
