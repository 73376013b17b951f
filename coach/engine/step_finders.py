"""Step finders: where the steps of a walk lie in its step signal (how far
apart the feet are along the walk), whatever the feet's posture.

Each takes ``update(t, value)`` with the signal's samples in time order (None
where it could not be read) and returns the steps it confirms, as
``RepEvent``s running from the previous landing (or from when the feet set
off) to this one. ``GaitCounter`` then judges each step on the posture of
its frames.

* ``SwingSteps``: every turn of the signed signal is a landing (walks
  across a side view);
* ``ZigzagSteps``: every peak of the signal's size (walks towards the
  camera, where the sign is less reliable);
* ``SpreadSteps``: every peak of the signal's size, read simply (walks
  across a side view, where the pose model swaps the legs);
* ``RangeSteps``: every swing from one end of the signal's recent range to
  the other;
* ``SwitchingSteps``: ``SwingSteps`` until the pose model is seen swapping
  the legs, ``SpreadSteps`` from then on (the heel and toe walks).

``LegSwapMender`` takes the pose model's leg swaps out of a signed signal
before ``SwingSteps`` reads it.
"""
from __future__ import annotations

import dataclasses
import math
import statistics
from collections import deque
from typing import Any, Callable, Deque, List, Optional, Tuple

from coach.engine.counter import CounterConfig, Event, RepEvent, SignalRange


def _forget_before(history: Deque[Tuple[Any, ...]], t: float) -> None:
    """Drop the entries of a time-ordered ``(t, ...)`` history older than ``t``."""
    while history and history[0][0] < t:
        history.popleft()


