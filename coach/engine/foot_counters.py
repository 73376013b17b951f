"""Counters and analysers for the foot exercises that one rising signal cannot
describe: digits drawn with the toe (counted when a stroke ends), objects
dropped into a bowl (counted when the count in the bowl settles higher), and
the extra results (the digits, the towel length, the toe angles).

Pure: no vision library. All are causal: a live session gets the same counts.
"""
from __future__ import annotations

import math
import statistics
from collections import deque
from dataclasses import replace
from typing import Any, Deque, List, Optional, Tuple

from coach.engine.counter import REST, ACTIVE, Event, RepCounter, RepEvent, SignalRange
from coach.engine.foot_motion import Pt, gathered_length, recognise_digit
from coach.engine.foot_records import FootFrame

# Typical adult foot: length about 2.6 times the width across the ball. The
# heel is usually out of a close-up's view, so lengths are derived from the
# ball width the camera does see.
FOOT_LENGTH_PER_WIDTH = 2.6


def toe_point(frame: Any) -> Optional[Pt]:
    """The big-toe tip in pixels: the tracked tip (``pen``) when there is one,
    else the silhouette's toe end."""
    if not isinstance(frame, FootFrame) or not frame.found:
        return None
    p = frame.tip
    if p is None:
        return None
    return p[0] * frame.w, p[1] * frame.h


class SteadyWidth:
    """The foot width in pixels: the median of the last ``n`` frames (the
    silhouette's width jumps now and then; the foot's does not)."""

    def __init__(self, n: int = 151) -> None:
        self._values: Deque[float] = deque(maxlen=n)

    def push(self, frame: Any) -> Optional[float]:
        if isinstance(frame, FootFrame) and frame.found and frame.width > 0:
            self._values.append(frame.width * frame.w)
        return statistics.median(self._values) if self._values else None


class StrokeSplitter:
    """Cuts the toe-tip path into strokes separated by pauses, causally.

    Points are pushed with ``scale``, the foot width in the points' unit
    (default 1: points already in foot widths); the path is kept in the
    points' own unit so a change of scale never bends a stroke. Speed is
    measured over ``window`` seconds (a frame-to-frame difference is mostly
    tracking jitter). A stroke ends after ``min_pause`` seconds slower than
    ``still_speed`` (foot widths per second); it is kept when it lasted
    ``min_duration`` and spans at least ``min_size`` foot widths.
    """

    def __init__(self, still_speed: float = 0.5, window: float = 0.2, min_pause: float = 0.3,
                 min_duration: float = 1.0, min_size: float = 0.4, median: int = 5) -> None:
        self._raw: Deque[Pt] = deque(maxlen=median)
        self.still_speed = still_speed
        self.window = window
        self.min_pause = min_pause
        self.min_duration = min_duration
        self.min_size = min_size
        self._recent: Deque[Tuple[float, Pt]] = deque()
        self._points: List[Tuple[float, Pt]] = []
        self._last_move: Optional[float] = None
        self.moving = False

    def reset(self) -> None:
        """Forget the stroke under way (the tip was re-found elsewhere)."""
        self._raw.clear()
        self._recent.clear()
        self._points, self._last_move, self.moving = [], None, False

    def push(self, t: float, p: Optional[Pt], scale: float = 1.0) -> Optional[Tuple[float, float, List[Pt]]]:
        if p is None:
            return None
        # A running median drops the odd frame where the tip jumps to another toe.
        self._raw.append(p)
        p = (statistics.median(q[0] for q in self._raw), statistics.median(q[1] for q in self._raw))
        self._recent.append((t, p))
        while self._recent and self._recent[0][0] < t - self.window:
            self._recent.popleft()
        t0, p0 = self._recent[0]
        speed = math.dist(p0, p) / (t - t0) if t > t0 else 0.0
        if speed > self.still_speed * scale:
            if self._last_move is None:
                # The stroke began when the window opened.
                self._points = [q for q in self._recent]
            else:
                self._points.append((t, p))
            self._last_move = t
            self.moving = True
            return None
        if self._last_move is None:
            return None
        self._points.append((t, p))
        if t - self._last_move < self.min_pause:
            return None
        points = [q for q in self._points if q[0] <= self._last_move]
        self._last_move, self._points, self.moving = None, [], False
        if len(points) < 5 or points[-1][0] - points[0][0] < self.min_duration:
            return None
        xs = [q[1][0] for q in points]
        ys = [q[1][1] for q in points]
        if max(max(xs) - min(xs), max(ys) - min(ys)) < self.min_size * scale:
            return None
        return points[0][0], points[-1][0], [q[1] for q in points]


