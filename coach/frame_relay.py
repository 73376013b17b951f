"""Frames from the WebRTC callback to an analysis thread of their own, newest first.

streamlit-webrtc gives up on a stream for good when one call of the frame
callback takes longer than 10 s: its worker thread raises, and no later frame
reaches the app until the user restarts the camera. On a busy two-core machine
a single analysis (models loading in a second browser's session, two browsers
encoding video) has taken that long. So the callback only leaves its frame
here and takes back the newest finished picture; a thread owned by the relay
does the analysis. A frame that arrives while another waits replaces it: the
counters take their time from frame timestamps, so a skipped frame costs
nothing but smoothness.

The thread starts with the first frame and ends after ``idle_exit`` seconds
without one (a stopped stream leaves no thread behind); the next frame starts
it again.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Optional

log = logging.getLogger(__name__)


@dataclass
class RelayStats:
    """What happened to the frames handed in so far."""

    received: int = 0
    analysed: int = 0
    replaced: int = 0  # frames overtaken by a newer one before their turn
    failed: int = 0


class FrameRelay:
    """Runs ``analyse(image, t, clock) -> image`` on its own thread for the newest frame."""

    def __init__(self, analyse: Callable[[Any, float, float], Any], idle_exit: float = 5.0,
                 clock: Callable[[], float] = time.monotonic, name: str = "footcoach-analysis") -> None:
        self._analyse = analyse
        self._idle_exit = idle_exit
        self._clock = clock
        self._name = name
        self._cond = threading.Condition()
        self._pending: Optional[tuple] = None
        self._latest: Any = None
        self._thread: Optional[threading.Thread] = None
        self._closed = False
        self._working = False  # the thread is analysing a frame
        self.arrived: Optional[float] = None  # clock of the newest frame handed in
        self.stats = RelayStats()
        self.error: Optional[str] = None

    def submit(self, image: Any, t: float) -> Any:
        """Leaves a frame (its timestamp ``t`` in seconds) and returns the newest analysed picture.

        Never waits for an analysis. Before the first one is done the frame
        comes back as it was.
        """
        with self._cond:
            if self._closed:
                return image
            self.stats.received += 1
            if self._pending is not None:
                self.stats.replaced += 1
            self.arrived = self._clock()
            self._pending = (image, float(t), self.arrived)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._cond.notify()
            return self._latest if self._latest is not None else image

    def latest(self) -> Any:
        with self._cond:
            return self._latest

    def wait_idle(self, timeout: float) -> bool:
        """True once no frame waits and none is being analysed (for tests and shutdown)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._pending is not None or self._working:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.05))
            return True

    def close(self) -> None:
        """Stops the thread after its current frame; later frames come back unanalysed."""
        with self._cond:
            self._closed = True
            self._pending = None
            self._cond.notify_all()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=10.0)

    # --- the analysis thread ---------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cond:
                if self._pending is None and not self._closed:
                    self._cond.wait(self._idle_exit)
                if self._closed or self._pending is None:
                    # Idle past idle_exit (or closed): end; the next frame starts a new thread.
                    self._thread = None if self._thread is threading.current_thread() else self._thread
                    self._cond.notify_all()
                    return
                image, t, clock = self._pending
                self._pending = None
                self._working = True
            try:
                out = self._analyse(image, t, clock)
            except Exception as exc:  # one bad frame must not end the stream's analysis
                log.exception("analysing a frame failed")
                with self._cond:
                    self.stats.failed += 1
                    self.error = str(exc)
                    self._working = False
                    self._cond.notify_all()
                continue
            with self._cond:
                self.stats.analysed += 1
                self._latest = out
                self._working = False
                self._cond.notify_all()


def relay_video_frame(relay: FrameRelay, frame: Any, t: float) -> Any:
    """The body of a streamlit-webrtc frame callback: leaves the
    ``av.VideoFrame``'s picture (at time ``t``) with ``relay`` and returns the
    newest analysed picture as a frame with the same pts and time base."""
    import av

    out = av.VideoFrame.from_ndarray(relay.submit(frame.to_ndarray(format="bgr24"), t), format="bgr24")
    out.pts, out.time_base = frame.pts, frame.time_base
    return out
