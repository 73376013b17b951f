"""Perception: video frames in, landmarks out (MediaPipe, offline).

Importing this package is cheap: cv2 and mediapipe load only when a detector
or the video reader is first used.

    from coach.perception import create_pose_detector, create_hand_detector, open_video
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

from coach.perception.base import (
    HandDetector,
    MonotonicClock,
    PerceptionError,
    PoseDetector,
    model_cache_dir,
)

_LAZY = {
    "create_pose_detector": "coach.perception.mediapipe_pose",
    "TasksPoseDetector": "coach.perception.mediapipe_pose",
    "LegacyPoseDetector": "coach.perception.mediapipe_pose",
    "pose_bundle_path": "coach.perception.mediapipe_pose",
    "create_hand_detector": "coach.perception.mediapipe_hands",
    "TasksHandDetector": "coach.perception.mediapipe_hands",
    "LegacyHandDetector": "coach.perception.mediapipe_hands",
    "hand_bundle_path": "coach.perception.mediapipe_hands",
    "open_video": "coach.perception.video",
    "iter_frames": "coach.perception.video",
    "probe_video": "coach.perception.video",
    "VideoReader": "coach.perception.video",
    "VideoInfo": "coach.perception.video",
    "VideoError": "coach.perception.video",
    "VideoNotFoundError": "coach.perception.video",
    "VideoOpenError": "coach.perception.video",
    "EmptyVideoError": "coach.perception.video",
}

__all__ = ["HandDetector", "MonotonicClock", "PerceptionError", "PoseDetector", "model_cache_dir", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'coach.perception' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
