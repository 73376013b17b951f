"""Local motion in the foot close-up, on a half-resolution grey frame.

- ``TipTracker``: the big-toe tip followed by template matching. The
  segmentation's toe end jumps whenever the silhouette changes (a lesser toe
  or a strand of carpet becomes the "farthest point"); a patch of the
  forefoot, seeded from the segmentation and matched frame to frame, does
  not. The tip is the matched patch plus the tip's offset inside it. A poor
  match, or a long disagreement with the segmentation, re-seeds the patch.
- ``FabricFlow``: how far the floor or fabric in front of the toes moved
  along the foot axis: texture points (Shi-Tomasi corners) in a band ahead
  of the toes, followed with pyramidal Lucas-Kanade, kept only when the
  backward track returns to the start, their median displacement; the same
  on the forefoot gives the foot's own motion (and camera shake), which is
  taken away. Texture that gives no coherent answer (wood grain, where a
  point can slide along its line; noise on a plain floor) reads as no motion:
  at least half the points must agree with their median.

Both work in pixels of the half-resolution frame they are given; the caller
converts.
"""
from __future__ import annotations

from typing import Optional, Tuple

import cv2
import numpy as np

XY = Tuple[float, float]


def _subpixel(res: np.ndarray, x: int, y: int) -> Tuple[float, float]:
    """Parabolic refinement of a correlation peak."""
    h, w = res.shape
    dx = dy = 0.0
    if 0 < x < w - 1:
        a, b, c = res[y, x - 1], res[y, x], res[y, x + 1]
        d = a - 2 * b + c
        if d < 0:
            dx = float(np.clip(0.5 * (a - c) / d, -0.5, 0.5))
    if 0 < y < h - 1:
        a, b, c = res[y - 1, x], res[y, x], res[y + 1, x]
        d = a - 2 * b + c
        if d < 0:
            dy = float(np.clip(0.5 * (a - c) / d, -0.5, 0.5))
    return x + dx, y + dy


