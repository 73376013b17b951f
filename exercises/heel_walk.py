"""Heel walk: walking on the heels with the toes and the front of the feet lifted."""
from __future__ import annotations

from typing import Optional, Tuple

from coach.engine import body_signals as bs
from coach.engine.body_form import standing_gate
from coach.engine.gait import WALK_COUNTER, WALK_RESUME_WITHIN, PostureRule
from coach.engine.spec import ExerciseSpec
from coach.engine.walk_evidence import WalkCounterFactory, WalkEvidence
from coach.records import Frame
from exercises.toe_walk import (FLAT_PITCH, SIDE_WALK_FINDER_OPTIONS, SIDE_WALK_PASSER, SIDE_WALK_SMOOTHING,
                                SIDE_WALK_STEPS, WALK_MIN_COVERAGE, steps)

# The pose model reports well under half of a real toe lift (25 degrees of
# lift show as 8 to 16 on rendered heel walks), so the span is small.
TOES_SPAN = 20.0

# MediaPipe reads a foot behind the other, toes up, as if it pushed off: it
# puts the foot tip under the sole. On varied drawn heel walks in light
# shoes (``--varied``) the foot behind read 20 to 50 degrees toes down on
# most frames, and nine of 27 walks counted nothing, their toes read flat
# by the lower quartile of both feet. The foot ahead is read well, and over
# the first half of a step it is the one that has just landed: on a heel
# walk it stands on its heel, toes up, until the other passes it; in
# ordinary walking it is flat from just after landing. Pooled over a walk's
# steps, its lower quartile read 0.5 to 1.3 spans on eight of those nine
# heel walks (0.2 on the ninth), and up to 0.67 on the varied ordinary
# walks (one of 27; the next highest 0.5): its rest, learnt standing 25
# degrees off side-on, lay 20 degrees under the flat feet it walked on.
# So a walk that the first reading fails passes when the foot ahead reads
# 0.75 (``WalkEvidence.leading_foot``).
# With the legs' swaps mended too (``LegSwapMender``), the varied heel walks count
# 28 of 37 exact, not 14 (the foot ahead alone 15, the mending alone 15);
# of the 30 drawn after this rule was made, 7 of 10, not 4. No ordinary
# walk of the 37 counted a step, and on the landmark pools 610001, 620001,
# 640001 and 650001 (20 seed sets each) heel walks count as before.
LEADING_TOES = 0.75

# A heel walk read on its foot ahead may pass only on its fifth step or
# later, once the last four show the posture; it counted those four and
# lost the ones before (two varied drawn heel walks, 5 of 6 each). With
# ``WalkEvidence.count_back`` the steps before count too, back to one that
# reads below the stop line (the walk's first, rising from standing flat,
# whatever it reads). Varied drawn heel walks (0 to 176): 41 -> 43 of 59
# exact, no walk counting wrong that counted right; the 30 drawn after
# (177 to 206), the suite with MediaPipe (tuning, held-out, fresh) and the
# pools 680001, 690001, 700001 (20 seed sets each) count as before, and no
# ordinary walk counts a step. The toe walk leaves it off: an ordinary
# walk there that passed late counted 9 phantom steps, not 5.
COUNT_BACK = True


def toes_up(frame: Frame) -> Optional[Tuple[Optional[float], Optional[float]]]:
    """Each foot's toe lift (degrees, foot tip above the heel), None for a foot
    out of sight. On a heel walk the fronts of both feet stay up; in
    ordinary walking a foot lifts its toes only briefly, as it lands, and is
    flat or pushing off (toes down) for the rest of the stride."""
    feet = bs.visible_feet(frame)
    vals = tuple(-v if v is not None else None for v in
                 (bs.foot_pitch(frame, s) if s in feet else None for s in bs.SIDES))
    return None if all(v is None for v in vals) else vals


