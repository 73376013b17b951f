"""Step finding and step judging for the walks, on plain sequences."""
from __future__ import annotations

import dataclasses
import math
from typing import List, Optional, Tuple

import numpy as np
import pytest

from coach.engine.counter import FeedbackEvent, RepEvent, SignalRange
from coach.engine.gait import GaitCounter, PostureRule, SamePerson, WalkerTrack, jitter
from coach.engine.step_finders import RangeSteps, ZigzagSteps
from coach.records import Frame
from tests.sequences import (WALK_CONFIG, hide, last_step_left_ahead, steps_found, walk_rest_walk, walk_signal,
                             with_bump)



def run_steps(samples, min_span: float = 0.25, finder_type: type = ZigzagSteps, **options) -> List[RepEvent]:
    return steps_found(samples, finder_type, min_span, **options)


@pytest.mark.parametrize("steps", [1, 4, 7])
@pytest.mark.parametrize("period", [0.5, 0.9, 1.4])
def test_zigzag_counts_every_landing_from_first_to_last(steps, period):
    samples, landings = walk_signal(steps, period=period, seed=steps)
    events = run_steps(samples)
    assert len(events) == steps
    # each step ends at its landing, within a few frames
    for e, landing in zip(events, landings):
        assert abs(e.end - landing) < 0.15, (e, landing)
    # the first step starts when the feet set off, not when the camera started
    assert events[0].start > 1.2


def test_zigzag_first_step_is_timed_from_setting_off_and_the_rest_from_the_last_landing():
    samples, landings = walk_signal(4, period=0.8, seed=3)
    events = run_steps(samples)
    assert [e.index for e in events] == [1, 2, 3, 4]
    for before, after in zip(events, events[1:]):
        assert after.start == before.end


@pytest.mark.parametrize("noise", [0.0, 0.02, 0.05])
def test_zigzag_standing_jitter_is_no_step(noise):
    samples, _ = walk_signal(0, noise=noise, seed=11)
    assert run_steps(samples) == []


def test_zigzag_ignores_left_right_swaps_of_a_few_frames():
    samples, landings = walk_signal(5, period=0.7, seed=4)
    swapped = []
    for i, (t, v) in enumerate(samples):
        # the model swaps the legs for two frames now and then
        swapped.append((t, -v if i % 17 in (0, 1) else v))
    assert len(run_steps(swapped)) == 5


def test_zigzag_counts_the_last_step_of_someone_who_stops_with_one_foot_ahead():
    samples, _ = walk_signal(4, period=0.7, stop_ahead=True, seed=5)
    assert len(run_steps(samples)) == 4


def test_zigzag_counts_a_short_last_step_whose_feet_close_below_the_last_trough():
    # five full swings of 0.5, then a last step of only 0.2 (the trailing foot
    # barely lifts), after which the feet close up in one frame to a hair
    # below the trough the previous passing left: the small peak must not be
    # mistaken for a trough not yet reached
    period, fps = 0.7, 30.0
    samples = []
    for i in range(int(7.0 * fps)):
        t = i / fps
        k, into = divmod(t - 1.0, period)
        if t < 1.0:
            v = 0.02
        elif k < 5:
            # the feet take turns ahead: the sign changes with every step
            v = 0.02 + (-1) ** k * 0.5 * math.sin(math.pi * into / period)
        elif k == 5 and into < 0.7 * period:
            v = 0.02 - 0.2 * math.sin(math.pi * into / period)
        else:
            v = 0.0
        samples.append((t, v))
    assert len(run_steps(samples, min_span=0.15)) == 6


def test_zigzag_follows_a_walk_that_comes_nearer():
    # the offset grows threefold as the person walks towards the camera
    samples, _ = walk_signal(6, period=0.7, amplitude=0.3, growth=0.25, seed=6)
    assert len(run_steps(samples, min_span=0.15)) == 6


def test_zigzag_starts_afresh_after_a_long_loss():
    samples, _ = walk_signal(6, period=0.7, seed=7)
    gap = [(t, None if 3.0 <= t < 4.0 else v) for t, v in samples]
    events = run_steps(gap)
    # steps during the loss are not seen; none is invented around it
    assert 3 <= len(events) <= 5
    assert all(not (3.0 <= e.end < 4.0) for e in events)


@pytest.mark.parametrize("max_gap, expected", [(None, 5), (0.8, 6)])
@pytest.mark.parametrize("before, after", [(0.3, 0.3), (0.25, 0.35), (0.35, 0.25)])
def test_zigzag_with_a_longer_max_gap_keeps_a_walk_through_a_gap_over_a_landing(max_gap, expected, before, after):
    # a detector loss next to a passer-by's frames hides 0.6 s around the
    # fourth landing: past the counter's max_invalid (0.5 s) the walk starts
    # afresh and loses that landing; with max_gap 0.8 it is found, in time
    samples, landings = walk_signal(6, period=0.8, seed=31)
    hidden = landings[3]
    events = run_steps(hide(samples, hidden - before, hidden + after), max_gap=max_gap)
    assert len(events) == expected
    if max_gap is not None:
        assert all(abs(e.end - landing) < 0.1 for e, landing in zip(events, landings))
    else:
        assert not any(abs(e.end - hidden) < 0.1 for e in events)


@pytest.mark.parametrize("min_interval, first_spike, expected", [
    (0.0, False, 6), (0.3, False, 5), (0.0, True, 5), (0.3, True, 5)])
def test_zigzag_takes_two_peaks_closer_than_min_interval_as_one_landing_as_a_walk_sets_off(
        min_interval, first_spike, expected):
    # a hidden foot's thrown-about points break the first step's swing in
    # two, 0.24 s apart, before the walk has a rhythm; the first piece, on
    # two frames, is a spike, which ``first_spike`` lets the second replace
    samples, landings = walk_signal(5, period=0.8, seed=32)
    first = landings[0]
    broken = [(t, 0.5 if first - 0.3 <= t < first - 0.24 else 0.0 if first - 0.24 <= t < first - 0.15 else v)
              for t, v in samples]
    events = run_steps(broken, min_interval=min_interval, first_spike=first_spike)
    assert len(events) == expected
    if first_spike:
        assert abs(events[0].end - first) < 0.1
    # the walk's later landings are found in time either way
    assert all(any(abs(e.end - landing) < 0.1 for e in events) for landing in landings[1:])


@pytest.mark.parametrize("lost_before_peak, expected", [(0.05, 5), (-0.25, 4)])
def test_zigzag_counts_the_landing_the_walker_left_the_picture_on(lost_before_peak, expected):
    # the feet go out of the picture (no reading to the end) just after the
    # fifth landing's peak, or a quarter step before it, on a rise of only
    # half a swing: a full rise lost is a landing, half a rise is not
    samples, landings = walk_signal(5, period=0.8, seed=41)
    events = run_steps(hide(samples, landings[-1] + lost_before_peak, samples[-1][0] + 1.0))
    assert len(events) == expected
    assert abs(events[-1].end - landings[expected - 1]) < 0.1


@pytest.mark.parametrize("end_back, expected", [(None, 4), (0.5, 5)])
def test_zigzag_counts_a_walks_last_step_whose_feet_close_only_part_way(end_back, expected):
    # four swings of 0.5, then a last step up to 0.2 whose feet come back
    # only to 0.1: back by 0.1, under the turning threshold of 0.15
    samples, landings = walk_signal(4, period=0.8, seed=42, noise=0.005)
    walk = last_step_left_ahead(samples, landings[-1] + 0.6)
    events = run_steps(walk, min_span=0.15, end_back=end_back)
    assert len(events) == expected
    if end_back is not None:
        assert abs(events[-1].end - (landings[-1] + 0.8)) < 0.1


@pytest.mark.parametrize("seed", [43, 44, 45])
def test_zigzag_end_rule_makes_no_step_of_standing_jitter_after_a_walk(seed):
    samples, _ = walk_signal(4, period=0.8, seed=seed, noise=0.03)
    assert len(run_steps(samples, min_span=0.15, end_back=0.5)) == 4


@pytest.mark.parametrize("final_swing, expected", [(None, 4), (0.5, 5)])
def test_zigzag_counts_a_last_step_that_parts_the_feet_less_than_the_threshold(final_swing, expected):
    # four swings of 0.5, then the other foot lands a little ahead, 0.1 (the
    # threshold is 0.15), one period after the last landing, and comes back
    samples, landings = walk_signal(4, period=0.8, seed=46, noise=0.005)
    walk = with_bump(samples, landings[-1] + 0.8, 0.1)
    events = run_steps(walk, min_span=0.15, end_back=0.5, final_swing=final_swing)
    assert len(events) == expected
    if final_swing is not None:
        assert abs(events[-1].end - (landings[-1] + 0.8)) < 0.1


@pytest.mark.parametrize("seed", [47, 48, 49])
@pytest.mark.parametrize("beats", [0.4, 1.6, 2.0])
def test_zigzag_final_swing_out_of_the_walks_rhythm_is_no_step(seed, beats):
    # the same swing half a step or two steps after the last landing: jitter, a sway
    samples, landings = walk_signal(4, period=0.8, seed=seed, noise=0.01)
    walk = with_bump(samples, landings[-1] + beats * 0.8, 0.1)
    assert len(run_steps(walk, min_span=0.15, end_back=0.5, final_swing=0.5)) == 4


def test_zigzag_final_swing_after_a_walk_that_ended_on_a_short_step_is_no_step():
    # four full swings, a short fifth step of 0.2 (counted as any step), then
    # a swing of 0.1 in rhythm after it: the walk's last step was the short one
    samples, landings = walk_signal(4, period=0.8, seed=50, noise=0.005, stand=2.5)
    walk = with_bump(samples, landings[-1] + 0.8, 0.2)
    assert len(run_steps(walk, min_span=0.15, end_back=0.5)) == 5
    walk = with_bump(walk, landings[-1] + 1.6, -0.1)
    assert len(run_steps(walk, min_span=0.15, end_back=0.5, final_swing=0.5)) == 5


@pytest.mark.parametrize("end_back, beats, lost_after_peak, expected", [
    # four swings of 0.5, then a short last step of 0.25 (past the turning
    # threshold, 0.15, short of a settled rise) in the walk's rhythm; the
    # feet leave the picture 0.26 s after it peaked, back by about 0.1:
    # with the end rule, a landing
    (0.5, 1.0, 0.26, 5),
    (None, 1.0, 0.26, 4),
    # lost while still rising (a walker leaving the picture mid-step)
    (0.5, 1.0, -0.1, 4),
    # ... or out of the walk's rhythm
    (0.5, 1.7, 0.26, 4),
])
def test_zigzag_counts_a_short_last_step_whose_feet_leave_the_picture(end_back, beats, lost_after_peak, expected):
    samples, landings = walk_signal(4, period=0.8, seed=51, noise=0.005)
    peak = landings[-1] + beats * 0.8
    walk = hide(with_bump(samples, peak, 0.25), peak + lost_after_peak, samples[-1][0] + 1.0)
    events = run_steps(walk, min_span=0.15, end_back=end_back, final_swing=0.5)
    assert len(events) == expected
    if expected == 5:
        assert abs(events[-1].end - peak) < 0.1


def _gait(confirm_within: Optional[float], span: float = 10.0, quantile: float = 0.5,
          thin_coverage: Optional[float] = None, near_while_counting: bool = True, **rule_fields) -> GaitCounter:
    rule = PostureRule(posture=lambda frame: frame, rest=0.0, span=span, passing=0.5, near=0.25,
                       quantile=quantile, confirm_within=confirm_within, thin_coverage=thin_coverage,
                       near_while_counting=near_while_counting, **rule_fields)
    return GaitCounter(WALK_CONFIG, SignalRange(span=0.6, min_span=0.25), rule, steps="zigzag")


def _run_gait(counter: GaitCounter, samples, posture) -> List[RepEvent]:
    events = []
    for t, v in samples:
        # the posture function is the identity: the "frame" is the posture value
        events.extend(e for e in counter.update(t, v, frame=posture(t)) if isinstance(e, RepEvent))
    return events


def test_a_lone_step_is_not_a_walk():
    samples, _ = walk_signal(1, period=0.8, seed=8)
    assert _run_gait(_gait(2.5), samples, lambda t: 8.0) == []
    # without the rule the same step counts
    assert len(_run_gait(_gait(None), samples, lambda t: 8.0)) == 1


def test_the_held_step_counts_when_the_next_one_follows():
    samples, landings = walk_signal(5, period=0.8, seed=9)
    counter = _gait(2.5)
    events = _run_gait(counter, samples, lambda t: 8.0)
    assert [e.index for e in events] == [1, 2, 3, 4, 5]
    assert counter.count == 5
    assert abs(events[0].end - landings[0]) < 0.15


