"""The foot view through the camera in a real browser: a side view of a foot lifting its big toe."""
from __future__ import annotations

import pytest

from tests.conftest import footage_or_skip
from tests.e2e.conftest import PASSWORD, launch
from tests.e2e.helpers import StallRecovery, login, press, shot, start_session, wait_count, wait_text

pytestmark = [pytest.mark.slow, pytest.mark.footage]


@pytest.fixture(scope="module")
def toe_lift_clip(workdir):
    """Three big-toe lifts drawn on real photos of a foot, as the fake camera's Y4M."""
    footage_or_skip()
    from coach.foot import synth
    from coach.synth.writers import open_writer

    clip = synth.flex_clip(3, seed=21, angle=30.0)
    path = workdir / "toe_lift.y4m"
    with open_writer(str(path), synth.W, synth.H, int(synth.FPS)) as sink:
        for _, image in clip.render():
            sink.write(image)
    return path, clip.reps


def test_big_toe_lifts_are_counted_through_the_camera(playwright_api, workdir, app_url, toe_lift_clip, artifacts):
    clip, truth = toe_lift_clip
    context, _ = launch(playwright_api, workdir, "foot", clip)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        login(page, app_url, "dana", PASSWORD)
        start_session(page)
        wait_text(page, r"Big toe lift", 20)
        press(page, "START")
        # the clip loops: the count passes the clip's lifts on its first round
        n = wait_count(page, truth, 120, recovery=StallRecovery(page))
        shot(page, artifacts, "09_foot_view")
        assert n >= truth
        press(page, "STOP")
    finally:
        context.close()
