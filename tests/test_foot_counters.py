"""Pure foot counters: objects settling in a bowl, digit strokes, towel length."""
from __future__ import annotations

import math

from coach.engine.counter import RepEvent, SignalRange
from coach.engine.foot_counters import DigitCounter, StrokeSplitter, ZoneCounter
from coach.engine.foot_records import FootFrame
from coach.engine.runner import count_frames
from exercises import get_exercise


def _zone(values, dt=1 / 30):
    c = ZoneCounter(None, SignalRange(span=1.0, min_span=1.0))
    reps = []
    for k, v in enumerate(values):
        reps += [e for e in c.update(k * dt, v, None) if isinstance(e, RepEvent)]
    return c.count, reps


def test_zone_counts_settled_increases_only():
    seq = [1] * 30 + [2] * 30 + [1, 0, 0, 1] + [2] * 5 + [3] * 30 + [0] * 5 + [3] * 30
    count, reps = _zone(seq)
    assert count == 2  # started with one in the bowl; two more dropped in
    assert [e.value for e in reps] == [2.0, 3.0]


def test_zone_ignores_flicker():
    count, _ = _zone([0] * 30 + ([1, 0] * 20) + [0] * 30)
    assert count == 0


def _frame(t, x, y, w=640, h=480, width=0.2):
    return FootFrame(t=t, w=w, h=h, found=True, toe_end=(x, y), axis=(0.0, -1.0), width=width, length=0.5)


def test_strokes_count_digits_and_stillness_counts_nothing():
    frames = []
    t = 0.0
    for _ in range(2):
        for _ in range(30):
            frames.append(_frame(t, 0.5, 0.4))
            t += 1 / 30
        for k in range(60):  # a circle, two seconds
            a = 2 * math.pi * k / 59
            frames.append(_frame(t, 0.5 + 0.1 * math.sin(a), 0.4 - 0.1 * (1 - math.cos(a)) * 1.3))
            t += 1 / 30
    for _ in range(30):
        frames.append(_frame(t, 0.5, 0.4))
        t += 1 / 30
    result = count_frames(get_exercise("toe_draw"), frames)
    assert result.reps == 2
    assert len(result.extra["digits"]) == 2
    still = [_frame(k / 30, 0.5 + 0.001 * (k % 3), 0.4) for k in range(150)]
    assert count_frames(get_exercise("toe_draw"), still).reps == 0


def test_foot_exercises_are_in_the_catalogue():
    for ex in ("toe_spread", "towel_gather", "object_pickup", "toe_draw", "big_toe_flex"):
        spec = get_exercise(ex)
        assert spec.view == "foot" and spec.kids_name and spec.instructions and spec.camera


def test_stroke_splitter_works_in_any_unit_and_drops_a_stroke_on_reset():
    # The same movement in pixels with the foot width as scale, and in foot widths.
    def run(scale, reset_at=None):
        s = StrokeSplitter()
        strokes = []
        for k in range(150):
            t = k / 30
            x = 0.0 if k < 30 or k >= 90 else (k - 30) / 60 * 1.5
            if reset_at is not None and k == reset_at:
                s.reset()
            out = s.push(t, (x * scale, 0.0), scale)
            if out:
                strokes.append(out)
        return strokes

    assert len(run(1.0)) == 1
    px = run(120.0)
    assert len(px) == 1 and max(p[0] for p in px[0][2]) > 100
    assert run(120.0, reset_at=70) == []  # what is left after the reset is too short


def test_a_tracked_tip_that_jumps_starts_afresh():
    frames = []
    t = 0.0
    for k in range(30):
        frames.append(FootFrame(t=t, w=640, h=480, found=True, toe_end=(0.5, 0.4), pen=(0.5, 0.4), width=0.2))
        t += 1 / 30
    for k in range(75):  # a vertical line, 2.5 s, with the tracked tip re-found far away half way
        y = 0.3 + 0.4 * k / 74
        x = 0.5 if k < 10 else 0.9
        frames.append(FootFrame(t=t, w=640, h=480, found=True, toe_end=(x, y), pen=(x, y), width=0.2))
        t += 1 / 30
    for k in range(30):
        frames.append(FootFrame(t=t, w=640, h=480, found=True, toe_end=(0.9, 0.7), pen=(0.9, 0.7), width=0.2))
        t += 1 / 30
    result = count_frames(get_exercise("toe_draw"), frames)
    assert result.reps == 1 and result.extra["digits"] == ["1"]


def _towel_frames(speeds, dt=1 / 30):
    return [FootFrame(t=k * dt, w=640, h=480, found=True, toe_end=(0.5, 0.3), pen=(0.5, 0.3), width=0.2,
                      flow_along=v) for k, v in enumerate(speeds)]


def test_towel_pulls_count_and_backward_flicker_does_not():
    import random

    rng = random.Random(2)
    still = [rng.gauss(0, 0.06) + (-0.8 if k % 23 == 0 else 0.0) for k in range(240)]  # noise, backward flicks
    assert count_frames(get_exercise("towel_gather"), _towel_frames(still)).reps == 0
    speeds = []
    for _ in range(3):
        speeds += [rng.gauss(0, 0.05) for _ in range(30)]
        speeds += [0.9 * math.sin(math.pi * k / 24) + rng.gauss(0, 0.05) for k in range(25)]  # ~0.5 widths pulled
    speeds += [0.0] * 30
    result = count_frames(get_exercise("towel_gather"), _towel_frames(speeds))
    assert result.reps == 3
    assert abs(result.extra["gathered_foot_widths"] - 3 * 0.9 * 24 / 30 * 2 / math.pi) < 0.25
