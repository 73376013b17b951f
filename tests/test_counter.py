import math

import pytest

from coach.engine.counter import CounterConfig, FeedbackEvent, RepCounter, RepEvent, SignalRange
from coach.engine.filters import OneEuroFilter
from tests.sequences import Script


def run(script: Script, span: float = 1.0, min_span: float = 0.5, config: CounterConfig = CounterConfig(),
        smooth: bool = True, signal_range: SignalRange = None):
    rng = signal_range or SignalRange(span=span, min_span=min_span)
    counter = RepCounter(config, rng)
    filt = OneEuroFilter(min_cutoff=2.0, beta=1.0)
    for t, v in script.samples():
        if v is not None and smooth:
            v = filt(t, v)
        counter.update(t, v)
    reps = [e for e in counter.events if isinstance(e, RepEvent)]
    feedback = [e.code for e in counter.events if isinstance(e, FeedbackEvent)]
    return counter, reps, feedback


@pytest.mark.parametrize(
    "case",
    [
        dict(reps=5, period=2.0),
        dict(reps=7, period=1.0),  # fast
        dict(reps=3, period=5.0),  # slow
        dict(reps=6, period=0.7, pause=0.2),  # very fast, short pauses
        dict(reps=5, period=2.0, hold=4.0),  # holds at the top
        dict(reps=5, period=2.0, noise=0.05, seed=1),  # jittery landmarks
        dict(reps=5, period=2.0, noise=0.08, seed=2, fps=15),
        dict(reps=5, period=1.5, drop=0.5, seed=3),  # half the frames dropped
        dict(reps=4, period=2.0, amplitude=1.6),  # bigger than expected
        dict(reps=4, period=2.0, amplitude=0.8),  # a little smaller than expected
        dict(reps=5, period=2.0, rest_level=3.0),  # offset rest level
        dict(reps=1, period=2.0),
        dict(reps=12, period=1.2, noise=0.03, seed=4),
    ],
)
def test_counts_exactly(case):
    script = Script(**case)
    counter, reps, _ = run(script)
    assert counter.count == script.reps
    assert len(reps) == script.reps
    for event, peak in zip(reps, script.peaks()):
        assert event.start < event.peak < event.end
        # The filter lags a little; the peak must still sit inside the movement.
        assert abs(event.peak - peak) <= script.period / 2 + script.hold / 2 + 0.15
    assert [e.index for e in reps] == list(range(1, script.reps + 1))


@pytest.mark.parametrize("noise,seed", [(0.02, 0), (0.05, 1), (0.1, 2), (0.12, 3)])
def test_person_who_never_moves_counts_zero(noise, seed):
    counter, reps, feedback = run(Script(reps=0, lead=60.0, tail=0.0, noise=noise, seed=seed))
    assert counter.count == 0 and reps == []
    assert "too_small" not in feedback


def test_jitter_around_the_enter_threshold_counts_once():
    # Rise to just the enter level and shake there for three seconds: the
    # hysteresis must count one repetition, not one per crossing.
    cfg = CounterConfig()
    script = Script(reps=1, period=1.0, hold=3.0, amplitude=cfg.enter + 0.02, noise=0.04, seed=5)
    counter, reps, _ = run(script, smooth=False)
    assert counter.count == 1


def test_jitter_around_the_exit_threshold_does_not_count_twice():
    cfg = CounterConfig()
    samples = [(i / 30, 0.0) for i in range(30)]
    # Up past enter, then down to the exit level, shaking around it.
    samples += [(1 + i / 30, 1.0) for i in range(15)]
    samples += [(1.5 + i / 30, cfg.exit + (0.05 if i % 2 else -0.05)) for i in range(60)]
    samples += [(3.5 + i / 30, 0.0) for i in range(30)]
    counter = RepCounter(cfg, SignalRange(span=1.0, min_span=0.5))
    for t, v in samples:
        counter.update(t, v)
    assert counter.count == 1


def test_movements_too_small_count_zero_and_say_so():
    counter, reps, feedback = run(Script(reps=4, period=2.0, amplitude=0.5), min_span=1.0)
    assert counter.count == 0
    assert feedback.count("too_small") == 4


def test_spikes_too_fast_are_not_repetitions():
    # Two-frame spikes: a tracking glitch, not a movement.
    samples = []
    for i in range(300):
        t = i / 30
        samples.append((t, 1.0 if i % 50 in (20, 21) else 0.0))
    counter = RepCounter(CounterConfig(min_duration=0.35), SignalRange(span=1.0, min_span=0.5))
    for t, v in samples:
        counter.update(t, v)
    assert counter.count == 0
    assert any(isinstance(e, FeedbackEvent) and e.code == "too_fast" for e in counter.events)


