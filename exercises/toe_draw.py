"""Toe drawing: draw digits in the air with the big toe (or a pen between the toes)."""
from __future__ import annotations

from typing import Optional

from coach.engine.counter import CounterConfig
from coach.engine.foot_counters import DigitAnalyser, DigitCounter
from coach.engine.foot_records import FootFrame, foot_ok
from coach.engine.spec import ExerciseSpec, SmoothingConfig


def toe_x(frame: FootFrame) -> Optional[float]:
    """Where the big-toe tip is across the picture (the counter follows the whole tip path)."""
    if not isinstance(frame, FootFrame):
        return None
    p = frame.tip
    return p[0] if p is not None else None


EXERCISE = ExerciseSpec(
    id="toe_draw",
    name="Draw numbers with your toes",
    kids_name="Magic toe pencil",
    instructions=(
        "Sit on a chair, lift your foot just above the floor and point with your big toe "
        "(you can hold a pencil between the big toe and the second toe).",
        "Draw one number, 0 to 9, as big as your foot, in a single stroke.",
        "Hold still for a moment after each number so I can read it, then draw the next.",
    ),
    view="foot",
    camera=(
        "Point the camera down at your foot from about 60 cm above, toes towards the top of the "
        "picture, with room around the foot for the numbers you draw."
    ),
    signal=toe_x,
    signal_name="toe tip",
    signal_unit="picture widths",
    typical_span=1.0,
    min_span=1.0,
    gate=foot_ok,
    counter=CounterConfig(),
    smoothing=SmoothingConfig(min_cutoff=1000.0, beta=0.0),
    counter_factory=DigitCounter,
    analyser=DigitAnalyser,
    feedback={
        "not_in_view": "I can't see your foot: keep it in the picture while you draw.",
    },
)
