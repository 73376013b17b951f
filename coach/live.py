"""The video-callback processor: frames in, annotated frames and session results out.

streamlit-webrtc calls ``LiveProcessor.recv`` on a worker thread for every
frame it keeps (``async_processing=True`` drops frames when processing is
slow). ``recv`` only leaves the frame with a ``FrameRelay`` and returns the
newest annotated picture; the relay's thread never calls ``st.*``: it
analyses the frame, feeds the pure ``LiveSession`` under a lock, draws the
overlay and hands the session's events to a writer thread that stores them
through a ``BufferedRecorder`` (each counted repetition the moment it is
counted; a locked or unreachable database only delays the write, the spool
keeps it). The page's script thread reads
``snapshot()`` and ``cues_since()`` and sends commands (``pause``, ``resume``,
``advance``...), all under the same lock.

The same processor analyses an uploaded video (``analyse_video``), so a
recording is counted exactly as the camera would be.
"""
from __future__ import annotations

import importlib
import logging
import queue
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Deque, Dict, List, Optional, Tuple

import cv2
import numpy as np

from coach.engine.regimen import PlanItem
from coach.engine.session import (CALIBRATING, DONE, PAUSED, SET_COMPLETE, WAITING, LiveSession,
                                  SessionConfig, SessionEvent, Snapshot)
from coach.engine.spec import ExerciseSpec
from coach.frame_relay import FrameRelay, relay_video_frame
from coach.records import Frame

log = logging.getLogger(__name__)

# Seconds a frame's time may drift from its arrival time between two frames
# before the timeline follows the arrival clock (see ``_timeline``).
MAX_FRAME_TIME_SKEW = 2.0

# A camera turned on that has sent no picture this many seconds later: the
# page says what to try. A browser starved of CPU can fail to start its
# stream (on two cores, with a second browser running, one waited over two
# minutes); STOP and START opens a new one.
NO_PICTURE_AFTER = 20.0
NO_PICTURE = ("No picture has come from the camera yet. Press STOP and then START. If it still does not come, "
              "check that the browser may use the camera and that no other app is using it.")


class FootPipelineMissing(RuntimeError):
    """The foot view's perception (coach.foot) is not available in this build."""


def foot_pipeline_status() -> Tuple[bool, str]:
    """(available, message) for the foot view's perception."""
    try:
        importlib.import_module("coach.foot.tracker")
    except ImportError as exc:
        return False, (f"Foot-view exercises need the foot tracker, which could not be loaded ({exc}). "
                       "Skip this exercise, or do a body-view exercise instead.")
    return True, ""


class FootAnalyser:
    """The foot tracker behind the same ``process(rgb, t)`` as the body tracker."""

    def __init__(self, camera: str, scene: Any = None) -> None:
        from coach.foot.tracker import FootTracker, Scene

        # A calibrated scene (the outline the foot was placed in) when there is one.
        self._tracker = FootTracker(scene if scene is not None else Scene(view=camera))

    def process(self, rgb: np.ndarray, t: float) -> Any:
        return self._tracker.process(t, rgb, rgb=True)

    def draw(self, image: np.ndarray, record: Any) -> None:
        """The foot as the tracker sees it: toe tips, the foot's axis, the bowl zone."""
        h, w = image.shape[:2]
        zone = self._tracker.scene.zone
        cv2.rectangle(image, (int(zone[0] * w), int(zone[1] * h)), (int(zone[2] * w), int(zone[3] * h)),
                      (200, 160, 40), 1, cv2.LINE_AA)
        if not getattr(record, "found", False):
            return
        if record.toe_end is not None and record.axis is not None:
            end = (int(record.toe_end[0] * w), int(record.toe_end[1] * h))
            length = record.length * w
            back = (int(end[0] - record.axis[0] * length), int(end[1] - record.axis[1] * length))
            cv2.line(image, back, end, (80, 200, 80), 3, cv2.LINE_AA)
        for i, tip in enumerate(record.tips):
            cv2.circle(image, (int(tip[0] * w), int(tip[1] * h)), 7 if i == 0 else 5, (80, 200, 80), -1, cv2.LINE_AA)

    def close(self) -> None:
        pass


def analyser_key(spec: ExerciseSpec) -> str:
    """Exercises that share a key share one analyser (and its tracking state)."""
    return spec.view if spec.view == "body" else f"foot-{spec.foot_camera}"


