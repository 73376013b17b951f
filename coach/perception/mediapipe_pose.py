"""MediaPipe Pose adapters (offline, models from the mediapipe 0.10.21 wheel).

Two routes behind the same ``PoseDetector`` interface:

- ``TasksPoseDetector`` (default): the Tasks API PoseLandmarker in VIDEO mode
  with explicit timestamps. The wheel ships no ``.task`` file, so one is built
  once into the model cache (see ``coach.perception.base.model_cache_dir``):
  ``pose_landmark_full.tflite`` gets image-normalisation metadata (mean 0,
  std 255, written with mediapipe's own metadata_writers) and is zipped with
  ``pose_detection.tflite``.
- ``LegacyPoseDetector``: ``mp.solutions.pose.Pose(model_complexity=1)``.
  It gives the same landmarks (within ~1 px) but ignores the frame times.

Use ``create_pose_detector()`` unless you need a specific route.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Optional, Tuple

import numpy as np

from coach.records import POSE_POINTS, PosePoint
from coach.perception.wheel import wheel_model
from coach.perception.base import (
    MonotonicClock,
    PerceptionError,
    as_rgb_uint8,
    is_valid_bundle,
    model_cache_dir,
    write_zip_atomically,
)

import mediapipe as mp  # noqa: E402  (after the pure imports on purpose)

POSE_ROUTE_ENV = "FOOTCOACH_POSE_ROUTE"  # "tasks" (default) or "legacy"
_BUNDLE_MEMBERS = ("pose_detector.tflite", "pose_landmarks_detector.tflite")
_build_lock = threading.Lock()


def _pose_bundle_bytes() -> dict:
    """The two .task members: detector as shipped, landmarker with metadata."""
    from mediapipe.tasks.python.metadata.metadata_writers import metadata_writer

    detector = wheel_model("pose_detection/pose_detection.tflite").read_bytes()
    landmarks = wheel_model("pose_landmark/pose_landmark_full.tflite").read_bytes()
    writer = metadata_writer.MetadataWriter.create(bytearray(landmarks))
    writer.add_general_info("pose_landmark_full", "BlazePose GHUM 3D landmarks (full)")
    # Model input is RGB float in [0, 1]: (pixel - 0) / 255.
    writer.add_image_input(norm_mean=[0.0], norm_std=[255.0])
    # landmarks, pose flag, segmentation, heatmap, world landmarks
    for _ in range(5):
        writer.add_feature_output()
    landmarks_md, _json = writer.populate()
    return {_BUNDLE_MEMBERS[0]: detector, _BUNDLE_MEMBERS[1]: bytes(landmarks_md)}


def pose_bundle_path(cache_dir: Optional[Path] = None, rebuild: bool = False) -> Path:
    """Path of the pose .task bundle, building it (atomically) if missing."""
    folder = Path(cache_dir) if cache_dir is not None else model_cache_dir()
    path = folder / f"pose_landmarker_full_mp{mp.__version__}.task"
    with _build_lock:
        if rebuild or not is_valid_bundle(path, _BUNDLE_MEMBERS):
            try:
                write_zip_atomically(path, _pose_bundle_bytes())
            except OSError as exc:
                raise PerceptionError(
                    f"cannot write pose model bundle to {folder} ({exc.strerror or exc}); "
                    "set FOOTCOACH_MODEL_DIR to a writable folder"
                ) from exc
    return path


def _landmarks_to_rows(landmarks) -> Tuple[PosePoint, ...]:
    return tuple(
        (float(p.x), float(p.y), float(p.z), float(p.visibility if p.visibility is not None else 0.0))
        for p in landmarks
    )


class TasksPoseDetector:
    """PoseLandmarker (Tasks API, VIDEO mode) for one person."""

    route = "tasks"

    def __init__(
        self,
        model_path: Optional[Path] = None,
        min_detection_confidence: float = 0.5,
        min_presence_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
    ) -> None:
        from mediapipe.tasks.python import vision
        from mediapipe.tasks.python.core.base_options import BaseOptions

        path = Path(model_path) if model_path is not None else pose_bundle_path()
        options = vision.PoseLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(path)),
            running_mode=vision.RunningMode.VIDEO,
            num_poses=1,
            min_pose_detection_confidence=min_detection_confidence,
            min_pose_presence_confidence=min_presence_confidence,
            min_tracking_confidence=min_tracking_confidence,
            output_segmentation_masks=False,
        )
        try:
            self._landmarker = vision.PoseLandmarker.create_from_options(options)
        except Exception as exc:  # mediapipe raises RuntimeError/ValueError
            raise PerceptionError(f"cannot load pose model {path}: {exc}") from exc
        self._clock = MonotonicClock()

    def detect(self, rgb: np.ndarray, t: float) -> Optional[Tuple[PosePoint, ...]]:
        if self._landmarker is None:
            raise PerceptionError("pose detector is closed")
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=as_rgb_uint8(rgb))
        result = self._landmarker.detect_for_video(image, self._clock.to_ms(t))
        if not result.pose_landmarks:
            return None
        rows = _landmarks_to_rows(result.pose_landmarks[0])
        return rows if len(rows) == POSE_POINTS else None

    def close(self) -> None:
        if self._landmarker is not None:
            self._landmarker.close()
            self._landmarker = None

    def __enter__(self) -> "TasksPoseDetector":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LegacyPoseDetector:
    """mp.solutions.pose.Pose(model_complexity=1), tracking between frames.

    The legacy graph keeps its own clock, so ``t`` is only checked, not used.
    """

    route = "legacy"

    def __init__(self, min_detection_confidence: float = 0.5, min_tracking_confidence: float = 0.5) -> None:
        self._pose = mp.solutions.pose.Pose(
            static_image_mode=False,
            model_complexity=1,  # 0 and 2 try to download their models
            smooth_landmarks=True,
            enable_segmentation=False,
            min_detection_confidence=min_detection_confidence,
            min_tracking_confidence=min_tracking_confidence,
        )
        self._clock = MonotonicClock()

    def detect(self, rgb: np.ndarray, t: float) -> Optional[Tuple[PosePoint, ...]]:
        if self._pose is None:
            raise PerceptionError("pose detector is closed")
        self._clock.to_ms(t)
        result = self._pose.process(as_rgb_uint8(rgb))
        if result.pose_landmarks is None:
            return None
        rows = _landmarks_to_rows(result.pose_landmarks.landmark)
        return rows if len(rows) == POSE_POINTS else None

    def close(self) -> None:
        if self._pose is not None:
            self._pose.close()
            self._pose = None

    def __enter__(self) -> "LegacyPoseDetector":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def create_pose_detector(route: Optional[str] = None, **kwargs):
    """A PoseDetector. ``route``: "tasks" (default) or "legacy"; env
    FOOTCOACH_POSE_ROUTE overrides the default."""
    route = (route or os.environ.get(POSE_ROUTE_ENV) or "tasks").strip().lower()
    if route == "tasks":
        return TasksPoseDetector(**kwargs)
    if route == "legacy":
        return LegacyPoseDetector(**kwargs)
    raise PerceptionError(f"unknown pose route {route!r} (use 'tasks' or 'legacy')")