def _flush_median(raw: Deque[Tuple[float, float]], follow: Callable[[float, float], List[Event]]) -> List[Event]:
    """Follows the samples a running median over ``raw`` has not reached
    yet (it stands at its middle sample), each on a window centred on it
    that shrinks to the last sample; then empties ``raw``: the samples
    either side of a gap are not medianed together."""
    samples = list(raw)
    raw.clear()
    out: List[Event] = []
    for i in range(len(samples) // 2 + 1, len(samples)):
        half = len(samples) - 1 - i
        out.extend(follow(samples[i][0], statistics.median(r[1] for r in samples[i - half:])))
    return out


class _StepFinder:
    """What the step finders share: the turning threshold's floor, the
    counting state, and the frame bookkeeping of ``update`` (out-of-order
    frames dropped, a gap longer than ``max_invalid`` starts afresh)."""

    def __init__(self, config: CounterConfig, signal_range: SignalRange, calibrated_share: float) -> None:
        self.config = config
        self.range = signal_range
        self._floor = signal_range.min_span
        if signal_range.rest is not None:
            self._floor = max(self._floor, calibrated_share * abs(signal_range.span))
        self.count = 0
        self.phase = "rest"
        self.progress = 0.0
        self.events: List[Event] = []
        self._last_valid_t: Optional[float] = None
        self._last_t: Optional[float] = None
        # a gap in the signal longer than this loses the step in progress
        # (None: the counter's ``max_invalid``)
        self.max_gap: Optional[float] = None

    def _reset(self) -> None:
        raise NotImplementedError

    def _lost_after(self) -> float:
        """The longest gap in the signal the step in progress survives."""
        return self.config.max_invalid if self.max_gap is None else self.max_gap

    def _turn_threshold(self, swings: Deque[float], share: float) -> float:
        """``share`` of the median of the walk's recent ``swings``, never
        below the floor (the floor alone before any swing)."""
        if not swings:
            return self._floor
        return max(self._floor, share * statistics.median(swings))

    def _book_step(self, start: float, t: float, value: float, size: float, seen: bool = True) -> RepEvent:
        """Count the step from ``start`` that landed at ``t``, and keep it
        among the events; a landing not ``seen`` (in a gap) is "partial"."""
        self.count += 1
        event = RepEvent(index=self.count, start=start, peak=t, end=t, value=value, range=size,
                         progress=1.0, quality="full" if seen else "partial")
        self.events.append(event)
        return event

    def _take(self, t: float, value: Optional[float]) -> bool:
        """Book a frame; True when ``value`` is a new, valid sample to use.
        After a gap longer than ``max_invalid`` the step in progress is
        unknown, and ``_reset`` starts afresh."""
        if self._last_t is not None and t <= self._last_t:
            return False
        self._last_t = t
        gap = self._last_valid_t is not None and t - self._last_valid_t > self._lost_after()
        if value is None or not math.isfinite(value):
            if gap:
                self._reset()
            return False
        if gap:
            self._reset()
        self._last_valid_t = t
        return True


class ZigzagSteps(_StepFinder):
    """Steps from a signed step signal (left foot minus right foot along the
    walk). Its size, how far apart the feet are, peaks as each foot lands
    ahead and falls to a trough as the other passes it, so every landing is a
    peak. The sign is not used: the pose model sometimes swaps its left and
    right legs for a few frames, which flips the sign but not the size.

    Peaks and troughs are found the way a zigzag line is drawn over a price
    chart: the running extreme since the last turning point is confirmed
    once the signal has come back from it by the turning threshold. A peak
    is also confirmed when the signal stays near it for ``settle`` seconds
    after a rise of at least ``settle_share`` of the recent ones (a person
    who stops with one foot ahead; feet brought together at the end of a
    walk never rise that far). The threshold is the range's ``min_span``
    (after calibration at least ``calibrated_share`` of the calibrated span)
    and at least ``turn_share`` of the median of the last few rises, so that
    landmark jitter never makes a step, a walk that drifts across the picture
    or comes nearer needs no re-learnt range, and the last, shorter step of a
    walk still counts. A peak far sooner than the walk's rhythm (under
    ``min_interval_share`` of the median interval between peaks) is the same
    landing seen twice, when a passer-by or a leg swap broke the swing; so
    is a peak under ``min_interval`` seconds after the last, even before
    the walk has a rhythm (a hidden foot's noisy points as the walk sets off).

    A landing can also fall in a gap of the signal: the model jumped to a
    passer-by, whose frames were dropped, just as the walker's foot came
    down. When ``hidden_landing`` is set, a walk is under way (its rhythm
    known from three peaks), the signal was climbing from its last low by at
    least half the threshold when it went missing for ``min_hidden`` seconds
    or more, and it comes back that much lower, the feet went apart and
    together unseen: one landing, timed at the middle of the gap. After one
    peak only, such a gap counts its landing once the next peak shows the
    same foot ahead as the first (see ``alternate``): a child's quick, short
    steps walking into the camera lost their second landing so.

    With ``alternate`` set, the sign is used after all, in one way: the feet
    take turns, so two landings in a row with the same foot ahead (the sign
    of the signal over ``sign_window`` seconds around each peak, so that a
    swap of a few frames does not turn it) mean something went unseen.
    With a gap of ``min_hidden`` seconds or more between them, once the
    walk has a rhythm, the other foot landed in the gap: one landing, timed
    at the middle of the longest gap, comes before the second. Without a
    gap, the second is the first landing seen again (noise on a hidden foot
    broke its swing in two) and is not counted, unless the first was the
    walk's first peak and only a spike of a frame or two (a passer-by's
    feet before the walk must not take the first landing's place). With
    ``first_spike`` set, such a spike is not reported until a landing
    follows: one with the same foot ahead (the spike's own sample, not the
    feet at rest around it) takes its place, and the spike is dropped; any
    other comes after it. A gap
    after a peak but before the signal came back far enough to confirm it
    is one since that landing. Before the walk has a rhythm, a gap of at
    least ``min_interval`` seconds (when set) after a landing seen on more
    than a spike holds the other foot's landing all the same: a passer-by
    took the detector over straight after the walk's first landing.

    With ``pass_in_gap`` set, a gap of ``min_hidden`` seconds or more that
    the signal left with one foot ahead and came back from with the other
    ahead hid the feet passing each other: the trough lay in the gap, and
    the finder heads for the next peak at once instead of waiting for a
    trough already gone (which lost the landing after the gap, most often a
    walk's last, as the walker comes near the camera; on 20 seed sets of
    the accuracy suite never used before, outer-edge walks 0.922 -> 0.942
    and inner-edge walks 0.925 -> 0.947 exact, no clip counted worse; on 20
    more, 0.886 -> 0.906 and 0.911 -> 0.922). If the signal went into that
    gap with the other foot ahead than at the last landing, the feet passed
    twice in it, and the foot ahead between the passings landed there.
    Heading for a peak instead, the peak seen before the gap was a landing
    the passing confirms (``_peak_before_pass``), and the passing rules
    out a landing hidden in the gap: the signal, back low with the other
    foot ahead, is on its way to the next landing, not at a trough.

    A walk's last step is often seen only in part. When the signal is lost
    for good (past ``max_invalid``) on a rise as large as a settled peak's,
    the walker stepped out of the picture, or their feet did, as that foot
    landed: the landing counts. With ``end_back`` set, a peak also counts
    once the signal has come back by that share of the threshold and stayed
    ``settle`` seconds without rising again: after a walk's last step the
    feet need not come all the way together. With ``final_swing`` set, the
    last step may part the feet by less than the threshold, as the stride
    shrinks at the end of a walk: a swing of at least that share of the
    threshold, in the walk's rhythm, after a full-size landing, that comes
    back and stays, counts (see ``_final_step``).

    A gap in the signal longer than ``max_gap`` seconds (None: the
    counter's ``max_invalid``) loses the walk in progress, its rhythm with
    it; a shorter one is bridged by the rules above.

    Like ``RepCounter`` it takes ``update(t, value)`` and returns events; each
    step is a ``RepEvent`` from the previous landing (or from when the feet
    set off) to this one, reported as soon as it is confirmed.
    """

    def __init__(self, config: CounterConfig, signal_range: SignalRange, turn_share: float = 0.3,
                 settle: float = 0.5, calibrated_share: float = 0.5, swings_kept: int = 4,
                 settle_share: float = 0.75, max_step: float = 1.6, min_interval_share: float = 0.5,
                 hidden_landing: bool = True, min_hidden: float = 0.1, alternate: bool = True,
                 sign_window: float = 0.1, pass_in_gap: bool = True, end_back: Optional[float] = None,
                 final_swing: Optional[float] = None, final_rhythm: float = 0.35,
                 retime_after_gap: bool = True, max_gap: Optional[float] = None,
                 min_interval: float = 0.0, first_spike: bool = True) -> None:
        super().__init__(config, signal_range, calibrated_share)
        self.first_spike = first_spike
        self.max_gap = max_gap
        self.retime_after_gap = retime_after_gap
        # the first sample after a gap, if higher than the one before, and the gap's middle
        self._after_gap: Optional[Tuple[float, float]] = None
        # the same for the running extreme heading for a peak, when it is that sample
        self._ext_gap: Optional[Tuple[float, float]] = None
        self.end_back = end_back
        self.final_swing = final_swing
        self.final_rhythm = final_rhythm
        # heading for a trough: the highest size since the lowest one, the
        # lowest before it, and the lowest after it (t, size, base, low after)
        self._rebound: Optional[Tuple[float, float, float, float]] = None
        self.pass_in_gap = pass_in_gap
        self.hidden_landing = hidden_landing
        self.min_hidden = min_hidden
        self.alternate = alternate
        self.sign_window = sign_window
        # signed samples of the last second, for the sign of each peak
        self._signed: Deque[Tuple[float, float]] = deque()
        self._last_sign = 0.0                      # which foot was ahead at the last landing (+1, -1, 0 unknown)
        self._last_supported = False               # the last landing was seen on more than a spike
        # a walk's first landing seen only as a spike, not yet reported (see _landings)
        self._first_spike: Optional[RepEvent] = None
        self._gap: Optional[Tuple[float, float]] = None  # the longest gap in the signal since the last landing
        # a gap the signal went into climbing and came back from low, before
        # the walk had a rhythm to count the landing in it by (see _landings)
        self._climbed_gap: Optional[Tuple[float, float]] = None
        # the last two valid samples (t, size): was the signal climbing when it went missing?
        self._recent: Deque[Tuple[float, float]] = deque(maxlen=2)
        self.min_interval_share = min_interval_share
        self.min_interval = min_interval
        self._intervals: Deque[float] = deque(maxlen=swings_kept)
        self.turn_share = turn_share
        self.settle = settle
        self.settle_share = settle_share
        self.max_step = max_step
        self._rises: Deque[float] = deque(maxlen=swings_kept)
        self._trough: Optional[float] = None       # size at the last trough, or standing
        self._ext: Optional[Tuple[float, float]] = None   # running extreme (t, size)
        self._up = True                            # heading for a peak (else a trough)
        self._set_off_t: Optional[float] = None    # last time near the trough, heading up
        self._near_low_t: Optional[float] = None   # last time near the low, heading for a trough
        self._last_peak_t: Optional[float] = None
        # how far off ``_last_peak_t`` the landing may have been: half the
        # gap a landing timed at a gap's middle fell in, 0 for one seen
        self._last_peak_spread = 0.0

    def threshold(self) -> float:
        """The swing (signal units) that makes a turning point."""
        return self._turn_threshold(self._rises, self.turn_share)

    def _reset(self) -> None:
        self._intervals.clear()
        self._recent.clear()
        self._signed.clear()
        self._last_sign = 0.0
        self._last_supported = False
        self._first_spike = None
        self._gap = None
        self._climbed_gap = None
        self._trough = None
        self._ext = None
        self._rebound = None
        self._near_low_t = None
        self._up = True
        self._last_peak_t = None
        self._last_peak_spread = 0.0
        self.phase = "rest"
        self.progress = 0.0

    def update(self, t: float, value: Optional[float]) -> List[Event]:
        before = self._last_valid_t
        lost = self._after_first_spike(self._landing_before_loss(t))
        if not self._take(t, value):
            return lost
        assert value is not None
        size = abs(value)
        if before is not None and t - before >= self.min_hidden and \
                (self._gap is None or t - before > self._gap[1] - self._gap[0]):
            self._gap = (before, t)
        passed = before is not None and self._passed_unseen(before, t, value)
        # heading for a peak, feet that passed each other in the gap say more
        # than a signal that came back lower: the landing came before the
        # passing, and the signal now heads for the next one
        hidden = None if passed and self._up else self._hidden_landing(t, size)
        passed = passed and hidden is None
        # a sample after a gap, higher than the one before it: a peak here
        # may have been reached in the gap
        self._after_gap = (t, 0.5 * (before + t)) if (
            self.retime_after_gap and before is not None and t - before >= self.min_hidden and self._recent
            and size > self._recent[-1][1]) else None
        self._recent.append((t, size))
        self._signed.append((t, value))
        _forget_before(self._signed, t - 1.0)
        if hidden is not None:
            return self._after_first_spike(lost + [hidden])
        # before following: the landing in the gap came before this sample
        twice = self._landed_between_passes(before, t) if passed and not self._up else None  # type: ignore[arg-type]
        events = lost + ([twice] if twice is not None else [])
        if passed and self._up:
            # heading for a peak, the feet passed each other in the gap
            events += self._peak_before_pass(before, t)  # type: ignore[arg-type]
        events += self._follow(t, size)
        if passed and not self._up:
            # the trough (feet side by side, size 0) lay in the gap: the
            # signal is on its way up to the next landing already
            self._trough = 0.0
            self._up = True
            self._ext = (t, size)
            self._set_off_t = 0.5 * (before + t)  # type: ignore[operator]
        return self._after_first_spike(events)

    def _after_first_spike(self, events: List[Event]) -> List[Event]:
        """``events``, after the walk's first landing held as a spike (see
        ``_landings``) once a landing follows that did not take its place."""
        spike = self._first_spike
        if spike is None or not any(isinstance(e, RepEvent) and e is not spike for e in events):
            return events
        self._first_spike = None
        return [spike] + events

    def _follow(self, t: float, size: float) -> List[Event]:
        """Follows the zigzag with one more sample's size: the steps whose
        landing it confirms."""
        if self._trough is None or self._ext is None:
            self._trough, self._ext, self._up, self._set_off_t = size, (t, size), True, t
            return []
        th = self.threshold()
        ext_t, ext_v = self._ext
        if self._up:
            if size >= ext_v:
                self._ext = (t, size)
                ext_t, ext_v = t, size
                if self._after_gap is not None and self._after_gap[0] == t:
                    self._ext_gap = self._after_gap
            rise = ext_v - self._trough
            back = ext_v - size
            settled = t - ext_t >= self.settle and rise >= self._settled_rise(th)
            # a walk's last step: the feet may come only part of the way
            # together after it, and stay so
            ended = self.end_back is not None and t - ext_t >= self.settle and back >= self.end_back * th
            peaked = rise >= th and (back >= th or settled or ended)
            if not peaked and size < self._trough:
                # lower than the trough: the trough was not yet reached
                # (after a loss the signal may come back mid-swing). Checked
                # after the peak, so that a small last step whose feet close
                # up below the previous trough still counts.
                self._trough, self._ext, self._set_off_t = size, (t, size), t
                ext_t, ext_v = t, size
                rise = 0.0
            if size - self._trough < 0.5 * th:
                self._set_off_t = t
            self.phase = "active" if rise >= 0.5 * th else "rest"
            self.progress = min(1.0, rise / max(th, 1e-9))
            if not peaked:
                return []
            # a peak: one foot landed ahead
            self._up = False
            self._ext = (t, size)
            # not a walk's first landing: that step's frames end at its
            # landing, and before a gap there are none of it to judge
            gap = self._ext_gap
            retime = gap is not None and gap[0] == ext_t and self._last_peak_t is not None
            return self._landings(ext_t, ext_v, rise, at=gap[1] if retime else None)
        # heading for a trough: the feet passing each other
        if size <= ext_v:
            self._ext = (t, size)
            ext_t, ext_v = t, size
        self.phase = "active"
        if size - ext_v >= th:
            self._trough = ext_v
            self._up = True
            self._ext = (t, size)
            # the feet set off when they last stood near the trough: after a
            # rest, not when the signal was lowest in it
            near = self._near_low_t
            self._set_off_t = near if near is not None and near >= ext_t else ext_t
            self._rebound = None
            return []
        if size - ext_v < 0.5 * th:
            self._near_low_t = t
        return self._final_step(t, size, ext_v, th)

    def _final_step(self, t: float, size: float, low: float, th: float) -> List[Event]:
        """With ``final_swing``, heading for a trough: a walk's last step
        that parts the feet less than the threshold. As a walk ends the
        stride shrinks, and the last foot often lands only a little ahead of
        the other, or beside it, before the feet close. Such a swing counts
        when it rises at least ``final_swing`` of the threshold from the low
        before it, follows a landing of full size (``settle_share`` of the
        recent rises: a walk that ended on a short step already has its last
        one), peaks in the walk's rhythm (one median interval after the
        last landing, give or take ``final_rhythm`` of it and, for a last
        landing found in a gap, the time the gap leaves open), comes back by
        half its rise and then stays ``settle`` seconds below its peak: the
        walk is over. Standing still after a walk, the landmarks' jitter
        does not swing that far in time with the steps."""
        if self.final_swing is None:
            return []
        rb = self._rebound
        if rb is None:
            if size > low:
                self._rebound = (t, size, low, size)
            return []
        rb_t, rb_v, base, after = rb
        if size > rb_v:
            if rb_v - after >= 0.5 * (rb_v - base):
                # it came back and now rises again: a new swing from the low between
                self._rebound = (t, size, after, size)
            else:
                self._rebound = (t, size, base, size)
            return []
        after = min(after, size)
        self._rebound = (rb_t, rb_v, base, after)
        rise = rb_v - base
        last = self._last_peak_t
        if rise < self.final_swing * th or rb_v - after < 0.5 * rise or t - rb_t < self.settle:
            return []
        if last is None or len(self._intervals) < 2 or not self._rises or \
                self._rises[-1] < self.settle_share * statistics.median(self._rises):
            # no walk under way, or its last landing was a short step already
            return []
        self._rebound = None
        if not self._in_final_rhythm(rb_t):
            return []  # out of time with the walk: jitter, not a step
        self._trough = base
        self._ext = (t, size)
        return self._landings(rb_t, rb_v, rise)

    def _settled_rise(self, th: float) -> float:
        """The rise a peak needs to count without the signal coming back:
        ``settle_share`` of the recent rises, and never under ``th``."""
        return max(th, self.settle_share * statistics.median(self._rises) if self._rises else th)

    def _landing_before_loss(self, t: float) -> List[Event]:
        """The landing the signal was peaking at when it was lost for good
        (past ``max_invalid``, by ``t``): the walker left the picture, or
        their feet went out of it, on a full step's rise whose coming back
        was never seen. Counted when the rise was as large as a settled
        peak's (``settle_share`` of the recent rises), or as a short last
        step already on its way back (``_ending_at_loss``); anything else
        may be a step cut short, and is dropped with the rest of the walk."""
        if self._last_valid_t is None or (self._last_t is not None and t <= self._last_t) or \
                t - self._last_valid_t <= self._lost_after():
            return []
        if not self._up or self._ext is None or self._trough is None:
            return []
        ext_t, ext_v = self._ext
        rise = ext_v - self._trough
        th = self.threshold()
        if rise < self._settled_rise(th) and not self._ending_at_loss(ext_t, ext_v, rise, th):
            return []
        self._up = False
        landed = self._landing(ext_t, ext_v, rise, sign=self._sign_at(ext_t))
        return [landed] if landed is not None else []

    def _ending_at_loss(self, ext_t: float, ext_v: float, rise: float, th: float) -> bool:
        """With ``end_back``: was the peak lost at a walk's short last step,
        already on its way back? It rose a full threshold, in the walk's
        rhythm (as ``_final_step`` asks), and the last sample seen had come
        back ``end_back`` of the threshold from it: walking into the
        camera, the feet leave the bottom of the picture as the last step
        lands, before it could settle."""
        if self.end_back is None or rise < th or len(self._intervals) < 2 or self._last_peak_t is None:
            return False
        if not self._recent or ext_v - self._recent[-1][1] < self.end_back * th:
            return False
        return self._in_final_rhythm(ext_t)

    def _in_final_rhythm(self, t: float) -> bool:
        """Does a last landing at ``t`` come one median interval after the
        walk's last landing, give or take ``final_rhythm`` of it (the walk
        has a rhythm: two intervals known)? A last landing timed at a gap's
        middle may have come anywhere in it: its spread is allowed too."""
        assert self._last_peak_t is not None
        beat = statistics.median(self._intervals)
        return abs((t - self._last_peak_t) - beat) <= self.final_rhythm * beat + self._last_peak_spread

    def _hidden_landing(self, t: float, size: float) -> Optional[RepEvent]:
        """The landing that fell in the gap before this sample, if the signal
        says one did (see the class text); None otherwise."""
        if not self.hidden_landing or len(self._recent) < 2 or self._ext is None or self._trough is None:
            return None
        (_, v_before), (t_last, v_last) = self._recent
        if t - t_last < self.min_hidden or self._last_peak_t is None:
            return None
        th = self.threshold()
        # the lowest point since the last peak: the trough, or the running
        # low while still heading for one
        low = self._trough if self._up else self._ext[1]
        climbing = v_last > v_before and v_last - low >= 0.5 * th
        if not climbing or size - low > 0.5 * (v_last - low):
            return None
        if len(self._intervals) < 2:
            # no rhythm yet: the next peak decides (see _landings)
            self._climbed_gap = (t_last, t)
            return None
        landing = 0.5 * (t_last + t)
        if landing - self._last_peak_t < self.min_interval_share * statistics.median(self._intervals):
            return None
        # now heading for the trough the feet come back to
        self._up = False
        self._ext = (t, size)
        # the foot that landed is the one the signal was heading for
        self._last_supported = False
        return self._landing(landing, v_last, v_last - low, seen=False, sign=self._sign_at(t_last),
                             spread=0.5 * (t - t_last))

    def _passed_unseen(self, before: float, t: float, value: float) -> bool:
        """Did the feet pass each other unseen? The signal went missing for
        ``min_hidden`` seconds or more with one foot ahead and comes back
        with the other ahead, both well off zero. The finder, heading for a
        trough (or, with a landing confirmed by this very sample, about to),
        would otherwise wait for one already gone and lose the landing that
        follows: most often a walk's last, as the walker nears the camera."""
        if not self.pass_in_gap or t - before < self.min_hidden or not self._signed:
            return False
        last = self._signed[-1][1]
        floor = 0.5 * self.threshold()
        return last * value < 0.0 and abs(last) >= floor and abs(value) >= floor

    def _peak_before_pass(self, before: float, t: float) -> List[Event]:
        """Heading for a peak, the feet passed each other unseen: the foot
        ahead when the signal went missing had landed, if the signal had
        risen a full threshold by then. Its landing is the running extreme
        before the gap (or the gap's middle, if the signal was still
        climbing as it went missing), confirmed by the passing rather than
        by the signal coming back, which the gap hid. The finder then heads
        for a trough, which ``update`` finds already passed. Without this,
        the landing was counted only by the feet's turns, timed at the gap's
        middle, and the next one, seen soon after the gap, could be taken
        for it seen twice (a child's quick steps, under ``min_interval``)."""
        if self._ext is None or self._trough is None:
            return []
        ext_t, ext_v = self._ext
        rise = ext_v - self._trough
        if rise < self.threshold():
            return []
        self._up = False
        return self._landings(ext_t, ext_v, rise, at=0.5 * (before + t) if self._climbing_into(before, rise) else None)

    def _climbing_into(self, before: float, rise: float) -> bool:
        """Was the signal still climbing as it went missing at ``before``:
        its last sample the highest, and more than a fifth of the rise above
        the one before it? Then the foot came down in the gap. A foot about
        to land slows, and the signal flattens onto its peak: on the edge
        walks' suite, walks lost just before a landing rose 0.01 to 0.13 of
        the rise on their last frame, one lost 0.2 s before it 0.36."""
        seen = [abs(v) for s, v in self._signed if s <= before]
        if len(seen) < 2 or self._ext is None or self._ext[0] < before:
            return False
        return seen[-1] - seen[-2] > 0.2 * rise

    def _landed_between_passes(self, before: float, t: float) -> Optional[RepEvent]:
        """Heading for a trough, the feet passed each other unseen: did a
        foot land in the gap as well? It did when the signal went into the
        gap with the other foot ahead than at the last landing: the trough
        after that landing was passed unconfirmed (its swing short of the
        threshold), that foot went ahead, landed and was passed again, all
        before the signal came back. The landing is timed at the gap's
        middle. None when the signal went in with the same foot ahead."""
        if self._last_peak_t is None or self._last_sign == 0.0 or self._ext is None:
            return None
        went_in = self._signed[-2][1] if len(self._signed) >= 2 else 0.0
        if went_in * self._last_sign >= 0.0:
            return None
        low = self._ext[1]
        size_in = abs(went_in)
        return self._landing(0.5 * (before + t), size_in, size_in - low, seen=False,
                             sign=math.copysign(1.0, went_in), spread=0.5 * (t - before))

    def _sign_at(self, t: float) -> float:
        """Which foot was ahead around ``t``: the sign of the median signed
        sample within ``sign_window`` seconds, so that a left-right swap of
        a frame or two does not turn it; 0 when nothing was seen there."""
        near = [v for s, v in self._signed if abs(s - t) <= self.sign_window]
        return math.copysign(1.0, statistics.median(near)) if near else 0.0

    def _supported(self, ext_t: float, ext_v: float, rise: float, sign: float) -> bool:
        """Was the peak at ``ext_t`` seen on at least three samples within
        ``sign_window`` seconds, each with that foot ahead and at least half
        its rise up? A spike of a frame or two is not."""
        floor = ext_v - 0.5 * rise
        return sum(1 for s, v in self._signed
                   if abs(s - ext_t) <= self.sign_window and v * sign >= floor) >= 3

    def _landings(self, ext_t: float, ext_v: float, rise: float, at: Optional[float] = None) -> List[Event]:
        """The landings a seen peak at ``ext_t`` stands for: itself; with
        ``alternate``, also one hidden in a gap before it, or none at all
        when the same foot was ahead at the last landing and nothing was
        missed (see the class text). A peak seen first on the sample after
        a gap, and only falling from there, was reached in the gap: with
        ``at`` (the gap's middle) its landing is timed there, so that the
        next landing is not taken for it seen twice."""
        sign = self._sign_at(ext_t)
        last = self._last_peak_t
        gap = self._gap
        # the same foot ahead as at the last landing, at most two steps ago,
        # and the feet not stood side by side in between (``_rested``)
        same_foot = self.alternate and last is not None and ext_t - last <= 2.0 * self.max_step and \
            sign != 0.0 and sign == self._last_sign and not self._rested(last)
        # a gap hid a landing once the walk has a rhythm; before that, only
        # if the signal also went into it climbing and came back low, or
        # the gap lasts a step's least time after a landing seen on more
        # than a spike. A landing seen twice needs the first sighting to be
        # more than a spike.
        unseen = gap is not None and (len(self._intervals) >= 2 or gap == self._climbed_gap or (
            self._last_supported and 0.0 < self.min_interval <= gap[1] - gap[0]))
        if same_foot and self._first_spike is not None and not (gap is not None and unseen):
            # the walk's first landing was a spike (a passer-by's feet, a
            # hidden foot's points thrown about), and this one, with the
            # same foot ahead and none hidden between, is the real one
            self._first_spike = None
            self._last_peak_t = None
            landed = self._landing(ext_t, ext_v, rise, sign=sign)
            if landed is not None:
                self._last_supported = self._supported(ext_t, ext_v, rise, sign)
            return [landed] if landed is not None else []
        if not same_foot or (gap is not None and not unseen) or \
                (gap is None and not (self._last_supported or self._intervals)):
            first = last is None or ext_t - last > self.max_step
            landed = self._landing(ext_t if at is None or same_foot else at, ext_v, rise, sign=sign)
            if landed is None:
                return []
            self._last_supported = self._supported(ext_t, ext_v, rise, sign)
            if first and self.first_spike and not self._last_supported:
                # a walk's first landing seen only as a spike of a frame or
                # two: reported once a landing follows that does not take
                # its place (``_after_first_spike``). The foot ahead is the
                # spike's own: the samples around it are the feet at rest.
                self._first_spike = landed
                self._last_sign = next((math.copysign(1.0, v) for s, v in self._signed if s == ext_t), sign)
                return []
            return [landed]
        if gap is None:
            # the same foot ahead again with nothing missed: its landing seen twice
            self._last_peak_t = ext_t
            return []
        hidden = self._landing(0.5 * (gap[0] + gap[1]), ext_v, rise, seen=False, sign=-sign,
                               spread=0.5 * (gap[1] - gap[0]))
        landed = self._landing(ext_t, ext_v, rise, sign=sign)
        self._last_supported = landed is not None and self._supported(ext_t, ext_v, rise, sign)
        return [e for e in (hidden, landed) if e is not None]

    def _rested(self, last: float) -> bool:
        """Did the feet stand side by side, after the landing at ``last``,
        for longer than a stride of the walk (two of its intervals; before
        it has a rhythm, ``max_step``) before they set off again, less the
        longest gap in the signal since (a gap may hide a landing and the
        passing after it, which leave the set-off late)? A walker who
        stopped to rest may set off with either foot: the same foot ahead
        as before the rest is a new landing, not the last one seen twice."""
        if self._set_off_t is None:
            return False
        stride = 2.0 * statistics.median(self._intervals) if self._intervals else self.max_step
        unseen = self._gap[1] - self._gap[0] if self._gap is not None else 0.0
        return self._set_off_t - last - unseen > stride

    def _landing(self, ext_t: float, ext_v: float, rise: float, seen: bool = True,
                 sign: float = 0.0, spread: float = 0.0) -> Optional[RepEvent]:
        """The step that landed at ``ext_t`` with the foot ``sign`` ahead, or
        None when the walk's rhythm says it is the last landing seen twice. A
        landing not ``seen`` (in a gap) leaves the walk's record of rises
        alone: its rise is only in part; it may have come ``spread`` seconds
        either side of ``ext_t``. A landing refused leaves the foot
        ahead, and the gaps seen since, as they were."""
        last = self._last_peak_t
        if last is not None and ext_t - last <= self.max_step:
            if ext_t - last < self.min_interval or len(self._intervals) >= 2 and \
                    ext_t - last < self.min_interval_share * statistics.median(self._intervals):
                # far sooner than the walk's rhythm: the same landing seen
                # twice (a passer-by or a leg swap broke the swing)
                self._last_peak_t = ext_t
                return None
            self._intervals.append(ext_t - last)
        if seen:
            self._rises.append(rise)
        start = self._last_peak_t
        if start is None or ext_t - start > self.max_step:
            start = self._set_off_t if self._set_off_t is not None else ext_t
        self._last_peak_t = ext_t
        self._last_peak_spread = spread
        if start > ext_t:
            start = ext_t
        # a gap after the peak, before it was confirmed, is one since this landing
        self._gap = self._gap if self._gap is not None and self._gap[0] >= ext_t else None
        self._climbed_gap = None
        self._last_sign = sign
        return self._book_step(start, ext_t, ext_v, rise)


class SpreadSteps(_StepFinder):
    """Steps from how far apart the feet are along the walk, whichever foot
    is ahead: the size of a signed step signal (left foot minus right foot).
    It peaks as each foot lands ahead and falls as the other passes it, so
    every peak is a landing. Walking across the view, the pose model swaps
    its left and right legs, for a frame or for whole steps, and may read
    both feet at one place for a moment; a swap flips the signal's sign but
    leaves its size, so reading the size alone needs no mending of swaps.

    The size goes through a running median of ``median_frames`` samples
    (a frame or two that reads the feet together mid-step is no passing).
    A peak is confirmed once the size has risen from its last low by the
    turning threshold and come back from the peak by it too. The threshold
    is ``turn_share`` of the median of the walk's last few rises (peak over
    the low before it), and never under ``floor_share`` of the range's
    ``min_span``: a camera turned off side-on adds the feet's sideways
    distance to one foot's landings and takes it from the other's, so
    every other rise may be half the size of the ones between. A peak the
    size then holds for ``settle`` seconds, within a quarter of the
    threshold, after a rise of ``settle_share`` of the walk's, is a landing
    too: a walker who stops with one foot ahead.

    A peak sooner after the last landing than ``min_interval_share`` of the
    walk's rhythm (the median time between landings), or than ``min_step``
    seconds (no one steps on heels or toes that fast), is the same landing
    seen twice (the model read the feet together for a moment mid-step): it
    is not counted. At 0.25 s rather than 0.35, a varied drawn heel walk
    that the model read swapping from its first step counted its first
    landing twice, 0.3 s apart (``--varied``, walk 52).

    A gap in the signal (``min_hidden`` seconds or more: a passer-by's
    frames dropped, the feet hidden) may hide the feet passing each other.
    The sign tells then: with ``pass_in_gap``, when the median of up to
    ``side_frames`` samples either side of the gap lies on opposite sides,
    each a threshold out, the feet passed in the gap. A peak the size was
    still at when the gap began is a landing, and the size after the gap
    rises from the passing, not from the low seen before it. (Without it, a
    landing whose passing a gap hid was lost: the size read high on both
    sides.) A swap falling in a gap would pass for a passing; it is the
    sign of a few frames, read only there.

    A gap can also hide a whole landing, the feet parting and coming
    together unseen: the next landing then comes two steps after the last.
    With ``hidden_at`` set, once the walk has a rhythm, a landing that
    comes ``hidden_at`` times the rhythm or more after the last one, with a
    gap of ``min_hidden`` seconds or more between, counts one landing in
    the gap first (where the rhythm puts it, within the gap), marked
    "partial".

    A walk's last step is often small, and its feet need not come all the
    way together: as the walk ends the stride shrinks, and the pose model
    read the last landing of drawn heel walks at a quarter to a third of
    the others, then the feet standing side by side a little apart (a
    camera off side-on sees the far foot beside the near one). With
    ``final_swing`` set, a rise of at least that share of the threshold
    that the size comes back from by half (by less than the threshold, or
    from a rise short of it) counts as the walk's last landing when it
    follows a landing of full size (``settle_share`` of the walk's rises:
    a walk that ended on a short step already has its last one), peaks in
    the walk's rhythm (one median interval after the last landing, give or
    take ``final_rhythm`` of it) and the size then stays ``settle`` seconds
    off the peak by a quarter of the rise or more: the walk is over.
    Walking on, the next step's rise passes the peak at once.

    A gap in the signal over ``max_gap`` seconds loses the walk. Each step
    runs from the last landing, within ``max_step`` seconds, else from when
    the walker set off: the size's last reading within a quarter of the
    rise above its low (feet standing together sway; timed at the lowest
    reading of a rest, the step after it took in the frames of standing,
    and a varied drawn toe walk lost the steps after its rest, walk 381).
    Where the size stood ``settle`` seconds or more in the lower half of
    the rise, the feet stood still there, maybe a little apart: the low is
    then the median of those readings (timed from the feet passing before
    the rest, a step took in 3 s of standing and read flat feet, and a
    varied drawn heel walk that paused lost the steps after it, walk 469)."""

    def __init__(self, config: CounterConfig, signal_range: SignalRange, turn_share: float = 0.3,
                 floor_share: float = 0.5, calibrated_share: float = 0.5, median_frames: int = 5,
                 swings_kept: int = 4, settle: float = 0.5, settle_share: float = 0.75, max_step: float = 1.6,
                 min_interval_share: float = 0.5, min_step: float = 0.35, max_gap: float = 1.2,
                 min_hidden: float = 0.1, pass_in_gap: bool = True, side_frames: int = 3,
                 hidden_at: Optional[float] = 1.6, final_swing: Optional[float] = None,
                 final_rhythm: float = 0.35) -> None:
        super().__init__(config, signal_range, calibrated_share)
        if median_frames < 1:
            raise ValueError("median_frames must be at least 1")
        if final_swing is not None and not 0.0 < final_swing < 1.0:
            raise ValueError("final_swing is a share of the turning threshold, between 0 and 1")
        self.final_swing = final_swing
        self.final_rhythm = final_rhythm
        self.turn_share = turn_share
        self.floor_share = floor_share
        self.median_frames = median_frames
        self.settle = settle
        self.settle_share = settle_share
        self.max_step = max_step
        self.min_interval_share = min_interval_share
        self.min_step = min_step
        self.max_gap = max_gap
        self.min_hidden = min_hidden
        self.pass_in_gap = pass_in_gap
        self.side_frames = side_frames
        self.hidden_at = hidden_at
        self._rises: Deque[float] = deque(maxlen=swings_kept)
        self._intervals: Deque[float] = deque(maxlen=swings_kept)
        self._raw: Deque[Tuple[float, float]] = deque(maxlen=median_frames)
        self._reset()

    def threshold(self) -> float:
        """The rise and fall (signal units) that make a peak."""
        floor = self.floor_share * self._floor
        if not self._rises:
            return floor
        return max(floor, self.turn_share * statistics.median(self._rises))

    def _reset(self) -> None:
        self._raw.clear()
        self._rises.clear()
        self._intervals.clear()
        self._lo: Optional[Tuple[float, float]] = None    # the lowest size since the last peak
        self._hi: Optional[Tuple[float, float]] = None    # the highest since that low
        self._since: List[Tuple[float, float]] = []      # the smoothed samples since that low
        self._last_landing: Optional[Tuple[float, float]] = None
        # the signed samples since the last gap, and the gap before them
        # with the signed median of the samples before it (see ``pass_in_gap``)
        self._signed: Deque[float] = deque(maxlen=self.side_frames)
        self._gap: Optional[Tuple[float, float, float]] = None   # (start, end, signed median before)
        self._longest_gap: Optional[Tuple[float, float]] = None  # since the last landing
        # a walk's last swing, maybe: one the size came back from by half,
        # not by the threshold (see ``final_swing``): (its low, its peak)
        self._short_swing: Optional[Tuple[Tuple[float, float], Tuple[float, float]]] = None
        self.phase = "rest"
        self.progress = 0.0

    def update(self, t: float, value: Optional[float]) -> List[Event]:
        before = self._last_valid_t
        if not self._take(t, value):
            return []
        assert value is not None
        out: List[Event] = []
        if before is not None and t - before >= self.min_hidden and self._raw:
            # samples either side of a gap are not medianed together
            out.extend(self._flush())
            self._gap = (before, t, statistics.median(self._signed)) if self._signed else None
            self._signed.clear()
            longest = self._longest_gap
            if longest is None or t - before > longest[1] - longest[0]:
                self._longest_gap = (before, t)
        self._raw.append((t, abs(value)))
        self._signed.append(value)
        # the median stands at its middle sample's time
        out.extend(self._follow(self._raw[len(self._raw) // 2][0], statistics.median(r[1] for r in self._raw)))
        if self._gap is not None and len(self._signed) == self.side_frames:
            out.extend(self._passed_in_gap())
        return out

    def _passed_in_gap(self) -> List[Event]:
        """Did the feet pass each other in the last gap (``pass_in_gap``)?
        Asked once, when ``side_frames`` samples followed it."""
        assert self._gap is not None
        start, end, signed_before = self._gap
        self._gap = None
        after = statistics.median(self._signed)
        th = self.threshold()
        if not self.pass_in_gap or signed_before * after >= 0 or min(abs(signed_before), abs(after)) < th:
            return []
        out: List[Event] = []
        lo, hi = self._lo, self._hi
        if lo is not None and hi is not None and hi[0] <= start and hi[1] - lo[1] >= th:
            # the peak the size was at as the gap began: the feet passed after it
            out.extend(self._landing(hi, hi[1] - lo[1], self._left_low(lo, hi)))
        # the size after the gap rises from the passing in it
        since = [r for r in self._raw if r[0] >= end]
        self._lo = (0.5 * (start + end), 0.0)
        self._hi = max(since, key=lambda r: r[1]) if since else None
        self._since = list(since)
        return out

    def _flush(self) -> List[Event]:
        return _flush_median(self._raw, self._follow)

    def _follow(self, t: float, v: float) -> List[Event]:
        """One more smoothed sample: the landing it confirms, if any."""
        th = self.threshold()
        band = 0.25 * th
        lo, hi = self._lo, self._hi
        if lo is None:
            self._lo, self._since = (t, v), [(t, v)]
            return []
        self._since.append((t, v))
        if v >= lo[1] and (hi is None or v > hi[1]):
            self._hi = hi = (t, v)
        rise = 0.0 if hi is None else hi[1] - lo[1]
        if rise >= th:
            assert hi is not None
            self.phase, self.progress = "active", 1.0
            arrived = self._arrived(hi, band)
            settled = t - arrived >= self.settle and bool(self._rises) and \
                rise >= self.settle_share * statistics.median(self._rises)
            if hi[1] - v < th and not settled:
                # (a last step the feet came back from only part way)
                return self._final_step(t, v, th) if self.final_swing is not None else []
            # a peak held is timed where the size got to it
            landing = hi if hi[1] - v >= th else (arrived, hi[1])
            set_off = self._left_low(lo, hi)
            self._lo, self._hi, self._since = (t, v), None, [(t, v)]
            self._short_swing = None
            return self._landing(landing, rise, set_off)
        self.phase, self.progress = "rest", rise / th
        if self.final_swing is not None:
            final = self._final_step(t, v, th)
            if final:
                return final
        if v < lo[1]:
            self._lo, self._hi, self._since = (t, v), None, [(t, v)]
        return []

    def _final_step(self, t: float, v: float, th: float) -> List[Event]:
        """With ``final_swing``, on a sample that confirms no landing: the
        walk's last landing, when the last swing the size came back from by
        half ends the walk (see the class text). The swing is kept apart
        from the low and peak the size heads on from: a fall below that low
        forgets them."""
        lo, hi = self._lo, self._hi
        assert lo is not None and self.final_swing is not None
        if hi is not None and hi[1] - lo[1] >= self.final_swing * th and hi[1] - v >= 0.5 * (hi[1] - lo[1]):
            if self._short_swing is None or self._short_swing[1] != hi:
                self._short_swing = (lo, hi)
        if self._short_swing is None:
            return []
        low, peak = self._short_swing
        rise = peak[1] - low[1]
        if v > peak[1] - 0.25 * rise:
            # back near the peak: the walk goes on (feet standing a little
            # apart after it may hold the size at about half the swing)
            self._short_swing = None
            return []
        if t - peak[0] < self.settle:
            return []
        self._short_swing = None
        last, rhythm = self._last_landing, self._rhythm()
        if last is None or rhythm is None or not self._rises or \
                self._rises[-1] < self.settle_share * statistics.median(self._rises):
            # no walk under way, or its last landing was a short step already
            return []
        if abs(peak[0] - last[0] - rhythm) > self.final_rhythm * rhythm:
            return []   # out of time with the walk: jitter, not a step
        self._lo, self._hi, self._since = (t, v), None, [(t, v)]
        # (the step runs from the last landing: the walk is under way)
        return self._landing(peak, rise, low[0])

    def _left_low(self, lo: Tuple[float, float], hi: Tuple[float, float]) -> float:
        """When the size last stood within a quarter of the rise above its
        low, before the peak ``hi``: when the feet set off (the jitter of
        feet standing together keeps them off the low itself). The low of
        feet that stood still a while is where they stood (see the class
        text)."""
        low = lo[1]
        stood = [(t, v) for t, v in self._since if t <= hi[0] and v <= lo[1] + 0.5 * (hi[1] - lo[1])]
        if stood and stood[-1][0] - stood[0][0] >= self.settle:
            low = statistics.median(v for _, v in stood)
        near = low + 0.25 * (hi[1] - low)
        return max((t for t, v in self._since if t <= hi[0] and v <= near), default=lo[0])

    def _arrived(self, hi: Tuple[float, float], band: float) -> float:
        """Since when the size has stayed within ``band`` of the peak ``hi``."""
        arrived = self._since[-1][0]
        for t, v in reversed(self._since):
            if hi[1] - v > band:
                break
            arrived = t
        return min(arrived, hi[0])

    def _rhythm(self) -> Optional[float]:
        """The walk's typical time between landings, once two are known."""
        return statistics.median(self._intervals) if len(self._intervals) >= 2 else None

    def _landing(self, peak: Tuple[float, float], rise: float, set_off: float) -> List[Event]:
        """The peak ``peak`` is a landing, unless it is the last one seen again."""
        last, rhythm = self._last_landing, self._rhythm()
        if last is not None:
            soonest = self.min_step if rhythm is None else max(self.min_step, self.min_interval_share * rhythm)
            if peak[0] - last[0] < soonest:
                return []
        self._rises.append(rise)
        out: List[Event] = []
        gap, self._longest_gap = self._longest_gap, None
        if last is not None and peak[0] - last[0] <= self.max_step:
            interval = peak[0] - last[0]
            start = last[0]
            if gap is not None and gap[0] >= last[0] and rhythm is not None and self.hidden_at is not None \
                    and interval >= self.hidden_at * rhythm:
                # a landing the gap hid, where the rhythm puts it within the gap
                hidden = min(max(last[0] + rhythm, gap[0]), gap[1])
                out.append(self._book_step(last[0], hidden, peak[1], rise, seen=False))
                start = hidden
            elif gap is None:
                # (an interval across a gap is no measure of the rhythm)
                self._intervals.append(interval)
        else:
            start = min(set_off, peak[0])
        self._last_landing = peak
        out.append(self._book_step(start, peak[0], peak[1], rise))
        return out


class RangeSteps(_StepFinder):
    """Steps from a signed step signal (left foot minus right foot along the
    walk), judged against its recent range: one step is one swing from one end of the signal's recent range to
    the other. The ends are the lowest and highest values of the last
    ``window`` seconds; the range is never taken as smaller than the range's
    ``min_span`` (standing still never makes a step) nor, after calibration,
    than ``calibrated_share`` of the calibrated span. A step is counted as
    the signal enters the far end (``high`` of the range, or below ``1 - high``),
    from the other end or from standing. Like ``RepCounter`` it takes
    ``update(t, value)`` and returns events; each step is a ``RepEvent`` whose
    start is when the signal entered the previous end (the previous landing).

    With ``swap_dwell`` a far end entered counts only once the signal has
    stayed on that side of the middle for so many seconds: the pose model
    swaps its left and right legs for a frame or two, which throws the
    signal to the other end and back, and made two steps of nothing."""

    def __init__(self, config: CounterConfig, signal_range: SignalRange, high: float = 0.75,
                 window: float = 3.0, calibrated_share: float = 0.5, swap_dwell: float = 0.0) -> None:
        super().__init__(config, signal_range, calibrated_share)
        self.high = high
        self.window = window
        self.swap_dwell = swap_dwell
        # a far end entered, waiting for the signal to stay on its side of
        # the middle for ``swap_dwell`` seconds: (side, time, value, span)
        self._pending: Optional[Tuple[int, float, float, float]] = None
        self._hist: Deque[Tuple[float, float]] = deque()
        self._zone = 0           # -1 low end, +1 high end, 0 standing / unknown
        self._left_t: Optional[float] = None   # last time inside the previous end (or at the middle)
        self._entered_t: Optional[float] = None  # when the signal entered the current end
        self._last_step_t: Optional[float] = None

    def _reset(self) -> None:
        self._hist.clear()
        self._zone = 0
        self._left_t = None
        self._pending = None
        self.phase = "rest"

    def update(self, t: float, value: Optional[float]) -> List[Event]:
        if not self._take(t, value):
            return []
        assert value is not None
        out: List[Event] = []
        self._hist.append((t, value))
        _forget_before(self._hist, t - self.window)
        vals = [h[1] for h in self._hist]
        lo, hi = min(vals), max(vals)
        span = max(hi - lo, self._floor)
        p = 0.5 + (value - 0.5 * (lo + hi)) / span
        self.progress = abs(p - 0.5) * 2.0
        side = 1 if p >= self.high else (-1 if p <= 1.0 - self.high else 0)
        pending = self._pending
        if pending is not None:
            if (p - 0.5) * pending[0] <= 0:
                # back across the middle within ``swap_dwell``: the pose model
                # swapped its legs for a few frames, the feet did not swing
                self._pending = None
                if side == self._zone:
                    return out
            elif t - pending[1] >= self.swap_dwell:
                # it stayed: a step, timed when the end was entered
                self._pending = None
                out.extend(self._step(*pending))
            else:
                return out
        if side == 0:
            self.phase = "active" if self._zone != 0 else "rest"
            if self._zone == 0 and abs(p - 0.5) < 0.15:
                self._left_t = t
            return out
        if side == self._zone:
            self._left_t = t
            return out
        if self.swap_dwell > 0 and not out:
            self._pending = (side, t, value, span)
            return out
        out.extend(self._step(side, t, value, span))
        return out

    def _step(self, side: int, t: float, value: float, span: float) -> List[Event]:
        """The far end ``side`` entered at ``t``: a step, unless it came
        sooner than ``min_gap`` after the last one."""
        # the step runs from the previous landing (entering the other end)
        # to this one; the first from when the feet last stood together
        if self._zone != 0 and self._entered_t is not None:
            start = self._entered_t
        else:
            start = self._left_t if self._left_t is not None else t
        self._zone = side
        self._left_t = t
        self._entered_t = t
        if self._last_step_t is not None and t - self._last_step_t < self.config.min_gap:
            return []
        self._last_step_t = t
        return [self._book_step(start, t, value, span)]


# how far apart in time (s) frames whose timestamps round differently may
# be and still count as the same number of frame intervals apart
_ROUNDING = 1e-6


class LegSwapMender:
    """Takes the pose model's leg swaps out of a signed step signal (left
    foot minus right foot along the walk).

    Walking across the view, MediaPipe sometimes swaps its left and right
    legs: as the feet pass each other, so that the signal comes back to the
    side it came from instead of crossing (a step read as a dip), or with
    the feet apart, so that the signal jumps to its other side between two
    frames. The step finder read the first as no step or two, and the
    second as a step of its own; on varied drawn toe walks it counted 13 of
    7 steps. No foot moves from one end of a step to the other in a frame,
    so such a jump, between frames at most ``swap_dt`` seconds apart with
    the feet at least ``jump_share`` of a step apart on both sides, shows a
    source that swaps legs; so does one over two frames (at most
    ``two_frame_dt`` seconds, the frame between read near the middle) that
    moves the signal ``two_frame_share`` of a step or more, and no less than
    ``two_frame_floor`` times ``amplitude`` (a walker who stood with the
    feet apart swings fast through a step whose size is still the guess).
    So does a jump across the middle over a frame or two lost (at most
    ``gap_jump_dt`` seconds between the frames read), once the signal holds
    the far side, ``jump_share`` of a step out, ``gap_jump_frames`` frames
    more (a frame or two thrown across and back is none). The passer-by
    check (``SamePerson.max_feet_speed``) drops frames whose ankles moved
    too fast to be the walker's, which are the very frames of a swap: on a
    fresh drawn toe walk (varied 246) the model read the feet together for
    the two frames between, they were dropped, and the walk counted 8 of 6;
    another (252) counted 6 of 5. Both count right now. A rendered heel
    walk 30 degrees off side-on (the suite's ``heel_yaw30_5``), whose
    signal came back after two frames across, still counts 5: taken for a
    swap at once, it counted 6.
    So does (``swap_on_dip``) a step that sets off to the side the last one
    went to, the feet together less than ``rest`` seconds between and the
    signal never on the other side (its running median of ``frames``
    samples ``other_median_share`` of a step past the middle, or a single
    frame ``other_share``: one frame of jitter as the feet stand together
    is no passing), where the last one was a step
    (``dip_peak_share`` of a step's size at least, and of ``amplitude``:
    standing with one foot a little ahead, the jitter takes the signal past
    the arming line and back): the feet take turns, and a walker who brings
    them together and sets off with the same foot first stands a moment.
    Feet side by side seldom read exactly at the middle: before the 207
    varied drawn walks set off, MediaPipe read them a median 0.05 of a
    step off it, 0.22 at the 95th percentile, 0.34 at most. At 0.2 of a
    step, a toe walk whose feet stood 0.14 to one side (0.27 of the step
    size known then) read a swap at its second passing, where the signal
    came down to that level and went back up, as the feet crossing, and
    counted 7 of 4 (varied_165); at 0.3 it counts 4, and no other varied
    walk changed.
    Until either is seen the signal passes unchanged (landmarks from another
    source, or a walker the model follows well).

    From then on the sign is made from the signal's size: the feet part
    (an excursion, from ``arm_share`` of a step on) and come together again
    (a dip: the size, a median of ``frames`` samples, under ``dip_share``
    of a step or of the excursion's peak, the larger, or the running
    median crossing zero by less than ``cross_share`` of that from one
    frame to the next: a lone frame thrown across the middle and back
    mid-step is no passing), and each excursion takes the other sign than
    the one before, since the feet take turns. (Read on single frames, such
    a frame and the jitter of feet standing together misled the mender:
    of 147 varied drawn walks through MediaPipe, 4 of the 49 toe walks and
    3 of the 49 heel walks counted one or two steps too many, and count
    right on the median and ``other_share``; none counts wrong that counted
    right.) Nor is a crossing of the running median as the signal jumps
    from one side to the other over two or three frames (over three, from
    a side it held for two frames before; at most ``two_frame_dt`` seconds
    a frame): the legs swapped mid-step, and the frames between read near
    the middle. Taken for a passing, it gave the rest of the step the other
    sign, and the step finder counted a step of its own (a varied drawn
    heel walk counted 8 of 7).

    A gap in the signal over ``reset_gap`` seconds may hide a passing, and
    after ``rest`` seconds with the feet together the walker may set off
    with either foot: the excursion after either takes its own sign (the
    feet standing together keep the side they were given until they part:
    of 147 varied drawn walks, one toe and one heel walk that paused
    counted the step before the pause twice when the standing level jumped
    across the middle as the rest began). A step's size is the
    median of the last few excursions' peaks, ``amplitude`` before any.

    Until the first swap the turns are kept but not used, and they may slip
    (a step split or missed). A first swap seen as a jump within an
    excursion that set off to the other side than the turns gave it, as the
    one before it did too, leaves that excursion on the side it set off to:
    the turns had slipped, and the step finder had already seen the
    excursion on that side. Given the turns' side, the excursion jumped
    across the middle mid-step, which the step finder read as a step of its
    own (a varied drawn toe walk counted 8 of 7). Where only the excursion
    itself set off against the turns, the swap began as the feet passed and
    the jump ends it: the turns' side stays (a rendered toe walk of the
    held-out suite would count 6 of 5 otherwise)."""

    def __init__(self, amplitude: float, arm_share: float = 0.5, dip_share: float = 0.2,
                 cross_share: float = 0.5, jump_share: float = 0.5, swap_dt: float = 0.05,
                 reset_gap: float = 0.1, rest: float = 0.6, frames: int = 3, peaks_kept: int = 4,
                 swap_on_dip: bool = True, two_frame_dt: float = 0.075, two_frame_share: float = 1.5,
                 two_frame_floor: float = 2.0, dip_peak_share: float = 0.8, other_share: float = 0.3,
                 other_median_share: float = 0.3, gap_jump_dt: float = 0.1, gap_jump_frames: int = 2) -> None:
        if amplitude <= 0 or frames < 1:
            raise ValueError("amplitude must be positive and frames at least 1")
        if not swap_dt <= gap_jump_dt <= reset_gap or gap_jump_frames < 1:
            raise ValueError("need swap_dt <= gap_jump_dt <= reset_gap and gap_jump_frames >= 1")
        self.arm_share = arm_share
        self.dip_share = dip_share
        self.cross_share = cross_share
        self.jump_share = jump_share
        self.swap_dt = swap_dt
        self.reset_gap = reset_gap
        self.swap_on_dip = swap_on_dip
        self.two_frame_dt = two_frame_dt
        self.two_frame_share = two_frame_share
        self.two_frame_floor = two_frame_floor
        self.dip_peak_share = dip_peak_share
        self.other_share = other_share
        self.other_median_share = other_median_share
        self.gap_jump_dt = gap_jump_dt
        self.gap_jump_frames = gap_jump_frames
        self.rest = rest
        self._amplitude = amplitude
        self._peaks: Deque[float] = deque([amplitude], maxlen=peaks_kept)
        self._recent: Deque[float] = deque(maxlen=frames)
        self._median: Optional[float] = None   # the running median of the signed samples
        self._last_t: Optional[float] = None
        self.swapping = False          # a swap was seen: the sign comes from the size
        self._apart = False            # within an excursion
        self._sign = 0.0               # the current excursion's sign
        self._next_sign = 0.0          # the next excursion's (0: its own)
        self._standing_sign = 0.0      # the side feet standing together keep after a rest (0: none)
        self._peak = 0.0
        self._together_since = -math.inf   # since when the feet are together (not apart)
        # the side the last excursion set off to, as read, and whether the
        # signal has been on the other side since
        self._last_side = 0.0
        self._other_side = False
        self._last_peak = 0.0          # the peak of the last excursion that ended
        self._timed: Deque[Tuple[float, float]] = deque(maxlen=5)   # the last five samples (t, value)
        # whether the excursion before the current one, and the current one,
        # set off to the side the turns gave them (None: not known)
        self._before_agreed: Optional[bool] = None
        self._agreed: Optional[bool] = None
        # a jump across the middle over a frame or two lost, waiting to be
        # held: (the side it jumped to, the frames on that side since)
        self._gap_jump: Optional[Tuple[float, int]] = None

    def _follow_gap_jump(self, prev: Optional[float], value: float, dt: Optional[float], scale: float) -> None:
        """A jump across the middle over a frame or two lost (a passer-by
        check may drop the very frames where the legs swap) is a swap once
        the signal holds the far side ``gap_jump_frames`` frames more: a
        frame or two thrown across and back is none."""
        if self._gap_jump is not None:
            side, held = self._gap_jump
            self._gap_jump = None
            if value * side > 0 and abs(value) >= self.jump_share * scale:
                if held + 1 >= self.gap_jump_frames:
                    self.swapping = True
                    return
                self._gap_jump = (side, held + 1)
        if prev is not None and dt is not None and self.swap_dt < dt <= self.gap_jump_dt + _ROUNDING \
                and self._apart_across(prev, value, scale):
            self._gap_jump = (math.copysign(1.0, value), 0)

    def _apart_across(self, before: float, after: float, scale: float) -> bool:
        """Are two readings on either side of the middle, each at least
        ``jump_share`` of a step out (``scale``)? A foot that gets there
        between two frames close together is a swap, not a step."""
        return before * after < 0 and min(abs(before), abs(after)) >= self.jump_share * scale

    def update(self, t: float, value: float) -> float:
        """The sample's value, mended."""
        dt = None if self._last_t is None else t - self._last_t
        # (read before a reset: two frames lost at 30 fps leave a tenth of
        # a second between, give or take ``_ROUNDING``)
        last_read = self._recent[-1] if self._recent else None
        if dt is not None and dt > self.reset_gap:
            self._recent.clear()
            self._timed.clear()
            self._median = None
            self._apart, self._next_sign, self._peak = False, 0.0, 0.0
            self._together_since, self._last_side, self._standing_sign = t, 0.0, 0.0
        self._last_t = t
        prev = self._recent[-1] if self._recent else None
        self._recent.append(value)
        size = statistics.median(abs(v) for v in self._recent)
        prev_median, median = self._median, statistics.median(self._recent)
        self._median = median
        step = statistics.median(self._peaks)
        if self._apart:
            self._peak = max(self._peak, size)
        scale = max(step, self._peak)
        if not self.swapping:
            self._follow_gap_jump(last_read, value, dt, scale)
        was_swapping = self.swapping
        if prev is not None and dt is not None and dt <= self.swap_dt and self._apart_across(prev, value, scale):
            self.swapping = True
        # a swap seen over two frames, the signal passing the middle on the
        # frame between: no foot covers that much of a step so fast
        timed = list(self._timed)

        def jumped_from(back: int) -> bool:
            t0, v0 = timed[-back]
            return t - t0 <= self.two_frame_dt * (back - 1) and self._apart_across(v0, value, scale) and \
                abs(v0) + abs(value) >= max(self.two_frame_share * scale, self.two_frame_floor * self._amplitude)

        over_two = len(timed) >= 2 and jumped_from(2)
        if over_two:
            self.swapping = True
        # ... nor over three, from a side the signal held (two frames before
        # it too: a frame or two thrown across the middle and back is no
        # swap); neither is a passing of the feet
        jumped = over_two or (
            len(timed) >= 5 and jumped_from(3) and all(v * timed[-3][1] > 0 for _, v in timed[-5:-3]))
        self._timed.append((t, value))
        if self.swapping and not was_swapping and self._apart and self._agreed is False \
                and self._before_agreed is False:
            # the first swap seen, mid-excursion, with the turns out of step
            # with the signal as read on this excursion and the one before:
            # the turns slipped while the signal passed unchanged (a walker
            # the model followed), and the excursion keeps the side it set
            # off to, as the step finder has seen it so far
            self._sign = self._last_side
        crossed = not jumped and prev_median is not None and prev_median * median < 0 and \
            abs(median - prev_median) < self.cross_share * scale
        if self._last_side and ((median * self._last_side < 0 and abs(median) >= self.other_median_share * scale)
                                or (value * self._last_side < 0 and abs(value) >= self.other_share * scale)):
            # the signal went to the other side since the last excursion set off
            self._other_side = True
        dipped = self._apart and (size < self.dip_share * scale or crossed)
        if dipped:
            self._peaks.append(self._peak)
            self._last_peak = self._peak
            self._apart, self._next_sign, self._peak = False, -self._sign, 0.0
            self._together_since = t
        elif not self._apart and size >= self.arm_share * step:
            self._apart, self._peak = True, size
            own = math.copysign(1.0, statistics.median(self._recent))
            if self.swap_on_dip and own == self._last_side and not self._other_side and \
                    t - self._together_since < self.rest and \
                    self._last_peak >= self.dip_peak_share * max(step, self._amplitude):
                self.swapping = True
            self._last_side, self._other_side = own, False
            self._sign = self._next_sign or own
            self._before_agreed, self._agreed = self._agreed, self._sign == own
            self._standing_sign = 0.0
        elif not self._apart and t - self._together_since >= self.rest:
            # the walker stood: the next step may set off with either foot
            self._standing_sign = self._next_sign or self._standing_sign
            self._next_sign = 0.0
        if not self.swapping:
            return value
        if self._apart:
            return self._sign * abs(value)
        if self._standing_sign and size < self.dip_share * scale:
            # feet standing together keep the side they stood on: given the
            # sign read, their level would move by twice its offset as the
            # rest begins, and the step finder would not see them stand
            return self._standing_sign * abs(value)
        # the feet part: from here on as read, as the next excursion sets off
        self._standing_sign = 0.0
        return (self._next_sign or math.copysign(1.0, value)) * abs(value)


class SwingSteps(_StepFinder):
    """Steps from a signed step signal (left foot minus right foot along the
    walk), one at each turn of it: the feet are furthest apart as a foot
    lands, so every landing is a peak or a trough, and they take turns.

    Turns are found as a zigzag line is drawn: the running extreme since the
    last turn is confirmed once the signal has come back from it by the
    turning threshold, ``turn_share`` of the walk's recent swings (landing
    to landing) and never less than the range's ``min_span`` (after
    calibration, ``calibrated_share`` of its span). Unlike the ends of a
    recent range, this follows swings that differ from one side to the other
    (a camera a little ahead of or behind the walker) and a walk whose first
    step is its longest.

    The signal is first taken through a running median of ``median_frames``
    samples: the pose model swaps its left and right legs for a frame or
    two, which throws the signal to its other end and back.

    A walk sets off from standing: the first turn, where the feet left the
    standing level, is no landing. A turn where the signal rested for
    ``stand_after`` seconds, near the middle of the walk's swings, is the
    person standing between walks, no landing either. A far end held for
    ``settle`` seconds after a swing of ``settle_share`` of the walk's is a
    landing at once: someone who stops with one foot ahead, or whose last
    landing a gap hid before they stood still. A last step is often short:
    on a rendered heel walk filmed 30 degrees off side-on, MediaPipe read
    the last swing 0.72 of the walk's, and the feet then came together, a
    quarter of a threshold back, so that nothing else confirmed it. At
    0.68 rather than 0.75, on 300001, 340001, 360001, 380001, 390001,
    420001 and 430001 (20 seed sets each) heel walks read 3 and toe walks
    5 clips more exact, none fewer, and no phantom step was added; feet
    brought together from a landing swing half of it.

    A walker who stood still a while between two landings (stopped with
    one foot ahead, or turned round on the spot, which swings the signal
    as a step does) set off when the stillness ended: the step runs from
    then, not from the landing before it, so that the frames of standing
    are not read as the step's posture. A far end held so is timed where
    the signal got to it (the jitter of feet standing apart moves the
    running extreme on), and the small turn as the walker sets off from it
    again is no landing (``_turned``). On toe and heel walks that turned
    round in a rest and walked back, 60 seed sets (560001, 580001,
    600001): the step after the turn had read the standing, flat, and the
    walk after it never passed (toe walks counting 2 of 6), or the held
    far end and the set-off read as two steps (a heel walk counting 9 of 7).

    Gaps (the detector lost the person, a passer-by's frames were dropped)
    hide what the feet did meanwhile:

    * an extreme seen at a gap's edge lay in the gap; it is timed where the
      walk's rhythm puts the landing, within the gap;
    * a gap can hide a landing and the passing after it: the zigzag then
      sees one turn where there were three, always two fewer, since the
      feet take turns. Once the walk has a rhythm (two intervals known), a
      turn ``hidden_pair_at`` intervals or more after the last landing,
      with a gap of ``min_hidden`` seconds or more between, counts the two
      hidden landings as well, spread evenly;
    * an extreme at a gap's start edge, a full swing (the threshold) from
      the last turn, with the signal out of the gap ``gap_turn_back`` of
      the threshold back from it, turned in the gap: a landing, though the
      way back seen is short (``_turned_in_gap``);
    * a gap over ``max_gap`` seconds loses the walk.

    Without a gap, a turn far sooner than the walk's rhythm (under
    ``min_interval_share`` of its intervals) and the turn after it are a
    detour of the signal, not two landings: a passer-by's legs taken for the
    walker's for a moment, or a swap longer than the median hides. When no
    second turn comes soon enough, an early turn under ``early_waits``
    seconds after the last landing (faster than anyone steps) waits for
    what the walker does next: it lands once the walk goes on from it, or
    once the walker stands where it left the feet, but not when they stand
    elsewhere. As drawn walks ended, MediaPipe swapped the legs while the
    trailing foot came alongside, a turn 0.13 to 0.2 s after the last
    landing, and the feet then stood together: booked, it was one step
    too many (varied drawn heel walks 49, 88 and 109). Three other varied
    heel walks (16, 28, 121) count one step fewer since: the model lost
    their real last landing (read the feet together, or jumbled them), and
    such a swap had stood in for it. The rendered toe walk
    ``ho_toe_side_6`` (held-out and fresh suites) counts 6 of 6 since, by
    two errors that cancel: a step split mid-walk, the last landing lost
    (MediaPipe's mirrored look). A later early turn is booked as before: a
    rest or a turn round may have stretched the rhythm it was early for (a
    landmark pool's toe walk that turned round lost its last step, 0.53 s
    after the one before, against a rhythm of 1.03 s). Landmark pools
    (680001 and 730001, 20 seed sets each) count as before.

    With ``mend_swaps`` the signal goes through a ``LegSwapMender`` first,
    for a pose model that swaps the legs for longer than that.
    """

    def __init__(self, config: CounterConfig, signal_range: SignalRange, turn_share: float = 0.35,
                 calibrated_share: float = 0.5, median_frames: int = 5, swings_kept: int = 4,
                 min_hidden: float = 0.1, hidden_pair_at: float = 2.5, max_gap: float = 1.2,
                 stand_after: float = 0.6, settle: float = 0.5, settle_share: float = 0.68,
                 max_step: float = 1.6, min_interval_share: float = 0.6, detour_within: float = 1.0,
                 min_step: float = 0.25, gap_turn_back: Optional[float] = 0.25, mend_swaps: bool = False,
                 early_waits: Optional[float] = 0.25) -> None:
        super().__init__(config, signal_range, calibrated_share)
        if median_frames < 1:
            raise ValueError("median_frames must be at least 1")
        self.turn_share = turn_share
        self.median_frames = median_frames
        self.min_hidden = min_hidden
        self.hidden_pair_at = hidden_pair_at
        self.max_gap = max_gap
        self.stand_after = stand_after
        self.settle = settle
        self.settle_share = settle_share
        self.max_step = max_step
        self.min_interval_share = min_interval_share
        self.detour_within = detour_within
        self.min_step = min_step
        self.gap_turn_back = gap_turn_back
        self.early_waits = early_waits
        # the pose model's leg swaps taken out first (see ``LegSwapMender``)
        self._mender = LegSwapMender(0.5 * abs(signal_range.span)) if mend_swaps else None
        self._swings: Deque[float] = deque(maxlen=swings_kept)
        self._intervals: Deque[float] = deque(maxlen=swings_kept)
        self._raw: Deque[Tuple[float, float]] = deque(maxlen=median_frames)
        self._reset()

    def threshold(self) -> float:
        """The swing (signal units) that makes a turn."""
        return self._turn_threshold(self._swings, self.turn_share)

    @property
    def swaps_seen(self) -> bool:
        """Has the mender (``mend_swaps``) seen the pose model swap the legs?"""
        return self._mender is not None and self._mender.swapping

    def _band(self) -> float:
        """How near a level the signal must be to be at it: a quarter of
        the turning threshold."""
        return 0.25 * self.threshold()

    def _reset(self) -> None:
        self._raw.clear()
        self._swings.clear()
        self._intervals.clear()
        # smoothed samples since the last turn, and the highest and lowest
        self._since: Deque[Tuple[float, float]] = deque()
        self._hi: Optional[Tuple[float, float]] = None
        self._lo: Optional[Tuple[float, float]] = None
        self._dir = 0                  # +1 heading for a peak, -1 for a trough, 0 standing
        self._turn: Optional[Tuple[float, float]] = None           # the last turn (t, value)
        self._last_landing: Optional[Tuple[float, float]] = None
        self._gap: Optional[Tuple[float, float]] = None   # the longest gap since the last landing
        # a turn far sooner than the rhythm, waiting for the next: (extreme, swing)
        self._pending: Optional[Tuple[Tuple[float, float], float]] = None
        self._pending_overdue = False  # too late for a detour: waits for the walk to go on
        self._held_last = False        # the last turn was a far end the feet held (``settle``)
        self.phase = "rest"
        self.progress = 0.0

    def _take(self, t: float, value: Optional[float]) -> bool:
        # the walk is lost only past ``max_gap``, not the counter's ``max_invalid``
        if self._last_t is not None and t <= self._last_t:
            return False
        self._last_t = t
        if value is None or not math.isfinite(value):
            return False
        if self._last_valid_t is not None and t - self._last_valid_t > self.max_gap:
            self._reset()
        self._last_valid_t = t
        return True

    def update(self, t: float, value: Optional[float]) -> List[Event]:
        before = self._last_valid_t
        if not self._take(t, value):
            return []
        assert value is not None
        if self._mender is not None:
            value = self._mender.update(t, value)
        out: List[Event] = []
        if before is not None and t - before >= self.min_hidden and self._raw:
            # samples either side of a gap are not medianed together
            out.extend(self._flush())
            if self._gap is None or t - before > self._gap[1] - self._gap[0]:
                self._gap = (before, t)
        self._raw.append((t, value))
        # the median stands at its middle sample's time
        out.extend(self._follow(self._raw[len(self._raw) // 2][0], statistics.median(r[1] for r in self._raw)))
        return out

    def _flush(self) -> List[Event]:
        return _flush_median(self._raw, self._follow)

    def _follow(self, t: float, v: float) -> List[Event]:
        """One more smoothed sample: the landings it confirms."""
        self._since.append((t, v))
        if self._hi is None or v > self._hi[1]:
            self._hi = (t, v)
        if self._lo is None or v < self._lo[1]:
            self._lo = (t, v)
        assert self._lo is not None
        th = self.threshold()
        if self._dir == 0:
            # standing: a move of the threshold's size sets off the walk
            if v - self._lo[1] >= th:
                self._set_off(self._lo, +1)
            elif self._hi[1] - v >= th:
                self._set_off(self._hi, -1)
            self.phase = "rest"
            return []
        assert self._turn is not None
        out: List[Event] = []
        ext = self._hi if self._dir > 0 else self._lo
        if self._pending is not None and not self._pending_overdue and \
                not self._within_rhythm(ext[0], self.detour_within, 2.0):
            # the next turn can no longer come soon enough (the extreme it
            # would be is already too late): no detour
            last = self._last_landing
            if self.early_waits is not None and last is not None and \
                    self._pending[0][0] - last[0] < self.early_waits:
                self._pending_overdue = True
            else:
                out.extend(self._book(*self._pending))
                self._pending = None
        back = (ext[1] - v) * self._dir
        swing = (ext[1] - self._turn[1]) * self._dir
        self.phase = "active"
        self.progress = min(1.0, swing / max(th, 1e-9))
        settled = bool(self._swings) and t - ext[0] >= self.settle and \
            swing >= self.settle_share * statistics.median(self._swings)
        if back >= th or settled or self._turned_in_gap(t, ext, swing, back):
            out.extend(self._turned(ext, swing, held=back < th and settled))
        return out

    def _turned_in_gap(self, t: float, ext: Tuple[float, float], swing: float, back: float) -> bool:
        """Did the signal turn in the gap just behind it? It went into the
        gap at its extreme, a full swing from the last turn, and came out
        ``gap_turn_back`` of the threshold back: the true extreme lay in the
        gap, further than the edge, so the way back was longer than seen. A
        walk's last landing hidden by a passer-by, the feet then brought
        together or left a little apart, comes back less than a threshold
        from the edge. Only within a walk's rhythm, for a gap of at most
        one and a half steps."""
        gap, rhythm = self._gap, self._rhythm()
        if self.gap_turn_back is None or gap is None or rhythm is None or ext[0] != gap[0] or t < gap[1]:
            return False
        return gap[1] - gap[0] <= 1.5 * rhythm and swing >= self.threshold() and \
            back >= self.gap_turn_back * self.threshold()

    def _keep_since(self, t: float) -> None:
        """Forget the samples before ``t``, the last turn."""
        while self._since and self._since[0][0] < t:
            self._since.popleft()
        self._hi = max(self._since, key=lambda s: s[1])
        self._lo = min(self._since, key=lambda s: s[1])

    def _set_off(self, at: Tuple[float, float], direction: int) -> None:
        """The walk sets off from the standing level ``at``: when the signal
        last left it, not when it was lowest there."""
        band = self._band()
        left = max((s for s in self._since if abs(s[1] - at[1]) <= band), key=lambda s: s[0], default=at)
        self._turn = (left[0], at[1])
        self._dir = direction
        self._keep_since(at[0])

    def _stood_at(self, ext: Tuple[float, float]) -> bool:
        """Did the signal rest near ``ext`` for ``stand_after`` seconds on
        end, near the middle of the walk's swings? Then the person stood
        there. (Counting from the first sample near it to the last, a swap
        that threw the signal there in mid-swing made the rendered walk's
        short last step a walker standing.)"""
        if self._last_landing is None or not self._swings:
            return False
        band = self._band()
        # the longest unbroken stretch of samples near the extreme: a swap
        # that throws the signal there for a moment is no rest
        longest, start = 0.0, None
        for t, v in self._since:
            if abs(v - ext[1]) <= band:
                start = t if start is None else start
                longest = max(longest, t - start)
            else:
                start = None
        if longest < self.stand_after:
            return False
        half = 0.5 * statistics.median(self._swings)
        middle = self._last_landing[1] - math.copysign(half, self._last_landing[1] - ext[1])
        return abs(ext[1] - middle) < 0.5 * half

    def _rhythm(self) -> Optional[float]:
        """The walk's typical time between landings, once two are known."""
        return statistics.median(self._intervals) if len(self._intervals) >= 2 else None

    def _turned(self, ext: Tuple[float, float], swing: float, held: bool = False) -> List[Event]:
        """The running extreme ``ext`` is a turn: a landing (and the ones a
        gap hid before it), unless it is standing. A turn far sooner than
        the rhythm waits for the next: the two may be a detour.

        A far end the feet held (``settle``; ``held``) that the signal had
        reached ``settle`` seconds or more before its running extreme (the
        jitter of feet standing apart moves that on) landed when the signal
        got there: a walk's smooth swing lingers near its end for less. And
        the turn after such a far end, short of a full threshold's swing
        (the signal wandered while the feet stood apart), is no landing but
        the walker setting off again."""
        out: List[Event] = []
        # setting off from a held far end is as from standing: the step
        # that follows sets off from here
        standing = (self._held_last and swing < self.threshold()) or self._stood_at(ext)
        self._held_last = held
        gap = self._gap
        landing = ext
        if gap is not None and ext[0] in gap:
            ext = landing = (self._in_gap(gap, self._last_landing), ext[1])
        elif held:
            arrived = self._arrived(ext)
            if ext[0] - arrived >= self.settle:
                landing = (arrived, ext[1])
        if self._pending is not None and self._pending_overdue:
            # no detour; a landing if the walk went on from it, or if the
            # walker then stood where it left the feet, not if they stood
            # elsewhere
            if not standing or abs(ext[1] - self._pending[0][1]) <= self._band():
                out.extend(self._book(*self._pending))
            self._pending, self._pending_overdue = None, False
        if self._pending is not None:
            if not standing and self._within_rhythm(ext[0], self.detour_within, 2.0):
                # a detour: neither turn is a landing, and the walk goes on
                # from its last landing
                self._pending = None
                self._flip(ext)
                return out
            out.extend(self._book(*self._pending))
            self._pending = None
        if standing:
            # a new walk sets off from here
            self._last_landing = None
            self._gap = None
        elif self._within_rhythm(landing[0], self.min_interval_share):
            self._pending = (landing, swing)
        else:
            out.extend(self._book(landing, swing))
        self._flip(ext)
        return out

    def _arrived(self, ext: Tuple[float, float]) -> float:
        """When the signal came within a quarter of the threshold of the
        far end ``ext`` and stayed there up to it."""
        band = self._band()
        arrived = ext[0]
        for t, v in reversed(self._since):
            if t > ext[0]:
                continue
            if abs(v - ext[1]) > band:
                break
            arrived = t
        return arrived

    def _within_rhythm(self, t: float, share: float, steps: float = 1.0) -> bool:
        """Is ``t`` sooner after the last landing than ``share`` of the
        walk's rhythm, or than ``steps`` times the shortest step
        (``min_step``), whichever is longer? The latter alone while the
        rhythm is unknown: no one lands a step that quickly."""
        last = self._last_landing
        if last is None:
            return False
        rhythm = self._rhythm()
        limit = steps * self.min_step if rhythm is None else max(steps * self.min_step, share * rhythm)
        return t - last[0] < limit

    def _flip(self, ext: Tuple[float, float]) -> None:
        """Head for the other kind of turn from ``ext``."""
        self._turn = ext
        self._dir = -self._dir
        self._keep_since(ext[0])

    def _book(self, ext: Tuple[float, float], swing: float) -> List[Event]:
        """The landing at ``ext``, and the two a gap since the last landing
        hid before it when the walk's rhythm says so."""
        out: List[Event] = []
        last, gap, rhythm = self._last_landing, self._gap, self._rhythm()
        if last is not None and ext[0] - last[0] <= self.max_step:
            interval = ext[0] - last[0]
            if gap is None:
                # (nor is one the walker stood still in: turned round, or
                # stopped a while with one foot ahead)
                still = self._still_until(ext[0])
                if still is None or still <= last[0]:
                    self._intervals.append(interval)
            elif rhythm is not None and interval >= self.hidden_pair_at * rhythm:
                for k in (1, 2):
                    out.append(self._landing(last[0] + k * interval / 3.0, ext[1], swing, seen=False))
            # (an interval across a gap is no measure of the rhythm)
            self._swings.append(abs(ext[1] - last[1]))
        out.append(self._landing(ext[0], ext[1], swing))
        return out

    def _still_until(self, before: float) -> Optional[float]:
        """The last time before ``before`` at which the signal had held within
        a quarter of the turning threshold for ``stand_after`` seconds (the
        person stood still); None if it never did since the last turn."""
        band = self._band()
        samples = [s for s in self._since if s[0] <= before]
        lo = hi = None
        start = len(samples)
        # scan back: the latest sample that ends a still stretch long enough
        for end in range(len(samples) - 1, -1, -1):
            lo = hi = samples[end][1]
            start = end
            while start > 0 and max(hi, samples[start - 1][1]) - min(lo, samples[start - 1][1]) <= band:
                start -= 1
                lo, hi = min(lo, samples[start][1]), max(hi, samples[start][1])
            if samples[end][0] - samples[start][0] >= self.stand_after:
                return samples[end][0]
        return None

    def _in_gap(self, gap: Tuple[float, float], last: Optional[Tuple[float, float]]) -> float:
        """When a landing that fell in ``gap`` most likely came: where the
        walk's rhythm puts it, within the gap; else the gap's middle."""
        if last is not None and self._intervals:
            return min(max(last[0] + statistics.median(self._intervals), gap[0]), gap[1])
        return 0.5 * (gap[0] + gap[1])

    def _landing(self, t: float, value: float, swing: float, seen: bool = True) -> RepEvent:
        """The step that landed at ``t``: from the last landing, or from
        when the feet set off. A landing hidden in a gap is "partial"."""
        last = self._last_landing
        if last is not None and t - last[0] <= self.max_step:
            # from the last landing, or from when the feet last stood still
            # since (a walker who stopped with one foot ahead, or who turned
            # round on the spot, which swings the signal as a step does):
            # the frames of standing are no part of the step
            start = max(last[0], self._still_until(t) or last[0])
        else:
            # a walk sets off: from the end of the last stillness since the
            # last turn (a person who stood between two walks), else the turn
            start = self._turn[0] if self._turn is not None else t
            still = self._still_until(t)
            if still is not None:
                start = max(start, still)
        self._last_landing = (t, value)
        self._gap = None
        return self._book_step(min(start, t), t, value, swing, seen)


class SwitchingSteps(_StepFinder):
    """Steps of a walk across a side view from the signed step signal:
    ``SwingSteps`` (every turn a landing, swaps mended) while the pose
    model keeps its left and right legs apart, ``SpreadSteps`` (every peak
    of the feet's distance a landing, whichever foot is ahead) from the
    first leg swap its mender sees on: a model that swaps once swaps again,
    and the spread needs no mending. Both read every sample; the steps are
    the one in charge's, each ``min_step`` seconds or more after the last
    reported (no one steps on heels or toes faster; before the mender saw
    its first swap, a swap it missed made the swing finder turn 0.3 s after
    a landing on three fresh varied drawn heel walks, which 0.35 s put
    right, and then the rules below did, so that 0.25 s came back: a
    child on tiptoe may step in 0.3 s; see exercises/toe_walk.py,
    SIDE_WALK_STEPS). A step dropped so
    was the last landing seen again: the step after it runs from that
    landing (a walk counter takes a step that starts elsewhere for a new
    walk; drawn heel walk 73 lost its first landing so, the swing finder
    reading a leg swap 0.2 s after it as a turn: varied drawn walks 0 to
    416, heel 126 -> 127 and toe 136 -> 137 of 139 exact). Each step is
    checked against the one reported before it, also two found on one
    sample. A step that sets off before the last landing reported spans
    it: the finder that found it saw no landing there. Where that landing
    read the feet under half as far apart as this one's, it was the feet
    passing, read as a landing, and it stood for this one: the step is
    dropped too. (Just before the switch, the swing finder read the feet
    passing as a landing, the model swapping the legs as they passed, and
    the spread finder's step across it counted a step more: varied drawn
    walks 0 to 506, heel 151 -> 153 and toe 165 -> 166 of 169 exact, no
    walk counting worse. Dropped whatever the landing read, a walk on
    landmark pool 680001 lost a step the spread finder had missed.) A
    step kept that sets off so, or from a landing dropped, runs from the
    last landing reported. At the switch, the
    spread finder's steps of the last ``catch_up`` seconds past that margin
    are reported at once (one the swing finder was still waiting on), later
    ones as they come (the spread finder may confirm the landing the swing
    finder reported a moment after it)."""

    def __init__(self, config: CounterConfig, signal_range: SignalRange, catch_up: float = 1.0,
                 min_step: float = 0.25, swing_options: Optional[dict] = None,
                 spread_options: Optional[dict] = None) -> None:
        super().__init__(config, signal_range, 0.5)
        self.catch_up = catch_up
        self.min_step = min_step
        self._swing = SwingSteps(config, signal_range, mend_swaps=True, **(swing_options or {}))
        self._spread = SpreadSteps(config, signal_range, **(spread_options or {}))
        self.switched = False
        self._last_end = -math.inf   # when the last step reported landed
        self._dropped_end = -math.inf   # when the last step dropped as too soon landed
        self._last_size = 0.0          # how far apart the feet read at that landing
        # the spread finder's steps of the last ``catch_up`` seconds before the switch: (landed, step)
        self._recent: Deque[Tuple[float, RepEvent]] = deque()

    def _reset(self) -> None:
        # nothing of its own to lose: each finder loses its walk itself
        pass

    def update(self, t: float, value: Optional[float]) -> List[Event]:
        swing = self._swing.update(t, value)
        spread = self._spread.update(t, value)
        out: List[Event] = []
        if not self.switched:
            out = [self._report(e) for e in swing if not isinstance(e, RepEvent) or self._late_enough(e)]
            self._recent.extend((e.end, e) for e in spread if isinstance(e, RepEvent))
            _forget_before(self._recent, t - self.catch_up)
            if not self._swing.swaps_seen:
                self._mirror(self._swing)
                return out
            self.switched = True
            # (this sample's steps among them)
            spread = [e for _, e in self._recent]
            self._recent.clear()
        for e in spread:
            if not isinstance(e, RepEvent) or self._late_enough(e):
                out.append(self._report(e))
        self._mirror(self._spread)
        return out

    def _late_enough(self, step: RepEvent) -> bool:
        """Did ``step`` land ``min_step`` seconds or more after the last
        step reported, and not across a landing reported where the feet
        passed (see the class text)? One that did not is dropped, its
        landing noted."""
        across = step.start < self._last_end - _ROUNDING and self._last_size < 0.5 * abs(step.value)
        if step.end >= self._last_end + self.min_step and not across:
            return True
        self._dropped_end = max(self._dropped_end, step.end)
        return False

    def _report(self, e: Event) -> Event:
        """``e`` as reported: a step that sets off from a landing dropped,
        or before the last one reported, runs from the last one reported
        instead (the walk goes on through it)."""
        if not isinstance(e, RepEvent):
            return e
        if e.start < self._last_end - _ROUNDING or self._last_end < e.start <= self._dropped_end:
            e = dataclasses.replace(e, start=self._last_end)
        self._last_end = max(self._last_end, e.end)
        self._last_size = abs(e.value)
        return e

    def _mirror(self, finder: _StepFinder) -> None:
        self.phase, self.progress = finder.phase, finder.progress
