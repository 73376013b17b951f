"""The side walks' step finder (``SwingSteps``) on plain sequences: every turn
of the signed step signal is a landing."""
from __future__ import annotations

import math
from typing import List, Optional, Sequence, Tuple

import pytest

from coach.engine.counter import RepEvent
from coach.engine.step_finders import RangeSteps, SpreadSteps, SwingSteps
from tests.sequences import eased, hide, steps_found, walk_rest_walk, walk_signal

Samples = Sequence[Tuple[float, Optional[float]]]


def landings_found(samples: Samples, finder_type: type = SwingSteps, **options) -> List[RepEvent]:
    return steps_found(samples, finder_type, **options)


@pytest.mark.parametrize("finder_type", [SwingSteps, SpreadSteps])
@pytest.mark.parametrize("steps", [1, 4, 7])
@pytest.mark.parametrize("period", [0.5, 0.9, 1.4])
def test_every_turn_is_a_landing_from_first_to_last(steps, period, finder_type):
    # (for ``SpreadSteps`` every peak of the signal's size: each turn is one)
    samples, landings = walk_signal(steps, period=period, seed=steps)
    found = landings_found(samples, finder_type)
    assert len(found) == steps
    for event, landing in zip(found, landings):
        assert abs(event.end - landing) < 0.1, (event, landing)
        assert event.quality == "full"
    # the walk starts as the feet leave the standing level, not when the camera started
    assert 1.2 < found[0].start < landings[0]
    for before, after in zip(found, found[1:]):
        assert after.start == before.end


@pytest.mark.parametrize("finder_type", [SwingSteps, SpreadSteps])
@pytest.mark.parametrize("noise", [0.0, 0.02, 0.05])
def test_standing_jitter_is_no_step(noise, finder_type):
    samples, _ = walk_signal(0, noise=noise, seed=11)
    assert landings_found(samples, finder_type) == []


@pytest.mark.parametrize("frames", [1, 2])
def test_left_right_swaps_of_a_frame_or_two_make_no_steps(frames):
    samples, _ = walk_signal(5, period=0.7, seed=4)
    swapped = [(t, -v if i % 17 < frames else v) for i, (t, v) in enumerate(samples)]
    assert len(landings_found(swapped)) == 5
    # without the running median, and without the detour rule, a swap far
    # from the middle turns the signal twice
    assert len(landings_found(swapped, median_frames=1, min_interval_share=0.0, min_step=0.0)) > 5


def test_someone_who_stops_with_one_foot_ahead_lands_the_last_step():
    samples, _ = walk_signal(4, period=0.7, stop_ahead=True, seed=5)
    assert len(landings_found(samples)) == 4


def test_a_walk_that_comes_nearer_keeps_its_landings():
    samples, _ = walk_signal(6, period=0.7, amplitude=0.3, growth=0.25, seed=6)
    assert len(landings_found(samples)) == 6


def _uneven_walk(fps: float = 30.0) -> Tuple[List[Tuple[float, float]], int]:
    """Five landings whose left-ahead side reads far smaller than the other
    (a camera a little ahead of the walker), the first of them the largest:
    +0.9, -0.8, +0.4, -0.8, +0.4, then the feet together at -0.15."""
    ends = [0.0, 0.9, -0.8, 0.4, -0.8, 0.4, -0.15]
    out = [(i / fps, 0.0) for i in range(int(1.5 * fps))]
    t0 = 1.5
    for a, b in zip(ends, ends[1:]):
        for i in range(int(0.7 * fps)):
            u = i / (0.7 * fps)
            out.append((t0 + u * 0.7, a + (b - a) * 0.5 * (1 - math.cos(math.pi * u))))
        t0 += 0.7
    out += [(t0 + i / fps, -0.15) for i in range(int(1.5 * fps))]
    return out, 5


def test_swings_that_differ_from_side_to_side_all_land():
    samples, landings = _uneven_walk()
    assert len(landings_found(samples)) == landings
    # the ends of the recent range miss the small side's swings
    assert len(landings_found(samples, RangeSteps)) < landings


@pytest.mark.parametrize("hidden_before, found_without_gap_turn", [
    # lost from just before the last landing until the feet stand together:
    # the way back seen (0.45) passes the turning threshold (0.35)
    (0.1, 5),
    # a passer-by hides it from a quarter step before (the signal 0.22 on
    # its way up, 0.72 from the last low: short of a settled swing): the
    # way back seen is 0.22, though the true one was 0.5, and only the
    # turn in the gap (``gap_turn_back``) finds the landing
    (0.25, 4),
])
def test_a_last_landing_hidden_in_a_loss_as_the_walk_ends_still_counts(hidden_before, found_without_gap_turn):
    samples, landings = walk_signal(5, period=0.7, seed=12, noise=0.005)
    lost = hide(samples, landings[-1] - hidden_before, landings[-1] + 0.45)
    found = landings_found(lost)
    assert len(found) == 5
    assert landings[-1] - hidden_before <= found[-1].end <= landings[-1] + 0.45
    assert len(landings_found(lost, gap_turn_back=None)) == found_without_gap_turn


