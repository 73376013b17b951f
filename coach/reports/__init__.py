"""Reports on the exercise logs: adherence, chart series, charts, exports and imports.

Pure of Streamlit. Every entry point that takes ``(store, viewer, patient_id, ...)``
reads through the store's access rules: a patient sees only their own log, a
therapist only their own patients'; ``AccessDenied`` otherwise.

    data = load_report_data(store, viewer, patient_id, date(2026, 3, 1), date(2026, 3, 31))
    compute_adherence(data).percent
    export_reps_csv(store, viewer, patient_id, start, end)     # str
    export_pdf(store, viewer, patient_id, start, end)          # bytes
    export_fhir(store, viewer, patient_id, start, end)         # dict, FHIR R4 Bundle

These logs are exercise records, not a diagnosis.
"""
from coach.reports.adherence import DUE, SLOTS, STATUSES, Adherence, ExerciseTally, SlotStatus, compute_adherence
from coach.reports.data import (
    DISCLAIMER,
    ROM_UNITS,
    ReportData,
    exercise_name,
    load_report_data,
    patient_account,
    range_unit,
)
from coach.reports.exports import (
    REPS_CSV_COLUMNS,
    SESSIONS_CSV_COLUMNS,
    export_pdf,
    export_reps_csv,
    export_sessions_csv,
    pdf_from_data,
    reps_csv_from_data,
    sessions_csv_from_data,
)
from coach.reports.fhir import bundle_from_data, bundle_json_from_data, export_fhir, export_fhir_json
from coach.reports.importer import (
    ImportFileError,
    RepsImportResult,
    import_prescriptions_csv,
    import_reps_csv,
    parse_reps_csv,
)
from coach.reports.overview import PatientSummary, patient_overview
from coach.reports.series import calendar_frame, notes_frame, pain_frame, reps_frame, rom_frame

__all__ = [
    "Adherence", "DISCLAIMER", "DUE", "ExerciseTally", "ImportFileError", "PatientSummary", "REPS_CSV_COLUMNS",
    "ROM_UNITS", "ReportData", "RepsImportResult", "SESSIONS_CSV_COLUMNS", "SLOTS", "STATUSES", "SlotStatus",
    "bundle_from_data", "bundle_json_from_data", "calendar_frame", "compute_adherence", "exercise_name",
    "export_fhir", "export_fhir_json", "export_pdf", "export_reps_csv", "export_sessions_csv",
    "import_prescriptions_csv", "import_reps_csv", "load_report_data", "notes_frame", "pain_frame",
    "parse_reps_csv", "patient_account", "patient_overview", "pdf_from_data", "range_unit", "reps_csv_from_data",
    "reps_frame", "rom_frame", "sessions_csv_from_data",
]
