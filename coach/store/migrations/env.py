"""Alembic environment for the FootCoach store.

Run programmatically by ``coach.store.migrate``: the caller hands over an open
connection in ``config.attributes["connection"]`` (already holding the
migration lock), so no alembic.ini or URL is read here.
"""
from __future__ import annotations

from alembic import context

from coach.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through coach.store.migrate.upgrade(), which passes a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things: later migrations copy tables instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