def test_short_dropout_mid_repetition_still_counts():
    script = Script(reps=3, period=2.0, invalid=[(2.3, 2.6)])  # 0.3 s in the first rep
    counter, reps, _ = run(script)
    assert counter.count == 3


def test_long_dropout_mid_repetition_abandons_it():
    # The person leaves the view for 1.5 s at the top of the second repetition.
    script = Script(reps=3, period=2.0, hold=2.0, pause=0.5)
    top_of_second = script.peaks()[1]
    script.invalid = [(top_of_second - 0.75, top_of_second + 0.75)]
    counter, reps, feedback = run(script)
    assert counter.count == 2
    assert "lost_view" in feedback


def test_invalid_frames_never_advance_the_counter():
    counter = RepCounter(CounterConfig(), SignalRange(span=1.0, min_span=0.5))
    counter.update(0.0, 0.0)
    for i in range(1, 200):
        events = counter.update(i / 30, None)
        assert events == [] or all(isinstance(e, FeedbackEvent) for e in events)
    assert counter.count == 0 and counter.phase == "rest"


def test_nan_is_treated_as_invalid():
    counter = RepCounter(CounterConfig(), SignalRange(span=1.0, min_span=0.5))
    counter.update(0.0, 0.0)
    counter.update(0.1, math.nan)
    assert counter.range.rest == 0.0 and counter.count == 0


def test_repeated_or_backward_timestamps_are_ignored():
    counter = RepCounter(CounterConfig(), SignalRange(span=1.0, min_span=0.5))
    counter.update(1.0, 0.0)
    assert counter.update(1.0, 5.0) == []
    assert counter.update(0.5, 5.0) == []
    assert counter.progress == 0.0


def test_downward_signal_counts_with_negative_span():
    script = Script(reps=4, period=2.0, amplitude=-20.0, rest_level=90.0)
    counter, reps, _ = run(script, span=-20.0, min_span=8.0)
    assert counter.count == 4
    assert all(e.range < -15 for e in reps)


def test_person_starting_mid_movement_learns_rest():
    # The first second is spent at the top; then five ordinary repetitions.
    base = Script(reps=5, period=2.0, lead=2.0)
    samples = [(t, 1.0 if t < 1.0 else v) for t, v in base.samples()]
    counter = RepCounter(CounterConfig(), SignalRange(span=1.0, min_span=0.5))
    for t, v in samples:
        counter.update(t, v)
    assert counter.count == 5


def test_rest_follows_slow_drift():
    # The camera slowly tilts: the rest level drifts by two spans over a minute.
    script = Script(reps=6, period=2.0, pause=8.0)
    counter = RepCounter(CounterConfig(), SignalRange(span=1.0, min_span=0.5))
    for t, v in script.samples():
        counter.update(t, v + t / 30.0)
    assert counter.count == 6


def test_quality_marks_partial_repetitions():
    cfg = CounterConfig(enter=0.6, full=0.9)
    rng = SignalRange(span=1.0, min_span=1.0, learn_span=False)
    _, reps, _ = run(Script(reps=2, period=2.0, amplitude=0.75), config=cfg, signal_range=rng, smooth=False)
    assert [e.quality for e in reps] == ["partial", "partial"]
    rng = SignalRange(span=1.0, min_span=1.0, learn_span=False)
    _, reps, _ = run(Script(reps=2, period=2.0, amplitude=1.0), config=cfg, signal_range=rng, smooth=False)
    assert [e.quality for e in reps] == ["full", "full"]


def test_span_learns_towards_the_persons_amplitude():
    rng = SignalRange(span=1.0, min_span=0.5)
    run(Script(reps=6, period=2.0, amplitude=2.0), signal_range=rng)
    assert 1.6 < rng.span <= 2.05
    floor = SignalRange(span=1.0, min_span=0.9)
    run(Script(reps=6, period=2.0, amplitude=0.7), signal_range=floor, config=CounterConfig(enter=0.6, exit=0.3, near_miss=0.4))
    assert floor.span == pytest.approx(0.9, abs=1e-9)


def test_calibration_from_samples():
    rest = [0.01, -0.01, 0.0, 0.02, -0.02]
    active = [0.0, 0.3, 0.6, 0.95, 1.0, 1.05, 0.5, 0.1]
    rng = SignalRange.from_calibration(rest, active, min_span=0.2)
    assert rng.rest == pytest.approx(0.0)
    assert 0.9 < rng.span <= 1.05
    with pytest.raises(ValueError):
        SignalRange.from_calibration(rest, [0.01, 0.02], min_span=0.2)
    with pytest.raises(ValueError):
        SignalRange.from_calibration([], active, min_span=0.2)


@pytest.mark.parametrize("bad", [dict(enter=0.3, exit=0.5), dict(exit=0.0), dict(min_gap=-1)])
def test_config_rejects_nonsense(bad):
    with pytest.raises(ValueError):
        CounterConfig(**bad)
