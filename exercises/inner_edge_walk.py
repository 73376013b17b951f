"""Inner-edge walk: walking on the inner edges of the feet, soles turned outwards."""
from __future__ import annotations

from coach.engine.body_form import standing_gate
from coach.engine.gait import WALK_COUNTER, WALK_SMOOTHING, gait_counter_factory
from coach.engine.spec import ExerciseSpec
from exercises.outer_edge_walk import (EDGE_CAMERA, EDGE_END_BACK, EDGE_FEEDBACK, EDGE_FINAL_SWING, EDGE_MAX_GAP,
                                       EDGE_MIN_STEP, ESTIMATED_REASON, STEP_MIN_SPAN, STEP_SPAN, edge_rule,
                                       steps_towards_camera)

# Ordinary walking towards the camera reads nearer the inner edges than the
# outer ones (on 20 seed sets of the accuracy suite, one step in a hundred
# of ordinary walks read 0.59 spans inwards, against 0.40 outwards), and at
# the shared line of 0.5 two ordinary walks in 240 counted 3 steps each.
# At 0.6: no phantom step on 40 seed sets, exact 0.944 -> 0.944 and
# 0.942 -> 0.939.
INNER_PASSING = 0.6

EXERCISE = ExerciseSpec(
    id="inner_edge_walk",
    name="Inner-edge walk",
    kids_name="Duckling walk",
    instructions=(
        "Stand with your feet hip-width apart and roll them onto their inner edges, soles turned outwards.",
        "Walk slowly towards the camera, staying on the inner edges for every step.",
        "Turn round at the camera, walk back, and go again.",
    ),
    view="body",
    camera=EDGE_CAMERA,
    signal=steps_towards_camera,
    signal_name="foot height offset",
    signal_unit="torso lengths",
    typical_span=STEP_SPAN,
    min_span=STEP_MIN_SPAN,
    gate=standing_gate,
    counter=WALK_COUNTER,
    smoothing=WALK_SMOOTHING,
    feedback={
        "posture_missing": "Your feet are flat on the floor: roll them onto their inner edges.",
        "posture_small": "Roll further onto the inner edges of your feet.",
        "too_big": "Walk calmly, feet close to the floor, rolled onto their inner edges.",
        **EDGE_FEEDBACK,
    },
    counter_factory=gait_counter_factory(edge_rule(-1.0, passing=INNER_PASSING), steps="zigzag",
                                         end_back=EDGE_END_BACK, final_swing=EDGE_FINAL_SWING,
                                         max_gap=EDGE_MAX_GAP, min_interval=EDGE_MIN_STEP),
    estimated=True,
    estimated_reason=ESTIMATED_REASON,
)
