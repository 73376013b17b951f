"""What the engine needs to know about an exercise.

Each module in ``exercises/`` builds one ``ExerciseSpec``; the engine reads
nothing else about it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, Mapping, Optional, Tuple

from coach.engine.counter import CounterConfig
from coach.records import Frame

# Reads the exercise's signal off one frame; None when it cannot be read.
SignalFn = Callable[[Frame], Optional[float]]
# Says whether a frame may count at all, and why not: (ok, reason).
GateFn = Callable[[Frame], Tuple[bool, str]]

VIEWS = ("body", "foot")

# Words every exercise shares; an exercise may override any of them.
DEFAULT_FEEDBACK: Mapping[str, str] = {
    "too_small": "Almost: make the movement a little bigger.",
    "too_fast": "A little slower, please: move with control.",
    "lost_view": "I lost sight of you mid-movement; that one did not count.",
    "not_in_view": "Step back until your whole body, feet included, is in the picture.",
}


@dataclass(frozen=True)
class SmoothingConfig:
    """One Euro filter settings for the exercise's signal."""

    min_cutoff: float = 2.0
    beta: float = 5.0
    d_cutoff: float = 1.0


@dataclass(frozen=True)
class ExerciseSpec:
    id: str
    name: str
    kids_name: str
    instructions: Tuple[str, ...]
    view: str
    camera: str
    signal: SignalFn
    signal_name: str
    signal_unit: str
    # Expected rest level is learnt from the person; the span is the movement
    # of a typical adult, replaced by the calibrated span when there is one.
    typical_span: float
    min_span: float
    gate: GateFn
    counter: CounterConfig = field(default_factory=CounterConfig)
    smoothing: SmoothingConfig = field(default_factory=SmoothingConfig)
    feedback: Mapping[str, str] = field(default_factory=dict)
    reps_min: int = 5
    reps_max: int = 7

    def __post_init__(self) -> None:
        if self.view not in VIEWS:
            raise ValueError(f"view must be one of {VIEWS}")
        if not self.id.isidentifier():
            raise ValueError(f"exercise id {self.id!r} must be a plain identifier")

    def message(self, code: str) -> str:
        merged: Dict[str, str] = dict(DEFAULT_FEEDBACK)
        merged.update(self.feedback)
        return merged.get(code, code)
