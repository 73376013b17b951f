"""Frames in between for counters tuned on 30 frames a second (plain sequences)."""
import dataclasses

import pytest

import exercises
from coach.engine.foot_records import FootFrame
from coach.engine.frame_fill import FillOptions, FrameFiller, jumped
from coach.engine.runner import ExerciseRunner, count_frames
from coach.records import POSE_POINTS, Frame, Hand, PoseIndex


def pose_at(x: float = 0.5, torso: float = 0.2, lift: float = 0.0):
    """A pose whose every point sits at ``x``, shoulders ``torso`` above the
    hips at y 0.5, and the left heel ``lift`` above the rest."""
    points = [[x, 0.7, 0.0, 1.0] for _ in range(POSE_POINTS)]
    for i in (PoseIndex.LEFT_HIP, PoseIndex.RIGHT_HIP):
        points[i][1] = 0.5
    for i in (PoseIndex.LEFT_SHOULDER, PoseIndex.RIGHT_SHOULDER):
        points[i][1] = 0.5 - torso
    points[PoseIndex.LEFT_HEEL][1] -= lift
    return tuple(tuple(p) for p in points)


def frame(t: float, w: int = 640, h: int = 480, **pose) -> Frame:
    return Frame(t=t, w=w, h=h, pose=pose_at(**pose), hands=(Hand("Left", ((0.1, 0.1, 0.0),) * 21),))


def made_between(*frames):
    filler = FrameFiller()
    return [filler.between(f) for f in frames]


@pytest.mark.parametrize("fps", [30.0, 24.0, 29.0])
def test_a_camera_at_the_tuning_rate_or_near_it_is_left_as_it_comes(fps):
    assert made_between(*(frame(i / fps, x=0.5 + 0.001 * i) for i in range(10))) == [[]] * 10


@pytest.mark.parametrize("fps, made", [(15.0, 1), (10.0, 2), (8.0, 3), (5.0, 5)])
def test_a_slower_camera_gets_frames_up_to_thirty_a_second(fps, made):
    out = made_between(frame(0.0), frame(1 / fps))
    assert out[0] == [] and len(out[1]) == made
    times = [f.t for f in out[1]]
    assert times == pytest.approx([k / fps / (made + 1) for k in range(1, made + 1)])


def test_frames_made_lie_on_the_line_from_one_frame_to_the_next_and_carry_no_hands():
    a, b = frame(1.0, x=0.40, lift=0.00), frame(1.1, x=0.43, lift=0.03)
    first, second = _pair(a, b)
    assert first.t == pytest.approx(1.0 + 0.1 / 3) and second.t == pytest.approx(1.0 + 0.2 / 3)
    heel = PoseIndex.LEFT_HEEL
    assert first.pose[heel][0] == pytest.approx(0.41) and second.pose[heel][0] == pytest.approx(0.42)
    assert first.pose[heel][1] == pytest.approx(0.69) and second.pose[heel][1] == pytest.approx(0.68)
    assert first.hands is None and second.hands is None
    assert (first.w, first.h) == (640, 480)
    assert first.drawn and second.drawn and not a.drawn and not b.drawn


def _pair(a, b):
    filler = FrameFiller()
    assert filler.between(a) == []
    made = filler.between(b)
    assert len(made) == 2
    return made


def test_a_long_gap_a_lost_person_and_foot_frames_are_left_as_they_come():
    long_gap = made_between(frame(0.0), frame(0.3))
    lost = made_between(frame(0.0), Frame(t=0.1, w=640, h=480, pose=None), frame(0.2))
    foot = made_between(FootFrame(t=0.0, w=640, h=480), FootFrame(t=0.1, w=640, h=480))
    assert long_gap[1] == [] and lost[1] == [] and lost[2] == [] and foot[1] == []