def test_a_failed_step_between_two_good_ones_does_not_lose_the_first():
    samples, landings = walk_signal(3, period=0.8, seed=10)
    # the second step lands flat-footed
    flat = (landings[0] + 0.05, landings[1] + 0.05)
    counter = _gait(2.5)
    events = _run_gait(counter, samples, lambda t: 1.0 if flat[0] < t <= flat[1] else 8.0)
    assert counter.count == 2
    assert [round(e.end, 1) for e in events] == [round(landings[0], 1), round(landings[2], 1)]
    assert any(isinstance(e, FeedbackEvent) and e.code == "posture_missing" for e in counter.events)


def test_a_posture_that_lowers_the_value_reads_its_quantile_the_other_way():
    # an inner-edge roll lowers the value: 60% of the step's frames reach
    # -8, the rest stay at 0. With quantile 0.3 for a raising posture 70% of
    # frames must reach it; read the other way for a lowering one, the same
    # rule must refuse this step, as it refuses the mirror image.
    samples, landings = walk_signal(4, period=0.8, seed=12)

    def posture(sign):
        def f(t):
            phase = ((t - 1.5) / 0.8) % 1.0
            return sign * (8.0 if phase < 0.6 else 0.0)
        return f

    up = _gait(None, span=10.0, quantile=0.3)
    down = _gait(None, span=-10.0, quantile=0.3)
    n_up = len(_run_gait(up, samples, posture(1.0)))
    n_down = len(_run_gait(down, samples, posture(-1.0)))
    assert n_up == n_down
    # and with the median both see most of every step rolled
    up5 = _gait(None, span=10.0, quantile=0.5)
    down5 = _gait(None, span=-10.0, quantile=0.5)
    assert len(_run_gait(up5, samples, posture(1.0))) == len(_run_gait(down5, samples, posture(-1.0))) == 4


def _hidden(*spans: Tuple[float, float]):
    """A posture of 8 (passing) except while hidden in one of ``spans``."""
    return lambda t: None if any(a < t < b for a, b in spans) else 8.0


def test_a_thinly_seen_step_between_good_ones_counts_as_partial():
    # landings at 1.9, 2.7, 3.5, 4.3, 5.1; the third step (2.7 to 3.5) is
    # hidden for three quarters of its frames (a passer-by)
    samples, landings = walk_signal(5, period=0.8, seed=13)
    hide = _hidden((2.78, 3.38))
    plain = _gait(2.5)
    assert len(_run_gait(plain, samples, hide)) == 4
    assert any(isinstance(e, FeedbackEvent) and e.code == "lost_view" for e in plain.events)
    thin = _gait(2.5, thin_coverage=0.15)
    events = _run_gait(thin, samples, hide)
    assert [e.index for e in events] == [1, 2, 3, 4, 5]
    assert [e.quality for e in events] == ["full", "full", "partial", "full", "full"]
    assert abs(events[2].end - landings[2]) < 0.15


def test_a_thin_step_keeps_the_held_steps_of_a_walk_still_in_time():
    # a walk that needs five passing steps holds its first four; the
    # fifth is hidden for most of its frames and the sixth confirms the
    # walk. The first step ended 3.2 s before the thin one, each held step
    # 0.8 s before the next: all are still in time (within 2.5 s of the
    # one after), and all six count. (Read against the thin step's own
    # end, the first was dropped: five.)
    samples, landings = walk_signal(6, period=0.8, seed=13)
    counter = _gait(2.5, thin_coverage=0.15, confirm_steps=5)
    events = _run_gait(counter, samples, _hidden((landings[3] + 0.13, landings[4] - 0.12)))
    assert [e.quality for e in events] == ["full"] * 4 + ["partial", "full"]


def test_two_thin_steps_in_a_row_count_at_most_one():
    samples, _ = walk_signal(5, period=0.8, seed=14)
    counter = _gait(2.5, thin_coverage=0.15)
    assert len(_run_gait(counter, samples, _hidden((2.78, 3.38), (3.58, 4.18)))) == 4


@pytest.mark.parametrize("release_held_after, expected", [(None, 2), (1.5, 3)])
def test_a_thin_last_step_of_a_counted_walk_counts_once_no_step_follows(release_held_after, expected):
    # the walk's last step is hidden for most of its frames; no step comes
    # after it: without ``release_held_after`` it waits for one for ever
    samples, _ = walk_signal(3, period=0.8, seed=15)
    counter = _gait(2.5, thin_coverage=0.15, release_held_after=release_held_after)
    events = _run_gait(counter, samples, _hidden((2.78, 3.38)))
    assert len(events) == expected
    if release_held_after:
        assert events[-1].quality == "partial" and events[-1].start == events[-2].end


def test_a_thin_step_followed_by_a_failed_one_is_not_released():
    # the third step is seen thinly, the fourth read flat: the walk did not
    # end on the thin step, and what it was is not known
    samples, landings = walk_signal(4, period=0.8, seed=15)
    hidden = _hidden((2.78, 3.38))
    flat_after = landings[2] + 0.05

    def posture(t: float) -> Optional[float]:
        return 0.0 if t > flat_after else hidden(t)

    counter = _gait(2.5, thin_coverage=0.15, release_held_after=1.5)
    assert len(_run_gait(counter, samples, posture)) == 2


def test_a_step_seen_on_almost_no_frames_is_not_judged():
    samples, _ = walk_signal(5, period=0.8, seed=16)
    counter = _gait(2.5, thin_coverage=0.15)
    assert len(_run_gait(counter, samples, _hidden((2.72, 3.48)))) == 4


@pytest.mark.parametrize("period, expected_without, expected_with", [(0.8, 4, 4), (2.4, 4, 0)])
def test_a_step_longer_than_max_step_is_not_judged(period, expected_without, expected_with):
    # a "step" of 2.4 s is the step finder having lost the rhythm (on the
    # real park walk, 2.4 s of someone else's legs), not a step
    samples, _ = walk_signal(4, period=period, amplitude=0.8, seed=17)

    def counter(max_step: Optional[float]) -> GaitCounter:
        rule = PostureRule(posture=lambda frame: frame, rest=0.0, span=10.0, passing=0.5, near=0.25,
                           max_step=max_step)
        return GaitCounter(WALK_CONFIG, SignalRange(span=0.6, min_span=0.25), rule, steps="range")

    assert len(_run_gait(counter(None), samples, lambda t: 8.0)) == expected_without
    assert len(_run_gait(counter(2.0), samples, lambda t: 8.0)) == expected_with


@pytest.mark.parametrize("failed_between, expected", [(1, 2), (2, 0), (3, 0)])
def test_two_passing_steps_make_a_walk_only_with_at_most_one_failed_step_between(failed_between, expected):
    # ordinary walking (the held-out heel-walk negative) read one step in
    # four like a heel walk: two such steps 2 s apart, three ordinary ones
    # between, are not a walk
    samples, landings = walk_signal(2 + failed_between, period=0.5, seed=18)
    flat = (landings[0] + 0.05, landings[failed_between] + 0.05)
    counter = _gait(2.5)
    _run_gait(counter, samples, lambda t: 1.0 if flat[0] < t <= flat[1] else 8.0)
    assert counter.count == expected


def _body_frame(t: float, torso_px: float, x: float = 320.0) -> Frame:
    """A frame whose only measured thing is the torso's length in pixels."""
    pose = [(0.5, 0.5, 0.0, 0.9)] * 33
    top, bottom = (240.0 - torso_px / 2) / 480.0, (240.0 + torso_px / 2) / 480.0
    for i in (11, 12):
        pose[i] = (x / 640.0, top, 0.0, 0.9)
    for i in (23, 24):
        pose[i] = (x / 640.0, bottom, 0.0, 0.9)
    return Frame(t=t, w=640, h=480, pose=tuple(pose))


def _walk_towards_camera(samples, torso_at) -> GaitCounter:
    """A walk judged on coming nearer: ``torso_at(t)`` is the body's size in
    the picture (pixels), the posture always passes."""
    rule = PostureRule(posture=lambda frame: 8.0, rest=0.0, span=10.0, passing=0.5, near=0.25,
                       min_approach=0.03)
    counter = GaitCounter(WALK_CONFIG, SignalRange(span=0.6, min_span=0.25), rule, steps="zigzag")
    for t, v in samples:
        counter.update(t, v, _body_frame(t, torso_at(t)))
    return counter


@pytest.mark.parametrize("passer", [False, True])
def test_a_walk_towards_the_camera_counts_through_a_passer_by(passer):
    # the walker grows 8% a second in the picture; a passer-by, half the
    # size, takes the detector over for 0.2 s in the middle of the walk
    samples, landings = walk_signal(5, period=0.8, seed=19)
    hidden = (landings[2] - 0.3, landings[2] - 0.1)
    counter = _walk_towards_camera(
        samples, lambda t: 60.0 if passer and hidden[0] <= t < hidden[1] else 120.0 * (1.0 + 0.08 * t))
    assert counter.count == 5
    assert not any(isinstance(e, FeedbackEvent) and e.code == "come_closer" for e in counter.events)


def test_someone_standing_still_does_not_walk_towards_the_camera():
    samples, _ = walk_signal(5, period=0.8, seed=20)
    counter = _walk_towards_camera(samples, lambda t: 120.0)
    assert counter.count == 0
    assert any(isinstance(e, FeedbackEvent) and e.code == "come_closer" for e in counter.events)


def test_zigzag_does_not_count_one_landing_twice_when_a_passer_by_breaks_the_swing():
    # a passer-by's feet read at the far end for 0.1 s just before the
    # fourth landing; the swing then goes on to the real landing, 0.3 s
    # later: far sooner than the walk's rhythm of 0.8 s
    samples, landings = walk_signal(6, period=0.8, seed=21, noise=0.0)
    fake = (landings[3] - 0.35, landings[3] - 0.25)
    broken = [(t, math.copysign(0.6, v) if fake[0] <= t < fake[1] else v) for t, v in samples]
    assert len(run_steps(samples, min_span=0.15)) == 6
    assert len(run_steps(broken, min_span=0.15)) == 6


def _closing_step(samples, after: float, height: float = 0.3, length: float = 0.4):
    """``samples`` with one more, shorter step starting at ``after``: the
    trailing foot swings past and comes alongside; its landing is at the
    middle of ``length``."""
    return [(t, v + (height * math.sin(math.pi * (t - after) / length) if after <= t <= after + length else 0.0))
            for t, v in samples]


@pytest.mark.parametrize("hidden_landing", [True, False])
def test_zigzag_counts_a_closing_step_whose_landing_a_gap_hid(hidden_landing):
    samples, landings = walk_signal(4, period=0.8, seed=23, noise=0.005)
    closing = landings[-1] + 0.6
    walk = _closing_step(samples, closing)
    landing = closing + 0.2
    assert len(run_steps(walk)) == 5
    # no reading from 0.1 s before the landing to 0.17 s after it: the
    # signal had climbed less than a step's threshold and comes back low
    events = run_steps(hide(walk, landing - 0.1, landing + 0.17), hidden_landing=hidden_landing)
    assert len(events) == (5 if hidden_landing else 4)
    if hidden_landing:
        assert abs(events[-1].end - landing) < 0.05
        assert events[-1].start == events[-2].end


def test_zigzag_infers_no_landing_before_a_walk_has_a_rhythm():
    # standing, one shuffle of a foot that a gap cuts off at its top: no walk
    # was under way, so nothing says a foot landed
    samples, _ = walk_signal(0, seed=24, noise=0.005)
    shuffle = _closing_step(samples, 1.0)
    assert run_steps(hide(shuffle, 1.1, 1.37)) == []


def test_zigzag_infers_no_landing_when_the_signal_comes_back_where_it_was():
    # the same gap over the closing step, but the feet read as far apart
    # after it as before: the foot may still be in the air, and the step is
    # left to the signal to show
    samples, landings = walk_signal(4, period=0.8, seed=23, noise=0.0)
    closing = landings[-1] + 0.6
    walk = _closing_step(samples, closing)
    landing = closing + 0.2
    held = [(t, None if landing - 0.1 <= t < landing + 0.17 else
             (0.3 * math.sin(math.pi * 0.25) if landing + 0.17 <= t < landing + 0.5 else v)) for t, v in walk]
    assert len(run_steps(held)) == 4


def test_zigzag_infers_no_landing_when_a_too_small_step_was_seen_falling_into_the_gap():
    # a closing step too small to count (its rise under the threshold),
    # whose top is seen: the gap only hides its way down
    samples, landings = walk_signal(4, period=0.8, seed=23, noise=0.0)
    closing = landings[-1] + 0.6
    small = _closing_step(samples, closing, height=0.2)
    assert len(run_steps(small)) == 4
    assert len(run_steps(hide(small, closing + 0.25, closing + 0.37))) == 4


