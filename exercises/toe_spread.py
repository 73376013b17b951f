"""Toe spreading: spread the toes as wide as they go, then let them relax."""
from __future__ import annotations

from typing import Optional

from coach.engine.counter import CounterConfig
from coach.engine.foot_records import FootFrame, foot_ok
from coach.engine.spec import ExerciseSpec, SmoothingConfig


def toe_spread(frame: FootFrame) -> Optional[float]:
    """The floor seen between the toes, from above (hull of the front of the
    foot minus the foot, in hundredths of a ball width squared): it opens as
    the toes fan out and closes when they come back together."""
    return frame.spread if isinstance(frame, FootFrame) else None


EXERCISE = ExerciseSpec(
    id="toe_spread",
    name="Toe spread",
    kids_name="Starfish toes",
    instructions=(
        "Sit on a chair with your bare foot flat on the floor inside the outline on the screen.",
        "Spread all your toes apart as far as you can, like a starfish opening its arms.",
        "Hold the spread for a moment, then let the toes relax back together.",
    ),
    view="foot",
    camera=(
        "Point the camera straight down at your foot from about 50 cm above, toes towards the top "
        "of the picture; the whole forefoot and a little floor around it should be in view."
    ),
    signal=toe_spread,
    signal_name="toe spread",
    signal_unit="gap area (% of ball width squared)",
    # Measured on warped photo clips: about 1 at rest, 4 to 6 at a full spread;
    # tracking noise stays within 1.
    typical_span=3.0,
    min_span=1.5,
    gate=foot_ok,
    counter=CounterConfig(enter=0.6, exit=0.35, near_miss=0.45, full=0.8, min_duration=0.4, min_gap=0.2),
    smoothing=SmoothingConfig(min_cutoff=1.5, beta=0.5),
    feedback={
        "too_small": "Nearly: spread your toes a little wider, little toe out, big toe in.",
        "too_fast": "Slow down a little: open, hold, then relax.",
        "not_in_view": "I can't see your foot: put it back inside the outline.",
        "lost_view": "Your foot left the picture mid-spread; that one did not count.",
    },
)
