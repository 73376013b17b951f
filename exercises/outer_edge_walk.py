"""Outer-edge walk: walking on the outer edges of the feet, soles turned inwards."""
from __future__ import annotations

from typing import Optional, Tuple

from coach.engine import body_signals as bs
from coach.engine.body_form import standing_gate
from coach.engine.gait import (WALK_COUNTER, WALK_RESUME_WITHIN, WALK_SMOOTHING, PostureRule, SamePerson,
                               gait_counter_factory, mean_of_feet)
from coach.engine.spec import ExerciseSpec
from coach.records import Frame

# edge_roll_feet of ordinary standing and walking, and its change for a typical
# roll onto the edges, as the landmarks show it (see coach/accuracy/body.py).
EDGE_REST = -0.12
EDGE_SPAN = 0.3

ESTIMATED_REASON = (
    "The camera's body landmarks have no point on the edges of the feet, so whether you are "
    "on the outer or inner edge is judged from how your knees and ankles lean: the count is an estimate."
)


def steps_towards_camera(frame: Frame) -> Optional[float]:
    """Walking towards the camera the nearer foot sits lower in the picture:
    the left foot's height minus the right foot's swings from one end to the
    other with every step."""
    return bs.step_offset(frame, "y")


# How far the two feet's heights in the picture swing apart with each step
# walking towards a camera at knee to hip height, in torso lengths: about
# +-0.3 to +-0.6 in the landmark-level walks (the lifted foot adds to it), and
# never under 0.15 peak to peak, which is three times what landmark jitter
# makes of two feet standing still.
STEP_SPAN = 0.6
STEP_MIN_SPAN = 0.15

# A walk's last step counts once the feet have come back by half the
# turning threshold and stayed so (``ZigzagSteps.end_back``): walking into
# the camera, the trailing foot often stops short of the other one. A last
# step in the walk's rhythm, shorter than a settled one, whose feet leave
# the bottom of the picture once they have come back that far, counts too
# (``ZigzagSteps._ending_at_loss``): walking into the camera, the walker
# reaches the picture's edge as the walk ends, and the landing was seen in
# it. On 440001, 420001, 390001, 300001, 370001 and 340001 (20 seed sets
# each): inner 0.947, 0.953, 0.958, 0.947, 0.953, 0.961 -> 0.956, 0.961,
# 0.969, 0.950, 0.956, 0.967 and outer 0.969, 0.958, 0.972, 0.944, 0.939,
# 0.953 -> 0.972, 0.958, 0.972, 0.953, 0.942, 0.953 exact, phantom steps
# unchanged.
EDGE_END_BACK = 0.5

# A walk's last step may part the feet less than the turning threshold: the
# stride shrinks as the walk ends. It counts when it swings at least half
# the threshold, in the walk's rhythm, after a full-size landing, and the
# feet then stay put (``ZigzagSteps.final_swing``). Chosen on 200001 and
# checked on 180001, 190001 and 210001 (20 seed sets each, 210001 drawn
# after the choice): outer 0.939 -> 0.944, 0.944 -> 0.947, 0.950 -> 0.953,
# 0.925 -> 0.936 exact; inner 0.944 -> 0.958, 0.936 -> 0.950, 0.939 ->
# 0.953, 0.897 -> 0.919; no phantom step.
EDGE_FINAL_SWING = 0.5

# The zigzag step finder loses a walk's step in progress after a gap in the
# signal longer than this (``ZigzagSteps.max_gap``; the counter's
# ``max_invalid``, 0.5 s, before). A detector loss straight before or after
# a passer-by's frames hides 0.5 to 0.75 s, and at 0.5 s the walk was lost
# with the landing in the gap and the step after it. Under a step and a
# half at the slowest pace, so that a gap hides at most one landing. On
# 300001, 310001 and 320001 (20 seed sets each; 320001 drawn for this):
# outer 0.936, 0.956, 0.975 -> 0.939, 0.956, 0.981 and inner 0.939,
# 0.939, 0.958 -> 0.947, 0.944, 0.967 exact; no phantom step (1.2 s counts
# the same). A landing found in such a gap is timed at its middle, and a
# short last step after it is judged in the walk's rhythm allowing for
# where in the gap it fell (``ZigzagSteps._final_step``): inner on 300001
# and 320001 0.947, 0.967 -> 0.950, 0.969.
EDGE_MAX_GAP = 0.8

