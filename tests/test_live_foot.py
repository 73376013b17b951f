"""The app's live processor on the foot view: the same engine as `coach analyze`."""
from __future__ import annotations

import pytest

from coach.live import FootAnalyser, analyse_video, analyser_key, create_analyser
from exercises import get_exercise
from tests.conftest import footage_or_skip

pytestmark = pytest.mark.footage


def test_foot_exercises_get_the_tracker_for_their_camera():
    side, top = get_exercise("big_toe_flex"), get_exercise("toe_spread")
    assert analyser_key(side) == "foot-side" and analyser_key(top) == "foot-top"
    assert analyser_key(get_exercise("heel_raise")) == "body"
    assert isinstance(create_analyser(side), FootAnalyser)


def test_uploaded_side_view_clip_is_counted_through_the_live_path(tmp_path):
    footage_or_skip()
    from coach.foot import synth

    clip = synth.flex_clip(3, seed=21, angle=30.0)
    path = synth.write_clip(clip, tmp_path / "flex.mp4")
    analysis = analyse_video(str(path), get_exercise("big_toe_flex"))
    assert analysis.warning is None
    assert analysis.count == clip.reps == 3
    # one annotated frame where each count first shows, and the last frame
    assert len(analysis.stills) == clip.reps + 1
