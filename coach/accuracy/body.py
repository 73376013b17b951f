"""Accuracy of the body-view exercises on a labelled clip suite.

    run(fast: bool) -> list of rows, one per exercise

Three kinds of clip, each with a known count:

* ``track``: landmark-level tracks. A motion script (``coach.synth.motion``)
  drives the 3D skeleton; its 33 landmarks are projected by a pinhole camera
  and degraded the way MediaPipe Pose degrades them, with figures measured on
  the real footage and on rendered clips: per-landmark frame-to-frame jitter
  of 0.002 to 0.008 torso lengths on the good real videos, up to 0.02 on the
  distant park walk (drawn here at 1x to 4x a base level), a slow drift,
  dropped frames and detector losses, far-side feet with lower visibility,
  and under-reported foot pitch (rendered heel walks show 0.4 of the true toe
  lift, toe walks 0.75 of the heel lift: a gain drawn from 0.45 to 0.8).
  Variation: pace, body size (children to tall adults), camera distance,
  height, angle and roll, frame rate, partial occlusion of a foot, a second
  person briefly taking the detector over, the person leaving mid-set, a
  rest mid-set (``PAUSE_SECONDS``: a walker stops and stands with the feet
  flat, a sitter relaxes the feet, a cyclist holds the legs up, then they
  go on; and, among a walk's negatives, an ordinary walk with a rest), a
  walker across the view turning round in such a rest and walking back.
* ``rendered``: drawn-figure clips rendered by ``coach.synth`` and run
  through the real MediaPipe Pose; their tracks are cached (only the walks:
  the pose detector finds no drawn figure sitting or lying, see PLATFORM.md).
  Each is labelled with the steps that land while the whole figure is in the
  picture (``landings_in_frame``): the large tread_7 figures walk out of it
  after four or five of their seven steps. Tracks likewise count the reps
  done in view (a tall person walking towards a low camera may land the
  last step with the feet below the picture).
* ``real``: real MediaPipe tracks of the shared footage (FOOTCOACH_FOOTAGE).
  Negatives: standing and balancing people, squats, a jump, the park walk
  (ordinary walking), hand-only clips where Pose invents legs. And the woman
  of the park walk, tracked in the lower part of the picture where nobody
  else is (``PARK_WOMAN``): as she walked, a negative for every walk, and
  made to carry a toe walk's or a heel walk's posture (``carry_posture``:
  each foot turned about its ankle to its flat pitch plus the posture, her
  real timing, body motion and jitter kept), a positive of her 8 landings.

``--varied N`` runs, instead of the suite, N drawn heel, toe and ordinary
walks with the renderer's every knob varied (``varied_rendered``): either
look, the camera up to 25 degrees off side-on, rests. They are not part of
the suite's table: on 2026-12-06, of the first 61, the heel walk counted 9
of 20 exact and the toe walk 15 of 21, and one ordinary walk of 20 counted
7 toe-walk steps, where the fixed rendered clips count all. Most misses
come with the "alt" look (both legs in one colour, light shoes; heel 3 of
12, toe 5 of 8): the pose model swaps the legs' labels as the feet pass,
or, the feet apart, from one frame to the next, and one step reads as two;
it reads the heel walk's toes lifted little or not at all, and an ordinary
walk's heels lifted. In the default look, heel 6 of 8 and toe 12 of 15,
the misses mostly among the clips with a rest. The next 20 (varied_61 to
varied_80, drawn on 2026-12-06 after those figures) count worse: heel 1
of 7 exact, toe 2 of 6, and two of the 7 ordinary walks counted 7 and 4
toe-walk steps (over all 81: heel 10 of 27, toe 17 of 27); the default
look missed there too (heel 0 of 2, toe 2 of 4). The toe walk now mends
the legs' swaps before its steps are found (``LegSwapMender``, figures in
exercises/toe_walk.py): 23 of 27 exact over the 81, 4 of 6 on the next 20.
Then the heel walk read the foot ahead where both feet together read flat
(exercises/heel_walk.py, LEADING_TOES) and mended the swaps too, and the
mender saw swaps over two frames: over the 81, heel 10 -> 21 of 27, toe 23
-> 24 of 27. On 30 more drawn after (varied_81 to varied_110), heel 4 -> 7
of 10, toe 8 of 10 as before; over all 111 the ordinary walks counted 19
toe-walk steps on three of 37 (no heel-walk step), as before.
``--varied-from K`` starts at the K-th varied walk: the first 177
(varied_0 to varied_176) were looked at while the rules were made, the
next 30 were drawn after them (2026-12-06). Over all 207 on that day the
toe walk counted 63 of 69 exact, the heel walk 49 of 69, and the ordinary
walks 22 toe-walk steps on four of 69 (no heel-walk step). Once the mender
took a jump over three frames for no passing (2026-12-07), the heel walk
counted 50 of 69. Most misses left were walks facing image right: there
MediaPipe read a heel walk's lifted toes 5 to 6 degrees lower than on the
same figures facing left, and ordinary walks in the "alt" look as toe
walks. Once the tracker ran pose on the mirror image too and kept the look
whose feet it was surer of (coach/perception/mirror_look.py), heel 50 ->
58 of 69, toe 63 -> 62 of 69, and the ordinary walks counted no step of
either walk (22 toe-walk steps before). The suite's rendered toe walks
``toe_rest_6`` and ``ho_toe_side_6`` (facing right) count 7 of 6 since.
On 2026-12-07 the mender took feet side by side that read up to 0.3 of a
step off the middle for no crossing, and the step finder stopped booking
a turn under 0.25 s after a landing when the walker then stood elsewhere
(both in coach/engine/step_finders.py): heel 58 and toe 62 of 69 as
before, but not the same walks (heel 49, 88 and 109 and toe 165 now
exact, heel 16, 28 and 121 and toe 60 no longer), and ``ho_toe_side_6``
counts 6 of 6.
The walks drawn later told how far those rules carried: of varied_207 to
varied_266, heel 17 and toe 18 of 20 exact; of varied_267 to varied_326
(2026-12-07), heel 13 and toe 14 of 20, and two ordinary walks counted 7
toe-walk steps. The misses gathered where the camera stood 15 to 25
degrees off side-on (0 to 266: heel 0.94, toe 0.97 exact under 15
degrees, 0.60 and 0.71 at 20 to 25), where the model swaps the legs most.
Since then the side walks read the feet's distance, whichever foot is
ahead, once the model is seen swapping legs (``SwitchingSteps``, figures
in exercises/toe_walk.py, SIDE_WALK_STEPS): 0 to 266 heel 75 -> 76 and
toe 80 -> 86 of 89; 267 to 326 heel 13 -> 18 and toe 14 -> 19 of 20, the
ordinary walks' toe-walk steps 7 -> 0; 327 to 386 (drawn meanwhile) heel
16 -> 17 and toe 19 -> 20. The suite's ``heel_yaw30_5``
counts 4 of 5 since (the model reads its last landing as the feet
together), ``toe_rest_6`` 6 of 6.

Tracks that need MediaPipe are cached as JSON Lines under ``cache_dir()``
(env FOOTCOACH_ACCURACY_CACHE, default a folder in the system temp dir).

One set holds 18 to 22 clips an exercise, so 95% exact and 100% differ by
one clip there, and sets looked at while rules were corrected read better
than the walks a user will do. ``--sets N`` pools N sets of seeds (the one
chosen and the shifts after it; ``--jobs`` runs them in parallel), each with
8 ordinary walks (and, since 2026-12-05, 2 under 4x jitter) among a walk's
negatives; the rendered and real clips run with the first set only. On
landmark-level tracks alone (``--no-mediapipe``), pools of 20 sets (360
clips and 240 or 120 negatives an exercise, 280 for a walk since): exact
rate, phantom repetitions and (in brackets) the negatives that counted any,
measured on 2026-12-04 with the rules of this file's date ("-": not run
with them):

                     110001        130001        140001        150001        160001        190001
    heel_walk        0.983, 0      0.975, 0      0.986, 0      0.967, 5 (1)  0.981, 0      0.978, 0
    toe_walk         0.961, 0      0.972, 0      0.964, 0      0.944, 0      0.958, 0      0.969, 0
    ankle_flex       0.972, 0      0.989, 0      0.981, 0      0.983, 0      0.972, 0      0.989, 0
    bicycle          -             -             0.978, 0      -             0.972, 0      0.981, 0
    outer_edge_walk  0.936, 0      0.967, 0      -             -             -             0.958, 0
    inner_edge_walk  0.958, 0      0.958, 0      -             -             -             0.953, 0

On 2026-12-05 each walk's negatives gained two ordinary walks a set under
4x jitter (``NOISY_ORDINARY_WALKS``), as heavy as the noisiest sixth of the
walks to count; until then the ordinary walks had 1x to 2.5x only. The
rules of the day before counted phantom steps on them, and the walks read
unsteadily (their posture jitters past a line of their own from frame to
frame) are now judged on more steps: the toe and heel walks from the
third step on, pooled over up to eight, the edge walks on four passing
steps (``WalkEvidence.unsteady``, ``PostureRule.unsteady``; the figures
behind the lines are in exercises/toe_walk.py, heel_walk.py and
outer_edge_walk.py). Exact rate and phantom steps on four pools of 20
sets with the noisy ordinary walks among the negatives, before -> after:

                     300001                340001                360001                380001
    toe_walk         0.964, 4 -> 0.972, 0  0.950, 5 -> 0.950, 0  0.950, 6 -> 0.961, 0  0.953, 9 -> 0.956, 0
    heel_walk        0.981, 0 -> 0.981, 0  0.994, 0 -> 0.994, 0  0.986, 4 -> 0.986, 0  0.981, 0 -> 0.978, 0
    outer_edge_walk  0.944, 12 -> 0.944, 5 0.961, 0 -> 0.950, 0  0.967, 2 -> 0.961, 0  0.969, 2 -> 0.969, 0
    inner_edge_walk  0.950, 0 -> 0.947, 0  0.961, 9 -> 0.956, 5  0.964, 10 -> 0.964, 0 0.972, 0 -> 0.969, 0

370001, drawn after the lines were set: toe_walk 0.953, 4 -> 0.953, 4 (an
ordinary walk at 1.6x whose first two steps read 0.45, counted either way);
heel_walk 0.981 -> 0.972 (walks at 4x under the unsteady line); outer
0.939 -> 0.936; inner 0.956 -> 0.950; no other phantom step either way.
The edge walks' phantom steps left are two ordinary walks at 4x whose
drift read four and more steps in a row past the line, at medians (0.63
spans) that walks on the edge at 4x also show: not told apart. ankle_flex
and bicycle are untouched by these rules.

Then the edge walks read the jitter on the view (6 s of readings up to a
walk's last step, standing included) rather than on the walk's own steps,
and a walk read unsteadily that ends on three passing steps counts at a
median of 0.85 spans (on two: 1.0; see exercises/outer_edge_walk.py). On
300001, 340001, 360001, 390001, 370001, 380001 and 400001 (the last two
drawn on 2026-12-05 after everything else): outer 0.944, 0.953, 0.961,
0.972, 0.939, 0.969, 0.956 and inner 0.947, 0.961, 0.964, 0.958, 0.953,
0.972, 0.972; 11 clips more exact than before, one fewer, phantom steps
unchanged. The MediaPipe sets read as before.

The side walks' step finder then took a turn hidden in a gap for a
landing when the signal went into the gap a full swing from the last turn
and came out of it a quarter of the threshold back (``SwingSteps``,
``gap_turn_back``): a passer-by hiding a walk's last landing while the
feet were still on their way out had cost that step. toe_walk on 390001,
360001, 340001, 300001, 380001, 400001 0.950, 0.961, 0.950, 0.972, 0.956,
0.947 -> 0.964, 0.967, 0.947, 0.981, 0.961, 0.950; heel_walk on 360001,
300001, 370001, 380001, 400001 0.986, 0.981, 0.972, 0.978, 0.989 -> 0.992,
0.983, 0.978, 0.986, 0.989; no phantom step added. 400001 (drawn after
everything above) holds a phantom the rule did not make: an ordinary toe
walk at 4x whose drift read its first three steps' lower quartile 0.4
(one of them 0.74, two under 0.3) and counted six: an unsteady toe walk
now also needs the median of its steps' own readings past the line
(``WalkEvidence.unsteady_step_median``, see exercises/toe_walk.py), which
cost three clips on seven pools and took that phantom away.

On 2026-12-05 (later): 420001, drawn fresh, read heel_walk 0.981, 0;
toe_walk 0.953, 3 (1); ankle_flex 0.981, 0; bicycle 0.975, 0;
outer_edge_walk 0.958, 0; inner_edge_walk 0.953, 0. Its toe phantom, an
ordinary walk at 4x whose two steps' jitter read 0.17 and 0.40 (median
under the unsteady line) and pooled 0.46, is gone: two such steps wait for
the third (``WalkEvidence.short_wait_unsteady_step``; no exact count
changed on nine pools). Then the side walks' step finder took a short last
step held a moment for a landing (``SwingSteps.settle_share`` 0.68, and a
rest near a turn must be unbroken): the rendered heel walk filmed 30
degrees off side-on counts all five steps, and heel 3 and toe 5 clips
more were exact over seven pools, none fewer. 430001 and 440001, drawn
after: heel_walk 0.986, 0 and 0.989, 7 (1); toe_walk 0.961, 10 (2) and
0.964, 5 (1); ankle_flex -, and 0.983, 1 (1); bicycle -, and 0.981, 0;
outer_edge_walk -, and 0.969, 5 (1); inner_edge_walk -, and 0.947, 0.
Every one of those phantoms is a negative under 4x jitter (ordinary walks,
and on ankle_flex a still sitter who wandered 30 degrees): their first
steps read as high as walks in the posture under the same jitter do.
Last, the edge walks' step finder took a short last step whose feet left
the bottom of the picture on their way back for a landing
(``ZigzagSteps._ending_at_loss``; figures in exercises/outer_edge_walk.py):
on 440001 inner_edge_walk 0.947 -> 0.956 and outer_edge_walk 0.969 ->
0.972, phantom steps unchanged.

Late on 2026-12-05: 450001, drawn fresh, read heel_walk 0.992, 0; toe_walk
0.978, 0; ankle_flex 0.981, 0; bicycle 0.978, 0; outer_edge_walk 0.956,
0; inner_edge_walk 0.981, 0. Three of its outer misses were children
walking into the camera, whose quick, short steps took a foot out of the
picture for 0.3 to 0.5 s before the walk had a rhythm: the edge walks'
finder now counts a landing between two passings of the feet a gap hid,
and a second landing hidden in a gap the signal climbed into once the
third shows the first one's foot ahead (see ``ZigzagSteps``). On 450001,
420001, 390001, 370001, 300001 and 340001: outer 0.956, 0.958, 0.972,
0.942, 0.953, 0.953 -> 0.964, 0.961, 0.975, 0.944, 0.953, 0.953; inner
0.981, 0.961, 0.969, 0.956, 0.950, 0.967 -> 0.981, 0.961, 0.972, 0.956,
0.950, 0.967; no clip worse on 450001, phantom steps unchanged. Then a
gap after a peak but before its confirmation became one since that
landing (a passer-by taking the detector over straight after a walk's
first landing made the third landing a sighting of the first again), and
before a rhythm such a gap of a step's least time (0.3 s) holds a landing:
outer 370001, 300001, 340001, 390001 0.944, 0.953, 0.953, 0.975 -> 0.950,
0.956, 0.956, 0.978; inner 370001, 300001, 340001, 450001, 420001 0.956,
0.950, 0.967, 0.981, 0.961 -> 0.958, 0.953, 0.969, 0.983, 0.964; no clip
worse on 450001, 420001 and 390001, phantom steps unchanged. 460001,
drawn after: outer 0.956, 4 (1, a 4x ordinary walk, counted the same
before), inner 0.969, 0; 470001: outer 0.931, 0 (0.925 before this
night's changes), inner 0.981, 0, toe_walk 0.961, 0, heel_walk 0.992, 0.
Last, an edge-walk step seen on too few frames to judge, straight after
a passing one, is bridged like a step read short
(``PostureRule.bridge_unseen``): outer 450001, 370001, 460001, 470001
0.964, 0.950, 0.956, 0.931 -> 0.967, 0.953, 0.958, 0.933, inner 390001
0.972 -> 0.975; no clip worse on 450001, 420001 and 390001, the other
pools' rates unchanged, phantom steps unchanged.

On 2026-12-06 480001, drawn fresh, read outer_edge_walk 0.956, 4 (one
ordinary walk at 4x jitter) and inner_edge_walk 0.958, 4 (the same).
Three changes to the edge walks' step finder (``ZigzagSteps``) followed.
Heading for a peak, feet that passed each other in a gap confirm the
peak seen before it as a landing, timed there unless the signal was
still climbing into the gap (before, the landing was found by the feet's
turns, timed at the gap's middle, and a child's next landing 0.29 s
later was taken for it seen twice); the same passing, not a landing
hidden in the gap, is how such a gap is read, so a short last step after
it rises from the feet side by side. A walk's first landing seen only as
a spike of a frame or two waits for the next landing, and one with the
same foot ahead takes its place (``first_spike``; an occluded foot's
points thrown about before the walk counted a step more). Outer on
470001, 480001, 300001, 420001, 460001, 370001, 340001, 450001 and
390001: 0.933, 0.956, 0.956, 0.961, 0.958, 0.953, 0.956, 0.967, 0.978 ->
0.944, 0.961, 0.964, 0.964, 0.961, 0.956, 0.958, 0.969, 0.978; inner
on 480001, 300001, 340001, 460001 and 390001: 0.958, 0.953, 0.969,
0.969, 0.975 -> 0.964, 0.964, 0.972, 0.975, 0.978, and unchanged on
470001, 450001, 420001 and 370001 (0.981, 0.983, 0.964, 0.958); no clip
worse on any of these pools, phantom steps unchanged. 490001, drawn after
them: heel_walk 0.983, 4 (an ordinary walk at 4x jitter whose toe
readings drifted up over its third and fourth steps); toe_walk 0.969, 0;
ankle_flex 0.967, 0; bicycle 0.964, 0; outer_edge_walk 0.969, 5 (an
ordinary walk at 4x, counted the same before the changes, with the same
miscounted clips); inner_edge_walk 0.978, 0 (0.972 before, no clip
worse).

Then two changes to how an edge walk's steps are judged (see
exercises/outer_edge_walk.py): each foot's roll is read over the step
and the two feet's levels averaged (``mean_of_feet``), where before one
value a frame, both feet's mean, was read (frames with one foot seen
read that foot alone, mixed in with the others); and a walk starts on
passing steps with at most one missed step bridged among them (an
ordinary walk at 4x read every other step past the line and counted
seven with each flat step bridged). Ten pools, exact rate and phantom
steps, before -> after:

            outer                       inner
  420001    0.964, 0 -> 0.967, 0        0.964, 0 -> 0.969, 0
  490001    0.969, 5 -> 0.967, 0        0.978, 0 -> 0.978, 0
  470001    0.944, 0 -> 0.956, 0        0.981, 0 -> 0.981, 4
  480001    0.961, 4 -> 0.964, 4        0.964, 4 -> 0.964, 4
  460001    0.961, 4 -> 0.964, 4        0.975, 0 -> 0.972, 0
  300001    0.964, 5 -> 0.969, 5        0.964, 0 -> 0.967, 0
  370001    0.956, 0 -> 0.958, 0        0.958, 0 -> 0.964, 0
  340001    0.958, 0 -> 0.953, 0        0.972, 5 -> 0.969, 0
  450001    0.969, 0 -> 0.969, 0        0.983, 0 -> 0.983, 0
  390001    0.978, 0 -> 0.975, 0        0.978, 0 -> 0.978, 0

Phantom steps 27 -> 21 over the twenty runs, each a single ordinary walk
at 4x jitter: two are gone (outer 490001, inner 340001) and one is new
(inner 470001, steps read 0.68, 0.82, 0.33, 0.69 spans). The clips lost
are mostly walks on the edge at 4x whose steps now read under the line
(outer 340001: three).

Each phantom left was an ordinary walk at 4x whose drift read four steps
in a row past the line, then flat ones. So on 2026-12-06 an edge walk
read unsteadily came to need five passing steps to start, not four. One
that ends on four counts once their median reaches 0.74 spans, the line
for three scaled by sqrt(3/4), with a bridged miss left out (see
exercises/outer_edge_walk.py). On the ten pools above and on 500001 and
510001, drawn after:
- phantom steps went from 31 to 0;
- outer exact fell by 13 clips over the twelve pools, inner by 2;
- every pool reads 0.956 or above except outer 340001 (0.953 -> 0.947).
The other body-view exercises, which the change leaves alone, on 500001:
heel_walk 0.997, 0; toe_walk 0.950, 0; ankle_flex 0.972, 0; bicycle
0.972, 0.

Later on 2026-12-06 the clips gained a rest mid-set (one clip of the 18
an exercise that were "plain", ``_pause``; an ordinary walk with a rest
among a walk's negatives). On 560001 every heel walk, toe walk, ankle
flexion and bicycle set with a rest counted right, but edge walks lost one
to three steps in most (exact, of the 20 with a rest: outer 4, inner 11).
Three causes, each mended: the zigzag step finder took the first landing
after the rest, when the same foot led as before it, for the last landing
seen twice (the feet now count as rested when they stood side by side for
longer than a stride, gaps left out: ``ZigzagSteps._rested``); it timed
that step from the lowest point of the rest, so the step was read on the
feet standing flat (now from when they last stood near it); and the walk
after the rest had to show itself again on three passing steps, so two or
three steps after it were lost (a counted walk now goes on after a rest of
up to 10 s, ``PostureRule.resume_within``). Rests on 560001: outer 4 -> 18
and inner 11 -> 18 of 20 exact; the two left are rests after the second
step, whose last step before the rest parts the feet too little to find.
Pools with the rests in, before -> after (exact, phantom steps):

             outer                     inner
  560001     0.908, 6 -> 0.947, 6      0.964, 0 -> 0.983, 0
  570001     0.939, 0 -> 0.967, 0      0.939, 0 -> 0.975, 0
  340001     0.908, 0 -> 0.947, 0      0.936, 0 -> 0.967, 0

No clip counted worse. The phantom steps on outer 560001 are one
ordinary walk at 4x jitter (the same before). The other exercises on
560001 with the rests: heel_walk 0.981, 0; toe_walk 0.967, 17 (3: ordinary
walks at 4x, as before); ankle_flex 0.975, 1 (1: a still sitter at 4x);
bicycle 0.972, 0. The MediaPipe sets read as before.
Rests of 5 to 9 s (``PAUSE_SECONDS`` raised for a check) on 580001: heel
walk, ankle flexion and bicycle 20 of 20 exact, outer 17, inner 18, toe
16: after a long rest the toe walk judged the steps after it as a walk of
their own, and two steps that read low (the heels seen from further along
the path) did not count. The toe and heel walks now go on with the
counted walk too (``GaitCounter._resumes``), judged by the steps
since the rest: toe 16 -> 19 of 20 (the last misses its whole walk, rest
or none); with rests of 1.5 to 4 s, and on the pools 560001 and 580001
(toe 0.967 and 0.939, heel 0.981 and 0.972), every count as before.
Drawn and run through MediaPipe, a toe walk and a heel walk with a rest
(``toe_rest_6``, ``heel_rest_6``, in ``RENDERED``) count all 6 steps, and
an ordinary walk with one (``walk_rest_6``) none, with the code before
these changes and after.
The heel and toe walks' instructions ask the walker to turn round at the
end of the room and come back. The side walks' clips gained a turn: a
second clip with a rest (``_turned``: the walker turns round on the spot
in it, 1.2 s at most, and walks back; and an ordinary walk that does so
among the negatives). The code before read the feet swinging round as a
step (counted, one too many, or breaking the walk), read the feet's pitch
while they pointed at the camera, and kept the flat reading learnt facing
the other way, which a tilted or rolled camera shifts by up to 10 degrees
when the walker faces about: of the 20 turning clips, toe 11 and 8 exact
on 560001 and 580001, heel 11 and 13, and turning ordinary walks counted
4 phantom steps (toe, 580001) and 2 (heel, both pools). Now the face
turning the other way across the picture on 4 frames in a row (8 after a
gap in the frames: a passer-by facing the other way) is a turn
(``PostureRule.turns``): the step that lands from 0.5 s before it to 1 s
after is skipped and the walk goes on across it, the feet's pitch is not
read within 0.5 s of it, and the flat reading is learnt anew if the
walker stands still, else the default is used. Turning clips exact: toe
16 and 17, heel 18 and 19 of 20; no phantom step; no other clip counted
differently. Pools with the turns in, before -> after: toe_walk 0.944 ->
0.958 (560001), 0.906 -> 0.931 (580001); heel_walk 0.956 -> 0.975, 0.953
-> 0.969. The MediaPipe sets read as before (the drawn figure cannot turn).

The last changes of the day (see exercises/outer_edge_walk.py and
``coach.engine.gait``): a passer-by's frames are kept out of the smoothed
step signal (smoothed in, they pulled the walker's next frame off, and that
swing counted as a step), a zigzag peak first seen after a gap is timed at
the gap's middle, an edge-walk step landing with the body 0.045 of the
picture outside it is not judged, and ankle_flex starts a set near the
noise only once the noise has been measured for 2 s (a still sitter on
280001 counted one). On 270001 and 280001 after them: heel_walk 0.986, 0
and 0.972, 0; toe_walk 0.956, 0 and 0.956, 0; ankle_flex 0.972, 0 and
0.975, 0 (was 1 (1)); bicycle 0.981, 0 and 0.986, 0; outer_edge_walk
0.953, 0 and 0.969, 0 (were 0.939 and 0.958); inner_edge_walk 0.972, 0
and 0.953, 0 (were 0.964 and 0.939). 290001, drawn after all of them:
heel_walk 0.969, 0; toe_walk 0.967, 3 (1), an ordinary walk whose first
two steps read the heels up (the code before these changes counts the
same); ankle_flex 0.983, 0; bicycle 0.986, 0; outer_edge_walk 0.944, 0
(0.933 before the changes); inner_edge_walk 0.942, 0 (0.931 before).
Last, the side walks tell a passer-by standing where the walker stands by
their feet (``SamePerson.max_feet_speed``, see exercises/toe_walk.py):
heel_walk 0.992, 0.975, 0.978 and toe_walk 0.961, 0.964, 0.967 on
270001, 280001 and 290001, no phantom step added. 300001, drawn after
everything: heel_walk 0.981, 0; toe_walk 0.969, 0; ankle_flex 0.972, 0;
bicycle 0.983, 0; outer_edge_walk 0.936, 0; inner_edge_walk 0.939, 0.
310001 (drawn on 2026-12-05, after all of the above): heel_walk 0.986, 0;
toe_walk 0.944, 0; ankle_flex 0.981, 0; bicycle 0.986, 0;
outer_edge_walk 0.956, 0; inner_edge_walk 0.939, 0. Three of its toe walks
set off while the detector had lost them and were refused as someone else
for half a second, their first step with them: the side walks now allow a
walker found after a loss to have moved 1.2 torso lengths a second
(``SamePerson.slack``, see exercises/toe_walk.py), and toe_walk reads
0.953, 0 there (280001 to 300001: 0.964, 0.967, 0.969 -> 0.964, 0.967,
0.967; heel_walk unchanged on all four).

320001, drawn next (same code): heel_walk 0.992, 0; toe_walk 0.969, 0;
ankle_flex 0.981, 0; bicycle 0.986, 0; outer_edge_walk 0.975, 0;
inner_edge_walk 0.958, 0. Then the edge walks' step finder kept a walk
through a gap of up to 0.8 s (a detector loss next to a passer-by's frames
had lost it), allowed for where in a gap a last landing fell, and took two
peaks under 0.3 s apart as one landing (see exercises/outer_edge_walk.py):
outer on 300001, 310001, 320001, 330001 0.936, 0.956, 0.975, 0.961 ->
0.944, 0.956, 0.983, 0.964, inner 0.939, 0.939, 0.958, 0.961 -> 0.950,
0.950, 0.969, 0.961. The side walks' first two steps alone must show the
posture more clearly (``WalkEvidence.short_passing``; see
exercises/toe_walk.py and heel_walk.py): toe_walk on 290001 to 330001
0.967, 0.967, 0.953, 0.969, 0.958 -> 0.964, 0.964, 0.953, 0.967, 0.958 and
its 3 phantom steps on 290001 gone. 340001, drawn after those (the heel
walk's line not yet in): heel_walk 0.994, 3 (1), an ordinary walk whose
first two steps read 0.14 (gone with the line: heel_walk on 300001,
310001, 320001, 340001 0.981, 0.986, 0.992, 0.994 -> 0.981, 0.983, 0.986,
0.994); toe_walk 0.950, 0; ankle_flex 0.983, 0; bicycle 0.975, 0;
outer_edge_walk 0.964, 0; inner_edge_walk 0.964, 0. 350001, drawn after
all of them: heel_walk 0.981, 0; toe_walk 0.967, 5 (1); ankle_flex 0.981,
0; bicycle 0.978, 0; outer_edge_walk 0.950, 3 (1); inner_edge_walk 0.947,
0. Its outer-edge phantom, an ordinary walk that passed on two steps
(0.51, 0.51) and ended, is gone now that a walk ending after two steps
must read 0.1 span past the line on their median
(``PostureRule.short_walk_median``; no exact count changed on four
pools). Its toe-walk phantom is not: an ordinary walk whose steps read
0.16, 0.01, 0.39, 0.44, pooled 0.32 over four steps, as noisy toe walks
that count do.

Later the same day, 250001 showed two phantoms: an ordinary walk seen in
pieces between two detector losses passed the heel walk's line on the few
frames read (a walk now starts counting only once its feet were read on
half the frames its steps span, ``WalkEvidence.min_coverage``, heel and
toe walks), and an ordinary walk that the slow drift lifted inwards passed
the inner-edge line on two steps (the steps that start an edge walk must
pass on their median, ``PostureRule.confirm_median``). Neither rule
changed an exact count on 150001, 220001 to 250001 (heel_walk 150001:
0.967, 5 (1) -> 0.967, 0; 250001: 0.975, 4 (1) -> 0.975, 0; inner 250001:
0.958, 5 (1) -> 0.958, 0). The edge walks' lead-in then took a step
refused for not coming nearer after a passer-by's frames, and kept a
thinly seen lead-in step to its own frames (see
exercises/outer_edge_walk.py): on 220001 to 260001 seven clips more
exact, none fewer. The pool drawn after all of that, 270001: heel_walk
0.981, 0; toe_walk 0.956, 0; ankle_flex 0.972, 0; bicycle 0.981, 0;
outer_edge_walk 0.939, 0; inner_edge_walk 0.964, 0. On 260001 (drawn
before the lead-in change) outer read 0.961, 0 and inner 0.942 ->
0.947, 0; heel_walk 0.972, 0; toe_walk 0.967, 0; ankle_flex 0.975, 0;
bicycle 0.981, 0.

Before those, 230001 and 240001 (the edge walks' lead-in
below was chosen on 230001; 240001 was drawn after every rule of this
date): heel_walk 0.983, 0 and 0.978, 0; toe_walk 0.961, 0 and 0.936, 0;
ankle_flex 0.981, 0 and 0.983, 0; bicycle 0.986, 0 and 0.969, 0;
outer_edge_walk 0.953, 0 and 0.942, 0; inner_edge_walk 0.964, 0 and
0.942, 0.

A walk's lead-in step may be read on the first 0.3 s of the step after it
(``PostureRule.lead_extra``, not for a sliver under a fifth of that step):
the zigzag finder ends a walk's first step at its landing, so its own
frames are the feet setting off flat. On 110001, 130001, 180001, 190001,
200001, 210001, 220001 and 230001 outer 0.933, 0.964, 0.947, 0.956,
0.947, 0.939, 0.942, 0.944 -> 0.936, 0.967, 0.947, 0.958, 0.953, 0.939,
0.947, 0.953; inner the same but 230001 (0.961 -> 0.964); no phantom step.
ankle_flex's phantom on 220001 (below) is gone: a trip under the first
flex's floor starts a set only 4.5 noise units high
(``CycleConfig.noise_k_start``); on ten other pools no count changed.

Before those two changes the edge walks read 0.947, 0 (outer) and 0.950,
0 (inner) on 180001, 0.947, 0 and 0.958, 0 on 200001, 0.939, 0 and 0.925,
0 on 210001, and 0.942, 0 and 0.944, 0 on 220001. On 220001 the rules
before then read 0.936, 0 and 0.936, 2 (1): an ordinary walk read two
steps past the inner-edge line. A walk now needs three passing steps
while it goes on, or ends after two (``PostureRule.confirm_steps``), and
up to three steps straight before it may lead in (``lead_steps``); on
110001, 130001, 180001, 190001, 200001, 210001 and 220001 outer 0.931,
0.964, 0.947, 0.953, 0.944, 0.936, 0.936 -> 0.933, 0.964, 0.947, 0.956,
0.947, 0.939, 0.942 and inner 0.950, 0.953, 0.950, 0.953, 0.958, 0.919,
0.936 -> 0.958, 0.958, 0.950, 0.953, 0.958, 0.925, 0.944, no pool worse.
Before that, a walk's last step that swings under the turning threshold
(``ZigzagSteps.final_swing``) was chosen on 200001: on 110001, 130001,
180001, 190001, 200001 and 210001 outer 0.931, 0.958, 0.944, 0.950, 0.939,
0.925 -> 0.931, 0.964, 0.947, 0.953, 0.944, 0.936 and inner 0.939, 0.936,
0.936, 0.939, 0.944, 0.897 -> 0.950, 0.953, 0.950, 0.953, 0.958, 0.919, no
phantom step. On 220001 the other exercises read: heel_walk 0.972, 0;
toe_walk 0.950, 0; ankle_flex 0.981, 1 (1), a still sitter under 4x
jitter whose angle wandered about 29 degrees as the clip ended (a higher
floor for a first flex, 0.75 of the span, kept it and lost flexes);
bicycle 0.986, 0.
110001 chose the heel and toe walks' step finder and walk judge (below),
130001 checked them; 140001 moved the toe walk's line (0.25 -> 0.3 of a
typical lift: 0.964, 15 (3) -> 0.953, 0) and ankle_flex's floor for a
first trip (``CycleConfig.first_share``: 6 (6) -> 0 phantoms); 150001
checked those, and 160001 was drawn after them. The heel walk's stricter
line when nobody stood still before the walk (``passing_unlearnt``) came
after 150001 and 160001 showed its phantoms (on 140001 to 160001 phantom
steps 32 -> 7, every exact count as it was). The toe walk's running median
of each foot's readings was tried on the five pools and 170001 (0.953 ->
0.956, no phantom step). 190001 was drawn after all of that: the toe walk
read 0.969, 0 there, but the heel walk 0.978 with 31 phantom steps on seven
ordinary walks, which read just above its line of 0; the line moved to 0.1
(phantoms 31 -> 0, exact unchanged there; on the older pools 0.986 ->
0.983, 0.983 -> 0.975, 0.969, 7 (2) -> 0.967, 5 (1), 0.986 -> 0.981), so
no pool is unseen for it. The edge walks' changes of that day were chosen
on 180001 and checked on 190001 (outer 0.947 -> 0.950, inner 0.936, 8 (2)
-> 0.939, 0): a landing the feet left the picture on, a walk's last step
whose feet close only part of the way (``ZigzagSteps``), a passer-by's
frame near the walker that no longer carries the walker's track off
(``SamePerson.trust``), and the inner-edge walk's line at 0.6 (its phantom
steps on ordinary walks: 4, 3, 6 and 8 -> 0 on 110001, 130001, 180001 and
190001). Before the walk judge the heel and toe walks were judged one step
at a time; the same code read 0.939, 0 and 0.903, 14 (4) on 110001, 0.958,
0 and 0.878, 3 (1) on 130001. The edge walks are judged step by step; their
limits are the step finder (0.94 to 0.97 of outer-edge walks have the right
number of steps found) and the ground truth at the picture's edge: walking
into a low camera, the last step often lands with the feet a hair inside or
outside the bottom of the picture, and the finder, whose landings lag the
true ones by a third of a step, sees the feet leave before the step's peak
either way (on 180001 about five clips an exercise fall either side).

The heel and toe walks (``coach.engine.walk_evidence``): their steps are
found at the turns of the signed step signal (``SwingSteps``), taken through
a running median of 5 frames (the pose model swaps legs for a frame or two),
and each walk is judged on the posture of its steps together, both feet's
readings pooled over its last four steps: the drift of the pose model's
foot pitch (5 to 9 degrees SD, mid-stance, on rendered and on jittered
walks) reads single steps of a heel walk flat and single steps of an
ordinary walk lifted, and pooled it averages out. On a toe walk both heels
are up nearly all the time and on a heel walk both toes; in ordinary
walking each foot stands flat for part of every stride, which a low quantile
of the pooled readings sees. What the walk judge still misses: toe and heel
walks under 4x jitter (more than the 0.02 torso lengths of the most distant
real video) whose low quantile reads flat; passers-by as the walk begins;
and ordinary walks before a camera that reads flat feet as toes up by
more than the learnt rest may rise (the heel walk's phantoms on 150001).

``--heldout`` draws the same kinds of clip with other seeds and renders other
drawn-figure clips (``RENDERED_HELDOUT``); ``--fresh`` a third set of seeds.
All three, and ``--seed-shift 24593``, have been looked at while rules were
corrected; they are the sets that run the real MediaPipe clips. Measured on
2026-12-04 (tuning / held-out / fresh / 24593), exact count rate and
phantom repetitions on the negatives (the same on 2026-12-05, with the
unsteady walks' rules and the ordinary walks under 4x jitter; heel_walk's
miss on 24593 is now a walk at 4x under the unsteady line):

    heel_walk        0.95, 0  /  1.00, 0  /  1.00, 0  /  0.95, 0
    toe_walk         0.91, 0  /  1.00, 0  /  0.95, 0  /  1.00, 0
    ankle_flex       1.00, 0  /  1.00, 0  /  1.00, 0  /  0.94, 0
    bicycle          1.00, 0  /  1.00, 0  /  1.00, 0  /  1.00, 0
    outer_edge_walk  0.94, 0  /  1.00, 0  /  1.00, 0  /  0.94, 0   estimated
    inner_edge_walk  0.94, 0  /  1.00, 0  /  1.00, 0  /  1.00, 0   estimated

The tuning set's misses: the rendered heel_yaw30_5 (4 of 5), whose last
step is a run of leg swaps near zero, and two toe walks under 4x jitter.
Every other miss in these sets is a track under 4x jitter (the heel walk's
line of 0.1 lost one on 24593, counted 0 of 4).

What limits the rendered clips: MediaPipe reports a fraction of a foot's
pitch, less on rendered clips than the landmark-level tracks assume, and it
drifts (a lower quantile for the heel walk, 0.2, kept more ordinary walks
out on the tracks but lost steps on two rendered heel walks). Nothing
in the 33 landmarks lies on the edge of a foot, so the edge walks are judged
from knees and ankles, and their misses are steps whose roll reads flat or
steps the finder loses in a gap. The real park walk, where MediaPipe often
follows a man on a box and reads heels 50 to 80 degrees up, counts no toe
walk: a walk with a quarter of its readings past three typical lifts is no
toe walk. ankle_flex's last misses are flexes under 4x jitter and passers-by.

A slower camera (``--every K`` counts every K-th frame; a webcam in a dim
room sends 15 frames a second, and a busy computer analyses only the newest
frame it can): several of the counters' windows are counted in frames and
were chosen at 24 and 30 frames a second. On 2026-12-07, the varied drawn
walks 0-526 (352 heel and toe walks, 175 ordinary ones) counted on every
other frame went from 331 exact at the full rate to 261 (0.741), on every
third to 202 (0.574) with 43 phantom steps. With frames drawn in between up
to 30 a second (``coach.engine.frame_fill``): 319 (0.906) and 294 (0.835),
phantom steps 2 and 8, and the full rate as it was. Varied walks rendered
at 15 frames a second and tracked at that rate (the pose model's own
smoothing then sees the slower rate too): on 0-89, looked at while the
filling was made, heel 19 -> 22 of 30, toe 25 -> 29 of 30; on 90-179,
rendered after it was done, heel 20 -> 29, toe 24 -> 27 of 30; no phantom
step either way. At 30 frames a second the same 180 walks count heel 57
and toe 60 of 60.

The frames drawn in between lie on straight lines and bend nowhere, so a
shaky view's jitter, read with them, fell to a few per cent of itself and
every walk read steady: the walks now read it on the camera's frames alone
(``Frame.drawn``), and the filler tells a jump to someone else in pixels,
as the counters measure. Pool 680001 of landmark tracks, heel and toe walks
on every other frame: heel 0.983 -> 0.978, toe 0.967 -> 0.972, phantom
steps 11 -> 3 (the full rate's 3); on every third frame, where the camera's
frames are far enough apart for the walk's own motion to read as jitter:
heel 0.969 -> 0.964, toe 0.964 -> 0.947, phantom steps 8 -> 7. The full
rate is as it was on that pool for every exercise.
"""
from __future__ import annotations

