"""Runs the Alembic migrations to head, from code, safely from several processes.

Two programs opening the same database at once must not both try to create the
tables. Each takes a lock first (a PostgreSQL advisory lock; for SQLite an
exclusive lock on a file next to the database), then lets Alembic compare the
recorded revision with head: the second finds nothing to do.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from typing import Iterator, Optional

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any fixed 64-bit number: the key of the PostgreSQL advisory lock.
_PG_LOCK_KEY = 0x466F6F74436F6163  # "FootCoac"


def alembic_config(connection: Optional[Connection] = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # Alembic interpolates %-signs in options; paths do not contain them here.
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> Optional[str]:
    return MigrationContext.configure(connection).get_current_revision()


@contextlib.contextmanager
def _sqlite_lock(engine: Engine) -> Iterator[None]:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        yield  # a private in-memory database: nobody else can open it
        return
    lock_path = Path(database).with_name(Path(database).name + ".migrate-lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def upgrade(engine: Engine) -> str:
    """Brings the schema to head; returns the revision. Safe to call again."""
    head = head_revision()
    with engine.connect() as conn:
        # Fast path: already at head, no lock needed.
        if current_revision(conn) == head:
            conn.rollback()
            return head
        conn.rollback()
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
            conn.commit()
            try:
                command.upgrade(alembic_config(conn), "head")
                conn.commit()
            finally:
                conn.rollback()  # a failed migration leaves its transaction aborted
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
                conn.commit()
    else:
        with _sqlite_lock(engine), engine.connect() as conn:
            command.upgrade(alembic_config(conn), "head")
            conn.commit()
    with engine.connect() as conn:
        rev = current_revision(conn)
    if rev != head:
        raise RuntimeError(f"database schema is at {rev!r} after migrating, expected {head!r}")
    return head
