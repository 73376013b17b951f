"""Touchless control: open palm and thumbs up from the 21 hand landmarks.

Pure: hand landmark rows in, gesture names out. ``classify`` names the pose of
one hand; ``GestureDetector`` turns a stream of classified hands into events,
one per hold: a gesture must be seen for ``hold`` seconds (frame timestamps)
before it fires, and must be let go before it can fire again. Hands are looked
for only a few times a second, so short gaps between sightings are bridged.

Landmarks (MediaPipe Hands): 0 wrist; thumb 1-4; index 5-8; middle 9-12;
ring 13-16; little 17-20 (each finger: knuckle, middle joint, top joint, tip).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence, Tuple

OPEN_PALM = "open_palm"
THUMBS_UP = "thumbs_up"
GESTURES = (OPEN_PALM, THUMBS_UP)

WRIST = 0
THUMB = (1, 2, 3, 4)
FINGERS = ((5, 6, 7, 8), (9, 10, 11, 12), (13, 14, 15, 16), (17, 18, 19, 20))

Point = Tuple[float, float]


def _xy(points: Sequence[Sequence[float]], aspect: float) -> Tuple[Point, ...]:
    # Normalised x and y are scaled to the same unit (the image height).
    return tuple((float(p[0]) * aspect, float(p[1])) for p in points)


def _d(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def finger_states(points: Sequence[Sequence[float]], aspect: float = 1.0) -> Tuple[str, ...]:
    """'extended', 'curled' or 'unclear' for index, middle, ring and little finger."""
    p = _xy(points, aspect)
    wrist = p[WRIST]
    states = []
    for mcp, pip, _dip, tip in FINGERS:
        reach_tip, reach_pip = _d(wrist, p[tip]), _d(wrist, p[pip])
        if reach_tip > 1.15 * reach_pip and _d(p[mcp], p[tip]) > 0.55 * _d(wrist, p[mcp]):
            states.append("extended")
        elif reach_tip < 1.02 * reach_pip:
            states.append("curled")
        else:
            states.append("unclear")
    return tuple(states)


def classify(points: Sequence[Sequence[float]], aspect: float = 1.0) -> Optional[str]:
    """OPEN_PALM, THUMBS_UP or None for one hand's 21 points (x, y normalised).

    ``aspect`` is the image's width over its height, so that distances are true.
    """
    if len(points) < 21:
        return None
    p = _xy(points, aspect)
    palm = _d(p[WRIST], p[9])
    if palm <= 1e-6:
        return None
    fingers = finger_states(points, aspect)
    if all(s == "extended" for s in fingers):
        # Four straight fingers: the palm shown to the camera, thumb in or out.
        return OPEN_PALM
    if sum(s == "curled" for s in fingers) >= 3 and fingers.count("extended") <= 1:
        # A fist with the thumb standing up: the thumb tip is the hand's highest
        # point by a clear margin, and the thumb points up rather than sideways.
        thumb_tip, thumb_mcp = p[4], p[2]
        dx, dy = thumb_tip[0] - thumb_mcp[0], thumb_tip[1] - thumb_mcp[1]
        others_top = min(pt[1] for i, pt in enumerate(p) if i >= 5)
        margin = (others_top - thumb_tip[1]) / palm
        if margin >= 0.4 and dy <= -0.4 * palm and abs(dy) > 0.8 * abs(dx):
            return THUMBS_UP
    return None


def classify_hands(hands: Iterable[object], aspect: float = 1.0) -> Optional[str]:
    """The gesture shown by any of the hands (objects with ``.points``); thumbs up wins."""
    found = {classify(getattr(h, "points", h), aspect) for h in hands}
    if THUMBS_UP in found:
        return THUMBS_UP
    if OPEN_PALM in found:
        return OPEN_PALM
    return None


@dataclass(frozen=True)
class GestureEvent:
    name: str
    t: float          # when it fired (end of the hold)
    since: float      # when the hold began


class GestureDetector:
    """Debounces classified gestures: one event per hold, timed by frame timestamps."""

    def __init__(self, hold: float = 0.6, gap: float = 0.35) -> None:
        if hold <= 0 or gap <= 0:
            raise ValueError("hold and gap must be positive")
        self.hold = hold
        self.gap = gap
        self._candidate: Optional[str] = None
        self._since = 0.0
        self._last_seen = 0.0
        self._fired = False
        self._last_t: Optional[float] = None

    def reset(self) -> None:
        self._candidate = None
        self._fired = False

    def update(self, t: float, gesture: Optional[str], looked: bool = True) -> Optional[GestureEvent]:
        """Feeds one frame. ``gesture`` is what ``classify_hands`` saw; ``looked``
        is False for frames where hands were not looked for (then ``gesture`` is ignored)."""
        if self._last_t is not None and t < self._last_t:
            self.reset()  # the clock restarted (a new camera stream)
        self._last_t = t
        if not looked:
            if self._candidate is not None and t - self._last_seen > self.gap:
                self.reset()
            return None
        if gesture is None:
            if self._candidate is not None and t - self._last_seen > self.gap:
                self.reset()
            return None
        if gesture != self._candidate or t - self._last_seen > self.gap:
            self._candidate, self._since, self._fired = gesture, t, False
        self._last_seen = t
        if not self._fired and t - self._since >= self.hold:
            self._fired = True
            return GestureEvent(gesture, t, self._since)
        return None

    def holding(self, t: float) -> Tuple[Optional[str], float]:
        """The gesture being held and how far through the hold it is (0..1), for the overlay."""
        if self._candidate is None or t - self._last_seen > self.gap:
            return None, 0.0
        if self._fired:
            return self._candidate, 1.0
        return self._candidate, max(0.0, min(1.0, (t - self._since) / self.hold))