def test_zigzag_infers_no_landing_from_one_lost_frame():
    # a closing step too small to count loses one frame as it climbs, and
    # the frame after reads low (a glitch): a foot cannot land and come
    # back within two frames
    samples, landings = walk_signal(4, period=0.8, seed=23, noise=0.0)
    closing = landings[-1] + 0.6
    small = _closing_step(samples, closing, height=0.2)
    lost = next(i for i, (t, _) in enumerate(small) if t >= closing + 0.11)
    small[lost] = (small[lost][0], None)
    small[lost + 1] = (small[lost + 1][0], 0.0)
    assert len(run_steps(small)) == 4


def test_zigzag_infers_no_second_landing_in_a_gap_soon_after_a_seen_one():
    # after the third landing, seen and confirmed, one frame reads a
    # passer-by's feet far apart, then the passer's frames are dropped: the
    # gap is far sooner after that landing than the walk's rhythm, so it
    # held no landing
    samples, landings = walk_signal(5, period=1.0, seed=25, noise=0.0)
    seen = landings[2]
    glitched = [(t, 0.45 if seen + 0.39 <= t < seen + 0.42 else v) for t, v in samples]
    assert len(run_steps(hide(glitched, seen + 0.42, seen + 0.55))) == 5


def test_the_first_step_towards_the_camera_counts_once_the_walk_shows_it_coming_nearer():
    # the person stands still, then walks nearer, growing 8% a second: the
    # first step's approach window holds mostly standing, so only the steps
    # after it show the growth
    samples, _ = walk_signal(5, period=0.6, seed=22)
    counter = _walk_towards_camera(samples, lambda t: 120.0 * (1.0 + 0.08 * max(0.0, t - 1.5)))
    assert counter.count == 5


def _steps_reading(landings: List[float], readings: List[float]):
    """A posture that reads ``readings[k]`` over the k-th step (the frames up
    to its landing), and the first reading before the walk."""
    def posture(t: float) -> float:
        for landing, value in zip(landings, readings):
            if t <= landing + 0.05:
                return value
        return readings[-1]
    return posture


@pytest.mark.parametrize("near_while_counting, expected", [(True, 6), (False, 4)])
def test_once_a_walk_counts_a_step_that_reads_a_little_low_still_counts(near_while_counting, expected):
    # two clear steps make the walk; then two steps read at 0.3 of the span
    # (between the "almost" line, 0.25, and the pass line, 0.5), as a foot
    # the pose model flattens for a moment does
    samples, landings = walk_signal(6, period=0.7, seed=21)
    posture = _steps_reading(landings, [8.0, 8.0, 3.0, 8.0, 3.0, 8.0])
    counter = _gait(2.5, near_while_counting=near_while_counting)
    _run_gait(counter, samples, posture)
    assert counter.count == expected


@pytest.mark.parametrize("readings, expected", [
    # the first two steps must reach the pass line: a walk never starts at the "almost" line
    ([8.0, 3.0, 3.0, 3.0, 3.0], 0),
    ([3.0, 3.0, 3.0, 3.0, 3.0], 0),
    # a step that fails (1.0 is below the "almost" line) brings the pass line back
    ([8.0, 8.0, 1.0, 3.0, 3.0], 2),
    # below the "almost" line nothing counts, walk or not
    ([8.0, 8.0, 2.0, 2.0, 2.0], 2),
])
def test_the_near_line_holds_only_straight_after_a_counted_step(readings, expected):
    samples, landings = walk_signal(5, period=0.7, seed=22)
    counter = _gait(2.5)
    _run_gait(counter, samples, _steps_reading(landings, readings))
    assert counter.count == expected


def _side_walk(steps: int, period: float, speed: float, stance: Tuple[float, float],
               swing: Tuple[float, float], stand: float = 1.5, fps: float = 30.0, stride: float = 0.8):
    """A person walking across the picture, facing right, with the hips moving
    at ``speed`` (torso lengths a second; 0 on a treadmill). Over each step
    one foot swings from ``stride``/2 behind the hips to as far ahead of them,
    while the other, standing, goes the same way back. The feet's postures
    are (left, right) pairs: a foot reads its ``stance`` value while it
    stands and its ``swing`` value while it swings. Returns one
    (t, step signal, frame, posture per foot) per frame."""
    torso_px, w, h = 100.0, 640, 480
    out = []
    for i in range(int((stand * 2 + steps * period) * fps)):
        t = i / fps
        hip = 80.0 + speed * torso_px * max(0.0, min(t - stand, steps * period))
        k, phase = divmod(max(0.0, t - stand) / period, 1.0)
        walking = stand <= t < stand + steps * period
        swing_ahead = (-0.5 + phase) * stride if walking else 0.0
        left_swings = int(k) % 2 == 0
        rel = {"left": swing_ahead if left_swings else -swing_ahead,
               "right": -swing_ahead if left_swings else swing_ahead}
        pose = [(hip / w, 0.2, 0.0, 0.9)] * 33
        pose[0] = ((hip + 10.0) / w, 0.15, 0.0, 0.9)                 # nose ahead of the ears: facing right
        for j in (11, 12):
            pose[j] = (hip / w, 0.25, 0.0, 0.9)
        for j in (23, 24):
            pose[j] = (hip / w, 0.25 + torso_px / h, 0.0, 0.9)
        for side, (ankle, heel, tip) in (("left", (27, 29, 31)), ("right", (28, 30, 32))):
            x = hip + rel[side] * torso_px
            pose[ankle] = (x / w, 0.85, 0.0, 0.9)
            pose[heel] = ((x - 8.0) / w, 0.9, 0.0, 0.9)
            pose[tip] = ((x + 12.0) / w, 0.9, 0.0, 0.9)
        frame = Frame(t=t, w=w, h=h, pose=tuple(pose))
        if walking:
            feet = (swing[0], stance[1]) if left_swings else (stance[0], swing[1])
        else:
            feet = (0.0, 0.0)
        out.append((t, rel["left"] - rel["right"], frame, feet))
    return out


def _run_side_walk(walk, postures, **rule_fields) -> GaitCounter:
    """Counts ``walk`` (see ``_side_walk``) with the feet's postures
    ``postures[t]``, on a range-step rule with ``rule_fields``."""
    fields = {"passing": 0.5, "near": 0.25, **rule_fields}
    rule = PostureRule(posture=lambda frame: postures[frame.t], rest=0.0, span=10.0, **fields)
    counter = GaitCounter(WALK_CONFIG, SignalRange(span=0.6, min_span=0.25), rule, steps="range")
    for t, v, frame, _ in walk:
        counter.update(t, v, frame)
    return counter


def _count_on_stance(walk, stance_foot: bool) -> int:
    return _run_side_walk(walk, {f.t: feet for _, _, f, feet in walk}, stance_foot=stance_foot).count


@pytest.mark.parametrize("speed", [0.0, 1.2])
def test_a_step_is_judged_on_the_foot_that_stands(speed):
    # a toe walk whose swinging foot the pose model reads flat: the lower
    # of the two feet never passes, the standing foot always does
    toe_walk = _side_walk(5, 0.7, speed, stance=(8.0, 8.0), swing=(0.0, 0.0))
    assert _count_on_stance(toe_walk, stance_foot=False) == 0
    assert _count_on_stance(toe_walk, stance_foot=True) == 5
    # an ordinary walk pushing off: the swinging foot's heel is up, the
    # standing foot flat; on the ground (speed 1.2) or on a treadmill (0)
    ordinary = _side_walk(5, 0.7, speed, stance=(0.0, 0.0), swing=(8.0, 8.0))
    assert _count_on_stance(ordinary, stance_foot=True) == 0


def _lean_into_the_walk(walk, stand: float = 1.5, lean_for: float = 0.3, lean: float = 0.8):
    """The same walk with the body leaning into it: the hips (and the head)
    move ``lean`` torso lengths ahead over the ``lean_for`` seconds before
    the feet part, and stay that far ahead."""
    torso_px, w = 100.0, 640
    out = []
    for t, v, frame, feet in walk:
        shift = lean * torso_px * min(1.0, max(0.0, t - (stand - lean_for)) / lean_for)
        pose = [list(p) for p in frame.pose]
        for j in (0, 11, 12, 23, 24):
            pose[j][0] += shift / w
        out.append((t, v, Frame(t=t, w=frame.w, h=frame.h, pose=tuple(tuple(p) for p in pose)), feet))
    return out


def _count_with_rest(walk, standing, rest_rise: float = 0.0, **rule_fields) -> GaitCounter:
    """Counts ``walk`` with the rest learnt on the person standing first;
    the feet read ``standing`` (one value, or one per foot) while they
    stand, and that much more than the walk's own readings while they walk
    (the camera's angle adds it to every frame)."""
    offsets = standing if isinstance(standing, tuple) else (standing, standing)
    postures = {f.t: tuple(o + x for o, x in zip(offsets, feet)) for _, _, f, feet in walk}
    return _run_side_walk(walk, postures, learn_rest=True, rest_rise=rest_rise, **rule_fields)


def test_the_rest_learnt_standing_outlasts_the_lean_that_sets_off_the_walk():
    # flat feet read -4 from this camera, the walk's feet 6 above that: it
    # passes only on the learnt rest; the hips move before the feet part,
    # and that must not throw the standing away
    walk = _lean_into_the_walk(_side_walk(5, 0.7, 1.2, stance=(6.0, 6.0), swing=(6.0, 6.0)))
    counter = _count_with_rest(walk, standing=-4.0)
    assert counter.posture_rest() == pytest.approx(-4.0)
    assert counter.count == 5


@pytest.mark.parametrize("standing, walking, rest_rise, rest, expected", [
    # flat feet read 3 into the posture from this camera, ordinary steps 3
    # more: on the default rest (0) they pass
    (3.0, 3.0, 0.0, 0.0, 5),
    # with room to rise, the rest follows the camera and they do not
    (3.0, 3.0, 4.0, 3.0, 0),
])
def test_the_learnt_rest_rises_with_the_camera(standing, walking, rest_rise, rest, expected):
    walk = _side_walk(5, 0.7, 1.2, stance=(walking, walking), swing=(walking, walking))
    counter = _count_with_rest(walk, standing=standing, rest_rise=rest_rise)
    assert counter.posture_rest() == pytest.approx(rest)
    assert counter.count == expected


def test_standing_in_the_posture_before_walking_raises_the_rest_only_so_far():
    # someone already up in the posture (9) while the rest is learnt, and
    # walking in it: a rest free to rise that far loses the whole walk
    walk = _side_walk(5, 0.7, 1.2, stance=(0.0, 0.0), swing=(0.0, 0.0))
    unlimited = _count_with_rest(walk, standing=9.0, rest_rise=10.0)
    capped = _count_with_rest(walk, standing=9.0, rest_rise=4.0)
    assert unlimited.posture_rest() == pytest.approx(9.0) and unlimited.count == 0
    # every step counts (here also the first frames of setting off, which
    # show the posture as well)
    assert capped.posture_rest() == pytest.approx(4.0) and capped.count >= 5



@pytest.mark.parametrize("walking, foot_rest, expected", [
    # an ordinary walk, each standing foot 2 above its own flat: the foot
    # that reads 3 high from this camera passes on the shared rest
    (2.0, 0.0, 2),
    (2.0, 3.0, 0),
    # a walk in the posture, 6 above flat: the foot that reads 3 low
    # fails on the shared rest
    (6.0, 0.0, 2),
    (6.0, 3.0, 5),
])
def test_each_foot_is_read_against_its_own_flat_reading(walking, foot_rest, expected):
    # flat, the left foot reads 3 and the right -3 (the rest of both is 0)
    walk = _side_walk(5, 0.7, 1.2, stance=(walking, walking), swing=(walking, walking))
    counter = _count_with_rest(walk, standing=(3.0, -3.0), stance_foot=True, foot_rest=foot_rest, passing=0.4,
                               near=0.2, near_while_counting=False)
    assert counter.posture_rest() == pytest.approx(0.0)
    assert counter.count == expected


# --------------------------------------------------------------- walk-level rules

@pytest.mark.parametrize("readings, with_rule, without", [
    # one step of a counted walk reads flat (0.0, below the "almost" line too)
    ([8.0, 8.0, 8.0, 0.0, 8.0, 8.0], 6, 5),
    # a missed step counts only once the walk goes on
    ([8.0, 8.0, 8.0, 8.0, 8.0, 0.0], 5, 5),
    # the walk's first step passed but is still held (one step is no walk
    # yet) when the second misses: bridged all the same
    ([8.0, 0.0, 8.0, 8.0, 8.0, 8.0], 6, 5),
    # two misses in a row are the walk stopping: neither counts
    ([8.0, 8.0, 0.0, 0.0, 8.0, 8.0], 4, 4),
    # a miss before any walk is no step of it
    ([0.0, 8.0, 8.0, 8.0, 8.0, 8.0], 5, 5),
])
def test_one_missed_step_between_counted_ones_is_bridged(readings, with_rule, without):
    samples, landings = walk_signal(6, period=0.7, seed=31)
    for bridge, expected in ((False, without), (True, with_rule)):
        counter = _gait(2.5, bridge_one_miss=bridge)
        events = _run_gait(counter, samples, _steps_reading(landings, readings))
        assert counter.count == expected, bridge
        assert [e.index for e in events] == list(range(1, expected + 1))
    if with_rule > without:
        # the bridged step is reported as it read: partial, at its own level
        bridged = [e for e in events if e.progress < 0.25]
        assert len(bridged) == 1 and bridged[0].quality == "partial"


