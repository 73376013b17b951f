"""Counting movements that go both ways: flex then point, or one pedal turn.

``RepCounter`` measures each repetition from a rest level it returns to. Some
exercises have no such rest: the foot is pulled towards the shin, then pointed
away, and may stop anywhere in between; the legs pedal round and round. Here
a repetition is one trip from the low end of the person's range to the high
end: the low end must be reached first, then the high end; the repetition is
counted as soon as the peak at the high end is confirmed (the signal turns
back), with its range (peak minus valley, in the signal's own units: degrees
for an angle) recorded for the therapist.

The range's two ends are the lowest and highest values of the last
``window`` seconds, so they follow the person; the range is never taken as
smaller than ``min_span`` (jitter cannot make a repetition) nor, once the
person has been calibrated, smaller than ``calibrated_share`` of the
calibrated span.
"""
from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from typing import Deque, List, Optional, Tuple

from coach.engine.counter import Event, FeedbackEvent, RepEvent, SignalRange

LOW, HIGH, IDLE = "low", "high", "idle"


@dataclass(frozen=True)
class CycleConfig:
    low: float = 0.3            # at or below: the low end was reached
    high: float = 0.7           # at or above: the high end was reached
    near: float = 0.5           # a turn back from between near and high earns a hint
    full: float = 0.85          # share of the window's range for a "full" repetition
    confirm: float = 0.1        # the peak is confirmed after a fall of this share
    # ... or once the signal has stayed at the high end this long without
    # climbing further (the last pedal turn ends where the legs then rest)
    settle: float = 0.5
    window: float = 6.0         # seconds of history that set the range's ends
    min_duration: float = 0.4   # from leaving the low end to the peak
    max_invalid: float = 0.5
    calibrated_share: float = 0.6
    code_high_small: str = "too_small"   # turned back before the high end
    code_low_small: str = "too_small"    # turned back before the low end

    def __post_init__(self) -> None:
        if not 0.0 < self.low < self.near < self.high < 1.0:
            raise ValueError("need 0 < low < near < high < 1")


class CycleCounter:
    """Counts low-then-high trips of a signal. ``update(t, value, frame=None)``."""

    def __init__(self, config: CycleConfig, signal_range: SignalRange) -> None:
        self.config = config
        self.range = signal_range
        # a range measured on the person (calibration) sets a floor on the span
        self._calibrated = signal_range.rest is not None
        self.direction = 1.0 if signal_range.span > 0 else -1.0
        self.count = 0
        self.events: List[Event] = []
        self.phase = IDLE
        self.progress = 0.0
        self._window: Deque[Tuple[float, float]] = deque()
        self._last_t: Optional[float] = None
        self._last_valid_t: Optional[float] = None
        self._low_t = 0.0
        self._valley = 0.0
        self._peak = 0.0
        self._peak_t = 0.0
        self._climb_t = 0.0
        self._best = 0.0           # highest progress since the low end
        self._lowest = 1.0         # lowest progress since the last repetition
        self._low_hinted = False

    def _span(self, lo: float, hi: float) -> float:
        span = max(hi - lo, self.range.min_span)
        if self._calibrated:
            span = max(span, self.config.calibrated_share * abs(self.range.span))
        return span

    def update(self, t: float, value: Optional[float], frame: object = None) -> List[Event]:
        if self._last_t is not None and t <= self._last_t:
            return []
        self._last_t = t
        out: List[Event] = []
        cfg = self.config
        if value is None or not math.isfinite(value):
            if self._last_valid_t is not None and t - self._last_valid_t > cfg.max_invalid:
                if self.phase == HIGH:
                    out.append(FeedbackEvent(t, "lost_view"))
                self.phase = IDLE
            self.events.extend(out)
            return out
        if self._last_valid_t is not None and t - self._last_valid_t > cfg.max_invalid:
            self.phase = IDLE
            self._window.clear()
        self._last_valid_t = t
        v = self.direction * value
        self._window.append((t, v))
        while self._window[0][0] < t - cfg.window:
            self._window.popleft()
        values = [w[1] for w in self._window]
        lo, hi = min(values), max(values)
        span = self._span(lo, hi)
        p = (v - lo) / span
        self.progress = p
        if p <= cfg.low:
            if self.phase == LOW and self._best >= cfg.near:
                out.append(FeedbackEvent(t, cfg.code_high_small))
            if self.phase != LOW or v < self._valley:
                self._valley = v
            if self.phase != LOW:
                self._low_t = t
            self.phase = LOW
            self._best = p
            self._lowest = min(self._lowest, p)
            self._low_hinted = False
        elif self.phase == LOW:
            self._best = max(self._best, p)
            if p >= cfg.high:
                self.phase = HIGH
                self._peak, self._peak_t = v, t
                self._climb_t = t
        elif self.phase == HIGH:
            if v >= self._peak:
                if v > self._peak + 0.03 * span:
                    self._climb_t = t
                self._peak, self._peak_t = v, t
            if (self._peak - v) >= cfg.confirm * span or t - self._climb_t >= cfg.settle:
                self._finish(t, span, out)
        else:  # IDLE, or after a repetition: waiting for the low end
            self._lowest = min(self._lowest, p)
            if p >= cfg.high and self._lowest < cfg.high - 0.15 and not self._low_hinted and self.count > 0:
                if self._lowest > cfg.low:
                    out.append(FeedbackEvent(t, cfg.code_low_small))
                    self._low_hinted = True
                self._lowest = p
        self.events.extend(out)
        return out

    def _finish(self, t: float, span: float, out: List[Event]) -> None:
        cfg = self.config
        self.phase = IDLE
        self._lowest = 1.0
        start = self._low_t
        if self._peak_t - start < cfg.min_duration:
            out.append(FeedbackEvent(t, "too_fast"))
            return
        self.count += 1
        excursion = self._peak - self._valley
        progress = excursion / abs(self.range.span)
        out.append(
            RepEvent(
                index=self.count,
                start=start,
                peak=self._peak_t,
                end=t,
                value=self.direction * self._peak,
                range=excursion,
                progress=progress,
                quality="full" if progress >= cfg.full else "partial",
            )
        )


def cycle_counter_factory(config: CycleConfig):
    """A ``counter_factory`` for ``ExerciseSpec``."""

    def make(spec, signal_range: SignalRange) -> CycleCounter:
        return CycleCounter(config, signal_range)

    return make