# Two landings this close (seconds) are one seen twice, even as a walk sets
# off and has no rhythm yet (``ZigzagSteps.min_interval``): a foot hidden
# behind something gets points thrown about by the pose model, which broke
# the first step's swing in two, 0.13 to 0.25 s apart. A slow walk on the
# edges takes 0.55 s or more a step. On 300001 and 320001 (20 seed sets
# each): outer 0.939, 0.981 -> 0.944, 0.983, inner unchanged (0.950,
# 0.969); at 0.4 s both read worse; no phantom step.
EDGE_MIN_STEP = 0.3

# A walk that ends after two passing steps (short of ``EDGE_CONFIRM_STEPS``)
# counts only if its steps read this far past the line on their median
# (``PostureRule.short_walk_median``): on 350001 an ordinary walk read 0.51
# and 0.51 outwards on two steps, the next one flat, and counted three with
# its lead-in step. On 300001, 320001, 330001 and 350001 (20 seed sets
# each) no exact count changed, outer and inner; that phantom is gone.
EDGE_SHORT_WALK_MARGIN = 0.1

# Passing steps a walk needs before it counts while it goes on, and failed
# steps straight before it that may lead into it (see ``edge_rule``).
EDGE_CONFIRM_STEPS = 3
EDGE_LEAD_STEPS = 3

# A lead-in step is read on its own frames and, failing that, on the first
# 0.3 s of the step after it (at most half of it), unless it lasts under a
# fifth of that step. The zigzag finder ends a walk's first step at its
# landing, so its frames are the feet setting off from flat standing (q 0.16,
# -0.03, 0.18 of a span on noisy walks whose next steps read 0.8 to 1.4); the
# foot on its edge shows only once it has landed. A sliver (a passer-by's
# frames cut it) would read as the next step, and keeps its own frames.
# On 230001, drawn for this: outer 0.944 -> 0.953 exact; on seven older
# pools of 20 seed sets outer rose by up to 0.006 on five and held on two,
# inner rose on 230001 (0.961 -> 0.964) and held on the rest; no phantom step.
EDGE_LEAD_EXTRA = 0.3
EDGE_LEAD_EXTRA_MIN_SHARE = 0.2

# Shoulder width over torso length: about 0.7 to 0.8 square to the camera, under
# 0.35 side-on. The edge roll is read only when the person faces the camera.
MIN_FACING = 0.6


def facing_edge_roll(frame: Frame) -> Optional[Tuple[Optional[float], Optional[float]]]:
    """Each foot's ``edge_roll_feet`` on frames where the person faces the
    camera; None on others (side-on, the knees and ankles cannot show the
    roll)."""
    torso = bs.torso(frame)
    if torso is None:
        return None
    width = bs.dist(bs.px(frame, 11), bs.px(frame, 12))
    if width / torso < MIN_FACING:
        return None
    return bs.edge_roll_feet(frame)


# Where the camera goes, and the hints that do not depend on the edge: the
# same for the outer- and inner-edge walks.
EDGE_CAMERA = (
    "Put the camera at knee to hip height, level, at one end of the room, and walk straight "
    "towards it from four or five metres away, facing it, whole body in the picture."
)
EDGE_FEEDBACK = {
    "too_small": "Take proper steps.",
    "too_fast": "Slower steps, please.",
    "lost_view": "Face the camera as you walk towards it, so that it can see your feet.",
    "come_closer": "Walk towards the camera: only steps that come nearer to it can be judged.",
    "out_of_picture": "Stop a step short of the camera: that step landed with your feet out of the picture.",
}

# A step that lands with part of the body this far outside the picture is
# not judged (``PostureRule.landing_margin``): the last step into the camera
# may put a foot below the picture, where the pose model only guesses it.
# The app's own view check allows 0.02 of the picture, but the landmarks'
# slow drift moves a foot by 0.01 to 0.015 of it over a landing, and at 0.02
# landings that were in the picture were refused (20 clips lost on 270001
# and 280001). At 0.045, on the same pools (20 seed sets each): outer 0.956,
# 0.967 -> 0.953, 0.969 exact and inner 0.969, 0.944 -> 0.972, 0.953; five
# walks no longer count a last step landed out of the picture, and one that
# had missed a step and counted that one instead now reads one short.
EDGE_LANDING_MARGIN = 0.045