class TipTracker:
    """The big-toe tip, followed by matching a forefoot patch."""

    LOST_SCORE = 0.45  # below: the patch is gone, re-seed from the segmentation
    REFRESH_SCORE = 0.7  # below: the foot's look changed, take a fresh patch here
    DISAGREE = 0.6  # foot widths between tracked tip and segmentation's toe end ...
    DISAGREE_FRAMES = 45  # ... for this many frames in a row: re-seed (the
    # silhouette itself goes wrong for a second at times; a lost patch stays lost)
    STEADY = 0.25  # foot widths: seed only from a toe end that moved less than this

    def __init__(self) -> None:
        self.templ: Optional[np.ndarray] = None
        self.pos = np.zeros(2, np.float32)  # patch centre
        self.offset = np.zeros(2, np.float32)  # tip - patch centre
        self.width = 0.0
        self.score = 0.0
        self._disagree = 0
        self._last_seg: Optional[np.ndarray] = None
        # How far the matched patch moved since the last frame (None after a re-seed).
        self.last_shift: Optional[np.ndarray] = None

    @staticmethod
    def _cut(gray: np.ndarray, x: int, y: int, half: int) -> Optional[np.ndarray]:
        """The square patch of side 2 * half + 1 centred on (x, y), or None
        when it does not lie wholly inside the frame."""
        h, w = gray.shape
        if x - half < 0 or y - half < 0 or x + half + 1 > w or y + half + 1 > h:
            return None
        return gray[y - half:y + half + 1, x - half:x + half + 1].copy()

    def _seed(self, gray: np.ndarray, tip: np.ndarray, axis: np.ndarray, width: float) -> bool:
        size = int(max(9, 0.8 * width)) | 1
        centre = tip - axis * 0.45 * width
        x, y = int(round(centre[0])), int(round(centre[1]))
        self.templ = self._cut(gray, x, y, size // 2)
        if self.templ is None:
            return False
        self.pos = np.array([x, y], np.float32)
        self.offset = (tip - self.pos).astype(np.float32)
        self.width = width
        self.score = 1.0
        self._disagree = 0
        return True

    def _reseed(self, gray: np.ndarray, seg: Optional[np.ndarray], axis: np.ndarray, width: float,
                steady: bool) -> Optional[XY]:
        """A fresh patch at the silhouette's toe end, when that end is steady;
        the tip is then the toe end itself."""
        if not steady or not self._seed(gray, seg, axis, width):  # type: ignore[arg-type]
            return None
        return float(seg[0]), float(seg[1])  # type: ignore[index]

    def update(self, gray: np.ndarray, seg_tip: Optional[XY], axis: Optional[XY], width: float) -> Optional[XY]:
        seg = np.asarray(seg_tip, np.float32) if seg_tip is not None else None
        u = np.asarray(axis, np.float32) if axis is not None else np.array([0.0, -1.0], np.float32)
        # A toe end that jumped since the last frame is no place to seed from
        # (the first, calibration frame's silhouette is often another shape).
        last, self._last_seg = self._last_seg, seg
        self.last_shift = None
        steady = seg is not None and last is not None and float(np.linalg.norm(seg - last)) < self.STEADY * width
        if self.templ is None:
            return self._reseed(gray, seg, u, width, steady)
        th, tw = self.templ.shape
        r = int(max(6, 0.35 * self.width))
        h, w = gray.shape
        x0 = int(round(self.pos[0])) - tw // 2 - r
        y0 = int(round(self.pos[1])) - th // 2 - r
        x1, y1 = x0 + tw + 2 * r, y0 + th + 2 * r
        cx0, cy0, cx1, cy1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
        ok = cx1 - cx0 >= tw + 2 and cy1 - cy0 >= th + 2
        if ok:
            res = cv2.matchTemplate(gray[cy0:cy1, cx0:cx1], self.templ, cv2.TM_CCOEFF_NORMED)
            _, score, _, (bx, by) = cv2.minMaxLoc(res)
            self.score = float(score)
            ok = score >= self.LOST_SCORE
        if not ok:
            self.templ = None
            return self._reseed(gray, seg, u, width, steady)
        sx, sy = _subpixel(res, bx, by)
        new = np.array([cx0 + sx + tw // 2, cy0 + sy + th // 2], np.float32)
        self.last_shift = new - self.pos
        self.pos = new
        tip = self.pos + self.offset
        if seg is not None and np.linalg.norm(tip - seg) > self.DISAGREE * self.width:
            self._disagree += 1
            if self._disagree >= self.DISAGREE_FRAMES:
                reseeded = self._reseed(gray, seg, u, width, steady)
                if reseeded is not None:
                    return reseeded
        else:
            self._disagree = 0
        if self.score < self.REFRESH_SCORE:
            # Same tip, fresh look: the offset is kept, the patch re-cut here.
            x, y = int(round(self.pos[0])), int(round(self.pos[1]))
            patch = self._cut(gray, x, y, tw // 2)
            if patch is not None:
                self.offset = (tip - np.array([x, y], np.float32)).astype(np.float32)
                self.pos = np.array([x, y], np.float32)
                self.templ = patch
        return float(tip[0]), float(tip[1])


_LK = dict(winSize=(13, 13), maxLevel=2, criteria=(cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 20, 0.03))


def _corners(gray: np.ndarray, mask: np.ndarray, n: int, quality: float = 0.01) -> Optional[np.ndarray]:
    """Corners inside ``mask``, found on the mask's bounding box only (cheaper)."""
    ys, xs = np.nonzero(mask)
    if len(xs) < 20:
        return None
    x0, x1, y0, y1 = int(xs.min()), int(xs.max()) + 1, int(ys.min()), int(ys.max()) + 1
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    pts = cv2.goodFeaturesToTrack(gray[y0:y1, x0:x1], n, quality, 4, mask=mask[y0:y1, x0:x1], blockSize=5)
    if pts is None:
        return None
    return (pts.reshape(-1, 2) + np.array([x0, y0], np.float32)).astype(np.float32)


class FabricFlow:
    """Fabric motion along the foot axis in front of the toes, foot motion taken away."""

    MIN_POINTS = 6
    FB_ERROR = 0.5  # pixels: the backward track must come home this close
    AGREE = 0.35  # pixels (or 30% of the motion): a point agreeing with the median

    def __init__(self, n_ahead: int = 60, n_foot: int = 25) -> None:
        self.n_ahead = n_ahead
        self.n_foot = n_foot
        self._prev: Optional[np.ndarray] = None

    def _track(self, prev: np.ndarray, cur: np.ndarray, pts: Optional[np.ndarray]) -> Optional[np.ndarray]:
        if pts is None or len(pts) < 3:
            return None
        fwd, st1, _ = cv2.calcOpticalFlowPyrLK(prev, cur, pts, None, **_LK)
        back, st2, _ = cv2.calcOpticalFlowPyrLK(cur, prev, fwd, None, **_LK)
        good = (st1.ravel() == 1) & (st2.ravel() == 1) & (np.linalg.norm(back - pts, axis=1) < self.FB_ERROR)
        if good.sum() < 3:
            return None
        return (fwd - pts)[good]

    def update(self, gray: np.ndarray, foot_mask: Optional[np.ndarray], tip: Optional[XY], axis: Optional[XY],
               width: float, foot_shift: Optional[np.ndarray] = None) -> Optional[float]:
        """Displacement of the fabric toward the heel since the last frame, in
        pixels of ``gray`` (None when there is too little texture to tell).
        ``foot_mask`` is at ``gray``'s size. The foot's own motion comes from
        texture points on the forefoot; where skin shows too few of them,
        from ``foot_shift`` (the tip tracker's patch), else it counts as still."""
        prev, self._prev = self._prev, gray
        if prev is None or foot_mask is None or tip is None or axis is None or width <= 0:
            return None
        h, w = gray.shape
        u = np.asarray(axis, np.float32)
        v = np.array([-u[1], u[0]], np.float32)
        t = np.asarray(tip, np.float32)
        # The band ahead of the toes: 0.2 to 1.3 foot widths forward, 0.9 across.
        a, b, c = 0.2 * width, 1.3 * width, 0.9 * width
        quad = np.array([t + u * a - v * c, t + u * b - v * c, t + u * b + v * c, t + u * a + v * c], np.int32)
        band = np.zeros((h, w), np.uint8)
        cv2.fillConvexPoly(band, quad, 255)
        margin = max(3, int(0.1 * width)) | 1
        band[cv2.dilate(foot_mask, np.ones((margin, margin), np.uint8)) > 0] = 0
        ahead = self._track(prev, gray, _corners(prev, band, self.n_ahead))
        if ahead is None or len(ahead) < self.MIN_POINTS:
            return None
        along = self._coherent(ahead @ u)
        if along is None:
            return 0.0
        # The forefoot: foot pixels within 1.2 widths behind the tip, off the
        # edge (built only when the fabric ahead moved coherently).
        fore = np.zeros((h, w), np.uint8)
        quad2 = np.array([t - v * c, t - u * 1.2 * width - v * c, t - u * 1.2 * width + v * c, t + v * c], np.int32)
        cv2.fillConvexPoly(fore, quad2, 255)
        fore[cv2.erode(foot_mask, np.ones((margin, margin), np.uint8)) == 0] = 0
        foot = self._track(prev, gray, _corners(prev, fore, self.n_foot, quality=0.002))
        own = self._coherent(foot @ u) if foot is not None and len(foot) >= 5 else None
        if own is None and foot_shift is not None:
            own = float(np.asarray(foot_shift, np.float32) @ u)
        return -(along - (own or 0.0))

    def _coherent(self, values: np.ndarray) -> Optional[float]:
        """The mean of the values that agree with their median, if at least half do."""
        med = float(np.median(values))
        ok = np.abs(values - med) < max(self.AGREE, 0.3 * abs(med))
        if ok.sum() < 0.5 * len(values):
            return None
        return float(values[ok].mean())
