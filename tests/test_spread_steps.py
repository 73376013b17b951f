"""The side walks' label-free step finder (``SpreadSteps``) and the finder
that hands over to it once the pose model swaps legs (``SwitchingSteps``),
on plain sequences of the signed step signal (left foot minus right foot)."""
from __future__ import annotations

import math
import random
from typing import List, Optional, Sequence, Tuple

import pytest

from coach.engine.counter import RepEvent
from coach.engine.step_finders import SpreadSteps, SwingSteps, SwitchingSteps
from tests.sequences import (hide, last_step_left_ahead, make_finder, steps_found, walk_rest_walk, walk_signal,
                             with_bump)

Samples = Sequence[Tuple[float, Optional[float]]]


def landings_found(samples: Samples, finder_type: type = SpreadSteps, **options) -> List[RepEvent]:
    return steps_found(samples, finder_type, **options)


def swapped_stretches(samples: Samples, seed: int, share: float = 0.5) -> List[Tuple[float, Optional[float]]]:
    """The samples with the legs' labels swapped over random stretches of
    0.1 to 1.5 s (about ``share`` of the time): the sign flips, the size
    stays, as when MediaPipe swaps the legs of someone walking across."""
    rng = random.Random(seed)
    out, flip, until = [], False, 0.0
    for t, v in samples:
        if t >= until:
            flip = rng.random() < share
            until = t + rng.uniform(0.1, 1.5)
        out.append((t, -v if (flip and v is not None) else v))
    return out


# (every peak a landing, and no step from standing jitter: in
# tests/test_swing_steps.py, with the swing finder's)


@pytest.mark.parametrize("seed", range(6))
def test_the_legs_swapped_for_any_stretch_change_nothing(seed):
    samples, landings = walk_signal(6, period=0.7, seed=seed)
    swapped = swapped_stretches(samples, seed)
    assert [round(e.end, 3) for e in landings_found(swapped)] == [round(e.end, 3) for e in landings_found(samples)]
    assert len(landings_found(swapped)) == 6


def test_swaps_that_mislead_the_signed_finder_do_not_mislead_this_one():
    samples, _ = walk_signal(6, period=0.7, seed=3)
    swapped = swapped_stretches(samples, 3)
    counts = [len(landings_found(swapped, SwingSteps)), len(landings_found(swapped))]
    assert counts[0] != 6 and counts[1] == 6, counts


@pytest.mark.parametrize("bias", [-0.2, 0.15, 0.2])
def test_a_camera_turned_off_side_on_keeps_every_landing(bias):
    # the feet's sideways distance shows: one foot's landings read further
    # apart than the other's, and the feet passing read off zero
    samples, _ = walk_signal(6, period=0.7, seed=8)
    found = landings_found([(t, v + bias) for t, v in samples])
    assert len(found) == 6


def test_feet_read_together_for_a_frame_or_two_mid_step_are_no_passing():
    samples, _ = walk_signal(5, period=0.7, seed=4)
    dropped = [(t, 0.0 if i % 21 in (10, 11) and abs(v) > 0.3 else v) for i, (t, v) in enumerate(samples)]
    assert len(landings_found(dropped)) == 5
    # read frame by frame, without the rule against a landing seen twice, they split steps
    assert len(landings_found(dropped, median_frames=1, min_interval_share=0.0, min_step=0.0)) > 5


def test_someone_who_stops_with_one_foot_ahead_lands_the_last_step():
    samples, _ = walk_signal(4, period=0.7, stop_ahead=True, seed=5)
    assert len(landings_found(samples)) == 4
    assert len(landings_found(samples, settle=10.0)) == 3


def test_a_passing_hidden_in_a_gap_is_read_from_the_sign():
    # the feet are still apart as the gap begins (after the third landing)
    # and apart the other way round as it ends (before the fourth): the
    # size never dips between
    samples, landings = walk_signal(6, period=0.7, seed=12)
    gap = (landings[2] + 0.15, landings[3] - 0.15)
    hidden = hide(samples, *gap)
    assert len(landings_found(hidden)) == 6
    assert len(landings_found(hidden, pass_in_gap=False)) == 5


