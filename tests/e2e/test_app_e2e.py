"""The app in a real browser: Debian's Chromium, Playwright, a fake camera fed by generated clips.

One browser (patient alice) goes through the main path in order: sign in,
start a session and the camera, see the count reach the clip's ground truth,
pause with an open-palm clip, finish the set and find it in History. A second
browser (patient bob) watching a clip of someone standing still runs at the
same time as the first and keeps its own count. A picture that freezes under
that load is restarted with STOP and START, as the page tells a user to do,
and the count must survive the restart.
"""
from __future__ import annotations

import pytest

from tests.conftest import in_ci
from tests.e2e.conftest import PASSWORD, launch
from tests.e2e.helpers import (StallRecovery, count, login, press, settled_count, shot, start_session, wait_count,
                               wait_text)

pytestmark = [pytest.mark.slow]


def test_count_reaches_ground_truth_and_a_second_browser_keeps_its_own(
        browser_a, app_url, clips, artifacts, playwright_api, workdir):
    page, camera = browser_a
    clip, truth = clips["heel5"]
    login(page, app_url, "alice", PASSWORD)
    shot(page, artifacts, "01_today_plan")
    start_session(page)
    press(page, "START")
    # a START whose stream never came up (on a clean CI run of 6fbc83f the
    # component went back to START within the minute) is pressed again,
    # as a user would
    wait_text(page, r"Measuring|Counting", 60, recovery=StallRecovery(page))
    shot(page, artifacts, "02_calibrating")

    # Bob, in a second browser, watches someone standing still, at the same time.
    context_b, _ = launch(playwright_api, workdir, "b", clips["stand"][0])
    try:
        page_b = context_b.pages[0] if context_b.pages else context_b.new_page()
        login(page_b, app_url, "bob", PASSWORD)
        # Bob's page loads while Alice's pipeline keeps a core busy: on two
        # cores his camera component or its first frames took over 30 s and
        # 60 s in two of three clean CI runs (a count of 7 on Alice's side
        # while he waits still reads "set counts" below)
        start_session(page_b, timeout=90)
        press(page_b, "START")
        wait_text(page_b, r"Measuring|Counting", 120, recovery=StallRecovery(page_b))
        n = wait_count(page, truth, 180, recovery=StallRecovery(page))
        assert n >= truth
        # The clip loops: stop alice's camera now, or her count runs on to 7,
        # where the set is over and an open palm has nothing left to pause.
        press(page, "STOP")
        page.wait_for_timeout(1000)
        shot(page, artifacts, "03_count_reached")
        wait_text(page, r"set counts", 5)
        assert count(page_b) == 0, "bob's count moved with alice's"
        shot(page_b, artifacts, "04_second_browser")
        press(page_b, "STOP")
    finally:
        context_b.close()


def test_open_palm_clip_pauses_the_session(browser_a, clips, artifacts):
    page, camera = browser_a
    if "palm" not in clips:
        message = "the open-palm clip needs FOOTCOACH_FOOTAGE (hand_open_palms_two_hands.jpg)"
        if in_ci():
            pytest.fail(f"CI=true but {message}", pytrace=False)
        pytest.skip(message)
    press(page, "STOP")
    settled_count(page)
    if "Set complete" in page.inner_text("body"):
        # The count ran on to the set's maximum before the camera stopped
        # (one CI run on a busy machine saw 7 at this point; idle runs see
        # 5): that set is over, Pause is off, and an open palm has nothing
        # to pause. The user goes on with another set, which it pauses.
        page.get_by_role("button", name="➕ Another set").click()
        wait_text(page, r"set 2 of", 20)
    before = count(page)
    camera.use(clips["palm"][0])
    page.wait_for_timeout(500)
    press(page, "START")
    wait_text(page, r"Paused by your open palm", 60)
    shot(page, artifacts, "05_paused_by_palm")
    assert count(page) >= before  # nothing lost


def test_finish_the_set_and_see_it_in_history(browser_a, artifacts):
    page, _ = browser_a
    reps = count(page)
    press(page, "STOP")
    page.get_by_role("button", name="⏹ Finish session").click()
    wait_text(page, r"Session complete", 20)
    page.get_by_role("button", name="Save session").click()
    wait_text(page, r"Saved: \d+ repetitions", 30)
    shot(page, artifacts, "06_saved")
    page.get_by_role("link", name="History").click()
    page.get_by_role("heading", name="History").wait_for(timeout=20_000)
    wait_text(page, r"completed", 20)
    wait_text(page, r"Heel raise", 20)
    table = page.inner_text("body")
    assert str(reps) in table
    assert ("✓" if reps >= 5 else "✗") in table
    shot(page, artifacts, "07_history")


def test_an_uploaded_video_is_counted_and_its_pictures_show(playwright_api, workdir, app_url, clips, artifacts):
    """The upload tab counts a recording as the camera would, and the annotated
    frames it shows load in the browser (a server that cannot send an image
    leaves them blank)."""
    clip, truth = clips["heel5_mp4"]
    context, _ = launch(playwright_api, workdir, "upload", clips["stand"][0])
    try:
        page = context.pages[0] if context.pages else context.new_page()
        login(page, app_url, "bob", PASSWORD)
        start_session(page)
        page.get_by_role("tab", name="Upload a video").click()
        page.locator("input[type=file]").set_input_files(str(clip))
        page.get_by_role("button", name="Analyse the video").click()
        counted = wait_text(page, r"Counted \d+ repetitions", 180)
        assert int(counted.split()[1]) == truth
        page.wait_for_function(
            "() => { const shown = [...document.images].filter(i => i.src.includes('/media/'));"
            " return shown.length > 0 && shown.every(i => i.complete); }", timeout=30_000)
        widths = page.evaluate(
            "() => [...document.images].filter(i => i.src.includes('/media/')).map(i => i.naturalWidth)")
        shot(page, artifacts, "08_uploaded_video")
        assert widths and all(w > 0 for w in widths), f"annotated frames that did not load: {widths}"

        # A file that is no video gets a clear message, and the session is as it was.
        before = count(page)
        corrupt = workdir / "corrupt.mp4"
        corrupt.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40)
        page.locator("input[type=file]").set_input_files(str(corrupt))
        # the upload replaces the first file: a press before it shows analyses
        # the first again (one CI run read "Counted 5" here)
        page.get_by_text("corrupt.mp4").wait_for(timeout=30_000)
        # a press made while the page reruns for the upload can be lost (one
        # CI run: the file shown, nothing analysed in 60 s): pressed again
        said = None
        for _ in range(4):
            page.get_by_role("button", name="Analyse the video").click()
            try:
                said = wait_text(page, r"This video could not be analysed: [^\n]*", 15)
                break
            except AssertionError:
                continue
        assert said is not None, "no message for a corrupt upload after four presses of Analyse"
        assert "corrupt.mp4" in said and "/tmp" not in said, said
        assert count(page) == before
    finally:
        context.close()
