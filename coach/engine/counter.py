"""Repetition counting on one scalar signal.

The signal is mapped onto a per-user range: 0 at rest, 1 at the full movement
(``SignalRange``). A repetition starts when the signal rises through the exit
level, is confirmed when it reaches the enter level, and ends when it falls
back through the exit level. The gap between the two levels is the hysteresis
that keeps jitter around one threshold from counting twice.
"""
from __future__ import annotations

import math
import statistics
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Deque, List, Optional, Sequence, Tuple, Union


@dataclass(frozen=True)
class CounterConfig:
    """Thresholds as fractions of the calibrated range, and timing rules."""

    enter: float = 0.65
    exit: float = 0.35
    # A rise that got past this level but not to ``enter`` earns a "too small" hint.
    near_miss: float = 0.45
    # The peak must reach this fraction for the repetition to be "full".
    full: float = 0.85
    min_duration: float = 0.35
    min_gap: float = 0.2
    # A movement lost from view for longer than this is abandoned, not counted.
    max_invalid: float = 0.5

    def __post_init__(self) -> None:
        if not 0.0 < self.exit < self.near_miss <= self.enter <= 1.0:
            raise ValueError("need 0 < exit < near_miss <= enter <= 1")
        if self.min_duration < 0 or self.min_gap < 0 or self.max_invalid < 0:
            raise ValueError("durations must be non-negative")


