"""heel_raise on real footage: movements that lift the body but are not heel raises count zero."""
import json

import pytest

from coach.cli import main
from exercises.heel_raise import MAX_RISE, judge
from coach.engine.counter import RepEvent


def event(rng: float) -> RepEvent:
    return RepEvent(index=1, start=0.0, peak=0.5, end=1.0, value=rng, range=rng, progress=1.0, quality="full")


@pytest.mark.parametrize(
    "rng,knees,ankle_x,verdict",
    [
        (0.07, (178, 176), (1.0, 1.05), None),
        (0.07, (178, 120), (1.0, 1.0), "bend_knees"),
        (0.07, (178, 178), (1.0, 1.9), "stay_in_place"),
        (MAX_RISE * 2, (178, 178), (1.0, 1.0), "too_big"),
    ],
)
def test_judge(rng, knees, ankle_x, verdict):
    window = [(0.1 * i, {"knee": k, "ankle_x": x}) for i, (k, x) in enumerate(zip(knees, ankle_x))]
    assert judge(event(rng), window) == verdict


@pytest.mark.mediapipe
@pytest.mark.parametrize(
    "video,reason",
    [
        ("video_squats_fullbody.mp4", {"too_big", "bend_knees"}),
        ("video_walk_park_sideview_sandals.mp4", {"too_big", "bend_knees", "stay_in_place", "too_fast"}),
        ("video_dance_jump_fullbody_room.mp4", {"too_big", "bend_knees", "stay_in_place"}),
        ("video_barefoot_balance_lab_cam04.mp4", {"too_big", "bend_knees", "stay_in_place"}),
        ("video_hand_open_palm_reach.mp4", None),
    ],
)
def test_real_movements_that_are_not_heel_raises_count_zero(footage_dir, capsys, video, reason):
    assert main(["analyze", str(footage_dir / video), "--exercise", "heel_raise", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["reps"] == 0, out["events"]
    codes = {f["code"] for f in out["feedback"]}
    if reason is None:
        # Hand-only clip: Pose invents legs, the feet check refuses every frame.
        assert out["frames_valid"] == 0 and out["warnings"]
    else:
        assert codes & reason, codes