EXERCISE = ExerciseSpec(
    id="heel_walk",
    name="Heel walk",
    kids_name="Penguin walk",
    instructions=(
        "Stand tall and lift the front of both feet so that only your heels touch the floor.",
        "Walk slowly across the room on your heels, toes pointing up, arms up straight if you can.",
        "Walk past the camera, turn round, and come back the same way.",
        "Before the first step, stand still side-on to the camera for two seconds with your feet flat: "
        "that is how the coach learns what flat feet look like from where the camera stands.",
    ),
    view="body",
    camera=(
        "Put the camera low, at about knee height, level, three to four metres from where you walk, "
        "and walk across its view from side to side, so that it sees your feet side-on. "
        "Walking straight towards the camera does not work: it cannot see the toes lift. "
        "It sees the feet best with the ankles bare or in close-fitting clothes, and socks or shoes "
        "of another colour than the floor."
    ),
    signal=steps,
    signal_name="foot offset",
    signal_unit="torso lengths",
    typical_span=0.6,
    min_span=0.25,
    gate=standing_gate,
    counter=WALK_COUNTER,
    smoothing=SIDE_WALK_SMOOTHING,
    feedback={
        "posture_missing": "Your toes are touching the floor: lift the front of your feet and walk on your heels.",
        "posture_small": "Lift your toes higher.",
        "too_big": "Keep both feet close to the floor: walk on your heels, no high kicks or jumps.",
    },
    counter_factory=WalkCounterFactory(
        # Flat feet as the person standing before the walk shows them; that
        # rest may lie up to 6 degrees towards toes-up (seen from above,
        # walking a little away from the camera, flat feet read up to 5
        # degrees of toe lift), no further, so that someone standing on
        # their heels before setting off cannot set a rest no walk passes.
        # A passer-by's frames are dropped.
        PostureRule(posture=toes_up, rest=-FLAT_PITCH, span=TOES_SPAN, learn_rest=True, rest_rise=6.0,
                    same_person=SIDE_WALK_PASSER, resume_within=WALK_RESUME_WITHIN, turns=True),
        # A walk counts once the lower quartile of both feet's toe lift over
        # its last four steps (at least two) reaches a tenth of a typical
        # lift above the flat reading: on a heel walk the toes are up nearly
        # all the time, in ordinary walking the feet are flat or pushing
        # off, toes down, for most of it. Over 60 seed sets of the accuracy
        # suite (1080 heel walks, 480 ordinary ones) one ordinary walk read
        # above 0 (0.05) and one heel walk below; on 20 sets drawn later
        # (190001) seven ordinary walks read 0.005 to 0.08 and counted 31
        # steps at a line of 0: at 0.1, none, and the exact rate stayed
        # 0.978 (on 160001 it went 0.986 -> 0.981). The 0.2 quantile kept
        # ordinary walks further down, but lost
        # steps on rendered heel walks, whose toe lift the pose model
        # under-reports more. When nobody stood still before the walk, the
        # flat reading is a guess and the line is 0.3: ordinary walks that
        # came into view walking, before a camera that reads flat feet as
        # toes up, counted (on 60 sets drawn later, phantom steps 32 -> 7,
        # every exact count as it was). A counting walk
        # stops when its last three steps read below -0.3 (at -0.15 two
        # rendered heel walks lost steps). Past two typical lifts (40
        # degrees) on a quarter of the readings, it is no heel walk. As for
        # the toe walk, a walk judged on its first two steps alone counts
        # from 0.2 (``short_passing``) and otherwise waits for its third: on
        # 340001 an ordinary walk read 0.14 on its first two steps, then
        # -0.15 and -0.44, and counted three. On 300001, 310001, 320001 and
        # 340001 (20 seed sets each): exact 0.981, 0.986, 0.992, 0.994 ->
        # 0.981, 0.983, 0.986, 0.994, phantom steps 0, 0, 0, 3 -> none; the
        # heel walks lost (4x jitter, a passer-by, a child) read so too (at
        # 0.15 the same counts).
        # As for the toe walk (see exercises/toe_walk.py, UNSTEADY_TOE), a
        # walk read unsteadily, its toe readings jittering by 0.2 spans a
        # frame or more (walks at 1x to 2.5x jitter read 0.05 to 0.24, 0.17
        # at the 95th percentile; those at 4x 0.16 to 0.38), is judged from
        # its third step on, pooled over up to eight, from 0.15: ordinary
        # walks at 4x read up to 0.17 on two steps, 0.12 from the third on
        # (360001, 300001, 320001), and counted 4 phantom steps on 360001
        # and 5 on 380001 at 0.1. Ended after two steps, it counts from 0.3
        # (walkers leaving the picture after two steps). On 300001, 340001,
        # 360001 and 380001 (20 seed sets each): exact 0.981, 0.994, 0.986,
        # 0.981 -> 0.981, 0.994, 0.986, 0.978, phantom steps 0, 0, 4, 0 ->
        # none. Such a walk with no standing seen before it, the flat
        # reading a guess, is held to the guess's line too (0.3): an
        # ordinary walk at 4x jitter on 730017 that learnt no rest read
        # 0.16 pooled over three steps and counted 7 at 0.15. On 680001,
        # 700001, 730001 and 740001 (20 seed sets each) no exact count
        # changed, and the phantom steps went 0, 3, 7, 0 -> 0, 3, 0, 0.
        WalkEvidence(passing=0.1, near=-0.1, quantile=0.25, passing_unlearnt=0.3, stop=-0.3, too_big=2.0,
                     min_coverage=WALK_MIN_COVERAGE, short_passing=0.2, unsteady=0.2, unsteady_passing=0.15,
                     unsteady_passing_unlearnt=0.3,
                     unsteady_short=0.3, leading_foot=bs.foot_ahead, leading_passing=LEADING_TOES,
                     count_back=COUNT_BACK),
        # steps found as for the toe walk (exercises/toe_walk.py, SIDE_WALK_STEPS)
        steps=SIDE_WALK_STEPS,
        finder_options=SIDE_WALK_FINDER_OPTIONS,
    ),
)
