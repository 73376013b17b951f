"""`coach bench` reports every figure the foundation asks for (timings are printed, not asserted)."""
import json

import pytest

from coach.cli import main

pytestmark = pytest.mark.mediapipe


def test_bench_json_has_every_stage_and_ratio(capsys):
    assert main(["bench", "--json", "--seconds", "4"]) == 0
    report = json.loads(capsys.readouterr().out)
    body = report["body_view"]
    assert set(body["ms_per_frame"]) >= {"decode", "pose", "hands", "engine", "drawing", "pipeline", "raw_mediapipe"}
    assert all(v >= 0 for v in body["ms_per_frame"].values())
    assert body["fps"]["body_view_pipeline"] > 0 and body["fps"]["target"] == 30.0
    assert isinstance(body["overhead_vs_raw_mediapipe_pct"], float)
    assert body["peak_memory_mb"] > 0
    # raw MediaPipe runs the pose model as often as the tracker: both ways round
    assert body["pose_looks"] == 2
    assert 3.0 <= body["clip"]["seconds"] <= 4.5
    # The benchmark counts what it times: the generated clip's repetitions.
    assert body["reps_counted"] == body["clip"]["reps_truth"]
