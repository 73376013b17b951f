"""Walks judged as a whole: a heel or toe walk is told from ordinary walking by
the posture of its steps together, not one step at a time.

A step shows the feet on 15 to 25 frames, and the pose model's slow drift
moves a foot's pitch by several degrees for a third of a second at a time, so
a single step of a heel walk can read flat, and a single step of ordinary
walking lifted. Pooled over a walk's last few steps the drift averages out,
and what tells the two apart stays: on a heel walk the toes of both feet are
up on nearly every frame; in ordinary walking each foot stands flat, pushes
off heel first and swings, and its toes are up only as it lands.

So the steps of a walk are held until the walk shows the posture, then all
counted, its first step included; the walk goes on counting while its recent
steps still show it, and a lone step never counts. Two steps are still
little to pool: a walk judged on them alone may be asked to show the posture
more clearly, or to wait for its third step (``WalkEvidence.short_passing``).
Where the landmarks jitter several times more than usual (a distant or dim
camera), even four steps are too few: such a walk is judged on more of its
steps, against its own line (``WalkEvidence.unsteady``). A walker who stops
to rest mid-set and sets off again soon goes on with the counted walk
(``PostureRule.resume_within``), judged from then on by the steps since
the rest (``GaitCounter._resumes``), the first of them with the next: it
rises from standing flat. Where the pose model misreads the foot behind
(the heel walk's, its toes up), the foot ahead over the first half of each
step, the one that has just landed, may stand for the walk
(``WalkEvidence.leading_foot``).
"""
from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Deque, Dict, List, Optional, Tuple

from coach.engine.counter import CounterConfig, Event, RepEvent, SignalRange
from coach.engine.gait import HISTORY, GaitCounter, PostureRule, _quantile, _read_share, in_frames, jitter
from coach.engine.step_finders import _forget_before
from coach.records import Frame


# Seconds with no step after the first step since a rest, held to be judged
# with the next, before it is judged alone: the walk ended there. The step
# finder reports a step some 0.3 s after it lands, and the slowest steps it
# follows take 1.6 s.
HELD_STEP_RELEASE = 2.0


