"""Gates and form monitors shared by the body-view exercises. Pure.

A gate says whether a frame may count at all: the feet really in view (see
``visibility``) and the body in the exercise's position (standing, sitting
on the floor, lying on the back), so that a person walking past a seated
exercise, or a hand held up to the camera, never counts. A form monitor
watches something the counter does not (straight knees, legs moving in
turn) and says so, at most once every few seconds.
"""
from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass
from typing import Callable, Deque, List, Optional, Tuple

from coach.engine import body_signals as bs
from coach.engine.counter import FeedbackEvent
from coach.engine.visibility import feet_visible
from coach.records import Frame

GateResult = Tuple[bool, str]


def _feet_and_trunk(frame: Frame, trunk_ok: Callable[[float], bool], message: str) -> GateResult:
    """The feet in view, and the trunk's tilt from upright as the exercise
    wants it (else ``message``)."""
    check = feet_visible(frame)
    if not check.ok:
        return False, check.reason
    tilt = bs.trunk_tilt(frame)
    if tilt is None or not trunk_ok(tilt):
        return False, message
    return True, ""


def standing_gate(frame: Frame) -> GateResult:
    return _feet_and_trunk(frame, lambda tilt: tilt <= 35.0, "stand up: this exercise is done on your feet")


def seated_gate(frame: Frame) -> GateResult:
    """Sitting on the floor with the legs out in front: trunk up, legs flat."""
    upright = _feet_and_trunk(frame, lambda tilt: tilt <= 60.0, "sit up: this exercise is done sitting on the floor")
    if not upright[0]:
        return upright
    legs = [bs.leg_elevation(frame, s) for s in bs.SIDES]
    if not any(e is not None and e < 35.0 for e in legs):
        return False, "sit on the floor with your legs straight out in front of you"
    return True, ""


def lying_gate(frame: Frame) -> GateResult:
    return _feet_and_trunk(frame, lambda tilt: tilt >= 55.0, "lie down on your back for this exercise")


@dataclass
class HoldMonitor:
    """Emits ``code`` when ``measure`` has stayed past ``limit`` (below it when
    ``below``) for ``hold`` seconds of counted frames; then not again for
    ``repeat_after`` seconds."""

    measure: Callable[[Frame], Optional[float]]
    limit: float
    code: str
    below: bool = True
    hold: float = 1.0
    repeat_after: float = 5.0

    def __post_init__(self) -> None:
        self._since: Optional[float] = None
        self._last: Optional[float] = None

    def update(self, frame: Frame, value: Optional[float], phase: str) -> List[FeedbackEvent]:
        m = self.measure(frame) if value is not None else None
        if m is None:
            self._since = None
            return []
        bad = m < self.limit if self.below else m > self.limit
        if not bad:
            self._since = None
            return []
        if self._since is None:
            self._since = frame.t
        if frame.t - self._since < self.hold:
            return []
        if self._last is not None and frame.t - self._last < self.repeat_after:
            return []
        self._last = frame.t
        return [FeedbackEvent(frame.t, self.code)]


def best_of_legs(fn: Callable[[Frame, str], Optional[float]], pick=max) -> Callable[[Frame], Optional[float]]:
    """One number for both legs: ``pick`` of the legs that can be measured."""

    def measure(frame: Frame) -> Optional[float]:
        vals = [v for v in (fn(frame, s) for s in bs.SIDES) if v is not None]
        return pick(vals) if vals else None

    return measure


@dataclass
class TogetherMonitor:
    """Bicycle: both legs moving, but in step with each other instead of in turn."""

    code: str = "alternate"
    window: float = 3.0
    repeat_after: float = 6.0

    def __post_init__(self) -> None:
        self._hist: Deque[Tuple[float, float, float]] = deque()
        self._last: Optional[float] = None

    def update(self, frame: Frame, value: Optional[float], phase: str) -> List[FeedbackEvent]:
        if value is None:
            return []
        reach = leg_reach(frame)
        if reach is None:
            return []
        t = frame.t
        self._hist.append((t, reach[0], reach[1]))
        while self._hist[0][0] < t - self.window:
            self._hist.popleft()
        if len(self._hist) < 10 or (self._last is not None and t - self._last < self.repeat_after):
            return []
        ls = [h[1] for h in self._hist]
        rs = [h[2] for h in self._hist]
        ds = [a - b for a, b in zip(ls, rs)]
        moving = min(max(ls) - min(ls), max(rs) - min(rs))
        if moving > 0.25 and (max(ds) - min(ds)) < 0.5 * moving:
            self._last = t
            return [FeedbackEvent(t, self.code)]
        return []


def leg_reach(frame: Frame) -> Optional[Tuple[float, float]]:
    """Hip-to-ankle distance of each leg, in torso lengths."""
    t = bs.torso(frame)
    if t is None:
        return None
    out = []
    for s in bs.SIDES:
        hip, _, ankle, _, _ = bs.LEG[s]
        out.append(bs.dist(bs.px(frame, hip), bs.px(frame, ankle)) / t)
    return out[0], out[1]


def median_or_none(values: List[float]) -> Optional[float]:
    return statistics.median(values) if values else None
