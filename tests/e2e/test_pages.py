"""Every page of the app opens in a real browser, for a patient and for a therapist, without an error."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import PASSWORD, launch
from tests.e2e.helpers import login, shot

pytestmark = [pytest.mark.slow]

PAGES = ("Today", "Kids", "History", "Therapist", "Settings")


@pytest.mark.parametrize("username", ["alice", "e2e-therapist"])
def test_every_page_opens_without_an_error(username, playwright_api, workdir, app_url, clips, artifacts):
    context, _ = launch(playwright_api, workdir, f"pages-{username}", clips["stand"][0])
    failed_requests = []
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.on("response", lambda r: failed_requests.append(f"{r.status} {r.url}") if r.status >= 500 else None)
        login(page, app_url, username, PASSWORD)  # everyone lands on Today
        for name in PAGES:
            page.get_by_role("link", name=name).first.click()
            page.get_by_role("heading").first.wait_for(timeout=30_000)
            # a page's script runs on after its first heading: let it finish
            page.wait_for_timeout(3_000)
            errors = page.locator("[data-testid=stException]")
            if errors.count():
                shot(page, artifacts, f"error_{username}_{name}")
                pytest.fail(f"the {name} page shows an error for {username}: {errors.first.inner_text()[:500]}")
        assert not failed_requests, f"requests the server failed: {failed_requests}"
    finally:
        context.close()
