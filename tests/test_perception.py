"""Perception adapters and the video reader on synthetic inputs (no footage)."""
from __future__ import annotations

import os
import zipfile

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")
pytest.importorskip("mediapipe")

from coach.perception.base import (  # noqa: E402
    HandDetector,
    MonotonicClock,
    PerceptionError,
    PoseDetector,
    as_rgb_uint8,
    model_cache_dir,
)
from coach.perception import mediapipe_hands, mediapipe_pose  # noqa: E402
from coach.perception.video import (  # noqa: E402
    EmptyVideoError,
    VideoError,
    VideoNotFoundError,
    VideoOpenError,
    iter_frames,
    open_video,
    probe_video,
)


# -- clock -----------------------------------------------------------------
def test_clock_is_strictly_increasing():
    c = MonotonicClock()
    got = [c.to_ms(t) for t in (0.0, 0.0, 0.0333, 0.02, 1.0, 1.0, float("nan"), 2.0)]
    assert got[0] == 0
    assert all(b > a for a, b in zip(got, got[1:])), got
    assert got[4] == 1000 and got[7] == 2000


def test_as_rgb_uint8_accepts_grey_rgba_float_and_rejects_junk():
    assert as_rgb_uint8(np.zeros((4, 5), np.uint8)).shape == (4, 5, 3)
    assert as_rgb_uint8(np.zeros((4, 5, 4), np.uint8)).shape == (4, 5, 3)
    f = as_rgb_uint8(np.ones((4, 5, 3), np.float32))
    assert f.dtype == np.uint8 and f.max() == 255
    with pytest.raises(PerceptionError):
        as_rgb_uint8(np.zeros((4, 5, 2), np.uint8))
    with pytest.raises(PerceptionError):
        as_rgb_uint8([[1, 2, 3]])


def test_model_dir_env(monkeypatch, tmp_path):
    monkeypatch.setenv("FOOTCOACH_MODEL_DIR", str(tmp_path / "m"))
    assert model_cache_dir() == tmp_path / "m"
    monkeypatch.delenv("FOOTCOACH_MODEL_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert model_cache_dir() == tmp_path / "xdg" / "footcoach"


# -- bundles ---------------------------------------------------------------
def _aligned(path):
    with open(path, "rb") as fh, zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            assert info.compress_type == zipfile.ZIP_STORED
            fh.seek(info.header_offset)
            hdr = fh.read(30)
            start = info.header_offset + 30 + int.from_bytes(hdr[26:28], "little") + int.from_bytes(hdr[28:30], "little")
            assert start % 4 == 0, (info.filename, start)
    return True


def test_bundles_built_once_atomically_and_rebuilt_when_broken(tmp_path):
    pose = mediapipe_pose.pose_bundle_path(tmp_path)
    hand = mediapipe_hands.hand_bundle_path("full", tmp_path)
    assert zipfile.ZipFile(pose).namelist() == ["pose_detector.tflite", "pose_landmarks_detector.tflite"]
    assert zipfile.ZipFile(hand).namelist() == ["hand_detector.tflite", "hand_landmarks_detector.tflite"]
    assert _aligned(pose) and _aligned(hand)
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]  # no temp left behind
    mtime = pose.stat().st_mtime_ns
    assert mediapipe_pose.pose_bundle_path(tmp_path) == pose and pose.stat().st_mtime_ns == mtime
    pose.write_bytes(b"truncated")
    assert mediapipe_pose.pose_bundle_path(tmp_path) == pose
    assert zipfile.is_zipfile(pose)


def test_unknown_routes_raise():
    with pytest.raises(PerceptionError):
        mediapipe_pose.create_pose_detector("nope")
    with pytest.raises(PerceptionError):
        mediapipe_hands.create_hand_detector("nope")


# -- detectors ---------------------------------------------------------------
@pytest.fixture(scope="module", params=["tasks", "legacy"])
def pose_detector(request):
    det = mediapipe_pose.create_pose_detector(request.param)
    yield det
    det.close()


@pytest.fixture(scope="module", params=["tasks", "legacy"])
def hand_detector(request):
    det = mediapipe_hands.create_hand_detector(request.param, max_hands=2)
    yield det
    det.close()


BLANK = np.full((480, 640, 3), 127, np.uint8)
NOISE = np.random.default_rng(0).integers(0, 256, (480, 640, 3), dtype=np.uint8)


def test_pose_protocol_and_blank_image(pose_detector):
    assert isinstance(pose_detector, PoseDetector)
    assert pose_detector.detect(BLANK, 10.0) is None
    assert pose_detector.detect(NOISE, 10.1) is None


def test_hands_protocol_and_blank_image(hand_detector):
    assert isinstance(hand_detector, HandDetector)
    assert hand_detector.detect(BLANK, 10.0) == ()


def test_non_increasing_timestamps_do_not_crash(pose_detector, hand_detector):
    for t in (20.0, 20.0, 19.5, 0.0, 20.001):
        assert pose_detector.detect(BLANK, t) is None
        assert hand_detector.detect(BLANK, t) == ()


def test_grey_and_rgba_frames_accepted(pose_detector, hand_detector):
    grey = np.zeros((240, 320), np.uint8)
    rgba = np.zeros((240, 320, 4), np.uint8)
    assert pose_detector.detect(grey, 30.0) is None
    assert hand_detector.detect(rgba, 30.0) == ()


def test_closed_detector_raises_and_context_manager_closes():
    with mediapipe_pose.create_pose_detector("tasks") as det:
        assert det.detect(BLANK, 0.0) is None
    with pytest.raises(PerceptionError):
        det.detect(BLANK, 1.0)
    det.close()  # idempotent