def test_a_walk_standing_at_a_gap_edge_makes_no_turn_in_it():
    samples, landings = walk_signal(5, period=0.7, seed=12, noise=0.005)
    # the same loss, but the feet come out of it where they went in (the
    # walker stopped as the model lost them): no turn was hidden
    edge = next(v for t, v in reversed(samples) if t < landings[-1] - 0.25)
    held = [(t, edge if t >= landings[-1] - 0.25 else v) for t, v in samples]
    assert len(landings_found(hide(held, landings[-1] - 0.25, landings[-1] + 0.45))) == 4


def test_two_landings_hidden_in_a_loss_are_counted_from_the_walks_rhythm():
    samples, landings = walk_signal(7, period=0.5, seed=13, noise=0.005)
    # lost from as the feet passed before the fourth landing until they
    # passed after the fifth: the signal leaves and comes back heading the
    # same way, and the zigzag sees one turn where there were three
    lost = hide(samples, landings[3] - 0.22, landings[4] + 0.22)
    found = landings_found(lost)
    assert len(found) == 7
    hidden = [e for e in found if e.quality == "partial"]
    assert len(hidden) == 2
    assert all(landings[3] - 0.22 <= e.end <= landings[4] + 0.22 for e in hidden)
    assert len(landings_found(lost, hidden_pair_at=99.0)) == 5


def test_no_landing_is_inferred_before_the_walk_has_a_rhythm():
    samples, landings = walk_signal(7, period=0.5, seed=13, noise=0.005)
    # the same loss over the second and third landings: one interval known
    lost = hide(samples, landings[1] - 0.22, landings[2] + 0.22)
    assert len(landings_found(lost)) == 5


def test_a_passer_bys_legs_for_a_moment_are_a_detour_not_two_landings():
    samples, landings = walk_signal(5, period=0.8, seed=14, noise=0.0)
    # just after the feet pass, after the third landing, the model reads someone
    # else's legs, wide apart on the side that landing left, for a fifth
    # of a second: the signal turns twice within half a step
    after = landings[2]
    side = math.copysign(0.55, samples[int(after * 30)][1])
    passed = [(t, side if after + 0.45 <= t < after + 0.65 else v) for t, v in samples]
    assert len(landings_found(passed)) == 5
    assert len(landings_found(passed, min_interval_share=0.0, min_step=0.0)) == 7


def test_an_early_turn_with_no_second_one_soon_after_is_a_landing():
    samples, landings = walk_signal(5, period=0.8, seed=14, noise=0.0)
    # someone else's legs for a fifth of a second just past the third
    # landing, on the far side the fourth landing will reach: the turn they
    # make comes early, and the real one after it is lower
    after = landings[2]
    side = math.copysign(0.55, -samples[int(after * 30)][1])
    passed = [(t, side if after + 0.25 <= t < after + 0.45 else v) for t, v in samples]
    found = landings_found(passed)
    assert len(found) == 5
    assert found[3].end < landings[3]


def _swap_after_a_walk(walks_on: bool) -> Tuple[List[Tuple[float, float]], List[float]]:
    """Four steps, then (``walks_on``: a rest of two seconds and three
    steps more); a fifth of a second after the fourth landing the model
    swaps the legs as the trailing foot comes alongside, and the signal
    reads 0.35 on the other side for six frames before the feet stand
    together. The samples and the landing times."""
    samples, landings = walk_rest_walk(4, 3, rest=2.0, seed=41) if walks_on else \
        walk_signal(4, period=0.7, seed=31, noise=0.005)
    last = landings[3]
    side = math.copysign(1.0, samples[int(last * 30)][1])
    return [(t, -0.35 * side if last + 0.1 <= t < last + 0.3 else v) for t, v in samples], landings


@pytest.mark.parametrize("walks_on", [False, True], ids=["walk ends", "walk goes on after a rest"])
def test_an_early_turn_then_standing_elsewhere_is_no_landing(walks_on):
    # the swap turns the signal a sixth of a second after the last landing,
    # far sooner than the walk's rhythm, and no turn follows soon: the feet
    # then stood together, not where that turn left them, so it was no
    # landing; booked once the next turn could no longer come soon enough,
    # it counted a step more
    samples, landings = _swap_after_a_walk(walks_on)
    found = landings_found(samples)
    assert len(found) == len(landings)
    for event, landing in zip(found, landings):
        assert abs(event.end - landing) < 0.15, (event, landing)
    assert len(landings_found(samples, early_waits=None)) == len(landings) + 1


def test_standing_between_two_walks_is_no_landing():
    first, _ = walk_signal(3, period=0.7, seed=15, noise=0.005)
    second, _ = walk_signal(3, period=0.7, seed=16, noise=0.005)
    end = first[-1][0] + 1 / 30.0
    # the second walk sets off the other way
    samples = first + [(end + t, -v) for t, v in second]
    assert len(landings_found(samples)) == 6


def test_a_loss_longer_than_max_gap_loses_the_walk_but_invents_nothing():
    samples, landings = walk_signal(7, period=0.6, seed=17, noise=0.005)
    lost = hide(samples, landings[2] + 0.1, landings[5] - 0.1)
    found = landings_found(lost, max_gap=1.2)
    assert all(not (landings[2] + 0.1 < e.end < landings[5] - 0.1) for e in found)
    assert len(found) <= 7


