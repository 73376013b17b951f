"""Core records shared by every layer: one video frame's landmarks, with its time.

Pure: no cv2, mediapipe or streamlit here. Times are seconds taken from frame
timestamps, never from frame counts.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

# A pose landmark row: x and y normalised to the image (0..1, may fall outside),
# z relative depth, visibility 0..1.
PosePoint = Tuple[float, float, float, float]
# A hand landmark row: x and y normalised to the image, z relative depth.
HandPoint = Tuple[float, float, float]

POSE_POINTS = 33
HAND_POINTS = 21


class PoseIndex:
    """Indices into the 33 MediaPipe Pose landmarks that the coach uses."""

    NOSE = 0
    LEFT_EAR = 7
    RIGHT_EAR = 8
    LEFT_SHOULDER = 11
    RIGHT_SHOULDER = 12
    LEFT_WRIST = 15
    RIGHT_WRIST = 16
    LEFT_HIP = 23
    RIGHT_HIP = 24
    LEFT_KNEE = 25
    RIGHT_KNEE = 26
    LEFT_ANKLE = 27
    RIGHT_ANKLE = 28
    LEFT_HEEL = 29
    RIGHT_HEEL = 30
    LEFT_FOOT_INDEX = 31
    RIGHT_FOOT_INDEX = 32


@dataclass(frozen=True)
class Hand:
    """One detected hand: handedness as MediaPipe reports it and 21 points."""

    side: str
    points: Tuple[HandPoint, ...]


@dataclass(frozen=True)
class Frame:
    """Landmarks of one video frame.

    ``pose`` is None when no person was found; ``hands`` is None when hands were
    not looked for on this frame (they need not run on every frame) and an empty
    tuple when they were looked for and none was found. ``drawn`` marks a
    frame no camera saw: drawn in between two that one did, for counters
    tuned on a faster camera (``coach.engine.frame_fill``).
    """

    t: float
    w: int
    h: int
    pose: Optional[Tuple[PosePoint, ...]] = None
    hands: Optional[Tuple[Hand, ...]] = None
    drawn: bool = False
