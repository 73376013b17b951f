"""FHIR R4 (4.0.1) export: one Bundle of type ``collection`` per patient and period.

The Bundle holds:

- the ``Patient`` (FootCoach's patient number as an identifier, the display name);
- one ``CarePlan`` per prescription whose course overlaps the period: one
  activity per exercise, twice a day (or once) within the course dates;
- one activity ``Observation`` per set: the exercise as code, the set's
  start and end as ``effectivePeriod``, the repetitions as ``valueQuantity``,
  with components for full-range repetitions, the target, the mean and
  largest range of motion and the session's slot;
- two pain ``Observation``s per session (before and after, 0 to 10).

Entries are linked by ``urn:uuid`` full URLs derived from the record ids, so
exporting the same period twice gives the same identifiers. Plain JSON is
built here; the tests check it against a FHIR R4 model library.
"""
from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any, Dict, List, Optional

from coach.reports.data import DISCLAIMER, ReportData, exercise_name, load_report_data, range_unit
from coach.store import Prescription, SessionRecord, SetRecord, Store, Viewer

FHIR_VERSION = "4.0.1"
EXERCISE_SYSTEM = "urn:footcoach:exercise"
PATIENT_SYSTEM = "urn:footcoach:patient"
ACCOUNT_SYSTEM = "urn:footcoach:account"
UCUM = "http://unitsofmeasure.org"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
LOINC = "http://loinc.org"
PAIN_CODE = {
    "system": LOINC,
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}
_NS = uuid.UUID("6f2b7d0e-4c1a-5b8e-9d3f-0a1b2c3d4e5f")
UCUM_UNITS = {"degrees": "deg", "degree": "deg", "deg": "deg"}


def _uuid(kind: str, *key: object) -> str:
    return str(uuid.uuid5(_NS, "/".join([kind, *map(str, key)])))


def _url(u: str) -> str:
    return f"urn:uuid:{u}"


