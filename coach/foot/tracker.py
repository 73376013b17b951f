"""Per-frame foot vision: image in, ``FootFrame`` out.

Segmentation (``segment``), silhouette geometry (``geometry``), the big-toe
tip followed by template matching and the fabric flow in front of the toes
(tracked texture points, foot motion subtracted; both in ``motion``, on a
half-resolution grey frame), the big toe's bend seen from the side, and small
coloured objects inside a target zone.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from collections import deque
from typing import Deque, Optional, Sequence, Tuple

import cv2
import numpy as np

from coach.engine.foot_records import FootFrame
from coach.foot.geometry import FootShape, measure_shape
from coach.foot.motion import FabricFlow, TipTracker
from coach.foot.segment import ColourModel, _bin_index, fill_holes, grabcut_refine, largest_blob, work_size

WORK_WIDTH = 240
# The grey frame the tip tracker and the fabric flow read is half the
# picture, at most this wide: what a 1280 pixel webcam gives them. A phone's
# 4K frames gave them 1920 pixels to follow, for nothing they need: drawn
# clips scaled up six times (3840 wide) count the same at 640, and are read
# three times as fast (towel gathering 19.1 -> 6.5 s, toe drawing 39.1 ->
# 11.9 s).
HALF_MAX_WIDTH = 640
FOOT_PRIOR = 0.15


@dataclass
class Scene:
    """What the calibration knows: the outline the foot was placed in (a polygon,
    normalised coordinates), the view, and the bowl zone (normalised x0, y0, x1, y1)."""

    outline: Optional[Sequence[Tuple[float, float]]] = None
    view: str = "top"  # "top" or "side"
    zone: Tuple[float, float, float, float] = (0.72, 0.1, 0.98, 0.9)


class FootTracker:
    def __init__(self, scene: Optional[Scene] = None, work_width: int = WORK_WIDTH) -> None:
        self.scene = scene or Scene()
        self.work_width = work_width
        self.model: Optional[ColourModel] = None
        self._lut: Optional[np.ndarray] = None
        self._prev_mask: Optional[np.ndarray] = None
        self._prev_t: Optional[float] = None
        self._tip = TipTracker()
        self._fabric = FabricFlow()
        self._widths: Deque[float] = deque(maxlen=91)
        self._calib_width = 0.0  # ball width on the calibration frame, work pixels
        self._misses = 0
        self._selfie = None
        self._side = SideToe()

    # -- segmentation -------------------------------------------------------
    def _initial_guess(self, small: np.ndarray) -> Tuple[np.ndarray, bool]:
        h, w = small.shape[:2]
        if self.scene.outline:
            pts = np.array([[x * w, y * h] for x, y in self.scene.outline], np.int32)
            guess = np.zeros((h, w), np.uint8)
            cv2.fillPoly(guess, [pts], 255)
            return guess, True
        try:
            import mediapipe as mp

            if self._selfie is None:
                self._selfie = mp.solutions.selfie_segmentation.SelfieSegmentation(model_selection=0)
            res = self._selfie.process(cv2.cvtColor(small, cv2.COLOR_BGR2RGB))
            guess = largest_blob(((res.segmentation_mask > 0.5) * 255).astype(np.uint8))
        except Exception:  # pragma: no cover - mediapipe missing
            from coach.foot.segment import auto_guess

            guess = auto_guess(small)
        return guess, False

    def _segment(self, small: np.ndarray) -> np.ndarray:
        if self.model is None:
            guess, outline = self._initial_guess(small)
            if not guess.any():
                return guess
            mask = grabcut_refine(small, guess, outline=outline)
            if mask.any():
                calib = measure_shape(mask)
                self._calib_width = calib.width if calib.found else 0.0
                self.model = ColourModel.learn(small, mask)
                # A low prior for "foot": textiles such as carpet hold many
                # skin-coloured fibres, and a pixel must look clearly like skin.
                self._lut = self.model.lut(FOOT_PRIOR)
                self._prev_mask = mask
            return mask
        ycc = cv2.cvtColor(small, cv2.COLOR_BGR2YCrCb)
        prob = self._lut[_bin_index(ycc)]  # type: ignore[index]
        if self._prev_mask is not None:
            # Where the foot was a moment ago it very likely still is.
            near = cv2.dilate(self._prev_mask, np.ones((13, 13), np.uint8))
            prior = np.where(near > 0, 0.8, 0.15).astype(np.float32)
            prob = prob * prior / np.maximum(prob * prior + (1 - prob) * (1 - prior), 1e-6)
        prob = cv2.GaussianBlur(prob, (3, 3), 0)
        mask = np.where(prob > 0.5, 255, 0).astype(np.uint8)
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
        mask = largest_blob(mask, int(0.01 * mask.size))
        if not mask.any():
            self._misses += 1
            if self._misses > 15:
                self.model, self._prev_mask, self._misses = None, None, 0
            return mask
        self._misses = 0
        self._prev_mask = mask
        return mask

    # -- the frame ----------------------------------------------------------
    def process(self, t: float, image: np.ndarray, rgb: bool = True) -> FootFrame:
        h, w = image.shape[:2]
        bgr = cv2.cvtColor(image, cv2.COLOR_RGB2BGR) if rgb else image
        sw, sh = work_size(w, h, self.work_width)
        # Halving first is cheap (an exact 2x2 average), and the half-size
        # grey frame is what the tip tracker and the fabric flow use.
        hw, hh = max(sw, w // 2), max(sh, h // 2)
        if hw > HALF_MAX_WIDTH:
            hw, hh = work_size(w, h, HALF_MAX_WIDTH)
        half = cv2.resize(bgr, (hw, hh), interpolation=cv2.INTER_AREA) if (hw, hh) != (w, h) else bgr
        small = cv2.resize(half, (sw, sh), interpolation=cv2.INTER_AREA) if (sw, sh) != (hw, hh) else half
        mask = self._segment(small)
        # only the top view follows the tip and the fabric in the grey frame
        gray = cv2.cvtColor(half, cv2.COLOR_BGR2GRAY) if self.scene.view != "side" else None
        shape = measure_shape(mask) if mask.any() else FootShape(False)
        in_zone, outside = self._objects(small, mask)
        flow = None
        angle = None
        pen = None
        if shape.found:
            k = hw / float(sw)
            tip_h = (shape.toe_end[0] * k, shape.toe_end[1] * k)
            width_h = shape.width * k
            if self.scene.view == "side":
                angle = self._side.angle(mask)
            else:
                assert gray is not None
                p = self._tip.update(gray, tip_h, shape.axis, width_h)
                if p is not None:
                    pen = (p[0] / hw, p[1] / hh)
                mask_h = cv2.resize(mask, (hw, hh), interpolation=cv2.INTER_NEAREST)
                # Flow in foot widths: the width of the last three seconds, as
                # one frame's silhouette may shrink to a fraction of the foot;
                # and never much below the width measured at calibration (the
                # silhouette on a skin-coloured floor can stay shrunk for long).
                self._widths.append(width_h)
                steady = max(float(np.median(self._widths)), 0.7 * self._calib_width * k)
                moved = self._fabric.update(gray, mask_h, tip_h, shape.axis, steady, self._tip.last_shift)
                if moved is not None and self._prev_t is not None and t > self._prev_t:
                    flow = moved / steady / (t - self._prev_t)
        elif gray is not None:
            self._fabric.update(gray, None, None, None, 0.0)
        self._prev_t = t
        if not shape.found:
            return FootFrame(t=t, w=w, h=h, found=False, objects_in_zone=in_zone, objects_outside=outside)
        return FootFrame(
            t=t, w=w, h=h, found=True,
            toe_end=(shape.toe_end[0] / sw, shape.toe_end[1] / sh),
            axis=shape.axis,
            width=shape.width / sw,
            length=shape.length / sw,
            tips=tuple((x / sw, y / sh) for x, y in shape.tips),
            pen=pen,
            spread=shape.spread,
            flow_along=flow,
            toe_angle=angle,
            objects_in_zone=in_zone,
            objects_outside=outside,
        )

    def _objects(self, small: np.ndarray, mask: np.ndarray) -> Tuple[int, int]:
        hsv = cv2.cvtColor(small, cv2.COLOR_BGR2HSV)
        sel = cv2.inRange(hsv, (95, 140, 60), (130, 255, 255))
        n, _, stats, cents = cv2.connectedComponentsWithStats(sel)
        sh, sw = small.shape[:2]
        x0, y0, x1, y1 = self.scene.zone
        inside = outside = 0
        min_area = max(4, int(0.0004 * sw * sh))
        for i in range(1, n):
            if stats[i, cv2.CC_STAT_AREA] < min_area:
                continue
            cx, cy = cents[i][0] / sw, cents[i][1] / sh
            if x0 <= cx <= x1 and y0 <= cy <= y1:
                inside += 1
            else:
                outside += 1
        return inside, outside


def side_toe_angle(mask: np.ndarray) -> Optional[float]:
    """Side view (sole along the bottom of the picture, leg leaving at the top):
    the slope of the big toe's upper edge against the sole, in degrees, up positive.

    The toes are the end of the foot away from the leg; the big toe's upper
    edge is read over the middle of the toe (40% to 85% of the way from the
    ball to the tip), where it runs parallel to the toe's own axis.
    """
    ys, xs = np.nonzero(mask)
    if len(xs) < 50:
        return None
    h, w = mask.shape
    top_cols = np.nonzero(mask[0, :])[0]
    leg_x = float(top_cols.mean()) if len(top_cols) else float(xs.mean())
    x_min, x_max = int(xs.min()), int(xs.max())
    toes_right = (x_max - leg_x) > (leg_x - x_min)
    sole_y = float(np.percentile(ys, 99))
    floor_band = ys > sole_y - 0.06 * (x_max - x_min)
    fx = xs[floor_band]
    heel = float(fx.min() if toes_right else fx.max())
    front = float(fx.max() if toes_right else fx.min())
    ball = heel + 0.68 * (front - heel)
    span = front - ball
    cols = np.arange(int(min(ball + 0.3 * span, ball + 0.8 * span)), int(max(ball + 0.3 * span, ball + 0.8 * span)) + 1)
    cols = cols[(cols >= 0) & (cols < w)]
    if len(cols) < 4:
        return None
    tops = []
    for c in cols:
        col = np.nonzero(mask[:, c])[0]
        if len(col):
            tops.append((c, col.min()))
    if len(tops) < 4:
        return None
    arr = np.asarray(tops, np.float32)
    slope = np.polyfit(arr[:, 0], arr[:, 1], 1)[0]
    direction = 1.0 if toes_right else -1.0
    return math.degrees(math.atan(-slope * direction))


class SideToe:
    """The big toe's upward bend from the side, in degrees, 0 with the toe flat.

    The first frame with a foot (the toes relaxed on the floor, as the
    calibration asks) fixes the geometry: the sole runs along the bottom of
    the foot, the toe tip is the foremost point near the floor, and the big
    toe's base joint lies behind it by a fifth of the foot's length (a big
    toe is about that long). On every frame the tip is the point of the foot
    farthest from that joint, ahead of it and above the sole; the angle of
    joint-to-tip against the sole is the bend. A lifted toe swings its tip
    up about the joint, while the lesser toes, shorter, stay nearer.
    """

    TOE_FRACTION = 0.2

    def __init__(self) -> None:
        self.joint: Optional[np.ndarray] = None
        self.forward = 1.0  # +1: toes toward +x
        self.reach = 0.0

    def _setup(self, mask: np.ndarray) -> bool:
        ys, xs = np.nonzero(mask)
        if len(xs) < 50:
            return False
        top_cols = np.nonzero(mask[0, :])[0]
        leg_x = float(top_cols.mean()) if len(top_cols) else float(xs.mean())
        x_min, x_max = int(xs.min()), int(xs.max())
        self.forward = 1.0 if (x_max - leg_x) > (leg_x - x_min) else -1.0
        sole_y = float(np.percentile(ys, 99))
        band = ys > sole_y - 0.08 * (x_max - x_min)
        fx, fy = xs[band], ys[band]
        i = int(np.argmax(self.forward * fx))
        tip = np.array([fx[i], fy[i]], np.float32)
        heel = float(fx.min() if self.forward > 0 else fx.max())
        length = abs(float(tip[0]) - heel)
        if length < 10:
            return False
        self.reach = self.TOE_FRACTION * length
        self.joint = tip - np.array([self.forward * self.reach, 0.0], np.float32)
        return True

    def angle(self, mask: np.ndarray) -> Optional[float]:
        if self.joint is None and not self._setup(mask):
            return None
        assert self.joint is not None
        jx, jy = float(self.joint[0]), float(self.joint[1])
        r = int(1.6 * self.reach) + 2
        h, w = mask.shape
        x0, x1 = max(0, int(jx) - r), min(w, int(jx) + r + 1)
        y0, y1 = max(0, int(jy) - r), min(h, int(jy) + 3)
        ys, xs = np.nonzero(mask[y0:y1, x0:x1])
        if len(xs) == 0:
            return None
        dx = (xs + x0 - jx) * self.forward
        dy = jy - (ys + y0)  # up positive
        ahead = dx > 0
        if not ahead.any():
            return None
        d2 = dx[ahead] ** 2 + dy[ahead] ** 2
        far = np.argsort(-d2)[:5]  # a few farthest points: steadier than one
        ax, ay = float(dx[ahead][far].mean()), float(dy[ahead][far].mean())
        if ax * ax + ay * ay < (0.5 * self.reach) ** 2:
            return None
        return math.degrees(math.atan2(ay, ax))
