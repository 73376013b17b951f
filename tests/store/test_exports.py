"""CSV, PDF and FHIR R4 exports, and who may take them, on every backend."""
from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import json
import os

import pytest

from coach.reports import (
    DISCLAIMER,
    REPS_CSV_COLUMNS,
    SESSIONS_CSV_COLUMNS,
    export_fhir,
    export_fhir_json,
    export_pdf,
    export_reps_csv,
    export_sessions_csv,
)
from coach.store import AccessDenied, Store
from test_reports_seed import END, START, TODAY, rom_catalogue, seeded  # noqa: F401  (fixtures)

EXPORTS = [export_reps_csv, export_sessions_csv, export_pdf, export_fhir, export_fhir_json]


def _need(module: str):
    """The module; skipped when absent, except under CI, where the checks are required."""
    if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
        return importlib.import_module(module)
    return pytest.importorskip(module)


def _rows(text: str):
    return list(csv.DictReader(io.StringIO(text)))


def test_reps_csv_has_one_row_per_repetition(store: Store, seeded) -> None:
    p = seeded.people
    text = export_reps_csv(store, p.doc, p.ann.patient_id, START, END)
    assert text.splitlines()[0].split(",") == REPS_CSV_COLUMNS
    rows = _rows(text)
    assert len(rows) == 4 * 6 + 6 + 3 == len(store.list_repetitions(p.doc, p.ann.patient_id))
    first = rows[0]
    assert (first["session_date"], first["slot"], first["exercise_id"], first["index"]) == (
        "2026-03-02", "morning", "heel_raise", "1")
    assert float(first["start"]) == 2.0 and float(first["peak"]) == 2.6 and float(first["end"]) == 3.2
    assert float(first["range"]) == pytest.approx(1.05) and first["quality"] == "full"
    assert first["session_started_at"] == "2026-03-02T07:30:00+00:00"
    last = rows[-1]
    assert (last["session_status"], last["pain_after"], last["quality"]) == ("abandoned", "", "partial")
    assert {r["exercise_id"] for r in rows} == {"heel_raise", "ankle_flex", "big_toe_flex", "toe_spread"}


def test_sessions_csv(store: Store, seeded) -> None:
    p = seeded.people
    text = export_sessions_csv(store, p.ann, p.ann.patient_id, START, END)  # the patient's own export
    assert text.splitlines()[0].split(",") == SESSIONS_CSV_COLUMNS
    rows = _rows(text)
    assert [(r["session_date"], r["slot"], r["reps"], r["pain_before"], r["pain_after"]) for r in rows] == [
        ("2026-03-02", "morning", "24", "3", "2"),
        ("2026-03-02", "evening", "6", "4", "3"),
        ("2026-03-03", "evening", "3", "2", ""),
    ]
    assert rows[0]["exercises"] == "heel_raise ankle_flex big_toe_flex toe_spread"
    assert rows[0]["prescription_id"] == str(seeded.prescription.id)


def test_period_bounds_are_whole_days(store: Store, seeded) -> None:
    p = seeded.people
    rows = _rows(export_sessions_csv(store, p.doc, p.ann.patient_id, dt.date(2026, 3, 3), dt.date(2026, 3, 3)))
    assert [r["session_date"] for r in rows] == ["2026-03-03"]
    assert len(_rows(export_reps_csv(store, p.doc, p.ann.patient_id, dt.date(2026, 3, 2), dt.date(2026, 3, 2)))) == 30


def test_pdf_report_text_and_charts(store: Store, seeded) -> None:
    pypdf = _need("pypdf")
    p = seeded.people
    pdf = export_pdf(store, p.doc, p.ann.patient_id, START, END, today=TODAY)
    assert pdf.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 6  # summary, calendar, repetitions, range of motion, pain, notes
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "FootCoach exercise report" in flat
    assert "Patient: Ann (username ann" in flat
    assert "Period: 2026-03-01 to 2026-03-20" in flat
    assert "Adherence: 25% (1 of 4 prescribed sessions done, 2 partial, 1 missed)" in flat
    assert "not a diagnosis" in flat
    assert "Heel raise: 5 to 7 repetitions" in flat
    assert "Good start; keep the heel raises slow." in flat
    assert "Range of motion" in flat and "Pain before and after" in flat
    # The chart pages carry drawings (images or paths), not just text.
    for page in reader.pages[1:5]:
        content = page.get_contents().get_data()
        assert len(content) > 2000


