"""Nothing counted is lost when the app's process is killed mid-set (SIGKILL: no clean-up runs)."""
from __future__ import annotations

import os
import re
import signal
import sqlite3

import pytest

from coach.store import Store, recover_spools
from tests.e2e.conftest import PASSWORD, App, launch
from tests.e2e.helpers import StallRecovery, count, login, press, start_session, wait_text

pytestmark = [pytest.mark.slow]

SAVED_RE = re.compile(r"Saved repetitions: (\d+)")


def stored_repetitions(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM repetitions").fetchone()[0]


def test_sigkill_mid_set_loses_no_counted_repetition(playwright_api, workdir, clips):
    clip, truth = clips["heel5"]
    app = App(workdir / "killed", patients=("carol",))
    context, _ = launch(playwright_api, workdir, "killed", clip)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        login(page, app.url, "carol", PASSWORD)
        start_session(page)
        press(page, "START")
        # Mid-set: at least two repetitions counted and reported saved, fewer than the clip holds.
        text = wait_text(page, r"Saved repetitions: [2-9]", 180, recovery=StallRecovery(page))
        saved_on_page = int(SAVED_RE.search(text).group(1))
        counted_on_page = count(page)
        os.kill(app.proc.pid, signal.SIGKILL)
        app.proc.wait(timeout=10)
    finally:
        context.close()
        app.stop()
    assert app.proc.returncode == -signal.SIGKILL
    # What the writer had committed is in the database already...
    assert stored_repetitions(app.db) >= saved_on_page >= 2
    # ...and anything still on its way sits in the spool, written when the app comes back.
    with Store.open(f"sqlite:///{app.db}") as store:
        recover_spools(store, app.spool)
    assert stored_repetitions(app.db) >= counted_on_page >= saved_on_page
