"""Toe walk: walking with the heels lifted, on the balls of the feet."""
from __future__ import annotations

from typing import Optional, Tuple

from coach.engine import body_signals as bs
from coach.engine.body_form import standing_gate
from coach.engine.gait import WALK_COUNTER, WALK_RESUME_WITHIN, PostureRule, SamePerson
from coach.engine.spec import ExerciseSpec, SmoothingConfig
from coach.engine.walk_evidence import WalkCounterFactory, WalkEvidence
from coach.records import Frame

# Heel above the foot tip, in degrees, of a foot standing flat as the pose model
# reports it (measured on rendered walking clips: 4 to 5 degrees), and how far
# a typical toe walk lifts it (the feet on the floor show 15 to 30 degrees).
FLAT_PITCH = 4.5
TOE_SPAN = 12.0

# A walk starts counting only once its feet were read on half the frames its
# steps span (shared with the heel walk). Seen in pieces between detector
# losses, a walk's steps are read on a few frames each, mid-swing or pushing
# off, and those need not show its stance: on a pool drawn after every rule
# above (250001) an ordinary walk read on 23% of its frames, between two
# losses of a third of a second, passed the heel walk's line and counted four
# steps; on 150001 another counted five. At 0.5 neither counts; on 150001,
# 240001 and 250001 no exact count of either walk changed.
WALK_MIN_COVERAGE = 0.5

# Walking across the view, a passer-by may stand where the walker stands,
# at the walker's size, so that only their feet tell them apart: a frame
# whose well-seen ankle moved more than 12 (now 16, below) torso lengths a
# second from the walker's last one (a swinging foot moves a few) is
# someone else's (``SamePerson.max_feet_speed``, shared with the heel
# walk). On 270001, 280001 and 290001 (20 seed sets each): heel 0.986,
# 0.972, 0.969 -> 0.992, 0.975, 0.978 exact, toe 0.956, 0.956, 0.967 ->
# 0.961, 0.964, 0.967, no phantom step added. The edge walks leave it off:
# on 290001 it cost them 5 and 7 clips (not looked into further). Since
# the step finder reads the feet's distance once the model swaps legs
# (SIDE_WALK_STEPS), the limit is 16: at 12 it dropped frames the distance
# needs (varied drawn walks 0 to 266: toe 81, heel 72 of 89 exact, against
# 85 and 74 at 16 and at 20), at 20 a passer-by's feet made the real park
# walk's ninth step of eight.
#
# A walker lost to the detector may have set off meanwhile: they stood still
# (the track predicts no motion) and are found up to half a torso length
# on after a loss of 0.4 s. At the default ``slack`` (0.5 torso lengths a
# second beyond the 0.25 jump) they were taken for someone else for
# ``reset`` (0.5 s, about a step on tiptoe) and the walk lost its first
# step. At 1.2, a slow walk on tiptoe: toe walks on 280001, 290001, 300001,
# 310001 (20 seed sets each) 0.964, 0.967, 0.969, 0.944 -> 0.964, 0.967,
# 0.967, 0.953 exact (three walks that set off in a loss counted whole, a
# passer-by at a walk's end read as one step more), heel walks unchanged,
# no phantom step. The edge walks keep 0.5: on 300001 and 310001 they lost
# one to two clips at 1.2.
SIDE_WALK_PASSER = SamePerson(max_feet_speed=16.0, slack=1.2)

# Under 4x jitter (the most distant real video's), the landmarks' slow drift
# lifts two or three steps of an ordinary walk as far as a toe walk's: the
# accuracy suite's ordinary walks at 4x (two a seed set, added on
# 2026-12-05) read up to 0.56 spans on their first steps and counted 6 and
# 9 phantom steps on 360001 and 380001 (20 seed sets each). Pooled over
# more steps the drift averages out: from its third step on, over up to
# eight, no such walk read past 0.23 on 360001, 300001 and 320001, and 158
# of 180 toe walks at 4x read past 0.35. So a walk whose heel readings
# jitter by 0.3 spans a frame or more (the median of its steps'; walks at
# 1x to 2.5x read 0.09 to 0.37, 0.28 at the 95th percentile, those at 4x
# 0.3 to 0.59) waits for its third step and counts from 0.35, all its steps
# at once, and the app asks for a closer camera or more light meanwhile
# ("unsteady_view"). A walk that ends after two steps (the walker left the
# picture) counts if they read 0.6 (``unsteady_short``): the ordinary walks
# at 4x read up to 0.56 on two steps, and without it walkers who left after
# two steps, taken for unsteady, were lost. On 300001, 340001, 360001 and
# 380001 (20 seed sets each): exact 0.964, 0.950, 0.950, 0.953 -> 0.972,
# 0.950, 0.961, 0.956, phantom steps 4, 5, 6, 9 -> none.
UNSTEADY_TOE = 0.3

