"""Walks judged as a whole (``WalkEvidenceCounter``), on plain sequences: the
step signal of ``walk_signal`` and a posture given per time, both feet."""
from __future__ import annotations

import dataclasses
import math
from typing import Callable, List, Optional, Tuple

import numpy as np
import pytest

from coach.engine.counter import FeedbackEvent, RepEvent, SignalRange
from coach.engine.gait import PostureRule
from coach.engine.walk_evidence import WalkEvidence, WalkEvidenceCounter
from coach.records import Frame
from tests.sequences import WALK_CONFIG, walk_rest_walk, walk_signal

EVIDENCE = WalkEvidence(passing=0.25, near=0.1, quantile=0.25, stop=0.0, too_big=3.0)
# each step judged on its own, as a per-step judge would
ONE_STEP = WalkEvidence(passing=0.25, near=0.1, quantile=0.25, stop=0.2, window=1, min_steps=1, recent=1)

Posture = Callable[[float], Optional[Tuple[float, float]]]


def walk_counter(evidence: WalkEvidence = EVIDENCE, span: float = 10.0,
                 resume_within: Optional[float] = None) -> WalkEvidenceCounter:
    # the posture function is the identity: the "frame" is the posture
    rule = PostureRule(posture=lambda frame: frame, rest=0.0, span=span, resume_within=resume_within)
    return WalkEvidenceCounter(WALK_CONFIG, SignalRange(span=0.6, min_span=0.25), rule, evidence)


def run(counter: WalkEvidenceCounter, samples, posture: Posture) -> List[RepEvent]:
    reps = []
    for t, v in samples:
        reps.extend(e for e in counter.update(t, v, frame=posture(t)) if isinstance(e, RepEvent))
    return reps


def lifted(level: float = 8.0, noise: float = 1.0, seed: int = 0) -> Posture:
    """Both feet at ``level`` (0.8 spans), with some jitter."""
    rng = np.random.default_rng(seed)
    return lambda t: (level + rng.normal(0, noise), level + rng.normal(0, noise))


