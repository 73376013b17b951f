"""The live session state machine, driven by synthetic frames and a fake clock."""
from __future__ import annotations

import math
from dataclasses import replace

import pytest

from coach.engine.counter import CounterConfig, RepCounter, RepEvent
from coach.engine.regimen import MODERATE, PlanItem
from coach.engine.session import (CALIBRATING, COUNTING, DONE, PAUSED, SET_COMPLETE, WAITING, LiveSession,
                                  SessionConfig)
from coach.engine.spec import ExerciseSpec
from coach.records import Frame, Hand
from tests.test_gestures import hand

FPS = 30.0


def _signal(frame):
    return None if frame.pose is None else frame.pose[0][0]


def _gate(frame):
    return (frame.pose is not None, "no person in view")


def spec(eid="lift", view="body"):
    return ExerciseSpec(
        id=eid, name=eid.title(), kids_name=f"Kids {eid}", instructions=("Lift.",), view=view, camera="Anywhere.",
        signal=_signal, signal_name="lift", signal_unit="u", typical_span=1.0, min_span=0.5, gate=_gate,
        counter=CounterConfig(min_duration=0.3),
    )


SPECS = {"lift": spec("lift"), "other": spec("other"), "toes": spec("toes", view="foot")}


class Feed:
    """Drives a session with a raised-cosine signal, a clock and optional hands."""

    def __init__(self, session):
        self.s = session
        self.t = 0.0
        self.clock = 100.0

    def frame(self, value, hands=None):
        pose = None if value is None else tuple((value, 0.0, 0.0, 1.0) for _ in range(33))
        f = Frame(t=self.t, w=640, h=480, pose=pose, hands=hands)
        snap = self.s.push(f, clock=self.clock)
        self.t += 1 / FPS
        self.clock += 1 / FPS
        return snap

    def rest(self, seconds, value=0.0, hands=None):
        for _ in range(int(round(seconds * FPS))):
            self.frame(value, hands)

    def reps(self, n, period=1.2, pause=0.4, amplitude=1.0):
        for _ in range(n):
            for i in range(int(period * FPS)):
                self.frame(amplitude * (0.5 - 0.5 * math.cos(2 * math.pi * i / (period * FPS))))
            self.rest(pause)

    def palm(self, seconds):
        palm = (Hand("Right", tuple(hand("open"))),)
        self.rest(seconds, hands=palm)

    def thumbs(self, seconds):
        self.rest(seconds, hands=(Hand("Right", tuple(hand("thumbs_up"))),))


def new(items=("lift",), **kw):
    plan = [PlanItem(i) if isinstance(i, str) else i for i in items]
    return Feed(LiveSession(plan, SPECS.__getitem__, **kw))


def kinds(events):
    return [e.kind for e in events]


def test_calibrate_then_count_to_five_then_stop_at_seven():
    f = new()
    assert f.s.phase == WAITING
    f.rest(0.5)
    assert f.s.phase == CALIBRATING
    f.rest(1.0)
    assert f.s.phase == COUNTING
    f.reps(5)
    snap = f.s.snapshot()
    assert snap.count == 5 and snap.set_done and f.s.phase == COUNTING
    ev = f.s.drain()
    assert kinds(ev)[:2] == ["calibrating", "set_started"]
    assert [e.rep.index for e in ev if e.kind == "rep"] == [1, 2, 3, 4, 5]
    assert "set_done" in kinds(ev)
    assert [e.say for e in ev if e.kind == "rep"] == ["1", "2", "3", "4", "5"]
    f.reps(3)
    assert f.s.phase == SET_COMPLETE and f.s.count == 7  # the eighth movement is not counted
    ev = f.s.drain()
    stop = [e for e in ev if e.kind == "stop"]
    assert len(stop) == 1 and stop[0].suggest_another  # every rep was full: easy
    assert "Stop" in f.s.snapshot().message


def test_moving_during_calibration_waits_for_stillness():
    f = new()
    f.reps(2, pause=0.0)
    assert f.s.phase == CALIBRATING
    f.rest(1.1)
    assert f.s.phase == COUNTING