def _dt(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def _reps(value: int) -> Dict[str, Any]:
    return {"value": value, "unit": "repetitions", "system": UCUM, "code": "{repetitions}"}


def _quantity(value: float, unit: str) -> Dict[str, Any]:
    q: Dict[str, Any] = {"value": round(float(value), 4)}
    if unit:
        q["unit"] = unit
    code = UCUM_UNITS.get(unit)
    if code:
        q.update(system=UCUM, code=code)
    return q


def _exercise_code(exercise_id: str, text: Optional[str] = None) -> Dict[str, Any]:
    name = exercise_name(exercise_id)
    return {
        "coding": [{"system": EXERCISE_SYSTEM, "code": exercise_id, "display": name}],
        "text": text or name,
    }


def _patient(data: ReportData, full_url: str) -> Dict[str, Any]:
    p = data.patient
    return {
        "resourceType": "Patient",
        "id": full_url.rsplit(":", 1)[1],
        "identifier": [{"system": PATIENT_SYSTEM, "value": str(p.patient_id)}],
        "active": True,
        "name": [{"text": p.display_name}],
    }


def _care_plan(data: ReportData, pr: Prescription, patient_ref: Dict[str, Any], uid: str) -> Dict[str, Any]:
    status = "completed" if pr.course_end < data.today else "active"
    activity_status = (
        "completed" if pr.course_end < data.today else "scheduled" if pr.course_start > data.today else "in-progress"
    )
    when = [{"morning": "MORN", "evening": "EVE"}[s] for s in pr.slots]
    slots = " and ".join(pr.slots)
    description = f"Home exercise for hallux valgus, {slots}, from {pr.course_start} to {pr.course_end}."
    if pr.break_start is not None:
        description += f" Then a break from {pr.break_start} to {pr.break_end or pr.break_start}."
    if pr.surgery_date is not None:
        description += f" Surgery on {pr.surgery_date}; no exercise in the two weeks after it."
    activities = []
    for item in pr.exercises:
        sets = f", {item.sets} sets" if item.sets > 1 else ""
        activities.append({
            "detail": {
                "code": _exercise_code(item.exercise_id),
                "status": activity_status,
                "description": f"{item.reps_min} to {item.reps_max} repetitions{sets}, {slots}",
                "scheduledTiming": {
                    "repeat": {
                        "boundsPeriod": {"start": pr.course_start.isoformat(), "end": pr.course_end.isoformat()},
                        "frequency": len(when),
                        "period": 1,
                        "periodUnit": "d",
                        "when": when,
                    }
                },
                "quantity": _reps(item.reps_max),
            }
        })
    plan: Dict[str, Any] = {
        "resourceType": "CarePlan",
        "id": uid,
        "identifier": [{"system": "urn:footcoach:prescription", "value": str(pr.id)}],
        "status": status,
        "intent": "plan",
        "title": "Foot and toe exercises",
        "description": description,
        "subject": patient_ref,
        "period": {"start": pr.course_start.isoformat(), "end": pr.course_end.isoformat()},
        "created": _dt(pr.created_at),
        "author": {"identifier": {"system": ACCOUNT_SYSTEM, "value": str(pr.therapist_id)}},
        "activity": activities,
    }
    if pr.instructions:
        plan["note"] = [{"text": pr.instructions}]
    return plan


def _set_observation(
    data: ReportData,
    session: SessionRecord,
    st: SetRecord,
    patient_ref: Dict[str, Any],
    plan_ref: Optional[Dict[str, Any]],
    uid: str,
) -> Dict[str, Any]:
    reps = data.reps_of(st.id)
    name = exercise_name(st.exercise_id)
    end = st.ended_at or (max(r.created_at for r in reps) if reps else None)
    period = {"start": _dt(st.started_at)}
    if end is not None:
        period["end"] = _dt(max(end, st.started_at))
    components: List[Dict[str, Any]] = [
        {"code": {"text": "repetitions reaching the full range"}, "valueQuantity": _reps(st.full_reps)},
        {"code": {"text": "target repetitions"}, "valueQuantity": _reps(st.target_reps)},
        {"code": {"text": "session"}, "valueString": session.slot},
    ]
    if reps:
        unit = range_unit(st.exercise_id)
        ranges = [r.range for r in reps]
        components += [
            {"code": {"text": "mean range of motion"}, "valueQuantity": _quantity(sum(ranges) / len(ranges), unit)},
            {"code": {"text": "largest range of motion"}, "valueQuantity": _quantity(max(ranges), unit)},
        ]
    obs: Dict[str, Any] = {
        "resourceType": "Observation",
        "id": uid,
        "identifier": [{"system": "urn:footcoach:set", "value": str(st.id)}],
        "status": "final" if st.ended_at is not None else "preliminary",
        "category": [{"coding": [{"system": OBS_CATEGORY, "code": "activity", "display": "Activity"}]}],
        "code": _exercise_code(st.exercise_id, f"{name}: repetitions in one set"),
        "subject": patient_ref,
        "effectivePeriod": period,
        "issued": _dt(data.generated_at),
        "valueQuantity": _reps(st.reps),
        "component": components,
    }
    if plan_ref is not None:
        obs["basedOn"] = [plan_ref]
    return obs


def _pain_observation(
    data: ReportData, session: SessionRecord, when: str, value: int, patient_ref: Dict[str, Any], uid: str
) -> Dict[str, Any]:
    moment = session.started_at if when == "before" else (session.ended_at or session.started_at)
    return {
        "resourceType": "Observation",
        "id": uid,
        "status": "final",
        "category": [{"coding": [{"system": OBS_CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": {"coding": [dict(PAIN_CODE)], "text": f"Pain {when} the {session.slot} exercise session (0 to 10)"},
        "subject": patient_ref,
        "effectiveDateTime": _dt(moment),
        "issued": _dt(data.generated_at),
        "valueInteger": value,
    }


def bundle_from_data(data: ReportData) -> Dict[str, Any]:
    """The FHIR R4 Bundle as a JSON-ready dict."""
    pid = data.patient.patient_id
    patient_uid = _uuid("patient", pid)
    patient_ref = {"reference": _url(patient_uid), "display": data.patient.display_name}
    entries: List[Dict[str, Any]] = [{"fullUrl": _url(patient_uid), "resource": _patient(data, _url(patient_uid))}]
    plan_refs: Dict[int, Dict[str, Any]] = {}
    for pr in data.prescriptions_in_period():
        uid = _uuid("careplan", pr.id)
        plan_refs[pr.id] = {"reference": _url(uid)}
        entries.append({"fullUrl": _url(uid), "resource": _care_plan(data, pr, patient_ref, uid)})
    for session in data.sessions:
        pr = data.prescription(session.prescription_id) or data.prescription_on(data.session_day(session))
        plan_ref = plan_refs.get(pr.id) if pr is not None else None
        for st in data.sets_of(session.id):
            uid = _uuid("set", st.id)
            entries.append({"fullUrl": _url(uid), "resource": _set_observation(data, session, st, patient_ref, plan_ref, uid)})
        pains = [("before", session.pain_before), ("after", session.pain_after)]
        for when, value in pains:
            if value is None:
                continue
            uid = _uuid("pain", session.id, when)
            entries.append({"fullUrl": _url(uid), "resource": _pain_observation(data, session, when, value, patient_ref, uid)})
    return {
        "resourceType": "Bundle",
        "id": _uuid("bundle", pid, data.start, data.end, data.generated_at.isoformat()),
        "meta": {"tag": [{"system": "urn:footcoach:notice", "code": "not-a-diagnosis", "display": DISCLAIMER}]},
        "identifier": {"system": "urn:footcoach:export", "value": f"patient-{pid}-{data.start}-{data.end}"},
        "type": "collection",
        "timestamp": _dt(data.generated_at),
        "entry": entries,
    }


def bundle_json_from_data(data: ReportData, indent: Optional[int] = 2) -> str:
    return json.dumps(bundle_from_data(data), indent=indent, ensure_ascii=False)


def export_fhir(
    store: Store, viewer: Viewer, patient_id: int, start: dt.date, end: dt.date, *, tz: Optional[dt.tzinfo] = None,
    today: Optional[dt.date] = None,
) -> Dict[str, Any]:
    """The Bundle for one patient and period (``AccessDenied`` as for every read)."""
    return bundle_from_data(load_report_data(store, viewer, patient_id, start, end, tz=tz, today=today))


def export_fhir_json(
    store: Store, viewer: Viewer, patient_id: int, start: dt.date, end: dt.date, *, tz: Optional[dt.tzinfo] = None,
    today: Optional[dt.date] = None,
) -> str:
    return bundle_json_from_data(load_report_data(store, viewer, patient_id, start, end, tz=tz, today=today))
