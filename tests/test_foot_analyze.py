"""`coach analyze VIDEO --exercise ID --json` on generated foot clips, end to end."""
from __future__ import annotations

import json

import pytest

from tests.conftest import footage_or_skip

pytest.importorskip("cv2")


@pytest.mark.parametrize("exercise", ["toe_spread", "big_toe_flex"])
def test_analyze_counts_a_generated_clip(tmp_path, capsys, exercise):
    footage_or_skip()
    from coach.cli import main
    from coach.foot import synth

    if exercise == "toe_spread":
        clip = synth.toe_spread_clip(synth.TOP_PHOTOS[0], 3, seed=11)
    else:
        clip = synth.flex_clip(3, seed=12, angle=30.0)
    path = synth.write_clip(clip, tmp_path / "clip.mp4")
    assert main(["analyze", str(path), "--exercise", exercise, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["exercise"] == exercise
    assert out["reps"] == clip.reps
    if exercise == "big_toe_flex":
        assert len(out["extra"]["angles"]) == 3
        for got, want in zip(out["extra"]["angles"], clip.truth["angles"]):
            assert abs(got - want) <= 5.0
