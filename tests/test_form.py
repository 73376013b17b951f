"""Form-checked counting: a rise that is not the exercise is refused, with a reason."""
import pytest

from coach.engine.counter import CounterConfig, FeedbackEvent, RepEvent, SignalRange
from coach.engine.form import FormChecked, FormCheckedCounter
from tests.sequences import Script


def knees_from_frame(frame):
    return None if frame is None else {"knee": frame}


def straight_knees(event, window):
    return "bend_knees" if min(f["knee"] for _, f in window) < 150 else None


def run(knee_during_rep: float, knee_outside: float = 178.0):
    script = Script(reps=4, period=2.0)
    peaks = script.peaks()
    counter = FormCheckedCounter(CounterConfig(), SignalRange(span=1.0, min_span=0.5), knees_from_frame, straight_knees)
    for t, v in script.samples():
        in_rep = any(abs(t - p) < 0.6 for p in peaks)
        counter.update(t, v, knee_during_rep if in_rep else knee_outside)
    return counter


def test_good_form_counts():
    counter = run(knee_during_rep=176.0)
    assert counter.count == 4
    assert [e.index for e in counter.events if isinstance(e, RepEvent)] == [1, 2, 3, 4]


def test_bad_form_is_refused_with_its_reason():
    counter = run(knee_during_rep=100.0)
    assert counter.count == 0
    codes = [e.code for e in counter.events if isinstance(e, FeedbackEvent)]
    assert codes.count("bend_knees") == 4


def test_frames_without_features_leave_the_signal_in_charge():
    counter = run(knee_during_rep=None, knee_outside=None)
    assert counter.count == 4


def test_factory_builds_from_the_spec():
    class Spec:
        counter = CounterConfig()

    built = FormChecked(knees_from_frame, straight_knees)(Spec(), SignalRange(span=1.0, min_span=0.5))
    assert isinstance(built, FormCheckedCounter) and built.count == 0 and built.phase == "rest"


def test_accept_hook_numbers_counted_repetitions_without_gaps():
    refused = {2}
    seen = []

    def accept(event):
        seen.append(event.index)
        return "nope" if len(seen) in refused else None

    from coach.engine.counter import RepCounter

    counter = RepCounter(CounterConfig(), SignalRange(span=1.0, min_span=0.5), accept=accept)
    for t, v in Script(reps=3, period=2.0).samples():
        counter.update(t, v)
    reps = [e for e in counter.events if isinstance(e, RepEvent)]
    assert counter.count == 2 and [e.index for e in reps] == [1, 2]