# -- video reader --------------------------------------------------------------
def _write_video(path, n, fps=10.0, size=(64, 48)):
    w, h = size
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (w, h))
    assert writer.isOpened()
    for i in range(n):
        frame = np.zeros((h, w, 3), np.uint8)
        frame[:, :, 2] = 200  # red in BGR
        cv2.putText(frame, str(i), (5, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (255, 255, 255), 2)
        writer.write(frame)
    writer.release()
    return path


def test_reads_frames_with_container_times(tmp_path):
    path = _write_video(tmp_path / "clip.mp4", 12, fps=10.0)
    with open_video(path) as video:
        info = video.info
        frames = list(video)
    assert (info.width, info.height) == (64, 48)
    assert info.fps == pytest.approx(10.0)
    assert info.frame_count == 12 and info.duration == pytest.approx(1.2)
    assert len(frames) == 12
    times = [t for t, _ in frames]
    assert times[0] == pytest.approx(0.0, abs=1e-6)
    assert np.allclose(np.diff(times), 0.1, atol=0.01)
    rgb = frames[0][1]
    assert rgb.shape == (48, 64, 3) and rgb[40, 60, 0] > 150 and rgb[40, 60, 2] < 60  # red, in RGB order



def _turned_on_playback(path):
    """Write into the MP4's track header the matrix a phone writes when it
    films portrait on its landscape sensor: players show the picture turned
    by a quarter turn. (Version 0 header: the matrix lies 40 bytes after the
    box's name.)"""
    data = bytearray(path.read_bytes())
    at = data.find(b"tkhd")
    assert at > 0 and data[at + 4] == 0, "expected a version 0 track header"
    matrix = (0, 0x10000, 0, 0xFFFF0000, 0, 0, 0, 0, 0x40000000)
    data[at + 44:at + 80] = b"".join(v.to_bytes(4, "big") for v in matrix)
    path.write_bytes(bytes(data))
    return path


def test_a_phone_video_is_read_upright_as_players_show_it(tmp_path):
    path = tmp_path / "phone.mp4"
    w, h = 64, 48
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), 10.0, (w, h))
    for _ in range(5):
        frame = np.zeros((h, w, 3), np.uint8)
        frame[:12, :, :] = 255            # a white band along the stored picture's top
        writer.write(frame)
    writer.release()
    with open_video(path) as video:
        stored = next(iter(video))[1]
    assert stored.shape == (48, 64, 3) and stored[:10].mean() > 200
    _turned_on_playback(path)
    with open_video(path) as video:
        info = video.info
        frames = [f for _, f in video]
    # turned a quarter turn clockwise: the top band is the right-hand side
    assert (info.width, info.height) == (48, 64)
    assert len(frames) == 5 and frames[0].shape == (64, 48, 3)
    assert frames[0][:, -10:].mean() > 200 and frames[0][:, :30].mean() < 40

def test_every_and_max_frames(tmp_path):
    path = _write_video(tmp_path / "clip.mp4", 12, fps=10.0)
    every3 = [t for t, _ in iter_frames(path, every=3)]
    assert every3 == pytest.approx([0.0, 0.3, 0.6, 0.9], abs=0.01)
    assert len(list(iter_frames(path, max_frames=5))) == 5
    bgr = next(iter(open_video(path, rgb=False)))[1]
    assert bgr[40, 60, 2] > 150
    assert probe_video(path).frame_count == 12


def _one_line(exc):
    msg = str(exc)
    return msg and "\n" not in msg and "Traceback" not in msg


def test_missing_file(tmp_path):
    with pytest.raises(VideoNotFoundError) as e:
        open_video(tmp_path / "nope.mp4")
    assert _one_line(e.value) and "not found" in str(e.value)
    with pytest.raises(VideoNotFoundError):
        open_video(tmp_path)  # a directory


def test_text_file(tmp_path):
    path = tmp_path / "notes.mp4"
    path.write_text("this is not a video\n" * 50)
    with pytest.raises(VideoOpenError) as e:
        open_video(path)
    assert _one_line(e.value) and "cannot open" in str(e.value)


def test_corrupt_file(tmp_path):
    good = _write_video(tmp_path / "clip.mp4", 12)
    data = good.read_bytes()
    bad = tmp_path / "corrupt.mp4"
    bad.write_bytes(data[: len(data) // 3])  # truncated: index (moov) missing
    with pytest.raises(VideoError) as e:
        open_video(bad)
    assert _one_line(e.value)
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(np.random.default_rng(1).integers(0, 256, 20000, dtype=np.uint8).tobytes())
    with pytest.raises(VideoError):
        open_video(junk)


def test_empty_files(tmp_path):
    zero = tmp_path / "zero.mp4"
    zero.write_bytes(b"")
    with pytest.raises(EmptyVideoError) as e:
        open_video(zero)
    assert _one_line(e.value) and "empty" in str(e.value)
    no_frames = _write_video(tmp_path / "noframes.mp4", 0)
    with pytest.raises(VideoError) as e:  # EmptyVideoError or VideoOpenError, by container
        open_video(no_frames)
    assert _one_line(e.value)


@pytest.mark.parametrize("route", ["legacy", "tasks"])
def test_independent_hand_looks_are_supported_by_both_routes(route):
    from coach.perception.mediapipe_hands import create_hand_detector

    blank = np.zeros((120, 160, 3), dtype=np.uint8)
    with create_hand_detector(route, max_hands=1, independent=True) as detector:
        assert detector.detect(blank, 0.0) == ()
        assert detector.detect(blank, 0.0) == ()  # the same time again is fine