# How the steps are found (shared with the heel walk): at the turns of the
# signed step signal (``SwingSteps``, its leg swaps mended) while the pose
# model keeps the legs apart, and at the peaks of the feet's distance,
# whichever foot is ahead (``SpreadSteps``), from the first swap the
# mender sees on (``SwitchingSteps``). MediaPipe swaps the legs of a
# figure walking across the view now and then, and mending the swaps
# (guessing each excursion's sign from the one before) went wrong often
# enough on drawn walks it had never seen: of 60 varied drawn walks
# rendered on 2026-12-07 (``--varied 60 --varied-from 267``), toe 14 and
# heel 13 of 20 counted exact, against 18 and 17 of the 20 before them.
# The distance needs no sign; the landmark tracks of the suite and pools,
# whose legs swap only where a passer-by's are taken for the walker's, keep
# the swing finder, tuned on them. Varied drawn walks 0 to 266 (looked at
# while the swing finder's rules were made): toe 80 -> 86 of 89, heel 75 ->
# 76; 267 to 326 (looked at while this was made): toe 14 -> 19 of 20, heel
# 13 -> 18, phantom steps on their ordinary walks 7 -> 0; 327 to 386,
# rendered meanwhile (three of them showed the set-off timing of
# ``SpreadSteps`` and the hand-over's shortest step wrong, and those were
# put right): toe 19 -> 20, heel 16 -> 17, no phantom step either way.
# Landmark pools (20 seed sets each): 760001 heel 0.975 -> 0.972, toe
# 0.942 -> 0.936; 680001 heel 0.986 -> 0.969, toe 0.969 -> 0.969, phantom
# steps as before (0; 3). Of those losses, half came with the hand-over's
# shortest step (``SwitchingSteps.min_step`` 0.35 s; at 0.25 s, 0.975,
# 0.939, 0.978, 0.972). The pools' walks step every 0.5 s or slower, so
# those were steps read mistimed, not steps that fast; on the varied drawn
# walks the shortest step gained three heel walks (268, 331, 358). Once the
# hand-over joined the steps either side of a landing it dropped and
# dropped a step across the feet passing read as a landing, 0.25 s lost
# none of those: varied drawn walks 0 to 526, heel 159 and toe 172 of 176
# exact either way (toe walk 279, wrong either way, counts 6 of 4, not 5);
# landmark pools 760001 heel 0.975 -> 0.978, toe 0.936 -> 0.939, 680001
# heel 0.969 -> 0.978, toe 0.969 -> 0.972; the held-out suite's child on
# tiptoe (toe_walk_child_5, a landing 0.32 s after one timed in a gap)
# counts 4 of 4, not 3; no phantom step added.
# The distance alone, without the hand-over, read the pools' passers-by
# and occlusions badly (760001: heel 0.836, toe 0.833).
SIDE_WALK_STEPS = "switching"

# A walk's last step often parts the feet little: the stride shrinks as the
# walk ends, and MediaPipe read the last landing of varied drawn heel walks
# at a quarter to a third of the others, the feet then standing a little
# apart. Once the distance finder is in charge, such a step counts when it
# rises past 0.6 of the turning threshold, in the walk's rhythm, and the
# size then stays back by half of it (``SpreadSteps.final_swing``; the
# swing finder, in charge before, has its own rule for a short last step).
# Varied drawn walks 0 to 416: heel 119 -> 126, toe 135 -> 136 of 139
# exact, no ordinary walk counting a step. At 0.5, heel walk 169 counted a
# step more (the feet drifting apart as the walker stood), so 0.6 was
# chosen on these walks; on 60 drawn after the choice (417 to 476), heel
# 15 -> 16 of 20, toe 18 of 20 either way, no phantom step. With this and
# the hand-over's steps joined across a landing seen twice (see
# ``SwitchingSteps``), the suite with MediaPipe (tuning, held-out, fresh)
# and the landmark pools 680001, 790001 and 800001 (20 seed sets each)
# count as before, 760001 heel 0.972 -> 0.975.
SIDE_WALK_FINDER_OPTIONS = {"spread_options": {"final_swing": 0.6}}

# The step finders smooth the signal themselves (a running median of five
# frames), so the runner's filter passes it unchanged. The One Euro filter
# of the other walks smooths the signed signal, so that a leg swap's jump
# from one side to the other passes near the middle for a frame, which the
# distance may read as the feet coming together: with it, varied drawn
# heel walks 0 to 266 counted 70 of 89 exact, not 74 (toe walks 85 either
# way; the hand-over's later fixes took them to 76 and 86). Smoothing the
# swing finder's input alone (as it was tuned) cost more: 66 and 73.
SIDE_WALK_SMOOTHING = SmoothingConfig(min_cutoff=1000.0, beta=0.0)

