"""The durable store: accounts, prescriptions, sessions, sets, repetitions, feedback, notes.

    store = Store.open()                        # SQLite file, no set-up
    store = Store.open("postgresql+psycopg://user:pw@host:5432/db")

Logs hold counts, angles and times only: never video or images.
"""
from coach.store.buffer import BufferedRecorder, SpoolBusy, default_spool_dir, is_transient, recover_spools
from coach.store.records import (
    AccessDenied,
    Account,
    FeedbackRecord,
    Note,
    NotFound,
    PrescribedExercise,
    Prescription,
    RepRecord,
    SessionDetail,
    SessionRecord,
    SetDetail,
    SetRecord,
    Viewer,
)
from coach.store.store import Store, default_db_path, default_url

__all__ = [
    "AccessDenied",
    "Account",
    "BufferedRecorder",
    "FeedbackRecord",
    "Note",
    "NotFound",
    "PrescribedExercise",
    "Prescription",
    "RepRecord",
    "SessionDetail",
    "SessionRecord",
    "SetDetail",
    "SetRecord",
    "SpoolBusy",
    "Store",
    "Viewer",
    "default_db_path",
    "default_spool_dir",
    "default_url",
    "is_transient",
    "recover_spools",
]
