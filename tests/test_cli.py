"""The `coach` command as a user runs it: output formats and bad input."""
import json
import subprocess
import sys

import pytest

from coach.cli import main
from coach.records import Frame
from coach.track_io import write_track


def run_coach(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_exercises_lists_ids_one_a_line(capsys):
    assert main(["exercises"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "heel_raise" in lines
    assert all(line.strip() == line and " " not in line for line in lines)


def standing_pose():
    # A plausible standing person, side on, in normalised coordinates.
    pts = [[0.5, 0.2, 0.0, 0.99] for _ in range(33)]
    layout = {0: (0.52, 0.12), 7: (0.5, 0.12), 8: (0.5, 0.12), 11: (0.5, 0.25), 12: (0.5, 0.25),
              13: (0.5, 0.38), 14: (0.5, 0.38), 15: (0.5, 0.5), 16: (0.5, 0.5),
              23: (0.5, 0.5), 24: (0.5, 0.5), 25: (0.5, 0.68), 26: (0.5, 0.68),
              27: (0.5, 0.86), 28: (0.5, 0.86), 29: (0.48, 0.88), 30: (0.48, 0.88), 31: (0.56, 0.89), 32: (0.56, 0.89)}
    for i, (x, y) in layout.items():
        pts[i][0], pts[i][1] = x, y
    return pts


def heel_raise_track(path, reps: int):
    frames = []
    fps = 30
    total = int((2 + reps * 2.5) * fps)
    for i in range(total):
        t = i / fps
        u = t - 1.0
        lift = 0.0
        if 0 <= u < reps * 2.5 and (u % 2.5) < 2.0:
            import math
            lift = 0.5 - 0.5 * math.cos(math.pi * (u % 2.5))
        pose = [list(p) for p in standing_pose()]
        # The heel and the ankle rise by up to 6% of the image height (a third of a shin).
        for idx in (27, 28):
            pose[idx][1] -= 0.03 * lift
        for idx in (29, 30):
            pose[idx][1] -= 0.06 * lift
        frames.append(Frame(t=t, w=640, h=480, pose=tuple(tuple(p) for p in pose), hands=None))
    write_track(path, frames)


@pytest.mark.parametrize("reps", [0, 3, 6])
def test_count_on_a_track_prints_the_documented_json(tmp_path, capsys, reps):
    track = tmp_path / "t.jsonl"
    heel_raise_track(track, reps)
    assert main(["count", str(track), "--exercise", "heel_raise", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["exercise"] == "heel_raise"
    assert out["reps"] == reps
    assert len(out["events"]) == reps
    assert out["frames"] == out["frames_valid"] > 0
    assert isinstance(out["warnings"], list)
    for e in out["events"]:
        assert e["start"] < e["peak"] < e["end"]
        assert {"start", "peak", "end", "value", "quality"} <= set(e)


def test_count_human_readable(tmp_path, capsys):
    track = tmp_path / "t.jsonl"
    heel_raise_track(track, 2)
    assert main(["count", str(track), "--exercise", "heel_raise"]) == 0
    assert "heel_raise: 2 repetitions" in capsys.readouterr().out


def write_bad_inputs(tmp_path):
    text = tmp_path / "notes.mp4"
    text.write_text("this is not a video\n")
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    corrupt = tmp_path / "corrupt.mp4"
    corrupt.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 40)
    return {"text": text, "empty": empty, "corrupt": corrupt, "missing": tmp_path / "missing.mp4", "folder": tmp_path}


@pytest.mark.parametrize("kind", ["text", "empty", "corrupt", "missing", "folder"])
@pytest.mark.parametrize("command", ["analyze", "landmarks"])
def test_bad_video_gives_one_line_and_non_zero_status(tmp_path, kind, command):
    bad = write_bad_inputs(tmp_path)[kind]
    out_track = tmp_path / "out.jsonl"
    args = [command, str(bad)] + (["--exercise", "heel_raise"] if command == "analyze" else ["-o", str(out_track)])
    proc = run_coach(*args)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("coach: "), proc.stderr
    assert proc.stdout == ""
    assert not out_track.exists() and not (tmp_path / "out.jsonl.part").exists()


@pytest.mark.parametrize(
    "content,needle",
    [
        (None, "no such file"),
        ("", "no frames"),
        ('{"t": 0, "w": 640, "h": 480, "pose": null, "hands": null}\n{"t": 0.1, "w": 640}\n', ":2:"),
        ("\x00\x01binary", "malformed"),
    ],
)
def test_bad_track_gives_one_line(tmp_path, content, needle):
    path = tmp_path / "track.jsonl"
    if content is not None:
        path.write_text(content)
    proc = run_coach("count", str(path), "--exercise", "heel_raise", "--json")
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in proc.stderr
    assert proc.stdout == ""


@pytest.mark.parametrize("command", [["count", "x.jsonl"], ["analyze", "x.mp4"]])
def test_unknown_exercise(tmp_path, command):
    proc = run_coach(*command, "--exercise", "moonwalk", cwd=tmp_path)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("coach: unknown exercise 'moonwalk'; known: ")
    assert "heel_raise" in lines[0]
