"""The therapist's page under Streamlit's AppTest, on a seeded SQLite file."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("streamlit.testing.v1")
from argon2 import PasswordHasher  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from coach.engine.counter import RepEvent  # noqa: E402
from coach.store import Store  # noqa: E402

PAGE = str(Path(__file__).resolve().parents[1] / "coach" / "app" / "pages" / "therapist.py")
FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
TIMEOUT = 120


def _rep(i: int) -> RepEvent:
    return RepEvent(index=i, start=2.0 * i, peak=2.0 * i + 0.6, end=2.0 * i + 1.2, value=0.1, range=0.05 + i / 100,
                    progress=0.95, quality="full")


@pytest.fixture
def seeded_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "page.db"
    monkeypatch.setenv("FOOTCOACH_DB", str(path))
    store = Store.open(f"sqlite:///{path}", password_hasher=FAST)
    doc = store.create_therapist("doc", "doc-password", "Dr Doc")
    other = store.create_therapist("other", "other-password", "Dr Other")
    ann = store.create_patient("ann", "ann-password", doc.id, "Ann Example")
    bob = store.create_patient("bob", "bob-password", doc.id, "Bob Example")
    store.create_patient("cat", "cat-password", other.id, "Cat Elsewhere")
    tz = dt.datetime.now().astimezone().tzinfo
    today = dt.datetime.now(tz).date()
    store.create_prescription(doc, ann.patient_id, ["heel_raise"], course_start=today - dt.timedelta(days=3),
                              course_end=today + dt.timedelta(days=20))
    # Three days before today: morning done, evening missed; two days before: nothing; yesterday: partial morning.
    for days_ago, n in ((3, 6), (1, 2)):
        when = dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(9, 0), tzinfo=tz)
        s = store.start_session(ann.patient_id, "morning", 3, started_at=when)
        st = store.start_set(s.id, "heel_raise", 6, started_at=when)
        for i in range(1, n + 1):
            store.add_repetition(st.id, _rep(i), created_at=when + dt.timedelta(seconds=3 * i))
        store.end_session(s.id, 2, ended_at=when + dt.timedelta(minutes=5))
    store.add_note(doc, ann.patient_id, "Keep the rises slow.")
    yield store, doc, ann, bob
    store.close()


def _texts(at: AppTest) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption] + [e.value for e in at.error]
    parts += [e.value for e in at.success] + [e.value for e in at.info] + [e.value for e in at.header]
    return "\n".join(str(p) for p in parts)


def _sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="th_username").input(username)
    at.text_input(key="th_password").input(password)
    at.button[0].click()
    return at.run(timeout=TIMEOUT)


def test_login_then_patient_list_with_adherence(seeded_db) -> None:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.text_input(key="th_username") is not None  # the sign-in form
    at = _sign_in(at, "doc", "wrong-password")
    assert any("do not match" in e.value for e in at.error)
    at = _sign_in(at, "doc", "doc-password")
    assert not at.exception, at.exception
    assert at.session_state["account"].username == "doc"
    table = at.dataframe[0].value
    assert list(table["Username"]) == ["ann", "bob"]  # not cat: another therapist's patient
    ann = table[table["Username"] == "ann"].iloc[0]
    # Course began 3 days ago: 3 past days x 2 sessions due, 1 done, 1 partial.
    assert (ann["Done"], ann["Partial"], ann["Due"], ann["Adherence %"]) == (1, 1, 6, 17)
    assert table[table["Username"] == "bob"].iloc[0]["Due"] == 0
    text = _texts(at)
    assert "Keep the rises slow." in text
    assert "not a diagnosis" in text
    assert len(at.get("vega_lite_chart")) >= 4  # calendar, repetitions, range of motion, pain
    assert {b.label for b in at.get("download_button")} >= {"Repetitions CSV", "Sessions CSV", "FHIR R4 JSON"}


def test_prescription_saved_and_bad_one_refused(seeded_db) -> None:
    store, doc, ann, bob = seeded_db
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["account"] = doc  # signed in by the app
    at.run()
    assert not at.exception, at.exception
    at.selectbox(key="th_patient").select(bob.patient_id)
    at.run()
    today = dt.datetime.now().astimezone().date()
    at.multiselect(key="rx_exercises").set_value(["heel_raise"])
    at.number_input(key="rx_reps_min").set_value(6)
    at.checkbox(key="rx_evening").uncheck()
    at.date_input(key="rx_course_start").set_value(today)
    at.date_input(key="rx_course_end").set_value(today + dt.timedelta(days=13))
    at.date_input(key="rx_break_start").set_value(today + dt.timedelta(days=14))
    at.date_input(key="rx_break_end").set_value(today + dt.timedelta(days=44))
    next(b for b in at.button if b.label == "Save the prescription").click()
    at.run()
    assert not at.exception, at.exception
    assert any("Prescription saved" in s.value for s in at.success), _texts(at)
    [p] = store.list_prescriptions(doc, bob.patient_id)
    assert (p.exercises[0].reps_min, p.exercises[0].reps_max, p.morning, p.evening) == (6, 7, True, False)
    assert p.course_end == today + dt.timedelta(days=13)
    # Surgery a week ago: the course cannot start before the two weeks of rest are over.
    at.checkbox(key="rx_after_surgery").check()
    at.date_input(key="rx_surgery").set_value(today - dt.timedelta(days=7))
    next(b for b in at.button if b.label == "Save the prescription").click()
    at.run()
    assert any("the feet rest for two weeks" in e.value for e in at.error), _texts(at)
    assert len(store.list_prescriptions(doc, bob.patient_id)) == 1


def test_note_added(seeded_db) -> None:
    store, doc, ann, _ = seeded_db
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["account"] = doc
    at.run()
    at.text_area(key="note_text").input("Pain after is lower this week.")
    next(b for b in at.button if b.label == "Add the note").click()
    at.run()
    assert not at.exception, at.exception
    assert [n.text for n in store.list_notes(doc, ann.patient_id)][-1] == "Pain after is lower this week."


def test_pdf_prepared_on_request(seeded_db) -> None:
    _, doc, _, _ = seeded_db
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["account"] = doc
    at.run()
    at.button(key="pdf_make").click()
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["th_pdf"].startswith(b"%PDF")
    assert "PDF report" in {b.label for b in at.get("download_button")}


def test_patient_account_is_refused(seeded_db) -> None:
    _, _, ann, _ = seeded_db
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["account"] = ann
    at.run()
    assert not at.exception
    assert any("This page is for physiotherapists" in e.value for e in at.error)
    assert len(at.dataframe) == 0 and len(at.get("vega_lite_chart")) == 0
    # Signing in as a patient through the page's own form is refused the same way.
    at = _sign_in(AppTest.from_file(PAGE, default_timeout=TIMEOUT).run(), "ann", "ann-password")
    assert any("This page is for physiotherapists" in e.value for e in at.error)


def test_unreachable_database_gives_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "not-a-db"
    folder.mkdir()
    monkeypatch.setenv("FOOTCOACH_DB", str(folder))  # a directory cannot be opened as a database
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert any("cannot be reached" in e.value for e in at.error)