@dataclass(frozen=True)
class WalkEvidence:
    """How a walk's posture is read: pooled over both feet on every frame of
    its steps, in spans of ``PostureRule.span`` from the rest learnt on the
    person standing.

    The reading is the one all but ``quantile`` of the pooled readings pass
    (0.25: the lower quartile, which a walk whose feet stand flat, land on
    the heel or push off for part of every step does not lift). A walk
    counts from ``passing`` on; ``near`` earns the "almost" hint."""

    passing: float
    near: float
    quantile: float = 0.5
    # the line instead, while the rule learns its rest but has not (nobody
    # stood still before the walk): the default flat reading is only a
    # guess for this camera; None keeps ``passing``
    passing_unlearnt: Optional[float] = None
    # "both": both feet's readings pooled; "better": each foot's reading
    # apart, and the one further into the posture (the pose model flattens
    # one foot now and then, for a whole step or longer)
    feet: str = "both"
    # each foot's readings over a step through a running median of this
    # many frames first (1: as read): the landmarks' frame-to-frame jitter
    # spreads the readings and drags a low quantile down
    median_frames: int = 1
    # a walk is judged from this many steps on (a lone step is never a walk),
    # and on at least ``min_frames`` readings
    min_steps: int = 2
    min_frames: int = 12
    # a walk judged on no more than ``min_steps`` steps starts counting
    # only from this reading; under it (and over ``passing``) it waits for
    # its next step, and counts if none comes for ``short_release`` seconds
    # (the walk ended there, or the walker left the picture) or the stream
    # ends. None: ``passing``
    short_passing: Optional[float] = None
    short_release: float = 1.0
    # ... and it waits so too, however high it reads, when one of its steps
    # jitters past ``unsteady`` though their median does not: the jitter's
    # slow part lifts a step or two of an ordinary walk
    short_wait_unsteady_step: bool = False
    # A walk that starts counting counts the steps it was judged on; with
    # ``count_back`` its steps before them count too (up to ``window``
    # more), back to one that reads below ``stop`` (its first, rising from
    # standing flat, whatever it reads): a walk that passes only on its
    # fifth step has shown the posture from its first
    count_back: bool = False
    # ... and, to start counting, on readings from at least this share of
    # the frames its steps span: a walk seen only in pieces between
    # detector losses is read on a few frames of each step, which need not
    # show its stance
    min_coverage: float = 0.0
    # the last steps pooled to decide whether a walk shows the posture
    window: int = 4
    # a walk whose readings jitter from frame to frame by this much (spans,
    # see ``jitter``) or more is read unsteadily: the jitter's slow part
    # lifts whole steps of an ordinary walk, so such a walk is judged from
    # ``unsteady_steps`` steps on, pooled over up to ``unsteady_window`` of
    # them (all its steps so far, mostly), against ``unsteady_passing``;
    # once it passes, all those steps count, and it stops counting only when
    # that many recent steps read below ``stop``. Under the line, past
    # ``near``, it hears the "unsteady_view" hint. None: never
    unsteady: Optional[float] = None
    unsteady_passing: float = 0.0
    # ... and against this line instead while the flat reading is a guess
    # (``passing_unlearnt`` is the steady walk's; None: the same line)
    unsteady_passing_unlearnt: Optional[float] = None
    unsteady_steps: int = 3
    unsteady_window: int = 8
    # ... but a walk that ends short of ``unsteady_steps`` (the walker left
    # the picture) counts if it read ``unsteady_short`` or more (None: it
    # does not count), as a short walk waiting for its next step does
    unsteady_short: Optional[float] = None
    # ... and an unsteady walk starts only once the median of its steps'
    # own readings also reaches this (None: not asked): pooled, one step
    # the drift lifted high carries two flat ones past the line
    unsteady_step_median: Optional[float] = None
    # a counting walk stops when its last ``recent`` steps read below
    # ``stop``: the person walks on the ordinary way
    recent: int = 3
    stop: float = 0.0
    # a walk with more than ``too_big_share`` of its readings past
    # ``too_big`` shows no posture of the exercise: the landmarks of a leg
    # lifted high, a jump, or of something that is no foot
    too_big: Optional[float] = None
    too_big_share: float = 0.25
    # A second reading, for a posture that a standing foot keeps and that
    # the pose model reads on the foot ahead but not always on the foot
    # behind (see the heel walk): the foot ahead's alone (``leading_foot``
    # tells it on a frame: 0 for the posture's first foot, 1 for its
    # second, None when neither is clearly ahead), over the first half of
    # each step, where it is the foot that has just landed and stands,
    # pooled over the walk's steps and read at ``quantile``. Less
    # ``leading_passing - passing``, it stands for the walk's reading where
    # it is the higher: it passes at ``leading_passing``, and the other
    # lines (``stop``, ``short_passing``, the unsteady ones) move with it.
    # None: the pooled reading alone
    leading_foot: Optional[Callable[[Any], Optional[int]]] = None
    leading_passing: Optional[float] = None
    # A walk whose foot ahead reads under this (spans, at ``quantile``,
    # read as for ``leading_passing``) does not start counting, however the
    # pooled reading stands: a posture that the foot which has just landed
    # keeps (on tiptoe it stands on its ball) and ordinary walking does not
    # (that foot lands on its heel, then stands flat), where the pose model
    # misreads the feet's pooled posture. None: not asked
    leading_floor: Optional[float] = None
    # ... read at this share instead (the median: 0.5) for a walk read
    # unsteadily: jitter spreads the readings, and a low quantile of them
    # drops below flat with it. None: at ``quantile`` as well
    unsteady_leading_share: Optional[float] = None

    def __post_init__(self) -> None:
        if self.feet not in ("both", "better"):
            raise ValueError(f"feet must be 'both' or 'better', not {self.feet!r}")
        if not (self.near < self.passing and self.stop < self.passing):
            raise ValueError("need near < passing and stop < passing")
        if self.passing_unlearnt is not None and self.passing_unlearnt < self.passing:
            raise ValueError("passing_unlearnt may not be below passing")
        if self.unsteady_passing_unlearnt is not None and self.unsteady_passing_unlearnt < self.unsteady_passing:
            raise ValueError("unsteady_passing_unlearnt may not be below unsteady_passing")
        if self.short_passing is not None and (self.short_passing < self.passing or self.short_release <= 0):
            raise ValueError("short_passing may not be below passing, and short_release must be positive")
        if not 0.0 <= self.min_coverage < 1.0:
            raise ValueError("min_coverage is a share between 0 and 1")
        if not 0.0 < self.quantile < 1.0 or not 0.0 < self.too_big_share < 1.0:
            raise ValueError("quantile and too_big_share are shares between 0 and 1")
        if (self.leading_foot is None) != (self.leading_passing is None and self.leading_floor is None):
            raise ValueError("leading_foot goes with leading_passing, leading_floor or both")
        if self.leading_passing is not None and self.leading_passing < self.passing:
            raise ValueError("leading_passing may not be below passing")
        if self.unsteady_leading_share is not None and (
                self.leading_floor is None or not 0.0 < self.unsteady_leading_share < 1.0):
            raise ValueError("unsteady_leading_share is a share between 0 and 1 and goes with leading_floor")
        if self.median_frames < 1:
            raise ValueError("median_frames must be at least 1")
        if self.min_steps < 1 or self.window < self.min_steps or self.recent < 1:
            raise ValueError("need 1 <= min_steps <= window and recent >= 1")
        if self.unsteady is not None and not (self.unsteady > 0 and self.unsteady_passing >= self.passing
                                              and self.min_steps <= self.unsteady_steps <= self.unsteady_window
                                              and (self.unsteady_short is None
                                                   or self.unsteady_short >= self.unsteady_passing)):
            raise ValueError("need unsteady > 0, unsteady_short >= unsteady_passing >= passing and "
                             "min_steps <= unsteady_steps <= unsteady_window")