@pytest.mark.parametrize("hidden, with_rule, without", [
    # the third step (2.7 to 3.5) hidden on nearly all its frames, under
    # even a thin step's share: bridged as a partial step
    ((2.64, 3.57), 5, 4),
    # the first step hidden: no walk yet to bridge it in
    ((1.0, 1.97), 4, 4),
    # the third and fourth hidden: the walk was lost, not one step
    ((2.64, 4.37), 3, 3),
])
def test_a_step_seen_on_too_few_frames_between_passing_ones_is_bridged(hidden, with_rule, without):
    # landings at 1.9, 2.7, 3.5, 4.3, 5.1
    samples, landings = walk_signal(5, period=0.8, seed=13)
    for unseen, expected in ((False, without), (True, with_rule)):
        counter = _gait(2.5, thin_coverage=0.15, bridge_one_miss=True, bridge_unseen=unseen)
        events = _run_gait(counter, samples, _hidden(hidden))
        assert counter.count == expected, unseen
        assert any(isinstance(e, FeedbackEvent) and e.code == "lost_view" for e in counter.events)
    if with_rule > without:
        assert [e.quality for e in events] == ["full", "full", "partial", "full", "full"]
        assert events[2].progress == 0.0 and abs(events[2].end - landings[2]) < 0.15


@pytest.mark.parametrize("bridge, expected", [(True, 6), (False, 5)])
def test_one_step_read_far_too_big_between_passing_ones_is_bridged(bridge, expected):
    # the fourth step reads 30 (three times the span: past ``too_big``),
    # the others 8: noise blew one step of the walk up
    samples, landings = walk_signal(6, period=0.7, seed=31)
    counter = _gait(2.5, too_big=2.0, bridge_one_miss=bridge)
    events = _run_gait(counter, samples, _steps_reading(landings, [8.0, 8.0, 8.0, 30.0, 8.0, 8.0]))
    assert counter.count == expected
    if bridge:
        # reported as it read, and never as a full repetition
        assert events[3].progress == pytest.approx(3.0) and events[3].quality == "partial"
    assert any(isinstance(e, FeedbackEvent) and e.code == "too_big" for e in counter.events)


def _bare_step(start: float, end: float) -> RepEvent:
    """A step found from ``start`` to ``end``, as the finder reports it (not yet judged)."""
    return RepEvent(index=0, start=start, peak=end, end=end, value=0.0, range=0.0, progress=0.0, quality="full")


def test_a_bridge_never_spans_a_sliver():
    # a "step" far shorter than the counted ones around it is a leg swap
    # or a turn of the step finder, not a step of the walk
    from coach.engine.gait import _between
    assert _between(_bare_step(1.0, 1.6), 1.0, _bare_step(1.6, 2.2), 0.3)
    assert not _between(_bare_step(1.0, 1.1), 1.0, _bare_step(1.1, 1.7), 0.3)
    # not adjacent: something happened between
    assert not _between(_bare_step(1.0, 1.6), 0.9, _bare_step(1.6, 2.2), 0.3)
    assert not _between(_bare_step(1.0, 1.5), 1.0, _bare_step(1.6, 2.2), 0.3)


@pytest.mark.parametrize("first, with_rule, without", [
    (3.0, 4, 3),     # the first step reached the "almost" line: it starts the walk
    (1.0, 3, 3),     # below it: the first step was taken flat
])
def test_the_step_straight_before_a_walk_counts_when_it_nearly_passed(first, with_rule, without):
    samples, landings = walk_signal(4, period=0.7, seed=32)
    posture = _steps_reading(landings, [first, 8.0, 8.0, 8.0])
    for lead_in, expected in ((True, with_rule), (False, without)):
        counter = _gait(2.5, lead_in=lead_in)
        _run_gait(counter, samples, posture)
        assert counter.count == expected, lead_in


@pytest.mark.parametrize("lead_in, expected", [(True, 5), (False, 4)])
def test_a_lead_in_step_still_counts_when_a_bridged_miss_follows_the_walks_first_step(lead_in, expected):
    # lead-in, the walk's first passing step (held), one step read flat,
    # then the walk goes on: the missed step is bridged, and the lead-in
    # step still starts the walk (the miss must not take its place)
    samples, landings = walk_signal(5, period=0.7, seed=32)
    counter = _gait(2.5, lead_in=lead_in, bridge_one_miss=True)
    events = _run_gait(counter, samples, _steps_reading(landings, [3.0, 8.0, 0.0, 8.0, 8.0]))
    assert counter.count == expected
    if lead_in:
        # the lead-in step comes first, at its own (low) level
        assert events[0].index == 1 and events[0].progress == pytest.approx(0.3)


@pytest.mark.parametrize("lead_in, expected", [(True, 4), (False, 3)])
def test_a_lead_in_step_is_read_on_the_better_foot(lead_in, expected):
    # both feet must show the posture (``combine=min``), and the first step
    # shows it on one foot only: as a step it fails, as the walk's lead-in
    # (setting off from standing, one foot rising first) it counts
    samples, landings = walk_signal(4, period=0.7, seed=32)
    posture = _steps_reading(landings, [(0.0, 8.0), (8.0, 8.0), (8.0, 8.0), (8.0, 8.0)])
    counter = _gait(2.5, combine=min, lead_in=lead_in)
    events = _run_gait(counter, samples, posture)
    assert counter.count == expected
    if lead_in:
        assert events[0].progress == pytest.approx(0.8) and events[0].quality == "partial"


def test_a_lead_in_step_never_starts_a_walk_by_itself():
    samples, landings = walk_signal(4, period=0.7, seed=33)
    counter = _gait(2.5, lead_in=True)
    _run_gait(counter, samples, _steps_reading(landings, [3.0, 8.0, 1.0, 1.0]))
    assert counter.count == 0


@pytest.mark.parametrize("readings, lead_steps, expected", [
    # two steps near the line before the walk: both with room for two
    ([3.0, 3.0, 8.0, 8.0, 8.0], 2, 5),
    ([3.0, 3.0, 8.0, 8.0, 8.0], 1, 4),
    # room for three, but the chain stops at the first step below "almost"
    ([3.0, 1.0, 3.0, 8.0, 8.0, 8.0], 3, 4),
    # only the steps straight before the walk: room for two of three
    ([3.0, 3.0, 3.0, 8.0, 8.0, 8.0], 2, 5),
])
def test_several_steps_straight_before_a_walk_can_lead_into_it(readings, lead_steps, expected):
    samples, landings = walk_signal(len(readings), period=0.7, seed=35)
    counter = _gait(2.5, lead_in=True, lead_steps=lead_steps)
    events = _run_gait(counter, samples, _steps_reading(landings, readings))
    assert counter.count == expected
    # numbered in order, the lead-in steps first, at their own level
    assert [e.index for e in events] == list(range(1, expected + 1))
    assert [round(e.progress, 1) for e in events] == [r / 10.0 for r in readings[len(readings) - expected:]]


def _then_standing(samples, seconds: float, fps: float = 30.0):
    """``samples`` followed by ``seconds`` more of feet together."""
    t_end = samples[-1][0]
    return list(samples) + [(t_end + (i + 1) / fps, 0.0) for i in range(int(seconds * fps))]


@pytest.mark.parametrize("readings, confirm_steps, expected", [
    # two steps read like the posture, and the walk goes on flat (the
    # landmarks' drift on an ordinary walk): a walk needing three passing
    # steps never counts them
    ([8.0, 8.0, 0.0, 0.0, 0.0, 0.0], 2, 2),
    ([8.0, 8.0, 0.0, 0.0, 0.0, 0.0], 3, 0),
    # a walk in the posture counts every step either way
    ([8.0, 8.0, 8.0, 8.0, 8.0], 3, 5),
    # one step between missed: bridged, as with two
    ([8.0, 8.0, 0.0, 8.0, 8.0], 3, 5),
    # once two steps passed, the walk is judged as under way though not yet
    # counted: a step that reads a little low (0.3) goes on with it
    ([8.0, 8.0, 3.0, 8.0], 3, 4),
    # a walk of two steps that ends there counts once no step comes
    ([8.0, 8.0], 3, 2),
    # ... and so does one that ends on a single flat step
    ([8.0, 8.0, 0.0], 3, 2),
])
def test_a_walk_can_need_three_passing_steps_while_it_goes_on(readings, confirm_steps, expected):
    samples, landings = walk_signal(len(readings), period=0.7, seed=36)
    counter = _gait(2.5, confirm_steps=confirm_steps, release_held_after=1.5, bridge_one_miss=True)
    events = _run_gait(counter, _then_standing(samples, 2.0), _steps_reading(landings, readings))
    assert counter.count == expected
    assert [e.index for e in events] == list(range(1, expected + 1))


@pytest.mark.parametrize("readings, expected_without, expected_with", [
    # an ordinary walk that drift lifts past the line on two steps of four,
    # the others reading a little low: the steps that would start it read
    # 0.7, 0.35, 0.6, 0.3, median under the line; it goes on flat
    ([7.0, 3.5, 6.0, 3.0, 1.0, 1.0], 4, 0),
    # ... and the same walk ending straight after those four steps
    ([7.0, 3.5, 6.0, 3.0], 4, 0),
    # a walk in the posture whose third step reads a little low: its
    # starting steps' median stands well above the line
    ([8.0, 8.0, 3.0, 8.0, 8.0], 5, 5),
    # a walk whose second step drift read flat: held on its fourth, whose
    # median (0.45) still falls short, and counted whole on its fifth
    ([6.0, 2.0, 6.0, 3.0, 8.0, 8.0], 6, 6),
])
def test_a_walk_starts_only_when_most_of_its_first_steps_pass(readings, expected_without, expected_with):
    samples, landings = walk_signal(len(readings), period=0.7, seed=37)
    samples = _then_standing(samples, 2.0)
    posture = _steps_reading(landings, readings)
    fields = dict(confirm_steps=3, release_held_after=1.5, bridge_one_miss=True)
    without = _gait(2.5, **fields)
    _run_gait(without, samples, posture)
    counter = _gait(2.5, confirm_median=0.5, **fields)
    events = _run_gait(counter, samples, posture)
    assert (without.count, counter.count) == (expected_without, expected_with)
    assert [e.index for e in events] == list(range(1, expected_with + 1))


def test_a_short_walk_waits_for_its_end_before_it_counts():
    # two passing steps, three needed: nothing counts until no step has
    # come for ``release_held_after``, and without that rule never
    samples, landings = walk_signal(2, period=0.7, seed=36)
    posture = _steps_reading(landings, [8.0, 8.0])
    waiting = _gait(2.5, confirm_steps=3)
    _run_gait(waiting, _then_standing(samples, 3.0), posture)
    assert waiting.count == 0
    counter = _gait(2.5, confirm_steps=3, release_held_after=1.5)
    counted_at = [t for t, v in _then_standing(samples, 3.0)
                  if any(isinstance(e, RepEvent) for e in counter.update(t, v, frame=posture(t)))]
    assert counter.count == 2 and len(counted_at) == 1
    assert counted_at[0] - landings[-1] >= 1.5


@pytest.mark.parametrize("readings, expected", [
    ([5.2, 5.2, 0.0], 0),     # two steps just past the line (0.5), then a flat one: drift
    ([7.0, 7.0, 0.0], 2),     # two steps well past it: a short walk
    ([5.2, 5.2], 0),
    ([5.2, 5.2, 5.2, 5.2], 4),  # three passing steps make a walk whatever its median
])
def test_a_walk_that_ends_after_two_steps_must_show_the_posture_more_clearly(readings, expected):
    samples, landings = walk_signal(len(readings), period=0.7, seed=38)
    posture = _steps_reading(landings, readings)
    fields = dict(confirm_steps=3, release_held_after=1.5, confirm_median=0.5)
    without = _gait(2.5, **fields)
    _run_gait(without, _then_standing(samples, 3.0), posture)
    counter = _gait(2.5, short_walk_median=0.6, **fields)
    _run_gait(counter, _then_standing(samples, 3.0), posture)
    assert counter.count == expected
    assert without.count == len([r for r in readings if r >= 5.0])