def test_a_landing_hidden_whole_in_a_gap_counts_once_the_walk_has_a_rhythm():
    samples, landings = walk_signal(7, period=0.7, seed=13)
    gap = (landings[4] - 0.3, landings[4] + 0.3)
    found = landings_found(hide(samples, *gap))
    assert len(found) == 7
    assert [e.quality for e in found].count("partial") == 1
    partial = next(e for e in found if e.quality == "partial")
    assert gap[0] <= partial.end <= gap[1]
    assert len(landings_found(hide(samples, *gap), hidden_at=None)) == 6


def test_a_long_gap_loses_the_walk_in_progress():
    samples, landings = walk_signal(6, period=0.7, seed=14)
    found = landings_found(hide(samples, landings[2] + 0.1, landings[2] + 1.5))
    # the landings hidden are not guessed: no rhythm reaches across a lost walk
    assert all(e.quality == "full" for e in found)
    assert len(found) < 6


def test_a_step_after_a_rest_runs_from_when_the_feet_set_off():
    # the feet come together, then sway a little as the walker stands
    # (their distance wanders 0.06 to 0.12): the step after the rest starts
    # as the feet leave that, not at the rest's lowest reading
    samples, landings = walk_rest_walk(3, 3, period=0.7, rest=2.0)
    rest = (landings[2] + 0.8, landings[3] - 0.5)
    swaying = [(t, v + 0.09 + 0.03 * math.sin(2.0 * math.pi * t / 0.9) if rest[0] <= t < rest[1] else v)
               for t, v in samples]
    found = landings_found(swaying)
    assert len(found) == 6
    assert landings[3] - 0.7 < found[3].start < landings[3]


def test_a_step_after_a_rest_with_the_feet_standing_apart_runs_from_when_they_set_off():
    # the walker stands 2 s with the feet 0.2 apart (a camera off side-on
    # sees the far foot beside the near one): the feet's distance stays
    # above a quarter of the next rise over its lowest reading, which came
    # as the feet passed before the rest
    samples, landings = walk_rest_walk(3, 3, period=0.7, rest=2.0, seed=44)

    def apart(t: float, v: float) -> float:
        # from the feet passing before the rest to the first landing after it
        if not landings[2] + 0.35 <= t < landings[3]:
            return v
        least = 0.2 * min(1.0, (t - landings[2] - 0.35) / 0.3)
        return v if abs(v) >= least else least

    found = landings_found([(t, apart(t, v)) for t, v in samples])
    assert len(found) == 6
    assert landings[3] - 0.7 < found[3].start < landings[3]


@pytest.mark.parametrize("seed", [60, 61, 62])
@pytest.mark.parametrize("final_swing, expected", [(None, 4), (0.6, 5)])
def test_a_last_step_that_parts_the_feet_less_than_the_threshold_counts_with_final_swing(seed, final_swing,
                                                                                        expected):
    # four landings 0.5 apart (the threshold is 0.3 of that, 0.15), then the
    # trailing foot lands 0.12 ahead one period after the last, and the
    # feet close: the stride shrank as the walk ended
    samples, landings = walk_signal(4, period=0.7, seed=seed, noise=0.005)
    walk = with_bump(samples, landings[-1] + 0.7, 0.12, half_width=0.3)
    found = landings_found(walk, final_swing=final_swing)
    assert len(found) == expected
    if final_swing is not None:
        assert abs(found[-1].end - (landings[-1] + 0.7)) < 0.1
        assert found[-1].start == found[-2].end


@pytest.mark.parametrize("final_swing, expected", [(None, 4), (0.6, 5)])
def test_a_last_step_the_feet_come_back_from_only_part_way_counts_with_final_swing(final_swing, expected):
    # four landings 0.8 apart, then a last one of 0.3 (past the threshold,
    # 0.24) after which the feet stand 0.1 apart: back by 0.2, under the
    # threshold, but by more than half the swing
    samples, landings = walk_signal(4, period=0.7, amplitude=0.8, seed=72, noise=0.005)
    walk = last_step_left_ahead(samples, landings[-1] + 0.5, height=0.3, left=0.1)
    found = landings_found(walk, final_swing=final_swing)
    assert len(found) == expected
    if final_swing is not None:
        assert abs(found[-1].end - (landings[-1] + 0.7)) < 0.1


