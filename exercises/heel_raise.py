"""Heel raise: standing, rise onto the toes and come back down."""
from __future__ import annotations

from typing import Dict, Optional, Sequence, Tuple

from coach.engine.counter import CounterConfig, RepEvent
from coach.engine.form import FormChecked
from coach.engine.geometry import angle_deg, dist, px
from coach.engine.spec import ExerciseSpec, SmoothingConfig
from coach.engine.visibility import feet_visible
from coach.records import Frame, PoseIndex as P


def heel_lift(frame: Frame) -> Optional[float]:
    """How far the person has risen onto the toes, in torso lengths.

    Rising onto the toes pivots each foot about its ball: the heel and the
    ankle climb above the foot tip, and everything above the ankles (hips,
    shoulders, head) climbs by the same few centimetres. The foot points are
    small and the pose model under-reports their lift, while the head and
    shoulders are tracked steadily, so the signal adds the two measures:
    heel and ankle height above the foot tips, plus the height of the upper
    body in the image. The upper-body term has an arbitrary zero; the
    counter learns the person's rest level, so only its rise matters.
    Dividing by the torso (shoulders to hips) makes the value the same near
    the camera and far from it, from the side or from the front.
    """
    if frame.pose is None:
        return None
    tip = _mean_y(frame, (P.LEFT_FOOT_INDEX, P.RIGHT_FOOT_INDEX))
    foot = _mean_y(frame, (P.LEFT_HEEL, P.RIGHT_HEEL, P.LEFT_ANKLE, P.RIGHT_ANKLE))
    upper = _mean_y(frame, (P.NOSE, P.LEFT_EAR, P.RIGHT_EAR, P.LEFT_SHOULDER, P.RIGHT_SHOULDER, P.LEFT_HIP, P.RIGHT_HIP))
    shoulders = _mean_point(frame, (P.LEFT_SHOULDER, P.RIGHT_SHOULDER))
    hips = _mean_point(frame, (P.LEFT_HIP, P.RIGHT_HIP))
    torso = dist(shoulders, hips)
    if torso <= 1.0:
        return None
    return ((tip - foot) - upper) / (2.0 * torso)


def _mean_point(frame: Frame, indices: Tuple[int, ...]) -> Tuple[float, float]:
    points = [px(frame, i) for i in indices]
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _mean_y(frame: Frame, indices: Tuple[int, ...]) -> float:
    return _mean_point(frame, indices)[1]


# A heel raise keeps the knees straight, the feet on the spot and lifts the
# body by a few centimetres. Measured with MediaPipe on drawn-figure clips
# (side and front) and real footage: true repetitions kept the knees at
# 173 degrees or more, the ankles within 0.15 torso lengths and a rise of at
# most 0.11; squats bent the knees to under 100 degrees, walking moved the
# ankles 0.6 to 2.1 torso lengths, a jump rose 0.35.
MIN_KNEE_DEG = 155.0
MAX_FEET_TRAVEL = 0.35
MAX_RISE = 0.2


def form_features(frame: Frame) -> Optional[Dict[str, float]]:
    if frame.pose is None:
        return None
    shoulders = _mean_point(frame, (P.LEFT_SHOULDER, P.RIGHT_SHOULDER))
    hips = _mean_point(frame, (P.LEFT_HIP, P.RIGHT_HIP))
    torso = dist(shoulders, hips)
    if torso <= 1.0:
        return None
    knees = [
        angle_deg(px(frame, hip), px(frame, knee), px(frame, ankle))
        for hip, knee, ankle in ((P.LEFT_HIP, P.LEFT_KNEE, P.LEFT_ANKLE), (P.RIGHT_HIP, P.RIGHT_KNEE, P.RIGHT_ANKLE))
    ]
    if any(k is None for k in knees):
        return None
    ankles = _mean_point(frame, (P.LEFT_ANKLE, P.RIGHT_ANKLE))
    return {"knee": min(knees), "ankle_x": ankles[0] / torso}  # type: ignore[type-var]


def judge(event: RepEvent, window: Sequence[Tuple[float, Dict[str, float]]]) -> Optional[str]:
    if event.range > MAX_RISE:
        return "too_big"
    if min(f["knee"] for _, f in window) < MIN_KNEE_DEG:
        return "bend_knees"
    travel = max(f["ankle_x"] for _, f in window) - min(f["ankle_x"] for _, f in window)
    if travel > MAX_FEET_TRAVEL:
        return "stay_in_place"
    return None


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
    signal_unit="torso lengths",
    typical_span=0.07,
    min_span=0.04,
    gate=_gate,
    counter=CounterConfig(enter=0.5, exit=0.3, near_miss=0.4, full=0.8, min_duration=0.4, min_gap=0.2),
    smoothing=SmoothingConfig(min_cutoff=1.5, beta=8.0),
    counter_factory=FormChecked(form_features, judge),
    feedback={
        "too_small": "Nearly there: lift your heels a little higher.",
        "too_fast": "Rise and lower slowly, with control.",
        "bend_knees": "Keep your knees straight: the lift should come from your heels, not your knees.",
        "stay_in_place": "Stay on the spot: rise and lower without stepping.",
        "too_big": "That was more than a heel raise: just rise onto your toes and come back down.",
    },
)
