"""Towel gathering: pull a towel toward you with the toes, one grab at a time."""
from __future__ import annotations

from typing import Optional

from coach.engine.counter import CounterConfig
from coach.engine.foot_counters import PullCounter, TowelAnalyser
from coach.engine.foot_records import FootFrame, foot_ok
from coach.engine.spec import ExerciseSpec, SmoothingConfig


def fabric_pull(frame: FootFrame) -> Optional[float]:
    """How fast the fabric in front of the toes moves toward the heel, in foot
    widths per second, with the foot's own motion taken away. Each pull is a
    burst of motion; between pulls the fabric stands still."""
    return frame.flow_along if isinstance(frame, FootFrame) else None


EXERCISE = ExerciseSpec(
    id="towel_gather",
    name="Towel gathering",
    kids_name="Caterpillar towel",
    instructions=(
        "Sit on a chair with a small towel flat on the floor under your bare foot, the towel reaching out in front of your toes.",
        "Grab the towel with your toes and pull it toward your heel, keeping your heel on the floor.",
        "Let go, reach forward with your toes and grab again: every pull counts.",
    ),
    view="foot",
    camera=(
        "Point the camera down at your foot from about 50 cm above, toes towards the top of the "
        "picture, with a good stretch of towel in front of the toes in view."
    ),
    signal=fabric_pull,
    signal_name="fabric pull speed",
    signal_unit="foot widths per second",
    typical_span=0.8,
    # A pull moves the fabric at half a foot width per second or more; noise
    # on a still floor must never be taken for one.
    min_span=0.5,
    gate=foot_ok,
    counter=CounterConfig(enter=0.5, exit=0.3, near_miss=0.4, full=0.8, min_duration=0.25, min_gap=0.15),
    smoothing=SmoothingConfig(min_cutoff=1.5, beta=0.0),
    counter_factory=PullCounter,
    analyser=TowelAnalyser,
    feedback={
        "too_small": "Grab a bit more towel with each pull.",
        "too_fast": "Pull with control, not a flick.",
        "not_in_view": "I can't see your foot: put it back inside the outline.",
    },
)
