"""The pose model's leg swaps taken out of the step signal
(``LegSwapMender``, ``SwingSteps(mend_swaps=True)``), on plain sequences."""
from __future__ import annotations

import math
from typing import List, Optional, Sequence, Tuple

import pytest

from coach.engine.step_finders import LegSwapMender, SwingSteps
from tests.sequences import eased, hide, steps_found, walk_rest_walk, walk_signal

Samples = Sequence[Tuple[float, Optional[float]]]
STAND, PERIOD = 1.5, 0.7


def crossing(k: int) -> float:
    """When the feet pass each other before the k-th landing of ``walk_signal``
    (k from 1)."""
    return STAND + k * PERIOD


def landing(k: int) -> float:
    return STAND + (k + 0.5) * PERIOD


def legs_swapped(samples: Samples, spans: Sequence[Tuple[float, float]]) -> List[Tuple[float, Optional[float]]]:
    """The samples with the legs' labels swapped from each span's start to
    its end: the signal's sign turned there."""
    return [(t, None if v is None else (-v if any(a <= t < b for a, b in spans) else v)) for t, v in samples]


def mended(samples: Samples) -> Tuple[List[Tuple[float, Optional[float]]], LegSwapMender]:
    mender = LegSwapMender(0.3)
    return [(t, None if v is None else mender.update(t, v)) for t, v in samples], mender


def swap_seen_at(samples: Samples, **options: float) -> float:
    """When a mender made with ``options`` first sees the legs swap in
    ``samples`` (infinity: never)."""
    mender = LegSwapMender(0.3, **options)
    for t, v in samples:
        if v is not None:
            mender.update(t, v)
            if mender.swapping:
                return t
    return math.inf


def sees_a_swap(samples: Samples, **options: float) -> bool:
    """Does a mender made with ``options`` see the legs swap in ``samples``?"""
    return swap_seen_at(samples, **options) < math.inf


def assert_one_step_per_landing(samples: Samples, landings: Sequence[float]) -> None:
    """The finder, mending swaps, finds one step per landing, each ending
    within 0.15 s of it."""
    found = steps_found(samples, SwingSteps, mend_swaps=True)
    assert len(found) == len(landings)
    for event, landed in zip(found, landings):
        assert abs(event.end - landed) < 0.15, (event, landed)


@pytest.mark.parametrize("steps, noise", [(4, 0.0), (6, 0.02), (7, 0.05)])
def test_a_signal_without_swaps_passes_unchanged(steps, noise):
    samples, _ = walk_signal(steps, period=PERIOD, noise=noise, seed=steps)
    out, mender = mended(samples)
    assert out == samples
    assert not mender.swapping


# Swaps as MediaPipe makes them walking across the view: one that starts
# with the feet apart (the signal jumps to its other side) and ends as the
# feet pass each other (the signal dips and comes back), and one that starts
# at a passing and ends with a jump after the next landing. The first jump
# shows a source that swaps legs; a swap before any jump passes as it came.
SWAPS = {
    "feet apart": [(landing(1) + 0.1, crossing(2))],
    "apart, then at a passing": [(landing(1) + 0.1, crossing(2)), (crossing(3), landing(3) + 0.15)],
    "twice at a passing": [(landing(0) + 0.1, crossing(1)), (crossing(2), landing(2) + 0.2),
                           (crossing(4), landing(4) + 0.1)],
}


@pytest.mark.parametrize("spans", SWAPS.values(), ids=SWAPS.keys())
def test_mended_swaps_leave_one_landing_per_step(spans):
    samples, landings = walk_signal(6, period=PERIOD, noise=0.01, seed=3)
    swapped = legs_swapped(samples, spans)
    assert_one_step_per_landing(swapped, landings)


def test_unmended_swaps_at_passings_add_steps():
    # the finder's own rules take a lone swap in their stride, not a run of them
    samples, _ = walk_signal(6, period=PERIOD, noise=0.01, seed=3)
    swapped = legs_swapped(samples, SWAPS["twice at a passing"])
    assert len(steps_found(swapped, SwingSteps)) > 6


def test_after_a_swap_the_steps_take_turns_in_sign():
    samples, landings = walk_signal(6, period=PERIOD, noise=0.01, seed=5)
    out, mender = mended(legs_swapped(samples, SWAPS["twice at a passing"]))
    assert mender.swapping
    # the sample nearest each landing
    at_landings = [min(out, key=lambda s: abs(s[0] - landed)) for landed in landings]
    signs = [1 if v > 0 else -1 for _, v in at_landings]
    assert all(a != b for a, b in zip(signs, signs[1:])), signs