import math
import os
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np

from coach.engine import body_signals as bs
from coach.engine.runner import count_frames
from coach.engine.visibility import FeetParams
from coach.records import Frame
from coach.synth.figure import Body, build_skeleton, landmark_points, orbit_camera
from coach.synth.motion import ScriptParams, make_script
from coach.track_io import read_track, write_track

EXERCISES = ("heel_walk", "toe_walk", "ankle_flex", "bicycle", "outer_edge_walk", "inner_edge_walk")

# A rep is done in view when every landmark of the body lies inside the
# picture at its landing or peak, give or take the margin the app itself
# allows a foot outside the image (coach.engine.visibility.FeetParams).
IN_VIEW_MARGIN = FeetParams().margin

# base frame-to-frame jitter (torso lengths) by landmark group, see the module text
_JITTER = np.array([0.004] * 11 + [0.003] * 12 + [0.003, 0.003] + [0.005] * 2 + [0.005] * 2 + [0.006] * 4)


@dataclass
class Case:
    exercise: str
    name: str
    kind: str                    # "track", "rendered", "real"
    expected: int
    negative: bool
    make: Callable[[], Optional[List[Frame]]]
    fast: bool = False


@dataclass
class TrackSpec:
    """One landmark-level clip."""

    script: str
    reps: int = 5
    period: float = 2.0
    amplitude: float = ScriptParams.amplitude
    hold: float = 0.3
    rest_before: float = 1.2
    rest_after: float = 1.2
    duration: float = 6.0
    height: float = 170.0
    yaw: float = 90.0
    distance: float = 320.0
    cam_height: float = 90.0
    roll: float = 0.0
    fps: float = 30.0
    noise: float = 1.0            # multiple of the base jitter
    pitch_gain: float = 0.65      # share of the foot's pitch the landmarks show
    drop: float = 0.02            # share of frames with no person found
    occlude: bool = False         # one foot hidden for a while
    passer: bool = False          # a second person takes the detector over briefly
    leave_after: Optional[int] = None   # the person walks out after this many reps
    walk_axis: str = "x"          # "x": across the view; "z": towards the camera
    pause_after: int = 0          # a rest mid-set after this many reps (0: none) ...
    pause: float = 0.0            # ... of this many seconds
    turn: bool = False            # ... in which a walker turns round and walks back
    seed: int = 0


