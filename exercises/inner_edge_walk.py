"""Inner-edge walk: walking on the inner edges of the feet, soles turned outwards."""
from __future__ import annotations

from coach.engine.body_form import standing_gate
from coach.engine.counter import CounterConfig
from coach.engine.gait import gait_counter_factory
from coach.engine.spec import ExerciseSpec, SmoothingConfig
from exercises.outer_edge_walk import (ESTIMATED_REASON, STEP_MIN_SPAN, STEP_SPAN, edge_rule,
                                       steps_towards_camera)

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
    camera=(
        "Put the camera at knee to hip height, level, at one end of the room, and walk straight "
        "towards it from four or five metres away, facing it, whole body in the picture."
    ),
    signal=steps_towards_camera,
    signal_name="foot height offset",
    signal_unit="torso lengths",
    typical_span=STEP_SPAN,
    min_span=STEP_MIN_SPAN,
    gate=standing_gate,
    counter=CounterConfig(enter=0.5, exit=0.35, near_miss=0.45, full=0.8, min_duration=0.2, min_gap=0.05),
    smoothing=SmoothingConfig(min_cutoff=3.0, beta=4.0),
    feedback={
        "posture_missing": "Your feet are flat on the floor: roll them onto their inner edges.",
        "posture_small": "Roll further onto the inner edges of your feet.",
        "too_small": "Take proper steps.",
        "too_fast": "Slower steps, please.",
        "too_big": "Walk calmly, feet close to the floor, rolled onto their inner edges.",
        "lost_view": "Face the camera as you walk towards it, so that it can see your feet.",
        "come_closer": "Walk towards the camera: only steps that come nearer to it can be judged.",
    },
    counter_factory=gait_counter_factory(edge_rule(-1.0), steps="zigzag"),
    estimated=True,
    estimated_reason=ESTIMATED_REASON,
)