# Under 4x jitter (the most distant real video's) the landmarks' slow drift
# reads two or three steps of an ordinary walk in a row past the line: the
# accuracy suite's ordinary walks at 4x (two a seed set, added on
# 2026-12-05) counted 2 phantom steps (outer) and 10 (inner) on 360001, and
# 2 and 0 on 380001 (20 seed sets each), on runs of up to three passing
# steps; walks on their edge at 4x mostly pass four or more in a row (56
# and 58 of 60 on 360001). So a walk whose steps' roll jitters by 0.2 spans
# a frame or more (``PostureRule.unsteady``, the median of its steps' read
# on 15 frames or more; walks at 1x to 2.5x read 0.04 to 0.27, about 0.2 at
# the 98th percentile, those at 4x 0.15 to 0.41) needs four passing steps
# to start, and one that ends short of them, a median of a full span (the
# 4x ordinary walks' short runs read 0.57 to 0.82; walkers leaving the
# picture after two or three steps mostly 0.9 to 1.5; at 0.85 one clip more
# on 340001). On 300001, 340001, 360001 and 380001 (20 seed sets each):
# outer 0.944, 0.961, 0.967, 0.969 -> 0.944, 0.950, 0.961, 0.969 exact,
# phantom steps 12, 0, 2, 2 -> 5, 0, 0, 0; inner 0.950, 0.961, 0.964,
# 0.972 -> 0.947, 0.956, 0.964, 0.969, phantom steps 0, 9, 10, 0 -> 0, 5,
# 0, 0. The phantoms left are ordinary walks at 4x that read four and
# more steps in a row past the line, at medians (0.63 spans) that edge
# walks at 4x show too.
#
# Later the same day the line was read on the view, not on the walk's own
# steps (every reading over the 6 s up to the last step, standing before
# the walk included; ``coach.engine.gait.UNSTEADY_SPAN``): one step's
# frames took walkers at 1.6x and 2.4x for unsteady, and they left the
# picture after two steps reading 0.77 and 0.91 spans, uncounted. And a
# walk read unsteadily that ends on three passing steps counts at a
# median of 0.85 (``EDGE_UNSTEADY_LONGER``): the walks to count that
# ended on three, uncounted, read 0.61 to 0.97 (seven of twelve above
# 0.85 on 300001, 340001, 360001 and 390001), the ordinary walks at 4x
# that ended on three 0.61 to 0.81 (on two, 0.82 and 0.84). Before ->
# after, exact (phantom steps unchanged: 5 on outer 300001 and inner
# 340001, none elsewhere), 20 seed sets each; the line chosen on the first
# four, the last three checked after:
#
#            300001        340001        360001        390001        370001        380001        400001
#   outer    0.944=        0.950->0.953  0.961=        0.958->0.972  0.936->0.939  0.969=        0.958->0.956
#   inner    0.947=        0.956->0.961  0.964=        0.958=        0.950->0.953  0.969->0.972  0.972=
#
# On 2026-12-06 a walk read unsteadily came to need five passing steps to
# start (``EDGE_UNSTEADY_STEPS``; four before). Every phantom step left on
# ten pools came from one kind of walk: an ordinary walk at 4x whose drift
# read four steps in a row past the line, medians 0.60 to 0.69 spans, and
# then flat ones (outer 480001, 300001, 460001; inner 480001, 470001). A
# fifth passing step never came, so such a walk no longer counts. A walk
# that ends on four passing steps counts once their median reaches
# ``EDGE_UNSTEADY_LONG``. That line is the line for three (0.85) scaled by
# sqrt(3/4), since a median of four scatters less than a median of three.
# A bridged miss among the four is left out of the median. Held walks that
# ended on four, over ten pools: one ordinary walk read 0.65 (its run ended
# with the clip), 16 walks to count read 0.46 to 0.75, and some 230 read
# more, three of them (0.76 to 0.88) only with their bridged miss left out.
# Exact rate and phantom steps, 20 seed sets each, before -> after
# (500001 and 510001 drawn after the choice):
#
#            outer                     inner
#   420001   0.967, 0 -> 0.958, 0      0.969, 0 -> 0.969, 0
#   490001   0.967, 0 -> 0.967, 0      0.978, 0 -> 0.978, 0
#   470001   0.956, 0 -> 0.956, 0      0.981, 4 -> 0.981, 0
#   480001   0.964, 4 -> 0.964, 0      0.964, 4 -> 0.964, 0
#   460001   0.964, 4 -> 0.961, 0      0.972, 0 -> 0.972, 0
#   300001   0.969, 5 -> 0.967, 0      0.967, 0 -> 0.967, 0
#   370001   0.958, 0 -> 0.958, 0      0.964, 0 -> 0.964, 0
#   340001   0.953, 0 -> 0.947, 0      0.969, 0 -> 0.969, 0
#   450001   0.969, 0 -> 0.964, 0      0.983, 0 -> 0.983, 0
#   390001   0.975, 0 -> 0.969, 0      0.978, 0 -> 0.978, 0
#   500001   0.972, 4 -> 0.967, 0      0.961, 6 -> 0.958, 0
#   510001   0.972, 0 -> 0.972, 0      0.975, 0 -> 0.972, 0
#
# Phantom steps 31 -> 0 over the 24 runs, the fresh 500001's two phantom
# walks among them. The clips lost, 13 on outer and 2 on inner over the
# twelve pools, are walks on the edge at 4x that ended on four passing
# steps reading under the line, or whose fifth step failed. Outer 340001
# fell under 0.95. A thinly seen step now keeps a walk's held steps by the
# same chain as a passing one (``GaitCounter._in_time``). Before, a walk
# of seven at 4x that waited for its fifth step lost its first (340001).
EDGE_UNSTEADY = 0.2
EDGE_UNSTEADY_STEPS = 5
EDGE_UNSTEADY_SHORT = 1.0
EDGE_UNSTEADY_LONGER = 0.85
EDGE_UNSTEADY_LONG = 0.74