def test_someone_who_never_keeps_still_is_calibrated_after_the_timeout():
    f = new(config=SessionConfig(calibration_timeout=4.0))
    f.reps(3, pause=0.0)
    assert f.s.phase == CALIBRATING
    f.reps(1, pause=0.0)
    assert f.s.phase == COUNTING
    started = [e for e in f.s.drain() if e.kind == "set_started"]
    assert started and abs(started[0].rest) < 0.1  # the low end of the movement


def test_pause_and_resume_keep_the_count_and_rep_indices_continue():
    f = new()
    f.rest(1.5)
    f.reps(3)
    f.s.pause()
    assert f.s.phase == PAUSED and f.s.snapshot().paused_reason == "button"
    f.reps(2)  # movements while paused do not count
    assert f.s.count == 3
    f.s.resume()
    assert f.s.phase == COUNTING
    f.reps(2)
    assert f.s.count == 5
    reps = [e.rep.index for e in f.s.drain() if e.kind == "rep"]
    assert reps == [1, 2, 3, 4, 5]


def test_lost_camera_pauses_and_a_restarted_stream_keeps_time_increasing():
    f = new(config=SessionConfig(camera_timeout=2.0))
    f.rest(1.5)
    f.reps(2)
    assert not f.s.tick(f.clock + 1.0)
    assert f.s.tick(f.clock + 2.5)
    assert not f.s.tick(f.clock + 3.0)  # already paused
    assert f.s.phase == PAUSED and f.s.snapshot().paused_reason == "camera"
    f.t = 0.0  # a new stream starts its clock again
    f.clock += 10
    f.reps(3)
    assert f.s.count == 5
    times = [e.t for e in f.s.drain()]
    assert times == sorted(times)  # one increasing timeline across the restart


def test_frames_arriving_unanalysed_keep_the_camera_watch_quiet():
    f = new(config=SessionConfig(camera_timeout=2.0))
    f.rest(1.5)
    f.reps(1)
    last = f.clock
    f.s.camera_seen(last + 1.5)  # the camera still delivers; the analysis lags behind
    assert not f.s.tick(last + 3.0)
    assert f.s.tick(last + 4.0)  # nothing arrived after last + 1.5
    f.s.camera_seen(last + 4.5)  # arriving frames alone do not resume a paused session
    assert f.s.phase == PAUSED
    f.rest(0.1)
    assert f.s.phase == COUNTING and f.s.count == 1


def test_open_palm_pauses_and_resumes_once_per_hold():
    f = new()
    f.rest(1.5)
    f.reps(2)
    f.palm(1.5)  # held well past the hold time: fires once
    assert f.s.phase == PAUSED and f.s.snapshot().paused_reason == "gesture"
    f.rest(0.6)  # let go
    f.palm(1.0)
    assert f.s.phase == COUNTING and f.s.count == 2
    gestures = [e.reason for e in f.s.drain() if e.kind == "gesture"]
    assert gestures == ["open_palm", "open_palm"]


def test_thumbs_up_goes_to_the_next_exercise_and_the_last_one_ends_the_session():
    f = new(items=("lift", "other"))
    f.rest(1.5)
    f.reps(5)
    f.thumbs(1.0)
    assert f.s.snapshot().exercise_id == "other" and f.s.phase in (CALIBRATING, COUNTING)
    ev = f.s.drain()
    ended = [e for e in ev if e.kind == "set_ended"]
    assert len(ended) == 1 and ended[0].done and ended[0].count == 5 and ended[0].exercise_id == "lift"
    assert "exercise" in kinds(ev)
    f.rest(0.6)
    f.thumbs(1.0)
    assert f.s.phase == DONE
    assert kinds(f.s.drain())[-1] == "done"


def test_gestures_are_ignored_in_the_foot_view():
    f = new(items=("toes",))
    f.rest(1.5)
    f.palm(1.5)
    assert f.s.phase == COUNTING


