"""The pose model run both ways round: mirroring landmarks back, and choosing the look."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from coach.perception.base import PerceptionError

from coach.perception.mirror_look import BothWaysPose, LookChooser, LookOptions, foot_confidence, unmirror
from coach.pipeline import BodyTracker, TrackerOptions
from coach.records import PoseIndex as P

FPS = 30.0


def pose_with(foot_visibility: float, x: float = 0.25) -> tuple:
    """33 rows; every point at (x + index / 1000, 0.5), the feet's landmarks
    seen with ``foot_visibility``, the rest with 0.9."""
    rows = []
    for i in range(33):
        vis = foot_visibility if i >= P.LEFT_ANKLE else 0.9
        rows.append((x + i / 1000.0, 0.5, 0.0, vis))
    return tuple(rows)


def test_unmirror_mirrors_x_and_gives_each_side_the_other_sides_row():
    pose = pose_with(0.7)
    back = unmirror(pose)
    assert back is not None
    # the model's left heel on the mirror image is the person's right heel
    assert back[P.RIGHT_HEEL][0] == pytest.approx(1.0 - pose[P.LEFT_HEEL][0])
    assert back[P.LEFT_FOOT_INDEX][0] == pytest.approx(1.0 - pose[P.RIGHT_FOOT_INDEX][0])
    assert back[P.LEFT_EAR][0] == pytest.approx(1.0 - pose[P.RIGHT_EAR][0])
    # the nose has no partner; y, z and visibility ride along unchanged
    assert back[P.NOSE] == (pytest.approx(1.0 - pose[P.NOSE][0]), 0.5, 0.0, 0.9)
    assert np.allclose(unmirror(back), pose)
    assert unmirror(None) is None


def test_foot_confidence_is_the_feet_mean_visibility_and_zero_for_nobody():
    assert foot_confidence(pose_with(0.6)) == pytest.approx(0.6)
    assert foot_confidence(None) == 0.0


def run(chooser: LookChooser, seconds: float, plain, mirrored, start: float = 0.0):
    """Feed both looks for ``seconds`` from ``start``; the kept look on each frame."""
    kept = []
    for k in range(int(round(seconds * FPS))):
        out = chooser.choose(start + k / FPS, plain, mirrored)
        kept.append("mirrored" if out is mirrored else "plain")
    return kept


class Clock:
    """Frame times that run on from one call of ``run`` to the next."""

    def __init__(self) -> None:
        self.frames = 0

    def run(self, chooser: LookChooser, seconds: float, plain, mirrored):
        looks = run(chooser, seconds, plain, mirrored, start=self.frames / FPS)
        self.frames += len(looks)
        return looks


@pytest.mark.parametrize(
    "plain_vis, mirrored_vis, kept",
    [
        (0.90, 0.80, "plain"),      # the plain look surer: kept
        (0.80, 0.82, "plain"),      # the mirrored one surer by less than the margin: plain kept
        (0.75, 0.85, "mirrored"),   # surer by 0.1 from the start: mirrored from the first frame
    ],
)
def test_a_look_steadily_surer_by_the_margin_is_kept(plain_vis, mirrored_vis, kept):
    chooser = LookChooser()
    looks = run(chooser, 2.0, pose_with(plain_vis), pose_with(mirrored_vis))
    assert set(looks) == {kept}


def test_the_mirrored_look_takes_over_only_after_it_has_been_surer_for_a_while_and_hands_back():
    chooser, clock = LookChooser(LookOptions(memory=1.0, margin=0.03)), Clock()
    plain_good, plain_poor = pose_with(0.9), pose_with(0.8)
    mirrored_good, mirrored_poor = pose_with(0.95), pose_with(0.8)
    assert set(clock.run(chooser, 2.0, plain_good, mirrored_poor)) == {"plain"}
    # one odd frame where the mirror image reads better changes nothing
    assert set(clock.run(chooser, 1 / FPS, plain_poor, mirrored_good)) == {"plain"}
    assert set(clock.run(chooser, 1.0, plain_good, mirrored_poor)) == {"plain"}
    # a steady lead of 0.15 (0.25 behind at first): the running scores cross
    # the margin after ln(0.25 / 0.12) = 0.73 s, not within 0.3 s
    looks = clock.run(chooser, 2.0, plain_poor, mirrored_good)
    first = looks.index("mirrored")
    assert 0.3 * FPS < first < 1.0 * FPS
    assert set(looks[first:]) == {"mirrored"}
    # and back once the plain look is the surer one again
    looks = clock.run(chooser, 3.0, plain_good, mirrored_poor)
    assert looks[0] == "mirrored" and looks[-1] == "plain"


def test_a_look_that_loses_the_person_hands_over_to_the_other():
    chooser, clock = LookChooser(), Clock()
    assert set(clock.run(chooser, 1.0, pose_with(0.9), pose_with(0.85))) == {"plain"}
    looks = clock.run(chooser, 1.0, None, pose_with(0.85))
    assert looks[-1] == "mirrored"
    assert chooser.scores is not None and chooser.scores[0] < chooser.scores[1]


class BrightSpotPose:
    """A stand-in pose model: every landmark on the brightest pixel, the feet
    seen with ``foot_visibility``. Records the frames it was given and the
    threads it ran on."""

    def __init__(self, foot_visibility: float) -> None:
        self.foot_visibility = foot_visibility
        self.seen: list = []
        self.threads: set = set()
        self.closed = False

    def detect(self, rgb: np.ndarray, t: float):
        self.seen.append(rgb)
        self.threads.add(threading.get_ident())
        h, w = rgb.shape[:2]
        y, x = np.unravel_index(int(np.argmax(rgb[..., 0])), (h, w))
        return tuple(((x + 0.5) / w, (y + 0.5) / h, 0.0, self.foot_visibility if i >= P.LEFT_ANKLE else 0.9)
                     for i in range(33))

    def close(self) -> None:
        self.closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def test_both_ways_pose_shows_the_second_model_the_mirror_image_and_maps_its_landmarks_back():
    frame = np.zeros((48, 64, 3), np.uint8)
    frame[10, 5, 0] = 255   # a spot near the left edge
    plain, mirrored = BrightSpotPose(0.6), BrightSpotPose(0.9)
    with BothWaysPose(plain, mirrored) as pose:
        out = pose.detect(frame, 0.0)
        # the mirrored model saw the spot near the right edge
        assert mirrored.seen[0][10, 58, 0] == 255 and mirrored.seen[0][10, 5, 0] == 0
        # its look is surer of the feet, so it is the one handed out, back
        # where the spot is in the picture
        assert pose.chooser.mirrored
        assert out is not None and out[P.LEFT_HEEL][0] == pytest.approx(5.5 / 64)
        assert out[P.LEFT_HEEL][1] == pytest.approx(10.5 / 48)
    assert plain.closed and mirrored.closed
    # the looks ran side by side: the mirrored one on a thread of its own
    assert plain.threads == {threading.get_ident()} and len(mirrored.threads) == 1
    assert mirrored.threads != plain.threads
    with pytest.raises(PerceptionError):
        pose.detect(frame, 0.1)


def test_body_tracker_runs_an_injected_both_ways_pose_and_tracks_both_ways_by_default():
    assert TrackerOptions().both_ways
    frame = np.zeros((48, 64, 3), np.uint8)
    frame[20, 40, 0] = 255
    tracker = BodyTracker(BothWaysPose(BrightSpotPose(0.5), BrightSpotPose(0.4)), None,
                          TrackerOptions(with_hands=False))
    got = tracker.process(frame, 0.5)
    assert got.t == 0.5 and got.pose is not None
    assert got.pose[P.RIGHT_FOOT_INDEX][0] == pytest.approx(40.5 / 64)
    assert not tracker.pose.chooser.mirrored  # type: ignore[attr-defined]


def test_body_tracker_shrinks_a_large_picture_for_the_models_and_keeps_its_size():
    # a 4K frame with a bright 8 x 8 patch at (2000, 1200) pixels
    frame = np.zeros((2160, 3840, 3), np.uint8)
    frame[1196:1204, 1996:2004, 0] = 255
    model = BrightSpotPose(0.9)
    tracker = BodyTracker(model, None, TrackerOptions(with_hands=False, max_side=1280))
    got = tracker.process(frame, 0.0)
    assert model.seen[-1].shape == (720, 1280, 3)
    assert (got.w, got.h) == (3840, 2160)
    # the landmark is where the patch is, as a share of the picture
    assert got.pose[P.NOSE][0] == pytest.approx(2000 / 3840, abs=2 / 1280)
    assert got.pose[P.NOSE][1] == pytest.approx(1200 / 2160, abs=2 / 720)
    # a webcam's picture reaches the models as it is
    small = np.zeros((720, 1280, 3), np.uint8)
    tracker.process(small, 0.1)
    assert model.seen[-1] is small
