"""The live stream: the frame relay between the WebRTC callback and the analysis (the
callback never waits), the camera watch, and the connection kept through slow answers.

The analyses here block on events the test releases, so the tests decide the
order of things and no assertion depends on how fast the machine is.
"""
from __future__ import annotations

import threading
from typing import List

import numpy as np
import pytest

from coach.engine.regimen import PlanItem
from coach.engine.session import COUNTING, PAUSED, LiveSession, SessionConfig
from coach.frame_relay import FrameRelay
from coach.live import LiveProcessor
from coach.records import Frame
from tests.test_session import SPECS

WAIT = 10.0  # generous: only a broken relay ever waits this long


class GatedAnalysis:
    """Records each frame's timestamp; holds the first frame until ``release``."""

    def __init__(self, hold_first: bool = True) -> None:
        self.seen: List[float] = []
        self.started = threading.Event()
        self.gate = threading.Event()
        if not hold_first:
            self.gate.set()

    def __call__(self, image, t, clock):
        self.seen.append(t)
        self.started.set()
        assert self.gate.wait(WAIT), "the test never released the analysis"
        return image + 1

    def release(self) -> None:
        self.gate.set()


def _submit_in_thread(relay: FrameRelay, image, t: float):
    """Submits from another thread, as the WebRTC worker does; returns what came back."""
    out = {}
    worker = threading.Thread(target=lambda: out.setdefault("image", relay.submit(image, t)))
    worker.start()
    worker.join(WAIT)
    assert not worker.is_alive(), "submit waited for the analysis"
    return out["image"]


def test_submit_returns_while_the_analysis_is_stuck_and_the_newest_frame_goes_next():
    analysis = GatedAnalysis()
    relay = FrameRelay(analysis)
    frame = np.zeros((2, 2), np.uint8)
    first = _submit_in_thread(relay, frame, 0.0)
    assert first is frame  # nothing analysed yet: the frame comes back as it was
    assert analysis.started.wait(WAIT)
    for t in (0.033, 0.067, 0.1):  # arrive while frame 0.0 is held
        assert _submit_in_thread(relay, frame + 10, t) is not None
    analysis.release()
    assert relay.wait_idle(WAIT)
    assert analysis.seen == [0.0, 0.1]  # the two frames in between were overtaken
    assert relay.stats.received == 4 and relay.stats.analysed == 2 and relay.stats.replaced == 2
    assert int(relay.latest()[0, 0]) == 11
    assert int(relay.submit(frame, 0.2)[0, 0]) == 11  # the newest finished picture comes back
    relay.close()


def test_a_frame_whose_analysis_fails_is_counted_and_the_next_one_is_analysed():
    seen: List[float] = []

    def analyse(image, t, clock):
        seen.append(t)
        if t == 1.0:
            raise ValueError("bad frame")
        return image

    relay = FrameRelay(analyse)
    relay.submit(np.zeros(1), 1.0)
    assert relay.wait_idle(WAIT)
    relay.submit(np.zeros(1), 2.0)
    assert relay.wait_idle(WAIT)
    assert seen == [1.0, 2.0]
    assert relay.stats.failed == 1 and relay.stats.analysed == 1
    assert relay.error == "bad frame"
    relay.close()


def test_the_thread_ends_when_frames_stop_and_starts_again_with_the_next():
    analysis = GatedAnalysis(hold_first=False)
    relay = FrameRelay(analysis, idle_exit=0.05)
    relay.submit(np.zeros(1), 0.0)
    assert relay.wait_idle(WAIT)
    first_thread = relay._thread
    if first_thread is not None:
        first_thread.join(WAIT)
        assert not first_thread.is_alive()
    assert relay._thread is None
    relay.submit(np.zeros(1), 1.0)
    assert relay.wait_idle(WAIT)
    assert analysis.seen == [0.0, 1.0]
    relay.close()


def test_after_close_frames_come_back_unanalysed():
    analysis = GatedAnalysis(hold_first=False)
    relay = FrameRelay(analysis)
    relay.close()
    frame = np.zeros(1)
    assert relay.submit(frame, 0.0) is frame
    assert analysis.seen == []


# --- the live processor behind the WebRTC callback ----------------------------------------


class HeldAnalyser:
    """A body analyser whose frames a test can hold; the signal is a steady 0 (standing)."""

    def __init__(self) -> None:
        self.hold = threading.Event()
        self.hold.set()
        self.entered = threading.Event()

    def process(self, rgb, t):
        self.entered.set()
        assert self.hold.wait(WAIT)
        pose = tuple((0.0, 0.0, 0.0, 1.0) for _ in range(33))
        return Frame(t=t, w=rgb.shape[1], h=rgb.shape[0], pose=pose)

    def close(self) -> None:
        pass


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _video_frame(t: float):
    av = pytest.importorskip("av")
    from fractions import Fraction

    frame = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), np.uint8), format="bgr24")
    frame.time_base = Fraction(1, 90000)
    frame.pts = int(round(t * 90000))
    return frame