class DigitCounter:
    """``counter_factory`` for toe drawing: one repetition per digit drawn."""

    def __init__(self, spec: Any, signal_range: SignalRange) -> None:
        self.splitter = StrokeSplitter()
        self.count = 0
        self.phase = REST
        self.progress = 0.0
        self.events: List[Event] = []
        self.range = signal_range
        self.digits: List[Tuple[Optional[str], float]] = []
        self._width = SteadyWidth()
        self._last_pen: Optional[Pt] = None

    # A tracked tip that moves this many foot widths in one frame was re-found
    # elsewhere (a toe cannot move that fast): the stroke under way is dropped.
    JUMP = 0.7

    def update(self, t: float, value: Optional[float], frame: Any) -> List[Event]:
        scale = self._width.push(frame)
        p = toe_point(frame) if value is not None and scale else None
        pen = p if p is not None and frame.pen is not None else None
        if pen is not None and self._last_pen is not None and scale and math.dist(pen, self._last_pen) > self.JUMP * scale:
            self.splitter.reset()
        self._last_pen = pen
        stroke = self.splitter.push(t, p, scale or 1.0)
        self.phase = ACTIVE if self.splitter.moving else REST
        self.progress = 1.0 if self.splitter.moving else 0.0
        if stroke is None:
            return []
        start, end, path = stroke
        digit, confidence = recognise_digit(path)
        self.digits.append((digit, confidence))
        xs = [q[0] for q in path]
        ys = [q[1] for q in path]
        size = max(max(xs) - min(xs), max(ys) - min(ys)) / (scale or 1.0)
        self.count += 1
        event = RepEvent(index=self.count, start=start, peak=0.5 * (start + end), end=end,
                         value=float(digit) if digit is not None else -1.0, range=size, progress=1.0, quality="full")
        self.events.append(event)
        return [event]


class DigitAnalyser:
    """Puts the digits recognised into ``extra["digits"]`` (same splitter, same result)."""

    def __init__(self) -> None:
        self._counter = DigitCounter(None, SignalRange(span=1.0, min_span=1.0))

    def push(self, frame: Any, result: Any) -> None:
        self._counter.update(result.t, result.signal if result.valid else None, frame)

    def finish(self, out: Any) -> None:
        out.extra["digits"] = [d for d, _ in self._counter.digits]
        out.extra["digit_confidence"] = [round(c, 3) for _, c in self._counter.digits]


class ZoneCounter:
    """``counter_factory`` for object pickup: the number of objects in the bowl.

    The count read off a frame flickers (a foot passing over the bowl hides
    what is in it); a count is believed once it has held for ``settle``
    seconds. Each settled count above the highest one so far is one object
    moved in; the first settled count is what the bowl held at the start.
    """

    def __init__(self, spec: Any, signal_range: SignalRange, settle: float = 0.5) -> None:
        self.settle = settle
        self.count = 0
        self.phase = REST
        self.progress = 0.0
        self.events: List[Event] = []
        self.range = signal_range
        self._value: Optional[int] = None
        self._since = 0.0
        self._changed_at = 0.0
        self._base: Optional[int] = None
        self._best = 0

    def update(self, t: float, value: Optional[float], frame: Any) -> List[Event]:
        if value is None:
            return []
        v = int(round(value))
        if v != self._value:
            self._value, self._since = v, t
            return []
        if t - self._since < self.settle:
            return []
        if self._base is None:
            self._base = self._best = v
            self._changed_at = t
            return []
        out: List[Event] = []
        while v > self._best:
            self._best += 1
            self.count += 1
            e = RepEvent(index=self.count, start=self._changed_at, peak=self._since, end=t, value=float(self._best),
                         range=1.0, progress=1.0, quality="full")
            out.append(e)
        if out:
            self._changed_at = t
        self.events.extend(out)
        return out


class PullCounter(RepCounter):
    """``counter_factory`` for towel gathering: the calibrated hysteresis
    counter on the fabric's speed, with the rest level held at zero. A speed
    at rest is zero by definition; letting the rest level follow the lowest
    recent value (as for a position) would let one backward flicker of the
    fabric lower the thresholds under the noise."""

    def __init__(self, spec: Any, signal_range: SignalRange) -> None:
        super().__init__(spec.counter, replace(signal_range, rest=0.0, follow_rest=False))

    def update(self, t: float, value: Optional[float], frame: Any = None) -> List[Event]:  # type: ignore[override]
        return super().update(t, value)


class TowelAnalyser:
    """Total fabric pulled toward the heel, in foot lengths (``extra``)."""

    def __init__(self) -> None:
        self._samples: List[Tuple[float, float]] = []

    def push(self, frame: Any, result: Any) -> None:
        if result.valid and isinstance(frame, FootFrame) and frame.flow_along is not None:
            self._samples.append((result.t, frame.flow_along))

    def finish(self, out: Any) -> None:
        # Only the pulls that counted: fabric creeping between them is noise.
        spans = [(e.start - 0.2, e.end + 0.2) for e in out.events]
        kept = [(t, v) for t, v in self._samples if any(a <= t <= b for a, b in spans)]
        widths = 0.0
        run: List[Tuple[float, float]] = []
        for t, v in kept:
            if run and t - run[-1][0] > 0.2:
                widths += gathered_length(run)
                run = []
            run.append((t, v))
        widths += gathered_length(run)
        out.extra["gathered_foot_lengths"] = round(widths / FOOT_LENGTH_PER_WIDTH, 3)
        out.extra["gathered_foot_widths"] = round(widths, 3)


class AngleAnalyser:
    """The bend reached on each repetition, in degrees (``extra["angles"]``)."""

    def push(self, frame: Any, result: Any) -> None:
        pass

    def finish(self, out: Any) -> None:
        out.extra["angles"] = [round(e.range, 1) for e in out.events]
