"""Runs one exercise over a stream of frames: gate, signal, filter, counter."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, List, Optional, Tuple

from coach.engine.counter import FeedbackEvent, RepCounter, RepEvent, SignalRange
from coach.engine.filters import OneEuroFilter
from coach.engine.frame_fill import FrameFiller
from coach.engine.spec import ExerciseSpec
from coach.engine.spec import AnyFrame

# Out of view this long before the person is told to step back into view.
NOT_IN_VIEW_AFTER = 1.0


@dataclass(frozen=True)
class Feedback:
    t: float
    code: str
    message: str


@dataclass(frozen=True)
class FrameResult:
    """What one frame changed: for drawing the overlay and for the store."""

    t: float
    valid: bool
    reason: str
    signal: Optional[float]
    progress: float
    count: int
    phase: str
    reps: Tuple[RepEvent, ...] = ()
    feedback: Tuple[Feedback, ...] = ()


@dataclass
class CountResult:
    exercise: str
    reps: int
    events: List[RepEvent]
    frames: int
    frames_valid: int
    feedback: List[Feedback] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)
    # The count is an estimate (see ExerciseSpec.estimated).
    estimated: bool = False
    # Exercise-specific results (e.g. {"digits": [...]}, {"gathered_foot_lengths": x});
    # written to JSON as "extra" only when not empty.
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        out = {
            "exercise": self.exercise,
            "reps": self.reps,
            "events": [
                {
                    "index": e.index,
                    "start": round(e.start, 4),
                    "peak": round(e.peak, 4),
                    "end": round(e.end, 4),
                    "value": round(e.value, 5),
                    "range": round(e.range, 5),
                    "progress": round(e.progress, 3),
                    "quality": e.quality,
                }
                for e in self.events
            ],
            "frames": self.frames,
            "frames_valid": self.frames_valid,
            "feedback": [{"t": round(f.t, 4), "code": f.code, "message": f.message} for f in self.feedback],
            "warnings": list(self.warnings),
            "estimated": self.estimated,
        }
        if self.extra:
            out["extra"] = dict(self.extra)
        return out


class ExerciseRunner:
    """Counts one exercise, frame by frame, causally: what a live session uses."""

    def __init__(self, spec: ExerciseSpec, signal_range: Optional[SignalRange] = None) -> None:
        self.spec = spec
        if signal_range is None:
            signal_range = SignalRange(span=spec.typical_span, min_span=spec.min_span)
        self._frame_counter = spec.counter_factory is not None
        if spec.counter_factory is not None:
            self.counter = spec.counter_factory(spec, signal_range)
        else:
            self.counter = RepCounter(spec.counter, signal_range)
        # a counter that follows one person tells frames of anyone else,
        # which are then kept out of the smoothing filter
        self._someone_else: Optional[Callable[[float, AnyFrame], bool]] = \
            getattr(self.counter, "someone_else", None) if self._frame_counter else None
        self._form = spec.form() if spec.form is not None else None
        s = spec.smoothing
        self._filter = OneEuroFilter(min_cutoff=s.min_cutoff, beta=s.beta, d_cutoff=s.d_cutoff)
        self.frames = 0
        self.frames_valid = 0
        self.reps: List[RepEvent] = []
        self.feedback: List[Feedback] = []
        self._invalid_since: Optional[float] = None
        self._told_not_in_view = False
        self._reasons: dict = {}
        self._analyser = spec.analyser() if spec.analyser is not None else None
        self._filler = FrameFiller(spec.fill) if spec.fill is not None else None

    def _count(self, frame: AnyFrame) -> Tuple[bool, str, Optional[float], List[object]]:
        """Gate, signal, filter and counter for one frame: whether it could be
        counted (and why not), its smoothed value, the counter's events."""
        ok, reason = self.spec.gate(frame)
        raw = self.spec.signal(frame) if ok else None
        if ok and raw is None:
            ok, reason = False, "the exercise's landmarks could not be read"
        value: Optional[float] = None
        if ok and not (self._someone_else is not None and self._someone_else(frame.t, frame)):
            value = self._filter(frame.t, raw)  # type: ignore[arg-type]
        if self._frame_counter:
            events = list(self.counter.update(frame.t, value, frame))
        else:
            events = list(self.counter.update(frame.t, value))
        if self._form is not None:
            events.extend(self._form.update(frame, value, self.counter.phase))
        return ok, reason, value, events

    def push(self, frame: AnyFrame) -> FrameResult:
        events: List[object] = []
        if self._filler is not None:
            # frames drawn in between are counted as the camera's own, but
            # are no frames of the video: not in ``frames``, not analysed
            for made in self._filler.between(frame):  # type: ignore[arg-type]
                events.extend(self._count(made)[3])
        self.frames += 1
        ok, reason, value, counted = self._count(frame)
        events.extend(counted)
        if ok:
            self.frames_valid += 1
            self._invalid_since = None
            self._told_not_in_view = False
        else:
            self._reasons[reason] = self._reasons.get(reason, 0) + 1
            if self._invalid_since is None:
                self._invalid_since = frame.t
            elif not self._told_not_in_view and frame.t - self._invalid_since >= NOT_IN_VIEW_AFTER:
                self._told_not_in_view = True
                events.append(FeedbackEvent(frame.t, "not_in_view"))
        new_reps = tuple(e for e in events if isinstance(e, RepEvent))
        new_feedback = tuple(
            Feedback(e.t, e.code, self.spec.message(e.code)) for e in events if isinstance(e, FeedbackEvent)
        )
        self.reps.extend(new_reps)
        self.feedback.extend(new_feedback)
        result = FrameResult(
            t=frame.t,
            valid=ok,
            reason=reason,
            signal=value,
            progress=self.counter.progress if ok else 0.0,
            count=self.counter.count,
            phase=self.counter.phase,
            reps=new_reps,
            feedback=new_feedback,
        )
        if self._analyser is not None:
            self._analyser.push(frame, result)
        return result

    def finish(self) -> Tuple[RepEvent, ...]:
        """The stream is over: the repetitions a counter held back for what
        might come next and that count now (a walk's last steps); they are
        added to ``reps`` and returned. Counters with nothing held return
        none."""
        finish = getattr(self.counter, "finish", None)
        if finish is None:
            return ()
        reps = tuple(e for e in finish() if isinstance(e, RepEvent))
        self.reps.extend(reps)
        return reps

    def result(self) -> CountResult:
        warnings: List[str] = []
        if self.frames == 0:
            warnings.append("no frames to count")
        elif self.frames_valid == 0:
            top = max(self._reasons, key=self._reasons.get) if self._reasons else "unknown"
            warnings.append(f"no frame could be counted: {top}")
        elif self.frames_valid < 0.5 * self.frames:
            share = 100.0 * (self.frames - self.frames_valid) / self.frames
            warnings.append(f"{share:.0f}% of frames could not be counted (out of view)")
        out = CountResult(
            exercise=self.spec.id,
            reps=self.counter.count,
            events=list(self.reps),
            frames=self.frames,
            frames_valid=self.frames_valid,
            feedback=list(self.feedback),
            warnings=warnings,
            estimated=self.spec.estimated,
        )
        if self._analyser is not None:
            self._analyser.finish(out)
        return out


def count_frames(spec: ExerciseSpec, frames: Iterable[AnyFrame], signal_range: Optional[SignalRange] = None) -> CountResult:
    runner = ExerciseRunner(spec, signal_range)
    for frame in frames:
        runner.push(frame)
    runner.finish()
    return runner.result()