def _foot_gain(pts: Dict[int, np.ndarray], gain: float, toes_up_gain: float = 0.45) -> None:
    """Rotate heel and foot tip about the ankle so that the foot's pitch from the
    horizontal is ``gain`` of the true one when the heel is up, and
    ``toes_up_gain`` of it when the toes are up (the pose model under-reports
    both, the toe lift more: 0.4 to 0.5 of it on rendered heel walks)."""
    for ankle, heel, tip in ((27, 29, 31), (28, 30, 32)):
        a, h, t = pts[ankle], pts[heel], pts[tip]
        d = t - h
        horiz = math.hypot(d[0], d[2])
        if horiz < 1e-6:
            continue
        pitch = math.atan2(d[1], horiz)
        rot = pitch * ((toes_up_gain if pitch > 0 else gain) - 1.0)
        axis = np.array([-d[2], 0.0, d[0]]) / horiz      # horizontal, across the foot
        for i in (heel, tip):
            v = pts[i] - a
            # Rodrigues rotation about ``axis``
            c, s = math.cos(rot), math.sin(rot)
            pts[i] = a + v * c + np.cross(axis, v) * s + axis * float(axis @ v) * (1 - c)


# seconds a walker takes to turn round on the spot, at most (and at most
# 0.6 of the rest it turns in)
TURN_SECONDS = 1.2


