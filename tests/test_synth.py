"""Tests of the synthetic clip generator (coach.synth). Fast; only the test marked
``mediapipe`` runs pose detection."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from coach.synth import ClipSpec, Clip, Truth, render_clip, truth_path, write_clip
from coach.synth.__main__ import main as cli_main
from coach.synth.figure import Posture, build_skeleton
from coach.synth.motion import HeelRaise, ScriptParams
from coach.synth.writers import read_y4m, y4m_frame_bytes, y4m_header

SMALL = dict(w=320, h=240, fps=15)


def _spec(**kw) -> ClipSpec:
    base = dict(script="heel_raise", view="side", reps=2, period=1.2, rest_before=0.6, rest_after=0.6,
                hold=0.2, **SMALL)
    base.update(kw)
    return ClipSpec(**base)


def test_frame_count_and_duration_match_spec():
    spec = _spec()
    frames = list(render_clip(spec))
    clip = Clip(spec)
    assert len(frames) == clip.frames
    # rest + reps + rest, within jitter of the pace
    nominal = spec.rest_before + spec.reps * spec.period + spec.rest_after
    dur = clip.frames / spec.fps
    assert nominal * 0.8 < dur < nominal * 1.1
    assert all(f.shape == (spec.h, spec.w, 3) and f.dtype == np.uint8 for f in frames)


def test_stand_has_requested_duration_and_no_reps():
    spec = ClipSpec(script="stand", duration=2.0, **SMALL)
    clip = Clip(spec)
    assert clip.frames == 30
    assert clip.script.rep_times == []


def test_truth_json_reps_and_times(tmp_path: Path):
    spec = _spec(reps=3)
    out = tmp_path / "hr.y4m"
    truth = write_clip(spec, out)
    d = json.loads(truth_path(out).read_text())
    for key in ("script", "view", "reps", "fps", "frames", "duration", "w", "h", "rep_times", "params"):
        assert key in d
    assert d["script"] == "heel_raise" and d["view"] == "side"
    assert d["reps"] == 3 and len(d["rep_times"]) == 3
    assert d["frames"] == truth.frames and d["fps"] == spec.fps
    assert abs(d["duration"] - d["frames"] / d["fps"]) < 1e-3
    prev_end = 0.0
    for start, peak, end in d["rep_times"]:
        assert prev_end <= start < peak < end <= d["duration"]
        prev_end = end
    assert d["rep_times"][0][0] == pytest.approx(spec.rest_before, abs=1e-3)
    assert d["params"]["period"] == spec.period
    assert len(d["heel_lift_cm"]) == d["frames"]
    assert max(d["heel_lift_cm"]) == pytest.approx(spec.amplitude, rel=spec.jitter + 0.01)
    t2 = Truth.load(truth_path(out))
    assert t2.rep_times == truth.rep_times


def test_heel_lift_peaks_inside_each_rep():
    prm = ScriptParams(reps=4, period=2.0, rest_before=1.0, rest_after=1.0, hold=0.4, amplitude=6.0, seed=3)
    s = HeelRaise(prm)
    for start, peak, end in s.rep_times:
        assert s.lift(peak) > 0.8 * 6.0
        assert s.lift(start - 0.01) == 0.0
        assert s.lift(end + 0.01) == 0.0
    assert s.lift(0.5) == 0.0 and s.lift(s.duration - 0.2) == 0.0


def test_y4m_header_and_size(tmp_path: Path):
    spec = _spec(reps=1)
    out = tmp_path / "c.y4m"
    truth = write_clip(spec, out)
    data = out.read_bytes()
    header = y4m_header(spec.w, spec.h, spec.fps)
    assert header == b"YUV4MPEG2 W320 H240 F15:1 Ip A1:1 C420jpeg\n"
    assert data.startswith(header)
    assert len(data) == len(header) + truth.frames * y4m_frame_bytes(spec.w, spec.h)
    assert data[len(header):len(header) + 6] == b"FRAME\n"
    back = list(read_y4m(out))
    assert len(back) == truth.frames
    first = next(iter(render_clip(spec)))
    # I420 round trip keeps the picture (chroma subsampling blurs colour edges)
    assert np.mean(np.abs(back[0].astype(int) - first.astype(int))) < 6


def test_y4m_default_header_640x480(tmp_path: Path):
    assert y4m_header(640, 480, 30) == b"YUV4MPEG2 W640 H480 F30:1 Ip A1:1 C420jpeg\n"
    assert y4m_frame_bytes(640, 480) == 6 + 640 * 480 * 3 // 2


def test_mp4_readable_with_right_frame_count(tmp_path: Path):
    spec = _spec(reps=1)
    out = tmp_path / "c.mp4"
    truth = write_clip(spec, out)
    cap = cv2.VideoCapture(str(out))
    assert cap.isOpened()
    n = 0
    while True:
        ok, fr = cap.read()
        if not ok:
            break
        assert fr.shape == (spec.h, spec.w, 3)
        n += 1
    cap.release()
    assert n == truth.frames


def test_unknown_suffix_rejected(tmp_path: Path):
    with pytest.raises(ValueError):
        write_clip(_spec(reps=1), tmp_path / "c.avi")


def _heel_box(clip: Clip, i: int, side: str = "R"):
    sk = clip.skeleton(0)   # heel region when standing flat, fixed for the whole clip
    x, y = clip.cam.px(sk.p[f"heel_{side}"])
    r = int(clip.cam.scale * 6)
    return slice(max(0, int(y) - 3 * r), int(y) + 2), slice(max(0, int(x) - r), int(x) + r)


@pytest.mark.parametrize("view", ["side", "front"])
def test_heel_region_changes_during_reps_not_while_standing(view):
    spec = _spec(view=view, reps=2, noise=0.0, sway=0.0, jitter=0.0, **{})
    clip = Clip(spec)
    ys, xs = _heel_box(clip, 0)
    base = clip.frame(0)[ys, xs].astype(int)
    rest = clip.frame(int(0.4 * spec.fps))[ys, xs].astype(int)
    peak = clip.frame(int(round(clip.script.rep_times[0][1] * spec.fps)))[ys, xs].astype(int)
    assert np.mean(np.abs(rest - base)) < 1.0
    assert np.mean(np.abs(peak - base)) > 8.0


def test_stand_clip_heel_region_still_with_sway():
    spec = ClipSpec(script="stand", duration=3.0, noise=0.0, **SMALL)
    clip = Clip(spec)
    sk0 = clip.skeleton(0)
    heel_y = [clip.cam.px(clip.skeleton(i).p["heel_R"])[1] for i in range(clip.frames)]
    head_x = [clip.cam.px(clip.skeleton(i).p["head"])[0] for i in range(clip.frames)]
    assert max(heel_y) - min(heel_y) < 0.5          # feet stay on the floor
    assert max(head_x) - min(head_x) > 0.3          # but the body sways a little
    assert sk0.p["heel_R"][1] >= -1e-6


def test_skeleton_heel_rotates_about_ball():
    flat = build_skeleton(Posture())
    from coach.synth.figure import Leg
    up = build_skeleton(Posture(legs=(Leg(ankle_pf=20), Leg(ankle_pf=20))))
    for s in "LR":
        assert abs(up.p[f"ball_{s}"][1]) < 1e-6                  # ball stays on the floor
        assert up.p[f"heel_{s}"][1] > 5.0                       # heel rises ~6.5 cm
        rise = up.p[f"ankle_{s}"][1] - flat.p[f"ankle_{s}"][1]
        assert rise > 2.5                                       # the body rises with the ankle
        assert up.p["head"][1] - flat.p["head"][1] == pytest.approx(rise, abs=1e-6)


def test_cli_writes_clip_and_truth(tmp_path: Path):
    out = tmp_path / "x.y4m"
    rc = cli_main(["heel_raise", "--view", "front", "--reps", "1", "--period", "1.0", "--rest-before", "0.3",
                   "--rest-after", "0.3", "--w", "160", "--h", "120", "--fps", "10", "-o", str(out)])
    assert rc == 0 and out.exists()
    d = json.loads(truth_path(out).read_text())
    assert d["reps"] == 1 and d["w"] == 160 and d["view"] == "front"


@pytest.mark.mediapipe
def test_mediapipe_detects_figure(tmp_path: Path):
    pytest.importorskip("mediapipe")
    from coach.synth.__main__ import check
    spec = ClipSpec(script="heel_raise", view="side", reps=1, period=1.5, rest_before=0.5, rest_after=0.5)
    out = tmp_path / "mp.mp4"
    write_clip(spec, out)
    stats = check(out)
    assert stats["detected"] >= 0.9


@pytest.mark.parametrize("script", ["toe_walk", "outer_edge_walk", "walk"])
def test_a_walk_rests_mid_set_standing_flat_and_goes_on(script):
    from coach.synth.motion import make_script

    plain = make_script(script, ScriptParams(reps=6, period=0.7, rest_before=1.0, seed=4))
    paused = make_script(script, ScriptParams(reps=6, period=0.7, rest_before=1.0, seed=4, pause_after=2,
                                              pause=2.5))
    assert len(paused.rep_times) == 6
    # the reps before the rest are as without one; the rest opens a gap of
    # at least ``pause`` seconds between the second landing and the third
    assert paused.rep_times[:2] == plain.rep_times[:2]
    gap = paused.rep_times[2][1] - paused.rep_times[1][1]
    assert gap >= 2.5 + 0.7
    assert paused.duration >= plain.duration + 2.5
    # mid-rest the walker stands: no stride, feet flat and level, and does not move on
    rest_from, rest_to = paused.rep_times[1][2] + 0.5, paused.rep_times[2][0] - 0.1
    assert rest_to - rest_from > 1.5
    for t in np.linspace(rest_from, rest_to, 7):
        assert paused.envelope(t - paused.t0) == 0.0
        legs = paused.posture(t).legs
        assert all(abs(leg.foot_roll) < 1e-9 and abs(leg.hip_flex - base.hip_flex) < 1e-9
                   for leg, base in zip(legs, paused.base.legs))
    assert paused.walked(rest_from - paused.t0) == pytest.approx(paused.walked(rest_to - paused.t0))
    # in all the walker walks as far as without the rest
    assert paused.walked(paused.duration) == pytest.approx(plain.walked(plain.duration))


@pytest.mark.parametrize("script", ["ankle_flex", "bicycle"])
def test_a_seated_or_lying_set_rests_mid_set(script):
    from coach.synth.motion import make_script

    plain = make_script(script, ScriptParams(reps=5, period=2.0, seed=6))
    paused = make_script(script, ScriptParams(reps=5, period=2.0, seed=6, pause_after=3, pause=3.0))
    assert paused.rep_times[:3] == plain.rep_times[:3]
    for (a0, p0, e0), (a1, p1, e1) in zip(plain.rep_times[3:], paused.rep_times[3:]):
        assert (a1 - a0, p1 - p0, e1 - e0) == pytest.approx((3.0, 3.0, 3.0), abs=1e-3)
    assert paused.duration == pytest.approx(plain.duration + 3.0)
    # nothing moves in the rest: the feet stay relaxed, the legs held where a turn starts
    rest = np.linspace(plain.rep_times[2][2] + 0.05, plain.rep_times[2][2] + 2.95, 6)
    if script == "ankle_flex":
        assert all(paused.offset(t) == 0.0 for t in rest)
    else:
        assert all(paused.phase(t) == pytest.approx(3.0) for t in rest)


def test_no_rest_unless_one_is_left_to_do_after_it():
    from coach.synth.motion import make_script

    plain = make_script("heel_walk", ScriptParams(reps=4, period=0.6, seed=2))
    # a rest after the last rep, or of no length, is none
    for pause_after, pause in ((4, 2.0), (2, 0.0)):
        other = make_script("heel_walk", ScriptParams(reps=4, period=0.6, seed=2, pause_after=pause_after,
                                                      pause=pause))
        assert other.rep_times == plain.rep_times and other.duration == plain.duration
