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

The window's ends alone can be fooled: before the person has moved, the
window holds only their rest (the legs resting bent before pedalling, a foot
held still), and a slow wander of the pose model's landmarks can span it.
So each repetition's own excursion (its peak minus the valley it started
from) must also

* reach ``min_share`` of a reference: the median excursion of the last
  ``recent`` trips (a trip far smaller than the person's recent ones is not
  one of them), or, before the first, ``first_share`` of the calibrated or
  typical span (a half-start from a resting pose is not a repetition);
* stand ``noise_k`` times above the signal's own frame-to-frame noise,
  measured on the raw (unfiltered) signal over the window, when the counter
  is given that signal (``raw``): a still person seen through heavy jitter
  drifts by many degrees, while the same flex seen cleanly is plainly real,
  so a fixed floor would either count the noise or miss a stiff ankle's
  small genuine range. Within a set (a repetition counted less than
  ``window`` seconds before) the multiple may be lower (``noise_k_in_set``):
  the person is plainly exercising, and the wander of someone sitting still
  has to start a set first. A trip that would start a set needs a higher
  multiple (``noise_k_start``) when it leans on earlier refused trips, or
  when the noise has been measured for under ``noise_settle`` seconds.

A trip refused for its size is told as ``code_high_small``, never counted.
"""
from __future__ import annotations

import math
import statistics
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Deque, List, Optional, Tuple

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
    # A gap in the view (a passer-by, the detector losing the person) up to
    # this many seconds is bridged: the trip under way goes on across it, so
    # that a rise or a turn back made while nothing was seen still counts
    # (past ``max_invalid`` a peak left unconfirmed is told "lost_view" all
    # the same). A longer gap drops the trip; with 0, any gap past
    # ``max_invalid`` does
    bridge: float = 0.0
    calibrated_share: float = 0.6
    # each repetition's own excursion against the person's recent ones (or
    # the calibrated/typical span before any): 0 turns the rule off
    min_share: float = 0.0
    # ... before any trip, this share of the span instead; 0 keeps ``min_share``
    first_share: float = 0.0
    recent: int = 3
    # ... and against the raw signal's noise (median absolute third
    # difference over the window); 0, or no raw signal, turns it off
    noise_k: float = 0.0
    noise_min_samples: int = 15
    # ... within a set (a repetition counted less than ``window`` seconds
    # ago) the noise floor is this multiple instead; 0 keeps ``noise_k``
    noise_k_in_set: float = 0.0
    # a trip that starts a set (no repetition within ``window`` seconds) and
    # is smaller than ``first_share`` of the span counts only this many noise
    # units above the jitter; 0 keeps ``noise_k``
    noise_k_start: float = 0.0
    # ... and any trip that starts a set while the noise has been measured
    # for less than this many seconds needs ``noise_k_start`` units too: a
    # median over a second of frames is itself unsure; 0 turns it off
    noise_settle: float = 0.0
    code_high_small: str = "too_small"   # turned back before the high end
    code_low_small: str = "too_small"    # turned back before the low end

    def __post_init__(self) -> None:
        if not 0.0 < self.low < self.near < self.high < 1.0:
            raise ValueError("need 0 < low < near < high < 1")

    @property
    def gap_limit(self) -> float:
        """Seconds without a reading after which the trip under way is dropped."""
        return max(self.max_invalid, self.bridge)


class CycleCounter:
    """Counts low-then-high trips of a signal. ``update(t, value, frame=None)``."""

    def __init__(self, config: CycleConfig, signal_range: SignalRange,
                 raw: Optional[Callable[[Any], Optional[float]]] = None) -> None:
        self.config = config
        # reads the unfiltered signal off a frame, to measure its noise
        self._raw = raw
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
        # excursions of the last trips that stood above the noise
        self._recent: Deque[float] = deque(maxlen=max(1, config.recent))
        self._counted_t: Optional[float] = None   # when the last repetition was counted
        # raw signal: the last samples, and |third differences| with their times
        self._raw_last: Deque[Tuple[float, float]] = deque(maxlen=4)
        self._noise: Deque[Tuple[float, float]] = deque()
        self._noise_since: Optional[float] = None  # when the noise was first measured

    def _span(self, lo: float, hi: float) -> float:
        span = max(hi - lo, self.range.min_span)
        if self._calibrated:
            span = max(span, self.config.calibrated_share * abs(self.range.span))
        return span

    def update(self, t: float, value: Optional[float], frame: object = None) -> List[Event]:
        if self._last_t is not None and t <= self._last_t:
            return []
        previous_t, self._last_t = self._last_t, t
        out: List[Event] = []
        cfg = self.config
        if value is None or not math.isfinite(value):
            if self._last_valid_t is not None and t - self._last_valid_t > cfg.max_invalid:
                # told once a gap, on its first frame past ``max_invalid``
                if self.phase == HIGH and previous_t - self._last_valid_t <= cfg.max_invalid:  # type: ignore[operator]
                    out.append(FeedbackEvent(t, "lost_view"))
                if t - self._last_valid_t > cfg.gap_limit:
                    self.phase = IDLE
            self.events.extend(out)
            return out
        if self._last_valid_t is not None and t - self._last_valid_t > cfg.gap_limit:
            self.phase = IDLE
            self._window.clear()
        self._last_valid_t = t
        if self._raw is not None and frame is not None and cfg.noise_k > 0:
            self._observe_raw(t, frame)
        v = self.direction * value
        self._window.append((t, v))
        while self._window[0][0] < t - cfg.window:
            self._window.popleft()
        values = [w[1] for w in self._window]
        lo, hi = min(values), max(values)
        span = self._span(lo, hi)
        p = (v - lo) / span
        self.progress = p
        if self.phase == HIGH and p <= cfg.low:
            # the turn back reached the low end before a frame showed it
            # confirming the peak (frames lost on the way down, a gap shorter
            # than ``max_invalid``): that fall confirms it
            self._finish(t, span, out)
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

    def _observe_raw(self, t: float, frame: object) -> None:
        r = self._raw(frame)  # type: ignore[misc]
        if r is None or not math.isfinite(r):
            return
        last = self._raw_last
        if last and t - last[-1][0] > 0.15:
            last.clear()          # a gap: differences across it are not jitter
        last.append((t, r))
        if len(last) == last.maxlen:
            v = [x for _, x in last]
            self._noise.append((t, abs(v[3] - 3.0 * v[2] + 3.0 * v[1] - v[0])))
            if self._noise_since is None:
                self._noise_since = t
        while self._noise and self._noise[0][0] < t - self.config.window:
            self._noise.popleft()

    def noise_level(self) -> Optional[float]:
        """The raw signal's median absolute third difference over the window,
        in the signal's units; None until enough frames were seen. A body
        movement is smooth: its third difference from frame to frame is a
        fraction of a degree even mid-flex, while independent jitter of spread
        s gives a median of about 3 s (second differences were tried: a brisk
        flex's own bend inflated them enough to hide a stiff ankle's range)."""
        if len(self._noise) < self.config.noise_min_samples:
            return None
        return statistics.median(d for _, d in self._noise)

    def min_excursion(self, t: float) -> Tuple[float, float]:
        """(floor from the person's recent trips or span, floor from the noise)
        for a trip ending at ``t``."""
        cfg = self.config
        share_floor = cfg.min_share * statistics.median(self._recent) if self._recent else self._first_floor()
        noise = self.noise_level() if cfg.noise_k > 0 else None
        k = cfg.noise_k_in_set if (cfg.noise_k_in_set > 0 and self._in_set(t)) else cfg.noise_k
        return share_floor, (k * noise if noise is not None else 0.0)

    def _first_floor(self) -> float:
        """The excursion a trip needs before any other: ``first_share`` (or
        ``min_share``) of the calibrated or typical span."""
        return (self.config.first_share or self.config.min_share) * abs(self.range.span)

    def _in_set(self, t: float) -> bool:
        """Was a repetition counted less than ``window`` seconds before ``t``?"""
        return self._counted_t is not None and t - self._counted_t <= self.config.window

    def _weak_start(self, t: float, excursion: float) -> bool:
        """A trip that would start a set within ``noise_k_start`` noise units:
        under the first trip's floor (on the strength of earlier refused
        ones), or at any size while the noise has been measured for less
        than ``noise_settle`` seconds."""
        k = self.config.noise_k_start
        if k <= 0 or self._in_set(t):
            return False
        unsure = self._noise_since is not None and t - self._noise_since < self.config.noise_settle
        if excursion >= self._first_floor() and not unsure:
            return False
        noise = self.noise_level()
        return noise is not None and excursion < k * noise

    def _finish(self, t: float, span: float, out: List[Event]) -> None:
        cfg = self.config
        self.phase = IDLE
        self._lowest = 1.0
        start = self._low_t
        if self._peak_t - start < cfg.min_duration:
            out.append(FeedbackEvent(t, "too_fast"))
            return
        excursion = self._peak - self._valley
        share_floor, noise_floor = self.min_excursion(t)
        if excursion < noise_floor:
            # indistinguishable from the jitter: neither counted nor remembered
            # as one of the person's trips
            out.append(FeedbackEvent(t, cfg.code_high_small))
            return
        # remembered even when refused below, so that a person whose range
        # really shrinks (tiring, a stiff ankle) sets a new reference after a
        # couple of trips instead of never counting again
        self._recent.append(excursion)
        if excursion < share_floor or self._weak_start(t, excursion):
            out.append(FeedbackEvent(t, cfg.code_high_small))
            return
        self.count += 1
        self._counted_t = t
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


@dataclass(frozen=True)
class CycleCounterFactory:
    """A ``counter_factory`` for ``ExerciseSpec``: a ``CycleCounter`` with
    ``config``, given the spec's signal unfiltered when the config measures
    its noise. A record, like the walks' ``GaitCounterFactory``, so that a
    variant is one ``dataclasses.replace`` away."""

    config: CycleConfig

    def __call__(self, spec: Any, signal_range: SignalRange) -> CycleCounter:
        return CycleCounter(self.config, signal_range, raw=spec.signal if self.config.noise_k > 0 else None)


def cycle_counter_factory(config: CycleConfig) -> CycleCounterFactory:
    """The ``CycleCounterFactory`` for ``config``."""
    return CycleCounterFactory(config)