def _turn(spec: TrackSpec, script: Any) -> Optional[Tuple[float, float]]:
    """(start, end) of the turn of a walk with ``spec.turn``: in the middle of
    its rest, after the feet came together and before they set off again."""
    if not spec.turn or not spec.pause_after or spec.pause_after >= len(script.rep_times):
        return None
    stopped, going = script.rep_times[spec.pause_after - 1][2], script.rep_times[spec.pause_after][0]
    length = min(TURN_SECONDS, 0.6 * (going - stopped))
    middle = 0.5 * (stopped + going)
    return middle - 0.5 * length, middle + 0.5 * length


def _turned(pts: Dict[int, np.ndarray], t: float, turning: Tuple[float, float], pivot: np.ndarray) -> None:
    """Turn the body about the vertical through ``pivot`` (where the walker
    stood to turn) by the share of half a turn done at ``t``: the walk after
    the turn goes back the way it came, facing the other way."""
    from coach.synth.motion import smoothstep

    angle = math.pi * smoothstep((t - turning[0]) / (turning[1] - turning[0]))
    c, s = math.cos(angle), math.sin(angle)
    for j, v in pts.items():
        dx, dz = v[0] - pivot[0], v[2] - pivot[2]
        pts[j] = np.array([pivot[0] + c * dx + s * dz, v[1], pivot[2] - s * dx + c * dz])