@pytest.mark.parametrize("readings, with_rule, without", [
    # a walk that reads high throughout: past too_big (20) but like its own steps
    ([15.0, 15.0, 22.0, 22.0, 22.0], 5, 2),
    # far past the walk's own steps: a jump, refused either way
    ([15.0, 15.0, 40.0, 15.0, 15.0], 4, 4),
    # before a walk is counted the plain limit holds
    ([22.0, 22.0, 22.0, 22.0, 22.0], 0, 0),
])
def test_too_big_is_judged_against_the_walk_once_it_counts(readings, with_rule, without):
    samples, landings = walk_signal(5, period=0.7, seed=34)
    for within, expected in ((1.5, with_rule), (None, without)):
        counter = _gait(2.5, too_big=2.0, too_big_within_walk=within)
        _run_gait(counter, samples, _steps_reading(landings, readings))
        assert counter.count == expected, within


def test_a_step_refused_as_too_big_leaves_the_walks_levels_as_they_were():
    # a walk reading 1.5 spans, one step blown up to 4 by noise (refused),
    # one at 1.9, then the walk reads 2.2: past the plain limit (2), but
    # within 1.5x the walk's own steps, which the refused step says nothing
    # about (forgetting them on it, the plain limit refused the last two)
    samples, landings = walk_signal(6, period=0.7, seed=34)
    counter = _gait(2.5, too_big=2.0, too_big_within_walk=1.5)
    events = _run_gait(counter, samples, _steps_reading(landings, [15.0, 15.0, 40.0, 19.0, 22.0, 22.0]))
    assert counter.count == 5
    assert [round(e.progress, 1) for e in events] == [1.5, 1.5, 1.9, 2.2, 2.2]


def test_walker_track_follows_the_walker_and_tells_someone_else():
    track = WalkerTrack(SamePerson())
    # walking at 1.5 torso lengths a second (150 px/s), 30 frames a second
    assert not any(track.someone_else(i / 30, _body_frame(i / 30, 100.0, x=100.0 + 5.0 * i)) for i in range(30))
    # one frame of a body a torso length off where the walker was heading
    assert track.someone_else(1.0, _body_frame(1.0, 100.0, x=250.0 + 100.0))
    # one frame of a body in the right place but a third shorter
    assert track.someone_else(1.0333, _body_frame(1.0333, 67.0, x=255.0))
    # the walker again, where they were heading: no jump from the strangers' frames
    assert not track.someone_else(1.0667, _body_frame(1.0667, 100.0, x=260.0))


def test_a_stranger_who_stays_becomes_the_walker():
    track = WalkerTrack(SamePerson(reset=0.5))
    for i in range(15):
        track.someone_else(i / 30, _body_frame(i / 30, 100.0, x=200.0))
    verdicts = [track.someone_else(0.5 + i / 30, _body_frame(0.5 + i / 30, 100.0, x=500.0)) for i in range(30)]
    # taken for someone else for half a second, then followed
    assert all(verdicts[:14]) and not any(verdicts[16:])


@pytest.mark.parametrize("same_person, expected", [(SamePerson(), 5), (None, 6)])
def test_a_passer_by_after_the_last_step_is_no_step(same_person, expected):
    # a toe walk across the view; after the last landing a smaller person
    # farther along takes the detector over for 0.25 s, their feet apart
    # the other way: without the walker's track it reads as one more step
    walk = _side_walk(5, 0.7, 1.2, stance=(8.0, 8.0), swing=(8.0, 8.0))
    end = 1.5 + 5 * 0.7
    passer = (end + 0.05, end + 0.3)
    last_sign = math.copysign(1.0, [v for t, v, _, _ in walk if t < end - 0.1][-1])
    postures = {f.t: feet for _, _, f, feet in walk}
    rule = PostureRule(posture=lambda frame: postures.get(frame.t, (8.0, 8.0)), rest=0.0, span=10.0,
                       passing=0.5, near=0.25, stance_foot=True, same_person=same_person)
    counter = GaitCounter(WALK_CONFIG, SignalRange(span=0.6, min_span=0.25), rule, steps="range")
    for t, v, frame, _ in walk:
        if passer[0] <= t < passer[1]:
            frame, v = _body_frame(t, 75.0, x=560.0), -last_sign * 0.8
        counter.update(t, v, frame)
    assert counter.count == expected



def test_a_walker_found_again_away_from_their_heading_is_taken_back_after_reset():
    # the walker heads right at 150 px/s, is lost for a second and is found
    # standing where they were lost, far off their heading
    track = WalkerTrack(SamePerson(reset=0.5))
    for i in range(15):
        track.someone_else(i / 30, _body_frame(i / 30, 100.0, x=100.0 + 5.0 * i))
    verdicts = [track.someone_else(1.5 + i / 30, _body_frame(1.5 + i / 30, 100.0, x=175.0)) for i in range(30)]
    assert verdicts[0] and not any(verdicts[16:])


@pytest.mark.parametrize("slack, refused_frames", [(0.5, 15), (1.2, 0)])
def test_a_walker_who_set_off_during_a_loss_is_followed_at_once_with_a_walking_slack(slack, refused_frames):
    # the walker stands still at x=200 (torso 100 px), is lost for 0.4 s and
    # is found walking at 150 px/s, 55 px on: over 0.25 + 0.5 * 0.4 torso
    # lengths from where they stood, within 0.25 + 1.2 * 0.4
    track = WalkerTrack(SamePerson(slack=slack, reset=0.5))
    for i in range(30):
        assert not track.someone_else(i / 30, _body_frame(i / 30, 100.0, x=200.0))
    found = 29 / 30 + 0.4
    verdicts = [track.someone_else(found + i / 30, _body_frame(found + i / 30, 100.0, x=255.0 + 5.0 * i))
                for i in range(30)]
    assert sum(verdicts) == refused_frames
    assert not any(verdicts[refused_frames:])


@pytest.mark.parametrize("trust, walker_refused", [(1.0, True), (0.7, False)])
def test_one_passer_frame_right_over_the_walker_does_not_carry_the_track_off(trust, walker_refused):
    # the walker stands still at x=320 (torso 100 px); a passer-by crossing
    # at 400 px/s shows up 20 px off them, a little smaller, for 0.2 s
    track = WalkerTrack(SamePerson(trust=trust))
    for i in range(30):
        track.someone_else(i / 30, _body_frame(i / 30, 100.0, x=320.0))
    passer = [track.someone_else(1.0 + i / 30, _body_frame(1.0 + i / 30, 92.0, x=340.0 + 13.3 * i))
              for i in range(6)]
    if not walker_refused:
        # the first frame, near the limits, is left out without moving the
        # track, and the passer's next ones are off it
        assert all(passer)
    back = [track.someone_else(1.2 + i / 30, _body_frame(1.2 + i / 30, 100.0, x=320.0)) for i in range(6)]
    assert any(back) == walker_refused


def test_a_walker_whose_hips_shift_near_the_limit_and_stay_is_followed():
    # the hips read 25 px (0.25 torso lengths, near the jump limit) right of
    # where the walker stood, and stay there, then drift on at 4 px a
    # frame: only the first such frame is left out, and the track then
    # follows (a track that never took them would lose the walker)
    track = WalkerTrack(SamePerson(trust=0.7))
    for i in range(30):
        track.someone_else(i / 30, _body_frame(i / 30, 100.0, x=320.0))
    shifted = [track.someone_else(1.0 + i / 30, _body_frame(1.0 + i / 30, 100.0, x=345.0 + 4.0 * max(0, i - 3)))
               for i in range(30)]
    assert shifted[0] and not any(shifted[1:])


def test_walker_track_follows_a_walker_coming_nearer_and_still_tells_a_smaller_passer():
    # walking towards the camera the torso grows 30% a second, past the size
    # ratio over the track's second of sizes, yet it is the walker all along
    track = WalkerTrack(SamePerson())
    grown = [track.someone_else(i / 30, _body_frame(i / 30, 100.0 * 1.3 ** (i / 30))) for i in range(60)]
    assert not any(grown)
    # one frame of someone three quarters of the walker's size, where the walker stands
    assert track.someone_else(2.0, _body_frame(2.0, 0.75 * 100.0 * 1.3 ** 2.0))
    assert not track.someone_else(2.0333, _body_frame(2.0333, 100.0 * 1.3 ** 2.0333))


# ------------------------------------------------------- leg swaps (RangeSteps)

def _swapped(samples, at: float, frames: int):
    """The pose model swaps the legs for ``frames`` frames from ``at``: the
    signed step signal flips."""
    first = next(i for i, (t, _) in enumerate(samples) if t >= at)
    return [(t, -v if first <= i < first + frames else v) for i, (t, v) in enumerate(samples)]


@pytest.mark.parametrize("frames, swap_dwell, expected", [
    # one swapped frame throws the signal to the other end and back: a step
    # of nothing (the way back comes sooner than ``min_gap``)
    (1, 0.0, 7),
    (1, 0.02, 6),
    (2, 0.02, 8),     # two frames outlast a dwell of one frame
    (2, 0.05, 6),
    (0, 0.05, 6),     # no swap: the dwell loses no step
])
def test_a_leg_swap_of_a_frame_or_two_is_no_step(frames, swap_dwell, expected):
    samples, landings = walk_signal(6, period=0.7, seed=41, noise=0.0)
    # the swap comes just after the third landing, the feet far apart
    events = run_steps(_swapped(samples, landings[2] + 0.05, frames), finder_type=RangeSteps, swap_dwell=swap_dwell)
    assert len(events) == expected


def test_a_step_confirmed_after_the_dwell_is_timed_when_the_far_end_was_entered():
    samples, _ = walk_signal(5, period=0.7, seed=42, noise=0.0)
    at_once = run_steps(samples, finder_type=RangeSteps)
    dwelt = run_steps(samples, finder_type=RangeSteps, swap_dwell=0.05)
    assert len(at_once) == len(dwelt) == 5
    assert [(e.start, e.end) for e in dwelt] == [(e.start, e.end) for e in at_once]


@pytest.mark.parametrize("alternate", [True, False])
def test_zigzag_counts_a_landing_hidden_between_two_with_the_same_foot_ahead(alternate):
    # quick steps (0.5 s); the detector loses the walker for 0.4 s around
    # the fourth landing. The signal leaves and comes back near the feet
    # passing each other, so it shows too small a climb to a landing, but
    # the landings either side of the gap have the same foot ahead: the
    # other foot landed in between
    samples, landings = walk_signal(6, period=0.5, seed=31, noise=0.005)
    hidden = landings[3]
    events = run_steps(hide(samples, hidden - 0.2, hidden + 0.2), alternate=alternate)
    assert len(run_steps(samples, alternate=alternate)) == 6
    assert len(events) == (6 if alternate else 5)
    if alternate:
        assert abs(events[3].end - hidden) < 0.05
        assert events[3].start == events[2].end and events[4].start == events[3].end


@pytest.mark.parametrize("alternate", [True, False])
def test_zigzag_counts_a_landing_that_noise_broke_in_two_once(alternate):
    # noise on a barely seen foot pulls the second landing's reading down
    # for a tenth of a second at its top: two peaks with the same foot ahead
    # and nothing lost between them, one landing; the walk has no rhythm
    # yet that would say the second came too soon
    samples, landings = walk_signal(5, period=0.8, seed=32, noise=0.005)
    top = landings[1]
    broken = [(t, 0.3 * v if top - 0.05 <= t < top + 0.05 else v) for t, v in samples]
    events = run_steps(broken, alternate=alternate)
    assert len(events) == (5 if alternate else 6)


def test_zigzag_a_spike_before_the_walk_does_not_swallow_its_first_landing():
    # one frame of a passer-by's feet, apart with the same foot ahead as the
    # walker's first landing, while the walker still stands: that spike is
    # no sighting of a landing, and the first real landing still counts
    samples, landings = walk_signal(4, period=0.8, seed=33, noise=0.005)
    first_sign = math.copysign(1.0, next(v for t, v in samples if abs(t - landings[0]) < 0.02))
    spiked = [(t, first_sign * 0.4 if 0.9 <= t < 0.93 else v) for t, v in samples]
    events = run_steps(spiked)
    assert any(abs(e.end - landings[0]) < 0.1 for e in events)
    # the first real landing, with the same foot ahead, takes the spike's
    # place (``first_spike``); without the rule the spike is a step too
    assert len(events) == 4 and all(e.end > 1.0 for e in events)
    assert len(run_steps(spiked, first_spike=False)) == 5


def test_zigzag_leg_swaps_at_the_top_of_each_landing_keep_its_foot():
    # the model swaps the legs for two frames at the top of every landing:
    # the foot ahead is read over the frames around it, and no landing is
    # taken for the last one seen again
    samples, landings = walk_signal(6, period=0.7, seed=34, noise=0.005)
    swapped = [(t, -v if any(0.0 <= t - L < 0.07 for L in landings) else v) for t, v in samples]
    assert len(run_steps(swapped)) == 6