def step_of(t: float, stand: float = 1.5, period: float = 0.8) -> int:
    """Which step of ``walk_signal`` is under way at ``t`` (0 for the first)."""
    return int((t - stand) // period)


def ordinary(seed: int = 0, noise: float = 1.0) -> Posture:
    """Ordinary walking, roughly: each foot flat for half its stride, toes
    up as it lands (-3), heel up pushing off and swinging (+6), with some
    jitter."""
    rng = np.random.default_rng(seed)

    def foot(phase: float) -> float:
        return (-3.0 if phase < 0.15 else 0.0 if phase < 0.6 else 6.0) + rng.normal(0, noise)

    def at(t: float) -> Tuple[float, float]:
        phase = ((t - 1.5) / 1.6) % 1.0
        return foot(phase), foot((phase + 0.5) % 1.0)
    return at


def hints(counter: WalkEvidenceCounter, code: str) -> int:
    return sum(1 for e in counter.events if isinstance(e, FeedbackEvent) and e.code == code)


def test_a_walk_in_the_posture_counts_every_step_from_the_first():
    samples, landings = walk_signal(5, period=0.8, seed=1)
    counter = walk_counter()
    reps = run(counter, samples, lifted())
    assert [e.index for e in reps] == [1, 2, 3, 4, 5]
    assert abs(reps[0].end - landings[0]) < 0.15
    assert all(0.7 < e.progress < 0.9 for e in reps)


def test_the_first_step_is_held_until_the_second_shows_the_walk():
    samples, landings = walk_signal(5, period=0.8, seed=2)
    counter = walk_counter()
    posture = lifted()
    counts = []
    for t, v in samples:
        counter.update(t, v, frame=posture(t))
        counts.append((t, counter.count))
    # nothing before the second landing; both steps at once after it
    assert all(c == 0 for t, c in counts if t < landings[1])
    assert [c for t, c in counts if t >= landings[1] + 0.4][0] == 2


def test_a_lone_step_is_never_a_walk():
    samples, _ = walk_signal(1, period=0.8, seed=3)
    assert run(walk_counter(), samples, lifted()) == []


@pytest.mark.parametrize("steps, seed, posture, hint", [
    (6, 4, lambda: ordinary(4), "posture_missing"),                 # ordinary walking
    (5, 5, lambda: lifted(level=2.0, noise=0.2), "posture_small"),  # nearly the posture
    (5, 8, lambda: lifted(level=40.0, noise=3.0), "too_big"),       # no foot can show that
], ids=["ordinary", "nearly", "too_big"])
def test_a_walk_without_the_posture_counts_nothing_and_says_why(steps, seed, posture, hint):
    samples, _ = walk_signal(steps, period=0.8, seed=seed)
    counter = walk_counter()
    assert run(counter, samples, posture()) == []
    assert hints(counter, hint) >= 1


def test_a_step_that_drift_reads_flat_does_not_break_a_counting_walk():
    samples, landings = walk_signal(6, period=0.8, seed=6)
    base = lifted(seed=6)

    def drifting(t: float) -> Tuple[float, float]:
        # the fourth step, from the third landing to the fourth, reads flat
        return (0.0, 0.0) if landings[2] + 0.05 < t <= landings[3] + 0.05 else base(t)

    assert len(run(walk_counter(), samples, drifting)) == 6
    assert len(run(walk_counter(ONE_STEP), samples, drifting)) == 5


def test_a_walk_that_goes_on_the_ordinary_way_stops_counting():
    samples, _ = walk_signal(8, period=0.8, seed=7)
    base = lifted(seed=7)
    counter = walk_counter()
    walking = ordinary(7)
    reps = run(counter, samples, lambda t: base(t) if step_of(t) < 4 else walking(t))
    # the recent steps pooled take two ordinary steps to show the change
    assert 4 <= len(reps) <= 6
    assert hints(counter, "posture_missing") >= 1


@pytest.mark.parametrize("share_lifted, expected", [(0.7, 0), (0.85, 5)])
def test_a_posture_that_lowers_the_value_reads_its_quantile_the_other_way(share_lifted, expected):
    # the lower quartile of a raising posture, the upper one of a lowering
    # one: a walk whose feet show the posture on 70% of frames is refused
    # either way, one on 85% counted either way
    samples, _ = walk_signal(5, period=0.8, seed=9)

    def posture(sign: float) -> Posture:
        def at(t: float) -> Tuple[float, float]:
            # the share of each step from landing to landing
            phase = ((t - 1.5) / 0.8 - 0.5) % 1.0
            v = sign * (8.0 if phase < share_lifted else 0.0)
            return v, v
        return at

    assert len(run(walk_counter(span=10.0), samples, posture(1.0))) == expected
    assert len(run(walk_counter(span=-10.0), samples, posture(-1.0))) == expected


@pytest.mark.parametrize("fields", [
    dict(passing=0.2, near=0.3),               # near above passing
    dict(passing=0.2, near=0.1, stop=0.3),     # stop above passing
    dict(passing=0.2, near=0.1, window=1),     # fewer steps pooled than needed
    dict(passing=0.2, near=0.1, quantile=1.0),
    dict(passing=0.2, near=0.1, passing_unlearnt=0.1),   # asks less when the rest is a guess
    dict(passing=0.2, near=0.1, median_frames=0),
    dict(passing=0.2, near=0.1, min_coverage=1.0),
    dict(passing=0.2, near=0.1, short_passing=0.1),      # asks less of a short walk
    dict(passing=0.2, near=0.1, short_passing=0.3, short_release=0.0),
    dict(passing=0.2, near=0.1, unsteady=0.3, unsteady_passing=0.1),    # asks less of an unsteady walk
    dict(passing=0.2, near=0.1, unsteady=0.3, unsteady_passing=0.4, unsteady_steps=1),
    dict(passing=0.2, near=0.1, unsteady=0.0, unsteady_passing=0.4),
    dict(passing=0.2, near=0.1, unsteady=0.3, unsteady_passing=0.4, unsteady_passing_unlearnt=0.3),
])
def test_evidence_settings_that_cannot_work_are_refused(fields):
    with pytest.raises(ValueError):
        WalkEvidence(**fields)


def test_a_walk_that_read_too_big_is_not_trusted_until_it_ends():
    first, landings = walk_signal(6, period=0.8, seed=10)
    second, _ = walk_signal(4, period=0.8, seed=11)
    gap = first[-1][0] + 1 / 30.0
    samples = first + [(gap + t, v) for t, v in second]
    base = lifted(seed=10)

    def posture(t: float) -> Tuple[float, float]:
        # the model follows someone else's legs for the first two steps
        return (40.0, 40.0) if t < landings[1] + 0.05 else base(t)

    counter = walk_counter()
    reps = run(counter, samples, posture)
    assert hints(counter, "too_big") >= 1
    # nothing of the first walk; the second, after standing, counts in full
    assert len(reps) == 4
    assert all(e.start > gap for e in reps)


@pytest.mark.parametrize("median_frames, counted", [(1, 0), (5, 5)])
def test_single_frame_jitter_is_taken_out_before_the_low_quantile(median_frames, counted):
    # a toe walk whose every third frame the landmarks throw flat (-6): a
    # third of the readings drag the lower quartile down to them; a running
    # median of five frames, which never holds more than two of them, does not
    samples, _ = walk_signal(5, period=0.8, seed=12)
    frame_of = {t: i for i, (t, _) in enumerate(samples)}
    steady = lifted(seed=12)

    def posture(t: float) -> Tuple[float, float]:
        return (-6.0, -6.0) if frame_of[t] % 3 == 0 else steady(t)

    evidence = dataclasses.replace(EVIDENCE, median_frames=median_frames)
    assert len(run(walk_counter(evidence), samples, posture)) == counted


def glimpsed(base: Posture, seen_share: float, seed: int = 0) -> Posture:
    """``base`` read on a share of each step's frames, in the middle of it,
    and None elsewhere (detector losses between glimpses)."""
    def at(t: float) -> Optional[Tuple[float, float]]:
        phase = ((t - 1.5) / 0.8) % 1.0
        return base(t) if abs(phase - 0.5) < seen_share / 2 else None
    return at


@pytest.mark.parametrize("seen_share, min_coverage, counted", [
    # a walk seen on a quarter of each step's frames, between detector
    # losses, where the feet read like the posture (as an ordinary walk's
    # push-off does): those pieces say nothing of the stance between them
    (0.25, 0.0, 6),
    (0.25, 0.5, 0),
])
def test_a_walk_seen_in_pieces_is_not_judged_on_them(seen_share, min_coverage, counted):
    samples, _ = walk_signal(6, period=0.8, seed=13)
    evidence = dataclasses.replace(EVIDENCE, min_coverage=min_coverage)
    reps = run(walk_counter(evidence), samples, glimpsed(lifted(seed=13), seen_share))
    assert len(reps) == counted


def test_a_walk_seen_on_most_frames_counts_in_full_under_the_coverage_rule():
    samples, _ = walk_signal(5, period=0.8, seed=14)
    evidence = dataclasses.replace(EVIDENCE, min_coverage=0.5)
    assert len(run(walk_counter(evidence), samples, glimpsed(lifted(seed=14), 0.7))) == 5
    assert len(run(walk_counter(evidence), samples, lifted(seed=14))) == 5


SHORT = dataclasses.replace(EVIDENCE, short_passing=0.4)


def marginal_then(after: int, later: Posture, seed: int = 0) -> Posture:
    """Up to the ``after``-th landing of ``walk_signal`` (period 0.8 s) the
    feet read 0.3 spans (past ``passing`` 0.25, short of ``short_passing``
    0.4), then as ``later``."""
    early = lifted(level=3.0, noise=0.2, seed=seed)
    return lambda t: early(t) if t < 1.5 + (after - 0.5) * 0.8 else later(t)


@pytest.mark.parametrize("short_passing, expected", [(None, 2), (0.4, 0)])
def test_two_steps_that_barely_pass_wait_for_the_third(short_passing, expected):
    # drift reads an ordinary walk's first two steps lifted; its next ones flat
    samples, _ = walk_signal(6, period=0.8, seed=11)
    counter = walk_counter(dataclasses.replace(EVIDENCE, short_passing=short_passing))
    reps = run(counter, samples, marginal_then(2, lambda t: (0.0, 0.0)))
    assert len(reps) >= expected if expected else reps == []


def test_a_walk_that_barely_passes_counts_from_its_third_step_all_of_it():
    samples, landings = walk_signal(5, period=0.8, seed=12)
    counter = walk_counter(SHORT)
    posture = marginal_then(5, lifted())
    counts = []
    for t, v in samples:
        counter.update(t, v, frame=posture(t))
        counts.append((t, counter.count))
    assert all(c == 0 for t, c in counts if t < landings[2])
    assert counter.count == 5


@pytest.mark.parametrize("finish_at, expected", [(0.5, 0), (1.2, 2)])
def test_a_short_walk_that_barely_passes_counts_once_no_step_follows(finish_at, expected):
    # two steps, then the walker stands (or leaves the picture): they count
    # after short_release (1 s) without a step, and at the stream's end
    samples, landings = walk_signal(2, period=0.8, seed=13, stand=1.5)
    posture = marginal_then(2, lifted())
    counter = walk_counter(SHORT)
    # the second step is confirmed a little after its landing
    cut = [(t, v) for t, v in samples if t <= landings[-1] + 0.4 + finish_at]
    reps = run(counter, cut, posture)
    assert len(reps) == expected
    assert len(reps + [e for e in counter.finish() if isinstance(e, RepEvent)]) == 2


def test_a_short_walk_that_barely_passes_counts_when_a_new_walk_starts_straight_after():
    # two steps, a detector loss of 1 s, then a new walk (its first step
    # does not start at the last one's landing): the first walk ended
    # without a third step, before its wait was over
    samples, landings = walk_signal(6, period=0.8, seed=14)
    lost = [(t, None if landings[1] + 0.3 <= t < landings[1] + 1.3 else v) for t, v in samples]
    counter = walk_counter(dataclasses.replace(SHORT, short_release=5.0))
    reps = run(counter, lost, marginal_then(2, lifted()))
    assert [e.end for e in reps] == pytest.approx(landings[:2] + landings[-2:], abs=0.15)


@pytest.mark.parametrize("unsteady, expected", [(None, 5), (0.2, 0)])
def test_a_walk_read_unsteadily_must_clear_a_higher_line(unsteady, expected):
    # feet held at 0.6 spans under 0.3 spans of jitter a frame: past the
    # plain line (0.25), short of the unsteady one (0.9)
    samples, _ = walk_signal(5, period=0.8, seed=21)
    evidence = dataclasses.replace(EVIDENCE, median_frames=5, unsteady=unsteady, unsteady_passing=0.9)
    counter = walk_counter(evidence)
    assert len(run(counter, samples, lifted(level=6.0, noise=3.0, seed=4))) == expected
    assert (hints(counter, "unsteady_view") > 0) == (unsteady is not None)


@pytest.mark.parametrize("learn_rest, expected", [(False, 6), (True, 0)])
def test_an_unsteady_walk_whose_flat_reading_is_a_guess_must_clear_that_case_s_line(learn_rest, expected):
    # feet at 0.55 spans under heavy jitter: past the unsteady line (0.4),
    # short of the one for a flat reading guessed (0.7). A rule that learns
    # the rest from the person standing first never learns it here: its
    # frames show no body that could be seen standing still
    samples, _ = walk_signal(6, period=0.8, seed=23)
    evidence = dataclasses.replace(EVIDENCE, median_frames=5, unsteady=0.2, unsteady_passing=0.4,
                                   passing_unlearnt=0.7, unsteady_passing_unlearnt=0.7)
    jittered = lifted(level=5.5, noise=3.0, seed=6)
    postures = {t: jittered(t) for t, _ in samples}
    rule = PostureRule(posture=lambda frame: postures[frame.t], rest=0.0, span=10.0, learn_rest=learn_rest)
    counter = WalkEvidenceCounter(WALK_CONFIG, SignalRange(span=0.6, min_span=0.25), rule, evidence)
    reps = [e for t, v in samples for e in counter.update(t, v, frame=Frame(t, 640, 480)) if isinstance(e, RepEvent)]
    assert len(reps) == expected
    assert (hints(counter, "unsteady_view") > 0) == (expected == 0)


def test_an_unsteady_walk_is_judged_from_its_third_step_and_then_counts_all_of_it():
    samples, landings = walk_signal(6, period=0.8, seed=22)
    evidence = dataclasses.replace(EVIDENCE, median_frames=5, unsteady=0.2, unsteady_passing=0.4)
    counter = walk_counter(evidence)
    posture = lifted(level=8.0, noise=3.0, seed=5)
    first_count = None
    for t, v in samples:
        reps = [e for e in counter.update(t, v, frame=posture(t)) if isinstance(e, RepEvent)]
        if reps and first_count is None:
            first_count = (t, len(reps))
    assert counter.count == 6
    # not on the second step: the third one's report counts three at once
    assert first_count is not None and first_count[1] == 3 and first_count[0] > landings[2]


@pytest.mark.parametrize("level, expected", [(9.0, 2), (5.0, 0)])
def test_an_unsteady_walk_that_ends_after_two_steps_counts_only_if_it_reads_clearly(level, expected):
    # two steps, then no more (the walker left): an unsteady walk short of
    # its third step counts from ``unsteady_short`` (0.7 spans); read
    # steadily, both would pass the plain line (0.25)
    samples, _ = walk_signal(2, period=0.8, seed=23)
    evidence = dataclasses.replace(EVIDENCE, median_frames=5, unsteady=0.2, unsteady_passing=0.4,
                                   unsteady_short=0.7)
    counter = walk_counter(evidence)
    run(counter, samples, lifted(level=level, noise=3.0, seed=6))
    counter.finish()
    assert counter.count == expected
    # and the one that did not count was told why
    assert (hints(counter, "unsteady_view") > 0) == (expected == 0)


def ramped(landings: List[float], ramps: List[Tuple[float, float]], stand: float = 1.5) -> Posture:
    """Both feet rising evenly over each step (the frames from the last
    landing to its own) from one reading to another, and a trace of jitter
    from frame to frame."""
    starts = [stand] + landings[:-1]

    def at(t: float) -> Tuple[float, float]:
        k = next((i for i, landing in enumerate(landings) if t <= landing), len(landings) - 1)
        low, high = ramps[k]
        u = min(max((t - starts[k]) / (landings[k] - starts[k]), 0.0), 1.0)
        v = low + (high - low) * u + 0.01 * math.sin(97.0 * t)
        return v, v
    return at


ONE_STEP_UP = [(0.0, 8.0), (0.0, 8.0), (10.0, 30.0)] + [(0.0, 0.0)] * 3


@pytest.mark.parametrize("ramps, step_median, expected", [
    # one step of three read far up (the drift), two low, then flat steps:
    # pooled, the three's lower quartile (0.3) passes the unsteady line
    # (0.25), though two of them read 0.2 on their own; with the steps'
    # median asked for, the walk does not start and is told why
    (ONE_STEP_UP, None, 5),
    (ONE_STEP_UP, 0.25, 0),
    # a walk that reads up on every step counts in full
    ([(4.0, 12.0)] * 6, 0.25, 6),
])
def test_an_unsteady_walk_needs_its_steps_not_one_of_them_to_show_the_posture(ramps, step_median, expected):
    samples, landings = walk_signal(6, period=0.8, seed=24, noise=0.005)
    # any jitter at all reads as unsteady here: the readings are smooth
    evidence = dataclasses.replace(EVIDENCE, median_frames=5, unsteady=1e-6, unsteady_passing=0.25,
                                   unsteady_step_median=step_median)
    counter = walk_counter(evidence)
    run(counter, samples, ramped(landings, ramps))
    counter.finish()
    assert counter.count == expected
    assert (hints(counter, "unsteady_view") > 0) == (expected == 0)


def jittery_first_step(landings: List[float], level: float, seed: int = 0) -> Posture:
    """Both feet at ``level`` for two steps, under 0.3 spans of jitter a
    frame on the first and little on the second; flat and steady after."""
    rng = np.random.default_rng(seed)

    def at(t: float) -> Tuple[float, float]:
        centre, noise = (level, 3.0) if t <= landings[0] else (level, 0.2) if t <= landings[1] else (0.0, 0.2)
        return centre + rng.normal(0, noise), centre + rng.normal(0, noise)
    return at


@pytest.mark.parametrize("wait, steps, expected", [
    # the drift lifted an ordinary walk's first two steps, one of them
    # jittering past the unsteady line though their median does not: counted
    # on the two at once (and the third, pooled with them), unless the walk
    # waits for its third step, which reads flat
    (False, 6, 3),
    (True, 6, 0),
    # a walk that ends after the two still counts, once no step follows
    (True, 2, 2),
])
def test_two_steps_with_one_unsteady_wait_for_the_third(wait, steps, expected):
    samples, landings = walk_signal(steps, period=0.8, seed=25)
    evidence = dataclasses.replace(EVIDENCE, median_frames=5, short_passing=0.4, unsteady=0.2, unsteady_passing=0.4,
                                   short_wait_unsteady_step=wait)
    counter = walk_counter(evidence)
    posture = jittery_first_step(landings, level=7.0, seed=7)
    run(counter, samples, posture)
    counter.finish()
    assert counter.count == expected


def _rest_then(landings: List[float], first: int, after: Posture, seed: int = 0) -> Posture:
    """Both feet lifted over the first ``first`` steps, flat while standing
    in the rest after them, then ``after``."""
    base = lifted(seed=seed)

    def at(t: float) -> Optional[Tuple[float, float]]:
        if t <= landings[first - 1] + 0.3:
            return base(t)
        if t < landings[first] - 0.6:
            return (0.0, 0.0)
        return after(t)
    return at


@pytest.mark.parametrize("resume_within, expected", [(10.0, 6), (None, 4), (3.0, 4)])
def test_a_counted_walk_goes_on_after_a_rest(resume_within, expected):
    # after a 4 s rest, two steps that alone read under the line (0.2 spans,
    # the heels lower now that the camera sees them from further along the
    # path), pooled with the walk before the rest: the walk goes on, unless
    # the rest outlasted the rule's window
    samples, landings = walk_rest_walk(4, 2, period=0.8, rest=4.0)
    counter = walk_counter(resume_within=resume_within)
    run(counter, samples, _rest_then(landings, 4, lifted(level=2.0, seed=3)))
    counter.finish()
    assert counter.count == expected


def _rising_first(landings: List[float], first: int, seed: int = 4) -> Posture:
    """After the rest, the heels rise through the first step, from 6 degrees
    below flat (-0.6 spans) to 8 above, then stay lifted."""
    base = lifted(seed=seed)
    start, end = landings[first] - 0.5, landings[first] + 0.1

    def at(t: float) -> Tuple[float, float]:
        if t >= end:
            return base(t)
        level = -6.0 + 14.0 * max(0.0, t - start) / (end - start)
        return level, level
    return at


@pytest.mark.parametrize("after", [1, 3])
def test_the_first_step_after_a_rest_is_judged_with_the_next(after):
    # alone, the first step after the rest reads below ``stop`` (its lower
    # quartile -0.1 spans); judged with the lifted step after it, the walk
    # goes on and both count. A lone step that ends the walk is judged alone
    samples, landings = walk_rest_walk(4, after, period=0.8, rest=3.0)
    counter = walk_counter(resume_within=10.0)
    run(counter, samples, _rest_then(landings, 4, _rising_first(landings, 4)))
    counter.finish()
    assert counter.count == (4 + after if after > 1 else 4)
    # the walk was never stopped
    assert hints(counter, "posture_missing") == 0


def test_a_lone_step_after_a_rest_counts_once_no_next_step_comes():
    # the walker rests, takes one more step in the posture and stops: held
    # for the next step, it is judged alone once none came for
    # HELD_STEP_RELEASE seconds, before the stream ends
    samples, landings = walk_rest_walk(4, 1, period=0.8, rest=6.0)
    counter = walk_counter(resume_within=10.0)
    reps = run(counter, samples, _rest_then(landings, 4, lifted(seed=5)))
    assert [e.index for e in reps] == [1, 2, 3, 4, 5]
    assert abs(reps[-1].end - landings[4]) < 0.15
    assert counter.finish() == []


@pytest.mark.parametrize("seed", [9, 10, 11])
def test_a_walk_resumed_the_ordinary_way_after_a_rest_stops_counting(seed):
    # judged on the steps since the rest alone, the walk stops at the first
    # or second ordinary step (pooled with the steps before the rest, two
    # more counted)
    samples, landings = walk_rest_walk(4, 5, period=0.8, rest=4.0)
    counter = walk_counter(resume_within=10.0)
    run(counter, samples, _rest_then(landings, 4, ordinary(seed)))
    counter.finish()
    assert 4 <= counter.count <= 5
    assert hints(counter, "posture_missing") >= 1


# The foot ahead (``WalkEvidence.leading_foot``): each "frame" is (left,
# right, the foot ahead or None); the step signal is left minus right, so the
# left foot is ahead where it is positive.
LEADING = dataclasses.replace(EVIDENCE, leading_foot=lambda frame: frame[2], leading_passing=0.6)


def ahead_of(v: float) -> Optional[int]:
    return 0 if v > 0.05 else 1 if v < -0.05 else None


def leading_run(evidence: WalkEvidence, samples,
                feet: Callable[[float, Optional[int]], Tuple[float, float]]) -> List[RepEvent]:
    rule = PostureRule(posture=lambda frame: frame[:2], rest=0.0, span=10.0)
    counter = WalkEvidenceCounter(WALK_CONFIG, SignalRange(span=0.6, min_span=0.25), rule, evidence)
    reps = []
    for t, v in samples:
        ahead = ahead_of(v)
        frame = (*feet(t, ahead), ahead)
        reps.extend(e for e in counter.update(t, v, frame=frame) if isinstance(e, RepEvent))
    return reps


def misread_behind(seed: int = 0) -> Callable[[float, Optional[int]], Tuple[float, float]]:
    """A heel walk whose foot behind the model reads toes down (-6), the
    foot ahead in the posture (8), with some jitter."""
    rng = np.random.default_rng(seed)

    def feet(t: float, ahead: Optional[int]) -> Tuple[float, float]:
        left = 8.0 if ahead in (0, None) else -6.0
        right = 8.0 if ahead in (1, None) else -6.0
        return left + rng.normal(0, 1.0), right + rng.normal(0, 1.0)
    return feet


def test_a_walk_read_only_on_the_foot_ahead_counts_on_it():
    samples, landings = walk_signal(6, period=0.8, seed=30)
    assert leading_run(EVIDENCE, samples, misread_behind(30)) == []
    reps = leading_run(LEADING, samples, misread_behind(30))
    assert [e.index for e in reps] == [1, 2, 3, 4, 5, 6]
    assert abs(reps[0].end - landings[0]) < 0.15
    # the steps log the posture the foot ahead showed, not the misread mix
    assert all(0.65 < e.progress < 0.95 for e in reps), [e.progress for e in reps]


def test_a_foot_ahead_that_stands_flat_after_landing_counts_nothing():
    # ordinary walking: the foot ahead lands toes up (a tenth of a second at
    # 8) and stands flat; the foot behind pushes off, toes down; the
    # swinging foot ahead before it lands is half way up
    samples, landings = walk_signal(6, period=0.8, seed=31)
    rng = np.random.default_rng(31)

    def feet(t: float, ahead: Optional[int]) -> Tuple[float, float]:
        since = t - max([x for x in landings if x <= t], default=-9.0)
        before = min([x for x in landings if x > t], default=99.0) - t
        front = 8.0 if since < 0.1 else 4.0 if before < 0.3 else 0.0
        pair = [front, -6.0] if ahead == 0 else [-6.0, front] if ahead == 1 else [0.0, 0.0]
        return pair[0] + rng.normal(0, 1.0), pair[1] + rng.normal(0, 1.0)

    assert leading_run(LEADING, samples, feet) == []


# ``WalkEvidence.leading_floor``: the pooled reading alone decides, unless
# the foot ahead reads under the floor
FLOORED = dataclasses.replace(EVIDENCE, leading_foot=lambda frame: frame[2], leading_floor=0.0)


def landed_foot(landed: float, seed: int, landings: List[float],
                noise: float = 1.0) -> Callable[[float, Optional[int]], Tuple[float, float]]:
    """Both feet in the posture (10, a span), but the foot ahead reads
    ``landed`` for the first 0.3 s after each landing, with ``noise`` of
    jitter a frame."""
    rng = np.random.default_rng(seed)

    def feet(t: float, ahead: Optional[int]) -> Tuple[float, float]:
        since = t - max([x for x in landings if x <= t], default=-9.0)
        pair = [10.0, 10.0]
        if ahead is not None and since < 0.3:
            pair[ahead] = landed
        return pair[0] + rng.normal(0, noise), pair[1] + rng.normal(0, noise)
    return feet


@pytest.mark.parametrize("seed", [40, 41, 42])
def test_a_walk_whose_foot_ahead_lands_under_the_floor_counts_nothing(seed):
    # the foot that has just landed stands flat (toes a little up): pooled,
    # the walk reads in the posture, but it is no walk of the exercise
    samples, landings = walk_signal(6, period=0.8, seed=seed)
    assert len(leading_run(EVIDENCE, samples, landed_foot(-1.0, seed, landings))) == 6
    assert leading_run(FLOORED, samples, landed_foot(-1.0, seed, landings)) == []
    # standing on its ball, heel up, the foot ahead passes
    assert len(leading_run(FLOORED, samples, landed_foot(6.0, seed, landings))) == 6


# heavy jitter: read unsteadily, from the third step, pooled over all
UNSTEADY_FLOORED = dataclasses.replace(FLOORED, unsteady=0.2, unsteady_passing=0.3)


@pytest.mark.parametrize("seed", [43, 44, 45])
def test_an_unsteady_walk_s_foot_ahead_is_held_to_the_floor_on_its_median(seed):
    # the foot ahead stands on its ball, a little up (0.05 spans), under
    # 0.6 spans of jitter a frame: its lower quartile drops under the floor
    # (0) with the jitter, its median does not
    samples, landings = walk_signal(10, period=0.8, seed=seed)
    assert leading_run(UNSTEADY_FLOORED, samples, landed_foot(0.5, seed, landings, noise=6.0)) == []
    median_floor = dataclasses.replace(UNSTEADY_FLOORED, unsteady_leading_share=0.5)
    assert len(leading_run(median_floor, samples, landed_foot(0.5, seed, landings, noise=6.0))) == 10
    # a foot ahead that lands flat, toes up, stays under it
    assert leading_run(median_floor, samples, landed_foot(-6.0, seed, landings, noise=6.0)) == []


def test_the_foot_ahead_goes_with_its_line():
    with pytest.raises(ValueError):
        dataclasses.replace(EVIDENCE, leading_passing=0.6)
    with pytest.raises(ValueError):
        dataclasses.replace(EVIDENCE, leading_floor=0.0)
    with pytest.raises(ValueError):
        dataclasses.replace(EVIDENCE, leading_foot=lambda frame: 0)
    with pytest.raises(ValueError):
        dataclasses.replace(EVIDENCE, leading_foot=lambda frame: 0, leading_passing=0.1)
    # the unsteady walk's share for the floor needs the floor
    with pytest.raises(ValueError):
        dataclasses.replace(LEADING, unsteady=0.2, unsteady_leading_share=0.5)
    with pytest.raises(ValueError):
        dataclasses.replace(UNSTEADY_FLOORED, unsteady_leading_share=1.0)


# ``WalkEvidence.count_back``: a walk that passes late counts its steps
# before the ones it was judged on
def slow_start(early: float, late_from: int, seed: int) -> Posture:
    """Both feet at ``early`` over the first ``late_from`` steps of
    ``walk_signal`` (period 0.8), then in the posture (8), with some jitter."""
    rng = np.random.default_rng(seed)

    def at(t: float) -> Tuple[float, float]:
        level = early if step_of(t, period=0.8) < late_from else 8.0
        return level + rng.normal(0, 0.5), level + rng.normal(0, 0.5)
    return at


@pytest.mark.parametrize("late_from", [2, 3])
def test_a_walk_that_passes_late_counts_back_to_its_first_step(late_from):
    # the first steps show a little of the posture (0.15 spans: above the
    # stop line, under the passing one); judged on its last four steps, the
    # walk passes only once most of them show it
    samples, landings = walk_signal(7, period=0.8, seed=5)
    plain = walk_counter(EVIDENCE)
    run(plain, samples, slow_start(1.5, late_from, 5))
    plain.finish()
    assert plain.count < 7
    back = walk_counter(dataclasses.replace(EVIDENCE, count_back=True))
    reps = run(back, samples, slow_start(1.5, late_from, 5))
    back.finish()
    assert back.count == 7
    assert [e.index for e in reps] == list(range(1, 8))
    assert all(abs(e.end - x) < 0.15 for e, x in zip(reps, landings))


def test_steps_read_below_the_stop_line_are_not_counted_back():
    # an ordinary walk (toes down, -0.2 spans) that turns into the exercise:
    # its ordinary steps do not count
    samples, _ = walk_signal(7, period=0.8, seed=5)
    counter = walk_counter(dataclasses.replace(EVIDENCE, count_back=True))
    run(counter, samples, slow_start(-2.0, 3, 5))
    counter.finish()
    assert counter.count == 4
