"""Frames in between, for counters tuned on 24 to 30 frames a second.

A webcam in a dim room sends 15 frames a second, and a busy computer
analyses only the newest frame it can (``coach.frame_relay``): the counters
then see 8 to 15 frames a second. Their time comes from timestamps, but
several of their windows are counted in frames (a running median of five
readings, three readings either side of a leg swap, a walk judged on twelve
readings) and were chosen on clips of 24 and 30 frames a second. At half the
rate those windows last twice as long and smear a short heel lift away.

So where two frames with a person in them stand further apart than the rate
the counters were tuned on, ``FrameFiller`` makes frames in between, each
landmark on the straight line from one frame to the next. Left as they are:
a gap longer than ``max_gap`` (the person was lost, or the stream stalled),
frames without a person, and a body that jumps or changes size faster than
a person does (the pose model took a passer-by). The frames made carry no
hands, so no gesture is read twice, and are marked ``Frame.drawn``: a
straight line has no bend, so the walks read the landmarks' jitter on the
camera's frames alone (``GaitCounter``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import List, Optional

from coach.engine import body_signals as bs
from coach.records import Frame


@dataclass(frozen=True)
class FillOptions:
    """``rate``: the frames a second counters were tuned on; gaps of up to
    ``max_gap`` seconds are filled up to it. ``max_body_speed`` (torso
    lengths a second, hip centre) and ``max_growth`` (the torso's length,
    log change a second) tell a jump to someone else from a person moving."""

    rate: float = 30.0
    max_gap: float = 0.25
    max_body_speed: float = 5.0
    max_growth: float = 1.0

    def __post_init__(self) -> None:
        if min(self.rate, self.max_gap, self.max_body_speed, self.max_growth) <= 0:
            raise ValueError("every fill option must be positive")


def jumped(before: Frame, after: Frame, options: FillOptions) -> bool:
    """Whether the body moved, or grew, faster from ``before`` to ``after``
    than a person does: the hip centre's speed and the torso's change, in
    pixels (the picture's own aspect, as the counters measure), over the
    torso's length before."""
    gap = after.t - before.t
    if gap <= 0:
        return True
    a, b = bs.torso(before), bs.torso(after)
    if a is None or b is None:
        return True
    ax, ay = bs.hip_centre(before)
    bx, by = bs.hip_centre(after)
    speed = math.hypot(bx - ax, by - ay) / a / gap
    growth = abs(math.log(b / a)) / gap
    return speed > options.max_body_speed or growth > options.max_growth


class FrameFiller:
    """Sees the frames as they come: ``between(frame)`` gives the frames to
    count before ``frame``, oldest first (none when the gap needs none)."""

    def __init__(self, options: Optional[FillOptions] = None) -> None:
        self.options = options if options is not None else FillOptions()
        self._last: Optional[Frame] = None

    def between(self, frame: Frame) -> List[Frame]:
        last, self._last = self._last, frame
        # foot close-up frames have no pose, and are left as they come
        pose = getattr(frame, "pose", None)
        if last is None or pose is None or getattr(last, "pose", None) is None or len(last.pose) != len(pose):
            return []
        gap = frame.t - last.t
        # up to 1.5 frames' time: a 24 frame-a-second camera, or a frame a
        # few milliseconds late, is counted as it comes
        if gap <= 1.5 / self.options.rate or gap > self.options.max_gap:
            return []
        if jumped(last, frame, self.options):
            return []
        made = int(math.ceil(gap * self.options.rate - 1e-9)) - 1
        out = []
        for k in range(1, made + 1):
            share = k / (made + 1)
            points = tuple(tuple(p + share * (q - p) for p, q in zip(a, b)) for a, b in zip(last.pose, pose))
            out.append(Frame(t=last.t + share * gap, w=frame.w, h=frame.h, pose=points,  # type: ignore[arg-type]
                             hands=None, drawn=True))
        return out
