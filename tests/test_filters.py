import random
import statistics

import pytest

from coach.engine.filters import OneEuroFilter


def test_reduces_jitter_while_still():
    rng = random.Random(0)
    f = OneEuroFilter(min_cutoff=1.0, beta=0.001)
    raw = [rng.gauss(0, 1.0) for _ in range(300)]
    out = [f(i / 30, v) for i, v in enumerate(raw)]
    assert statistics.pstdev(out[30:]) < 0.4 * statistics.pstdev(raw[30:])


def test_follows_a_step_quickly_with_speed_adaptation():
    slow, fast = OneEuroFilter(min_cutoff=1.0, beta=0.0), OneEuroFilter(min_cutoff=1.0, beta=1.0)
    for f in (slow, fast):
        for i in range(30):
            f(i / 30, 0.0)
    a = b = 0.0
    for i in range(30, 36):
        a, b = slow(i / 30, 10.0), fast(i / 30, 10.0)
    assert b > a and b > 8.0


def test_time_not_frame_count_drives_it():
    # Same signal at 30 and at 10 frames per second ends in the same place.
    f30, f10 = OneEuroFilter(min_cutoff=1.0), OneEuroFilter(min_cutoff=1.0)
    for i in range(31):
        v30 = f30(i / 30, 0.0 if i == 0 else 1.0)
    for i in range(11):
        v10 = f10(i / 10, 0.0 if i == 0 else 1.0)
    assert v30 == pytest.approx(v10, abs=0.05)


def test_repeated_timestamp_and_gap_reset():
    f = OneEuroFilter()
    f(0.0, 1.0)
    assert f(0.0, 100.0) == 1.0
    assert f(5.0, 7.0) == 7.0  # after a long gap it starts again from the new value


def test_rejects_bad_settings():
    with pytest.raises(ValueError):
        OneEuroFilter(min_cutoff=0)