@pytest.mark.parametrize("seed", [63, 64])
@pytest.mark.parametrize("beats", [0.4, 1.6, 2.0])
def test_a_short_swing_out_of_the_walks_rhythm_is_no_last_step(seed, beats):
    # the same swing half a step, or two steps, after the last landing: a sway, jitter
    samples, landings = walk_signal(4, period=0.7, seed=seed, noise=0.005)
    walk = with_bump(samples, landings[-1] + beats * 0.7, 0.12, half_width=0.3)
    assert len(landings_found(walk, final_swing=0.6)) == 4


def test_a_short_swing_too_small_for_final_swing_is_no_last_step():
    samples, landings = walk_signal(4, period=0.7, seed=65, noise=0.005)
    walk = with_bump(samples, landings[-1] + 0.7, 0.07, half_width=0.3)
    assert len(landings_found(walk, final_swing=0.6)) == 4


@pytest.mark.parametrize("seed", [67, 68, 69])
def test_standing_jitter_after_a_walk_is_no_last_step(seed):
    samples, _ = walk_signal(4, period=0.7, seed=seed, noise=0.03)
    assert len(landings_found(samples, final_swing=0.6)) == len(landings_found(samples)) == 4


def test_a_walk_that_ended_on_a_short_step_has_its_last_one():
    # a fifth landing of 0.3 (counted as any step: past the threshold, short
    # of a full one), then a swing of 0.12 in rhythm after it
    samples, landings = walk_signal(4, period=0.7, seed=70, noise=0.005, stand=2.5)
    walk = with_bump(samples, landings[-1] + 0.7, 0.3, half_width=0.3)
    assert len(landings_found(walk, final_swing=0.6)) == 5
    walk = with_bump(walk, landings[-1] + 1.4, 0.12, half_width=0.3)
    assert len(landings_found(walk, final_swing=0.6)) == 5


def test_the_switching_finder_passes_final_swing_to_the_spread_finder():
    # the legs swapped for good from the second landing: the spread finder
    # is in charge when the walk's short last step comes
    samples, landings = walk_signal(4, period=0.7, seed=71, noise=0.005)
    walk = with_bump(samples, landings[-1] + 0.7, 0.12, half_width=0.3)
    swapped = [(t, -v if t >= landings[1] + 0.05 else v) for t, v in walk]
    plain = make_finder(SwitchingSteps)
    final = make_finder(SwitchingSteps, spread_options={"final_swing": 0.6})
    counts = [sum(isinstance(e, RepEvent) for t, v in swapped for e in f.update(t, v)) for f in (plain, final)]
    assert final.switched
    assert counts == [4, 5]


def test_settings_out_of_range_are_refused():
    with pytest.raises(ValueError):
        landings_found([], median_frames=0)
    for share in (0.0, 1.0, 1.5):
        with pytest.raises(ValueError):
            landings_found([], final_swing=share)


def test_switching_finder_reads_a_walk_without_swaps_as_the_swing_finder_does():
    samples, _ = walk_signal(6, period=0.8, seed=21)
    switching = steps_found(samples, SwitchingSteps)
    swing = steps_found(samples, SwingSteps, mend_swaps=True)
    assert [(e.start, e.end) for e in switching] == [(e.start, e.end) for e in swing]


@pytest.mark.parametrize("seed", range(4))
def test_switching_finder_hands_over_at_the_first_swap_and_counts_each_landing_once(seed):
    samples, landings = walk_signal(7, period=0.7, seed=30 + seed)
    # the model swaps the legs for good from a moment mid-walk, the feet apart
    at = landings[2] + 0.05
    swapped = [(t, -v if t >= at else v) for t, v in samples]
    finder = make_finder(SwitchingSteps)
    found = [e for t, v in swapped for e in finder.update(t, v) if isinstance(e, RepEvent)]
    assert finder.switched
    assert len(found) == 7
    for before, after in zip(found, found[1:]):
        assert after.end - before.end > 0.4