def synth_track(spec: TrackSpec) -> Tuple[List[Frame], int]:
    """Landmark frames and the true count (reps done in view)."""
    rng = np.random.default_rng(spec.seed)
    body = Body().scaled(spec.height)
    prm = ScriptParams(view="side" if abs(spec.yaw) > 45 else "front", reps=spec.reps, period=spec.period,
                       rest_before=spec.rest_before, rest_after=spec.rest_after, hold=spec.hold,
                       amplitude=spec.amplitude, duration=spec.duration, jitter=0.08, sway=1.0,
                       pause_after=spec.pause_after, pause=spec.pause, seed=spec.seed)
    script = make_script(spec.script, prm, body)
    k = spec.height / 170.0
    turning = _turn(spec, script)
    # where the walker turns round: the pelvis as the turn starts
    pivot = build_skeleton(script.posture(turning[0]), body).p["pelvis"] if turning is not None else None
    # the camera looks at the middle of the path walked (or at the body)
    sk0 = build_skeleton(script.posture(0.0), body)
    sk1 = build_skeleton(script.posture(script.duration if turning is None else turning[0]), body)
    mid = 0.5 * (sk0.p["pelvis"] + sk1.p["pelvis"])
    if spec.script in ("ankle_flex", "seated", "bicycle", "lying"):
        feet = 0.5 * (sk0.p["ankle_L"] + sk0.p["ankle_R"])
        mid = 0.5 * (sk0.p["neck"] + feet)
    target = (float(mid[0]), 45.0 * k if spec.script in ("ankle_flex", "seated", "bicycle", "lying") else 80.0 * k,
              float(mid[2]))
    if spec.walk_axis == "z":
        end = float(sk1.p["pelvis"][2])
        target = (0.0, 80.0 * k, end)
    cam = orbit_camera(spec.yaw, spec.distance, spec.cam_height, target, roll=spec.roll)
    w, h = cam.w, cam.h

    def in_view(t: float) -> bool:
        pts = landmark_points(build_skeleton(script.posture(t), body))
        if turning is not None:
            _turned(pts, t, turning, pivot)
        return all(-IN_VIEW_MARGIN <= v <= 1.0 + IN_VIEW_MARGIN for j in range(33) for v in cam.project(pts[j])[:2])

    # the reps done in view: a tall person walking towards a low camera may
    # put the last step's feet below the picture
    done = script.rep_times if spec.leave_after is None else script.rep_times[:spec.leave_after]
    expected = sum(1 for r in done if in_view(r[1]))
    leave_t = None
    if spec.leave_after is not None:
        # walks: leave half a step after the last landing, before the next one
        after = 0.0 if "walk" in spec.script else 0.3
        leave_t = script.rep_times[spec.leave_after - 1][2] + after if spec.leave_after > 0 else 1.0
    n = int(script.duration * spec.fps)
    drift = np.zeros((33, 2))
    white = _JITTER * spec.noise
    occ = None
    if spec.occlude:
        t0 = rng.uniform(spec.rest_before, max(spec.rest_before + 0.1, script.duration - spec.rest_after - 1.0))
        occ = (t0, t0 + rng.uniform(0.4, 0.8), int(rng.integers(0, 2)))
    passer = None
    if spec.passer:
        t0 = rng.uniform(0.5, script.duration - 1.0)
        passer = (t0, t0 + rng.uniform(0.15, 0.35), rng.uniform(0.15, 0.85))
        passer_script = make_script("walk", replace(prm, reps=4, period=0.55, seed=spec.seed + 1), Body())
        passer_cam = orbit_camera(90.0, 380.0, 100.0, (0.0, 85.0, 0.0))
    frames: List[Frame] = []
    loss_until = -1.0
    for i in range(n):
        t = i / spec.fps + rng.uniform(-0.002, 0.002)
        if rng.random() < spec.drop * 0.5:
            continue                                   # a frame the pipeline skipped
        if rng.random() < spec.drop * 0.2:
            loss_until = t + rng.uniform(0.1, 0.4)     # the detector loses the person
        if t < loss_until:
            frames.append(Frame(t=t, w=w, h=h, pose=None))
            continue
        pt = max(0.0, t) if leave_t is None else min(max(0.0, t), leave_t)
        sk = build_skeleton(script.posture(pt), body)
        pts = landmark_points(sk)
        if spec.pitch_gain != 1.0:
            # standing and walking only: the pitch from the floor is what the
            # pose model under-reports; seated and lying scripts keep theirs
            _foot_gain(pts, spec.pitch_gain)
        if turning is not None:
            _turned(pts, pt, turning, pivot)
        if leave_t is not None and t > leave_t:
            # walks sideways out of the picture at 1.2 m/s
            shift = 120.0 * (t - leave_t)
            right = cam.axes()[0]
            for j in pts:
                pts[j] = pts[j] + right * shift
        proj = np.array([cam.project(pts[j]) for j in range(33)])
        xy = proj[:, :2]
        if leave_t is not None and t > leave_t and xy[[23, 24], 0].mean() > 1.15:
            frames.append(Frame(t=t, w=w, h=h, pose=None))
            continue
        tor = math.hypot((xy[11, 0] + xy[12, 0] - xy[23, 0] - xy[24, 0]) * w / 2,
                         (xy[11, 1] + xy[12, 1] - xy[23, 1] - xy[24, 1]) * h / 2)
        tor = max(tor, 10.0)
        drift = 0.9 * drift + rng.normal(0, 1, (33, 2)) * (white[:, None] * 0.9)
        noise = rng.normal(0, 1, (33, 2)) * white[:, None] + drift
        xy = xy + noise * tor / np.array([w, h])
        vis = np.clip(rng.normal(0.95, 0.03, 33), 0, 1)
        # in side views the far leg is partly hidden: lower visibility
        depth = proj[:, 2]
        for leg in ((23, 25, 27, 29, 31), (24, 26, 28, 30, 32)):
            other = (24, 26, 28, 30, 32) if leg[0] == 23 else (23, 25, 27, 29, 31)
            if depth[list(leg)].mean() > depth[list(other)].mean() + 8.0 * k:
                vis[list(leg)] = np.clip(rng.normal(0.75, 0.1, 5), 0, 1)
        if occ is not None and occ[0] <= t <= occ[1]:
            foot = (27, 29, 31) if occ[2] == 0 else (28, 30, 32)
            vis[list(foot)] = rng.uniform(0.05, 0.3, 3)
            xy[list(foot)] += rng.normal(0, 0.03, (3, 2))
        if passer is not None and passer[0] <= t <= passer[1]:
            # the detector jumps to another person walking past: an ordinary
            # standing body elsewhere in the picture
            other = landmark_points(build_skeleton(passer_script.posture(t - passer[0] + 1.5), Body()))
            oxy = np.array([passer_cam.project(other[j])[:2] for j in range(33)])
            xy = oxy + np.array([passer[2] - 0.5, 0.0])
        pose = tuple((float(xy[j, 0]), float(xy[j, 1]), float((depth[j] - depth[23]) / 300.0), float(vis[j]))
                     for j in range(33))
        frames.append(Frame(t=t, w=w, h=h, pose=pose))
    frames.sort(key=lambda f: f.t)
    return frames, expected


# --------------------------------------------------------------------------- cases

# the rest a "pause" clip takes mid-set (s): a walker stops and stands, a
# sitter relaxes the feet, a cyclist holds the legs up
PAUSE_SECONDS = {"walk": (1.5, 4.0), "ankle_flex": (2.0, 5.0), "bicycle": (1.5, 4.0)}


def _pause(kind: str, reps: int, seed: int) -> Dict[str, Any]:
    """A rest after the second rep or later, leaving two or more to do; drawn
    from a generator of its own so that the clips' other draws stay as they were."""
    rng = np.random.default_rng(seed + 900_001)
    return dict(pause_after=int(rng.integers(2, max(3, reps - 1))), pause=_u(rng, *PAUSE_SECONDS[kind]))


def _variation(i: int, rng: np.random.Generator) -> Tuple[str, Dict[str, Any]]:
    """The i-th clip's hardship, in turn: none (every other time a rest
    mid-set), occlusion, a passer-by, leaving, noise, a child."""
    flavour = ("plain", "occlude", "passer", "leave", "noisy", "child")[i % 6]
    if flavour == "plain" and i % 12 == 6:
        flavour = "pause"
    extras: Dict[str, Any] = {}
    if flavour == "occlude":
        extras["occlude"] = True
    elif flavour == "passer":
        extras["passer"] = True
    elif flavour == "leave":
        extras["leave_after"] = int(rng.integers(2, 4))
    elif flavour == "noisy":
        extras["noise"] = 4.0
    return flavour, extras


def _u(rng: np.random.Generator, a: float, b: float) -> float:
    return float(rng.uniform(a, b))


