"""The toe-drawing game: trace a shape in the air with the toes, watched by the camera.

Sitting, the child holds a pencil between the big toe and the second toe (or
just points the toes) and draws the shape shown on the screen. The tip of the
raised foot (MediaPipe's foot index point) leaves a trail; every part of the
shape the trail passes near lights up, and stars come at 50, 80 and 100 %.
Scoring is pure (``target_points``, ``coverage``); the processor is per browser.
"""
from __future__ import annotations

import math
import threading
from collections import deque
from typing import Any, Deque, List, Optional, Sequence, Tuple

import streamlit as st

from coach.frame_relay import FrameRelay, relay_video_frame

Point = Tuple[float, float]
SHAPES = {"circle": "a circle", "one": "the number 1", "ell": "the letter L", "zigzag": "a zigzag"}


def target_points(shape: str, n: int = 24) -> List[Point]:
    """Points along the shape, in normalised image coordinates."""
    if shape == "circle":
        return [(0.5 + 0.17 * math.cos(2 * math.pi * i / n), 0.5 + 0.22 * math.sin(2 * math.pi * i / n))
                for i in range(n)]
    if shape == "one":
        return [(0.42 + 0.08 * i / 5, 0.33 - 0.05 * i / 5) for i in range(6)] + \
               [(0.5, 0.28 + 0.44 * i / (n - 7)) for i in range(n - 6)]
    if shape == "ell":
        half = n // 2
        return [(0.38, 0.28 + 0.44 * i / half) for i in range(half)] + \
               [(0.38 + 0.26 * i / (n - half - 1), 0.72) for i in range(n - half)]
    if shape == "zigzag":
        corners = [(0.3, 0.35), (0.42, 0.65), (0.54, 0.35), (0.66, 0.65)]
        pts: List[Point] = []
        per = max(1, n // 3)
        for (x0, y0), (x1, y1) in zip(corners, corners[1:]):
            pts += [(x0 + (x1 - x0) * i / per, y0 + (y1 - y0) * i / per) for i in range(per)]
        return pts
    raise ValueError(f"unknown shape {shape!r}")


def coverage(trail: Sequence[Point], targets: Sequence[Point], radius: float = 0.05) -> float:
    """Share of target points that the trail came within ``radius`` of."""
    if not targets:
        return 0.0
    hit = sum(1 for tx, ty in targets if any(math.hypot(tx - x, ty - y) <= radius for x, y in trail))
    return hit / len(targets)


def stars_for(score: float) -> int:
    return sum(score >= s for s in (0.5, 0.8, 0.999))


def foot_tip(pose: Optional[Sequence[Sequence[float]]]) -> Optional[Point]:
    """The tip of the raised foot: of the two foot index points, the higher one in the image."""
    if pose is None or len(pose) < 33:
        return None
    candidates = [pose[i] for i in (31, 32) if len(pose[i]) < 4 or pose[i][3] >= 0.5]
    if not candidates:
        return None
    tip = min(candidates, key=lambda p: p[1])
    return float(tip[0]), float(tip[1])


class ToeDrawProcessor:
    def __init__(self, shape: str = "circle") -> None:
        self._lock = threading.Lock()
        self.shape = shape
        self.trail: Deque[Point] = deque(maxlen=600)
        self._tracker: Any = None
        self.error: Optional[str] = None
        self._relay = FrameRelay(self.draw, name="footcoach-toedraw")

    def reset(self, shape: Optional[str] = None) -> None:
        with self._lock:
            if shape:
                self.shape = shape
            self.trail.clear()

    def score(self) -> float:
        with self._lock:
            return coverage(list(self.trail), target_points(self.shape))

    def recv(self, frame: Any) -> Any:
        """streamlit-webrtc's callback: leaves the frame with the relay, returns the newest drawing."""
        t = float(frame.time) if frame.time is not None else 0.0
        return relay_video_frame(self._relay, frame, t)

    def draw(self, bgr: Any, t: float, _clock: float = 0.0) -> Any:
        """Finds the foot tip in one frame, adds it to the trail and draws targets and trail."""
        import cv2

        from coach.pipeline import BodyTracker, TrackerOptions

        image = bgr.copy()
        h, w = image.shape[:2]
        try:
            if self._tracker is None:
                self._tracker = BodyTracker.create(TrackerOptions(with_hands=False))
            record = self._tracker.process(cv2.cvtColor(image, cv2.COLOR_BGR2RGB), t)
            tip = foot_tip(record.pose)
        except Exception as e:  # keep the stream alive; say what went wrong
            self.error = str(e)
            tip = None
        with self._lock:
            if tip is not None:
                self.trail.append(tip)
            targets = target_points(self.shape)
            trail = list(self.trail)
        hits = [any(math.hypot(tx - x, ty - y) <= 0.05 for x, y in trail) for tx, ty in targets]
        for (tx, ty), hit in zip(targets, hits):
            cv2.circle(image, (int(tx * w), int(ty * h)), 9, (0, 200, 0) if hit else (200, 200, 200), -1, cv2.LINE_AA)
        for (x0, y0), (x1, y1) in zip(trail, trail[1:]):
            cv2.line(image, (int(x0 * w), int(y0 * h)), (int(x1 * w), int(y1 * h)), (255, 80, 200), 4, cv2.LINE_AA)
        score = sum(hits) / max(1, len(hits))
        cv2.putText(image, f"{int(score * 100)}%  " + "*" * stars_for(score), (16, 40), cv2.FONT_HERSHEY_DUPLEX, 1.2,
                    (0, 215, 255), 3, cv2.LINE_AA)
        return image


def toe_drawing_game() -> None:
    from streamlit_webrtc import WebRtcMode, webrtc_streamer

    st.markdown("Sit down, hold a pencil between your big toe and the next toe (or just point your toes), "
                "lift your foot and draw the shape in the air. Light up every dot!")
    shape = st.radio("Draw", list(SHAPES), format_func=SHAPES.get, horizontal=True, key="toe_shape")
    # not under the camera's key: streamlit-webrtc keeps its own state there
    proc = st.session_state.get("toedraw_game")
    if proc is None:
        proc = st.session_state["toedraw_game"] = ToeDrawProcessor(shape)
    if proc.shape != shape:
        proc.reset(shape)
    st.caption("The camera must see you from head to feet, about two metres away, from the side.")
    webrtc_streamer(key="toedraw", mode=WebRtcMode.SENDRECV, rtc_configuration={"iceServers": []},
                    media_stream_constraints={"video": True, "audio": False}, video_frame_callback=proc.recv,
                    async_processing=True)
    _score(proc)


@st.fragment(run_every=1.0)
def _score(proc: ToeDrawProcessor) -> None:
    score = proc.score()
    st.progress(score, text=f"Drawn: {int(score * 100)}%  " + "⭐" * stars_for(score))
    if score >= 0.999:
        st.success("Perfect drawing! 🎉")
    if st.button("Clear and draw again", key="toe_clear"):
        proc.reset()
