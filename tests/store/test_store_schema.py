"""Migrations: all tables, idempotent, in step with the models, safe to race; no media columns."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import LargeBinary, inspect, text

from coach.store import Store
from coach.store.migrate import current_revision, head_revision
from coach.store.models import TABLES, Base
from store_helpers import FAST_HASHER, child, read_line


def test_migration_creates_all_tables(store: Store) -> None:
    names = set(inspect(store.engine).get_table_names())
    assert set(TABLES) | {"alembic_version"} <= names
    with store.engine.connect() as conn:
        assert current_revision(conn) == head_revision()


def test_migration_is_idempotent(store_url: str) -> None:
    first = Store.open(store_url, password_hasher=FAST_HASHER)
    doc = first.create_therapist("doc", "doc-password")
    first.close()
    for _ in range(2):
        again = Store.open(store_url, password_hasher=FAST_HASHER)
        with again.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
            assert current_revision(conn) == head_revision()
        assert again.get_account(doc.id).username == "doc"  # data kept
        again.close()


def test_migrations_match_models(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_no_video_or_image_columns() -> None:
    for table in Base.metadata.sorted_tables:
        for col in table.columns:
            assert not isinstance(col.type, LargeBinary), f"{table.name}.{col.name} holds binary data"
            for word in ("video", "image", "frame", "photo", "picture", "blob", "jpeg", "png"):
                assert word not in col.name.lower(), f"{table.name}.{col.name} looks like media"


def test_processes_opening_a_new_database_at_once(store_url: str) -> None:
    procs = [child("open", store_url) for _ in range(3)]
    try:
        for p in procs:
            assert read_line(p) == "ready"
        for p in procs:  # release them together
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        for p in procs:
            assert read_line(p) == "opened"
            assert p.wait(timeout=30) == 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    s = Store.open(store_url, password_hasher=FAST_HASHER)
    with s.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    s.close()


def test_sqlite_pragmas(tmp_path) -> None:
    s = Store.open(f"sqlite:///{tmp_path / 'x.db'}", password_hasher=FAST_HASHER)
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    s.close()


def test_default_location_needs_no_setup(tmp_path, monkeypatch) -> None:
    target = tmp_path / "deep" / "dir" / "footcoach.db"
    monkeypatch.setenv("FOOTCOACH_DB", str(target))
    s = Store.open(password_hasher=FAST_HASHER)
    assert s.backend == "sqlite"
    s.create_therapist("doc", "doc-password")
    s.close()
    assert target.is_file()
    assert (target.parent.stat().st_mode & 0o777) == 0o700
