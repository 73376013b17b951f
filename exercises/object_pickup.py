"""Object pickup: lift small objects with the toes and drop them into a bowl."""
from __future__ import annotations

from typing import Optional

from coach.engine.counter import CounterConfig
from coach.engine.foot_counters import ZoneCounter
from coach.engine.foot_records import FootFrame, foot_ok
from coach.engine.spec import ExerciseSpec, SmoothingConfig


def objects_in_bowl(frame: FootFrame) -> Optional[float]:
    """The number of small objects seen inside the bowl zone."""
    if not isinstance(frame, FootFrame) or frame.objects_in_zone is None:
        return None
    return float(frame.objects_in_zone)


EXERCISE = ExerciseSpec(
    id="object_pickup",
    name="Object pickup",
    kids_name="Treasure hunt",
    instructions=(
        "Sit on a chair with a few small blue objects (bricks, counters, marbles) on the floor and a bowl beside your foot.",
        "Pick one object up with your toes, carry it over and drop it into the bowl.",
        "Put your foot back and fetch the next one: each object in the bowl counts.",
    ),
    view="foot",
    camera=(
        "Point the camera down from about 60 cm above so that your foot, the objects and the bowl "
        "are all in the picture; mark the bowl in the app once, before starting."
    ),
    signal=objects_in_bowl,
    signal_name="objects in the bowl",
    signal_unit="objects",
    typical_span=1.0,
    min_span=1.0,
    gate=foot_ok,
    counter=CounterConfig(),
    # A count is a whole number: no smoothing (the counter debounces instead).
    smoothing=SmoothingConfig(min_cutoff=1000.0, beta=0.0),
    counter_factory=ZoneCounter,
    feedback={
        "not_in_view": "I can't see your foot: keep it in the picture with the bowl.",
    },
)
