import json
import random

import pytest

from coach.records import Frame, Hand
from coach.track_io import TrackFormatError, frame_to_line, read_track, write_track


def random_frame(rng: random.Random, t: float, with_pose=True, hands=()):
    pose = None
    if with_pose:
        pose = tuple((rng.random(), rng.uniform(-0.2, 1.2), rng.uniform(-1, 1), rng.random()) for _ in range(33))
    hand_records = None
    if hands is not None:
        hand_records = tuple(
            Hand(side, tuple((rng.random(), rng.random(), rng.uniform(-0.1, 0.1)) for _ in range(21))) for side in hands
        )
    return Frame(t=t, w=640, h=480, pose=pose, hands=hand_records)


def test_round_trip_is_exact(tmp_path):
    rng = random.Random(7)
    frames = [
        random_frame(rng, 0.0),
        random_frame(rng, 1 / 30, hands=("Left",)),
        random_frame(rng, 2 / 30, with_pose=False, hands=None),
        random_frame(rng, 0.1, hands=("Left", "Right")),
        Frame(t=0.2, w=1, h=1, pose=None, hands=()),
    ]
    path = tmp_path / "track.jsonl"
    assert write_track(path, frames) == len(frames)
    back = read_track(path)
    assert back == frames
    # And the file text itself survives a second round trip.
    again = tmp_path / "again.jsonl"
    write_track(again, back)
    assert again.read_text() == path.read_text()


def test_line_matches_the_documented_format():
    frame = Frame(t=0.033, w=640, h=480, pose=tuple((0.5, 0.5, 0.0, 0.9) for _ in range(33)),
                  hands=(Hand("Left", tuple((0.1, 0.2, 0.0) for _ in range(21))),))
    data = json.loads(frame_to_line(frame))
    assert set(data) == {"t", "w", "h", "pose", "hands"}
    assert len(data["pose"]) == 33 and data["pose"][0] == [0.5, 0.5, 0.0, 0.9]
    assert data["hands"][0]["side"] == "Left" and len(data["hands"][0]["points"]) == 21


GOOD = json.dumps({"t": 0.0, "w": 640, "h": 480, "pose": None, "hands": None})


@pytest.mark.parametrize(
    "bad,needle",
    [
        ("{not json", "line 2"),
        (json.dumps({"t": 0.1, "w": 640}), "missing field"),
        (json.dumps({"t": 0.1, "w": 640, "h": 480, "pose": [[0, 0, 0, 1]] * 32}), "33 rows"),
        (json.dumps({"t": 0.1, "w": 640, "h": 480, "pose": [[0, 0, 0]] * 33}), "4 numbers"),
        (json.dumps({"t": "soon", "w": 640, "h": 480}), "t must be a number"),
        (json.dumps({"t": 0.1, "w": -5, "h": 480}), "positive integer"),
        (json.dumps({"t": 0.1, "w": 640, "h": 480, "hands": [{"side": "Left", "points": []}]}), "21 rows"),
        (json.dumps({"t": -1.0, "w": 640, "h": 480}), "backwards"),
        ("[1, 2, 3]", "JSON object"),
    ],
)
def test_malformed_line_is_reported_with_its_number(tmp_path, bad, needle):
    path = tmp_path / "bad.jsonl"
    path.write_text(GOOD + "\n" + bad + "\n" + GOOD + "\n")
    with pytest.raises(TrackFormatError) as info:
        read_track(path)
    assert info.value.line_no == 2
    assert ":2:" in str(info.value)
    assert needle.split()[0] in str(info.value)


def test_binary_file_is_a_format_error(tmp_path):
    path = tmp_path / "video.jsonl"
    path.write_bytes(b"\x00\x9f\x92\x96" * 100)
    with pytest.raises(TrackFormatError):
        read_track(path)
