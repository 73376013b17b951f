"""Pure foot-view engine pieces: record, gate, digit recognition, towel length."""
from __future__ import annotations

import math

from coach.engine.foot_motion import gathered_length, recognise_digit, split_strokes
from coach.engine.foot_records import FootFrame, foot_ok
from coach.records import Frame


def _circle(n=60, start=-math.pi / 2):
    return [(math.cos(start - 2 * math.pi * k / (n - 1)), math.sin(start - 2 * math.pi * k / (n - 1))) for k in range(n)]


def test_gate_needs_a_found_foot():
    assert foot_ok(FootFrame(t=0.0, w=640, h=480, found=True))[0]
    assert not foot_ok(FootFrame(t=0.0, w=640, h=480, found=False))[0]
    assert not foot_ok(Frame(t=0.0, w=640, h=480))[0]


def test_simple_digits_are_recognised():
    assert recognise_digit([(0.5, k / 10) for k in range(11)])[0] == "1"
    assert recognise_digit([(0.0, 0.0), (0.5, 0.0), (1.0, 0.0), (0.7, 0.5), (0.4, 1.0)])[0] == "7"
    assert recognise_digit(_circle())[0] == "0"
    assert recognise_digit([(0.0, 0.0)])[0] is None


def test_strokes_split_at_pauses():
    samples = []
    t = 0.0
    for _ in range(2):
        for k in range(30):  # 1 s still
            samples.append((t, (0.0, 0.0)))
            t += 1 / 30
        for k in range(45):  # 1.5 s moving
            samples.append((t, (k * 0.05, 0.0)))
            t += 1 / 30
        for k in range(30):
            samples.append((t, (44 * 0.05, 0.0)))
            t += 1 / 30
        samples = [(tt, p) for tt, p in samples]
    strokes = split_strokes(samples, still_speed=0.3)
    assert len(strokes) == 2


def test_gathered_length_integrates_pulls_only():
    samples = [(k / 10, 1.0 if k < 10 else -1.0) for k in range(21)]
    assert abs(gathered_length(samples) - 1.0) < 0.11


def _template_path(digit, reverse=False, shift=0, slant=0.0, n=80):
    from coach.engine.foot_motion import DIGIT_TEMPLATES, resample

    pts = resample(DIGIT_TEMPLATES[digit][0], n)
    if shift:
        pts = pts[shift:] + pts[1:shift + 1]
    if reverse:
        pts = pts[::-1]
    return [(x + slant * (y - 0.5), y) for x, y in pts]


def test_recogniser_ignores_start_point_direction_and_slant():
    # A circle started at the bottom and drawn clockwise is still a 0.
    assert recognise_digit(_circle(start=math.pi / 2)[::-1])[0] == "0"
    assert recognise_digit(_circle(start=math.pi / 2))[0] == "0"
    for d in "0123456789":
        assert recognise_digit(_template_path(d, reverse=True))[0] == d, d
        assert recognise_digit(_template_path(d, slant=0.25))[0] == d, d
    for d in "08":
        assert recognise_digit(_template_path(d, shift=30))[0] == d, d
        assert recognise_digit(_template_path(d, shift=50, reverse=True))[0] == d, d


def test_recogniser_tolerates_jitter_and_scale():
    import random

    rng = random.Random(4)
    for d in "0123456789":
        path = [(300 + 120 * x + rng.gauss(0, 3), 200 + 180 * y + rng.gauss(0, 3)) for x, y in _template_path(d)]
        assert recognise_digit(path)[0] == d, d
