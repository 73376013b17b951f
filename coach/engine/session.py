"""The live session: a pure state machine over a plan of exercises.

    waiting -> calibrating -> counting -> set_complete -> (another set | next exercise) -> ... -> done
                      \\            \\-> paused -> (resume) -> back where it was, count kept

Frames come in with their own timestamps (``push``); commands come from the
page (``pause``, ``resume``, ``advance``, ``another_set``, ``finish``) or from
hand gestures seen in the frames (body view: open palm pauses and resumes,
thumbs up goes on). A camera that stops sending frames pauses the session
(``tick`` with a monotonic clock, or ``camera_stopped``); when frames come
back it carries on by itself, count kept.

Everything the app must store or say comes out as ``SessionEvent`` records
(``drain``); ``snapshot`` is what the page and the overlay show. Nothing here
touches a camera, a model, a database or a browser.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from coach.engine.counter import RepEvent, SignalRange
from coach.engine.gestures import OPEN_PALM, THUMBS_UP, GestureDetector, classify_hands
from coach.engine.regimen import FULL, PlanItem, set_verdict
from coach.engine.runner import ExerciseRunner, Feedback, FrameResult
from coach.engine.spec import ExerciseSpec
from coach.records import Frame

WAITING = "waiting"
CALIBRATING = "calibrating"
COUNTING = "counting"
SET_COMPLETE = "set_complete"
PAUSED = "paused"
DONE = "done"


@dataclass(frozen=True)
class SessionConfig:
    # Seconds of steady signal that make the calibration.
    calibration_seconds: float = 1.0
    # How much the signal may wander while "steady", as a fraction of min_span.
    calibration_steadiness: float = 0.5
    # After this many seconds without a steady second (a person who never keeps
    # still, or a slow machine dropping frames), the rest level is taken from the
    # lowest part of what was seen; the counter keeps following it afterwards.
    calibration_timeout: float = 4.0
    # No frame for this long (monotonic clock) pauses the session.
    camera_timeout: float = 5.0
    gesture_hold: float = 0.6
    gestures: bool = True
    # A live session measures the person at rest before counting. A recording
    # is taken as it is: it may start mid-movement, with nobody told to keep
    # still, so the counter learns the rest level as it goes.
    calibrate: bool = True


@dataclass(frozen=True)
class SessionEvent:
    """Something that happened. ``say`` is the cue to speak, if any."""

    kind: str  # calibrating, set_started, rep, feedback, set_done, stop, paused, resumed,
    #            gesture, set_ended, exercise, done
    t: float
    exercise_id: Optional[str] = None
    set_no: int = 0
    count: int = 0
    rep: Optional[RepEvent] = None
    feedback: Optional[Feedback] = None
    reason: str = ""
    say: str = ""
    rest: Optional[float] = None
    span: Optional[float] = None
    target: int = 0
    done: bool = False
    suggest_another: bool = False


@dataclass(frozen=True)
class Snapshot:
    phase: str
    exercise_id: Optional[str]
    item_index: int
    items_total: int
    set_no: int
    sets_planned: int
    count: int
    reps_min: int
    reps_max: int
    progress: float
    valid: bool
    message: str
    paused_reason: str = ""
    paused_from: str = ""
    gesture: Optional[str] = None
    gesture_fraction: float = 0.0
    set_done: bool = False
    suggest_another: bool = False
    calibration_fraction: float = 0.0
    total_reps: int = 0
    t: float = 0.0
    frames: int = 0


class LiveSession:
    """One person's guided session over ``items``; ``lookup`` gives each exercise's spec."""

    def __init__(
        self,
        items: Sequence[PlanItem],
        lookup: Callable[[str], ExerciseSpec],
        config: SessionConfig = SessionConfig(),
        volume_phase: str = FULL,
    ) -> None:
        if not items:
            raise ValueError("a session needs at least one exercise")
        self.items: Tuple[PlanItem, ...] = tuple(items)
        self.lookup = lookup
        self.config = config
        self.volume_phase = volume_phase
        self.phase = WAITING
        self.index = 0
        self.set_no = 0
        self.sets_done: Dict[str, int] = {}
        self._started: Dict[str, int] = {}
        self.total_reps = 0
        self._events: List[SessionEvent] = []
        self._gestures = GestureDetector(hold=config.gesture_hold)
        self._runner: Optional[ExerciseRunner] = None
        self._base = 0  # repetitions counted before the current runner (pauses)
        self._count = 0
        self._reps: List[RepEvent] = []
        self._set_open = False
        self._set_done_said = False
        self._suggest = False
        self._rest: Optional[float] = None
        self._span: Optional[float] = None
        self._samples: List[Tuple[float, float]] = []
        self._cal_seen: List[float] = []
        self._cal_start: Optional[float] = None
        self._paused_from = ""
        self._paused_reason = ""
        self._last: Optional[FrameResult] = None
        self._message = ""
        self._t = 0.0
        self._offset = 0.0
        self._last_raw: Optional[float] = None
        self._last_clock: Optional[float] = None
        self.frames = 0

    # --- reading -----------------------------------------------------------------------

    @property
    def item(self) -> PlanItem:
        return self.items[min(self.index, len(self.items) - 1)]

    @property
    def spec(self) -> ExerciseSpec:
        return self.lookup(self.item.exercise_id)

    @property
    def count(self) -> int:
        return self._count

    def drain(self) -> List[SessionEvent]:
        out, self._events = self._events, []
        return out

    def snapshot(self) -> Snapshot:
        item = self.item
        gesture, fraction = self._gestures.holding(self._t)
        cal = 0.0
        if self.phase == CALIBRATING and self._samples:
            cal = min(1.0, (self._samples[-1][0] - self._samples[0][0]) / self.config.calibration_seconds)
        last = self._last
        return Snapshot(
            phase=self.phase,
            exercise_id=None if self.phase == DONE else item.exercise_id,
            item_index=self.index,
            items_total=len(self.items),
            set_no=self.set_no,
            sets_planned=item.sets,
            count=self._count,
            reps_min=item.reps_min,
            reps_max=item.reps_max,
            progress=last.progress if (last is not None and self.phase == COUNTING) else 0.0,
            valid=last.valid if last is not None else False,
            message=self._message,
            paused_reason=self._paused_reason if self.phase == PAUSED else "",
            paused_from=self._paused_from if self.phase == PAUSED else "",
            gesture=gesture,
            gesture_fraction=fraction,
            set_done=self._count >= item.reps_min,
            suggest_another=self._suggest,
            calibration_fraction=cal,
            total_reps=self.total_reps,
            t=self._t,
            frames=self.frames,
        )

    # --- frames ------------------------------------------------------------------------

    def push(self, frame: Frame, clock: Optional[float] = None) -> Snapshot:
        """Feeds one analysed frame; ``clock`` is a monotonic time for the camera watch."""
        if clock is not None:
            self._last_clock = clock
        # Keep one increasing timeline across camera restarts (a new stream starts at 0).
        if self._last_raw is not None and frame.t + self._offset <= self._t:
            self._offset = self._t + 1.0 / 30.0 - frame.t
        self._last_raw = frame.t
        t = frame.t + self._offset
        frame = replace(frame, t=t)
        self._t = t
        self.frames += 1
        if self.phase == DONE:
            return self.snapshot()
        if self.phase == PAUSED and self._paused_reason == "camera":
            self.resume()  # the pictures are back: carry on, count kept
        self._gesture(frame)
        if self.phase == WAITING:
            self._enter_calibration()
        if self.phase == CALIBRATING:
            self._calibrate(frame)
        elif self.phase == COUNTING:
            self._count_frame(frame)
        return self.snapshot()

    def camera_seen(self, clock: float) -> None:
        """A frame arrived at ``clock`` (monotonic), even if its analysis is still to come.

        Keeps the camera watch quiet while the analysis falls behind the
        camera; only frames that are analysed (``push``) count or resume.
        """
        if self._last_clock is not None and clock > self._last_clock:
            self._last_clock = clock

    def tick(self, clock: float) -> bool:
        """Checks the camera; True when this call paused the session for a lost camera."""
        if self.phase in (CALIBRATING, COUNTING) and self._last_clock is not None:
            if clock - self._last_clock > self.config.camera_timeout:
                self.pause("camera")
                return True
        return False

    def camera_stopped(self) -> None:
        if self.phase in (CALIBRATING, COUNTING):
            self.pause("camera")

    # --- commands ----------------------------------------------------------------------

    def pause(self, reason: str = "button") -> None:
        if self.phase not in (WAITING, CALIBRATING, COUNTING):
            return
        self._paused_from = self.phase
        self._paused_reason = reason
        if self.phase == COUNTING and self._runner is not None:
            self._base = self._count
            self._remember_range()
            self._runner = None
        self.phase = PAUSED
        if reason == "camera":
            self._message = ("The camera stopped sending pictures: paused. Your count is kept. "
                             "If the picture stays still, press STOP and then START.")
            say = "Paused. I can't see the camera."
        else:
            self._message = "Paused. Your count is kept. Show an open palm or press Resume to carry on."
            say = "Paused."
        self._emit("paused", reason=reason, say=say)

    def resume(self) -> None:
        if self.phase != PAUSED:
            return
        back = self._paused_from
        self._paused_reason = ""
        self._last_clock = None
        if back == COUNTING:
            self._new_runner()
            self.phase = COUNTING
            self._message = "Carry on."
        elif back == CALIBRATING:
            self._enter_calibration()
        else:
            self.phase = WAITING
            self._message = ""
        self._emit("resumed", say="Let's go on.")

    def another_set(self) -> None:
        """Another set of the same exercise, with the same calibration."""
        if self.phase == DONE:
            return
        self._end_set()
        if self._rest is None:
            self._enter_calibration()
        else:
            self._start_set()

    def advance(self) -> None:
        """Ends the current set; goes on to the next planned set, or the next exercise."""
        if self.phase == DONE:
            return
        had_set = self._set_open
        done = self._end_set()
        item = self.item
        if had_set and done and self.sets_done.get(item.exercise_id, 0) < item.sets and self._rest is not None:
            self._start_set()
            return
        self._next_exercise()

    def finish(self) -> None:
        if self.phase == DONE:
            return
        self._end_set()
        self._done()

    # --- internals ---------------------------------------------------------------------

    def _emit(self, kind: str, **kw: object) -> None:
        kw.setdefault("exercise_id", None if self.phase == DONE else self.item.exercise_id)
        kw.setdefault("set_no", self.set_no)
        kw.setdefault("count", self._count)
        self._events.append(SessionEvent(kind=kind, t=self._t, **kw))  # type: ignore[arg-type]

    def _gesture(self, frame: Frame) -> None:
        if not self.config.gestures or self.spec.view != "body":
            return
        if frame.hands is None:
            event = self._gestures.update(frame.t, None, looked=False)
        else:
            aspect = frame.w / frame.h if frame.h else 1.0
            event = self._gestures.update(frame.t, classify_hands(frame.hands, aspect), looked=True)
        if event is None:
            return
        self._emit("gesture", reason=event.name)
        if event.name == OPEN_PALM:
            if self.phase == PAUSED:
                self.resume()
            else:
                self.pause("gesture")
        elif event.name == THUMBS_UP:
            self.advance()

    def _enter_calibration(self) -> None:
        if not self.config.calibrate:
            self._rest = None
            self._span = self.spec.typical_span
            self._start_set()
            return
        self.phase = CALIBRATING
        self._samples = []
        self._cal_seen: List[float] = []
        self._cal_start: Optional[float] = None
        self._message = "Stand still in your starting position for a moment while I measure."
        self._emit("calibrating", say="Hold still for a moment.")

    def _calibrate(self, frame: Frame) -> None:
        spec = self.spec
        ok, reason = spec.gate(frame)
        value = spec.signal(frame) if ok else None
        if value is None:
            self._samples = []
            self._message = spec.message("not_in_view") if ok is False else "I can't measure the movement yet."
            return
        self._samples.append((frame.t, float(value)))
        self._cal_seen.append(float(value))
        if self._cal_start is None:
            self._cal_start = frame.t
        elif frame.t - self._cal_start >= self.config.calibration_timeout and len(self._cal_seen) >= 5:
            ordered = sorted(self._cal_seen, reverse=spec.typical_span < 0)
            self._rest = ordered[len(ordered) // 10]
            self._span = spec.typical_span
            self._start_set()
            return
        window = self.config.calibration_seconds
        while self._samples and self._samples[0][0] < frame.t - window:
            self._samples.pop(0)
        self._message = "Stand still in your starting position for a moment while I measure."
        if len(self._samples) < 5 or self._samples[-1][0] - self._samples[0][0] < 0.9 * window:
            return
        values = [v for _, v in self._samples]
        if max(values) - min(values) > self.config.calibration_steadiness * spec.min_span:
            self._message = "Keep still for a moment: I'm measuring your starting position."
            return
        self._rest = statistics.median(values)
        self._span = spec.typical_span
        self._start_set()

    def _start_set(self) -> None:
        self.set_no = self.sets_started_for(self.item.exercise_id) + 1
        self._started[self.item.exercise_id] = self.set_no
        self._base = 0
        self._count = 0
        self._reps = []
        self._set_done_said = False
        self._suggest = False
        self._set_open = True
        self._new_runner()
        self.phase = COUNTING
        spec = self.spec
        self._message = f"Go! {spec.instructions[0] if spec.instructions else ''}".strip()
        self._emit(
            "set_started",
            rest=self._rest,
            span=self._span,
            target=self.item.reps_min,
            say="Ready. Go!",
        )

    def sets_started_for(self, exercise_id: str) -> int:
        return self._started.get(exercise_id, 0)

    def _new_runner(self) -> None:
        spec = self.spec
        span = self._span if self._span else spec.typical_span
        rng = SignalRange(span=span, min_span=spec.min_span, rest=self._rest)
        self._runner = ExerciseRunner(spec, rng)
        self._last = None

    def _remember_range(self) -> None:
        if self._runner is not None:
            rng = self._runner.counter.range
            if rng.rest is not None:
                self._rest = rng.rest
            self._span = rng.span

    def _count_frame(self, frame: Frame) -> None:
        assert self._runner is not None
        result = self._runner.push(frame)
        self._last = result
        item = self.item
        if self._take_reps(result.reps):
            return
        for fb in result.feedback:
            self._message = fb.message
            self._emit("feedback", feedback=fb, say=fb.message)
        if not result.reps and not result.feedback and result.valid and self._count < item.reps_min:
            self._message = f"{self._count} of {item.reps_min}"

    def _take_reps(self, reps: Sequence[RepEvent]) -> bool:
        """Counts the runner's new repetitions into the set; True when the
        set reached its most and stopped."""
        item = self.item
        for rep in reps:
            self._count = self._base + rep.index
            rep = replace(rep, index=self._count)
            self._reps.append(rep)
            self.total_reps += 1
            self._emit("rep", rep=rep, say=str(self._count))
            if self._count >= item.reps_max:
                self._stop()
                return True
            if self._count >= item.reps_min and not self._set_done_said:
                self._set_done_said = True
                verdict = set_verdict(self._count, item, phase=self.volume_phase)
                self._message = verdict.message
                self._emit("set_done", done=True, say="Well done! That set counts.")
        return False

    def _stop(self) -> None:
        item = self.item
        full = sum(1 for r in self._reps if r.quality == "full") / max(1, len(self._reps))
        verdict = set_verdict(self._count, item, full_share=full, phase=self.volume_phase)
        self._suggest = verdict.suggest_another
        self._remember_range()
        self._runner = None
        self.phase = SET_COMPLETE
        self._message = verdict.message
        say = f"{self._count}. Stop, and rest."
        if verdict.suggest_another:
            say += " That was easy: try another set."
        self._emit("stop", done=True, suggest_another=verdict.suggest_another, say=say)

    def _end_set(self) -> bool:
        """Closes the open set, if any; True when it counted as done."""
        if not self._set_open:
            return False
        if self._runner is not None:
            # the steps a walk ended on, held back for what might follow
            # (reaching the set's most stops it, which lets the runner go)
            self._take_reps(self._runner.finish())
        if self._runner is not None:
            self._remember_range()
            self._runner = None
        done = self._count >= self.item.reps_min
        if done:
            self.sets_done[self.item.exercise_id] = self.sets_done.get(self.item.exercise_id, 0) + 1
        self._set_open = False
        self._emit("set_ended", done=done, target=self.item.reps_min)
        return done

    def _next_exercise(self) -> None:
        if self.index + 1 >= len(self.items):
            self._done()
            return
        self.index += 1
        self.set_no = 0
        self._count = 0
        self._base = 0
        self._rest = None
        self._span = None
        self._last = None
        self._gestures.reset()
        self.phase = WAITING
        spec = self.spec
        self._message = f"Next: {spec.name}."
        self._emit("exercise", say=f"Next exercise: {spec.name}.")
        # Frames are still coming: start measuring at once.
        if self._last_clock is not None:
            self._enter_calibration()

    def _done(self) -> None:
        self.phase = DONE
        self._runner = None
        self._message = "All done for this session. Well done!"
        self._emit("done", say="All done. Well done!")