def test_a_passing_hidden_in_a_loss_takes_the_sign_seen_after_it():
    # the legs swapped once (so the mender makes the sign), then the
    # detector lost the walker as the feet passed each other
    samples, landings = walk_signal(7, period=PERIOD, noise=0.01, seed=7)
    swapped = legs_swapped(samples, SWAPS["feet apart"])
    lost = hide(swapped, crossing(5) - 0.15, crossing(5) + 0.15)
    found = steps_found(lost, SwingSteps, mend_swaps=True)
    assert len(found) == 7
    assert abs(found[-1].end - landings[-1]) < 0.15


def test_impossible_settings_are_refused():
    with pytest.raises(ValueError):
        LegSwapMender(0.0)
    with pytest.raises(ValueError):
        LegSwapMender(0.3, frames=0)


def test_a_model_that_swaps_at_every_other_passing_without_a_jump_is_mended():
    # the legs' labels go by where the feet are, not whose they are: the
    # signal dips to zero and comes back at every passing, never crossing
    samples, landings = walk_signal(7, period=PERIOD, noise=0.01, seed=9)
    swapped = legs_swapped(samples, [(crossing(1), crossing(2)), (crossing(3), crossing(4)),
                                     (crossing(5), crossing(6))])
    assert len(steps_found(swapped, SwingSteps)) > 7
    assert_one_step_per_landing(swapped, landings)


def test_setting_off_to_the_same_side_after_standing_is_no_swap():
    # three steps, the feet together 1.6 s, then the first step of four to
    # the side the last one went to: a walker may set off with either foot
    samples, landings = walk_rest_walk(3, 4)
    out, mender = mended(samples)
    assert not mender.swapping
    assert out == samples
    assert len(steps_found(samples, SwingSteps, mend_swaps=True)) == len(landings)


def test_without_dips_as_evidence_only_a_jump_starts_the_mending():
    samples, _ = walk_signal(7, period=PERIOD, noise=0.01, seed=9)
    swapped = legs_swapped(samples, [(crossing(1), crossing(2))])
    on_dip, on_jump = LegSwapMender(0.3), LegSwapMender(0.3, swap_on_dip=False)
    for t, v in swapped:
        on_dip.update(t, v)
        on_jump.update(t, v)
    assert on_dip.swapping and not on_jump.swapping


def test_a_swap_seen_over_two_frames_is_mended():
    # the feet apart, the legs swap, and the frame between reads the signal
    # near the middle: from one side to the other over two frames, faster
    # than any foot swings
    samples, landings = walk_signal(6, period=PERIOD, noise=0.01, seed=11)
    start = landing(1) + 0.1
    swapped = legs_swapped(samples, [(start, crossing(2))])
    between = min(range(len(swapped)), key=lambda i: abs(swapped[i][0] - start))
    swapped[between] = (swapped[between][0], 0.0)
    two_frames, one_frame = LegSwapMender(0.3), LegSwapMender(0.3, two_frame_dt=0.0)
    seen_at = {}
    for name, mender in (("two", two_frames), ("one", one_frame)):
        for t, v in swapped:
            mender.update(t, v)
            if mender.swapping and name not in seen_at:
                seen_at[name] = t
    assert seen_at["two"] < start + 0.1
    # the frame-to-frame rule alone sees it only at the next passing, if at all
    assert seen_at.get("one", math.inf) > crossing(2)
    assert_one_step_per_landing(swapped, landings)


@pytest.mark.parametrize("hover", [0.17, 0.21])
def test_feet_standing_near_the_arming_line_then_setting_off_that_way_is_no_swap(hover):
    # standing, the jitter takes the signal past half a step's size for a
    # moment and back; the walk then sets off to that side. The step's size
    # learnt from the hover alone would let 0.21 pass for a step
    stand = [(i / 30.0, hover if 30 <= i < 36 else 0.02) for i in range(42)]
    walk, landings = walk_signal(5, period=PERIOD, noise=0.01, seed=12, stand=0.0)
    shift = stand[-1][0] + 1 / 30.0
    samples = stand + [(t + shift, v) for t, v in walk]
    out, mender = mended(samples)
    assert not mender.swapping
    assert out == samples
    # taken for a step, the hover would make the set-off a swap
    assert sees_a_swap(samples, dip_peak_share=0.0)



def test_setting_off_fast_from_standing_with_the_feet_apart_is_no_swap():
    # one foot ahead while standing, then a quick first swing through the
    # middle: over two frames about one and a half of the step's guessed
    # size, but less than a whole span
    swing = [0.28, 0.10, -0.20, -0.40, -0.50]
    walk = [-0.5 * math.cos(math.pi * k / 21) for k in range(1, 21 * 5)]
    samples = [(i / 30.0, v) for i, v in enumerate([0.3] * 30 + swing + walk)]
    out, mender = mended(samples)
    assert not mender.swapping
    assert out == samples
    assert sees_a_swap(samples, two_frame_floor=0.0)


