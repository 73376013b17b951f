"""CSV imports: a good file is stored, a malformed one is refused by line and writes nothing."""
from __future__ import annotations

import datetime as dt

import pytest

from coach.reports import REPS_CSV_COLUMNS, ImportFileError, export_reps_csv, import_prescriptions_csv, import_reps_csv
from coach.store import AccessDenied, Store
from store_helpers import row_counts
from test_reports_seed import END, START, rom_catalogue, seeded  # noqa: F401  (fixtures)

HEADER = "patient,exercise,reps_min,reps_max,sets,morning,evening,course_start,course_end,break_start,break_end,surgery_date,instructions\n"
GOOD = HEADER + (
    "ann,heel_raise,5,7,1,yes,yes,2026-05-04,2026-05-31,2026-06-01,2026-06-30,,Slowly\n"
    "ann,ankle_flex,6,8,2,yes,yes,2026-05-04,2026-05-31,2026-06-01,2026-06-30,,\n"
    "bob,toe_spread,,,,yes,no,2026-05-11,,,,2026-04-20,\n"
)


def test_prescriptions_import(store: Store, people, rom_catalogue) -> None:
    made = import_prescriptions_csv(store, people.doc, GOOD.encode("utf-8"))
    assert len(made) == 2
    ann = store.list_prescriptions(people.doc, people.ann.patient_id)[0]
    assert [(e.exercise_id, e.reps_min, e.reps_max, e.sets) for e in ann.exercises] == [
        ("heel_raise", 5, 7, 1), ("ankle_flex", 6, 8, 2)]
    assert (ann.course_start, ann.course_end, ann.break_end, ann.instructions) == (
        dt.date(2026, 5, 4), dt.date(2026, 5, 31), dt.date(2026, 6, 30), "Slowly")
    bob = store.list_prescriptions(people.doc, people.bob.patient_id)[0]
    assert (bob.morning, bob.evening, bob.surgery_date) == (True, False, dt.date(2026, 4, 20))
    assert bob.exercises[0].reps_min == 5 and bob.exercises[0].reps_max == 7


@pytest.mark.parametrize(
    "body, line, message",
    [
        ("", None, "the file is empty"),
        ("patient,course_start\nann,2026-05-04\n", 1, "missing column: exercise"),
        ("patient,exercise,course_start,colour\nann,heel_raise,2026-05-04,red\n", 1, "unknown column: colour"),
        (HEADER, None, "a header but no rows"),
        (GOOD + "ann,heel_raise,5,7\n", 5, "expected 13 fields, found 4"),
        (GOOD.replace("ann,ankle_flex,6,8", "ann,ankle_flex,6,eight"), 3, "reps_max must be a whole number, got 'eight'"),
        (GOOD.replace("ann,ankle_flex,6,8", "ann,ankle_flex,9,8"), 3, r"reps_min \(9\) is more than reps_max \(8\)"),
        (GOOD.replace("bob,toe_spread", "bob,moonwalk"), 4, "unknown exercise 'moonwalk'"),
        (GOOD.replace("2026-05-11", "11/05/2026"), 4, "course_start must be a date written YYYY-MM-DD"),
        (GOOD.replace("2026-05-31,2026-06-01,2026-06-30,,\n", "2026-05-30,2026-06-01,2026-06-30,,\n"), 3,
         "course_end differs from line 2"),
        (GOOD.replace("yes,no,", "yes,maybe,"), 4, "evening must be yes or no"),
        (GOOD.replace(",2026-04-20,", ",2026-05-01,"), 4, "the feet rest for two weeks"),
        (GOOD + "ann,heel_raise,5,7,1,yes,yes,2026-05-04,2026-05-31,2026-06-01,2026-06-30,,\n", 5, "listed twice"),
        (b"patient,exercise,course_start\nann,heel_raise,2026-05-04\n\xff\xfe\n", None, "not UTF-8"),
    ],
)
def test_malformed_prescription_file_writes_nothing(store: Store, people, rom_catalogue, body, line, message) -> None:
    before = row_counts(store)
    with pytest.raises(ImportFileError, match=message) as caught:
        import_prescriptions_csv(store, people.doc, body)
    assert caught.value.line == line
    if line is not None:
        assert str(caught.value).startswith(f"line {line}: ")
    assert row_counts(store) == before