@pytest.mark.parametrize("lead_extra, expected", [(0.3, 4), (0.0, 3)])
def test_a_lead_in_step_reported_as_the_feet_set_off_is_read_on_its_landing(lead_extra, expected):
    # a range finder reports the walk's first step as the feet set off, a
    # quarter of a second before the foot lands: its own frames show the
    # standing person, and the posture shows only from there on
    samples, landings = walk_signal(4, period=0.7, seed=35)
    rule = PostureRule(posture=lambda frame: frame, rest=0.0, span=10.0, passing=0.5, near=0.25, lead_in=True,
                       lead_extra=lead_extra)
    counter = GaitCounter(WALK_CONFIG, SignalRange(span=0.6, min_span=0.25), rule, steps="range")
    events = _run_gait(counter, samples, lambda t: 8.0 if t >= landings[0] - 0.25 else 0.0)
    assert counter.count == expected
    assert events[0].start < landings[0] - 0.25 if lead_extra else events[0].start > landings[0] - 0.3


def test_a_lead_in_step_borrows_at_most_half_the_next_step():
    # a sliver of a "step" (0.1 s) straight before a short first step: the
    # frames after it belong to that next step, and only the first half of
    # it may be read for the sliver
    rule = PostureRule(posture=lambda frame: frame, rest=0.0, span=10.0, passing=0.5, near=0.25, lead_in=True,
                       lead_extra=0.3)
    counter = GaitCounter(WALK_CONFIG, SignalRange(span=0.6, min_span=0.25), rule, steps="range")

    for i in range(60):
        t = 1.0 + i / 30.0
        # flat until 1.17, the posture from then on
        counter._posture.append((t, 0.0 if t < 1.17 else 8.0))
    sliver, first = _bare_step(1.0, 1.1), _bare_step(1.1, 1.3)
    counter._leads = [sliver]
    counter._held = [first]
    # read to half the next step (1.2), the sliver is mostly flat: no
    # lead-in; read to 0.3 s after it, the next step's posture would pass it
    counted = counter._confirm(counter._as_rep(_bare_step(1.3, 1.9), 8.0, 0.8, True), 1.9)
    assert [round(e.start, 1) for e in counted] == [1.1, 1.3]


def _pushing_off(dip: float, share: float, frames: Optional[int] = None, period: float = 0.7):
    """Both feet in the posture (7, on a span of 10: short of ``full``), but late in every step
    the trailing foot, one and then the other, goes ``dip`` the other way:
    over the last ``share`` of the step, or on ``frames`` frames only."""
    def posture(t: float):
        if t < 1.5:
            return (0.0, 0.0)
        step, into = divmod((t - 1.5) / period, 1.0)
        late = (1.0 - into) * period * 30.0 < frames if frames is not None else into > 1.0 - share
        feet = [7.0, 7.0]
        if late:
            feet[int(step) % 2] = dip
        return tuple(feet)
    return posture


@pytest.mark.parametrize("contrary, expected", [(None, 6), (0.4, 0)])
def test_a_foot_rolling_off_its_toes_late_in_every_step_is_ordinary_walking(contrary, expected):
    # the trailing foot pushes off (6 the other way: 0.6 spans) over the
    # last 40% of every step, while the other foot and both medians read
    # the posture
    samples, _ = walk_signal(6, period=0.7, seed=41)
    counter = _gait(2.5, contrary=contrary)
    _run_gait(counter, samples, _pushing_off(-6.0, 0.4))
    assert counter.count == expected
    if contrary is not None:
        hints = [e.code for e in counter.events if isinstance(e, FeedbackEvent)]
        assert "posture_missing" in hints and "posture_small" not in hints


@pytest.mark.parametrize("dip, share, frames, expected", [
    # a dip of one or two frames (jitter) is read on 3-frame means: no push-off
    (-30.0, 0.0, 1, 6),
    (-9.0, 0.0, 2, 6),
    # a dip on a tenth of the step stays below the fifth of its frames
    (-6.0, 0.1, None, 6),
    # a small dip (0.3 spans) is within the limit
    (-3.0, 0.4, None, 6),
    # held over half the step it is a push-off
    (-6.0, 0.5, None, 0),
])
def test_only_a_held_roll_the_other_way_stops_a_step(dip, share, frames, expected):
    samples, _ = walk_signal(6, period=0.7, seed=42)
    counter = _gait(2.5, contrary=0.4)
    _run_gait(counter, samples, _pushing_off(dip, share, frames))
    assert counter.count == expected


def test_the_contrary_check_reads_a_lowering_posture_the_other_way():
    # span -10: the posture lowers the value; going the other way raises it
    samples, _ = walk_signal(6, period=0.7, seed=43)

    def mirrored(posture):
        return lambda t: tuple(-x for x in posture(t))

    for dip, expected in ((-6.0, 0), (-3.0, 6)):
        counter = _gait(2.5, span=-10.0, contrary=0.4)
        _run_gait(counter, samples, mirrored(_pushing_off(dip, 0.4)))
        assert counter.count == expected, dip


@pytest.mark.parametrize("pass_in_gap", [True, False])
def test_zigzag_takes_the_feet_as_passed_when_a_gap_hid_them_passing(pass_in_gap):
    # six steps of 0.8 s; the model loses the walker from 0.15 s before the
    # feet pass each other (the signal crosses zero mid-step) until 0.15 s
    # after: the signal goes missing with one foot ahead and comes back with
    # the other ahead, already on its way up to the next landing
    samples, landings = walk_signal(6, period=0.8, seed=51, noise=0.005)
    crossing = landings[3] + 0.4
    walk = hide(samples, crossing - 0.15, crossing + 0.15)
    events = run_steps(walk, pass_in_gap=pass_in_gap)
    assert len(run_steps(samples)) == 6
    # without the rule the finder waits for a trough already gone, and the
    # rhythm it then reads loses landings after the gap
    assert len(events) == 6 if pass_in_gap else len(events) < 6
    if pass_in_gap:
        # the landings after the gap keep their times
        assert [round(e.end - x, 1) for e, x in zip(events[4:], landings[4:])] == [0.0, 0.0]


def test_zigzag_counts_a_landing_between_two_passings_a_gap_hid():
    # steps of 0.55 s (a child's); after the first landing the model loses
    # the walker just after the feet pass each other, before the swing that
    # follows reaches the turning threshold, and finds them again just after
    # they pass once more: that foot went ahead, landed and was passed, all
    # unseen. The walk has no rhythm yet to say so by the feet's turns.
    period = 0.55
    samples, landings = walk_signal(6, period=period, seed=53, noise=0.005)
    crossing = landings[0] + 0.5 * period
    walk = hide(samples, crossing + 0.07, crossing + period + 0.07)
    assert len(run_steps(samples, max_gap=0.8)) == 6
    events = run_steps(walk, max_gap=0.8)
    assert len(events) == 6
    # timed at the gap's middle, the later landings keep their times
    assert abs(events[1].end - landings[1]) < 0.1
    assert [round(e.end - x, 1) for e, x in zip(events[2:], landings[2:])] == [0.0] * 4


def test_zigzag_counts_a_walks_second_landing_a_gap_hid_before_the_walk_has_a_rhythm():
    # the signal climbs into a gap over the second landing (by less than
    # the turning threshold) and comes back low, and the third landing has
    # the first one's foot ahead: both say a landing fell in the gap,
    # though one landing gives no rhythm yet
    period = 0.6
    samples, landings = walk_signal(5, period=period, seed=54, noise=0.005)
    walk = hide(samples, landings[1] - 0.23, landings[1] + 0.27)
    events = run_steps(walk, max_gap=0.8)
    assert len(events) == 5
    assert landings[1] - 0.23 <= events[1].end <= landings[1] + 0.27


@pytest.mark.parametrize("min_interval, expected", [(0.3, 6), (0.0, 5)])
def test_zigzag_takes_a_gap_straight_after_the_first_landing_for_one_that_can_hide_a_step(min_interval, expected):
    # steps of 0.5 s; the model loses the walker 0.05 s after the first
    # landing, before the feet came back far enough to confirm it, and finds
    # them 0.27 s after the second, with the first foot ahead again. The gap
    # is one since the first landing, so the third landing is no sighting
    # of the first again. Before the walk has a rhythm, a gap at least
    # ``min_interval`` long (a step's least time) held the second landing.
    period = 0.5
    samples, landings = walk_signal(6, period=period, seed=55, noise=0.005)
    walk = hide(samples, landings[0] + 0.05, landings[1] + 0.27)
    events = run_steps(walk, max_gap=0.8, min_interval=min_interval)
    assert len(events) == expected
    assert abs(events[-1].end - landings[-1]) < 0.1
    if expected == 6:
        assert landings[0] + 0.05 <= events[1].end <= landings[1] + 0.27


def test_zigzag_infers_no_second_landing_when_the_signal_fell_into_the_gap():
    # the same walk, the gap from just after the first landing: the signal
    # went into it falling, so only the third landing's foot says anything,
    # and before a rhythm that is not enough (a passer-by's feet as the
    # walk sets off show the same)
    period = 0.6
    samples, landings = walk_signal(5, period=period, seed=54, noise=0.005)
    walk = hide(samples, landings[0] + 0.1, landings[1] + 0.27)
    assert len(run_steps(walk, max_gap=0.8)) == 4


def test_zigzag_passes_the_feet_in_a_gap_only_when_the_other_foot_comes_back_ahead():
    # a gap just before a landing, the same foot ahead on both sides: no
    # passing to infer, and nothing changes
    samples, landings = walk_signal(6, period=0.8, seed=52, noise=0.005)
    walk = hide(samples, landings[3] - 0.2, landings[3] - 0.05)
    with_rule = run_steps(walk, pass_in_gap=True)
    assert [e.end for e in with_rule] == [e.end for e in run_steps(walk, pass_in_gap=False)]
    assert len(with_rule) == 6


@pytest.mark.parametrize("readings, expected", [
    # a walk of two passing steps, three needed, the stream ends straight after
    ([8.0, 8.0], 2),
    # one step is no walk, even at the end
    ([8.0], 0),
    # two steps read high and the walk went on flat: no walk at the end either
    ([8.0, 8.0, 0.0, 0.0], 0),
])
def test_the_end_of_the_stream_counts_the_steps_a_walk_ended_on(readings, expected):
    samples, landings = walk_signal(len(readings), period=0.7, seed=37)
    # the stream ends half a second after the walk: no time for the wait
    samples = [(t, v) for t, v in samples if t <= landings[-1] + 0.5]
    counter = _gait(2.5, confirm_steps=3, release_held_after=1.5)
    _run_gait(counter, samples, _steps_reading(landings, readings))
    assert counter.count == 0
    counted = [e for e in counter.finish() if isinstance(e, RepEvent)]
    assert counter.count == expected and [e.index for e in counted] == list(range(1, expected + 1))
    # and only once
    assert counter.finish() == []


@pytest.mark.parametrize("min_share, sliver_end, expected_starts", [
    # a sliver of 0.05 s (a passer-by's frames cut it) straight before a
    # walk's first step, flat on its own frames: read on the next step's
    # frames too it would pass as that step
    (0.0, 1.05, [1.0, 1.05, 1.6]),
    (0.2, 1.05, [1.05, 1.6]),
    # a real first step, over a quarter as long as the next, still borrows them
    (0.2, 1.15, [1.0, 1.15, 1.7]),
])
def test_a_sliver_before_a_walk_does_not_borrow_the_next_steps_frames(min_share, sliver_end, expected_starts):
    rule = PostureRule(posture=lambda frame: frame, rest=0.0, span=10.0, passing=0.5, near=0.25, lead_in=True,
                       lead_steps=3, lead_extra=0.3, lead_extra_min_share=min_share)
    counter = GaitCounter(WALK_CONFIG, SignalRange(span=0.6, min_span=0.25), rule, steps="range")

    for i in range(90):
        t = 1.0 + i / 30.0
        # flat on the lead step's own frames, the posture once the walk lands
        counter._posture.append((t, 0.0 if t < sliver_end + 0.02 else 8.0))
    first = _bare_step(sliver_end, sliver_end + 0.55)
    counter._leads = [_bare_step(1.0, sliver_end)]
    counter._held = [first]
    nxt = _bare_step(first.end, first.end + 0.6)
    counted = counter._confirm(counter._as_rep(nxt, 8.0, 0.8, True), nxt.end)
    assert [round(e.start, 2) for e in counted] == expected_starts