def test_live_callback_returns_at_once_and_the_camera_watch_waits_for_a_stuck_analysis():
    clock = FakeClock()
    analyser = HeldAnalyser()
    session = LiveSession([PlanItem("lift", 5, 7)], SPECS.get, SessionConfig(camera_timeout=2.0, gestures=False))
    proc = LiveProcessor(session, analyser_factory=lambda spec: analyser, clock=clock)
    t = 0.0
    for _ in range(60):  # two seconds of standing: the session starts measuring
        proc.recv(_video_frame(t))
        assert proc._relay.wait_idle(WAIT)
        t += 1 / 30
        clock.now += 1 / 30
    assert session.phase in ("calibrating", COUNTING)
    analysed = proc.frames
    analyser.hold.clear()  # the next analysis gets stuck (a machine busy loading models)
    analyser.entered.clear()
    proc.recv(_video_frame(t))
    assert analyser.entered.wait(WAIT)
    for _ in range(120):  # four more seconds of frames arrive during the stuck analysis
        t += 1 / 30
        clock.now += 1 / 30
        out = proc.recv(_video_frame(t))
        assert out.pts == _video_frame(t).pts
        proc.tick()
    assert proc.frames == analysed  # nothing more was analysed...
    assert session.phase != PAUSED  # ...and yet the camera is not taken for lost
    clock.now += 3.0  # now the frames stop too
    proc.tick()
    assert session.phase == PAUSED and session.snapshot().paused_reason == "camera"
    analyser.hold.set()
    proc.close()


def test_the_app_keeps_a_stream_whose_browser_answers_consent_checks_late():
    ice = pytest.importorskip("aioice.ice")
    import coach.app.common as common

    common._tolerate_slow_consent()
    assert ice.CONSENT_FAILURES >= common.CONSENT_FAILURES_TOLERATED >= 12  # a minute or more at 5 s a check


class RecordingAnalyser(HeldAnalyser):
    """Notes the timestamp of every frame it is given."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: List[float] = []

    def process(self, rgb, t):
        self.seen.append(t)
        return super().process(rgb, t)


def _analysed_times(frames) -> List[float]:
    """The timestamps the analyser gets for ``frames``: (frame time, arrival clock) pairs."""
    analyser = RecordingAnalyser()
    session = LiveSession([PlanItem("lift", 5, 7)], SPECS.get, SessionConfig(gestures=False))
    proc = LiveProcessor(session, analyser_factory=lambda spec: analyser)
    image = np.zeros((48, 64, 3), np.uint8)
    for t, clock in frames:
        proc.process_bgr(image, t, clock=clock)
    proc.close()
    return analyser.seen


def test_frame_times_that_leap_away_from_the_arrival_clock_follow_the_clock():
    # the receiver unwrapped a late RTP timestamp as a wrap-around: +2**32 / 90 kHz
    wrap = 2 ** 32 / 90000
    times = [0.0, 1 / 30, 2 / 30 + wrap, 3 / 30 + wrap, 4 / 30, 5 / 30]
    seen = _analysed_times([(t, 100.0 + i / 30) for i, t in enumerate(times)])
    steps = [b - a for a, b in zip(seen, seen[1:])]
    assert all(0 < s < 0.1 for s in steps), steps


def test_a_camera_restart_that_starts_its_frame_times_again_keeps_time_increasing():
    # STOP, START ten seconds later: the new stream's times start at 0
    seen = _analysed_times([(10.0 + i / 30, 100.0 + i / 30) for i in range(5)] +
                           [(i / 30, 110.0 + i / 30) for i in range(5)])
    assert seen == sorted(seen) and len(set(seen)) == len(seen)
    assert 9.5 < seen[5] - seen[4] < 10.5  # the ten seconds the camera was off


def test_a_camera_turned_on_that_sends_no_picture_gets_a_hint_and_a_picture_ends_it():
    from coach.live import NO_PICTURE, NO_PICTURE_AFTER

    clock = FakeClock()
    session = LiveSession([PlanItem("lift", 5, 7)], SPECS.get, SessionConfig(camera_timeout=2.0, gestures=False))
    proc = LiveProcessor(session, analyser_factory=lambda spec: HeldAnalyser(), clock=clock)
    assert proc.no_picture(False) is None
    clock.now += 60.0  # the camera was off all that time: nothing to say
    assert proc.no_picture(True) is None
    clock.now += NO_PICTURE_AFTER - 1.0
    assert proc.no_picture(True) is None
    clock.now += 2.0
    assert proc.no_picture(True) == NO_PICTURE
    # STOP and START: the wait starts again
    assert proc.no_picture(False) is None
    assert proc.no_picture(True) is None
    clock.now += NO_PICTURE_AFTER + 1.0
    assert proc.no_picture(True) == NO_PICTURE
    proc.recv(_video_frame(0.0))  # a picture comes
    assert proc._relay.wait_idle(WAIT)
    assert proc.no_picture(True) is None
