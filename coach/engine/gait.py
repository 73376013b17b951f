"""Counting steps that must land a certain way: on the heels, on the toes, on
the outer or inner edges of the feet.

Two measures work together. The step signal (how far apart the feet are along
the walking direction) rises and falls once per step, whatever the style: it
goes through the ordinary ``RepCounter``, with its calibrated range, sliding
rest and hysteresis. Beside it, a posture measure (for example how far the
heels are above the foot tips) is recorded on every frame; when the step
counter finishes a step, the posture over that step decides whether it is
counted. A step taken the ordinary way is not counted, and the person is told
why ("your heels are touching the floor"), at most once every few seconds.
"""
from __future__ import annotations

import math
import statistics
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Deque, Dict, List, Optional, Sequence, Set, Tuple

from coach.engine import body_signals as bs
from coach.engine.counter import CounterConfig, Event, FeedbackEvent, RepCounter, RepEvent, SignalRange
from coach.engine.spec import SmoothingConfig
from coach.engine.step_finders import RangeSteps, SpreadSteps, SwingSteps, SwitchingSteps, ZigzagSteps, _forget_before
from coach.records import Frame

# The step signal's settings, the same for every walk: light smoothing, so
# that a step's turn is not delayed, and the counter settings the step
# finders read (``min_gap`` between steps, ``max_invalid`` for a loss).
WALK_COUNTER = CounterConfig(enter=0.5, exit=0.35, near_miss=0.45, full=0.8, min_duration=0.2, min_gap=0.05)
WALK_SMOOTHING = SmoothingConfig(min_cutoff=3.0, beta=4.0)
# A walker who stops mid-set to rest, standing, and sets off again within
# this many seconds of the last counted step goes on with the counted walk
# (``PostureRule.resume_within``): the steps after a rest, the first set off
# from standing, were lost when they had to show the walk afresh.
WALK_RESUME_WITHIN = 10.0
# A walker turning round (``PostureRule.turns``) is told by the face turned
# the other way on this many frames in a row; the foot's pitch is not read
# within this many seconds of that (``GaitCounter._note_turn``)
TURN_FRAMES = 4
TURN_BLANK = 0.5
# ... twice as many after a gap longer than this (s)
TURN_GAP = 0.2

# A posture value per frame: one number, or one per foot (None for a foot that
# cannot be read); see ``step_level``.
PostureFn = Callable[[Frame], Any]


def _read_share(frames: List[Any]) -> float:
    """The share of ``frames`` (postures per frame, see ``PostureFn``) on
    which the posture, or some foot's, was read; 0 for no frames."""
    read = sum(1 for p in frames
               if p is not None and any(x is not None for x in (p if isinstance(p, tuple) else (p,))))
    return read / len(frames) if frames else 0.0


def jitter(values: List[float]) -> Optional[float]:
    """How far readings taken frame by frame scatter about their course: the
    SD of white noise that would give the median size of their second
    differences (a foot's true pitch or roll changes little from one frame
    to the next, so these are mostly the landmarks' jitter). None on under
    five readings."""
    if len(values) < 5:
        return None
    bends = [abs(values[i] - 0.5 * (values[i - 1] + values[i + 1])) for i in range(1, len(values) - 1)]
    # median |N(0, 1.5 s^2)| = 0.6745 * sqrt(1.5) * s
    return statistics.median(bends) / (0.6745 * 1.5 ** 0.5)


def in_frames(t: float, start: float, end: float) -> bool:
    """Is a frame at ``t`` one of those from ``start`` (less one frame's
    slack: a step's first frame may be stamped just before it) to ``end``?
    The histories kept frame by frame are cut to a step's frames with this,
    so that they line up with each other."""
    return start - 0.05 <= t <= end


def _quantile(values: List[float], q: float) -> float:
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    i = int(pos)
    j = min(i + 1, len(ordered) - 1)
    return ordered[i] + (ordered[j] - ordered[i]) * (pos - i)


def mean_of_feet(levels: List[float]) -> float:
    """``PostureRule.combine`` for a posture both feet show at once: the mean
    of each foot's level over the step."""
    return sum(levels) / len(levels)


def step_level(values: List[Any], quantile: float = 0.5, combine: Callable = min) -> Optional[float]:
    """The posture of one step from its frames' values: their ``quantile``
    (the median by default; a lower one asks that the posture be held for
    most of the step, not reached for a moment); for values given per foot,
    each foot's quantile and then ``combine`` of them."""
    if not values:
        return None
    if not isinstance(values[0], tuple):
        return _quantile(values, quantile)
    per_foot = []
    for k in range(len(values[0])):
        vals = [v[k] for v in values if v[k] is not None]
        if len(vals) >= 0.5 * len(values):
            per_foot.append(_quantile(vals, quantile))
    return combine(per_foot) if per_foot else None


def _log_trend(sizes: Sequence[Tuple[float, float]]) -> Optional[Tuple[float, float, float]]:
    """A straight line through the log of ``(t, size)`` samples: (mean time,
    mean log size, slope per second); None when the times do not spread."""
    ts = [t for t, _ in sizes]
    ls = [math.log(v) for _, v in sizes]
    mt, ml = statistics.fmean(ts), statistics.fmean(ls)
    var = sum((t - mt) ** 2 for t in ts)
    if var <= 0:
        return None
    return mt, ml, sum((t - mt) * (lv - ml) for t, lv in zip(ts, ls)) / var


# the visibility from which an ankle counts as seen by ``SamePerson.max_feet_speed``
FEET_SEEN = 0.5


@dataclass(frozen=True)
class SamePerson:
    """When a frame's body is someone else's: the pose model, which follows
    one person, jumps for a moment to another one walking past. Such a frame
    lies too far from where the walker's hips were heading, or its torso is
    too long or too short for the walker's."""

    # torso lengths off the walker's hips as predicted from their last
    # frames' speed, plus ``slack`` torso lengths a second since then
    jump: float = 0.25
    slack: float = 0.5
    # a torso length over this ratio off the walker's, as the trend of the
    # last ``size_window`` seconds predicts it (a walker coming nearer grows
    # by a quarter a second close to the camera; across the view by a few
    # per cent)
    size: float = 1.15
    size_window: float = 1.0
    # someone else for this long is the walker after all: the model's first
    # frames were wrong, or the person did move that fast. A walker found
    # again after a loss, away from where they were heading, is also taken
    # back only after this long. (Starting the track afresh after a loss
    # instead followed the wrong people on the real park walk, where the
    # model hops between passers-by: 2 phantom toe-walk steps against 0.)
    reset: float = 0.5
    # a frame off the track by more than this share of either limit is
    # left out without moving the track, unless the frame before it was
    # too: then it is the walker's
    trust: float = 1.0
    # Neither ankle may move faster than this (torso lengths a second,
    # relative to the hips) since the walker's last frame, left and right
    # taken either way round (the pose model swaps them now and then): a
    # swinging foot moves a few torso lengths a second, a passer-by whose
    # hips and size happen to match the walker's puts the feet elsewhere
    # from one frame to the next. None: not checked.
    max_feet_speed: Optional[float] = None


Ankles = Tuple[Optional[Tuple[float, float]], ...]


def _feet_apart(a: Ankles, b: Ankles) -> Optional[float]:
    """How far the farther-moved ankle lies between two frames' ankles,
    left and right matched whichever way moves them less, over the ankles
    seen in both (None: none are)."""
    moves = []
    for i in (0, 1):
        pairs = [(p, q) for p, q in ((a[0], b[i]), (a[1], b[1 - i])) if p is not None and q is not None]
        if pairs:
            moves.append(max(math.dist(p, q) for p, q in pairs))
    return min(moves) if moves else None


