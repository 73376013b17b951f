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


def track_video(path: "str | os.PathLike[str]", options: TrackerOptions = TrackerOptions()) -> Iterator[Frame]:
    """Landmark frames of a video file, streamed; raises VideoError for a bad file."""
    from coach.perception.video import open_video

    with open_video(path, rgb=True) as video:
        with BodyTracker.create(options) as tracker:
            for t, rgb in video:
                yield tracker.process(rgb, t)
