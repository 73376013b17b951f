"""Video file -> ``FootFrame`` per frame, for ``coach analyze`` on foot exercises.

A calibration sidecar may sit beside the video, ``VIDEO.foot.json``:
``{"view": "top"|"side", "outline": [[x, y], ...], "zone": [x0, y0, x1, y1]}``
(normalised coordinates). The app writes it when the person places the foot
in the on-screen outline; without it the first frame is segmented with
MediaPipe's selfie model refined by GrabCut (weaker on busy carpets).
"""
from __future__ import annotations

import json
import os
from typing import Iterator, Optional

from coach.engine.foot_records import FootFrame
from coach.foot.tracker import FootTracker, Scene
from coach.perception.video import open_video


def sidecar_path(video_path: str) -> str:
    return os.fspath(video_path) + ".foot.json"


def load_scene(video_path: str) -> Scene:
    path = sidecar_path(video_path)
    if not os.path.isfile(path):
        return Scene()
    with open(path) as fh:
        raw = json.load(fh)
    scene = Scene(view=raw.get("view", "top"))
    if raw.get("outline"):
        scene.outline = [tuple(p) for p in raw["outline"]]
    if raw.get("zone"):
        scene.zone = tuple(raw["zone"])  # type: ignore[assignment]
    return scene


def track_foot_video(path: str, scene: Optional[Scene] = None) -> Iterator[FootFrame]:
    tracker = FootTracker(scene or load_scene(path))
    with open_video(path, rgb=False) as video:
        for t, bgr in video:
            yield tracker.process(t, bgr, rgb=False)