class WalkerTrack:
    """Follows the walker's hips and torso length from frame to frame, and
    tells the frames of someone else (``SamePerson``)."""

    def __init__(self, rule: SamePerson) -> None:
        self.rule = rule
        self._last: Optional[Tuple[float, float, float, float]] = None   # t, hip x, hip y, torso
        self._velocity = (0.0, 0.0)                                      # pixels a second
        self._sizes: Deque[Tuple[float, float]] = deque()
        self._stranger_since: Optional[float] = None
        self._doubted = False           # the last frame was near a limit and left the track alone
        self._feet: Optional[Ankles] = None            # the walker's ankles at ``_last``
        self._stranger_feet: Optional[Ankles] = None   # ... and someone else's, last

    def someone_else(self, t: float, frame: Frame) -> bool:
        """True when ``frame`` shows someone other than the walker; frames
        of the walker update the track."""
        torso = bs.torso(frame)
        if torso is None:
            return False
        x, y = bs.hip_centre(frame)
        # the ankles only where the rule checks them: read once a frame
        feet = self._ankles(frame, x, y, torso) if self.rule.max_feet_speed is not None else None
        last = self._last
        if last is not None and t > last[0]:
            dt = t - last[0]
            off = math.hypot(x - last[1] - self._velocity[0] * dt, y - last[2] - self._velocity[1] * dt) / last[3]
            size = self._expected_size(t)
            jump_limit = self.rule.jump + self.rule.slack * dt
            size_off = abs(math.log(torso / size))
            if off > jump_limit or size_off > math.log(self.rule.size) or self._feet_jumped(dt, feet):
                if self._stranger_since is None:
                    self._stranger_since = t
                if t - self._stranger_since < self.rule.reset:
                    self._stranger_feet = feet
                    return True
                # the "stranger" stayed: take them as the walker from here
                self._velocity = (0.0, 0.0)
                self._sizes.clear()
            elif not self._doubted and (off > self.rule.trust * jump_limit or
                                        size_off > self.rule.trust * math.log(self.rule.size)):
                # near a limit: one such frame (a passer-by right over the
                # walker) is left out and must not move the track; a second
                # in a row is the walker's (noise, or a real turn)
                self._doubted = True
                return True
            elif dt < 0.3:
                # the hips' speed, smoothed over a few frames
                a = 0.3
                self._velocity = ((1 - a) * self._velocity[0] + a * (x - last[1]) / dt,
                                  (1 - a) * self._velocity[1] + a * (y - last[2]) / dt)
        self._stranger_since = None
        self._stranger_feet = None
        self._doubted = False
        self._last = (t, x, y, torso)
        self._feet = feet
        self._sizes.append((t, torso))
        _forget_before(self._sizes, t - self.rule.size_window)
        return False

    @staticmethod
    def _ankles(frame: Frame, x: float, y: float, torso: float) -> Ankles:
        """Both ankles relative to the hips, in torso lengths; None for an
        ankle the model barely sees (a hidden foot's guessed point jumps
        about)."""
        assert frame.pose is not None
        out = []
        for side in ("left", "right"):
            j = bs.LEG[side][2]
            if bs.visibility(frame, (j,)) < FEET_SEEN:
                out.append(None)
                continue
            a = bs.px(frame, j)
            out.append(((a[0] - x) / torso, (a[1] - y) / torso))
        return tuple(out)

    def _feet_jumped(self, dt: float, feet: Optional[Ankles]) -> bool:
        """Did a well-seen ankle move faster than ``max_feet_speed`` since
        the walker's last frame (left and right matched either way round)?
        Or, straight after someone else's frame, do the feet lie nearer that
        one's than the walker's (the passer's feet move on from where they
        were, and the limit grows with the time since the walker's)?"""
        limit = self.rule.max_feet_speed
        if limit is None or feet is None or self._feet is None:
            return False
        moved = _feet_apart(feet, self._feet)
        if moved is None:
            return False
        if self._stranger_feet is not None:
            other = _feet_apart(feet, self._stranger_feet)
            if other is not None and other < moved:
                return True
        return moved > limit * dt

    def _expected_size(self, t: float) -> float:
        """The walker's torso length at ``t``: a straight line through the
        log sizes of the last ``size_window`` seconds, or their median while
        they are too few or too close together to give a trend."""
        sizes = list(self._sizes)
        trend = _log_trend(sizes) if len(sizes) >= 5 and sizes[-1][0] - sizes[0][0] >= 0.3 else None
        if trend is None:
            return statistics.median(v for _, v in sizes)
        mt, ml, slope = trend
        return math.exp(ml + slope * (t - mt))


