"""JSON Lines landmark tracks: one frame a line.

    {"t": 0.033, "w": 640, "h": 480,
     "pose": [[x, y, z, visibility], ... 33 rows] or null,
     "hands": [{"side": "Left", "points": [[x, y, z], ... 21 rows]}] or null}

Floats are written with Python's shortest exact repr, so writing and reading
round-trip exactly. A malformed line raises TrackFormatError naming its line.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import IO, Iterable, Iterator, List, Optional, Tuple, Union

from coach.records import HAND_POINTS, POSE_POINTS, Frame, Hand

PathLike = Union[str, Path]


class TrackFormatError(ValueError):
    """A track file that cannot be read; the message names the line."""

    def __init__(self, line_no: int, message: str, source: str = "") -> None:
        where = f"{source}:{line_no}" if source else f"line {line_no}"
        super().__init__(f"{where}: {message}")
        self.line_no = line_no


def frame_to_dict(frame: Frame) -> dict:
    pose = None if frame.pose is None else [list(p) for p in frame.pose]
    hands = None
    if frame.hands is not None:
        hands = [{"side": h.side, "points": [list(p) for p in h.points]} for h in frame.hands]
    return {"t": frame.t, "w": frame.w, "h": frame.h, "pose": pose, "hands": hands}


def frame_to_line(frame: Frame) -> str:
    return json.dumps(frame_to_dict(frame), separators=(",", ":"), allow_nan=False)


def _number(value: object, what: str) -> float:
    # bool is an int in Python; a true/false in a coordinate is a malformed file.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{what} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{what} must be finite")
    return number


def _rows(value: object, count: int, width: int, what: str) -> Tuple[tuple, ...]:
    if not isinstance(value, list) or len(value) != count:
        raise ValueError(f"{what} must be a list of {count} rows")
    rows = []
    for i, row in enumerate(value):
        if not isinstance(row, list) or len(row) != width:
            raise ValueError(f"{what} row {i} must have {width} numbers")
        rows.append(tuple(_number(v, f"{what} row {i}") for v in row))
    return tuple(rows)


def frame_from_dict(data: object) -> Frame:
    if not isinstance(data, dict):
        raise ValueError("a frame must be a JSON object")
    missing = [k for k in ("t", "w", "h") if k not in data]
    if missing:
        raise ValueError(f"missing field(s): {', '.join(missing)}")
    t = _number(data["t"], "t")
    w, h = data["w"], data["h"]
    for name, size in (("w", w), ("h", h)):
        if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
            raise ValueError(f"{name} must be a positive integer")
    pose_raw = data.get("pose")
    pose = None if pose_raw is None else _rows(pose_raw, POSE_POINTS, 4, "pose")
    hands_raw = data.get("hands")
    hands: Optional[Tuple[Hand, ...]] = None
    if hands_raw is not None:
        if not isinstance(hands_raw, list):
            raise ValueError("hands must be a list or null")
        parsed: List[Hand] = []
        for i, item in enumerate(hands_raw):
            if not isinstance(item, dict) or not isinstance(item.get("side"), str):
                raise ValueError(f"hand {i} needs a side and points")
            parsed.append(Hand(item["side"], _rows(item.get("points"), HAND_POINTS, 3, f"hand {i}")))
        hands = tuple(parsed)
    return Frame(t=t, w=w, h=h, pose=pose, hands=hands)


def iter_track(stream: IO[str], source: str = "") -> Iterator[Frame]:
    """Frames from an open text stream; blank lines are allowed and skipped."""
    previous_t = -math.inf
    for line_no, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            frame = frame_from_dict(json.loads(line))
        except (ValueError, TypeError) as exc:
            raise TrackFormatError(line_no, str(exc), source) from None
        if frame.t < previous_t:
            raise TrackFormatError(line_no, f"time goes backwards ({frame.t} after {previous_t})", source)
        previous_t = frame.t
        yield frame


def read_track(path: PathLike) -> List[Frame]:
    path = Path(path)
    try:
        with path.open("r", encoding="utf-8") as stream:
            return list(iter_track(stream, source=str(path)))
    except UnicodeDecodeError:
        raise TrackFormatError(1, "not a text file", str(path)) from None


def write_track(path: PathLike, frames: Iterable[Frame]) -> int:
    """Write frames to ``path`` (atomically); returns how many were written."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    count = 0
    try:
        with tmp.open("w", encoding="utf-8") as stream:
            for frame in frames:
                stream.write(frame_to_line(frame) + "\n")
                count += 1
    except BaseException:
        # A half-written track is worse than none: leave nothing behind.
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(path)
    return count
