"""Heel raise: standing, rise onto the toes and come back down."""
from __future__ import annotations

from typing import List, Optional, Tuple

from coach.engine.counter import CounterConfig
from coach.engine.geometry import LEGS, dist, px
from coach.engine.spec import ExerciseSpec, SmoothingConfig
from coach.engine.visibility import feet_visible
from coach.records import Frame


def heel_lift(frame: Frame) -> Optional[float]:
    """How high the heels stand above the foot tips, in shin lengths.

    Rising onto the toes pivots the foot about its ball: the heel and the ankle
    climb while the foot tip stays on the floor. Both climbs are measured
    against the foot tip and averaged (the heel point is the noisier of the
    two), then averaged over both feet. Dividing by the shin's length makes
    the value the same near the camera and far from it, from the side or the
    front.
    """
    if frame.pose is None:
        return None
    lifts: List[float] = []
    for knee_i, ankle_i, heel_i, tip_i in LEGS.values():
        knee, ankle, heel, tip = (px(frame, i) for i in (knee_i, ankle_i, heel_i, tip_i))
        shin = dist(knee, ankle)
        if shin <= 1.0:
            continue
        lifts.append(((tip[1] - heel[1]) + (tip[1] - ankle[1])) / (2.0 * shin))
    if not lifts:
        return None
    return sum(lifts) / len(lifts)


def _gate(frame: Frame) -> Tuple[bool, str]:
    check = feet_visible(frame)
    return check.ok, check.reason


EXERCISE = ExerciseSpec(
    id="heel_raise",
    name="Heel raise",
    kids_name="Giraffe stretch",
    instructions=(
        "Stand tall with your feet hip-width apart, holding a chair back if you need balance.",
        "Rise slowly onto the balls of your feet, as high as is comfortable.",
        "Hold for a moment at the top, then lower your heels gently to the floor.",
    ),
    view="body",
    camera=(
        "Put the camera at about hip height, two to three metres away, so your whole body "
        "from head to feet is in the picture. Stand side-on to it or face it."
    ),
    signal=heel_lift,
    signal_name="heel lift",
    signal_unit="shin lengths",
    typical_span=0.10,
    min_span=0.05,
    gate=_gate,
    counter=CounterConfig(enter=0.6, exit=0.3, near_miss=0.4, full=0.8, min_duration=0.4, min_gap=0.2),
    smoothing=SmoothingConfig(min_cutoff=1.5, beta=8.0),
    feedback={
        "too_small": "Nearly there: lift your heels a little higher.",
        "too_fast": "Rise and lower slowly, with control.",
    },
)
