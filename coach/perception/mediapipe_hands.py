"""MediaPipe Hands adapters (offline, models from the mediapipe 0.10.21 wheel).

- ``LegacyHandDetector`` (default, see ``create_hand_detector``):
  ``mp.solutions.hands.Hands``.
- ``TasksHandDetector``: Tasks API HandLandmarker in VIDEO mode with
  explicit timestamps. Its ``.task`` bundle is a plain zip of the wheel's
  palm detector and hand landmark models, built once into the model cache.

``Hand.side`` is MediaPipe's handedness label ("Left"/"Right") as reported.
The legacy graph assumes a mirrored (selfie) image; the Tasks graph in 0.10.21
reports the opposite label for the same hand.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Optional, Tuple

import numpy as np

from coach.records import HAND_POINTS, Hand
from coach.perception.wheel import wheel_model
from coach.perception.base import (
    MonotonicClock,
    PerceptionError,
    as_rgb_uint8,
    is_valid_bundle,
    model_cache_dir,
    write_zip_atomically,
)

import mediapipe as mp  # noqa: E402

HANDS_ROUTE_ENV = "FOOTCOACH_HANDS_ROUTE"  # "legacy" (default) or "tasks"
_BUNDLE_MEMBERS = ("hand_detector.tflite", "hand_landmarks_detector.tflite")
_VARIANTS = ("full", "lite")
_build_lock = threading.Lock()


def hand_bundle_path(variant: str = "full", cache_dir: Optional[Path] = None, rebuild: bool = False) -> Path:
    """Path of the hand .task bundle ("full" or "lite"), built if missing."""
    if variant not in _VARIANTS:
        raise PerceptionError(f"unknown hand model variant {variant!r} (use 'full' or 'lite')")
    folder = Path(cache_dir) if cache_dir is not None else model_cache_dir()
    path = folder / f"hand_landmarker_{variant}_mp{mp.__version__}.task"
    with _build_lock:
        if rebuild or not is_valid_bundle(path, _BUNDLE_MEMBERS):
            members = {
                _BUNDLE_MEMBERS[0]: wheel_model(f"palm_detection/palm_detection_{variant}.tflite").read_bytes(),
                _BUNDLE_MEMBERS[1]: wheel_model(f"hand_landmark/hand_landmark_{variant}.tflite").read_bytes(),
            }
            try:
                write_zip_atomically(path, members)
            except OSError as exc:
                raise PerceptionError(
                    f"cannot write hand model bundle to {folder} ({exc.strerror or exc}); "
                    "set FOOTCOACH_MODEL_DIR to a writable folder"
                ) from exc
    return path


def _to_hand(landmarks, handedness) -> Optional[Hand]:
    points = tuple((float(p.x), float(p.y), float(p.z)) for p in landmarks)
    if len(points) != HAND_POINTS:
        return None
    return Hand(side=str(handedness) if handedness else "Unknown", points=points)


class TasksHandDetector:
    """HandLandmarker (Tasks API): VIDEO mode, or IMAGE mode when ``independent``
    (each look on its own, for frames given only now and then)."""

    route = "tasks"

    def __init__(
        self,
        max_hands: int = 2,
        variant: str = "full",
        model_path: Optional[Path] = None,
        min_detection_confidence: float = 0.5,
        min_presence_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
        independent: bool = False,
    ) -> None:
        from mediapipe.tasks.python import vision
        from mediapipe.tasks.python.core.base_options import BaseOptions

        self._independent = bool(independent)
        path = Path(model_path) if model_path is not None else hand_bundle_path(variant)
        options = vision.HandLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(path)),
            running_mode=vision.RunningMode.IMAGE if self._independent else vision.RunningMode.VIDEO,
            num_hands=int(max_hands),
            min_hand_detection_confidence=min_detection_confidence,
            min_hand_presence_confidence=min_presence_confidence,
            min_tracking_confidence=min_tracking_confidence,
        )
        try:
            self._landmarker = vision.HandLandmarker.create_from_options(options)
        except Exception as exc:
            raise PerceptionError(f"cannot load hand model {path}: {exc}") from exc
        self._clock = MonotonicClock()

    def detect(self, rgb: np.ndarray, t: float) -> Tuple[Hand, ...]:
        if self._landmarker is None:
            raise PerceptionError("hand detector is closed")
        image = mp.Image(image_format=mp.ImageFormat.SRGB, data=as_rgb_uint8(rgb))
        ms = self._clock.to_ms(t)
        if self._independent:
            result = self._landmarker.detect(image)
        else:
            result = self._landmarker.detect_for_video(image, ms)
        hands = []
        for i, landmarks in enumerate(result.hand_landmarks or []):
            side = None
            if result.handedness and i < len(result.handedness) and result.handedness[i]:
                side = result.handedness[i][0].category_name
            hand = _to_hand(landmarks, side)
            if hand is not None:
                hands.append(hand)
        return tuple(hands)

    def close(self) -> None:
        if self._landmarker is not None:
            self._landmarker.close()
            self._landmarker = None

    def __enter__(self) -> "TasksHandDetector":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LegacyHandDetector:
    """mp.solutions.hands.Hands (ignores ``t`` beyond checking it).

    ``independent=False`` tracks the hand from frame to frame, which is right
    when every frame is given. When frames are given only now and then (ten a
    second, as the body view does), the tracker's crop from the previous look
    is stale and it loses the fingers: measured on the thumbs-up video, 3 of
    65 looks saw the thumbs up with tracking, 41 of 65 with independent looks.
    """

    route = "legacy"

    def __init__(
        self,
        max_hands: int = 2,
        variant: str = "full",
        min_detection_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
        independent: bool = False,
    ) -> None:
        if variant not in _VARIANTS:
            raise PerceptionError(f"unknown hand model variant {variant!r} (use 'full' or 'lite')")
        self._hands = mp.solutions.hands.Hands(
            static_image_mode=bool(independent),
            max_num_hands=int(max_hands),
            model_complexity=1 if variant == "full" else 0,
            min_detection_confidence=min_detection_confidence,
            min_tracking_confidence=min_tracking_confidence,
        )
        self._clock = MonotonicClock()

    def detect(self, rgb: np.ndarray, t: float) -> Tuple[Hand, ...]:
        if self._hands is None:
            raise PerceptionError("hand detector is closed")
        self._clock.to_ms(t)
        result = self._hands.process(as_rgb_uint8(rgb))
        hands = []
        for i, landmarks in enumerate(result.multi_hand_landmarks or []):
            side = None
            if result.multi_handedness and i < len(result.multi_handedness):
                side = result.multi_handedness[i].classification[0].label
            hand = _to_hand(landmarks.landmark, side)
            if hand is not None:
                hands.append(hand)
        return tuple(hands)

    def close(self) -> None:
        if self._hands is not None:
            self._hands.close()
            self._hands = None

    def __enter__(self) -> "LegacyHandDetector":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def create_hand_detector(route: Optional[str] = None, **kwargs):
    """A HandDetector. ``route``: "legacy" (default) or "tasks"; env
    FOOTCOACH_HANDS_ROUTE overrides the default.

    Legacy is the default: same speed as Tasks here, but on the footage the
    Tasks HandLandmarker found a false hand on bare toes
    (feet_barefoot_topview_concrete_2.png, score 0.64) and missed hands that
    the legacy graph finds, whose counts match the reference in SOURCES.tsv.
    Note the two routes report opposite handedness labels for the same hand.
    """
    route = (route or os.environ.get(HANDS_ROUTE_ENV) or "legacy").strip().lower()
    if route == "tasks":
        return TasksHandDetector(**kwargs)
    if route == "legacy":
        return LegacyHandDetector(**kwargs)
    raise PerceptionError(f"unknown hands route {route!r} (use 'tasks' or 'legacy')")
