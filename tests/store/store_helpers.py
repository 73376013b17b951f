"""Shared bits of the store tests."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

from argon2 import PasswordHasher
from sqlalchemy import func, select

from coach.engine.counter import RepEvent
from coach.store import Store
from coach.store.models import Base

# Cheap hashing keeps the suite fast; one test checks the real defaults.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
CHILD = Path(__file__).with_name("store_child.py")
REPO = Path(__file__).resolve().parents[2]


def rep(i: int, quality: str = "full") -> RepEvent:
    return RepEvent(index=i, start=2.0 * i, peak=2.0 * i + 0.6, end=2.0 * i + 1.2, value=30.0 + i,
                    range=20.0 + i / 10, progress=0.9 if quality == "full" else 0.7, quality=quality)


def row_counts(store: Store) -> Dict[str, int]:
    with store.engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in Base.metadata.sorted_tables}


def child(*args: str) -> "subprocess.Popen[str]":
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=str(REPO),
    )


def read_line(proc: "subprocess.Popen[str]") -> str:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        err = proc.stderr.read() if proc.stderr else ""
        raise AssertionError(f"child ended early (rc={proc.poll()}): {err[-2000:]}")
    return line.strip()


def indices(store: Store, viewer, patient_id: int, set_id: int) -> List[int]:
    return [r.index for r in store.list_repetitions(viewer, patient_id, set_id=set_id)]