@pytest.mark.parametrize("moved, torso, filled", [
    # a walker crossing the view at two torso lengths a second (on 4:3,
    # x is normalised to a width 4/3 of the height)
    (0.2 * 2.0 / 15 * 0.75, 0.2, True),
    # a jump of 0.4 torso lengths in one frame at 15 frames a second: the
    # pose model took a passer-by
    (0.2 * 0.4 * 0.75, 0.2, False),
    # the body 15% smaller from one frame to the next: someone further back
    (0.0, 0.2 / 1.15, False),
    # walking towards the camera: a few per cent a second
    (0.0, 0.2 * 1.01, True),
])
def test_a_body_that_jumps_or_changes_size_faster_than_a_person_is_not_filled(moved, torso, filled):
    out = made_between(frame(0.0, x=0.5), frame(1 / 15, x=0.5 + moved, torso=torso))
    assert (len(out[1]) == 1) is filled
    assert jumped(frame(0.0, x=0.5), frame(1 / 15, x=0.5 + moved, torso=torso), FillOptions()) is not filled


@pytest.mark.parametrize("w, h, filled", [(480, 480, True), (640, 480, False), (1280, 720, False)])
def test_a_body_s_speed_is_read_in_pixels_as_the_picture_is_shaped(w, h, filled):
    # 0.06 of the width in a fifteenth of a second, the torso 0.2 of the
    # height: 4.5 torso lengths a second on a square picture, 6 on 4:3 and
    # 8 on 16:9, where the same share of the width spans more pixels
    before, after = frame(0.0, w, h, x=0.5), frame(1 / 15, w, h, x=0.56)
    assert jumped(before, after, FillOptions()) is not filled
    assert (len(made_between(before, after)[1]) == 1) is filled


@pytest.mark.parametrize("bad", [dict(rate=0.0), dict(max_gap=-1.0), dict(max_body_speed=0.0),
                                 dict(max_growth=0.0)])
def test_fill_options_must_be_positive(bad):
    with pytest.raises(ValueError):
        FillOptions(**bad)


def _ankle_frames(fps: float):
    """A seated ankle flexion: the feet tilt between flat and pointed, four
    times, seen ``fps`` frames a second."""
    from coach.accuracy.body import TrackSpec, synth_track

    frames, reps = synth_track(TrackSpec(script="ankle_flex", reps=4, period=1.6, fps=fps, noise=1.0, seed=3))
    return frames, reps


def test_the_runner_counts_frames_made_but_reports_only_the_camera_s():
    frames, _ = _ankle_frames(30.0)
    every_third = frames[::3]
    spec = exercises.get_exercise("ankle_flex")
    runner = ExerciseRunner(spec)
    results = [runner.push(f) for f in every_third]
    runner.finish()
    out = runner.result()
    assert out.frames == len(every_third)
    assert [r.t for r in results] == [f.t for f in every_third]
    # every repetition reaches the caller on a camera frame's result, the
    # frame after the one made where the counter saw it end
    assert sum(len(r.reps) for r in results) == out.reps == len(out.events)
    unfilled = count_frames(dataclasses.replace(spec, fill=None), every_third)
    assert out.frames == unfilled.frames and out.frames_valid == unfilled.frames_valid


def test_a_walk_reads_the_landmarks_jitter_on_the_camera_s_frames_alone():
    # a frame drawn in between lies on a straight line and bends nowhere:
    # read with them, a shaky view's jitter falls to a few per cent of
    # itself and every walk reads steady (``GaitCounter._unsteady``)
    from coach.accuracy.body import TrackSpec, synth_track
    from coach.engine.gait import jitter
    from coach.engine.walk_evidence import _per_foot

    frames, _ = synth_track(TrackSpec(script="heel_walk", reps=6, noise=3.0, drop=0.0, seed=1))
    every_other = frames[::2]
    spec = exercises.get_exercise("heel_walk")
    filled, plain = ExerciseRunner(spec), ExerciseRunner(dataclasses.replace(spec, fill=None))
    for f in every_other:
        filled.push(f)
        plain.push(f)
    end = frames[-1].t

    def jitters(runner, camera_only=False):
        return [jitter(foot) for foot in _per_foot(runner.counter._postures(0.0, end, camera_only))]

    seen, unfilled, with_drawn = jitters(filled, True), jitters(plain), jitters(filled)
    assert len(seen) == 2 and seen == pytest.approx(unfilled)
    assert all(d < 0.5 * s for d, s in zip(with_drawn, seen))
    assert len(filled.counter._postures(0.0, end)) > 1.9 * len(filled.counter._postures(0.0, end, True))
