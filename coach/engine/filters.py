"""Causal smoothing for landmark-derived signals."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional


def _alpha(cutoff_hz: float, dt: float) -> float:
    tau = 1.0 / (2.0 * math.pi * cutoff_hz)
    return 1.0 / (1.0 + tau / dt)


@dataclass
class OneEuroFilter:
    """The One Euro filter (Casiez et al. 2012), driven by frame timestamps.

    A low cutoff removes jitter while the signal is still; the cutoff rises with
    the signal's speed (``beta``) so that a real movement is followed with
    little lag. Frames may arrive at any rate: only the time between them
    matters, which is why dropped frames do not change its behaviour.
    """

    min_cutoff: float = 1.0
    beta: float = 0.0
    d_cutoff: float = 1.0
    # After a gap this long the old state says nothing about the new value.
    reset_after: float = 1.0

    def __post_init__(self) -> None:
        if self.min_cutoff <= 0 or self.d_cutoff <= 0 or self.beta < 0:
            raise ValueError("cutoffs must be positive and beta non-negative")
        self._t: Optional[float] = None
        self._x = 0.0
        self._dx = 0.0

    def reset(self) -> None:
        self._t = None

    def __call__(self, t: float, x: float) -> float:
        if self._t is None or t - self._t > self.reset_after:
            self._t, self._x, self._dx = t, x, 0.0
            return x
        dt = t - self._t
        if dt <= 0:
            # A repeated timestamp carries no new time: keep the estimate.
            return self._x
        dx = (x - self._x) / dt
        self._dx += _alpha(self.d_cutoff, dt) * (dx - self._dx)
        cutoff = self.min_cutoff + self.beta * abs(self._dx)
        self._x += _alpha(cutoff, dt) * (x - self._x)
        self._t = t
        return self._x