# The foot that has just landed, on tiptoe, stands on its ball, heel up; in
# ordinary walking it lands on its heel and stands flat. Where the pose
# model reads the heels of an ordinary walk up (drawn walks in light shoes,
# the camera 15 to 20 degrees off side-on), the foot ahead still reads
# under flat: a walk whose foot ahead, over the first half of each step,
# reads below flat at the lower quartile (``WalkEvidence.leading_floor``,
# 0 spans) does not start counting. When a walk first passed, the varied
# drawn toe walks' foot ahead read 0.43 spans at the least (59 walks), and
# on 20 seed sets of the landmark pool (680001) four toe walks read -0.11
# to 0.05 on one window and counted on a later one. Of the five varied
# ordinary walks that counted toe-walk steps, one (7 steps) now counts
# none; the other four read their foot ahead at 0.01, 0.04, 0.41 and 0.56
# when they passed. Of the 30 drawn after (177 to 206), the one ordinary
# walk that counted (7 steps) counts none. On the pools 680001, 690001 and
# 700001 (20 seed sets each) no exact count changed and one ordinary walk's
# 5 phantom steps went (690001).
LEADING_FLOOR = 0.0
# A walk read unsteadily (UNSTEADY_TOE) is held to that floor on the median
# of its foot ahead's readings, not the lower quartile: 4x jitter spreads
# them, and the quartile drops with the spread. On 20 landmark seed sets
# (770001 to 770010, 780001 to 780010) 10 of 60 toe walks at 4x counted
# nothing, 2 of them stopped by the floor alone, at the quartile (-0.23
# and -0.02 spans; medians 0.52 and 1.24). The 40 ordinary
# walks at 4x read their foot ahead up to 0.62 at the median, but they are
# kept out by the pooled line and the steps' median (``unsteady_passing``,
# ``unsteady_step_median``), as before. Whole pools (20 seed sets each),
# toe walks exact: 730001, 750001, 770001, 780001 0.953, 0.953, 0.947,
# 0.950 -> 0.953, 0.956, 0.953, 0.953, phantom steps unchanged (0, 5, 0, 9,
# all on ordinary walks at 4x that counted before too); the suite and the
# varied drawn walks count as before.
UNSTEADY_LEADING_SHARE = 0.5


def steps(frame: Frame) -> Optional[float]:
    """Left foot minus right foot along the walk, in torso lengths: it swings
    from one end to the other with every step."""
    return bs.step_offset(frame, "x")


def heels_up(frame: Frame) -> Optional[Tuple[Optional[float], Optional[float]]]:
    """Each foot's heel lift (degrees, heel above the foot tip), None for a foot
    out of sight. On a toe walk both heels stay up, on the floor and in the
    air; in ordinary walking each foot stands flat for half the stride and
    lands heel first, toes up."""
    feet = bs.visible_feet(frame)
    vals = tuple(bs.foot_pitch(frame, s) if s in feet else None for s in bs.SIDES)
    return None if all(v is None for v in vals) else vals


