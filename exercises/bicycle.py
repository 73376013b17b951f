"""Bicycle: lying on the back, pedalling in the air."""
from __future__ import annotations

from typing import Optional

from coach.engine.body_form import TogetherMonitor, leg_reach, lying_gate
from coach.engine.cycle import CycleConfig, cycle_counter_factory
from coach.engine.spec import ExerciseSpec, SmoothingConfig
from coach.records import Frame


def pedal(frame: Frame) -> Optional[float]:
    """Left leg's reach minus the right leg's (hip to ankle, torso lengths). As
    the legs pedal half a turn apart, one stretches while the other bends: the
    difference swings from one side to the other once per full turn."""
    reach = leg_reach(frame)
    return None if reach is None else reach[0] - reach[1]


EXERCISE = ExerciseSpec(
    id="bicycle",
    name="Bicycle",
    kids_name="Upside-down cyclist",
    instructions=(
        "Lie on your back on the floor, arms by your sides.",
        "Lift your legs and pedal slowly in the air, as if riding a bicycle, one leg stretching as the other bends.",
        "One full turn of both legs is one. Make big, round circles.",
    ),
    view="body",
    camera=(
        "Put the camera to your side, about three metres away and a little above the floor "
        "(on a chair), so that it sees you from head to feet with your legs side-on."
    ),
    signal=pedal,
    signal_name="leg reach difference",
    signal_unit="torso lengths",
    typical_span=1.0,
    min_span=0.6,
    gate=lying_gate,
    smoothing=SmoothingConfig(min_cutoff=2.0, beta=1.0),
    feedback={
        "too_small": "Make bigger circles with your legs.",
        "alternate": "Pedal in turn: one leg stretches while the other bends.",
        "too_fast": "Pedal more slowly, with control.",
        "not_in_view": "Lie where the camera sees you from head to feet.",
    },
    counter_factory=cycle_counter_factory(
        # A gap in the view up to 2 s (a passer-by, a detector loss) is
        # bridged: a turn whose rise or turn back fell in it still counts
        # (``CycleConfig.bridge``; before, the turn was dropped after 0.5 s
        # with "lost_view"), and a turn back that falls straight to the low
        # end over the gap confirms its peak. Landmark pools (20 seed sets
        # each), exact: 820001 0.969 -> 0.997, 790001 0.989 -> 0.992, 680001
        # 0.961 -> 0.989; no phantom turn there or on the 11 real negatives.
        CycleConfig(low=0.3, high=0.7, near=0.5, min_duration=0.3, window=5.0, bridge=2.0,
                    # the legs rest bent part-way round before the first turn:
                    # the rise from that rest to the high end is a fraction of
                    # a turn's swing (0.4 torso lengths on the suite, against
                    # at least 0.9 for a real turn, children's small circles
                    # included). A trip under 0.55 of the person's recent ones
                    # (of the typical span before the first) is not a turn.
                    min_share=0.55)
    ),
    form=TogetherMonitor,
)