def test_prescription_import_refusals(store: Store, people, rom_catalogue) -> None:
    before = row_counts(store)
    with pytest.raises(AccessDenied, match="line 2: 'cat' is not a patient of therapist 'doc'"):
        import_prescriptions_csv(store, people.doc, HEADER + GOOD.splitlines()[1].replace("ann,", "cat,", 1) + "\n")
    with pytest.raises(AccessDenied, match="only a therapist can prescribe"):
        import_prescriptions_csv(store, people.ann, GOOD)
    # A foreign patient after good rows: nothing is written either.
    with pytest.raises(AccessDenied, match="line 5"):
        import_prescriptions_csv(store, people.doc, GOOD + "cat,heel_raise,5,7,1,yes,yes,2026-05-04,,,,,\n")
    assert row_counts(store) == before


def test_reps_csv_round_trip_into_another_database(store: Store, seeded, tmp_path, rom_catalogue) -> None:
    p = seeded.people
    exported = export_reps_csv(store, p.doc, p.ann.patient_id, START, END)
    fresh = Store.open(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        doc = fresh.create_therapist("doc2", "doc2-password")
        ann = fresh.create_patient("ann2", "ann2-password", doc.id, "Ann")
        result = import_reps_csv(fresh, ann, ann.patient_id, exported)  # the patient imports their own file
        assert (result.sessions, result.sets, result.repetitions, result.skipped_sessions) == (3, 6, 33, 0)
        again = export_reps_csv(fresh, doc, ann.patient_id, START, END)
        keep = [i for i, c in enumerate(REPS_CSV_COLUMNS) if c not in ("session_id", "set_id")]
        # Same content, whatever the ids.
        assert [[r.split(",")[i] for i in keep] for r in again.splitlines()] == [
            [r.split(",")[i] for i in keep] for r in exported.splitlines()]
        # Importing the same file again stores nothing twice.
        result = import_reps_csv(fresh, doc, ann.patient_id, exported)
        assert (result.sessions, result.skipped_sessions) == (0, 3)
        assert len(fresh.list_repetitions(doc, ann.patient_id)) == 33
    finally:
        fresh.close()


def test_reimporting_into_the_same_log_skips_known_sessions(store: Store, seeded) -> None:
    p = seeded.people
    exported = export_reps_csv(store, p.doc, p.ann.patient_id, START, END)
    before = row_counts(store)
    result = import_reps_csv(store, p.doc, p.ann.patient_id, exported)
    assert (result.sessions, result.skipped_sessions) == (0, 3)
    assert row_counts(store) == before


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda rows: rows[:3] + [rows[3].replace(",full,", ",great,")] + rows[4:], "line 4: quality must be full or partial"),
        (lambda rows: rows[:5] + [rows[5].replace(",morning,", ",noon,", 1)] + rows[6:], "line 6: slot must be morning or evening"),
        (lambda rows: rows[:2] + [rows[2].replace("+00:00", "", 1)] + rows[3:], "line 3: session_started_at needs its UTC offset"),
        (lambda rows: rows + [rows[1]], "repetition 1 of set .* appears twice"),
        (lambda rows: rows[:7] + [rows[7].rsplit(",", 3)[0] + ",nan," + ",".join(rows[7].rsplit(",", 3)[2:])] + rows[8:],
         "line 8: progress must be a finite number"),
        (lambda rows: [rows[0].replace("exercise_id", "exercise")] + rows[1:], "line 1: missing column: exercise_id"),
        (lambda rows: rows[:30] + ['1,"unterminated'] , "line 31"),
    ],
)
def test_malformed_reps_file_writes_nothing(store: Store, seeded, edit, message) -> None:
    p = seeded.people
    rows = export_reps_csv(store, p.doc, p.ann.patient_id, START, END).splitlines()
    broken = "\n".join(edit(rows)) + "\n"
    before = row_counts(store)
    with pytest.raises(ImportFileError, match=message):
        import_reps_csv(store, p.doc, p.bob.patient_id, broken)
    assert row_counts(store) == before


def test_reps_import_refusals(store: Store, seeded) -> None:
    p = seeded.people
    exported = export_reps_csv(store, p.doc, p.ann.patient_id, START, END)
    before = row_counts(store)
    with pytest.raises(AccessDenied, match="'ann' may only see their own records"):
        import_reps_csv(store, p.ann, p.bob.patient_id, exported)
    with pytest.raises(AccessDenied, match="is not a patient of therapist 'other'"):
        import_reps_csv(store, p.other_doc, p.bob.patient_id, exported)
    assert row_counts(store) == before