# Codes of the required R4 value sets the export uses (the model library checks
# structure, types and cardinality, not value sets).
R4_CODES = {
    "Bundle.type": {"document", "message", "transaction", "transaction-response", "batch", "batch-response",
                    "history", "searchset", "collection"},
    "Observation.status": {"registered", "preliminary", "final", "amended", "corrected", "cancelled",
                           "entered-in-error", "unknown"},
    "CarePlan.status": {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"},
    "CarePlan.intent": {"proposal", "plan", "order", "option"},
    "CarePlan.activity.detail.status": {"not-started", "scheduled", "in-progress", "on-hold", "completed",
                                        "cancelled", "stopped", "unknown", "entered-in-error"},
    "Timing.repeat.when": {"MORN", "MORN.early", "MORN.late", "NOON", "AFT", "AFT.early", "AFT.late", "EVE",
                           "EVE.early", "EVE.late", "NIGHT", "PHS"},
}


def _validate_r4(bundle: dict):
    fhir = _need("fhir.resources")
    assert fhir.__fhir_version__ == "4.0.1"  # the R4 models
    from fhir.resources import construct_fhir_element
    from fhir.resources.bundle import Bundle

    parsed = Bundle.parse_obj(bundle)
    assert bundle["type"] in R4_CODES["Bundle.type"]
    for entry in bundle["entry"]:
        resource = entry["resource"]
        construct_fhir_element(resource["resourceType"], resource)
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
        if resource["resourceType"] == "Observation":
            assert resource["status"] in R4_CODES["Observation.status"]
        if resource["resourceType"] == "CarePlan":
            assert resource["status"] in R4_CODES["CarePlan.status"]
            assert resource["intent"] in R4_CODES["CarePlan.intent"]
            for activity in resource["activity"]:
                assert activity["detail"]["status"] in R4_CODES["CarePlan.activity.detail.status"]
                assert set(activity["detail"]["scheduledTiming"]["repeat"]["when"]) <= R4_CODES["Timing.repeat.when"]
    return parsed


def test_fhir_bundle_validates_as_r4(store: Store, seeded) -> None:
    p = seeded.people
    bundle = export_fhir(store, p.doc, p.ann.patient_id, START, END)
    parsed = _validate_r4(bundle)
    assert parsed.type == "collection"
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("Patient") == 1 and kinds.count("CarePlan") == 1
    observations = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"]
    activity = [o for o in observations if o["category"][0]["coding"][0]["code"] == "activity"]
    pain = [o for o in observations if o["category"][0]["coding"][0]["code"] == "survey"]
    assert len(activity) == 6 and len(pain) == 3 + 2  # pain after is missing for the abandoned session
    patient_url = bundle["entry"][0]["fullUrl"]
    assert all(o["subject"]["reference"] == patient_url for o in observations)
    first = activity[0]
    assert first["code"]["coding"][0]["code"] == "heel_raise" and first["valueQuantity"]["value"] == 6
    assert first["effectivePeriod"]["start"] == "2026-03-02T07:31:00+00:00"
    ankle = next(o for o in activity if o["code"]["coding"][0]["code"] == "ankle_flex")
    rom = {c["code"]["text"]: c.get("valueQuantity") for c in ankle["component"]}
    assert rom["largest range of motion"] == {"value": 26.0, "unit": "degrees", "system": "http://unitsofmeasure.org", "code": "deg"}
    plan = next(e for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan")
    assert all(o["basedOn"][0]["reference"] == plan["fullUrl"] for o in activity)
    plan = plan["resource"]
    assert plan["period"] == {"start": "2026-03-02", "end": "2026-03-15"}
    timing = plan["activity"][0]["detail"]["scheduledTiming"]["repeat"]
    assert (timing["frequency"], timing["period"], timing["periodUnit"], timing["when"]) == (2, 1, "d", ["MORN", "EVE"])
    assert len(plan["activity"]) == 4
    assert {o["code"]["coding"][0]["code"] for o in pain} == {"72514-3"}
    assert sorted(o["valueInteger"] for o in pain) == [2, 2, 3, 3, 4]
    # Entries are unique and the JSON form is the same bundle.
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(set(urls)) == len(urls)
    again = json.loads(export_fhir_json(store, p.ann, p.ann.patient_id, START, END))
    assert [e["fullUrl"] for e in again["entry"]] == urls
    _validate_r4(again)


def test_fhir_bundle_of_an_empty_period_is_valid(store: Store, seeded) -> None:
    p = seeded.people
    bundle = export_fhir(store, p.doc, p.bob.patient_id, START, END)
    _validate_r4(bundle)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Patient"]


def test_a_broken_bundle_is_caught_by_the_validator(store: Store, seeded) -> None:
    """The validation is real: a missing code, a wrong type or an R5-only element is refused."""
    p = seeded.people
    fresh = lambda: export_fhir(store, p.doc, p.ann.patient_id, START, END)  # noqa: E731

    def first_observation(bundle):
        return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation")

    bundle = fresh()
    del first_observation(bundle)["code"]
    with pytest.raises(Exception, match="code"):
        _validate_r4(bundle)
    bundle = fresh()
    first_observation(bundle)["valueQuantity"]["value"] = "six"
    with pytest.raises(Exception, match="decimal"):
        _validate_r4(bundle)
    bundle = fresh()
    first_observation(bundle)["triggeredBy"] = [{"type": "reflex"}]  # added in R5, unknown to R4
    with pytest.raises(Exception, match="extra fields"):
        _validate_r4(bundle)
    bundle = fresh()
    first_observation(bundle)["status"] = "done"
    with pytest.raises(AssertionError):
        _validate_r4(bundle)


@pytest.mark.parametrize("export", EXPORTS, ids=lambda f: f.__name__)
def test_patient_cannot_export_another_patient(store: Store, seeded, export) -> None:
    p = seeded.people
    with pytest.raises(AccessDenied, match="'bob' may only see their own records"):
        export(store, p.bob, p.ann.patient_id, START, END)


@pytest.mark.parametrize("export", EXPORTS, ids=lambda f: f.__name__)
def test_therapist_cannot_export_another_therapists_patient(store: Store, seeded, export) -> None:
    p = seeded.people
    with pytest.raises(AccessDenied, match="is not a patient of therapist 'other'"):
        export(store, p.other_doc, p.ann.patient_id, START, END)
    with pytest.raises(AccessDenied, match="is not a patient of therapist 'doc'"):
        export(store, p.doc, p.cat.patient_id, START, END)


def test_no_video_or_image_in_any_export(store: Store, seeded) -> None:
    p = seeded.people
    text = export_reps_csv(store, p.doc, p.ann.patient_id, START, END) + export_fhir_json(
        store, p.doc, p.ann.patient_id, START, END)
    for marker in ("frame", "video", "image", "base64", "jpeg", "png"):
        assert marker not in text.lower()
    assert DISCLAIMER in export_fhir_json(store, p.doc, p.ann.patient_id, START, END)