def _walk_specs(style: str, n: int, seed: int) -> List[Tuple[str, TrackSpec]]:
    out = []
    rng = np.random.default_rng(seed)
    script = {"toe": "toe_walk", "heel": "heel_walk", "outer": "outer_edge_walk", "inner": "inner_edge_walk"}[style]
    # measured on rendered clips through MediaPipe: toe walks keep 0.6 to 0.75
    # of the heel lift, heel walks 0.4 to 0.5 of the toe lift
    gain = {"toe": (0.55, 0.85), "heel": (0.55, 0.85)}.get(style, (0.45, 0.8))
    front = style in ("outer", "inner")
    for i in range(n):
        flavour, extras = _variation(i, rng)
        reps = int(rng.integers(4, 8))
        height = _u(rng, 120, 150) if flavour == "child" else _u(rng, 150, 192)
        if front:
            spec = TrackSpec(script=script, reps=reps, period=_u(rng, 0.55, 0.9), height=height,
                             yaw=_u(rng, -12, 12), distance=_u(rng, 200, 260), cam_height=_u(rng, 50, 110),
                             roll=_u(rng, -2, 2), fps=float(rng.choice([24.0, 30.0])),
                             noise=extras.pop("noise", _u(rng, 1.0, 2.5)), pitch_gain=_u(rng, 0.45, 0.8),
                             amplitude=_u(rng, 15, 28), walk_axis="z", seed=seed * 100 + i, **extras)
        else:
            side = 1.0 if rng.random() < 0.5 else -1.0
            spec = TrackSpec(script=script, reps=reps, period=_u(rng, 0.5, 0.9), height=height,
                             yaw=side * _u(rng, 65, 115), distance=_u(rng, 300, 420), cam_height=_u(rng, 30, 70),
                             roll=_u(rng, -2, 2), fps=float(rng.choice([24.0, 30.0])),
                             noise=extras.pop("noise", _u(rng, 1.0, 2.5)), pitch_gain=_u(rng, *gain),
                             amplitude=_u(rng, 20, 32), seed=seed * 100 + i, **extras)
        if flavour == "plain" and i % 12 == 0 and i > 0 and not front:
            # walking across the view, the rest is where the walker turns
            # round and walks back, as the side walks' instructions say
            flavour = "turn"
        if flavour in ("pause", "turn"):
            spec = replace(spec, **_pause("walk", spec.reps, spec.seed), turn=flavour == "turn")
        out.append((f"{script}_{flavour}_{i}", spec))
    return out


def _cycle_specs(script: str, n: int, seed: int) -> List[Tuple[str, TrackSpec]]:
    out = []
    rng = np.random.default_rng(seed)
    for i in range(n):
        flavour, extras = _variation(i, rng)
        side = 1.0 if rng.random() < 0.5 else -1.0
        height = _u(rng, 120, 150) if flavour == "child" else _u(rng, 150, 192)
        if script == "ankle_flex":
            spec = TrackSpec(script=script, reps=int(rng.integers(4, 8)), period=_u(rng, 1.8, 4.5),
                             amplitude=_u(rng, 22, 40), hold=_u(rng, 0.0, 0.6), height=height,
                             yaw=side * _u(rng, 45, 100), distance=_u(rng, 200, 330), cam_height=_u(rng, 30, 110),
                             roll=_u(rng, -2, 2), fps=float(rng.choice([24.0, 30.0])),
                             noise=extras.pop("noise", _u(rng, 1.0, 2.5)), pitch_gain=1.0, seed=seed * 100 + i,
                             **extras)
        else:
            spec = TrackSpec(script=script, reps=int(rng.integers(4, 8)), period=_u(rng, 1.2, 3.0),
                             amplitude=7.0 * _u(rng, 0.6, 1.2), height=height,
                             yaw=side * _u(rng, 55, 100), distance=_u(rng, 260, 360), cam_height=_u(rng, 60, 160),
                             roll=_u(rng, -2, 2), fps=float(rng.choice([24.0, 30.0])),
                             noise=extras.pop("noise", _u(rng, 1.0, 2.5)), pitch_gain=1.0, seed=seed * 100 + i,
                             **extras)
        if flavour == "pause":
            spec = replace(spec, **_pause(script, spec.reps, spec.seed))
        out.append((f"{script}_{flavour}_{i}", spec))
    return out


# Ordinary walks among each walk's negatives, each with its own pace, camera
# angle, height and noise. With three per set, the toe walk's phantom steps
# on ordinary walks showed in one seed set of eleven; with eight, in four.
ORDINARY_WALKS = 8
# ... and as many again under 4x jitter as a sixth of the walks to count
# are (the "noisy" ones): until 2026-12-05 the ordinary walks had 1x to 2.5x
# only, and rules that lift noisy walks over their lines went unchecked
# where they would count phantom steps.
NOISY_ORDINARY_WALKS = 2


def _ordinary_walk(front_walk: bool, rng: np.random.Generator, i: int, seed: int,
                   noise: Optional[float] = None) -> TrackSpec:
    """An ordinary walk as the walk exercises are filmed: towards the camera
    (``front_walk``) or across its view. Its jitter is drawn from 1x to 2.5x
    unless ``noise`` is given (drawn all the same, so that the draws after it
    stay as they were)."""
    def jitter() -> float:
        drawn = _u(rng, 1, 2.5)
        return drawn if noise is None else noise

    if front_walk:
        return TrackSpec(script="walk", reps=int(rng.integers(4, 8)), period=_u(rng, 0.5, 0.8),
                         yaw=_u(rng, -10, 10), distance=230.0, walk_axis="z", noise=jitter(),
                         pitch_gain=_u(rng, 0.45, 0.8), seed=seed)
    return TrackSpec(script="walk", reps=int(rng.integers(4, 8)), period=_u(rng, 0.45, 0.7),
                     yaw=_u(rng, 65, 115) * (1 if i % 2 else -1), distance=_u(rng, 320, 420), noise=jitter(),
                     cam_height=_u(rng, 30, 70), pitch_gain=_u(rng, 0.55, 0.85), seed=seed)


def _negative_specs(exercise: str, seed: int) -> List[Tuple[str, TrackSpec]]:
    rng = np.random.default_rng(seed)
    front_walk = exercise in ("outer_edge_walk", "inner_edge_walk")
    out = [
        ("stand_side", TrackSpec(script="stand", duration=8.0, yaw=90.0, noise=2.0, seed=seed + 1)),
        ("stand_front", TrackSpec(script="stand", duration=8.0, yaw=0.0, noise=2.0, seed=seed + 2)),
        ("stand_then_leave", TrackSpec(script="stand", duration=6.0, yaw=80.0, leave_after=0, seed=seed + 3)),
    ]
    if exercise.endswith("walk"):
        for i in range(ORDINARY_WALKS):
            out.append((f"ordinary_walk_{i}", _ordinary_walk(front_walk, rng, i, seed + 10 + i)))
        noisy_rng = np.random.default_rng(seed + 7000)
        for i in range(NOISY_ORDINARY_WALKS):
            out.append((f"noisy_walk_{i}", _ordinary_walk(front_walk, noisy_rng, i, seed + 7010 + i, noise=4.0)))
        # an ordinary walk with a rest mid-way: standing still mid-set may
        # teach a walk how its flat feet read (``stand_first``)
        paused = _ordinary_walk(front_walk, np.random.default_rng(seed + 7100), 0, seed + 7110)
        out.append(("paused_walk", replace(paused, **_pause("walk", paused.reps, paused.seed))))
        if not front_walk:
            # ... and one that turns round in its rest and walks back
            turned = _ordinary_walk(front_walk, np.random.default_rng(seed + 7200), 1, seed + 7210)
            out.append(("turned_walk", replace(turned, **_pause("walk", turned.reps, turned.seed), turn=True)))
        out.append(("treadmill_walk", TrackSpec(script="walk_treadmill", reps=6, period=0.6,
                                                yaw=0.0 if front_walk else 90.0, seed=seed + 20)))
    if exercise == "ankle_flex":
        out.append(("seated_still", TrackSpec(script="seated", rest_before=4.0, rest_after=4.0, yaw=90.0,
                                              distance=260, cam_height=60, noise=2.5, seed=seed + 30)))
        out.append(("seated_still_34", TrackSpec(script="seated", rest_before=4.0, rest_after=4.0, yaw=-60.0,
                                                 distance=260, cam_height=90, noise=4.0, seed=seed + 31)))
        out.append(("ordinary_walk", TrackSpec(script="walk", reps=6, period=0.55, yaw=90.0, distance=380,
                                               seed=seed + 32)))
    if exercise == "bicycle":
        out.append(("lying_still", TrackSpec(script="lying", rest_before=4.0, rest_after=4.0, yaw=90.0,
                                             distance=300, cam_height=120, noise=2.5, seed=seed + 40)))
        out.append(("seated_flexing", TrackSpec(script="ankle_flex", reps=4, period=2.5, yaw=90.0, distance=260,
                                                cam_height=60, seed=seed + 41)))
        out.append(("ordinary_walk", TrackSpec(script="walk", reps=6, period=0.55, yaw=90.0, distance=380,
                                               seed=seed + 42)))
    return out


def _track_case(exercise: str, name: str, spec: TrackSpec, negative: bool, fast: bool) -> Case:
    """The expected count is the script's reps done in view, known once the
    track is made."""

    def make() -> List[Frame]:
        frames, in_view = synth_track(spec)
        if not negative:
            case.expected = in_view
        return frames

    planned = spec.reps if spec.leave_after is None else min(spec.reps, spec.leave_after)
    case = Case(exercise, name, "track", 0 if negative else planned, negative, make, fast)
    return case


# rendered drawn-figure clips, through the real MediaPipe Pose (walks only)
RENDERED = {
    "toe_walk": [
        dict(name="toe_side_5", script="toe_walk", view="side", reps=5, period=0.7, fig_height=0.5, x_frac=0.2, seed=21),
        dict(name="toe_left_6", script="toe_walk", view="side_left", reps=6, period=0.6, fig_height=0.45, x_frac=0.85, seed=24),
        dict(name="toe_yaw30_5", script="toe_walk", view="side", reps=5, period=0.7, fig_height=0.5, x_frac=0.25, yaw_offset=-30, seed=26),
        dict(name="toe_tread_7", script="toe_walk", view="side", reps=7, period=0.6, fig_height=0.7, x_frac=0.5, seed=28),
        dict(name="toe_rest_6", script="toe_walk", view="side", reps=6, period=0.7, fig_height=0.45, x_frac=0.15,
             pause_after=3, pause=2.5, seed=31),
    ],
    "heel_walk": [
        dict(name="heel_side_5", script="heel_walk", view="side", reps=5, period=0.7, fig_height=0.5, x_frac=0.2, seed=22),
        dict(name="heel_left_6", script="heel_walk", view="side_left", reps=6, period=0.65, fig_height=0.45, x_frac=0.85, seed=25),
        dict(name="heel_yaw30_5", script="heel_walk", view="side", reps=5, period=0.7, fig_height=0.5, x_frac=0.25, yaw_offset=-30, seed=27),
        dict(name="heel_tread_7", script="heel_walk", view="side", reps=7, period=0.6, fig_height=0.7, x_frac=0.5, seed=29),
        dict(name="heel_rest_6", script="heel_walk", view="side_left", reps=6, period=0.7, fig_height=0.45,
             x_frac=0.85, pause_after=2, pause=3.0, seed=32),
    ],
}
# held out: other seeds, paces, sizes and places in the picture
RENDERED_HELDOUT = {
    "toe_walk": [
        dict(name="ho_toe_side_6", script="toe_walk", view="side", reps=6, period=0.75, fig_height=0.55, x_frac=0.3, seed=121),
        dict(name="ho_toe_left_5", script="toe_walk", view="side_left", reps=5, period=0.65, fig_height=0.5, x_frac=0.75, seed=124),
    ],
    "heel_walk": [
        dict(name="ho_heel_side_6", script="heel_walk", view="side", reps=6, period=0.75, fig_height=0.55, x_frac=0.3, seed=122),
        dict(name="ho_heel_left_5", script="heel_walk", view="side_left", reps=5, period=0.7, fig_height=0.5, x_frac=0.75, seed=125),
    ],
}
RENDERED_NEGATIVES = [
    dict(name="walk_side_5", script="walk", view="side", reps=5, period=0.55, fig_height=0.45, x_frac=0.12, seed=23),
    dict(name="stand_side", script="stand", view="side", duration=5.0, fig_height=0.6, seed=30),
    dict(name="walk_rest_6", script="walk", view="side", reps=6, period=0.55, fig_height=0.45, x_frac=0.12,
         pause_after=3, pause=2.5, seed=33),
]
REAL_NEGATIVES = {
    "video_walk_park_sideview_sandals.mp4": "all",
    "video_hand_fist_to_thumbs_up.mp4": "all",
    "video_hand_open_palm_reach.mp4": "all",
    "video_hand_asl_fist_pointing.mp4": "all",
    "video_squats_fullbody.mp4": "all",
    "video_dance_jump_fullbody_room.mp4": "all",
    "video_barefoot_balance_lab_cam01.mp4": "all",
    "video_barefoot_balance_lab_cam02.mp4": "all",
    "video_barefoot_balance_lab_cam03.mp4": "all",
    "video_barefoot_balance_lab_cam04.mp4": "all",
    "video_barefoot_two_people_lab_cam01.mp4": "all",
}
FAST_REAL = ("video_walk_park_sideview_sandals.mp4", "video_hand_open_palm_reach.mp4")