@pytest.mark.parametrize("lead_unapproached, expected", [(False, 3), (True, 4)])
def test_a_step_refused_for_not_coming_nearer_after_a_thin_one_can_lead_into_the_walk(lead_unapproached, expected):
    # a passer-by hides most of the walk's first step; the walker, still
    # far off, is seen growing only from the second landing on, so the
    # second step is refused for not coming nearer after a thinly seen one
    samples, landings = walk_signal(5, period=0.8, seed=52)
    hidden = (landings[0] - 0.55, landings[0] - 0.05)
    rule = PostureRule(posture=lambda frame: None if hidden[0] <= frame.t < hidden[1] else 8.0, rest=0.0,
                       span=10.0, passing=0.5, near=0.25, min_approach=0.03, min_coverage=0.35,
                       thin_coverage=0.15, lead_in=True, lead_unapproached=lead_unapproached)
    counter = GaitCounter(WALK_CONFIG, SignalRange(span=0.6, min_span=0.25), rule, steps="zigzag")
    for t, v in samples:
        counter.update(t, v, _body_frame(t, 120.0 * (1.0 + 0.1 * max(0.0, t - landings[1]))))
    assert any(isinstance(e, FeedbackEvent) and e.code == "come_closer" for e in counter.events)
    assert counter.count == expected


@pytest.mark.parametrize("lead_extra_seen, expected_starts", [
    # the lead step is seen on 2 of its 8 frames, flat: read on the next
    # step's frames it would pass as that step
    (False, [1.0, 1.25, 1.8]),
    (True, [1.25, 1.8]),
])
def test_a_lead_in_step_seen_on_a_frame_or_two_keeps_its_own_frames(lead_extra_seen, expected_starts):
    rule = PostureRule(posture=lambda frame: frame, rest=0.0, span=10.0, passing=0.5, near=0.25, lead_in=True,
                       lead_steps=3, lead_extra=0.3, min_coverage=0.35, lead_extra_seen=lead_extra_seen)
    counter = GaitCounter(WALK_CONFIG, SignalRange(span=0.6, min_span=0.25), rule, steps="range")
    for i in range(90):
        t = 1.0 + i / 30.0
        # unseen but for two flat frames over the lead step, then the posture
        counter._posture.append((t, (0.0 if i in (2, 3) else None) if t < 1.27 else 8.0))
    first = _bare_step(1.25, 1.8)
    counter._leads = [_bare_step(1.0, 1.25)]
    counter._held = [first]
    nxt = _bare_step(first.end, first.end + 0.6)
    counted = counter._confirm(counter._as_rep(nxt, 8.0, 0.8, True), nxt.end)
    assert [round(e.start, 2) for e in counted] == expected_starts


@pytest.mark.parametrize("retime", [True, False])
def test_zigzag_times_a_peak_reached_in_a_gap_at_the_gaps_middle(retime):
    # no reading from 0.25 s before the third landing to 0.2 s after it:
    # the first sample after the gap stands higher than the last before it,
    # and the signal only falls from there
    samples, landings = walk_signal(5, period=0.8, seed=31, noise=0.005)
    landing = landings[2]
    events = run_steps(hide(samples, landing - 0.25, landing + 0.2), retime_after_gap=retime)
    assert len(events) == 5
    third = events[2].end
    if retime:
        assert abs(third - (landing - 0.025)) < 0.05
        assert events[3].start == third
    else:
        assert third >= landing + 0.2


def test_a_landing_after_a_gap_timed_late_does_not_swallow_the_next():
    # suite clip inner_edge_walk_passer_14 of seed shift 280002: a detector
    # loss of 0.45 s hid the third landing and a passer-by's frames cut the
    # fourth; timed at the first sample after the loss, the third stood so
    # close to the fourth that the fourth read as the third seen twice
    from tests.test_body_exercises import _suite_counts, _with_finder

    expected, counted, without = _suite_counts("inner_edge_walk", "inner_edge_walk_passer_14", 280002,
                                               lambda spec: _with_finder(spec, retime_after_gap=False))
    assert counted == expected == 4
    assert without == 3


def _feet_at(t: float, feet_y: float) -> Frame:
    """A frame with every landmark mid-picture but the feet, at ``feet_y``."""
    pose = [(0.5, 0.5, 0.0, 0.9)] * 33
    for i in range(27, 33):
        pose[i] = (0.5, feet_y, 0.0, 0.9)
    return Frame(t=t, w=640, h=480, pose=tuple(pose))


@pytest.mark.parametrize("last_feet_y, margin, expected", [
    (1.08, 0.045, 4),      # the last step lands with the feet out of the picture
    (1.03, 0.045, 5),      # at its edge, within the margin
    (1.08, None, 5),       # not checked
])
def test_a_step_landing_out_of_the_picture_is_not_judged(last_feet_y, margin, expected):
    samples, landings = walk_signal(5, period=0.8, seed=37)
    rule = PostureRule(posture=lambda frame: 8.0, rest=0.0, span=10.0, passing=0.5, near=0.25,
                       landing_margin=margin)
    counter = GaitCounter(WALK_CONFIG, SignalRange(span=0.6, min_span=0.25), rule, steps="zigzag")
    for t, v in samples:
        counter.update(t, v, _feet_at(t, last_feet_y if t >= landings[-1] - 0.3 else 0.9))
    counter.finish()
    assert counter.count == expected
    told = any(isinstance(e, FeedbackEvent) and e.code == "out_of_picture" for e in counter.events)
    assert told == (expected == 4)


def _walker_frame(t: float, left_ankle: Tuple[float, float], right_ankle: Tuple[float, float],
                  left_seen: float = 0.9) -> Frame:
    """A standing body, hips mid-picture, torso 100 px long; the ankles at
    the given offsets from the hips, in torso lengths."""
    pose = [(0.5, 0.5, 0.0, 0.9)] * 33
    for i in (11, 12):
        pose[i] = (320.0 / 640.0, 140.0 / 480.0, 0.0, 0.9)
    for i in (23, 24):
        pose[i] = (320.0 / 640.0, 240.0 / 480.0, 0.0, 0.9)
    for i, (dx, dy), seen in ((27, left_ankle, left_seen), (28, right_ankle, 0.9)):
        pose[i] = ((320.0 + 100.0 * dx) / 640.0, (240.0 + 100.0 * dy) / 480.0, 0.0, seen)
    return Frame(t=t, w=640, h=480, pose=tuple(pose))


@pytest.mark.parametrize("max_feet_speed, during, expected", [
    # a passer-by whose hips and size match the walker's, feet elsewhere:
    # every one of their frames is told apart
    (12.0, "passer", [False] * 3 + [True] * 5 + [False] * 3),
    (None, "passer", [False] * 11),
    # the pose model swapping left and right is no one else
    (12.0, "swap", [False] * 11),
    # nor is a hidden foot whose guessed point jumps about
    (12.0, "hidden", [False] * 11),
])
def test_walker_track_tells_a_passer_by_by_their_feet(max_feet_speed, during, expected):
    track = WalkerTrack(SamePerson(max_feet_speed=max_feet_speed))
    walker = ((0.2, 1.8), (-0.1, 1.75))
    verdicts = []
    for i in range(11):
        t = i / 30.0
        feet, seen = walker, 0.9
        if 3 <= i < 8:
            if during == "passer":
                feet = ((-0.8, 1.2), (0.3 + 0.02 * i, 1.7))
            elif during == "swap":
                feet = walker[::-1]
            else:
                feet, seen = ((0.2 + (-1) ** i * 0.6, 1.4), walker[1]), 0.2
        verdicts.append(track.someone_else(t, _walker_frame(t, *feet, left_seen=seen)))
    assert verdicts == expected


def _jittered(posture, sd: float, seed: int = 0):
    """``posture`` with white noise of ``sd`` on every frame."""
    rng = np.random.default_rng(seed)
    return lambda t: posture(t) + rng.normal(0.0, sd)


@pytest.mark.parametrize("readings, sd, unsteady, expected", [
    # three steps past the line, then the walk goes on flat: under heavy
    # jitter (0.3 spans a frame) an unsteady walk needs four, and never
    # counts; read steadily, or with the rule off, the three count
    ([8.0, 8.0, 8.0, 0.0, 0.0, 0.0], 3.0, 0.2, 0),
    ([8.0, 8.0, 8.0, 0.0, 0.0, 0.0], 3.0, None, 3),
    ([8.0, 8.0, 8.0, 0.0, 0.0, 0.0], 0.5, 0.2, 3),
    # a walk in the posture counts every step, jitter or not
    ([8.0, 8.0, 8.0, 8.0, 8.0], 3.0, 0.2, 5),
])
def test_an_unsteadily_read_walk_needs_more_passing_steps_to_start(readings, sd, unsteady, expected):
    samples, landings = walk_signal(len(readings), period=0.7, seed=40)
    counter = _gait(2.5, confirm_steps=3, unsteady=unsteady)
    _run_gait(counter, samples, _jittered(_steps_reading(landings, readings), sd))
    assert counter.count == expected


@pytest.mark.parametrize("readings, sd, expected", [
    ([8.0, 8.0], 0.5, 2),     # a short walk read steadily: its median (0.8) passes 0.6
    ([8.0, 8.0], 3.0, 0),     # the same read unsteadily must reach 1.0
    ([12.0, 12.0], 3.0, 2),
])
def test_an_unsteadily_read_short_walk_must_show_the_posture_more_clearly(readings, sd, expected):
    samples, landings = walk_signal(len(readings), period=0.7, seed=42)
    counter = _gait(2.5, confirm_steps=3, release_held_after=1.5, confirm_median=0.5, short_walk_median=0.6,
                    unsteady=0.2, unsteady_short_median=1.0, too_big=3.0)
    _run_gait(counter, _then_standing(samples, 3.0), _jittered(_steps_reading(landings, readings), sd))
    assert counter.count == expected


@pytest.mark.parametrize("readings, longer_median, expected", [
    # three passing steps read unsteadily, then the walk ends: their median
    # (about 0.95) is short of the two-step line (1.0) but reaches the line
    # for three (0.85); at about 0.75 it does not
    ([9.0, 9.0, 9.0], 0.85, 3),
    ([9.0, 9.0, 9.0], None, 0),
    ([7.0, 7.0, 7.0], 0.85, 0),
    # two steps keep the two-step line
    ([9.0, 9.0], 0.85, 0),
])
def test_an_unsteady_short_walk_of_three_steps_has_a_line_of_its_own(readings, longer_median, expected):
    samples, landings = walk_signal(len(readings), period=0.7, seed=42)
    counter = _gait(2.5, confirm_steps=3, release_held_after=1.5, confirm_median=0.5, short_walk_median=0.6,
                    unsteady=0.2, unsteady_short_median=1.0, unsteady_longer_median=longer_median, too_big=3.0)
    _run_gait(counter, _then_standing(samples, 3.0), _jittered(_steps_reading(landings, readings), 3.0))
    assert counter.count == expected


@pytest.mark.parametrize("readings, confirm_steps, expected", [
    # four steps past the line, then the walk goes on flat (the slow drift
    # of a distant camera's landmarks on an ordinary walk): needing five
    # passing steps under jitter, the four never count
    ([8.0, 8.0, 8.0, 8.0, 0.0, 0.0, 0.0], 4, 4),
    ([8.0, 8.0, 8.0, 8.0, 0.0, 0.0, 0.0], 5, 0),
    # a walk in the posture counts every step
    ([8.0, 8.0, 8.0, 8.0, 8.0, 8.0], 5, 6),
])
def test_an_unsteady_walk_of_four_passing_steps_then_flat_ones_is_no_walk(readings, confirm_steps, expected):
    samples, landings = walk_signal(len(readings), period=0.7, seed=40)
    counter = _gait(2.5, confirm_steps=3, unsteady=0.2, unsteady_confirm_steps=confirm_steps)
    _run_gait(counter, samples, _jittered(_steps_reading(landings, readings), 3.0))
    assert counter.count == expected


@pytest.mark.parametrize("readings, long_median, expected", [
    # a walk read unsteadily ends on four passing steps, one short of a
    # start: their median (about 0.8) passes the line for four (0.75),
    # not the one for three (0.85); at about 0.65 it passes neither
    ([7.5, 7.5, 7.5, 7.5], 0.75, 4),
    ([7.5, 7.5, 7.5, 7.5], None, 0),
    ([6.0, 6.0, 6.0, 6.0], 0.75, 0),
    # one step missed among them, bridged: the four passes (median about
    # 0.78) are judged without it (with it the median of five is 0.72)
    ([6.0, 2.0, 9.5, 6.0, 9.5], 0.75, 5),
    ([6.0, 2.0, 9.5, 6.0, 9.5], None, 0),
])
def test_an_unsteady_walk_ending_one_step_short_of_a_start_is_judged_on_its_passes(readings, long_median, expected):
    samples, landings = walk_signal(len(readings), period=0.7, seed=42)
    counter = _gait(2.5, confirm_steps=3, release_held_after=1.5, confirm_median=0.5, short_walk_median=0.6,
                    unsteady=0.2, unsteady_confirm_steps=5, unsteady_short_median=1.0,
                    unsteady_longer_median=0.85, unsteady_long_median=long_median, too_big=3.0,
                    bridge_one_miss=True)
    _run_gait(counter, _then_standing(samples, 3.0), _jittered(_steps_reading(landings, readings), 3.0))
    assert counter.count == expected


