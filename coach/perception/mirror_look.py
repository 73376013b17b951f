"""The pose model run on the picture both ways round, keeping the look it is surer of.

Why: MediaPipe Pose is not mirror-symmetric. On drawn walkers seen side-on
(the varied drawn walks of ``coach.accuracy.body``) it read the feet of
figures facing image left far better than the same figures mirrored, facing
right: a heel walk's toes, 25 degrees up, read 5 to 6 degrees lower facing
right, so that 17 of 34 heel walks facing right counted exact (7 counted
nothing) against 33 of 35 facing left, and ordinary walks facing right read
as toe walks. Its own landmark visibility told the better look: on 136 of
138 heel and ordinary walks the feet's mean visibility was higher in the
look where the figure faced left. On real footage the looks differ less,
and the one real side-on walk (``video_walk_park_sideview_sandals.mp4``)
keeps the plain look. So each frame goes through two trackers, one on the
picture and one on its mirror image (its landmarks mirrored back, left and
right swapped), and the chooser keeps the look whose feet the model has
been clearly surer of over the last second.

The chooser is pure (landmark rows and times in, the kept rows out) and is
tested with plain sequences; ``BothWaysPose`` wraps any two ``PoseDetector``s.
"""
from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

import numpy as np

from coach.perception.base import PerceptionError, PoseDetector
from coach.records import PoseIndex as P
from coach.records import POSE_POINTS, PosePoint

Pose = Tuple[PosePoint, ...]

# The landmarks that trade places in a mirror image, each left one with its
# right one, in MediaPipe's numbering: the eyes (inner, centre, outer), ears,
# mouth corners, then from the shoulders down to the foot tips in pairs.
_MIRROR_PAIRS = ((1, 4), (2, 5), (3, 6), (P.LEFT_EAR, P.RIGHT_EAR), (9, 10)) + tuple(
    (left, left + 1) for left in range(P.LEFT_SHOULDER, P.RIGHT_FOOT_INDEX, 2))

# Ankles, heels and foot tips: what the walks read, and what the looks differ on.
FOOT_POINTS = (P.LEFT_ANKLE, P.RIGHT_ANKLE, P.LEFT_HEEL, P.RIGHT_HEEL, P.LEFT_FOOT_INDEX, P.RIGHT_FOOT_INDEX)


def _mirror_order() -> Tuple[int, ...]:
    order = list(range(POSE_POINTS))
    for a, b in _MIRROR_PAIRS:
        order[a], order[b] = b, a
    return tuple(order)


# for each landmark, the row of the mirrored pose that holds it
_MIRROR_ORDER = _mirror_order()


def unmirror(pose: Optional[Pose]) -> Optional[Pose]:
    """Landmarks found on a mirror image, as they lie in the picture: x
    mirrored back, and each left landmark given the right one's row (what
    the model saw as the left leg of the mirrored person is the right leg)."""
    if pose is None:
        return None
    return tuple((1.0 - pose[j][0],) + tuple(pose[j][1:]) for j in _MIRROR_ORDER)  # type: ignore[misc]


def foot_confidence(pose: Optional[Pose], points: Sequence[int] = FOOT_POINTS) -> float:
    """The model's mean visibility of the feet's landmarks, 0 for no person."""
    if pose is None:
        return 0.0
    return float(np.mean([pose[i][3] for i in points]))


@dataclass(frozen=True)
class LookOptions:
    # s: the time constant of each look's running foot confidence; a second
    # spans one or two steps, so one odd frame does not switch the look
    memory: float = 1.0
    # the running confidence the other look must lead by to take over: the
    # drawn walks' looks differed by 0.03 to 0.10 in the mean, the real walk's
    # by 0.014 (the plain one ahead)
    margin: float = 0.03
    points: Tuple[int, ...] = FOOT_POINTS


class LookChooser:
    """Keeps the plain look until the mirrored one has been surer of the feet
    by ``margin`` over the last ``memory`` seconds, and back."""

    def __init__(self, options: LookOptions = LookOptions()) -> None:
        self.options = options
        self.mirrored = False
        self._scores: Optional[Tuple[float, float]] = None
        self._last_t = 0.0   # the last frame's time, read once scores are running

    @property
    def scores(self) -> Optional[Tuple[float, float]]:
        """The running foot confidence of the plain and the mirrored look."""
        return self._scores

    def choose(self, t: float, plain: Optional[Pose], mirrored: Optional[Pose]) -> Optional[Pose]:
        """The pose of the look kept at time ``t`` (seconds), given both looks'
        landmarks (the mirrored look's already mirrored back)."""
        now = (foot_confidence(plain, self.options.points), foot_confidence(mirrored, self.options.points))
        if self._scores is None:
            self._scores = now
        else:
            dt = max(t - self._last_t, 0.0)
            keep = math.exp(-dt / self.options.memory) if self.options.memory > 0 else 0.0
            self._scores = (keep * self._scores[0] + (1 - keep) * now[0],
                            keep * self._scores[1] + (1 - keep) * now[1])
        self._last_t = t
        kept, other = (self._scores[1], self._scores[0]) if self.mirrored else self._scores
        if other > kept + self.options.margin:
            self.mirrored = not self.mirrored
        return mirrored if self.mirrored else plain


class BothWaysPose:
    """A ``PoseDetector`` that runs ``plain`` on each frame and ``mirrored`` on
    its mirror image, and hands out the look ``LookChooser`` keeps. The two
    detectors track on their own (each sees every frame), so a switch of look
    finds the other already locked on.

    The mirrored look runs on a worker thread of its own while the caller's
    thread runs the plain one (MediaPipe lets go of the interpreter lock while
    it runs): on two cores a frame took 27 to 32 ms both ways against 20 to
    23 ms one way, and 44 ms with the looks one after the other. Each
    detector is only ever used by one thread."""

    def __init__(self, plain: PoseDetector, mirrored: PoseDetector, options: LookOptions = LookOptions()) -> None:
        self.plain = plain
        self.mirrored = mirrored
        self.chooser = LookChooser(options)
        self._worker: Optional[ThreadPoolExecutor] = ThreadPoolExecutor(max_workers=1,
                                                                       thread_name_prefix="mirrored-pose")

    def detect(self, rgb: np.ndarray, t: float) -> Optional[Pose]:
        if self._worker is None:
            raise PerceptionError("pose detector is closed")
        mirror_image = np.ascontiguousarray(rgb[:, ::-1])
        pending = self._worker.submit(self.mirrored.detect, mirror_image, t)
        try:
            plain = self.plain.detect(rgb, t)
        finally:
            # wait for the worker even when the plain look failed, so that
            # no detection is left running on a detector about to close
            mirrored_raw = pending.result()
        return self.chooser.choose(t, plain, unmirror(mirrored_raw))

    def close(self) -> None:
        if self._worker is not None:
            self._worker.shutdown(wait=True)
            self._worker = None
        self.plain.close()
        self.mirrored.close()

    def __enter__(self) -> "BothWaysPose":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
