"""Big-toe lift after surgery: bend the big toe upward, then lower it."""
from __future__ import annotations

from typing import Optional

from coach.engine.counter import CounterConfig
from coach.engine.foot_counters import AngleAnalyser
from coach.engine.foot_records import FootFrame, foot_ok
from coach.engine.spec import ExerciseSpec, SmoothingConfig


def toe_angle(frame: FootFrame) -> Optional[float]:
    """The big toe's upward bend from the side, degrees (0 flat on the floor)."""
    return frame.toe_angle if isinstance(frame, FootFrame) else None


EXERCISE = ExerciseSpec(
    id="big_toe_flex",
    name="Big toe lift",
    kids_name="Toe says hello",
    instructions=(
        "Sit with your heel and the ball of your foot resting on the floor, side-on to the camera.",
        "Keep the rest of the foot still and lift only your big toe upward as far as is comfortable.",
        "Hold it a moment, then lower it slowly. Stop if it hurts, and follow your surgeon's "
        "timetable: this is usually started some weeks after the operation, once the pin is out.",
    ),
    view="foot",
    foot_camera="side",
    camera=(
        "Put the camera on the floor about 40 cm to the side of your foot, level with it, so the "
        "foot is seen from the side with the toes and the heel in the picture."
    ),
    signal=toe_angle,
    signal_name="big toe bend",
    signal_unit="degrees",
    # Weeks after surgery the lift grows from a few degrees to 30-40 and more.
    typical_span=25.0,
    min_span=8.0,
    gate=foot_ok,
    counter=CounterConfig(enter=0.55, exit=0.3, near_miss=0.4, full=0.8, min_duration=0.5, min_gap=0.2),
    smoothing=SmoothingConfig(min_cutoff=2.0, beta=0.05),
    analyser=AngleAnalyser,
    feedback={
        "too_small": "Lift the big toe a little higher if it feels fine.",
        "too_fast": "Gently: lift slowly, hold, then lower slowly.",
        "not_in_view": "I can't see your foot from the side: check the camera.",
        "lost_view": "I lost your foot mid-lift; that one did not count.",
    },
    estimated=True,
    estimated_reason="The angle is measured on the outline of the foot from one camera; treat it as a guide, not a clinical measurement.",
)