def test_planned_sets_then_another_set_on_request():
    f = new(items=(PlanItem("lift", 5, 7, 2), "other"))
    f.rest(1.5)
    f.reps(5)
    f.s.advance()  # second planned set of the same exercise, no new calibration
    snap = f.s.snapshot()
    assert snap.exercise_id == "lift" and snap.set_no == 2 and snap.count == 0 and f.s.phase == COUNTING
    f.reps(5)
    f.s.another_set()
    assert f.s.snapshot().set_no == 3
    f.reps(2)
    f.s.advance()  # an unfinished third set: on to the next exercise
    assert f.s.snapshot().exercise_id == "other"
    assert f.s.sets_done == {"lift": 2}
    f.s.finish()
    assert f.s.phase == DONE


def test_moderate_phase_never_suggests_another_set():
    f = new(volume_phase=MODERATE)
    f.rest(1.5)
    f.reps(7)
    stop = [e for e in f.s.drain() if e.kind == "stop"]
    assert stop and not stop[0].suggest_another


def test_two_sessions_never_share_state():
    a, b = new(), new()
    a.rest(1.5)
    b.rest(1.5)
    a.reps(4)
    b.reps(1)
    assert (a.s.count, b.s.count) == (4, 1)


def test_out_of_view_during_calibration_says_so():
    f = new()
    for _ in range(30):
        f.frame(None)
    assert f.s.phase == CALIBRATING
    assert "Step back" in f.s.snapshot().message


def test_empty_plan_is_refused():
    with pytest.raises(ValueError):
        LiveSession([], SPECS.__getitem__)


def test_a_recording_is_counted_from_its_first_frame_without_calibration():
    from coach.engine.counter import RepEvent  # noqa: F401 (the events carry them)
    from coach.engine.regimen import PlanItem
    from coach.engine.session import COUNTING, LiveSession, SessionConfig
    from coach.records import Frame
    from coach.engine.spec import ExerciseSpec
    from tests.sequences import Script

    script = Script(reps=3, period=1.6, lead=0.3)  # the movement starts almost at once
    spec = ExerciseSpec(id="lift", name="Lift", kids_name="Lift", instructions=("Lift.",), view="body",
                        camera="anywhere", signal=lambda f: f.pose[0][1] if f.pose else None,
                        signal_name="lift", signal_unit="units", typical_span=1.0, min_span=0.5,
                        gate=lambda f: (f.pose is not None, "no pose"))
    for calibrate, expected in ((False, 3), (True, 2)):
        session = LiveSession([PlanItem("lift")], lambda _id: spec, SessionConfig(gestures=False, calibrate=calibrate))
        for t, v in script.samples():
            pose = tuple((0.0, v, 0.0, 1.0) for _ in range(33))
            session.push(Frame(t=t, w=640, h=480, pose=pose), clock=t)
        assert session.phase == COUNTING
        # A live session first measures rest; the first movement falls into that measuring.
        assert session.snapshot().count == expected, calibrate


class _HoldsEveryRep(RepCounter):
    """Counts like ``RepCounter`` but holds each repetition back until the
    stream ends, as a walk's counter holds a walk's last steps."""

    def __init__(self, spec, signal_range):
        super().__init__(spec.counter, signal_range)
        self.held = []

    def update(self, t, value, frame=None):
        events = super().update(t, value)
        self.held.extend(e for e in events if isinstance(e, RepEvent))
        return [e for e in events if not isinstance(e, RepEvent)]

    def finish(self):
        held, self.held = self.held, []
        return held


def test_repetitions_held_back_count_when_the_set_ends():
    holding = replace(spec("walk"), counter_factory=_HoldsEveryRep)
    f = Feed(LiveSession([PlanItem("walk", 2, 7, 1)], {"walk": holding}.__getitem__))
    f.rest(1.5)
    f.reps(3)
    assert f.s.count == 0
    f.s.finish()
    ev = f.s.drain()
    # counted and reported before the set ends, so that they are stored with it
    assert [e.rep.index for e in ev if e.kind == "rep"] == [1, 2, 3]
    assert kinds(ev).index("set_ended") > max(i for i, k in enumerate(kinds(ev)) if k == "rep")
    assert [e.done for e in ev if e.kind == "set_ended"] == [True]