def create_analyser(spec: ExerciseSpec, video_path: Optional[str] = None) -> Any:
    """An object with ``process(rgb, t) -> record`` for the exercise's view.
    For a recording (``video_path``), the foot view uses the calibration
    saved beside it, as `coach analyze` reads it."""
    if spec.view == "body":
        from coach.pipeline import BodyTracker

        return BodyTracker.create()
    ok, message = foot_pipeline_status()
    if not ok:
        raise FootPipelineMissing(message)
    scene = None
    if video_path is not None:
        from coach.foot.pipeline import load_scene

        scene = load_scene(video_path)
        scene.view = spec.foot_camera
    return FootAnalyser(spec.foot_camera, scene)


@dataclass
class Cue:
    seq: int
    text: str
    kind: str


@dataclass
class WriterState:
    session_ref: Any = None
    set_refs: Dict[Tuple[str, int], Any] = field(default_factory=dict)
    current_set: Any = None
    written_reps: int = 0
    error: Optional[str] = None


class LiveProcessor:
    """One browser session's live coaching: never shared between sessions."""

    def __init__(
        self,
        session: LiveSession,
        *,
        recorder: Any = None,
        session_ref: Any = None,
        kids: bool = False,
        title: Optional[Callable[[ExerciseSpec], str]] = None,
        analyser_factory: Callable[[ExerciseSpec], Any] = create_analyser,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.session = session
        self.kids = kids
        self._title = title or ((lambda s: s.kids_name) if kids else (lambda s: s.name))
        self._factory = analyser_factory
        self._clock = clock
        self._lock = threading.RLock()  # the session, cues and events
        self._analysis_lock = threading.Lock()  # the trackers: one frame at a time
        self._analysers: Dict[str, Any] = {}
        self._t_last: Optional[float] = None
        self._t_offset = 0.0
        self._clock_last: Optional[float] = None
        self._cues: Deque[Cue] = deque(maxlen=64)
        self._seq = 0
        self._events_seen: List[SessionEvent] = []
        self.error: Optional[str] = None
        self.frames = 0
        self.last_frame_clock: Optional[float] = None
        self._playing_since: Optional[float] = None   # clock when the page saw the camera turned on
        self.recorder = recorder
        self.writer = WriterState(session_ref=session_ref)
        self._relay = FrameRelay(self._analyse_relayed, clock=clock)
        self._queue: "queue.Queue[Optional[Tuple[str, Any]]]" = queue.Queue()
        self._writer_thread: Optional[threading.Thread] = None
        if recorder is not None:
            self._writer_thread = threading.Thread(target=self._write_loop, name="footcoach-writer", daemon=True)
            self._writer_thread.start()

    # --- the video thread ------------------------------------------------------------

    def recv(self, frame: Any) -> Any:
        """streamlit-webrtc's ``video_frame_callback``: av.VideoFrame in and out.

        Hands the frame to the relay's analysis thread and returns the newest
        annotated picture at once (see ``coach.frame_relay``).
        """
        t = frame.time if frame.time is not None else self._clock()
        return relay_video_frame(self._relay, frame, float(t))

    def _analyse_relayed(self, bgr: np.ndarray, t: float, clock: float) -> np.ndarray:
        try:
            return self.process_bgr(bgr, t, clock=clock)
        except Exception as e:  # the relay keeps going with the next frame; the page says what failed
            self.error = f"A camera picture could not be analysed: {e}"
            raise

    def _timeline(self, t: float, clock: Optional[float] = None) -> float:
        # The models need strictly increasing timestamps; a restarted stream starts again at 0.
        if self._t_last is not None and t + self._t_offset <= self._t_last:
            self._t_offset = self._t_last + 1.0 / 30.0 - t
        # A frame time that leaps away from the arrival clock is no real
        # time: under packet loss the receiver has unwrapped a late RTP
        # timestamp as a wrap-around (steps of 2**32 / 90 kHz, 47721.9 s,
        # seen in the browser tests). The timeline then follows the clock.
        if clock is not None and self._t_last is not None and self._clock_last is not None:
            wall = max(1.0 / 30.0, clock - self._clock_last)
            if abs(t + self._t_offset - self._t_last - wall) > MAX_FRAME_TIME_SKEW:
                self._t_offset = self._t_last + wall - t
        if clock is not None:
            self._clock_last = clock
        t = t + self._t_offset
        self._t_last = t
        return t

    def process_bgr(self, bgr: np.ndarray, t: float, clock: Optional[float] = None) -> np.ndarray:
        """Analyses one BGR frame, feeds the session, returns the annotated frame."""
        with self._lock:
            spec = self.session.spec
            phase = self.session.phase
        image = np.ascontiguousarray(bgr).copy()
        if phase == DONE:
            snap = self.snapshot()
            self._draw(image, None, spec, snap)
            return image
        try:
            analyser = self._analyser(spec)
        except FootPipelineMissing as e:
            self.error = str(e)
            _banner(image, "Foot tracker not available", (40, 40, 200))
            return image
        except Exception as e:  # a model that cannot load: show it, keep the stream alive
            log.exception("analyser failed to start")
            self.error = f"The camera analysis could not start: {e}"
            _banner(image, "Analysis unavailable", (40, 40, 200))
            return image
        rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        # The model runs outside the session lock, so the page's reads and
        # commands never wait for a slow frame; the analysis lock keeps the
        # trackers to one frame at a time.
        with self._analysis_lock:
            with self._lock:
                tt = self._timeline(t, clock)
            record = analyser.process(rgb, tt)
        with self._lock:
            self.frames += 1
            self.last_frame_clock = clock
            if analyser_key(self.session.spec) == analyser_key(spec):
                snap = self.session.push(record, clock=clock)
            else:  # the user moved to an exercise of the other view while this frame was analysed
                snap = self.session.snapshot()
            events = self.session.drain()
        self._dispatch(events)
        self._draw(image, record, spec, snap, analyser)
        return image

    def _analyser(self, spec: ExerciseSpec) -> Any:
        key = analyser_key(spec)
        a = self._analysers.get(key)
        if a is None:
            a = self._factory(spec)
            self._analysers[key] = a
        return a

    # --- commands and reading (the script thread) ------------------------------------

    def snapshot(self) -> Snapshot:
        with self._lock:
            return self.session.snapshot()

    def spec(self) -> ExerciseSpec:
        with self._lock:
            return self.session.spec

    def command(self, name: str) -> None:
        """pause | resume | advance | another_set | finish | camera_stopped"""
        if name not in ("pause", "resume", "advance", "another_set", "finish", "camera_stopped"):
            raise ValueError(f"unknown command {name!r}")
        with self._lock:
            getattr(self.session, name)()
            events = self.session.drain()
        self._dispatch(events)

    def tick(self) -> None:
        """Called by the page while it watches: pauses when the camera went quiet."""
        with self._lock:
            arrived = self._relay.arrived
            if arrived is not None:
                self.session.camera_seen(arrived)
            self.session.tick(self._clock())
            events = self.session.drain()
        self._dispatch(events)

    def no_picture(self, playing: bool) -> Optional[str]:
        """What to tell a user whose camera is on (``playing``, as the page
        sees it) and has sent no picture ``NO_PICTURE_AFTER`` seconds after
        it was turned on; None while pictures come, or it is too soon."""
        with self._lock:
            now = self._clock()
            if not playing:
                self._playing_since = None
                return None
            if self._playing_since is None:
                self._playing_since = now
            arrived = self._relay.arrived
            if arrived is not None and arrived >= self._playing_since:
                return None
            return NO_PICTURE if now - self._playing_since >= NO_PICTURE_AFTER else None

    def cues_since(self, seq: int) -> List[Cue]:
        with self._lock:
            return [c for c in self._cues if c.seq > seq]

    def events(self) -> List[SessionEvent]:
        with self._lock:
            return list(self._events_seen)

    # --- events: speech cues and the writer -------------------------------------------

    def _dispatch(self, events: List[SessionEvent]) -> None:
        if not events:
            return
        with self._lock:
            for e in events:
                self._events_seen.append(e)
                if e.say:
                    self._seq += 1
                    text = e.say
                    if self.kids and e.kind == "rep":
                        text = f"{e.say}!"
                    self._cues.append(Cue(self._seq, text, e.kind))
        if self.recorder is not None:
            for e in events:
                self._queue.put(("event", e))

    def _write_loop(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=1.0)
            except queue.Empty:
                self._retry()
                continue
            try:
                if item is None:
                    return
                kind, payload = item
                if kind == "event":
                    self._write_event(payload)
                elif kind == "call":
                    payload()
            except Exception as e:  # keep writing later events; say what went wrong
                log.exception("storing a session event failed")
                self.writer.error = str(e)
            finally:
                self._queue.task_done()

    def _retry(self) -> None:
        rec = self.recorder
        try:
            if rec is not None and rec.pending:
                rec.flush()
        except Exception as e:  # pragma: no cover - flush reports, never raises for transient errors
            self.writer.error = str(e)

    def _write_event(self, e: SessionEvent) -> None:
        rec, w = self.recorder, self.writer
        if w.session_ref is None:
            return
        if e.kind == "set_started" and e.exercise_id:
            ref = rec.start_set(w.session_ref, e.exercise_id, max(1, e.target),
                                calibration_rest=e.rest, calibration_span=e.span)
            w.set_refs[(e.exercise_id, e.set_no)] = ref
            w.current_set = ref
        elif e.kind == "rep" and e.rep is not None and w.current_set is not None:
            rec.record_rep(w.current_set, e.rep)
            w.written_reps += 1
        elif e.kind == "feedback" and e.feedback is not None and w.current_set is not None:
            rec.record_feedback(w.current_set, e.feedback)
        elif e.kind == "set_ended" and w.current_set is not None:
            rec.end_set(w.current_set)
            w.current_set = None

    def wait_written(self, timeout: float = 10.0) -> bool:
        """Waits until every event so far has been handed to the recorder."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.05)
        return not self._queue.unfinished_tasks

    def end_session(self, pain_after: Optional[int], status: str = "completed") -> bool:
        """Closes the set and the stored session, after everything before it is written."""
        with self._lock:
            if self.session.phase != DONE:
                self.session.finish()
            events = self.session.drain()
        self._dispatch(events)
        if self.recorder is not None and self.writer.session_ref is not None:
            ref = self.writer.session_ref
            self._queue.put(("call", lambda: self.recorder.end_session(ref, pain_after, status=status)))
            self.wait_written()
            try:
                return bool(self.recorder.flush())
            except Exception as e:  # pragma: no cover
                self.writer.error = str(e)
                return False
        return True

    def close(self) -> None:
        self._relay.close()
        if self._writer_thread is not None:
            self._queue.put(None)
            self._writer_thread.join(timeout=5.0)
            self._writer_thread = None
        for a in self._analysers.values():
            try:
                a.close()
            except Exception:  # pragma: no cover
                pass
        self._analysers.clear()

    # --- drawing ---------------------------------------------------------------------

    def _draw(self, image: np.ndarray, record: Optional[Frame], spec: ExerciseSpec, snap: Snapshot,
              analyser: Any = None) -> None:
        from coach.annotate import draw_hud, draw_landmarks

        if record is not None:
            drawer = getattr(analyser, "draw", None)
            if callable(drawer):
                drawer(image, record)
            elif isinstance(record, Frame):
                draw_landmarks(image, record, snap.valid)
        title = self._title(spec)
        if snap.phase == DONE:
            title = "All done!"
        message = snap.message or None
        draw_hud(image, snap.count, title, snap.progress, max(1, snap.reps_min), message)
        h, w = image.shape[:2]
        if snap.phase == CALIBRATING:
            _bar(image, snap.calibration_fraction, "Measuring: hold still", (0, 170, 255))
        elif snap.phase == PAUSED:
            _banner(image, "PAUSED", (0, 140, 255))
        elif snap.phase == SET_COMPLETE:
            _banner(image, "STOP - set complete", (60, 180, 60))
        if snap.gesture and snap.gesture_fraction > 0:
            label = "open palm: pause/resume" if snap.gesture == "open_palm" else "thumbs up: next"
            _ring(image, snap.gesture_fraction, label)
        if self.kids and snap.count:
            for i in range(min(snap.count, 10)):
                _star(image, (int(w * 0.06) + i * int(w * 0.07), int(h * 0.22)), int(h * 0.03))


def _banner(image: np.ndarray, text: str, colour: Tuple[int, int, int]) -> None:
    h, w = image.shape[:2]
    y0, y1 = int(h * 0.42), int(h * 0.58)
    overlay = image.copy()
    cv2.rectangle(overlay, (0, y0), (w, y1), colour, -1)
    cv2.addWeighted(overlay, 0.6, image, 0.4, 0, dst=image)
    scale = h / 480.0 * 1.3
    size = cv2.getTextSize(text, cv2.FONT_HERSHEY_DUPLEX, scale, 3)[0]
    cv2.putText(image, text, ((w - size[0]) // 2, (y0 + y1 + size[1]) // 2), cv2.FONT_HERSHEY_DUPLEX, scale,
                (255, 255, 255), 3, cv2.LINE_AA)


def _bar(image: np.ndarray, fraction: float, text: str, colour: Tuple[int, int, int]) -> None:
    h, w = image.shape[:2]
    y = int(h * 0.80)
    cv2.rectangle(image, (20, y), (w - 20, y + 16), (40, 40, 40), -1)
    cv2.rectangle(image, (20, y), (20 + int((w - 40) * max(0.0, min(1.0, fraction))), y + 16), colour, -1)
    cv2.putText(image, text, (20, y - 8), cv2.FONT_HERSHEY_SIMPLEX, 0.6 * h / 480, (255, 255, 255), 2, cv2.LINE_AA)


def _ring(image: np.ndarray, fraction: float, text: str) -> None:
    h, w = image.shape[:2]
    c, r = (w - int(h * 0.12), int(h * 0.30)), int(h * 0.07)
    cv2.circle(image, c, r, (80, 80, 80), 6, cv2.LINE_AA)
    cv2.ellipse(image, c, (r, r), -90, 0, int(360 * fraction), (255, 200, 0), 6, cv2.LINE_AA)
    size = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, 0.5, 1)[0]
    cv2.putText(image, text, (max(0, c[0] - size[0] + r), c[1] + r + 20), cv2.FONT_HERSHEY_SIMPLEX, 0.5,
                (255, 255, 255), 1, cv2.LINE_AA)


def _star(image: np.ndarray, centre: Tuple[int, int], r: int) -> None:
    import math

    pts = []
    for i in range(10):
        rad = r if i % 2 == 0 else r * 0.45
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((int(centre[0] + rad * math.cos(a)), int(centre[1] + rad * math.sin(a))))
    cv2.fillPoly(image, [np.array(pts, dtype=np.int32)], (0, 215, 255), cv2.LINE_AA)


# --- recorded videos ----------------------------------------------------------------------


@dataclass
class VideoAnalysis:
    count: int
    reps: List[Any]
    feedback: List[str]
    frames: int
    stills: List[np.ndarray]  # a few annotated frames (RGB), for the page
    warning: Optional[str] = None


def analyse_video(path: str, spec: ExerciseSpec, progress: Optional[Callable[[float], None]] = None,
                  kids: bool = False, max_stills: int = 4) -> VideoAnalysis:
    """Counts a recorded video through the same session and overlay as the camera.

    Counting does not stop at 7 here: a recording is analysed as it is.
    Raises ``FootPipelineMissing`` for a foot-view exercise without the foot tracker
    and ``coach.perception.video.VideoError`` for a file that cannot be read.
    """
    from coach.perception.video import open_video

    item = PlanItem(spec.id, spec.reps_min, 1000)
    session = LiveSession([item], lambda _id: spec, SessionConfig(gestures=False, calibrate=False))
    proc = LiveProcessor(session, kids=kids, analyser_factory=lambda spec_: create_analyser(spec_, path))
    stills: List[np.ndarray] = []
    still_count = 0  # the count on the last still kept
    try:
        with open_video(path, rgb=False) as video:
            duration = max(1e-6, float(getattr(video.info, "duration", 0.0) or 0.0))
            for t, bgr in video:
                out = proc.process_bgr(bgr, t)
                # the frame each new count first shows on, up to max_stills
                count = proc.snapshot().count
                if count > still_count and len(stills) < max_stills:
                    still_count = count
                    stills.append(cv2.cvtColor(out, cv2.COLOR_BGR2RGB))
                if progress is not None:
                    progress(min(1.0, t / duration))
            final = cv2.cvtColor(out, cv2.COLOR_BGR2RGB) if proc.frames else None
    finally:
        proc.close()
    if final is not None and (not stills or stills[-1] is not final):
        stills.append(final)
    events = proc.events()
    reps = [e.rep for e in events if e.kind == "rep"]
    fb = [e.feedback.message for e in events if e.kind == "feedback" and e.feedback is not None]
    warning = None
    if proc.error:
        warning = proc.error
    elif session.phase == CALIBRATING or session.phase == WAITING:
        warning = "I could not measure a steady starting position in this video, so nothing was counted."
    if progress is not None:
        progress(1.0)
    return VideoAnalysis(count=len(reps), reps=reps, feedback=fb, frames=proc.frames, stills=stills, warning=warning)
