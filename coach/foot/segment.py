"""Foot segmentation for the close-up view.

How it works (chosen by measurement, see ``coach.foot.measure``):

1. Initialisation, once per session (or when the foot is lost for long):
   a rough foreground guess refined by GrabCut on a small copy of the frame.
   The guess is either the on-screen outline the person placed the foot in
   (``outline``), or, without one, an automatic guess: the colour cluster
   that is least present on the image border (the floor fills the border;
   the foot sits inside, the leg crosses one edge at most).
2. Every frame: two colour histograms learnt from that first silhouette
   (foot and floor, in YCrCb with coarse luma bins so lighting changes move
   a pixel by at most one bin) give each pixel the probability of being
   foot; the largest blob after a little smoothing is the foot. The
   histograms follow slow lighting drift by blending in each new frame's
   own statistics.

Everything runs on a downscaled copy (``work_width`` pixels wide), which is
what makes 60+ frames per second possible on two cores.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

import cv2
import numpy as np

# Histogram bins: luma, Cr, Cb.
BINS = (8, 32, 32)
_SHIFT = (5, 3, 3)  # 256 >> shift == bins


def to_bgr(image: np.ndarray, rgb: bool) -> np.ndarray:
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.shape[2] == 4:
        image = image[:, :, :3]
    return cv2.cvtColor(image, cv2.COLOR_RGB2BGR) if rgb else image


def _bin_index(ycc: np.ndarray) -> np.ndarray:
    y = ycc[:, :, 0] >> _SHIFT[0]
    cr = ycc[:, :, 1] >> _SHIFT[1]
    cb = ycc[:, :, 2] >> _SHIFT[2]
    return (y.astype(np.int32) * BINS[1] + cr) * BINS[2] + cb


def _histogram(index: np.ndarray, mask: np.ndarray) -> np.ndarray:
    h = np.bincount(index[mask].ravel(), minlength=BINS[0] * BINS[1] * BINS[2]).astype(np.float32)
    h = h.reshape(BINS)
    # Spread each count to its neighbours: colours seen in training generalise
    # to slightly different shades (and a luma bin either side: lighting).
    h = cv2.GaussianBlur(h.reshape(BINS[0], -1), (1, 1), 0).reshape(BINS)
    for axis in range(3):
        h = 0.5 * h + 0.25 * (np.roll(h, 1, axis) + np.roll(h, -1, axis))
    return h / max(1.0, float(h.sum()))


def largest_blob(mask: np.ndarray, min_area: int = 0) -> np.ndarray:
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if n <= 1:
        return np.zeros_like(mask)
    best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    if stats[best, cv2.CC_STAT_AREA] < min_area:
        return np.zeros_like(mask)
    return np.where(labels == best, 255, 0).astype(np.uint8)


def fill_holes(mask: np.ndarray) -> np.ndarray:
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out = np.zeros_like(mask)
    cv2.drawContours(out, contours, -1, 255, thickness=cv2.FILLED)
    return out


def auto_guess(bgr_small: np.ndarray, clusters: int = 4) -> np.ndarray:
    """A rough foot mask with no hint: the colour cluster the border lacks."""
    h, w = bgr_small.shape[:2]
    lab = cv2.cvtColor(bgr_small, cv2.COLOR_BGR2LAB).astype(np.float32)
    data = lab.reshape(-1, 3).copy()
    data[:, 0] *= 0.5  # brightness matters less than colour
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 20, 0.5)
    cv2.setRNGSeed(7)
    _, labels, _ = cv2.kmeans(data, clusters, None, criteria, 3, cv2.KMEANS_PP_CENTERS)
    labels = labels.reshape(h, w)
    ring = np.zeros((h, w), bool)
    b = max(2, min(h, w) // 20)
    ring[:b, :] = ring[-b:, :] = True
    ring[:, :b] = ring[:, -b:] = True
    best, best_score = None, None
    yy, xx = np.mgrid[0:h, 0:w]
    for k in range(clusters):
        sel = labels == k
        share = sel.mean()
        if share < 0.02 or share > 0.6:
            continue
        border = (sel & ring).sum() / max(1, ring.sum())
        # Central, compact clusters that the border lacks are the foot.
        cy, cx = yy[sel].mean() / h - 0.5, xx[sel].mean() / w - 0.5
        score = border / share + 0.5 * (cx * cx + cy * cy)
        if best_score is None or score < best_score:
            best, best_score = k, score
    if best is None:
        return np.zeros((h, w), np.uint8)
    mask = np.where(labels == best, 255, 0).astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    return fill_holes(largest_blob(mask))


def grabcut_refine(bgr_small: np.ndarray, guess: np.ndarray, sure_margin: int = 4, iterations: int = 4,
                   outline: bool = False) -> np.ndarray:
    """GrabCut seeded by a rough mask: its core is foot, far outside is floor."""
    k = np.ones((3, 3), np.uint8)
    core = cv2.erode(guess, k, iterations=sure_margin)
    near = cv2.dilate(guess, k, iterations=sure_margin * (3 if outline else 2))
    gc = np.full(guess.shape, cv2.GC_BGD, np.uint8)
    gc[near > 0] = cv2.GC_PR_BGD
    gc[guess > 0] = cv2.GC_PR_FGD
    gc[core > 0] = cv2.GC_FGD
    if not (gc == cv2.GC_FGD).any() or not (gc == cv2.GC_BGD).any():
        return guess
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    cv2.grabCut(bgr_small, gc, None, bgd, fgd, iterations, cv2.GC_INIT_WITH_MASK)
    mask = np.where((gc == cv2.GC_FGD) | (gc == cv2.GC_PR_FGD), 255, 0).astype(np.uint8)
    return fill_holes(largest_blob(mask))


@dataclass
class ColourModel:
    """Foot and floor colour histograms; per-pixel foot probability by lookup."""

    fg: np.ndarray
    bg: np.ndarray

    @classmethod
    def learn(cls, bgr_small: np.ndarray, mask: np.ndarray) -> "ColourModel":
        index = _bin_index(cv2.cvtColor(bgr_small, cv2.COLOR_BGR2YCrCb))
        k = np.ones((3, 3), np.uint8)
        inside = cv2.erode(mask, k, iterations=1) > 0
        outside = cv2.dilate(mask, k, iterations=2) == 0
        return cls(_histogram(index, inside), _histogram(index, outside))

    def lut(self, prior: float = 0.3) -> np.ndarray:
        f = self.fg.ravel() * prior
        b = self.bg.ravel() * (1.0 - prior)
        return (f / np.maximum(f + b, 1e-9)).astype(np.float32)

    def blend(self, other: "ColourModel", rate: float) -> None:
        self.fg = (1 - rate) * self.fg + rate * other.fg
        self.bg = (1 - rate) * self.bg + rate * other.bg


def work_size(w: int, h: int, work_width: int) -> Tuple[int, int]:
    scale = work_width / float(w)
    return work_width, max(8, int(round(h * scale)))


class FootSegmenter:
    """Per-video foot segmentation: initialise once, then colour lookup per frame."""

    def __init__(self, work_width: int = 160, adapt: float = 0.05, outline: Optional[np.ndarray] = None,
                 reinit_after: int = 15) -> None:
        self.work_width = work_width
        self.adapt = adapt
        self.outline = outline  # a mask at full size: where the foot was asked to be
        self.model: Optional[ColourModel] = None
        self._lut: Optional[np.ndarray] = None
        self._misses = 0
        self.reinit_after = reinit_after
        self.last_prob: Optional[np.ndarray] = None

    def _small(self, bgr: np.ndarray) -> np.ndarray:
        h, w = bgr.shape[:2]
        return cv2.resize(bgr, work_size(w, h, self.work_width), interpolation=cv2.INTER_AREA)

    def initialise(self, small: np.ndarray) -> np.ndarray:
        if self.outline is not None:
            guess = cv2.resize(self.outline, (small.shape[1], small.shape[0]), interpolation=cv2.INTER_NEAREST)
            mask = grabcut_refine(small, guess, outline=True)
        else:
            mask = grabcut_refine(small, auto_guess(small))
        if mask.any():
            self.model = ColourModel.learn(small, mask)
            self._lut = self.model.lut()
        return mask

    def segment_small(self, small: np.ndarray) -> np.ndarray:
        """The foot mask at the working size (0/255)."""
        if self.model is None:
            return self.initialise(small)
        ycc = cv2.cvtColor(small, cv2.COLOR_BGR2YCrCb)
        assert self._lut is not None
        prob = self._lut[_bin_index(ycc)]
        prob = cv2.GaussianBlur(prob, (5, 5), 0)
        self.last_prob = prob
        mask = np.where(prob > 0.5, 255, 0).astype(np.uint8)
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
        area_min = int(0.01 * mask.size)
        mask = largest_blob(mask, area_min)
        if not mask.any():
            self._misses += 1
            if self._misses >= self.reinit_after:
                self._misses = 0
                self.model = None
            return mask
        self._misses = 0
        if self.adapt > 0:
            # Follow slow lighting changes with this frame's own statistics.
            fresh = ColourModel.learn(small, mask)
            self.model.blend(fresh, self.adapt)
            self._lut = self.model.lut()
        return mask

    def segment(self, bgr: np.ndarray) -> np.ndarray:
        """The foot mask at full size (0/255)."""
        small = self._small(bgr)
        mask = self.segment_small(small)
        return cv2.resize(mask, (bgr.shape[1], bgr.shape[0]), interpolation=cv2.INTER_LINEAR)


def segment_image(bgr: np.ndarray, work_width: int = 240, outline: Optional[np.ndarray] = None) -> np.ndarray:
    """One still photo: GrabCut initialisation, then one pass of the colour model."""
    seg = FootSegmenter(work_width=work_width, adapt=0.0, outline=outline)
    small = seg._small(bgr)
    first = seg.initialise(small)
    if seg.model is None:
        return cv2.resize(first, (bgr.shape[1], bgr.shape[0]))
    mask = first
    return cv2.resize(mask, (bgr.shape[1], bgr.shape[0]), interpolation=cv2.INTER_LINEAR)