@dataclass(frozen=True)
class PostureRule:
    """How a step must land, relative to the person's calibrated posture range.

    ``rest`` is the posture value of ordinary standing or walking and ``span``
    how far the exercise moves it for this person (signed); a step counts when
    the median posture over the step reaches ``passing`` spans, and earns the
    "almost" hint (``code_small``) from ``near`` spans, else ``code_missing``.
    """

    posture: PostureFn
    rest: float
    span: float
    passing: float = 0.5
    near: float = 0.25
    full: float = 0.8
    code_missing: str = "posture_missing"
    code_small: str = "posture_small"
    # the same hint is not repeated within this many seconds
    repeat_after: float = 4.0
    # share of the step's frames on which the posture must be measurable
    min_coverage: float = 0.5
    # A step seen on fewer frames than ``min_coverage`` but on at least this
    # share of them (a passer-by, a detector loss) is judged on what was
    # seen, and counted only when a well-seen passing step follows within
    # ``confirm_within``; None: such a step is "lost_view".
    thin_coverage: Optional[float] = None
    # With ``learn_rest`` the posture's rest level is measured on the person
    # while they stand before walking (at least ``rest_seconds`` of standing
    # in the last ``rest_window`` seconds), so that the camera's angle, which
    # tilts how a flat foot looks, is taken out; ``rest`` is used until then.
    learn_rest: bool = False
    # the share of a step's frames that may fall short of the posture, and
    # how per-foot values are combined (``min``: both feet, ``max``: either)
    quantile: float = 0.5
    combine: Callable = min
    # the learnt rest may lie at most ``rest_margin`` below ``rest`` (the
    # exercise easier to see) and at most ``rest_rise`` above it (harder to
    # see: a camera that makes flat feet read a little way into the posture;
    # kept small, so that someone who stands in the posture before walking
    # does not set a rest no step can pass)
    rest_margin: float = 10.0
    rest_rise: float = 0.0
    # Per-foot postures: each foot's readings are taken relative to its own
    # standing median, where that lies within this far of the rest learnt
    # on both feet (0: both feet share the rest). From an oblique camera
    # the near and the far foot read flat differently.
    foot_rest: float = 0.0
    # The hips may move at most this fast (torso lengths a second) from one
    # frame to the next; faster means the landmarks jumped (the model took
    # someone else, or lost the body for a moment), and the posture of the
    # next ``distrust_for`` seconds is not trusted.
    max_body_speed: Optional[float] = None
    distrust_for: float = 0.3
    # Walks done towards the camera: the body must grow in the picture by at
    # least this share over each step (a person standing, balancing, or
    # walking across the view does not come nearer).
    min_approach: Optional[float] = None
    approach_window: float = 1.5
    # a step whose posture goes past this many spans is refused ("too_big")
    too_big: Optional[float] = None
    rest_seconds: float = 0.6
    # A "step" longer than this (seconds) is no step: the step finder lost
    # the rhythm (a long loss, someone else's legs), and it is not judged.
    max_step: Optional[float] = None
    rest_window: float = 3.0
    # A passing step is held back until another follows within this many
    # seconds (then both count); None counts every passing step at once.
    confirm_within: Optional[float] = 2.5
    # ... and with at most this many steps between them that were seen and
    # failed (ordinary walking may now and then read like one good step)
    confirm_max_failed: int = 1
    # How many passing steps (held ones included) a walk needs before any of
    # them counts while it goes on: two, or more where the landmarks' slow
    # drift can make two steps of an ordinary walk read like the posture.
    # With ``release_held_after`` a walk that ends (no step comes for that
    # long) with at least two passing steps and at most
    # ``confirm_max_failed`` failed ones since counts them all the same: a
    # short walk, or one the walker leaves the picture on.
    confirm_steps: int = 2
    # ... and, with ``confirm_steps`` over two, the median posture of the
    # steps that start it (its passing steps and the steps bridged between
    # them) must reach this many spans: the landmarks' slow drift lifts an
    # ordinary walk over the line on a step now and then, not on most of
    # its steps. None: not checked.
    confirm_median: Optional[float] = None
    # ... and a walk that ends short of ``confirm_steps`` passing steps
    # counts only if the median posture of its steps reaches this many
    # spans: two steps are too few for the slow drift to average out.
    # None: ``confirm_median``.
    short_walk_median: Optional[float] = None
    # Hysteresis across steps: straight after a counted step, the next step
    # passes from ``near`` spans. The walk has shown itself on two steps
    # that reached ``passing``; a step of it whose posture reads a little low
    # (landmark noise, a foot the pose model flattens) is still that walk.
    # A step whose posture falls short of the line, or a passing one held
    # back uncounted, brings the ``passing`` line back; a step not judged on
    # its posture (lost from view, too big, not coming nearer, too long)
    # leaves the line as it was.
    near_while_counting: bool = True
    # A walk whose readings jitter from frame to frame by this many spans or
    # more (every reading over ``UNSTEADY_SPAN`` seconds up to its last
    # step, see ``jitter``) is read unsteadily: the landmarks' slow drift
    # lifts whole steps of an ordinary walk past the line, a few in a row,
    # so it needs ``unsteady_confirm_steps`` passing steps to start, and a
    # walk that ends short of them counts only if their median reaches
    # ``unsteady_short_median`` spans (a walker leaving the picture after
    # two or three steps, read on few frames each), or
    # ``unsteady_longer_median`` when it ended on three or more (the median
    # of three scatters less than that of two), or ``unsteady_long_median``
    # when it ended one passing step short of a start or nearer, judged on
    # its passing steps alone: a bridged miss among four passes is the one
    # step the walk may miss, and would pull the median of five under the
    # line. None: never.
    unsteady: Optional[float] = None
    unsteady_confirm_steps: int = 4
    unsteady_short_median: float = 1.0
    unsteady_longer_median: Optional[float] = None
    unsteady_long_median: Optional[float] = None
    # Per-foot postures: judge each step on the foot that stood on the floor
    # while the other swung (see ``GaitCounter._stance_foot``), not on both.
    stance_foot: bool = False
    # Within a counted walk, a step past ``too_big`` is refused only when it
    # also reads more than this multiple of the walk's recent counted steps:
    # a walk that reads high throughout (a high lift, a camera angle that
    # steepens the foot, a rest learnt low) is this person's walk, not a jump.
    too_big_within_walk: Optional[float] = None
    # One step that falls short, or reads far too big, between two passing
    # steps of a walk (the first of them counted, or held as the walk's
    # first; the missed step at least half as long as they are: no leg swap
    # of the pose model) is counted with the step after it: a walk does not
    # drop one step to the floor and go on; the landmarks' slow drift does
    # make one read low, or high.
    bridge_one_miss: bool = False
    # With ``bridge_one_miss``, a step seen on too few frames to judge
    # ("lost_view": a passer-by or an occlusion took most of its frames)
    # is bridged the same way, as a partial step: the step finder found its
    # landing, only the posture went unseen.
    bridge_unseen: bool = False
    # A step that reached ``near`` straight before the two passing steps that
    # start a walk is counted as the walk's first step: the first step of a
    # walk starts from standing and reads lower than the rest. It is read on
    # the better of the two feet (see ``GaitCounter._lead_in``). A step
    # missed between those two (bridged, or allowed by
    # ``confirm_max_failed``) does not take its place.
    lead_in: bool = False
    # How many failed steps in a row straight before a walk's first passing
    # steps may count as its lead-in, each reaching ``near`` on the better
    # foot, counted back from the walk until one does not: a walk that sets
    # off far from the camera may read low for its first two or three
    # steps, while the person finds the posture.
    lead_steps: int = 1
    # The lead-in step is read on its own frames and on the next
    # ``lead_extra`` seconds: a range step finder reports a walk's first
    # step as the feet set off, before the foot lands, so its own frames
    # are mostly standing (or, after a detector loss, a frame or two); a
    # zigzag finder ends it at its landing, so its frames are the feet
    # setting off, before the foot has taken the posture.
    lead_extra: float = 0.0
    # ... given only to a lead-in step at least this share as long as the
    # step after it: a sliver (a passer-by's frames cut it) read on the
    # next step's frames would read as that step.
    lead_extra_min_share: float = 0.0
    # A step refused for not being seen coming nearer straight after a
    # thinly seen one (``min_approach``) may lead into a walk too: a
    # passer-by's frames cut the walk's first step, and the step after
    # them is measured mostly on frames before the walk.
    lead_unapproached: bool = False
    # Only a lead-in step seen on ``min_coverage`` of its frames borrows the
    # next step's (``lead_extra``): one seen on a frame or two (a passer-by
    # took the rest) would be read on the next step's frames alone.
    lead_extra_seen: bool = False
    # A passing step held back for being seen thinly, straight after the
    # last counted step, counts once no step has come for this many
    # seconds: the walk ended there, and its last step was that one (a
    # foot hidden as the walk ends). None: it waits for a step that never
    # comes.
    release_held_after: Optional[float] = None
    # A counted walk whose walker stops (no step for longer than
    # ``confirm_within``: they stand to rest) and sets off again within
    # this many seconds of its last counted step, with no more steps
    # failed in between than ``confirm_max_failed``, goes on as the same
    # walk: its first steps count as they come, as they would have without
    # the rest, rather than waiting for ``confirm_steps`` passing steps to
    # show the walk anew (a walk resumed for two or three steps lost them
    # all). None: a rest ends the walk.
    resume_within: Optional[float] = None
    # Side walks: the walker turns round at the end of the room, as the
    # instructions ask, and walks back. The face turning the other way
    # across the picture (``body_signals.facing``) tells; the feet swinging
    # round read as a step, which is no step of the walk, and the walk goes
    # on across it (judged, it was counted, or broke the walk); the foot's
    # pitch, the feet pointing at the camera, is not read around it; and
    # the rest learnt facing the other way no longer holds (see
    # ``GaitCounter._note_turn``). Only the heel and toe walks' judge
    # (``WalkEvidenceCounter``) skips the turning step.
    turns: bool = False
    # Frames whose body is not the walker's (see ``SamePerson``) are dropped
    # from the step signal and the posture alike.
    same_person: Optional[SamePerson] = None
    # A step on which one foot went the other way, past this many spans on
    # the far side of the rest for ``contrary_share`` of the step's frames,
    # does not start a walk, whatever the other foot shows, unless the step
    # reads ``full``: in ordinary walking the trailing foot rolls off its
    # toes late in every step (heel up, toes down) and lands on its heel
    # (toes up), neither of which a heel walk or a toe walk does. Per foot,
    # so that a foot the pose model flattens cannot hide it. Within a
    # counted walk it does not apply: the pose model misreads one foot for
    # a step now and then, and that must not break a walk. None: not
    # checked.
    contrary: Optional[float] = None
    contrary_share: float = 0.2
    # read on the mean of this many frames in a row: the landmarks' jitter
    # makes single frames dip, a foot rolling off its toes stays there for a
    # sixth of a second or more
    contrary_frames: int = 3
    # A step that lands with part of the body outside the picture (a
    # landmark's median over ``landing_window`` seconds either side of the
    # landing lying more than ``landing_margin`` of the picture beyond its
    # edge) is not judged, as the app's own view check would not take those
    # frames (``coach.engine.visibility.FeetParams.margin``): walking into
    # the camera, the last landing may put a foot below the picture, where
    # the pose model only guesses it. None: not checked.
    landing_margin: Optional[float] = None
    landing_window: float = 0.1

    def __post_init__(self) -> None:
        if self.span == 0:
            raise ValueError("the posture span must be non-zero")
        if not 0 < self.near < self.passing <= self.full:
            raise ValueError("need 0 < near < passing <= full")


# Standing still: the hips move less than this (torso lengths) while the rest
# posture is learnt.
STILL = 0.5