def test_a_lone_frame_thrown_across_the_middle_mid_step_is_no_passing():
    # the pose model reads one frame at a landing just over the middle and
    # the next part way back: no foot passes the other so. Taken for a
    # passing, the step going on to the same side read as a swap, and the
    # steps after it took the wrong sign (a drawn toe walk counted 7 of 6)
    samples, landings = walk_signal(6, period=PERIOD, noise=0.01, seed=13)
    at = min(range(len(samples)), key=lambda i: abs(samples[i][0] - landing(2)))
    (t0, v0), (t1, v1) = samples[at], samples[at + 1]
    samples[at], samples[at + 1] = (t0, -0.1 * v0), (t1, 0.3 * v1)
    out, mender = mended(samples)
    assert not mender.swapping
    assert out == samples
    assert_one_step_per_landing(samples, landings)


def test_one_frame_of_jitter_past_the_middle_hides_no_swap_at_a_passing():
    # the legs swap as the feet pass (the signal dips and comes back to its
    # side), and one frame as they pass reads a fifth of a step on the other
    # side: the running median never goes there, so the set-off back to the
    # same side shows the swap at once
    samples, landings = walk_signal(7, period=PERIOD, noise=0.01, seed=9)
    swapped = legs_swapped(samples, [(crossing(1), crossing(2))])
    after = min(i for i, (t, _) in enumerate(swapped) if t >= crossing(1))
    side = 1.0 if swapped[after - 3][1] > 0 else -1.0
    swapped[after + 1] = (swapped[after + 1][0], -side * 0.2 * 0.5)
    assert swap_seen_at(swapped) < crossing(1) + 0.3 * PERIOD
    # were one frame that far past the middle a passing, the swap would show
    # only at the next dip
    assert swap_seen_at(swapped, other_share=0.15) > crossing(2)
    assert_one_step_per_landing(swapped, landings)


@pytest.mark.parametrize("offset", [0.05, -0.05, 0.08])
def test_feet_standing_together_after_swaps_keep_their_side_through_a_rest(offset):
    # three steps with a swap among them, the feet together a little off
    # the middle for 1.6 s, then three more steps. Given the sign read once
    # the rest began, the standing level moved by twice its offset: the
    # step finder no longer saw a walker standing and took the stop for a
    # landing (drawn walks that paused counted the step before the pause twice)
    samples, landings = walk_rest_walk(3, 3)
    swapped = legs_swapped(samples, [(landing(0) + 0.1, crossing(1))])
    walk_end = STAND + 3 * PERIOD
    off_middle = [(t, v + offset if walk_end + 0.1 < t < walk_end + 1.5 else v) for t, v in swapped]
    out, mender = mended(off_middle)
    assert mender.swapping
    standing = [v for t, v in out if walk_end + 0.3 < t < walk_end + 1.4]
    assert all(v > 0 for v in standing) or all(v < 0 for v in standing)
    assert_one_step_per_landing(off_middle, landings)


def test_a_first_swap_after_the_turns_slipped_keeps_the_side_the_step_set_off_to():
    # mid-step, the pose model reads one frame across the middle and two
    # with the feet together: the mender takes it for a passing, and its
    # turns slip (the signal passes unchanged, no swap seen yet). Two steps
    # later the legs swap with a jump after a landing. Given the slipped
    # turns' side, the step jumped across the middle halfway and the step
    # finder counted a step of its own (a drawn toe walk counted 8 of 7)
    samples, landings = walk_signal(7, period=PERIOD, noise=0.01, seed=21)
    at = min(range(len(samples)), key=lambda i: abs(samples[i][0] - landing(1)))
    for k, share in enumerate((-0.4, 0.1, 0.1)):
        t, v = samples[at + k]
        samples[at + k] = (t, share * v)
    out, mender = mended(samples)
    assert not mender.swapping and out == samples
    swapped = legs_swapped(samples, [(landing(3) + 0.1, crossing(4))])
    out, mender = mended(swapped)
    assert mender.swapping
    # from the jump on, the step keeps the side it set off to
    step = [v for t, v in out if landing(3) - 0.15 < t < crossing(4) - 0.05]
    assert all(v > 0 for v in step) or all(v < 0 for v in step)
    assert_one_step_per_landing(swapped, landings)