def _short_last_step(glitch: bool = False, fps: float = 30.0) -> List[Tuple[float, float]]:
    """Five landings at +-0.6 about standing (0), then a short last one:
    the feet stop at -0.26, 0.72 of a full swing from the landing before,
    for a quarter of a second, and are brought together. With ``glitch``,
    the model throws the signal near that last level (-0.2) for four frames
    early in the last swing (a left-right swap as the legs cross)."""
    legs = [(0.0, 0.6, 0.7), (0.6, -0.6, 0.7), (-0.6, 0.6, 0.7), (0.6, -0.6, 0.7), (-0.6, 0.6, 0.7),
            (0.6, -0.26, 0.7), (-0.26, -0.26, 0.25), (-0.26, 0.0, 0.3)]
    out = [(i / fps, 0.0) for i in range(int(1.5 * fps))]
    t0 = 1.5
    for k, (a, b, length) in enumerate(legs):
        for i in range(int(round(length * fps))):
            u = i / (length * fps)
            v = a + (b - a) * 0.5 * (1 - math.cos(math.pi * u))
            if glitch and k == 5 and 8 <= i < 12:
                v = -0.2
            out.append((t0 + u * length, v))
        t0 += length
    out += [(t0 + i / fps, 0.0) for i in range(int(1.5 * fps))]
    return out


def test_a_short_last_step_held_a_moment_is_a_landing():
    # 0.72 of the walk's swings: past ``settle_share`` (0.68), well more
    # than the half swing of bringing the feet together from a landing
    assert len(landings_found(_short_last_step())) == 6
    assert len(landings_found(_short_last_step(), settle_share=0.75)) == 5


def test_a_swap_that_touches_the_last_level_is_no_rest_there():
    # the four swapped frames near -0.26 and the feet held there later
    # span more than ``stand_after``, but the signal did not rest there in
    # between: the last landing is still one, not a walker who stood
    # between two walks
    assert len(landings_found(_short_last_step(glitch=True))) == 6


def _stop_apart_and_set_off(amplitude: float = 0.5, seed: int = 21) -> Tuple[List[Tuple[float, float]], List[float]]:
    """Four steps (0.7 s each), a short fifth that leaves the feet a little
    apart (0.6 of a landing's offset), standing so for 1.5 s, then setting
    off with the front foot, which lands further on than the walk's
    landings, and two steps more. The samples (eased from one offset to the
    next) and the landing times."""
    a = amplitude
    keys = [(0.0, 0.0), (1.5, 0.0), (1.85, a), (2.55, -a), (3.25, a), (3.95, -a), (4.3, 0.6 * a),
            (5.8, 0.6 * a), (6.5, 1.6 * a), (7.2, -a), (7.9, a), (9.9, a)]
    landings = [t for t, _ in keys[2:7]] + [t for t, _ in keys[8:11]]
    return eased(keys, noise=0.01, seed=seed), landings

def test_setting_off_from_feet_held_apart_is_no_landing():
    # the short step that leaves the feet apart is held (``settle``) and
    # lands; the signal wanders while the feet stand, and the front foot
    # then steps on the same way: that wander is no landing, and the step
    # after the standing starts as the feet set off, not at the landing
    # before the standing
    samples, landings = _stop_apart_and_set_off()
    found = landings_found(samples)
    assert len(found) == len(landings) == 8
    for event, landing in zip(found, landings):
        assert abs(event.end - landing) < 0.2, (event, landing)
    assert found[5].start >= 5.8 - 0.2


def _turn_between_walks(seed: int = 23) -> Tuple[List[Tuple[float, float]], List[float]]:
    """Two quick steps (0.5 s), standing with the feet together, the feet
    swinging round as the walker turns (a swing to -0.6 and back), standing
    again, and four quick steps back. The samples and the walk's landing
    times (the turn's swing is none)."""
    keys = [(0.0, 0.0), (1.2, 0.0), (1.45, -0.9), (1.95, 0.9), (2.2, 0.0), (2.7, 0.0), (3.1, -0.6), (3.7, 0.0),
            (4.3, 0.0), (4.5, 1.0), (5.0, -1.0), (5.5, 1.0), (6.0, -1.0), (6.3, 0.0), (7.5, 0.0)]
    landings = [1.45, 1.95, 4.5, 5.0, 5.5, 6.0]
    return eased(keys, noise=0.01, seed=seed), landings


def test_the_time_stood_between_two_landings_is_no_measure_of_the_rhythm():
    # the turn "lands" 1.15 s after the last landing and the first step
    # back 1.4 s after it, the walker standing in both intervals: taken
    # for the rhythm, they made the quick steps after the turn look far
    # too soon, and two of them were dropped as a detour
    samples, landings = _turn_between_walks()
    found = [e for e in landings_found(samples) if not 2.5 < e.end < 3.8]
    assert len(found) == len(landings)
    for event, landing in zip(found, landings):
        assert abs(event.end - landing) < 0.15, (event, landing)
