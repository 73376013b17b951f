"""Draws what the coach sees onto a video frame (BGR, in place)."""
from __future__ import annotations

from typing import Optional, Sequence, Tuple

import cv2
import numpy as np

from coach.records import Frame, PoseIndex as P

# Limbs worth showing to a person doing foot exercises: legs and feet drawn
# bold, the trunk and arms thin.
LEG_BONES: Tuple[Tuple[int, int], ...] = (
    (P.LEFT_HIP, P.LEFT_KNEE), (P.LEFT_KNEE, P.LEFT_ANKLE), (P.LEFT_ANKLE, P.LEFT_HEEL),
    (P.LEFT_HEEL, P.LEFT_FOOT_INDEX), (P.LEFT_ANKLE, P.LEFT_FOOT_INDEX),
    (P.RIGHT_HIP, P.RIGHT_KNEE), (P.RIGHT_KNEE, P.RIGHT_ANKLE), (P.RIGHT_ANKLE, P.RIGHT_HEEL),
    (P.RIGHT_HEEL, P.RIGHT_FOOT_INDEX), (P.RIGHT_ANKLE, P.RIGHT_FOOT_INDEX),
)
BODY_BONES: Tuple[Tuple[int, int], ...] = (
    (P.LEFT_SHOULDER, P.RIGHT_SHOULDER), (P.LEFT_HIP, P.RIGHT_HIP),
    (P.LEFT_SHOULDER, P.LEFT_HIP), (P.RIGHT_SHOULDER, P.RIGHT_HIP),
    (P.LEFT_SHOULDER, 13), (13, P.LEFT_WRIST), (P.RIGHT_SHOULDER, 14), (14, P.RIGHT_WRIST),
)
HAND_BONES = ((0, 1), (1, 2), (2, 3), (3, 4), (0, 5), (5, 6), (6, 7), (7, 8), (5, 9), (9, 10), (10, 11),
              (11, 12), (9, 13), (13, 14), (14, 15), (15, 16), (13, 17), (0, 17), (17, 18), (18, 19), (19, 20))

GREEN, AMBER, WHITE, BLUE = (80, 200, 80), (0, 170, 255), (255, 255, 255), (230, 160, 40)


def _pt(x: float, y: float, w: int, h: int) -> Tuple[int, int]:
    return int(round(x * w)), int(round(y * h))


def draw_landmarks(image: np.ndarray, frame: Frame, valid: bool = True) -> None:
    h, w = image.shape[:2]
    if frame.pose is not None:
        leg_colour = GREEN if valid else AMBER
        for bones, colour, width in ((BODY_BONES, WHITE, 2), (LEG_BONES, leg_colour, 4)):
            for a, b in bones:
                pa, pb = frame.pose[a], frame.pose[b]
                cv2.line(image, _pt(pa[0], pa[1], w, h), _pt(pb[0], pb[1], w, h), colour, width, cv2.LINE_AA)
        for i in (P.LEFT_HEEL, P.RIGHT_HEEL, P.LEFT_FOOT_INDEX, P.RIGHT_FOOT_INDEX, P.LEFT_ANKLE, P.RIGHT_ANKLE):
            cv2.circle(image, _pt(frame.pose[i][0], frame.pose[i][1], w, h), 5, leg_colour, -1, cv2.LINE_AA)
    for hand in frame.hands or ():
        for a, b in HAND_BONES:
            pa, pb = hand.points[a], hand.points[b]
            cv2.line(image, _pt(pa[0], pa[1], w, h), _pt(pb[0], pb[1], w, h), BLUE, 2, cv2.LINE_AA)


def draw_hud(image: np.ndarray, count: int, title: str, progress: float, target: int,
             message: Optional[str] = None) -> None:
    """The count in large type, the exercise, the set's progress and one line of feedback."""
    h, w = image.shape[:2]
    scale = h / 480.0
    cv2.rectangle(image, (0, 0), (w, int(70 * scale)), (0, 0, 0), -1)
    cv2.putText(image, title, (int(12 * scale), int(30 * scale)), cv2.FONT_HERSHEY_SIMPLEX, 0.8 * scale, WHITE, 2, cv2.LINE_AA)
    text = str(count)
    size = cv2.getTextSize(text, cv2.FONT_HERSHEY_DUPLEX, 2.2 * scale, 4)[0]
    cv2.putText(image, text, (w - size[0] - int(16 * scale), int(60 * scale)), cv2.FONT_HERSHEY_DUPLEX, 2.2 * scale,
                GREEN, 4, cv2.LINE_AA)
    # The set's progress: repetitions done out of the target.
    bar_w = int((w - 24 * scale) * min(1.0, count / max(1, target)))
    cv2.rectangle(image, (int(12 * scale), int(44 * scale)), (int(12 * scale) + bar_w, int(56 * scale)), GREEN, -1)
    # How far into the current movement: a thin gauge along the left edge.
    level = float(np.clip(progress, 0.0, 1.0))
    top = int(h - (h - 80 * scale) * level)
    cv2.rectangle(image, (0, top), (int(8 * scale), h), AMBER, -1)
    if message:
        cv2.rectangle(image, (0, h - int(36 * scale)), (w, h), (0, 0, 0), -1)
        # A long sentence is drawn smaller rather than cut off at the edge.
        font_scale = 0.6 * scale
        room = w - int(28 * scale)
        width = cv2.getTextSize(message, cv2.FONT_HERSHEY_SIMPLEX, font_scale, 1)[0][0]
        if width > room:
            font_scale *= room / width
        cv2.putText(image, message, (int(14 * scale), h - int(11 * scale)), cv2.FONT_HERSHEY_SIMPLEX, font_scale,
                    WHITE, 1, cv2.LINE_AA)


def annotate(image: np.ndarray, frame: Frame, count: int, title: str, progress: float, target: int,
             valid: bool = True, message: Optional[str] = None) -> np.ndarray:
    draw_landmarks(image, frame, valid)
    draw_hud(image, count, title, progress, target, message)
    return image


