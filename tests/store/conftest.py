"""Store fixtures: every test runs on SQLite, and also on PostgreSQL when
FOOTCOACH_TEST_PG_URL names one (``eval "$(bash scripts/postgres.sh)"``).

Under CI (CI=true) the PostgreSQL runs are required: without the URL they fail.
Each test gets an empty database: a new SQLite file, or a new PostgreSQL schema
reached through ``search_path``.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Iterator, NamedTuple

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from coach.store import Account, Store
from store_helpers import FAST_HASHER

PG_ENV = "FOOTCOACH_TEST_PG_URL"


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and not os.environ.get(PG_ENV):
        message = f"{PG_ENV} is not set: start one with eval \"$(bash scripts/postgres.sh)\""
        if _ci():
            pytest.fail(f"CI=true requires the PostgreSQL store tests, but {message}", pytrace=False)
        pytest.skip(message)
    return request.param


@pytest.fixture
def store_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, empty database on the backend under test."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'footcoach.db'}"
        return
    base = os.environ[PG_ENV]
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = Store.open(store_url, password_hasher=FAST_HASHER)
    yield s
    s.close()


class People(NamedTuple):
    doc: Account  # therapist of ann and bob
    other_doc: Account  # therapist of cat
    ann: Account
    bob: Account
    cat: Account


@pytest.fixture
def people(store: Store) -> People:
    doc = store.create_therapist("doc", "doc-password", "Dr Doc")
    other = store.create_therapist("other", "other-password", "Dr Other")
    ann = store.create_patient("ann", "ann-password", doc.id, "Ann")
    bob = store.create_patient("bob", "bob-password", doc.id, "Bob")
    cat = store.create_patient("cat", "cat-password", other.id, "Cat", is_child=True)
    return People(doc, other, ann, bob, cat)


@pytest.fixture
def people_free_sqlite(tmp_path: Path):
    """A SQLite store with one patient, whatever the backend parameter: for the file-lock tests."""
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    store = Store.open(url, password_hasher=FAST_HASHER)
    doc = store.create_therapist("doc", "doc-password")
    ann = store.create_patient("ann", "ann-password", doc.id, "Ann")
    yield url, store, ann
    store.close()
