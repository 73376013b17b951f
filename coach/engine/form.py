"""Form checks: a candidate repetition is judged on how the body moved.

One scalar signal cannot tell a heel raise from a squat or a step: all of
them lift the body. The exercise therefore extracts a few form features per
frame (knee angle, how far the feet travelled...) and judges each candidate
repetition on the features seen between its start and its end. A rejected
movement is not counted; the person hears why instead.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Deque, Dict, List, Optional, Sequence, Tuple

from coach.engine.counter import CounterConfig, Event, RepCounter, RepEvent, SignalRange

Features = Dict[str, float]
# Per frame: the form features, or None when they cannot be read.
FeatureFn = Callable[[Any], Optional[Features]]
# Per candidate repetition: the features of its frames, oldest first, with
# their times; returns None to count it or a feedback code to refuse it.
JudgeFn = Callable[[RepEvent, Sequence[Tuple[float, Features]]], Optional[str]]


class FormCheckedCounter:
    """A ``RepCounter`` whose repetitions must also pass a form judge."""

    def __init__(self, config: CounterConfig, signal_range: SignalRange, features: FeatureFn, judge: JudgeFn,
                 keep_seconds: float = 30.0) -> None:
        self._features = features
        self._judge = judge
        self._keep = keep_seconds
        self._history: Deque[Tuple[float, Features]] = deque()
        self.inner = RepCounter(config, signal_range, accept=self._accept)

    def update(self, t: float, value: Optional[float], frame: Any) -> List[Event]:
        if value is not None:
            found = self._features(frame)
            if found is not None:
                self._history.append((t, found))
        while self._history and self._history[0][0] < t - self._keep:
            self._history.popleft()
        return self.inner.update(t, value)

    def _accept(self, event: RepEvent) -> Optional[str]:
        window = [(t, f) for t, f in self._history if event.start <= t <= event.end]
        if not window:
            return None  # nothing to judge by: the signal alone decides
        return self._judge(event, window)

    @property
    def count(self) -> int:
        return self.inner.count

    @property
    def phase(self) -> str:
        return self.inner.phase

    @property
    def progress(self) -> float:
        return self.inner.progress

    @property
    def events(self) -> List[Event]:
        return self.inner.events

    @property
    def range(self) -> SignalRange:
        return self.inner.range


@dataclass(frozen=True)
class FormChecked:
    """A counter factory for ``ExerciseSpec.counter_factory``."""

    features: FeatureFn
    judge: JudgeFn

    def __call__(self, spec: Any, signal_range: SignalRange) -> FormCheckedCounter:
        return FormCheckedCounter(spec.counter, signal_range, self.features, self.judge)
