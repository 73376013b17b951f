"""End to end: generated drawn-figure clips through the real models to a count."""
import json

import pytest

from coach.cli import main
from coach.synth import ClipSpec, write_clip

pytestmark = pytest.mark.mediapipe

CLIPS = {
    "side_3_slow": ClipSpec(script="heel_raise", view="side", reps=3, period=3.0, seed=1),
    "side_6_quick": ClipSpec(script="heel_raise", view="side", reps=6, period=1.4, seed=2),
    "side_left_5_small": ClipSpec(script="heel_raise", view="side_left", reps=5, period=2.0, fig_height=0.6,
                                  x_frac=0.4, seed=3),
    "front_4": ClipSpec(script="heel_raise", view="front", reps=4, period=2.2, seed=4),
    "front_7_quick": ClipSpec(script="heel_raise", view="front", reps=7, period=1.3, seed=5),
    "stand_side": ClipSpec(script="stand", view="side", duration=8.0, seed=6),
    "stand_front": ClipSpec(script="stand", view="front", duration=8.0, seed=7),
}


@pytest.fixture(scope="module")
def clip_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("clips")


@pytest.mark.parametrize("name", sorted(CLIPS))
def test_analyze_counts_generated_clip_exactly(name, clip_dir, capsys):
    path = clip_dir / f"{name}.mp4"
    truth = write_clip(CLIPS[name], path)
    assert main(["analyze", str(path), "--exercise", "heel_raise", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["reps"] == truth.reps, out
    assert out["frames"] == truth.frames
    assert out["frames_valid"] >= 0.95 * truth.frames
    # Each counted repetition lines up with a scripted one.
    for event, (start, peak, end) in zip(out["events"], truth.rep_times):
        assert start - 0.3 <= event["peak"] <= end + 0.3


def test_landmarks_then_count_matches_analyze(clip_dir, capsys):
    path = clip_dir / "pair.mp4"
    truth = write_clip(ClipSpec(script="heel_raise", view="side", reps=2, period=1.8, seed=11), path)
    track = clip_dir / "pair.jsonl"
    assert main(["landmarks", str(path), "-o", str(track)]) == 0
    lines = track.read_text().splitlines()
    assert len(lines) == truth.frames
    first = json.loads(lines[0])
    assert first["w"] == 640 and first["h"] == 480 and len(first["pose"]) == 33
    capsys.readouterr()
    assert main(["count", str(track), "--exercise", "heel_raise", "--json"]) == 0
    counted = json.loads(capsys.readouterr().out)
    assert main(["analyze", str(path), "--exercise", "heel_raise", "--json"]) == 0
    analyzed = json.loads(capsys.readouterr().out)
    assert counted["reps"] == analyzed["reps"] == truth.reps