@pytest.mark.parametrize("view_sd, expected", [(1.0, 2), (3.0, 0)])
def test_unsteadiness_is_read_on_the_view_not_on_one_step(view_sd, expected):
    # a short walk of two steps, the second read with heavy jitter (0.3
    # spans a frame): in a view that otherwise jitters little (the person
    # standing before and after, 0.1 spans) the walk is read steadily and
    # counts at the steady line (0.6); in a view as jittery throughout it
    # must reach the unsteady one (1.0)
    samples, landings = walk_signal(2, period=0.7, stand=4.0, seed=42)
    reading = _steps_reading(landings, [8.0, 8.0])
    view, step = _jittered(reading, view_sd, seed=1), _jittered(reading, 3.0, seed=2)
    counter = _gait(2.5, confirm_steps=3, release_held_after=1.5, confirm_median=0.5, short_walk_median=0.6,
                    unsteady=0.2, unsteady_short_median=1.0, too_big=3.0)
    _run_gait(counter, _then_standing(samples, 3.0),
              lambda t: step(t) if landings[0] + 0.05 < t <= landings[1] + 0.05 else view(t))
    assert counter.count == expected


def test_jitter_reads_the_frame_to_frame_noise_not_the_movement():
    rng = np.random.default_rng(3)
    t = np.arange(300) / 30.0
    slow = 5.0 * np.sin(2 * np.pi * 0.8 * t)
    assert jitter(list(slow)) < 0.1     # a swing of 5 either way, 0.8 times a second
    noisy = jitter(list(slow + rng.normal(0.0, 0.5, t.size)))
    assert noisy is not None and 0.4 < noisy < 0.6
    assert jitter([1.0, 2.0, 3.0, 4.0]) is None


def test_an_unsteadily_read_walk_held_for_its_fourth_step_says_why():
    samples, landings = walk_signal(3, period=0.7, seed=40)
    counter = _gait(2.5, confirm_steps=3, unsteady=0.2)
    _run_gait(counter, samples, _jittered(_steps_reading(landings, [8.0, 8.0, 8.0]), 3.0))
    assert counter.count == 0
    assert any(isinstance(e, FeedbackEvent) and e.code == "unsteady_view" for e in counter.events)
    steady = _gait(2.5, confirm_steps=3, unsteady=0.2)
    _run_gait(steady, samples, _jittered(_steps_reading(landings, [8.0, 8.0, 8.0]), 0.5))
    assert steady.count == 3
    assert not any(isinstance(e, FeedbackEvent) and e.code == "unsteady_view" for e in steady.events)


@pytest.mark.parametrize("seed", [61, 62, 63])
def test_zigzag_confirms_a_landing_by_the_feet_passing_in_a_gap_after_it(seed):
    # a child's steps of 0.55 s; just after the second landing, before the
    # signal has come back far enough to confirm it, the model loses the
    # walker until the feet have passed each other, and finds them on the
    # way to the third landing: the passing confirms the second landing,
    # timed where it was seen, and the third keeps its own
    period = 0.55
    samples, landings = walk_signal(5, period=period, seed=seed, noise=0.005)
    walk = hide(samples, landings[1] + 0.07, landings[1] + 0.45)
    events = run_steps(walk, min_interval=0.3, max_gap=0.8)
    assert len(run_steps(samples, min_interval=0.3, max_gap=0.8)) == 5
    # before, the second landing was found only by the feet's turns, timed
    # at the gap's middle, and the third, 0.29 s later, was taken for it
    # seen twice
    assert len(events) == 5
    assert [round(e.end - x, 1) for e, x in zip(events, landings)] == [0.0] * 5


def test_zigzag_times_a_landing_at_the_gap_when_the_signal_climbed_into_it():
    # the walker is lost while the foot is still on its way down, until
    # the feet have passed each other: the landing came in the gap. (Lost
    # as the signal flattens onto its peak, the landing is the last sample
    # seen: see the test above.)
    period = 0.55
    samples, landings = walk_signal(5, period=period, seed=64, noise=0.005)
    start, end = landings[1] - 0.15, landings[1] + 0.4
    events = run_steps(hide(samples, start, end), min_interval=0.3, max_gap=0.8)
    assert len(events) == 5
    assert start < events[1].end < end
    assert events[1].end - events[0].end > 0.3


@pytest.mark.parametrize("spike_foot, expected", [(1.0, 4), (-1.0, 5)])
def test_zigzag_judges_a_first_spike_by_its_own_foot(spike_foot, expected):
    # standing, the feet read a hair apart the other way round from the
    # walk's first landing; a one-frame spike before the walk: with the same
    # foot ahead as that landing, the landing takes its place, though the
    # frames around the spike say the other foot; with the other foot
    # ahead, it is reported before the landing (the posture judges it)
    samples, landings = walk_signal(4, period=0.8, seed=72, noise=0.002)
    first_sign = math.copysign(1.0, next(v for t, v in samples if abs(t - landings[0]) < 0.02))
    walk = [(t, spike_foot * first_sign * 0.3 if abs(t - 1.0) < 0.01
             else -first_sign * 0.01 if 0.8 <= t < 1.2 else v) for t, v in samples]
    events = run_steps(walk)
    assert len(events) == expected
    assert [round(e.end - x, 1) for e, x in zip(events[-4:], landings)] == [0.0] * 4
    if expected == 5:
        assert abs(events[0].end - 1.0) < 0.05


@pytest.mark.parametrize("last_step", [0.6, 0.7, 1.0])
def test_zigzag_reads_feet_passed_in_a_gap_before_a_landing_hidden_there(last_step):
    # the walker is lost as a foot lands, with the walk's rhythm known,
    # until just after the feet pass each other; the signal comes back low,
    # with the other foot ahead, on its way to a last step ``last_step`` of
    # a full one. The passing says the trough lay in the gap: the last step
    # rises from the feet side by side. (Read as a landing hidden in the
    # gap, heading for a trough from the low sample, the short last step
    # was lost.)
    samples, landings = walk_signal(5, period=0.7, seed=81, noise=0.005)
    landed = landings[3]
    walk = hide([(t, v * (last_step if t > landed + 0.3 else 1.0)) for t, v in samples],
                landed - 0.02, landed + 0.45)
    events = run_steps(walk, min_interval=0.3, max_gap=0.8)
    assert [round(e.end - x, 1) for e, x in zip(events, landings)] == [0.0] * 5


@pytest.mark.parametrize("readings, expected", [
    # every other step flat, then the walk goes on flat: the drift of a
    # distant camera's landmarks lifted one foot's steps, not a walk of
    # the exercise (before, each flat step was bridged and seven counted)
    ([6.0, 0.0, 6.0, 0.0, 6.0, 0.0, 6.0, 1.0, 1.0], 0),
    ([6.0, 0.5, 6.0, 0.5, 6.0, 0.5, 6.0, 0.5, 1.0], 0),
    # one step missed among the first: bridged, and the walk counts
    ([8.0, 0.0, 8.0, 8.0, 1.0, 1.0], 4),
    ([8.0, 8.0, 0.0, 8.0, 8.0, 1.0], 5),
])
def test_a_walk_starts_with_one_missed_step_at_most(readings, expected):
    samples, landings = walk_signal(len(readings), period=0.7, seed=38)
    counter = _gait(2.5, confirm_steps=3, release_held_after=1.5, bridge_one_miss=True, confirm_median=0.5)
    events = _run_gait(counter, _then_standing(samples, 2.0), _steps_reading(landings, readings))
    assert counter.count == expected
    assert [e.index for e in events] == list(range(1, expected + 1))


@pytest.mark.parametrize("seen_standing, code", [(True, "posture_small"), (False, "stand_first")])
def test_a_walk_just_under_the_line_asks_to_stand_first_when_flat_feet_were_never_seen(seen_standing, code):
    # steps reading 3.5, between "almost" (2.5) and the line (5): with the
    # flat feet seen standing first, the walker hears to lift them higher;
    # with no feet seen before the walk the flat reading is a guess for
    # this camera, and standing still first is what helps
    walk = _side_walk(5, 0.7, 1.2, stance=(3.5, 3.5), swing=(3.5, 3.5))
    postures = {f.t: feet if t >= 1.5 or seen_standing else None for t, _, f, feet in walk}
    counter = _run_side_walk(walk, postures, learn_rest=True)
    hints = {e.code for e in counter.events if isinstance(e, FeedbackEvent)}
    assert counter.count == 0
    assert code in hints and ({"posture_small", "stand_first"} - {code}).isdisjoint(hints)


@pytest.mark.parametrize("asked, expected", [(True, 4), (False, 0)])
def test_standing_still_when_asked_mid_set_teaches_the_flat_feet(asked, expected):
    # a walk reading 3.5 with no feet seen before it hears "stand_first";
    # the walker stops, stands still with flat feet that read -2 from this
    # camera, and walks the same way again: 5.5 past the flat feet shown,
    # and its steps count but the first (the step finder, on since the
    # first walk, takes it from the standing, whose flat feet it reads).
    # Not asked (at an "almost" line of 4 the first walk hears that its
    # feet show no posture at all), standing teaches nothing once steps
    # were seen, as before
    first = _side_walk(5, 0.7, 1.2, stance=(3.5, 3.5), swing=(3.5, 3.5))
    end = first[-1][0] + 1.0 / 30
    again = [(t + end, v, dataclasses.replace(f, t=t + end), feet)
             for t, v, f, feet in _side_walk(5, 0.7, 1.2, stance=(3.5, 3.5), swing=(3.5, 3.5))]
    unseen_first = {f.t: feet if 1.5 <= t < 1.5 + 5 * 0.7 else None for t, _, f, feet in first}
    standing_again = {f.t: feet if t >= end + 1.5 else (-2.0, -2.0) for t, _, f, feet in again}
    counter = _run_side_walk(first + again, {**unseen_first, **standing_again}, learn_rest=True,
                             near=0.25 if asked else 0.4)
    hints = [e.code for e in counter.events if isinstance(e, FeedbackEvent)]
    assert ("stand_first" in hints) == asked
    assert counter.count == expected
    assert counter.posture_rest() == pytest.approx(-2.0 if asked else 0.0)


# after three steps the foot that landed last leads again after the rest, after four the other one
@pytest.mark.parametrize("first", [3, 4])
def test_zigzag_counts_the_first_landing_after_a_rest_whichever_foot_leads(first):
    samples, landings = walk_rest_walk(first, 3)
    events = run_steps(samples)
    assert len(events) == len(landings) == first + 3
    assert all(abs(e.end - t) < 0.15 for e, t in zip(events, landings))
    # the step after the rest is timed from when the feet set off again, not
    # from the last landing before the rest nor from the middle of the rest
    resumed = events[first]
    assert landings[first] - resumed.start < 0.7


def test_zigzag_still_takes_a_landing_seen_twice_without_a_rest_as_one():
    # the swing broken in two by noise on a hidden foot: the same foot
    # ahead twice within a step, the feet never standing together between
    samples, landings = walk_signal(4, period=0.8, seed=41)
    broken = [(t, v * (0.3 if landings[1] - 0.05 < t < landings[1] + 0.05 else 1.0)) for t, v in samples]
    plain = run_steps(samples)
    assert len(run_steps(broken)) == len(plain) == 4


@pytest.mark.parametrize("resume_within, second_readings, expected", [
    # the walk resumed after the rest: its first step, set off from
    # standing, reads low but within the "almost" line, and both count
    (10.0, [4.0, 6.0], 6),
    # without the rule the two steps after the rest make a walk of their own,
    # too short to show the posture on its median
    (None, [4.0, 6.0], 4),
    # a rest longer than the rule's window ends the walk as before
    (3.0, [4.0, 6.0], 4),
    # steps under the "almost" line after the rest do not count, walk or not
    (10.0, [1.0, 1.0, 1.0], 4),
])
def test_a_counted_walk_goes_on_after_a_rest(resume_within, second_readings, expected):
    # a rest longer than ``confirm_within``: without the rule it ends the walk
    samples, landings = walk_rest_walk(4, len(second_readings), rest=4.0)
    readings = [8.0] * 4 + second_readings
    rest = (landings[3] + 0.4, landings[4] - 0.6)

    def posture(t: float) -> float:
        # feet flat while standing in the rest
        return 0.0 if rest[0] < t < rest[1] else _steps_reading(landings, readings)(t)

    counter = _gait(2.5, confirm_steps=3, confirm_median=0.5, short_walk_median=0.6, release_held_after=1.5,
                    resume_within=resume_within)
    _run_gait(counter, samples, posture)
    counter.finish()
    assert counter.count == expected