# Seconds of per-frame measures (posture, body size, feet) a GaitCounter
# keeps: more than any step, or the approach window, reaches back.
HISTORY = 10.0
# Jitter is read on this many frames or more: on a dozen it reads up to
# twice what the view gives (outer-edge walks on 360001 and 380001 that
# left the picture after three steps were taken for unsteady on their first
# step's reading).
JITTER_MIN_FRAMES = 15
# Seconds of readings up to a walk's last step that ``PostureRule.unsteady``
# is judged on, standing before the walk included. Read on each step's own
# frames (15 to 25 of them), the figure scattered so much that walks at 1x
# to 2.5x jitter and at 4x overlapped (a walker at 1.6x, leaving after two
# steps, read 0.22 spans on the second; over the whole clip the same walks
# read 0.06 to 0.18 and those at 4x 0.17 to 0.32, on 390001 to 390004).
UNSTEADY_SPAN = 6.0


def _between(step: RepEvent, after: Optional[float], before: RepEvent, min_length: float = 0.0) -> bool:
    """``step`` runs from ``after`` (when given) straight into ``before``, and
    lasts at least ``min_length`` seconds."""
    return (after is None or step.start == after) and step.end == before.start and \
        step.end - step.start >= min_length


def _bridges(missed: Optional[RepEvent], last: Optional[RepEvent], judged: RepEvent) -> bool:
    """Does the ``missed`` step lie straight between ``last`` and ``judged``,
    at least half as long as the shorter of them (not a sliver that a leg
    swap of the pose model cut)?"""
    return missed is not None and last is not None and \
        _between(missed, last.end, judged, 0.5 * min(last.end - last.start, judged.end - judged.start))


