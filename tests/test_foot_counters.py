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