def edge_rule(sign: float, passing: float = 0.5) -> PostureRule:
    """The posture rule of both edge walks, conservative since the roll is
    only estimated: the median roll over each step must show it (read in the
    walk's direction, so the outer and inner walks are judged alike); the
    body must grow in the picture by 3% over the step or the last 1.5 s (it
    comes nearer); a lone step is held back until the next one confirms a
    walk; steps where the body jumps in the picture (a jump, or the model
    switching to someone else) or that show far more than a roll are refused.
    The step straight before a walk's first counts when its roll reached the
    "almost" line (``lead_in``): the first step sets off from standing and
    reads lower (outer 0.83 / 0.83 / 0.78 -> 0.83 / 0.89 / 0.89 exact on the
    tuning, held-out and fresh seeds, inner 0.83 -> 0.89 on the tuning
    seeds, no phantom steps). Frames of a passer-by are dropped
    (``same_person``, its size check following the walker's growth as they
    come nearer), and a landing hidden in the gap they leave still counts
    (the zigzag step finder's ``hidden_landing``): outer 0.83 / 0.89 / 0.89
    -> 0.94 / 1.00 / 0.89, inner 0.89 / 0.94 / 1.00 -> 0.94 / 1.00 / 1.00.
    One step that reads short straight after a passing one is counted once
    the walk goes on (``bridge_one_miss``): outer fresh 0.89 -> 1.00, where
    the second step of two noisy walks read flat; so is one seen on too few
    frames to judge (``bridge_unseen``): a passer-by who took the detector
    over for most of a step, whose landing the step finder still found (on
    450001, 420001 and 390001, 20 seed sets each, two clips more exact,
    none fewer). The step finder takes the
    feet in turn (``ZigzagSteps.alternate``, on by default): a landing lost
    in a detector gap, or a landing that noise on a hidden foot split in
    two, counts once (eight extra seed sets: outer 0.89 -> 0.91, inner 0.88
    -> 0.91). A walk's last step held for being seen thinly counts once no
    step has come for 1.5 s (``release_held_after``, as for the side
    walks; no change on the suite). A passer-by's frame that lands near
    the walker is left out without moving the walker's track
    (``SamePerson.trust``), so the passer's next frames are told apart and
    the walker is taken back at once; with it and the finder's two rules
    for a walk's last step (the landing the feet left the picture on, and
    ``EDGE_END_BACK``), on 20 seed sets drawn after they were chosen:
    outer 0.947 -> 0.950 exact, inner 0.936 -> 0.939 (with its line at
    0.6, see inner_edge_walk), no phantom step added.

    A walk counts once three steps passed (``confirm_steps``), or once it
    ends after two with at most one step missed since: on a pool drawn
    after all of the above (220001) one ordinary walk in 160 read two steps
    in a row past the inner-edge line through the landmarks' slow drift,
    and its next four read flat. Until the third, a walk of two passing
    steps is judged as under way (the "almost" line holds for its next
    step), and up to three steps straight before it lead in
    (``lead_steps``): walking in from four or five metres, the first two
    or three steps often read under the line. Measured on seven pools of
    20 seed sets: see coach/accuracy/body.py. A lead-in step may borrow
    the frames of the step after it (``EDGE_LEAD_EXTRA``).

    The steps that start a walk (its passing steps, and the steps bridged
    between them) must read the posture on their median, not only on
    three of them (``confirm_median``, at the pass line): on a pool drawn
    later (250001) an ordinary walk, which the slow drift read 0.39 of a
    span inwards on average, passed the inner-edge line on two steps,
    0.76 and 0.61, with 0.36 bridged between them and 0.28 after, and
    counted five steps. With the rule none; on 220001 to 250001 no exact
    count changed.

    A passer-by who hides most of a walk's first step leaves the step
    after it to be refused for not coming nearer (it follows a thinly
    seen one, and the walker, far off, grows little over it), though it
    is the walk's first landing: such a step may lead into the walk
    (``lead_unapproached``). A lead-in step seen on under
    ``min_coverage`` of its frames keeps its own frames
    (``lead_extra_seen``): read on the next step's, the passer's frames
    before a walk passed as a step. On 220001 to 260001 (20 seed sets
    each): outer 0.947, 0.953, 0.942, 0.953, 0.961 -> 0.950, 0.956,
    0.947, 0.956, 0.961 and inner 0.944, 0.964, 0.942, 0.958, 0.942 ->
    0.944, 0.964, 0.942, 0.958, 0.947 exact, no phantom step."""
    # Each foot read over the step, then the two averaged (``mean_of_feet``):
    # read as one value a frame, frames on which a passer-by or an occlusion
    # hid one foot read the other alone, and pulled steps under the line.
    # With GaitCounter's start on one bridged miss at most, on ten pools of
    # 20 seed sets: outer exact up on six (0.944 -> 0.956 on 470001), down
    # on three, inner up on four, down on two, phantom steps 27 -> 21 (see
    # coach/accuracy/body.py for the table).
    return PostureRule(posture=facing_edge_roll, combine=mean_of_feet, rest=EDGE_REST, span=sign * EDGE_SPAN,
                       passing=passing, near=0.25,
                       quantile=0.5, too_big=3.0, max_body_speed=7.0, min_coverage=0.35, thin_coverage=0.15,
                       min_approach=0.03, lead_in=True, lead_steps=EDGE_LEAD_STEPS, lead_extra=EDGE_LEAD_EXTRA,
                       lead_extra_min_share=EDGE_LEAD_EXTRA_MIN_SHARE, same_person=SamePerson(trust=0.7),
                       bridge_one_miss=True, bridge_unseen=True, release_held_after=1.5,
                       resume_within=WALK_RESUME_WITHIN,
                       confirm_steps=EDGE_CONFIRM_STEPS,
                       confirm_median=passing, short_walk_median=passing + EDGE_SHORT_WALK_MARGIN,
                       lead_unapproached=True, lead_extra_seen=True,
                       landing_margin=EDGE_LANDING_MARGIN, unsteady=EDGE_UNSTEADY,
                       unsteady_confirm_steps=EDGE_UNSTEADY_STEPS, unsteady_short_median=EDGE_UNSTEADY_SHORT,
                       unsteady_longer_median=EDGE_UNSTEADY_LONGER, unsteady_long_median=EDGE_UNSTEADY_LONG)


EXERCISE = ExerciseSpec(
    id="outer_edge_walk",
    name="Outer-edge walk",
    kids_name="Bear walk",
    instructions=(
        "Stand with your feet hip-width apart and roll them onto their outer edges, soles turned towards each other.",
        "Walk slowly towards the camera like a bear, staying on the outer edges for every step.",
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
        "posture_missing": "Your feet are flat on the floor: roll them onto their outer edges.",
        "posture_small": "Roll further onto the outer edges of your feet.",
        "too_big": "Walk calmly, feet close to the floor, rolled onto their outer edges.",
        **EDGE_FEEDBACK,
    },
    counter_factory=gait_counter_factory(edge_rule(1.0), steps="zigzag", end_back=EDGE_END_BACK,
                                         final_swing=EDGE_FINAL_SWING, max_gap=EDGE_MAX_GAP,
                                         min_interval=EDGE_MIN_STEP),
    estimated=True,
    estimated_reason=ESTIMATED_REASON,
)