class GaitCounter:
    """Counts steps from the step signal, keeps those that landed the right way.

    ``steps`` says how steps are found in the step signal: "range" (signed,
    each swing from one end of its recent range to the other,
    ``RangeSteps``), "zigzag" (each peak of its size, ``ZigzagSteps``), or
    "rise" (it rises and falls once per step and goes through ``RepCounter``).
    Chosen by measuring both on the accuracy suite (tuning seeds): for walks
    across a side view "range" (exact on 0.77 of heel walks, 0.59 of toe
    walks) beat "zigzag" (0.68, 0.55, and 9 phantom steps on the real park
    walk against 4); for walks towards the camera "zigzag" (0.61 and 0.72 of
    outer and inner edge walks) beat "range" (0.00 and 0.44), which missed
    the first and last steps of a walk. ``finder_options`` go to the chosen
    finder (``swap_dwell`` of the side walks)."""

    def __init__(self, config: CounterConfig, signal_range: SignalRange, rule: PostureRule,
                 steps: str = "rise", **finder_options: Any) -> None:
        makers = {"range": RangeSteps, "zigzag": ZigzagSteps, "swing": SwingSteps, "spread": SpreadSteps,
                  "switching": SwitchingSteps, "rise": RepCounter}
        if steps not in makers:
            raise ValueError(f"unknown step finder {steps!r}")
        self.steps = makers[steps](config, signal_range, **finder_options)
        # the step signal of feet side by side, as a person stands: within
        # a quarter of the smallest step of zero
        self._feet_together = 0.25 * abs(signal_range.min_span)
        # how far it may wander while a walker who turned round stands
        # still: half the smallest step (one foot may stand a little ahead)
        self._feet_still = 0.5 * abs(signal_range.min_span)
        self.rule = rule
        self.count = 0
        self.events: List[Event] = []
        self.steps_seen = 0
        self._posture: Deque[Tuple[float, Optional[float]]] = deque()
        # the times in ``_posture`` of frames drawn in between (``Frame.drawn``),
        # oldest first and as a set: the jitter is read without them
        self._drawn: Deque[float] = deque()
        self._drawn_at: Set[float] = set()
        self._feet_x: Deque[Tuple[float, float, float]] = deque()   # (t, left, right) ahead of the hips
        self._last_hint: dict = {}
        # (t, the feet's median posture, hips' x in torso lengths, the
        # posture per foot or None, the step signal after a turn or None)
        # while the person stands before walking, or stands still mid-set
        self._standing: Deque[Tuple[float, float, float, Any, Optional[float]]] = deque()
        # the standing before the walk is over: the hips moved after the
        # rest had been seen long enough, and the rest is kept as it was
        self._standing_over = False
        self._sizes: Deque[Tuple[float, float]] = deque()
        self._hips: Optional[Tuple[float, float, float]] = None
        self._distrust_until = -math.inf
        # passing steps held back: a lone first step, or steps seen thinly
        self._held: List[RepEvent] = []
        self._last_pass_t: Optional[float] = None
        self._poor = False        # the last step was seen on few frames, or not seen coming nearer
        self._failed = 0          # steps seen and failed since the last passing one
        self._passed_end: Optional[float] = None   # end of the last step judged, if it passed
        self._last_counted: Optional[RepEvent] = None   # the last step counted
        self._last_step_end = -math.inf           # the latest landing of a step found, judged or not
        self.last_posture: Optional[float] = None
        self._walk_levels: Deque[float] = deque(maxlen=4)  # progress of the walk's last passing steps
        self._missed: Optional[RepEvent] = None    # a step of a counted walk that fell short
        self._bridged: List[RepEvent] = []         # the last missed steps bridged into walks held
        self._missed_unseen = False                # ... or that was seen on too few frames
        # steps that failed in a row before any walk: lead-in candidates, the latest last
        self._leads: List[RepEvent] = []
        self._walker = WalkerTrack(rule.same_person) if rule.same_person is not None else None
        self._asked: Optional[Tuple[float, bool]] = None   # (t, verdict) of the last ``someone_else``
        # (t, every landmark's (x, y) in the picture) of the walker's frames,
        # for ``landing_margin``
        self._bodies: Deque[Tuple[float, Tuple[Tuple[float, float], ...]]] = deque()
        self._facing_t: Optional[float] = None   # the last frame whose face was read, for ``turns``
        self._facing_held = 0.0            # the way the walker faced for a while (0: not known yet)
        # the frames facing one way, the latest first: (way, since, the gap before them, how many)
        self._run: Tuple[float, float, float, int] = (0.0, 0.0, math.inf, 0)
        self._turn_blank_until = -math.inf  # the posture is not read up to then: the walker is turning round
        # the walker turned round: standing still, mid-set, teaches the rest anew
        self._relearn = False
        self._turns: List[float] = []       # when the walker turned round (the face turned)

    @property
    def phase(self) -> str:
        return self.steps.phase

    @property
    def progress(self) -> float:
        return self.steps.progress

    def _jumped(self, t: float, frame: Frame) -> bool:
        torso = bs.torso(frame)
        if torso is None:
            return False
        x, y = bs.hip_centre(frame)
        last, self._hips = self._hips, (t, x, y)
        if last is None or t - last[0] > 0.5 or t <= last[0]:
            return False
        # pixels moved over this frame's torso: the torso's own jitter must
        # not read as movement
        speed = math.hypot(x - last[1], y - last[2]) / torso / (t - last[0])
        return speed > self.rule.max_body_speed  # type: ignore[operator]

    def _approached(self, step: RepEvent) -> bool:
        """Did the body grow in the picture, as it does walking nearer? Judged
        over the step, or over the last ``approach_window`` seconds when the
        step is shorter: a short step far from the camera grows the body by
        only a few per cent, less than the landmarks' own jitter."""
        start = min(step.start, step.end - self.rule.approach_window)
        sizes = [(t, v) for t, v in self._sizes if start - 0.05 <= t <= step.end + 0.05]
        if len(sizes) < 4:
            return False
        # a body far from the window's median size is someone else the model
        # switched to for a moment (a passer-by): those frames are left out,
        # and the step is judged on the walker's own
        typical = statistics.median(v for _, v in sizes)
        sizes = [(t, v) for t, v in sizes if abs(math.log(v / typical)) <= math.log(1.15)]
        if len(sizes) < 4:
            return False
        # the growth rate from a straight-line fit of the log size over time,
        # carried over the window: steadier than comparing its two ends
        trend = _log_trend(sizes)
        if trend is None:
            return False
        growth = math.exp(trend[2] * (sizes[-1][0] - sizes[0][0])) - 1.0
        return growth >= self.rule.min_approach  # type: ignore[operator]

    def _learn_standing(self, t: float, p: Any, frame: Optional[Frame], offset: Optional[float] = None) -> None:
        """Standing before the first step: the feet are flat. Only while the
        hips stay put (within ``STILL`` torso lengths over the window): a
        person already walking when the camera starts is not standing. Once
        the hips move after ``rest_seconds`` of standing, the person has set
        off, and that standing is the rest: the hips start moving a few
        frames before the step signal leaves its middle, and forgetting the
        standing then left the default rest in place. After a turn the
        step signal ``offset`` must hold still too (within
        ``_feet_still``): a slow walker's hips move little more than a
        standing person's."""
        torso = bs.torso(frame) if frame is not None else None
        if torso is None or self._standing_over:
            return
        hip_x = bs.hip_centre(frame)[0] / torso  # type: ignore[arg-type]
        flat = p if not isinstance(p, tuple) else statistics.median([x for x in p if x is not None])
        self._standing.append((t, flat, hip_x, p if isinstance(p, tuple) else None, offset))
        _forget_before(self._standing, t - self.rule.rest_window)
        xs = [s[2] for s in self._standing]
        offsets = [s[4] for s in self._standing if s[4] is not None]
        if max(xs) - min(xs) > STILL or (offsets and max(offsets) - min(offsets) > self._feet_still):
            self._standing.pop()
            if self._stood_long_enough():
                self._standing_over = True
            else:
                self._standing.clear()

    def _stood_long_enough(self) -> bool:
        """The standing seen spans at least ``rest_seconds``."""
        return len(self._standing) >= 2 and self._standing[-1][0] - self._standing[0][0] >= self.rule.rest_seconds

    def _rest_learnt(self) -> bool:
        return self.rule.learn_rest and self._stood_long_enough()

    def _rest_guessed(self) -> bool:
        """The rule learns its rest but has not yet: the flat reading is
        the default guessed for the camera."""
        return self.rule.learn_rest and not self._rest_learnt()

    def posture_rest(self) -> float:
        rule = self.rule
        if not self._rest_learnt():
            return rule.rest
        learnt = statistics.median(s[1] for s in self._standing)
        # easier to see: towards rest - span; harder: towards rest + span
        easier = rule.rest - math.copysign(rule.rest_margin, rule.span)
        harder = rule.rest + math.copysign(rule.rest_rise, rule.span)
        lo, hi = sorted((easier, harder))
        return min(max(learnt, lo), hi)

    def foot_offsets(self) -> Optional[Tuple[float, ...]]:
        """How far each foot's own standing median lies from the rest learnt
        on both feet (within ``foot_rest`` either way), taken off that
        foot's readings; None until the rest is learnt, without
        ``foot_rest``, or when a foot was seen on under half the frames."""
        if self.rule.foot_rest <= 0 or not self._rest_learnt():
            return None
        feet = [s[3] for s in self._standing if s[3] is not None]
        if not feet:
            return None
        both = statistics.median(s[1] for s in self._standing)
        offsets = []
        for k in range(len(feet[0])):
            seen = [f[k] for f in feet if f[k] is not None]
            if len(seen) < 0.5 * len(feet):
                return None
            offsets.append(max(-self.rule.foot_rest, min(self.rule.foot_rest, statistics.median(seen) - both)))
        return tuple(offsets)

    def posture_progress(self, value: float) -> float:
        return (value - self.posture_rest()) / self.rule.span

    def someone_else(self, t: float, frame: Frame) -> bool:
        """Does ``frame`` show someone other than the walker (``SamePerson``)?
        Walker's frames move the track, so it is asked once a frame: the
        runner asks before it smooths the step signal, and ``update`` asks
        itself when nobody did. A passer-by's frames must not reach the
        filter: smoothed in, they pull the walker's next frames towards the
        passer's feet, a swing of the step signal that the step finder
        takes for a step."""
        if self._walker is None:
            return False
        other = self._walker.someone_else(t, frame)
        self._asked = (t, other)
        return other

    def update(self, t: float, value: Optional[float], frame: Optional[Frame] = None) -> List[Event]:
        if self._walker is not None and frame is not None and value is not None:
            asked = self._asked
            if asked[1] if (asked is not None and asked[0] == t) else self.someone_else(t, frame):
                value = None
        p = self.rule.posture(frame) if (frame is not None and value is not None) else None
        if isinstance(p, tuple):
            p = tuple(x if (x is not None and math.isfinite(x)) else None for x in p)
            if all(x is None for x in p):
                p = None
        elif p is not None and not math.isfinite(p):
            p = None
        if p is not None and self.rule.max_body_speed is not None and frame is not None:
            if self._jumped(t, frame):
                self._distrust_until = t + self.rule.distrust_for
            if t < self._distrust_until:
                p = None
        if t <= self._turn_blank_until:
            p = None
        self.last_posture = p
        if p is not None and self.steps.phase == "rest" and self.steps_seen == 0 and self.rule.learn_rest:
            self._learn_standing(t, p, frame)
        elif p is not None and not self._rest_learnt() and (self._relearn or (
                "stand_first" in self._last_hint and abs(value) <= self._feet_together)):  # type: ignore[arg-type]
            # the walker heard "stand_first", or turned round: standing
            # still teaches the rest mid-set, until it is learnt. Mid-set
            # the step finders need not fall back to "rest": the feet side
            # by side and the hips still (``_learn_standing``) tell. A
            # walker who turned round on the spot often stands with one
            # foot a little ahead: then the feet holding still tell (a
            # turn is only read walking across the view, where walking
            # moves them; walking towards the camera they keep apart)
            self._learn_standing(t, p, frame, value if self._relearn else None)
        self._posture.append((t, p))
        _forget_before(self._posture, t - HISTORY)
        self._note_drawn(t, frame)
        if self.rule.stance_foot and frame is not None and value is not None:
            self._book_feet(t, frame)
        if self.rule.turns and frame is not None and frame.pose is not None and value is not None and \
                t >= self._distrust_until:
            # not on frames after the hips jumped: someone else's face
            self._note_turn(t, bs.facing(frame))
        if self.rule.landing_margin is not None and frame is not None and frame.pose is not None and \
                value is not None:
            self._bodies.append((t, tuple((lm[0], lm[1]) for lm in frame.pose)))
            _forget_before(self._bodies, t - HISTORY)
        if self.rule.min_approach is not None and frame is not None and value is not None:
            size = bs.torso(frame)
            if size is not None and t >= self._distrust_until:
                self._sizes.append((t, size))
            _forget_before(self._sizes, t - HISTORY)
        out: List[Event] = self._on_frame(t)
        for e in self.steps.update(t, value):
            out.extend(self._on_step(e) if isinstance(e, RepEvent) else [e])
        self.events.extend(out)
        return out

    def _on_frame(self, t: float) -> List[Event]:
        """What the passing of time alone decides, before this frame's steps."""
        return self._release_held(t)

    def _on_step(self, step: RepEvent) -> List[Event]:
        """The events a step found by the step finder makes: judged on its
        own posture, then counted, held or refused."""
        self._last_step_end = max(self._last_step_end, step.end)
        judged, held = self._judge(step)
        return self._confirm(judged, step.end, thin=held)

    def finish(self) -> List[Event]:
        """The stream ended (the set was stopped, the clip is over): the held
        steps a walk ended on count as if no step had come for
        ``release_held_after`` seconds."""
        if self.rule.release_held_after is None:
            return []
        out = self._release_held(math.inf)
        self.events.extend(out)
        return out

    def _release_held(self, t: float) -> List[Event]:
        """The held steps a walk ended on, once no step has come for
        ``release_held_after`` seconds: those that follow the last counted
        step one straight after another with no step failed since, or the
        passing steps of a walk still short of ``confirm_steps`` (see
        there)."""
        wait = self.rule.release_held_after
        if wait is None or not self._held or t - self._last_step_end < wait:
            return []
        last = self._last_counted
        if last is not None and last.end == self._held[0].start:
            if self._failed:
                return []
            end = last.end
            for step in self._held:
                if step.start != end:
                    return []
                end = step.end
            held, self._held = self._held, []
            return [self._number(h) for h in held]
        if self.rule.confirm_steps <= 2 or len(self._held) < 2 or self._failed > self.rule.confirm_max_failed:
            return []
        short_line = self.rule.short_walk_median
        judged = self._held
        if self._unsteady(self._held):
            passes = self._passes(self._held)
            if self.rule.unsteady_long_median is not None \
                    and len(passes) >= self.rule.unsteady_confirm_steps - 1:
                unsteady_line, judged = self.rule.unsteady_long_median, passes
            elif len(self._held) >= 3 and self.rule.unsteady_longer_median is not None:
                unsteady_line = self.rule.unsteady_longer_median
            else:
                unsteady_line = self.rule.unsteady_short_median
            short_line = max(short_line or 0.0, unsteady_line)
        if not self._shows_walk(judged, short_line):
            return []
        held, self._held = self._with_leads(self._held), []
        return [self._number(h) for h in held]

    def _book_feet(self, t: float, frame: Frame) -> None:
        """Each foot's place ahead of the hips (torso lengths, in the
        direction the person faces), for ``_stance_foot``."""
        torso = bs.torso(frame)
        if torso is not None:
            hip = bs.hip_centre(frame)[0]
            ahead = bs.facing(frame) / torso
            self._feet_x.append((t, ahead * (bs.foot_centre(frame, "left")[0] - hip),
                                 ahead * (bs.foot_centre(frame, "right")[0] - hip)))
        _forget_before(self._feet_x, t - HISTORY)

    def _judge(self, step: RepEvent) -> Tuple[Optional[Event], bool]:
        """The step's verdict, and whether a passing step is only to be held
        (seen on few frames, or not seen coming nearer; see ``_confirm``).
        The verdict is a passing ``RepEvent`` (numbered once counted), a
        hint, or None."""
        self.steps_seen += 1
        rule = self.rule
        if rule.max_step is not None and step.end - step.start > rule.max_step:
            self._poor = True
            return None, False
        if self._landed_outside(step):
            self._poor = True
            return self._hint(step.end, "out_of_picture"), False
        inside = frames = self._postures(step.start, self._judged_until(step))
        if rule.stance_foot:
            stance = self._stance_foot(step)
            if stance is not None:
                inside = [p[stance] if isinstance(p, tuple) else p for p in inside]
        seen = [p for p in inside if p is not None]
        poor_before, self._poor = self._poor, False
        thinly_seen = False
        if not inside or len(seen) < rule.min_coverage * len(inside):
            self._poor = True
            # one thinly seen step at most in a row: a longer loss, or
            # someone else taking the detector over, splits into pieces
            # that are no steps of this walk
            if rule.thin_coverage is None or poor_before or len(seen) < max(2, rule.thin_coverage * len(inside)):
                self._keep_unseen(step)
                return self._hint(step.end, "lost_view"), False
            thinly_seen = True
        held = thinly_seen
        if rule.min_approach is not None and not self._approached(step):
            if poor_before or thinly_seen:
                self._failed += 1
                if rule.lead_in and rule.lead_unapproached:
                    self._keep_lead(step)
                return self._hint(step.end, "come_closer"), False
            # not seen coming nearer over this step (the first step of a walk
            # is measured mostly on the person standing before it): held like
            # a thinly seen step, counted once a following step shows it
            held = self._poor = True
        level = self._level(seen, rule.combine)
        if level is None:
            return self._hint(step.end, "lost_view"), False
        q = self.posture_progress(level)
        # the last step judged was counted: this one continues a counted walk
        last = self._last_counted
        counting = self._passed_end is not None and last is not None and self._passed_end == last.end
        # ... or a walk shown on two passing steps, held for more (``confirm_steps``):
        # judged as a walk under way, though not yet counted
        walk_on = counting or (rule.confirm_steps > 2 and self._passed_end is not None and len(self._held) >= 2
                               and self._held[-1].end == self._passed_end)
        big = rule.too_big is not None and q > rule.too_big
        if big and walk_on and rule.too_big_within_walk is not None and len(self._walk_levels) >= 2:
            big = q > rule.too_big_within_walk * statistics.median(self._walk_levels)
        line = rule.near if (rule.near_while_counting and walk_on) else rule.passing
        passed_end, self._passed_end = self._passed_end, None
        as_rep = self._as_rep(step, level, q, full=q >= rule.full and not big and not thinly_seen)
        # only a walk's start is stopped (within a counted walk the pose
        # model's misreading of one foot must not break it), and not by a
        # step that reads the posture in full on the other foot
        contrary = not walk_on and q < rule.full and self._went_contrary(frames)
        if q >= line and not big and not contrary:
            self._passed_end = step.end
            self._walk_levels.append(q)
            return as_rep, held
        self._failed += 1
        if not big:
            # a step refused as too big says nothing of how this walk reads:
            # the walk's levels stay for ``too_big_within_walk``
            self._walk_levels.clear()
        # a miss can be bridged after a counted step, or after a passing
        # step still held (the first of a walk, seen thinly or not yet seen
        # coming nearer); a step read far too big between two passing ones
        # is a step of the walk that noise blew up as much as one read flat
        after_pass = self._follows_a_pass(passed_end)
        self._missed = as_rep if (after_pass and rule.bridge_one_miss) else None
        self._missed_unseen = False
        if big:
            # far beyond any foot posture of the exercise: a leg lifted
            # high, a jump, or the landmarks of something that is no foot
            return self._hint(step.end, "too_big"), False
        # a miss straight after the walk's first passing step (still held)
        # keeps the lead-in before that step
        if counting or not after_pass:
            self._keep_lead(step if (not counting and rule.lead_in) else None)
        code = rule.code_small if (q >= rule.near and not contrary) else rule.code_missing
        return self._hint(step.end, code), False

    def _follows_a_pass(self, passed_end: Optional[float]) -> bool:
        """Was the passing step that ended at ``passed_end`` (None: the last
        step did not pass) a step of a walk: counted, or still held (the
        first of a walk, seen thinly or not yet seen coming nearer)?"""
        if passed_end is None:
            return False
        last = self._last_counted
        return (last is not None and passed_end == last.end) or any(h.end == passed_end for h in self._held)

    def _keep_unseen(self, step: RepEvent) -> None:
        """With ``bridge_unseen``, keep a step seen on too few frames, straight
        after a passing step of a walk, as the miss to bridge (see
        ``PostureRule.bridge_unseen``)."""
        rule = self.rule
        if not (rule.bridge_unseen and rule.bridge_one_miss and self._follows_a_pass(self._passed_end)):
            return
        # no failed step: the walk is as close as it was (a following failed
        # step, not this one, stops the bridge)
        self._missed_unseen = True
        self._missed = RepEvent(index=0, start=step.start, peak=step.peak, end=step.end, value=self.posture_rest(),
                                range=0.0, progress=0.0, quality="partial")

    def _landed_outside(self, step: RepEvent) -> bool:
        """Did the step land with a landmark beyond the picture's edge by
        more than ``landing_margin`` (each landmark's median over the
        frames within ``landing_window`` of the landing, so that jitter on
        one frame does not decide)? A landing seen on fewer than three
        frames (one in a gap of the signal) is not checked."""
        margin = self.rule.landing_margin
        if margin is None:
            return False
        window = self.rule.landing_window
        near = [pts for t, pts in self._bodies if abs(t - step.end) <= window]
        if len(near) < 3:
            return False
        lo, hi = -margin, 1.0 + margin
        for j in range(len(near[0])):
            x = statistics.median(pts[j][0] for pts in near)
            y = statistics.median(pts[j][1] for pts in near)
            if not (lo <= x <= hi and lo <= y <= hi):
                return True
        return False

    def _keep_lead(self, step: Optional[RepEvent]) -> None:
        """Keep a failed step as a lead-in candidate, after those it follows
        straight on from (at most ``lead_steps`` of them); None forgets them."""
        if step is None:
            self._leads = []
            return
        if self._leads and self._leads[-1].end != step.start:
            self._leads = []
        self._leads = (self._leads + [step])[-max(1, self.rule.lead_steps):]

    def _went_contrary(self, frames: List[Any]) -> bool:
        """Did either foot go the other way over the step (see
        ``PostureRule.contrary``)? ``frames`` holds each frame's posture
        per foot, None where it could not be read; a foot seen on fewer
        than five frames is not judged."""
        limit = self.rule.contrary
        if limit is None:
            return False
        per_foot = [p for p in frames if isinstance(p, tuple)]
        if not per_foot:
            return False
        # the reading the foot passed on ``contrary_share`` of the frames,
        # from the side away from the exercise's posture
        share = self.rule.contrary_share if self.rule.span > 0 else 1.0 - self.rule.contrary_share
        width = max(1, self.rule.contrary_frames)
        for k in range(len(per_foot[0])):
            vals = [p[k] for p in per_foot if p[k] is not None]
            if len(vals) < max(5, width):
                continue
            vals = [statistics.fmean(vals[i:i + width]) for i in range(len(vals) - width + 1)]
            if self.posture_progress(_quantile(vals, share)) < -limit:
                return True
        return False

    def _note_drawn(self, t: float, frame: Any) -> None:
        """Remember whether the frame at ``t`` was drawn in between, over
        the posture's history."""
        if getattr(frame, "drawn", False):
            self._drawn.append(t)
            self._drawn_at.add(t)
        while self._drawn and self._drawn[0] < t - HISTORY:
            self._drawn_at.discard(self._drawn.popleft())

    def _postures(self, start: float, end: float, camera_only: bool = False) -> List[Any]:
        """The posture of every frame from ``start`` (less one frame's
        slack) to ``end``, None where it could not be read, each foot taken
        relative to its own flat reading (``foot_offsets``); with
        ``camera_only``, of the frames a camera saw (not ``Frame.drawn``)."""
        inside = [p for (t, p) in self._posture
                  if in_frames(t, start, end) and not (camera_only and t in self._drawn_at)]
        offsets = self.foot_offsets()
        if offsets is not None:
            inside = [tuple(None if x is None else x - o for x, o in zip(p, offsets)) if isinstance(p, tuple)
                      else p for p in inside]
        return inside

    def _level(self, values: List[Any], combine: Callable) -> Optional[float]:
        """A step's posture from its frames' values, read in the exercise's
        direction: for a posture that lowers the value, the share of frames
        that must reach it lies on the other side, and ``combine`` is turned
        round too (``max``, the better foot, is then the lower value)."""
        rule = self.rule
        if rule.span > 0:
            return step_level(values, rule.quantile, combine)
        flipped = {min: max, max: min}.get(combine, combine)
        return step_level(values, 1.0 - rule.quantile, flipped)

    def _lead_in(self, step: RepEvent, frames: List[Any]) -> Optional[RepEvent]:
        """The step as a lead-in candidate (see ``PostureRule.lead_in``), or
        None when it did not reach ``near``. It is read on the better of the
        two feet: setting off from standing, no foot has yet stood while the
        other swung (``stance_foot`` cannot tell), and rising onto the toes
        or heels shows on either foot. ``frames`` holds the posture of
        each frame, None where it could not be read."""
        level = self._level([p for p in frames if p is not None], max)
        if level is None:
            return None
        q = self.posture_progress(level)
        if q < self.rule.near:
            return None
        return self._as_rep(step, level, q, full=False)

    def _as_rep(self, step: RepEvent, level: float, q: float, full: bool) -> RepEvent:
        """The step as the repetition it would count as, at posture ``level``
        (``q`` spans); numbered only when it is counted, see ``_confirm``."""
        return RepEvent(index=0, start=step.start, peak=step.peak, end=step.end, value=level,
                        range=level - self.posture_rest(), progress=q, quality="full" if full else "partial")

    def _judged_until(self, step: RepEvent) -> float:
        """The last frame time a step is judged on. A range step: its end,
        as when it is reported at once (``swap_dwell`` reports it a few
        frames later, and those frames must not change the verdict). A
        zigzag step is reported late anyway, and takes the frames just after
        its landing too."""
        return step.end if isinstance(self.steps, RangeSteps) else step.end + 0.05

    def _stance_foot(self, step: RepEvent) -> Optional[int]:
        """Which foot (0 left, 1 right) stood on the floor over the step: the
        one that went backwards relative to the hips, as the body passed over
        it, while the other swung forwards. Relative to the hips, so that it
        holds on a treadmill too, where the standing foot moves with the belt.
        None when the step was seen on too few frames to tell."""
        upto = self._judged_until(step)
        feet = [(l, r) for (t, l, r) in self._feet_x if in_frames(t, step.start, upto)]
        if len(feet) < 6:
            return None
        # the median of the first and of the last fifth: one jittery frame
        # at either end must not decide
        k = max(2, len(feet) // 5)
        forward = [statistics.median(f[i] for f in feet[-k:]) - statistics.median(f[i] for f in feet[:k])
                   for i in (0, 1)]
        return 0 if forward[0] < forward[1] else 1

    def _confirm(self, judged: Optional[Event], t: float, thin: bool = False) -> List[Event]:
        """Count a passing step, or hold it back. With ``confirm_within`` a
        step counts only once another passing step follows within that many
        seconds, and then both count: a single step-like shift of the feet
        (someone stepping onto a mat, shuffling while balancing) is never a
        repetition of a walk. A step seen on few frames, or not seen coming
        nearer (``thin``), is held until a well-seen passing step follows,
        and it never confirms a walk itself: what little was seen of it may
        be someone else."""
        if not isinstance(judged, RepEvent):
            return [judged] if judged is not None else []
        window = self.rule.confirm_within
        if thin:
            self._held = self._in_time(self._held, t) + [judged]
            return []
        if window is None:
            held, self._held = self._held, []
            return [self._number(h) for h in held] + [self._number(judged)]
        close = self._failed <= self.rule.confirm_max_failed
        missed, self._missed = (self._missed if self._failed == (0 if self._missed_unseen else 1) else None), None
        self._failed = 0
        walking = close and self._last_pass_t is not None and t - self._last_pass_t <= window
        # the last passing step was counted: this one goes on with a counted walk
        counted_walk = walking and self._last_counted is not None and self._last_counted.end == self._last_pass_t
        if not walking and close and self._resumes(self._last_pass_t, t):
            walking = counted_walk = True
        self._last_pass_t = t
        held = self._in_time(self._held, t) if close else []
        if not walking and not held:
            # the first passing step, or the first after a long pause
            self._held = [judged]
            return []
        # a step missed since the last held one, to be bridged
        bridged = [missed] if _bridges(missed, held[-1] if held else None, judged) else []
        if bridged:
            self._bridged = self._bridged[-3:] + bridged
        starting = held + bridged + [judged]
        if not counted_walk:
            # a walk starts on passing steps, with one missed step at most
            # bridged among them: every other step missed is no walk of the
            # exercise, whatever the others read (the drift of a distant
            # camera's landmarks lifting the steps of one foot). From a
            # second miss on, the walk is judged afresh after the first.
            misses = [i for i, s in enumerate(starting) if self._was_bridged(s)]
            if len(misses) > 1:
                starting = starting[misses[-2] + 1:]
                held = [s for s in held if any(s is x for x in starting)]
        passes = len(self._passes(starting))
        if not counted_walk and (passes < self._confirm_steps(starting) or not self._shows_walk(starting)):
            # a walk not yet shown on enough passing steps, or not on most
            # of them: held, the missed step with them
            self._held = starting
            if passes >= self.rule.confirm_steps and self._unsteady(starting):
                # it would count, read steadily: say why it waits
                hint = self._hint(judged.end, "unsteady_view")
                return [hint] if hint is not None else []
            return []
        self._held = []
        # the missed step lies between the last counted step and this one,
        # the lead-in step straight before the walk's first
        # (a missed step far shorter than the counted ones around it is a
        # sliver that a leg swap of the pose model cut, not a step)
        last = held[-1] if held else (self._last_counted if walking else None)
        if _bridges(missed, last, judged):
            held.append(missed)
        held = self._with_leads(held)
        return [self._number(h) for h in held] + [self._number(judged)]

    def _note_turn(self, t: float, way: float) -> None:
        """Book the way the walker faces at ``t`` and note a turn round
        (``PostureRule.turns``): ``TURN_FRAMES`` frames in a row facing the
        other way than the walker had faced (twice as many after a gap in
        the frames). The feet then point at the camera, or nearly, and their
        pitch in the picture means nothing: the posture of the frames within
        ``TURN_BLANK`` seconds of the turn is not read, those already booked
        included."""
        last, self._facing_t = self._facing_t, t
        if way != self._run[0]:
            # a new run of frames facing ``way``: (way, since, the gap before it, frames)
            self._run = (way, t, t - last if last is not None else math.inf, 0)
        way, since, gap, frames = self._run
        self._run = (way, since, gap, frames + 1)
        # across a gap the detector may have taken someone else, a passer-by
        # facing the other way for a moment: the new way must hold longer
        if frames + 1 < (TURN_FRAMES if gap <= TURN_GAP else 2 * TURN_FRAMES) or way == self._facing_held:
            return
        if self._facing_held:
            self._posture = deque((pt, None if abs(pt - since) <= TURN_BLANK else p) for pt, p in self._posture)
            self._turn_blank_until = since + TURN_BLANK
            self._turns.append(since)
            if self.rule.learn_rest:
                # what a tilted or rolled camera adds to a flat foot's pitch
                # in the picture changes with the way the walker faces: the
                # rest learnt facing the other way no longer holds. Learnt
                # anew if the walker stands still now, else the default
                self._standing.clear()
                self._standing_over = False
                self._relearn = True
        self._facing_held = way

    def _turned(self, step: RepEvent) -> bool:
        """Was ``step`` the walker turning round (``PostureRule.turns``):
        did it "land" from ``TURN_BLANK`` seconds before the face turned to
        twice that after? The feet swinging round read as a step whose
        landing comes as the walker is half way round, facing the camera,
        or as the turn ends and the feet stand the other way about."""
        return any(t - TURN_BLANK <= step.end <= t + 2.0 * TURN_BLANK for t in self._turns)

    def _resumes(self, walk_end: Optional[float], t: float) -> bool:
        """Does a step at ``t`` go on, after a rest, with the walk whose last
        step ended at ``walk_end`` (``PostureRule.resume_within``): was that
        step counted, and is it recent enough?"""
        within = self.rule.resume_within
        last = self._last_counted
        return (within is not None and last is not None and walk_end is not None
                and last.end == walk_end and t - walk_end <= within)

    def _in_time(self, held: List[RepEvent], t: float) -> List[RepEvent]:
        """The held steps still in time at ``t``: the latest within
        ``confirm_within`` of it, and each earlier one within that of the
        one after it. (A thinly seen step keeps them so too: read against
        its own end, a walk that needs five passing steps lost its first
        while a thin one waited for the next.)"""
        window = self.rule.confirm_within if self.rule.confirm_within is not None else math.inf
        kept: List[RepEvent] = []
        nxt = t
        for h in reversed(held):
            if nxt - h.end > window:
                break
            kept.insert(0, h)
            nxt = h.end
        return kept

    def _was_bridged(self, step: RepEvent) -> bool:
        """Is ``step`` one of the last missed steps bridged into a walk?"""
        return any(step is b for b in self._bridged)

    def _passes(self, steps: List[RepEvent]) -> List[RepEvent]:
        """The passing steps among ``steps``: those not bridged in."""
        return [s for s in steps if not self._was_bridged(s)]

    def _unsteady(self, steps: List[RepEvent]) -> bool:
        """Are the steps read unsteadily (``PostureRule.unsteady``)? Judged
        on every reading up to the last step's end, over ``UNSTEADY_SPAN``
        seconds: jitter belongs to the view (distance, light), not to one
        step, and a step or two alone gave a rough figure."""
        if self.rule.unsteady is None or not steps:
            return False
        until = steps[-1].end
        per_frame = [statistics.median(x for x in p if x is not None) if isinstance(p, tuple) else p
                     for t, p in self._posture if until - UNSTEADY_SPAN <= t <= until and p is not None
                     and t not in self._drawn_at
                     and (not isinstance(p, tuple) or any(x is not None for x in p))]
        spread = jitter(per_frame) if len(per_frame) >= JITTER_MIN_FRAMES else None
        return spread is not None and spread / abs(self.rule.span) >= self.rule.unsteady

    def _confirm_steps(self, steps: List[RepEvent]) -> int:
        """The passing steps a walk starting with ``steps`` needs."""
        if self._unsteady(steps):
            return max(self.rule.confirm_steps, self.rule.unsteady_confirm_steps)
        return self.rule.confirm_steps

    def _shows_walk(self, steps: List[RepEvent], line: Optional[float] = None) -> bool:
        """Do the steps that start a walk read the posture on most of them
        (``line``, by default ``PostureRule.confirm_median``)?"""
        line = self.rule.confirm_median if line is None else line
        if line is None or self.rule.confirm_steps <= 2:
            return True
        return statistics.median(s.progress for s in steps) >= line

    def _with_leads(self, held: List[RepEvent]) -> List[RepEvent]:
        """The steps that start a walk, ``held``, after the lead-in steps
        straight before them that count (see ``PostureRule.lead_steps``);
        the lead-in candidates are used up."""
        leads, self._leads = self._leads, []
        held = list(held)
        for lead in reversed(leads if held else []):
            if not _between(lead, None, held[0]):
                break
            # read on its own frames, else on them and the ``lead_extra``
            # after, at most the first half of the step that follows
            end = self._judged_until(lead)
            next_length = held[0].end - held[0].start
            extra = min(self.rule.lead_extra, 0.5 * next_length)
            if lead.end - lead.start < self.rule.lead_extra_min_share * next_length:
                extra = 0.0
            own = self._postures(lead.start, end)
            if self.rule.lead_extra_seen and own and _read_share(own) < self.rule.min_coverage:
                extra = 0.0
            lead_rep = self._lead_in(lead, own)
            if lead_rep is None and extra > 0:
                lead_rep = self._lead_in(lead, self._postures(lead.start, end + extra))
            if lead_rep is None:
                break
            held.insert(0, lead_rep)
        return held

    def _number(self, step: RepEvent) -> RepEvent:
        self.count += 1
        self._last_counted = replace(step, index=self.count)
        return self._last_counted

    def _hint(self, t: float, code: str) -> Optional[FeedbackEvent]:
        if code == self.rule.code_small and self._rest_guessed():
            # just under the line, against a flat reading guessed for the
            # camera, not seen: the person standing still first, not a
            # higher lift, may be what the walk needs (from a camera that
            # reads flat feet 10 degrees off, a heel walk reads flat)
            code = "stand_first"
        last = self._last_hint.get(code)
        if last is not None and t - last < self.rule.repeat_after:
            return None
        self._last_hint[code] = t
        return FeedbackEvent(t, code)


@dataclass(eq=False)
class GaitCounterFactory:
    """A ``counter_factory`` for ``ExerciseSpec``: steps from the spec's signal
    and counter settings, found by the ``steps`` finder with
    ``finder_options``, judged by ``rule``. A record rather than a closure,
    so that a variant of an exercise (another rule, for a measurement) is
    one ``dataclasses.replace`` away."""

    rule: PostureRule
    steps: str = "rise"
    finder_options: Dict[str, Any] = field(default_factory=dict)

    def __call__(self, spec: Any, signal_range: SignalRange) -> GaitCounter:
        return GaitCounter(spec.counter, signal_range, self.rule, self.steps, **self.finder_options)


def gait_counter_factory(rule: PostureRule, steps: str = "rise", **finder_options: Any) -> GaitCounterFactory:
    """The ``GaitCounterFactory`` for ``rule``, ``steps`` and the finder's options."""
    return GaitCounterFactory(rule, steps, dict(finder_options))
