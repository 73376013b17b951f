"""Body-view perception pipeline: RGB frames with timestamps in, Frame records out.

The Streamlit callback, the command line and the benchmark all go through
``BodyTracker`` so that what is measured is what users run.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Iterator, Optional

import numpy as np

from coach.perception.base import HandDetector, PoseDetector
from coach.perception.mirror_look import BothWaysPose
from coach.records import Frame


@dataclass(frozen=True)
class TrackerOptions:
    # Gestures are held for half a second or more, so looking for hands ten
    # times a second is enough, and keeps pose plus hands within a 30 fps budget.
    hands_interval: float = 0.1
    max_hands: int = 1
    with_hands: bool = True
    # Pose on the picture and on its mirror image, keeping the look the model
    # is surer of the feet in (see coach/perception/mirror_look.py): twice
    # the pose model's time, for feet read as well facing either way.
    both_ways: bool = True
    # Pictures larger than this on their long side are shrunk for the models
    # (0: never). The pose and hand models look at 256 and 224 pixel crops,
    # so a phone's 4K frames carry nothing they use and only cost time: 8 s
    # of 4K video at 60 fps took 50 s through `coach analyze`, 26 s shrunk.
    # Full HD (the webcams, the real footage) reaches them as it is: a person
    # far off in it keeps every pixel. The landmarks are shares of the
    # picture, the same either way, and the frame keeps its own size.
    max_side: int = 1920


class BodyTracker:
    """Pose on every frame, hands every ``hands_interval`` seconds of video time."""

    def __init__(self, pose: PoseDetector, hands: Optional[HandDetector], options: TrackerOptions = TrackerOptions()) -> None:
        self.pose = pose
        self.hands = hands
        self.options = options
        self._next_hands_t: Optional[float] = None
        # Seconds spent in each model since creation: what `coach bench` reports.
        self.seconds = {"pose": 0.0, "hands": 0.0}

    @classmethod
    def create(cls, options: TrackerOptions = TrackerOptions()) -> "BodyTracker":
        from coach.perception.mediapipe_hands import create_hand_detector
        from coach.perception.mediapipe_pose import create_pose_detector

        pose: PoseDetector = create_pose_detector()
        if options.both_ways:
            pose = BothWaysPose(pose, create_pose_detector())
        # Hands are looked at only every ``hands_interval``: each look must stand
        # on its own rather than track from a stale previous frame.
        hands = create_hand_detector(max_hands=options.max_hands, independent=True) if options.with_hands else None
        return cls(pose, hands, options)

    def process(self, rgb: np.ndarray, t: float) -> Frame:
        h, w = rgb.shape[:2]
        rgb = shrunk(rgb, self.options.max_side)
        started = time.perf_counter()
        pose = self.pose.detect(rgb, t)
        posed = time.perf_counter()
        self.seconds["pose"] += posed - started
        hands = None
        if self.hands_due(t):
            hands = self.hands.detect(rgb, t)  # type: ignore[union-attr]
            self._next_hands_t = t + self.options.hands_interval
            self.seconds["hands"] += time.perf_counter() - posed
        return Frame(t=t, w=w, h=h, pose=pose, hands=hands)

    def hands_due(self, t: float) -> bool:
        return self.hands is not None and (self._next_hands_t is None or t >= self._next_hands_t)

    def close(self) -> None:
        self.pose.close()
        if self.hands is not None:
            self.hands.close()

    def __enter__(self) -> "BodyTracker":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def shrunk(image: np.ndarray, max_side: int) -> np.ndarray:
    """``image`` scaled down, its proportions kept, so that its long side is
    ``max_side`` pixels; as it is when already that small (or ``max_side`` is 0)."""
    h, w = image.shape[:2]
    if max_side <= 0 or max(h, w) <= max_side:
        return image
    import cv2

    scale = max_side / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def track_video(path: "str | os.PathLike[str]", options: TrackerOptions = TrackerOptions()) -> Iterator[Frame]:
    """Landmark frames of a video file, streamed; raises VideoError for a bad file."""
    from coach.perception.video import open_video

    with open_video(path, rgb=True) as video:
        with BodyTracker.create(options) as tracker:
            for t, rgb in video:
                yield tracker.process(rgb, t)