EXERCISE = ExerciseSpec(
    id="toe_walk",
    name="Toe walk",
    kids_name="Tiptoe mouse",
    instructions=(
        "Rise onto the balls of your feet so that your heels are off the floor.",
        "Walk slowly across the room on tiptoe, arms up straight if you can, heels up all the time.",
        "Walk past the camera, turn round, and come back the same way.",
        "Before the first step, stand still side-on to the camera for two seconds with your feet flat: "
        "that is how the coach learns what flat feet look like from where the camera stands.",
    ),
    view="body",
    camera=(
        "Put the camera low, at about knee height, level, three to four metres from where you walk, "
        "and walk across its view from side to side, so that it sees your feet side-on. "
        "Walking straight towards the camera does not work: it cannot see the heels lift. "
        "It sees the feet best with the ankles bare or in close-fitting clothes, and socks or shoes "
        "of another colour than the floor."
    ),
    signal=steps,
    signal_name="foot offset",
    signal_unit="torso lengths",
    typical_span=0.7,
    min_span=0.3,
    gate=standing_gate,
    counter=WALK_COUNTER,
    smoothing=SIDE_WALK_SMOOTHING,
    feedback={
        "posture_missing": "Your heels are touching the floor: stay up on your toes for every step.",
        "posture_small": "Lift your heels higher.",
        "too_big": "Keep both feet close to the floor: walk on your toes, no high kicks or jumps.",
    },
    counter_factory=WalkCounterFactory(
        # Where the heels read, and what the pose model's landmarks make of
        # them: each foot against its own flat reading, learnt on the person
        # standing before the walk (within 3 degrees of the two feet's: from
        # an oblique camera the near and far foot read flat differently); a
        # jump of the hips (the model took someone else) distrusts the next
        # 0.3 s; a passer-by's frames are dropped; a "step" of over 2 s is
        # the step finder having lost the rhythm.
        PostureRule(posture=heels_up, rest=FLAT_PITCH, span=TOE_SPAN, learn_rest=True, foot_rest=3.0,
                    max_body_speed=7.0, max_step=2.0, same_person=SIDE_WALK_PASSER,
                    resume_within=WALK_RESUME_WITHIN, turns=True),
        # A walk counts once the lower quartile of both feet's heel lift over
        # its last four steps (at least two) stands 0.3 of a typical lift
        # (3.6 degrees) above flat: on tiptoe both heels are up nearly all
        # the time, in ordinary walking each foot stands flat for half of it.
        # Over 60 seed sets of the accuracy suite (1080 toe walks, 480
        # ordinary ones) the highest reading of any ordinary walk was 0.29,
        # and 17 toe walks read less than 0.3, all but one under 4x jitter
        # (at 0.25, three ordinary walks counted, whose pose model shows
        # 0.8 of the heel's push-off). A walk with a quarter of its readings
        # past three typical lifts (36 degrees, no foot on tiptoe reads
        # that) is refused: on the real park walk the pose model follows
        # other people, and reads heels 50 to 80 degrees up. Each foot's
        # readings go through a running median of 5 frames first: on six
        # pools of 20 sets, exact 0.000 to 0.011 higher, no phantom step
        # (with 9 frames ordinary walks counted). A walk judged on its first
        # two steps alone counts from 0.4 (``short_passing``); between 0.3
        # and 0.4 it waits for its third step, or for 1 s without one: on
        # 290001 the landmarks' drift read the first two steps of an ordinary
        # walk 0.33, and three steps counted before the next ones read
        # flat. A walk that ends, or breaks off, before its third step
        # counts then. On 290001, 300001, 310001, 320001 and 330001 (20
        # seed sets each): exact 0.967, 0.967, 0.953, 0.969, 0.958 ->
        # 0.964, 0.964, 0.953, 0.967, 0.958, phantom steps 3, 0, 0, 0, 0 ->
        # none. The toe walks lost read as that ordinary walk did: two
        # steps past 0.3, then steps under 0.2 (4x jitter, or a passer-by).
        # A walk read unsteadily (see UNSTEADY_TOE) is judged from its third
        # step on, pooled over up to eight, from 0.35; ended after two, from
        # 0.6. And the median of its steps' own readings must reach 0.35 too
        # (``unsteady_step_median``): on 400001 an ordinary walk at 4x read
        # 0.14, 0.29 and 0.74 on its first three steps, pooled 0.40, and
        # counted six. On 400001, 390001, 360001, 300001, 340001, 380001 and
        # 410001 (20 seed sets each): exact 0.950, 0.964, 0.967, 0.981,
        # 0.947, 0.961, 0.975 -> 0.950, 0.961, 0.967, 0.981, 0.944, 0.958,
        # 0.975, phantom steps 6 -> 0 on 400001, none elsewhere either way.
        # Two steps that pass, one of them jittering past UNSTEADY_TOE
        # though their median does not, wait for the third as a barely
        # passing short walk does (``short_wait_unsteady_step``): on 420001
        # an ordinary walk at 4x read its steps' jitter 0.17 and 0.40, its
        # two steps pooled 0.46, and counted three. On 420001, 390001,
        # 400001, 340001, 370001, 360001, 300001, 380001 and 410001 (20 seed
        # sets each) no exact count changed, and 420001's phantom steps went
        # from 3 to 0.
        WalkEvidence(passing=0.3, near=0.08, quantile=0.25, median_frames=5, stop=0.0, too_big=3.0,
                     min_coverage=WALK_MIN_COVERAGE, short_passing=0.4, unsteady=UNSTEADY_TOE, unsteady_short=0.6,
                     unsteady_passing=0.35, unsteady_step_median=0.35, short_wait_unsteady_step=True,
                     leading_foot=bs.foot_ahead, leading_floor=LEADING_FLOOR,
                     unsteady_leading_share=UNSTEADY_LEADING_SHARE),
        # steps at the signal's turns, or at its size's peaks once the legs swap (see SIDE_WALK_STEPS)
        steps=SIDE_WALK_STEPS,
        finder_options=SIDE_WALK_FINDER_OPTIONS,
    ),
)
