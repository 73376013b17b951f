"""What the engine needs to know about an exercise.

Each module in ``exercises/`` builds one ``ExerciseSpec``; the engine reads
nothing else about it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple, Union

from coach.engine.counter import CounterConfig, FeedbackEvent, SignalRange
from coach.engine.foot_records import FootFrame
from coach.engine.frame_fill import FillOptions
from coach.records import Frame

# A body-view landmark frame or a foot-view feature frame.
AnyFrame = Union[Frame, FootFrame]

# Reads the exercise's signal off one frame; None when it cannot be read.
SignalFn = Callable[[AnyFrame], Optional[float]]
# Says whether a frame may count at all, and why not: (ok, reason).
GateFn = Callable[[AnyFrame], Tuple[bool, str]]
# Builds the counter for exercises one scalar and ``RepCounter`` cannot describe
# (steps that must land a certain way, a movement that goes both ways). The
# object returned has ``update(t, value, frame) -> list of events`` and the
# attributes ``count``, ``phase`` and ``progress``, like ``RepCounter``.
CounterFactory = Callable[["ExerciseSpec", SignalRange], Any]
# Builds a form monitor: ``update(frame, value, phase) -> list of FeedbackEvent``,
# called on every frame with the filtered signal (None when the frame did not count).
FormFactory = Callable[[], Any]

VIEWS = ("body", "foot")
FOOT_CAMERAS = ("top", "side")

# Words every exercise shares; an exercise may override any of them.
DEFAULT_FEEDBACK: Mapping[str, str] = {
    "too_small": "Almost: make the movement a little bigger.",
    "too_fast": "A little slower, please: move with control.",
    "lost_view": "I lost sight of you mid-movement; that one did not count.",
    "not_in_view": "Step back until your whole body, feet included, is in the picture.",
    "unsteady_view": "I see your feet only unsteadily: keep walking so that I can be sure, "
                     "and next time bring the camera closer or add light.",
    "stand_first": "Almost, but I never saw your feet flat: stop, stand still side-on to the camera "
                   "for two seconds with your feet side by side and flat, then set off again.",
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
    # Optional: makes a fresh object with ``push(frame, frame_result)`` and
    # ``finish(count_result)`` for results beyond the counter's (a drawn
    # digit, the towel length gathered); ``finish`` may fill
    # ``count_result.extra`` and, for exercises counted by events rather than
    # by a rising signal, replace its events.
    analyser: Optional[Callable[[], Any]] = None
    counter_factory: Optional[CounterFactory] = None
    form: Optional[FormFactory] = None
    # True when the pose landmarks can only estimate whether a repetition was
    # done right; ``estimated_reason`` says why, in words for the user.
    estimated: bool = False
    estimated_reason: str = ""
    # Foot view only: where the camera looks from, "top" (down at the foot)
    # or "side" (level with the floor); the foot tracker measures differently.
    foot_camera: str = "top"
    # Body view: frames further apart than the counters' tuning rate get
    # frames in between (see ``coach.engine.frame_fill``); None: never
    fill: Optional[FillOptions] = field(default_factory=FillOptions)

    def __post_init__(self) -> None:
        if self.foot_camera not in FOOT_CAMERAS:
            raise ValueError(f"foot_camera must be one of {FOOT_CAMERAS}")
        if self.view not in VIEWS:
            raise ValueError(f"view must be one of {VIEWS}")
        if not self.id.isidentifier():
            raise ValueError(f"exercise id {self.id!r} must be a plain identifier")

    def message(self, code: str) -> str:
        merged: Dict[str, str] = dict(DEFAULT_FEEDBACK)
        merged.update(self.feedback)
        return merged.get(code, code)