class _Scripted:
    """A stand-in step finder: reports the steps given for each sample
    time, and says the legs swapped from ``swaps_from`` on."""

    def __init__(self, steps: dict, swaps_from: float = float("inf")) -> None:
        self.steps = steps
        self.swaps_from = swaps_from
        self.swaps_seen = False
        self.phase, self.progress = "rest", 0.0

    def update(self, t: float, value: Optional[float]) -> List[RepEvent]:
        self.swaps_seen = t >= self.swaps_from
        return [RepEvent(index=0, start=step[0], peak=step[1], end=step[1], value=step[2] if len(step) > 2 else 0.5,
                         range=0.5, progress=1.0, quality="full") for step in self.steps.get(t, [])]


def test_switching_finder_reports_a_landing_both_finders_saw_once():
    # the spread finder confirms a landing on the very sample the swap is
    # seen, the swing finder confirms it again after; the swing finder's
    # earlier landings stand, the spread finder's copies of them do not
    finder = make_finder(SwitchingSteps)
    finder._swing = _Scripted({1.0: [(0.4, 0.8)], 2.0: [(0.8, 1.6)], 2.2: [(1.6, 2.1)]}, swaps_from=2.1)
    finder._spread = _Scripted({0.9: [(0.4, 0.8)], 1.9: [(0.8, 1.6)], 2.1: [(1.6, 2.1)], 2.9: [(2.1, 2.7)]})
    found = [e for t in (0.9, 1.0, 1.9, 2.0, 2.1, 2.2, 2.9) for e in finder.update(t, 0.5)]
    assert [e.end for e in found] == [0.8, 1.6, 2.1, 2.7]
    assert finder.switched


def test_switching_finder_reports_no_step_sooner_than_anyone_steps():
    # before any swap is seen, a swap the mender missed turns the swing
    # finder 0.3 s after a landing: no step on heels or toes comes so soon
    def steps_at(min_step: float) -> List[Tuple[float, float]]:
        finder = make_finder(SwitchingSteps, min_step=min_step)
        finder._swing = _Scripted({1.0: [(0.4, 0.8)], 1.5: [(0.8, 1.1)], 2.0: [(1.1, 1.6)]})
        finder._spread = _Scripted({})
        return [(e.start, e.end) for t in (1.0, 1.5, 2.0) for e in finder.update(t, 0.5)]

    # the landing dropped was the one before seen again: the next step runs
    # from that one, so that the walk goes on unbroken
    assert steps_at(0.35) == [(0.4, 0.8), (0.8, 1.6)]
    assert steps_at(0.25) == [(0.4, 0.8), (0.8, 1.1), (1.1, 1.6)]


@pytest.mark.parametrize("passing_read, expected", [
    # the feet read 0.1 apart at the landing reported: the feet passing, and
    # the step across it is dropped; the walk goes on from that landing
    (0.1, [(0.4, 0.8), (0.8, 1.2), (1.2, 2.3)]),
    # read as far apart as a landing: the spread finder missed it, and its
    # step runs from it
    (0.5, [(0.4, 0.8), (0.8, 1.2), (1.2, 1.6), (1.6, 2.3)]),
])
def test_switching_finder_drops_a_step_across_the_feet_passing_read_as_a_landing(passing_read, expected):
    # the swing finder reports a landing at 1.2, and the spread finder,
    # handed over to, a step from 0.8 to 1.6 across it
    finder = make_finder(SwitchingSteps)
    finder._swing = _Scripted({1.0: [(0.4, 0.8)], 1.4: [(0.8, 1.2, passing_read)]}, swaps_from=1.9)
    finder._spread = _Scripted({1.0: [(0.4, 0.8)], 1.9: [(0.8, 1.6)], 2.5: [(1.6, 2.3)]})
    found = [(e.start, e.end) for t in (1.0, 1.4, 1.9, 2.5) for e in finder.update(t, 0.5)]
    assert found == expected


def test_switching_finder_checks_each_step_of_a_sample_against_the_one_before():
    # two landings reported on one sample, 0.2 s apart: the second is too soon
    finder = make_finder(SwitchingSteps)
    finder._swing = _Scripted({1.0: [(0.4, 0.8), (0.8, 1.0)], 2.0: [(1.0, 1.6)]})
    finder._spread = _Scripted({})
    assert [(e.start, e.end) for t in (1.0, 2.0) for e in finder.update(t, 0.5)] == [(0.4, 0.8), (0.8, 1.6)]