def test_a_swap_seen_over_three_frames_mid_step_is_no_passing():
    # after a first swap, the legs swap back mid-step with two frames read
    # near the middle in between: the running median crosses zero by a
    # little, as at a passing, but the signal went from one side to the
    # other in three frames. Taken for a passing, the rest of the step
    # took the other sign and the step finder counted a step of its own
    # (a drawn heel walk counted 8 of 7)
    samples, landings = walk_signal(7, period=PERIOD, noise=0.01, seed=15)
    start = landing(4) + 0.1
    swapped = legs_swapped(samples, [(landing(1) + 0.1, start)])
    at = min(i for i, (t, _) in enumerate(swapped) if t >= start)
    side = 1.0 if swapped[at - 1][1] > 0 else -1.0
    swapped[at] = (swapped[at][0], -0.05 * side)
    swapped[at + 1] = (swapped[at + 1][0], 0.1 * side)
    assert_one_step_per_landing(swapped, landings)
    # the frames after the jump keep the step's side; read over two frames
    # only, the jump is a passing and they take the other
    after = at + 3
    for two_frame_dt, keeps in ((0.075, True), (0.0, False)):
        mender = LegSwapMender(0.3, two_frame_dt=two_frame_dt)
        out = [mender.update(t, v) for t, v in swapped if v is not None]
        assert mender.swapping
        assert (out[after] * out[at - 1] > 0) == keeps


@pytest.mark.parametrize("level", [-0.06, -0.09])
def test_feet_passing_at_a_standing_level_off_the_middle_show_a_swap(level):
    # feet side by side read at ``level``, a quarter of a step off the
    # middle at most; the model swaps the legs at the first passing, so the
    # signal comes down to that level a moment and goes back up: no
    # crossing, but a swap, and five landings
    keys = [(0.0, level), (1.5, level), (1.85, 0.5), (2.2, level), (2.3, level), (2.55, 0.5), (2.9, level),
            (3.25, -0.5), (3.6, level), (3.95, 0.5), (4.3, level), (4.65, -0.5), (5.0, level), (6.5, level)]
    samples = eased(keys, noise=0.005, seed=3)
    assert sees_a_swap(samples)
    assert len(steps_found(samples, SwingSteps, mend_swaps=True)) == 5
    # judged past the middle from a fifth of a step on, the level itself
    # is the other side for the walk farther off it
    assert sees_a_swap(samples, other_median_share=0.2) == (level > -0.08)



def test_a_swap_whose_jump_frames_were_lost_is_mended_once_the_far_side_holds():
    # the legs swap with the feet apart, and the two frames before the
    # jump are lost (a passer-by check dropped them: the ankles moved too fast)
    samples, landings = walk_signal(6, period=PERIOD, noise=0.01, seed=13)
    start = landing(1) + 0.1
    swapped = hide(legs_swapped(samples, [(start, crossing(2))]), start - 2.2 / 30, start - 0.01)
    assert start <= swap_seen_at(swapped) < start + 0.1
    # the frame-to-frame rules alone never see it
    assert swap_seen_at(swapped, gap_jump_dt=0.05) == math.inf
    assert_one_step_per_landing(swapped, landings)


def with_frames(samples: Samples, at: float, values: Sequence[Optional[float]]) -> List[Tuple[float, Optional[float]]]:
    """The samples with the frames from ``at`` on read as ``values``."""
    out = list(samples)
    first = min(range(len(out)), key=lambda i: abs(out[i][0] - at))
    for k, v in enumerate(values):
        out[first + k] = (out[first + k][0], v)
    return out


@pytest.mark.parametrize("after_jump, seen_at_frame", [
    # across the middle after two lost frames, then back towards it and on
    # (as on a rendered heel walk 30 degrees off side-on): no swap
    ([-0.38, -0.2, 0.2, 0.35], None),
    # ... and held on the far side: a swap, seen on the second frame after
    # the jump
    ([-0.38, -0.4, -0.42, -0.45, -0.45, -0.44], 2),
])
def test_a_jump_over_lost_frames_is_a_swap_only_if_the_far_side_holds(after_jump, seen_at_frame):
    samples, _ = walk_signal(6, period=PERIOD, noise=0.01, seed=13)
    # at a landing, the feet apart: the signal near +0.5
    at = landing(2)
    assert min(samples, key=lambda s: abs(s[0] - at))[1] > 0.45
    read = with_frames(samples, at - 2 / 30, [None, None] + after_jump)
    lost = [i for i, (_, v) in enumerate(read) if v is None]
    jump = read[lost[-1] + 1][0]
    expected = math.inf if seen_at_frame is None else jump + seen_at_frame / 30
    assert swap_seen_at(read) == pytest.approx(expected, abs=0.01)


def test_a_gap_jump_window_outside_the_frame_rule_and_the_reset_is_refused():
    with pytest.raises(ValueError):
        LegSwapMender(0.3, gap_jump_dt=0.2)
    with pytest.raises(ValueError):
        LegSwapMender(0.3, gap_jump_dt=0.01)
    with pytest.raises(ValueError):
        LegSwapMender(0.3, gap_jump_frames=0)