@dataclass(frozen=True)
class RealWalk:
    """Ordinary walking in a real video, as MediaPipe tracks it in part of
    the picture: the base of the real walks made to carry a heel or toe
    walk's posture (``carry_posture``), and a negative as it is."""

    video: str
    top: float          # only the rows below this share of the picture's height are tracked
    end: float          # s: frames from here on are dropped (the walker has left)
    landings: int       # the walker's landings in view, counted on the video by hand


# In the park walk MediaPipe follows a man balancing on a box at the top of
# the picture for most of the clip. Below 0.42 of the height it follows the
# woman who walks past, from the tree on the right (1.4 s) to the left edge
# (6.6 s); a man who jumped off the box takes over at 6.7 s. Looked at frame
# by frame, her feet land at 2.05, 2.7, 3.3, 3.9, 4.5, 5.15, 5.75 and 6.3 s;
# her landing at 1.6 s is half hidden by the tree and not counted.
PARK_WOMAN = RealWalk("video_walk_park_sideview_sandals.mp4", top=0.42, end=6.7, landings=8)

# the heel or toe walk a real walk is made to carry: (style, degrees the
# heel or the toes stay up past the walker's flat foot, as the pose model
# shows them: MediaPipe reads rendered toe walks a median 11 to 15 degrees
# above the figure standing, heel walks 8 to 12 below)
CARRIED = {"toe_walk": ("toe", 14.0), "heel_walk": ("heel", 10.0)}
# The fast subset (CI) runs only the toe walk carried: the heel walk
# carried by the park walk counts none of its 8 steps, and the subset's few
# clips cannot hold a known miss. MediaPipe reads the woman's left foot 12
# to 20 degrees heel up while it stands flat (her right one 2 to 6); with
# no standing before the walk, where the heel walk learns how flat feet
# read, 10 degrees of toes up from there read under its line for a rest
# not learnt (from 16 degrees on all 8 count; the toe walk counts all 8
# from 4 to 20 degrees). The walk hears "stand_first". The full suite
# reports it.
FAST_CARRIED = ("toe_walk",)
# the share of the walk's own rise of the heel (toe walk) or of the toes
# (heel walk) past flat that is kept: a toe walker's heel still rises
# further as the foot pushes off, a heel walker's toes as it lands
CARRIED_GAIT_SHARE = 0.3
# frames of the running median that tells a foot's pitch from its jitter
CARRIED_SMOOTHING = 7


def carry_posture(frames: Sequence[Frame], style: str, lift: float,
                  gait_share: float = CARRIED_GAIT_SHARE) -> List[Frame]:
    """A real ordinary walk made a heel or toe walk: each foot's heel and
    tip turned about its ankle in the picture so that the foot keeps its
    flat pitch plus ``lift`` degrees of heel (``style`` "toe") or toes
    ("heel") up, and ``gait_share`` of its own rise that way past flat.
    The frame-to-frame jitter of the real pitch is kept (its difference
    from a running median): a walk with the timing, body motion and jitter
    of a real person in the posture of the exercise. A foot's flat pitch
    is the walk's 30th percentile of its smoothed pitch: a foot lands toes
    up, stands flat, then rises onto its toes for longer."""
    if style not in ("toe", "heel"):
        raise ValueError(f"style must be 'toe' or 'heel', not {style!r}")
    sign = 1.0 if style == "toe" else -1.0
    seen = [i for i, f in enumerate(frames) if f.pose is not None]
    poses = {i: [list(point) for point in frames[i].pose] for i in seen}  # type: ignore[union-attr]
    for side in bs.SIDES:
        _, _, ankle, heel, tip = bs.LEG[side]
        # a foot under a pixel long has no pitch, and is left as it is
        read = [(i, p) for i, p in ((i, bs.foot_pitch(frames[i], side)) for i in seen) if p is not None]
        if not read:
            continue
        pitch = np.array([p for _, p in read])
        half = CARRIED_SMOOTHING // 2
        smooth = np.array([np.median(pitch[max(0, k - half):k + half + 1]) for k in range(len(pitch))])
        flat = float(np.percentile(smooth, 30))
        own_rise = np.maximum(sign * (smooth - flat), 0.0)
        target = flat + sign * (lift + gait_share * own_rise) + (pitch - smooth)
        for k, (i, _) in enumerate(read):
            f = frames[i]
            facing = 1.0 if bs.px(f, tip)[0] >= bs.px(f, heel)[0] else -1.0
            # image y grows downwards: turning the foot by a positive angle
            # (in pixels, x right, y down) raises the heel of a foot
            # pointing right
            turn = math.radians(facing * (target[k] - pitch[k]))
            cos_t, sin_t = math.cos(turn), math.sin(turn)
            ax, ay = poses[i][ankle][0] * f.w, poses[i][ankle][1] * f.h
            for j in (heel, tip):
                dx, dy = poses[i][j][0] * f.w - ax, poses[i][j][1] * f.h - ay
                poses[i][j][0] = (ax + cos_t * dx - sin_t * dy) / f.w
                poses[i][j][1] = (ay + sin_t * dx + cos_t * dy) / f.h
    return [replace(f, pose=tuple(tuple(p) for p in poses[i])) if i in poses else f  # type: ignore[misc]
            for i, f in enumerate(frames)]


def _footage(video: str) -> Optional[Path]:
    """The path of a shared footage video (FOOTCOACH_FOOTAGE), or None
    when the folder is not given or the video is not in it."""
    root = os.environ.get("FOOTCOACH_FOOTAGE", "").strip()
    src = Path(root) / video if root else None
    return src if src is not None and src.is_file() else None


def _real_walk_track(walk: RealWalk) -> Optional[List[Frame]]:
    """MediaPipe's track of the walker (cached), or None without the
    footage or MediaPipe."""
    src = _footage(walk.video)
    if src is None:
        return None

    def produce(path: Path) -> None:
        from coach.pipeline import BodyTracker, TrackerOptions
        from coach.perception.video import open_video

        with open_video(src, rgb=True) as video, BodyTracker.create(TrackerOptions(with_hands=False)) as tracker:
            frames = [tracker.process(rgb[int(walk.top * rgb.shape[0]):], t) for t, rgb in video if t < walk.end]
        write_track(path, frames)

    return _cached_track(f"realwalk_{Path(walk.video).stem}_{walk.top:g}_{walk.end:g}", produce)


def _real_walk_cases(exercise: str, walk: RealWalk, fast: bool) -> List[Case]:
    """The real walk as it is (a negative for every walk), and for the heel
    and toe walks carrying their posture (``walk.landings`` steps)."""
    if _footage(walk.video) is None:
        return []
    stem = Path(walk.video).stem
    out = [Case(exercise, f"real:{stem}:as_walked", "real", 0, True, lambda: _real_walk_track(walk), fast)]
    if exercise in CARRIED and (not fast or exercise in FAST_CARRIED):
        style, lift = CARRIED[exercise]

        def make() -> Optional[List[Frame]]:
            frames = _real_walk_track(walk)
            return None if frames is None else carry_posture(frames, style, lift)
        out.append(Case(exercise, f"real:{stem}:{style}_walk", "real", walk.landings, False, make, fast))
    return out


def cache_dir() -> Path:
    d = Path(os.environ.get("FOOTCOACH_ACCURACY_CACHE") or (Path(tempfile.gettempdir()) / "footcoach_accuracy_body"))
    d.mkdir(parents=True, exist_ok=True)
    return d


# Part of every cached track's name: a new tag when the tracker comes to read
# the same video otherwise, so that no track of the old tracker is counted.
# "both_ways": pose on the picture and its mirror image (TrackerOptions.both_ways).
TRACKER_TAG = "both_ways"


def _cached_track(key: str, produce: Callable[[Path], None]) -> Optional[List[Frame]]:
    path = cache_dir() / f"{key}.{TRACKER_TAG}.jsonl"
    if not path.exists():
        try:
            produce(path)
        except ImportError:
            return None
    return read_track(path)


def landings_in_frame(d: dict) -> int:
    """The steps of a rendered walk that land while the whole drawn figure is
    inside the picture, give or take ``IN_VIEW_MARGIN``: a figure that walks
    out of the frame before its last steps has done only these in view (the
    tread_7 figures land 4 and 5 of their 7)."""
    from coach.synth import Clip, ClipSpec

    clip = Clip(ClipSpec(**{k: v for k, v in d.items() if k != "name"}))
    w, h = clip.spec.w, clip.spec.h
    mx, my = IN_VIEW_MARGIN * w, IN_VIEW_MARGIN * h
    count = 0
    for _, landing, _ in clip.script.rep_times:
        points = clip.landmarks(clip.skeleton(int(round(landing * clip.spec.fps))))
        count += all(-mx <= x <= w + mx and -my <= y <= h + my for x, y in points.values())
    return count


def _rendered_case(exercise: str, d: dict, expected: int, negative: bool, fast: bool) -> Case:
    kw = {k: v for k, v in d.items() if k != "name"}

    def produce(path: Path) -> None:
        from coach.pipeline import TrackerOptions, track_video
        from coach.synth import ClipSpec, write_clip

        with tempfile.TemporaryDirectory() as tmp:
            mp4 = Path(tmp) / "clip.mp4"
            write_clip(ClipSpec(**kw), mp4)
            write_track(path, track_video(mp4, TrackerOptions(with_hands=False)))

    def make() -> Optional[List[Frame]]:
        return _cached_track(f"rendered_{d['name']}", produce)

    return Case(exercise, f"rendered:{d['name']}", "rendered", expected, negative, make, fast)


# Drawn walks with the renderer's every knob varied, seeds never tuned on
# (``--varied N``, added 2026-12-06): which walk (toe, heel, or an ordinary
# one, a negative for both), which way, pace, size, place in the picture,
# camera turned up to 25 degrees off side-on, either look (``render.LOOKS``:
# "alt" draws both legs in trousers of one colour and light shoes), pixel
# noise, and in three of ten a rest mid-set. The fixed rendered clips above
# are few, drawn in the default look and within 30 degrees of the views
# tuned on; these say how the walks fare on drawn clips beyond them.
VARIED_SEED = 9000