@dataclass
class SignalRange:
    """Where the signal sits at rest and how far a full repetition moves it.

    ``span`` is signed: negative for a movement that lowers the signal. With
    ``follow_rest`` the rest level is the lowest value (in the movement's
    direction) of the last ``rest_window`` seconds spent at rest, so it
    follows a person who sways, leans or shifts their stance, and a camera
    that is nudged, whichever way the drift goes. With ``learn_span`` the
    span moves towards the excursion the person actually reaches, never
    below ``min_span``, so jitter can never be taken for a movement.
    """

    span: float
    min_span: float
    rest: Optional[float] = None
    follow_rest: bool = True
    learn_span: bool = True
    rest_window: float = 2.0

    def __post_init__(self) -> None:
        if self.span == 0 or self.min_span <= 0:
            raise ValueError("span must be non-zero and min_span positive")
        if abs(self.span) < self.min_span:
            self.span = math.copysign(self.min_span, self.span)
        self._window: Deque[Tuple[float, float]] = deque()

    @classmethod
    def from_calibration(
        cls,
        rest_samples: Sequence[float],
        active_samples: Sequence[float],
        min_span: float,
        **options: Union[bool, float],
    ) -> "SignalRange":
        """A range measured on the user: samples held at rest and at full movement."""
        if not rest_samples or not active_samples:
            raise ValueError("calibration needs samples at rest and in movement")
        rest = statistics.median(rest_samples)
        # The movement's far end: the sample furthest from rest, made robust
        # by taking the median of the furthest fifth.
        ordered = sorted(active_samples, key=lambda v: abs(v - rest), reverse=True)
        far = statistics.median(ordered[: max(1, len(ordered) // 5)])
        span = far - rest
        if abs(span) < min_span:
            raise ValueError("the calibration movement was too small to measure")
        return cls(span=span, min_span=min_span, rest=rest, **options)

    def progress(self, value: float) -> float:
        assert self.rest is not None
        return (value - self.rest) / self.span

    def observe_rest(self, t: float, value: float) -> None:
        """Called with the signal on every valid frame while not in a repetition."""
        if self.rest is None:
            self.rest = value
        if not self.follow_rest:
            return
        # Kept in the movement's direction, so "lowest" means "most at rest".
        key = value if self.span > 0 else -value
        window = self._window
        while window and window[-1][1] >= key:
            window.pop()  # can never again be the window's minimum
        window.append((t, key))
        while window[0][0] < t - self.rest_window:
            window.popleft()
        self.rest = window[0][1] if self.span > 0 else -window[0][1]

    def restart_rest(self) -> None:
        """Forget the rest history: a repetition has just ended."""
        self._window.clear()

    def observe_excursion(self, excursion: float) -> None:
        """Called with how far each counted repetition moved from its valley."""
        if not self.learn_span or excursion * self.span <= 0:
            return
        blended = 0.5 * self.span + 0.5 * excursion
        self.span = math.copysign(max(abs(blended), self.min_span), self.span)


@dataclass(frozen=True)
class RepEvent:
    """One counted repetition. Times are seconds on the video's clock."""

    index: int
    start: float
    peak: float
    end: float
    value: float
    # How far from rest the peak went, in the signal's own units (degrees for
    # angle signals): what a therapist follows over weeks.
    range: float
    # Peak as a fraction of the calibrated range.
    progress: float
    quality: str

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class FeedbackEvent:
    """Something the person should hear: ``code`` is looked up in the exercise."""

    t: float
    code: str


Event = Union[RepEvent, FeedbackEvent]

REST, ACTIVE = "rest", "active"


@dataclass
class RepCounter:
    """A causal, calibrated hysteresis counter.

    Feed it ``update(t, value)`` once a frame; ``value`` None marks a frame
    that must not count (feet out of view, no person), and such a frame never
    advances the count.

    A repetition is confirmed when the signal has risen ``enter`` spans above
    the rest level, and ends when it has come back down from its peak by
    ``1 - exit`` of its own excursion (capped at one span). Measuring the way
    back against the repetition itself, not against a fixed rest, keeps
    counting right while the rest level drifts.
    """

    config: CounterConfig
    range: SignalRange
    count: int = 0
    phase: str = REST
    events: List[Event] = field(default_factory=list)
    # Judges a finished movement before it is counted: returns None to count
    # it, or a feedback code saying why it was not the exercise (knees bent,
    # a step taken); the code is emitted instead of the repetition.
    accept: Optional[Callable[[RepEvent], Optional[str]]] = None

    def __post_init__(self) -> None:
        self._last_t: Optional[float] = None
        self._last_valid_t: Optional[float] = None
        self._rise_t: Optional[float] = None  # when the signal last left rest
        self._near_peak = 0.0
        self._valley = 0.0
        self._peak_t = 0.0
        self._peak_value = 0.0
        self._last_end: Optional[float] = None
        self._armed = True
        self.progress = 0.0

    def update(self, t: float, value: Optional[float]) -> List[Event]:
        if self._last_t is not None and t <= self._last_t:
            return []  # a stale or repeated frame
        self._last_t = t
        out: List[Event] = []
        if value is None or not math.isfinite(value):
            self._on_invalid(t, out)
        else:
            self._on_valid(t, value, out)
        self.events.extend(out)
        return out

    def _on_invalid(self, t: float, out: List[Event]) -> None:
        if self._last_valid_t is None or t - self._last_valid_t <= self.config.max_invalid:
            return
        if self.phase == ACTIVE:
            out.append(FeedbackEvent(t, "lost_view"))
            # Whatever the person did out of view, a new repetition must
            # start from rest again.
            self._armed = False
        self.phase = REST
        self._rise_t = None
        self._near_peak = 0.0

    def _on_valid(self, t: float, value: float, out: List[Event]) -> None:
        cfg = self.config
        if self._last_valid_t is not None and t - self._last_valid_t > cfg.max_invalid:
            # After a gap the movement in progress is unknown: start afresh.
            self._rise_t = None
            self._near_peak = 0.0
            self.range.restart_rest()
        self._last_valid_t = t
        if self.phase == REST:
            self._rest_phase(t, value, out)
        else:
            self._active_phase(t, value, out)

    def _rest_phase(self, t: float, value: float, out: List[Event]) -> None:
        cfg = self.config
        self.range.observe_rest(t, value)
        p = self.range.progress(value)
        self.progress = p
        if p < cfg.exit:
            if self._rise_t is not None and self._near_peak >= cfg.near_miss:
                if t - self._rise_t >= cfg.min_duration:
                    out.append(FeedbackEvent(t, "too_small"))
            self._rise_t = None
            self._near_peak = 0.0
            self._armed = True
            return
        if not self._armed:
            return
        if self._rise_t is None:
            self._rise_t = t
        self._near_peak = max(self._near_peak, p)
        if p >= cfg.enter:
            assert self.range.rest is not None
            self.phase = ACTIVE
            self._valley = self.range.rest
            self._peak_t, self._peak_value = t, value

    def _active_phase(self, t: float, value: float, out: List[Event]) -> None:
        cfg = self.config
        span = self.range.span
        if (value - self._peak_value) / span > 0:
            self._peak_t, self._peak_value = t, value
        excursion = self._peak_value - self._valley
        self.progress = (value - self._valley) / span
        # The way back is measured down from the peak. A repetition bigger
        # than the span need only come down by as much as a full one would:
        # the person often settles a little higher than where they started.
        needed_drop = (1.0 - cfg.exit) * min(excursion / span, 1.0)
        if (self._peak_value - value) / span < needed_drop:
            return
        self.phase = REST
        self.range.restart_rest()
        self.range.observe_rest(t, value)
        start = self._rise_t if self._rise_t is not None else self._peak_t
        self._rise_t = None
        self._near_peak = 0.0
        if t - start < cfg.min_duration:
            out.append(FeedbackEvent(t, "too_fast"))
            return
        if self._last_end is not None and start - self._last_end < cfg.min_gap:
            return  # a bounce straight after a repetition is the same movement
        progress = excursion / span
        event = RepEvent(
            index=self.count + 1,
            start=start,
            peak=self._peak_t,
            end=t,
            value=self._peak_value,
            range=excursion,
            progress=progress,
            quality="full" if progress >= cfg.full else "partial",
        )
        verdict = self.accept(event) if self.accept is not None else None
        if verdict is not None:
            out.append(FeedbackEvent(t, verdict))
            return
        self._last_end = t
        self.count += 1
        out.append(event)
        self.range.observe_excursion(excursion)
