"""Synthetic scalar signals with known repetitions, for the engine's tests."""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any, List, Optional, Sequence, Tuple

import numpy as np

from coach.engine.counter import CounterConfig, RepEvent, SignalRange

Sample = Tuple[float, Optional[float]]


@dataclass
class Script:
    """Rest, then ``reps`` raised-cosine movements, then rest."""

    reps: int = 5
    period: float = 2.0  # seconds for one movement (rise, hold, fall)
    hold: float = 0.0  # extra seconds held at the top
    pause: float = 0.5  # seconds at rest between repetitions
    amplitude: float = 1.0
    rest_level: float = 0.0
    lead: float = 1.5  # rest before the first repetition
    tail: float = 1.5  # rest after the last
    fps: float = 30.0
    noise: float = 0.0
    seed: int = 0
    drop: float = 0.0  # share of frames dropped at random (as a slow pipeline does)
    invalid: List[Tuple[float, float]] = field(default_factory=list)  # (from, to) with no value

    def peaks(self) -> List[float]:
        times = []
        t = self.lead
        for _ in range(self.reps):
            times.append(t + self.period / 2 + self.hold / 2)
            t += self.period + self.hold + self.pause
        return times

    def duration(self) -> float:
        return self.lead + self.reps * (self.period + self.hold + self.pause) + self.tail

    def level(self, t: float) -> float:
        u = t - self.lead
        cycle = self.period + self.hold + self.pause
        if u < 0 or u >= self.reps * cycle:
            return self.rest_level
        phase = u % cycle
        half = self.period / 2
        if phase < half:
            shape = 0.5 - 0.5 * math.cos(math.pi * phase / half)
        elif phase < half + self.hold:
            shape = 1.0
        elif phase < self.period + self.hold:
            shape = 0.5 + 0.5 * math.cos(math.pi * (phase - half - self.hold) / half)
        else:
            shape = 0.0
        return self.rest_level + self.amplitude * shape

    def samples(self) -> List[Sample]:
        rng = random.Random(self.seed)
        out: List[Sample] = []
        n = int(self.duration() * self.fps)
        for i in range(n):
            t = i / self.fps
            if self.drop and rng.random() < self.drop:
                continue
            if any(a <= t < b for a, b in self.invalid):
                out.append((t, None))
                continue
            out.append((t, self.level(t) + rng.gauss(0.0, self.noise)))
        return out


def walk_signal(steps: int, period: float = 0.7, amplitude: float = 0.5, stand: float = 1.5,
                fps: float = 30.0, noise: float = 0.01, seed: int = 0, stop_ahead: bool = False,
                growth: float = 0.0) -> Tuple[List[Tuple[float, float]], List[float]]:
    """Left foot minus right foot while walking ``steps`` steps: standing with
    the feet together, then one landing (an end of the swing) per ``period``,
    then the feet brought together again (or, with ``stop_ahead``, left
    where the last step put them). Returns the samples and the landing times."""
    rng = np.random.default_rng(seed)
    landings = [stand + (k + 0.5) * period for k in range(steps)]
    walk_end = stand + steps * period
    total = walk_end + stand
    out = []
    for i in range(int(total * fps)):
        t = i / fps
        if t < stand or not steps:
            v = 0.0
        elif stop_ahead and t >= landings[-1]:
            # stays where the last landing put the feet
            v = amplitude * math.sin(math.pi * (landings[-1] - stand) / period)
        elif t < walk_end - 0.5 * period:
            v = amplitude * math.sin(math.pi * (t - stand) / period)
        else:
            # the trailing foot comes alongside: back to zero over half a step
            v = amplitude * math.sin(math.pi * (t - stand) / period) if t < walk_end else 0.0
        v *= 1.0 + growth * t
        out.append((t, v + rng.normal(0.0, noise)))
    return out, landings


def eased(keys: Sequence[Tuple[float, float]], noise: float = 0.01, seed: int = 0,
          fps: float = 30.0) -> List[Tuple[float, float]]:
    """Samples at ``fps`` eased (half a cosine) from one keyed (time, value)
    to the next, with ``noise`` of jitter, up to the last key."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(int(keys[-1][0] * fps)):
        t = i / fps
        (t0, v0), (t1, v1) = next((k, n) for k, n in zip(keys, keys[1:]) if t < n[0])
        share = 0.5 * (1.0 - math.cos(math.pi * (t - t0) / (t1 - t0)))
        out.append((t, v0 + (v1 - v0) * share + float(rng.normal(0.0, noise))))
    return out


def walk_rest_walk(first: int, second: int, period: float = 0.7, rest: float = 1.6,
                   seed: int = 40) -> Tuple[List[Tuple[float, float]], List[float]]:
    """``first`` steps, a rest of ``rest`` seconds standing with the feet
    together, then ``second`` steps. Returns the samples and the landing times."""
    a, landed_a = walk_signal(first, period=period, seed=seed)
    b, landed_b = walk_signal(second, period=period, stand=0.5 * rest, seed=seed + 1)
    a = [(t, v) for t, v in a if t < 1.5 + first * period + 0.5 * rest]
    shift = a[-1][0] + 1.0 / 30.0
    return a + [(t + shift, v) for t, v in b], landed_a + [t + shift for t in landed_b]


# the counter settings the walk tests run their step finders and counters with
WALK_CONFIG = CounterConfig(enter=0.5, exit=0.35, near_miss=0.45, min_duration=0.2, min_gap=0.05)


def make_finder(finder_type: type, min_span: float = 0.25, **options: Any) -> Any:
    """A ``finder_type`` step finder with the walk tests' settings and ``options``."""
    return finder_type(WALK_CONFIG, SignalRange(span=0.6, min_span=min_span), **options)


def steps_found(samples: Sequence[Sample], finder_type: type, min_span: float = 0.25,
                **options: Any) -> List[RepEvent]:
    """The steps a ``finder_type`` step finder, made with ``options``, finds
    in ``samples`` of the step signal."""
    finder = make_finder(finder_type, min_span, **options)
    found: List[RepEvent] = []
    for t, v in samples:
        found.extend(e for e in finder.update(t, v) if isinstance(e, RepEvent))
    return found


def hide(samples: Sequence[Sample], start: float, end: float) -> List[Sample]:
    """The samples with no reading from ``start`` to ``end``: the detector
    lost the person, or the frames of a passer-by were dropped."""
    return [(t, None if start <= t < end else v) for t, v in samples]


def with_bump(samples: Sequence[Sample], peak: float, height: float, half_width: float = 0.4) -> List[Sample]:
    """``samples`` plus a swing of ``height`` that peaks at ``peak`` and is
    back to nothing ``half_width`` seconds either side of it."""
    def bump(t: float) -> float:
        u = abs(t - peak)
        return height * math.cos(0.5 * math.pi * u / half_width) if u < half_width else 0.0
    return [(t, v + bump(t) if v is not None else None) for t, v in samples]


def last_step_left_ahead(samples: Sequence[Sample], after: float, height: float = 0.2,
                         left: float = 0.1) -> List[Sample]:
    """``samples`` with one more step from ``after``: the trailing foot rises
    to ``height`` in 0.2 s, then comes back to ``left`` (short of the other
    foot) in 0.2 s and stays there."""
    def extra(t: float) -> float:
        u = t - after
        if u < 0:
            return 0.0
        if u < 0.2:
            return height * math.sin(0.5 * math.pi * u / 0.2)
        return left + (height - left) * max(0.0, 1.0 - (u - 0.2) / 0.2)
    return [(t, v + extra(t) if v is not None else None) for t, v in samples]