def varied_rendered(count: int, first: int = 0) -> List[dict]:
    """``count`` varied drawn walks (see ``VARIED_SEED``), the i-th drawn
    from seed ``VARIED_SEED + i``."""
    out = []
    for i in range(first, first + count):
        rng = np.random.default_rng(VARIED_SEED + i)
        script = ("toe_walk", "heel_walk", "walk")[i % 3]
        view = "side" if rng.random() < 0.5 else "side_left"
        d = dict(name=f"varied_{i}", script=script, view=view, reps=int(rng.integers(4, 8)),
                 period=_u(rng, 0.55, 0.85), fig_height=_u(rng, 0.4, 0.6),
                 x_frac=_u(rng, 0.1, 0.3) if view == "side" else _u(rng, 0.7, 0.9),
                 yaw_offset=_u(rng, -25, 25), look=str(rng.choice(["default", "alt"])),
                 noise=_u(rng, 1.0, 4.0), seed=500 + i)
        if rng.random() < 0.3:
            d.update(pause_after=int(rng.integers(2, 4)), pause=_u(rng, 1.5, 3.0))
        out.append(d)
    return out


def varied_cases(count: int, first: int = 0) -> List[Case]:
    """The varied drawn walks as cases: a toe or heel walk for its own
    exercise, counted on the steps that land in the picture; an ordinary
    walk a negative for both."""
    out = []
    for d in varied_rendered(count, first):
        if d["script"] == "walk":
            out.extend(_rendered_case(ex, d, 0, True, False) for ex in ("toe_walk", "heel_walk"))
        else:
            out.append(_rendered_case(d["script"], d, landings_in_frame(d), False, False))
    return out


def _real_case(exercise: str, video: str, fast: bool) -> Optional[Case]:
    src = _footage(video)
    if src is None:
        return None

    def produce(path: Path) -> None:
        from coach.pipeline import TrackerOptions, track_video

        write_track(path, track_video(src, TrackerOptions(with_hands=False)))

    def make() -> Optional[List[Frame]]:
        return _cached_track(f"real_{Path(video).stem}", produce)

    return Case(exercise, f"real:{video}", "real", 0, True, make, fast)


# Seeds of the held-out set: never looked at while tuning, only reported.
# The ankle_flex and bicycle rules were later corrected after misses seen on
# it, so a third set of seeds (``fresh``), drawn after that, reports them.
# Since then the walks' misses on both sets, and ankle_flex's on the fresh
# one (its floor within a set), were studied too: for a count on clips no
# rule was fitted to, draw another set (``--seed-shift``).
HELDOUT_SEED_SHIFT = 7919
FRESH_SEED_SHIFT = 15485


def chosen_shift(heldout: bool, fresh: bool, seed_shift: Optional[int]) -> int:
    """The seed shift the options name: ``seed_shift`` when given, else the
    fresh, the held-out or the tuning set's."""
    if seed_shift is not None:
        return seed_shift
    return FRESH_SEED_SHIFT if fresh else HELDOUT_SEED_SHIFT if heldout else 0


def cases(fast: bool, with_mediapipe: bool = True, heldout: bool = False, fresh: bool = False,
          seed_shift: Optional[int] = None) -> List[Case]:
    """The suite. ``heldout`` gives the same kinds of clip drawn with other
    seeds (and other rendered clips), kept apart from tuning; ``fresh`` a
    third set of seeds (with the held-out rendered clips); ``seed_shift``
    any set, its seeds the tuning ones plus the shift (every set but the
    tuning one, shift 0, comes with the held-out rendered clips)."""
    out: List[Case] = []
    n_pos = 3 if fast else 18
    seed_shift = chosen_shift(heldout, fresh, seed_shift)
    heldout = seed_shift != 0
    for ei, ex in enumerate(EXERCISES):
        seed = 1000 + 97 * ei + seed_shift
        if ex.endswith("walk"):
            style = ex.split("_")[0]
            specs = _walk_specs(style, n_pos, seed)
        else:
            specs = _cycle_specs(ex, n_pos, seed)
        for name, spec in specs:
            out.append(_track_case(ex, name, spec, False, fast))
        negs = _negative_specs(ex, seed + 5000)
        if fast:
            negs = negs[:1] + [n for n in negs if n[0].startswith("ordinary_walk")][:1] + \
                [n for n in negs if n[0].startswith("noisy_walk")][:1] + \
                [n for n in negs if n[0] in ("seated_still", "lying_still")]
        for name, spec in negs:
            out.append(_track_case(ex, "neg:" + name, spec, True, fast))
        if with_mediapipe:
            rendered = RENDERED_HELDOUT if heldout else RENDERED
            for d in rendered.get(ex, []) if not fast else rendered.get(ex, [])[:1]:
                out.append(_rendered_case(ex, d, landings_in_frame(d), False, fast))
            if ex in ("toe_walk", "heel_walk") and not heldout:
                for d in RENDERED_NEGATIVES if not fast else RENDERED_NEGATIVES[:1]:
                    out.append(_rendered_case(ex, d, 0, True, fast))
            for video in (FAST_REAL if fast else REAL_NEGATIVES):
                c = _real_case(ex, video, fast)
                if c is not None:
                    out.append(c)
            if ex.endswith("walk"):
                out.extend(_real_walk_cases(ex, PARK_WOMAN, fast))
    return out


def evaluate(case_list: Sequence[Case], every: int = 1) -> List[dict]:
    """One result dict per case: expected, counted, feedback codes. With
    ``every`` k, each clip is counted on every k-th frame only: a slower
    camera, or a busy computer that analyses the newest frame it can."""
    import exercises

    if every < 1:
        raise ValueError("every must be 1 or more")
    results = []
    for c in case_list:
        frames = c.make()
        if frames is None:
            continue
        frames = frames[::every]
        res = count_frames(exercises.get_exercise(c.exercise), frames)
        results.append({"exercise": c.exercise, "case": c.name, "kind": c.kind, "negative": c.negative,
                        "expected": c.expected, "counted": res.reps, "estimated": res.estimated,
                        "feedback": sorted({f.code for f in res.feedback}),
                        "ranges": [round(e.range, 1) for e in res.events]})
    return results


def table(results: Sequence[dict]) -> List[dict]:
    import exercises

    rows = []
    for ex in EXERCISES:
        mine = [r for r in results if r["exercise"] == ex]
        pos = [r for r in mine if not r["negative"]]
        neg = [r for r in mine if r["negative"]]
        errs = [abs(r["counted"] - r["expected"]) for r in pos]
        kinds = sorted({r["kind"] for r in pos})
        rows.append({
            "exercise": ex,
            "clips": len(pos),
            "exact_rate": (sum(e == 0 for e in errs) / len(errs)) if errs else None,
            "mae": (sum(errs) / len(errs)) if errs else None,
            "off_by_one_rate": (sum(e == 1 for e in errs) / len(errs)) if errs else None,
            "negatives": len(neg),
            "phantom_reps": sum(r["counted"] for r in neg),
            "negatives_counted": sum(1 for r in neg if r["counted"] > 0),
            "estimated": exercises.get_exercise(ex).estimated,
            "sources": "+".join(kinds),
            "real_negatives": sum(1 for r in neg if r["kind"] == "real"),
        })
    return rows


def _evaluate_set(job: Tuple[int, bool, Optional[Tuple[str, ...]], int]) -> List[dict]:
    """One seed set's results (a worker's job in ``evaluate_sets``)."""
    shift, with_mediapipe, only, every = job
    return evaluate([c for c in cases(False, with_mediapipe, seed_shift=shift) if not only or c.exercise in only],
                    every)


def evaluate_sets(first_shift: int, sets: int, with_mediapipe: bool = True,
                  only: Optional[Sequence[str]] = None, jobs: int = 1, every: int = 1) -> List[dict]:
    """The results of ``sets`` seed sets pooled, their shifts ``first_shift``
    and the ones after it. A set of 18 clips an exercise can only tell 95%
    from 100% by one clip; pooled sets tell rates apart that one set cannot. The
    rendered and real clips are the same in every set but the tuning one,
    so only the first set runs them."""
    job_list = [(first_shift + k, with_mediapipe and k == 0, tuple(only) if only else None, every)
                for k in range(sets)]
    if jobs <= 1 or sets == 1:
        return [r for job in job_list for r in _evaluate_set(job)]
    from multiprocessing import get_context

    with get_context("spawn").Pool(jobs) as workers:
        return [r for rs in workers.map(_evaluate_set, job_list) for r in rs]


def run(fast: bool) -> List[dict]:
    return table(evaluate(cases(fast)))


def main(argv: Optional[List[str]] = None) -> int:
    import argparse
    import json

    ap = argparse.ArgumentParser(prog="python -m coach.accuracy.body")
    ap.add_argument("--fast", action="store_true")
    ap.add_argument("--no-mediapipe", action="store_true", help="landmark-level tracks only")
    ap.add_argument("--exercise", action="append")
    ap.add_argument("--failures", action="store_true", help="list the clips counted wrong")
    ap.add_argument("--heldout", action="store_true", help="the held-out seeds (never used for tuning)")
    ap.add_argument("--fresh", action="store_true", help="a third set of seeds, drawn after the last tuning")
    ap.add_argument("--seed-shift", type=int, metavar="N",
                    help="another set of seeds: the tuning ones plus N (held-out: %d, fresh: %d)"
                    % (HELDOUT_SEED_SHIFT, FRESH_SEED_SHIFT))
    ap.add_argument("--sets", type=int, default=1, metavar="N",
                    help="pool N seed sets: the one chosen and the N-1 shifts after it")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes for --sets")
    ap.add_argument("--varied", type=int, default=0, metavar="N",
                    help="only N drawn walks with the renderer's every knob varied, through MediaPipe")
    ap.add_argument("--varied-from", type=int, default=0, metavar="K",
                    help="with --varied: start at the K-th varied walk (walks drawn after the ones tuned on)")
    ap.add_argument("--every", type=int, default=1, metavar="K",
                    help="count each clip on every K-th frame only (2: 15 frames a second for 30)")
    a = ap.parse_args(argv)
    if a.every < 1:
        ap.error("--every is 1 or more")
    if a.varied_from and not a.varied:
        ap.error("--varied-from goes with --varied")
    if a.varied_from < 0:
        ap.error("--varied-from is a walk's number, 0 or more")
    started = time.perf_counter()
    if a.varied:
        results = evaluate([c for c in varied_cases(a.varied, a.varied_from)
                            if not a.exercise or c.exercise in a.exercise], a.every)
    elif a.sets > 1:
        if a.fast:
            ap.error("--sets runs whole sets, not the fast subset")
        results = evaluate_sets(chosen_shift(a.heldout, a.fresh, a.seed_shift), a.sets, not a.no_mediapipe,
                                a.exercise, a.jobs, a.every)
    else:
        cs = [c for c in cases(a.fast, not a.no_mediapipe, a.heldout, a.fresh, a.seed_shift)
              if not a.exercise or c.exercise in a.exercise]
        results = evaluate(cs, a.every)
    if a.failures:
        for r in results:
            if r["counted"] != r["expected"]:
                print(json.dumps(r))
    for row in table(results):
        if row["clips"]:
            print(json.dumps(row))
    print(f"{len(results)} clips in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