def _running_median(values: List[float], frames: int) -> List[float]:
    """Each value replaced by the median of the ``frames`` around it (fewer
    at the ends)."""
    if frames <= 1:
        return values
    half = frames // 2
    return [statistics.median(values[max(0, i - half):i + half + 1]) for i in range(len(values))]


def _per_foot(postures: List[Any]) -> List[List[float]]:
    """The readings of each foot (one list for a posture read on both feet
    together), the frames it was not read on left out."""
    feet: List[List[float]] = []
    for p in postures:
        values = p if isinstance(p, tuple) else (p,)
        while len(feet) < len(values):
            feet.append([])
        for foot, x in zip(feet, values):
            if x is not None:
                foot.append(x)
    return feet


@dataclass(frozen=True)
class StepReadings:
    """A step of a walk with the posture readings of its frames, per foot
    (one list for a posture read on the body as a whole), through the
    running median, and their ``jitter`` as read (spans; None: too few)."""

    step: RepEvent
    feet: List[List[float]]
    jitter: Optional[float]
    # the foot ahead's readings over the first half of the step (see
    # ``WalkEvidence.leading_foot``; empty when not asked for)
    leading: List[float] = field(default_factory=list)


Steps = List[StepReadings]


class WalkEvidenceCounter(GaitCounter):
    """A ``GaitCounter`` that judges the walk, not the step (see the module
    text). The step finder, the rest learnt standing, each foot's own rest,
    the hips' jumps, the longest step and the passer-by check are the
    ``GaitCounter``'s, as its ``rule`` sets them; the rule's lines for
    single steps are not used."""

    def __init__(self, config: CounterConfig, signal_range: SignalRange, rule: PostureRule,
                 evidence: WalkEvidence, steps: str = "swing", **finder_options: Any) -> None:
        super().__init__(config, signal_range, rule, steps, **finder_options)
        self.evidence = evidence
        # (t, the foot ahead on that frame or None), for ``leading_foot``:
        # one entry a frame, as ``_posture``
        self._ahead: Deque[Tuple[float, Optional[int]]] = deque()
        # the current walk's steps: while it is undecided, the last
        # ``window`` of them, or ``unsteady_window`` where that is longer
        self._walk: Steps = []
        # the current walk's first step (``WalkEvidence.count_back``)
        self._first_step: Optional[RepEvent] = None
        self._unsteady_walk = False   # the current walk, counting, was read unsteadily
        self._counting = False
        # the current walk read too big: it is not trusted again until it ends
        self._too_big_walk = False
        # the current walk is short, read past ``passing`` but not past
        # ``short_passing``: it waits for its next step, from the time of
        # the frame that showed its last one
        self._waiting = False
        self._waiting_since = 0.0
        # when the current walk set off again after a rest (``_resumes``), else None
        self._resumed_at: Optional[float] = None
        # ... and, while its first step since is held to be judged with the
        # next, the time of the frame that reported that step, else None
        self._held_since: Optional[float] = None
        # where the last turning round the walk went on across ended (see
        # ``PostureRule.turns``): the walk's next step may start there
        self._turned_to: Optional[float] = None

    def _readings(self, step: RepEvent) -> StepReadings:
        """The posture readings of the step's frames, per foot."""
        until = self._judged_until(step)
        feet = _per_foot(self._postures(step.start, until))
        # a frame drawn in between lies on a straight line: no jitter on it
        jitters = [j for j in (jitter(foot) for foot in _per_foot(self._postures(step.start, until, True)))
                   if j is not None]
        leading: List[float] = []
        if self.evidence.leading_foot is not None:
            leading = self._leading_readings(step.start, 0.5 * (step.start + step.end))
        return StepReadings(step, [_running_median(foot, self.evidence.median_frames) for foot in feet],
                            max(jitters) / abs(self.rule.span) if jitters else None, leading)

    def _leading_readings(self, start: float, end: float) -> List[float]:
        """The posture of the foot ahead on every frame from ``start`` (less
        one frame's slack) to ``end`` where one foot was clearly ahead, as
        ``_postures`` reads it (relative to the foot's own flat reading)."""
        # ``_ahead`` holds an entry for every frame ``_posture`` does, over
        # the same history: the two windows line up frame for frame
        ahead = [k for (t, k) in self._ahead if in_frames(t, start, end)]
        return [p[k] for p, k in zip(self._postures(start, end), ahead)
                if k is not None and isinstance(p, tuple) and p[k] is not None]

    def _reads_unsteadily(self, steps: Steps) -> bool:
        """Do the steps' readings jitter past ``WalkEvidence.unsteady``
        (the median of their steps')? (Not ``GaitCounter._unsteady``, which
        reads the rule's own line on the view's last seconds.)"""
        if self.evidence.unsteady is None:
            return False
        jitters = [s.jitter for s in steps if s.jitter is not None]
        return bool(jitters) and statistics.median(jitters) >= self.evidence.unsteady

    def _has_unsteady_step(self, steps: Steps) -> bool:
        """Does any of the steps' readings jitter past ``unsteady``?"""
        return self.evidence.unsteady is not None and any(
            s.jitter is not None and s.jitter >= self.evidence.unsteady for s in steps)

    def _reading(self, steps: Steps, share: float) -> Optional[float]:
        """The reading (spans) that all but ``share`` of the steps' readings
        pass, in the exercise's direction: pooled over both feet, or the
        better foot's; None on too few readings."""
        q = share if self.rule.span > 0 else 1.0 - share
        feet: List[List[float]] = []
        for readings in steps:
            for k, values in enumerate(readings.feet):
                while len(feet) <= k:
                    feet.append([])
                feet[k].extend(values)
        if self.evidence.feet == "both":
            pool = [v for foot in feet for v in foot]
            if len(pool) < self.evidence.min_frames:
                return None
            return self.posture_progress(_quantile(pool, q))
        readings = [self.posture_progress(_quantile(foot, q)) for foot in feet
                    if len(foot) >= self.evidence.min_frames]
        return max(readings) if readings else None

    def _walk_reading(self, steps: Steps) -> Optional[float]:
        """The walk's reading (spans): the pooled one (``_reading``), or
        the foot ahead's less ``leading_passing - passing`` where that is
        higher (see ``WalkEvidence.leading_foot``)."""
        ev = self.evidence
        reading = self._reading(steps, ev.quantile)
        if ev.leading_passing is None or reading is None:
            # a walk read on too few frames stays unjudged
            return reading
        leading = self._leading_reading(steps)
        if leading is None:
            return reading
        return max(reading, leading - (ev.leading_passing - ev.passing))

    def _leading_reading(self, steps: Steps, share: Optional[float] = None) -> Optional[float]:
        """The foot ahead's reading (spans) over the steps, that all but
        ``share`` (default ``quantile``) of its readings pass, None on too
        few readings (it reads half of each step: half of ``min_frames``)."""
        ev = self.evidence
        share = ev.quantile if share is None else share
        pool = [v for s in steps for v in s.leading]
        if len(pool) < ev.min_frames // 2:
            return None
        return self.posture_progress(_quantile(pool, share if self.rule.span > 0 else 1.0 - share))

    def _coverage(self, steps: Steps) -> float:
        """The share of the frames from the first step's start to the last
        step's end on which some foot was read."""
        return _read_share(self._postures(steps[0].step.start, self._judged_until(steps[-1].step)))

    def _too_big(self, steps: Steps) -> bool:
        ev = self.evidence
        if ev.too_big is None:
            return False
        high = self._reading(steps, 1.0 - ev.too_big_share)
        return high is not None and high > ev.too_big

    def update(self, t: float, value: Optional[float], frame: Optional[Frame] = None) -> List[Event]:
        if self.evidence.leading_foot is not None:
            ahead = self.evidence.leading_foot(frame) if (frame is not None and value is not None) else None
            self._ahead.append((t, ahead))
            _forget_before(self._ahead, t - HISTORY)
        return super().update(t, value, frame)

    def _on_frame(self, t: float) -> List[Event]:
        if self._waiting and t - self._waiting_since >= self.evidence.short_release:
            return self._start_counting()
        if self._held_since is not None and t - self._held_since >= HELD_STEP_RELEASE:
            return self._release_held_step()
        return []

    def finish(self) -> List[Event]:
        """The stream ended: a short walk waiting for its next step counts,
        and so does a step held after a rest that reads the posture."""
        out = self._start_counting() if self._waiting else self._release_held_step()
        self.events.extend(out)
        return out

    def _release_held_step(self) -> List[Event]:
        """The step held after a rest, alone (the walk ended with it):
        counted unless it read below ``stop``."""
        if self._held_since is None:
            return []
        self._held_since = None
        step = self._walk[-1]
        if self._turned(step.step):
            # the face turned only after the step was held: it was the
            # walker turning round, reported before the turn was seen
            return []
        reading = self._reading([step], self.evidence.quantile)
        if reading is not None and reading < self.evidence.stop:
            return []
        return [self._count(step.step, [step])]

    def _start_counting(self, unsteady: bool = False) -> List[Event]:
        """The walk shows the posture: the steps it was judged on count (an
        unsteady walk's ``unsteady_window``, a steady one's ``window``)."""
        self._waiting = False
        self._counting, self._unsteady_walk = True, unsteady
        steps = self._walk[-self._window(unsteady):]
        counted = list(steps)
        if self.evidence.count_back:
            for s in reversed(self._walk[:len(self._walk) - len(steps)]):
                reading = self._walk_reading([s])
                if s.step is not self._first_step and (reading is None or reading < self.evidence.stop):
                    break
                counted.insert(0, s)
        return [self._count(s.step, steps) for s in counted]

    def _window(self, unsteady: bool) -> int:
        return self.evidence.unsteady_window if unsteady else self.evidence.window

    def _on_step(self, step: RepEvent) -> List[Event]:
        self.steps_seen += 1
        goes_on = bool(self._walk) and step.start in (self._walk[-1].step.end, self._turned_to)
        if self._turned(step):
            # the walker turning round: no step, and the walk goes on across it
            self._turned_to = step.end if goes_on else None
            return []
        # the step finder lost the rhythm (a long loss, someone else's legs)
        too_long = self.rule.max_step is not None and step.end - step.start > self.rule.max_step
        new_walk = too_long or not goes_on
        self._turned_to = None
        # a short walk waiting for its next step ended without it, or the
        # step held after a rest
        ended = (self._start_counting() if self._waiting else self._release_held_step()) if new_walk else []
        self._waiting = False
        if too_long:
            self._walk, self._counting = [], False
            return ended
        if new_walk:
            if self._counting and self._walk and self._resumes(self._walk[-1].step.end, step.start):
                # the walk goes on with its steps so far: pooled with them, the
                # first steps after the rest need not show the posture past the
                # line alone, but they must not read below ``stop`` (see ``_judge_walk``)
                self._resumed_at = step.start
            else:
                self._walk, self._counting, self._too_big_walk = [], False, False
                self._resumed_at = None
        return ended + self._judge_walk(step)

    def _judge_walk(self, step: RepEvent) -> List[Event]:
        """The events ``step`` makes of the walk it follows (or starts)."""
        ev = self.evidence
        if not self._walk:
            self._first_step = step
        self._walk.append(self._readings(step))
        if self._too_big_walk:
            return self._hints(step.end, "too_big")
        if self._counting:
            recent = self._walk[-(ev.unsteady_window if self._unsteady_walk else ev.recent):]
            if self._resumed_at is not None:
                # after a rest the walker may go on the ordinary way: judged
                # on the steps since the rest, the walk stops at once then.
                # But not on the first alone: it rises from standing flat,
                # and reads little of the posture
                recent = [s for s in recent if s.step.start >= self._resumed_at]
                if len(recent) < ev.min_steps:
                    self._held_since = self._posture[-1][0]
                    return []
            reading = self._walk_reading(recent)
            if self._too_big(recent):
                code = "too_big"
                self._too_big_walk = True
            elif reading is not None and reading < ev.stop:
                code = self.rule.code_missing
            else:
                self._walk = self._walk[-self._window(self._unsteady_walk):]
                counted = [s.step for s in recent] if self._held_since is not None else [step]
                self._held_since = None
                return [self._count(s, recent) for s in counted]
            # the walk went on the ordinary way: judged afresh from this step
            # (after a rest, from the steps since it)
            self._held_since = None
            self._counting = False
            self._walk = recent if self._resumed_at is not None else self._walk[-1:]
            return self._hints(step.end, code)
        self._walk = self._walk[-max(ev.window * (2 if ev.count_back else 1),
                                     ev.unsteady_window if ev.unsteady is not None else 0):]
        unsteady = self._reads_unsteadily(self._walk)
        walk = self._walk[-self._window(unsteady):]
        if len(walk) < (ev.unsteady_steps if unsteady and ev.unsteady_short is None else ev.min_steps):
            return []
        reading = self._walk_reading(walk)
        if reading is None or (ev.min_coverage > 0 and self._coverage(walk) < ev.min_coverage):
            return []
        if ev.leading_floor is not None:
            lead = self._leading_reading(walk, ev.unsteady_leading_share if unsteady else None)
            if lead is not None and lead < ev.leading_floor:
                return self._hints(step.end, self.rule.code_missing)
        if unsteady and len(walk) < ev.unsteady_steps:
            # counts only if it ends here, and reads the posture clearly
            if reading >= ev.unsteady_short and not self._too_big(walk):  # type: ignore[operator]
                self._wait_for_next_step()
                return []
            return self._hints(step.end, "unsteady_view") if reading >= ev.near else []
        if self._too_big(walk):
            # a walk that read past any foot posture of the exercise (the
            # model on someone else's legs, a leg kicked high) is not
            # trusted again until it ends, however its next steps read
            self._too_big_walk = True
            return self._hints(step.end, "too_big")
        if unsteady and ev.unsteady_step_median is not None and reading >= ev.unsteady_passing:
            own = [r for r in (self._reading([s], ev.quantile) for s in walk) if r is not None]
            if not own or statistics.median(own) < ev.unsteady_step_median:
                return self._hints(step.end, "unsteady_view")
        if reading < (self._unsteady_passing() if unsteady else self._passing()):
            if reading < ev.near:
                return self._hints(step.end, self.rule.code_missing)
            return self._hints(step.end, "unsteady_view" if unsteady else self.rule.code_small)
        if (not unsteady and len(walk) <= ev.min_steps
                and ((ev.short_passing is not None and reading < ev.short_passing)
                     or (ev.short_wait_unsteady_step and self._has_unsteady_step(walk)))):
            self._wait_for_next_step()
            return []
        return self._start_counting(unsteady)

    def _wait_for_next_step(self) -> None:
        """Hold the short walk: it counts if no step follows (``_on_frame``,
        ``finish``, a new walk). A step is reported some time after it
        landed: the wait runs from the frame that reported it, the last one
        booked."""
        self._waiting, self._waiting_since = True, self._posture[-1][0]

    def _unsteady_passing(self) -> float:
        ev = self.evidence
        if ev.unsteady_passing_unlearnt is not None and self._rest_guessed():
            return ev.unsteady_passing_unlearnt
        return ev.unsteady_passing

    def _passing(self) -> float:
        ev = self.evidence
        if ev.passing_unlearnt is not None and self._rest_guessed():
            return ev.passing_unlearnt
        return ev.passing

    def _hints(self, t: float, code: str) -> List[Event]:
        hint = self._hint(t, code)
        return [hint] if hint is not None else []

    def _count(self, step: RepEvent, walk: Steps) -> RepEvent:
        """Number ``step`` as a counted repetition. Its posture is the
        median of the walk's ``walk`` steps (a single step's own is mostly
        drift); "full" from the rule's ``full`` spans."""
        q = self._reading(walk, 0.5)
        if q is None:
            q = 0.0
        if self.evidence.leading_passing is not None:
            # a walk read on its foot ahead shows the posture there
            lead = self._leading_reading(walk, 0.5)
            q = q if lead is None else max(q, lead)
        level = self.posture_rest() + q * self.rule.span
        return self._number(self._as_rep(step, level, q, full=q >= self.rule.full))


@dataclass(eq=False)
class WalkCounterFactory:
    """A ``counter_factory`` for ``ExerciseSpec``: steps found by the ``steps``
    finder with ``finder_options``, each walk judged by ``evidence`` on the
    posture that ``rule`` reads. A record, like ``GaitCounterFactory``, so
    that a variant (another line, for a measurement) is one
    ``dataclasses.replace`` away."""

    rule: PostureRule
    evidence: WalkEvidence
    steps: str = "swing"
    finder_options: Dict[str, Any] = field(default_factory=dict)

    def __call__(self, spec: Any, signal_range: SignalRange) -> WalkEvidenceCounter:
        return WalkEvidenceCounter(spec.counter, signal_range, self.rule, self.evidence, self.steps,
                                   **self.finder_options)
