"""Foot-view clips with known counts, made by warping real foot photos.

The photos are read at run time from the footage folder (``FOOTCOACH_FOOTAGE``,
never copied into the repository). Each generator returns a ``Clip``: a frame
renderer (t, BGR 640x480 image, made lazily so a clip never sits in memory
whole), the calibration ``Scene`` (the outline the foot was placed in) and the
ground truth. Every frame gets sensor noise, a slow lighting drift and camera
shake (``Camera``).

Everything costly is prepared once per photo (``PhotoScene``): the foot matte,
a foot-free floor (the photo's own floor beside the foot, mirrored into a
tile), and per toe a small region with its pivot. A frame then costs a few
small warps, which keeps a 15-second clip to a few seconds of work.

- toe spreading: each toe is cut out and turned about its base (the gap it
  leaves shows the floor), big toe inward, the small toes outward;
- towel pulls: the floor (a textile on the carpet photo) slides toward the
  heel under a still foot, one pull at a time;
- object pickup: the foot (moved as a whole over the floor) carries blue
  counters one by one from the floor into a bowl;
- toe drawing: the foot moves so that its big-toe tip traces digits;
- big-toe bending: a side-view foot drawn with skin taken from a photo on a
  real floor texture, its big toe turned about its base joint (the footage
  has no usable side view of a big toe);
- still foot: only noise, lighting and shake (must count nothing).
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple

import cv2
import numpy as np

from coach.foot.labels import OUTLINES, TOE_TIPS
from coach.foot.segment import grabcut_refine
from coach.foot.tracker import Scene

W, H = 640, 480
FPS = 30.0
TOP_PHOTOS = ("feet_barefoot_topview_concrete_2.png", "feet_barefoot_topview_carpet_4.png")
# Top views whose toes are not all visible: good for still-foot clips only.
OTHER_TOP_PHOTOS = ("feet_barefoot_white_tile_3.png", "feet_barefoot_wood_floor_1.png")
# Blue counters (BGR): what the object tracker looks for.
OBJECT_BGR = (200, 90, 20)
OBJECT_RADIUS = 10

Frame = Tuple[float, np.ndarray]


@dataclass
class Clip:
    name: str
    exercise: str
    render: Callable[[], Iterator[Frame]]
    n_frames: int
    scene: Scene
    reps: int
    truth: Dict[str, object] = field(default_factory=dict)

    @property
    def frames(self) -> List[Frame]:
        return list(self.render())

    @property
    def seconds(self) -> float:
        return self.n_frames / FPS


def footage_dir() -> Optional[Path]:
    raw = os.environ.get("FOOTCOACH_FOOTAGE", "").strip()
    return Path(raw) if raw and (Path(raw) / "SOURCES.tsv").is_file() else None


def _need_footage(folder: Optional[Path] = None) -> Path:
    folder = folder or footage_dir()
    if folder is None:
        raise FileNotFoundError("FOOTCOACH_FOOTAGE does not point at the footage folder")
    return folder


@dataclass
class Toe:
    x0: int
    y0: int
    image: np.ndarray  # ROI of the photo
    region: np.ndarray  # ROI mask of this toe, 0/255
    base: Tuple[float, float]  # pivot, ROI coordinates
    sign: float  # +1: spreading turns it toward +x


@dataclass
class PhotoScene:
    name: str
    image: np.ndarray  # BGR, W x H
    matte: np.ndarray  # foot (and leg) mask, 0/255
    outline: List[Tuple[float, float]]  # loose outline, normalised
    tips: List[Tuple[float, float]]  # toe tips in pixels, big toe first
    width: float  # ball width, pixels
    floor: np.ndarray  # the floor with no foot on it, W x H
    floor_tall: np.ndarray  # 3 floors stacked (mirrored) for sliding
    toes: List[Toe] = field(default_factory=list)
    still: Optional[np.ndarray] = None  # the photo with every toe cut out (floor there)


_CACHE: Dict[str, PhotoScene] = {}


def _floor_from(image: np.ndarray, matte: np.ndarray) -> np.ndarray:
    """The photo's floor beside the foot, mirrored into a full-size tile."""
    cols = np.nonzero(cv2.dilate(matte, np.ones((25, 25), np.uint8)).any(axis=0))[0]
    left, right = int(cols.min()), int(cols.max())
    strip = image[:, :left] if left >= W - right else image[:, right + 1:]
    strip = strip[:, : max(40, strip.shape[1])]
    tiles, total, flip = [], 0, False
    while total < W:
        tiles.append(cv2.flip(strip, 1) if flip else strip)
        total += strip.shape[1]
        flip = not flip
    return np.ascontiguousarray(np.hstack(tiles)[:, :W])


def photo_scene(name: str, folder: Optional[Path] = None) -> PhotoScene:
    if name in _CACHE:
        return _CACHE[name]
    folder = _need_footage(folder)
    img = cv2.imread(str(folder / name), cv2.IMREAD_COLOR)
    if img is None:
        raise FileNotFoundError(folder / name)
    poly = np.array(OUTLINES[name], np.float32)
    toe_y = float(poly[:, 1].min())
    y0 = int(np.clip(toe_y - 110, 0, img.shape[0] - 360))
    crop = img[y0:y0 + 360, :480]
    s = W / 480.0
    image = cv2.resize(crop, (W, H), interpolation=cv2.INTER_CUBIC)
    pts = (poly - [0, y0]) * s
    truth = np.zeros((H, W), np.uint8)
    cv2.fillPoly(truth, [pts.astype(np.int32)], 255)
    loose = cv2.dilate(truth, np.ones((15, 15), np.uint8))
    cs, _ = cv2.findContours(loose, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    c = max(cs, key=cv2.contourArea).reshape(-1, 2)
    outline = [(float(x) / W, float(y) / H) for x, y in c]
    small = cv2.resize(image, (320, 240), interpolation=cv2.INTER_AREA)
    m = grabcut_refine(small, cv2.resize(truth, (320, 240), interpolation=cv2.INTER_NEAREST), outline=True)
    matte = cv2.resize(m, (W, H), interpolation=cv2.INTER_LINEAR)
    matte = np.where(matte > 127, 255, 0).astype(np.uint8)
    tips = [(x * s, (y - y0) * s) for x, y in TOE_TIPS.get(name, [])]
    widths = [int(np.ptp(np.nonzero(matte[row])[0])) for row in range(H) if matte[row].any()]
    floor = _floor_from(image, matte)
    tall = np.vstack([floor, cv2.flip(floor, 0), floor])
    ps = PhotoScene(name, image, matte, outline, tips, float(np.percentile(widths, 60)) if widths else 100.0,
                    floor, tall)
    if len(tips) == 5:
        _prepare_toes(ps)
    _CACHE[name] = ps
    return ps


def _prepare_toes(ps: PhotoScene) -> None:
    """Per toe: its region (foot pixels in front of its base, nearest to its
    axis), a ROI around it large enough to turn it, and its pivot."""
    tips = np.array(ps.tips, np.float32)
    Wd = ps.width
    u = np.array([0.0, -1.0], np.float32)  # the toes point up the picture on these photos
    lengths = np.array([0.45, 0.36, 0.32, 0.29, 0.26]) * Wd
    bases = tips - u * lengths[:, None]
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    d = np.full((5, H, W), np.inf, np.float32)
    for i in range(5):
        a, b = bases[i], tips[i] + u * 0.1 * Wd
        ab = b - a
        tt = np.clip(((xx - a[0]) * ab[0] + (yy - a[1]) * ab[1]) / float(ab @ ab), 0, 1)
        px, py = a[0] + tt * ab[0], a[1] + tt * ab[1]
        front = ((xx - a[0]) * u[0] + (yy - a[1]) * u[1]) > 0
        d[i] = np.where(front, np.hypot(xx - px, yy - py), np.inf)
    nearest = np.argmin(d, axis=0)
    close = np.min(d, axis=0) < 0.2 * Wd
    mid = float(tips[:, 0].mean())
    all_toes = np.zeros((H, W), np.uint8)
    toes: List[Toe] = []
    for i in range(5):
        region = ((nearest == i) & close & (ps.matte > 0)).astype(np.uint8) * 255
        all_toes |= region
        ys, xs = np.nonzero(region)
        m = int(0.5 * lengths[i]) + 6
        x0, x1 = max(0, xs.min() - m), min(W, xs.max() + m)
        y0, y1 = max(0, ys.min() - m), min(H, ys.max() + m)
        sign = 1.0 if tips[i][0] > mid else -1.0
        if i == 0:
            sign = 1.0 if tips[0][0] > tips[1][0] else -1.0
        toes.append(Toe(int(x0), int(y0), ps.image[y0:y1, x0:x1].copy(), region[y0:y1, x0:x1].copy(),
                        (float(bases[i][0] - x0), float(bases[i][1] - y0)), sign))
    ps.toes = toes
    # Behind every toe: the floor; feathered so no hard seam shows.
    hole = cv2.dilate(all_toes, np.ones((5, 5), np.uint8)) & ~cv2.erode(cv2.subtract(ps.matte, all_toes),
                                                                         np.ones((3, 3), np.uint8))
    a = (cv2.GaussianBlur(hole, (5, 5), 0).astype(np.float32) / 255.0)[:, :, None]
    ps.still = (ps.image * (1 - a) + ps.floor * a).astype(np.uint8)


class Camera:
    """Noise, lighting drift and shake, the same kind on every clip."""

    def __init__(self, rng: np.random.Generator, shake: float = 2.0, light: float = 0.12, noise: float = 3.0):
        self.rng = rng
        self.shake, self.light = shake, light
        self.phase = rng.uniform(0, 2 * math.pi)
        self.off = np.zeros(2)
        bank = rng.normal(0, noise, (H + 64, W + 64, 3))
        self._pos = np.clip(bank, 0, 255).astype(np.uint8)
        self._neg = np.clip(-bank, 0, 255).astype(np.uint8)

    def __call__(self, t: float, img: np.ndarray) -> np.ndarray:
        self.off = 0.85 * self.off + self.rng.normal(0, self.shake * 0.5, 2)
        self.off = np.clip(self.off, -self.shake * 2, self.shake * 2)
        m = np.float32([[1, 0, self.off[0]], [0, 1, self.off[1]]])
        out = cv2.warpAffine(img, m, (W, H), borderMode=cv2.BORDER_REFLECT)
        gain = 1.0 + self.light * math.sin(2 * math.pi * t / 6.0 + self.phase)
        out = cv2.convertScaleAbs(out, alpha=gain)
        dy, dx, ey, ex = (int(v) for v in self.rng.integers(0, 64, 4))
        out = cv2.add(out, self._pos[dy:dy + H, dx:dx + W])
        return cv2.subtract(out, self._neg[ey:ey + H, ex:ex + W])


def _smooth(x: float) -> float:
    x = min(1.0, max(0.0, x))
    return x * x * (3 - 2 * x)


def _schedule(rng: np.random.Generator, reps: int, rise: float, hold: float, fall: float, rest: float,
              lead: float = 1.5, tail: float = 1.2) -> Tuple[List[Tuple[float, float, float, float]], float]:
    """(start, top, down, end) per repetition and the clip length."""
    t = lead * rng.uniform(0.9, 1.2)
    out = []
    for _ in range(reps):
        r = rise * rng.uniform(0.85, 1.2)
        hd = hold * rng.uniform(0.7, 1.3)
        f = fall * rng.uniform(0.85, 1.2)
        out.append((t, t + r, t + r + hd, t + r + hd + f))
        t += r + hd + f + rest * rng.uniform(0.8, 1.3)
    return out, t + tail


def _level(t: float, sched, peaks: Optional[Sequence[float]] = None) -> float:
    for i, (a, b, c, d) in enumerate(sched):
        if a <= t <= d:
            top = peaks[i] if peaks is not None else 1.0
            if t < b:
                return top * _smooth((t - a) / (b - a))
            if t <= c:
                return top
            return top * (1.0 - _smooth((t - c) / (d - c)))
    return 0.0


def _clip(name: str, exercise: str, length: float, scene: Scene, reps: int, truth: Dict[str, object],
          frame_at: Callable[[float], np.ndarray], cam: Camera) -> Clip:
    n = int(length * FPS)

    def render() -> Iterator[Frame]:
        for k in range(n):
            t = k / FPS
            yield t, cam(t, frame_at(t))

    return Clip(name, exercise, render, n, scene, reps, truth)


def _short(name: str) -> str:
    return name.replace("feet_barefoot_", "").rsplit(".", 1)[0]


# -- toe spreading -----------------------------------------------------------
# Turn of each toe at a full spread, degrees, big toe first: the big toe moves
# away from the others, the small toes fan out, the little toe most.
SPREAD_DEG = (10.0, 6.0, 11.0, 17.0, 25.0)


def spread_frame(ps: PhotoScene, level: float) -> np.ndarray:
    """The photo with every toe turned ``level`` (0..1+) of a full spread."""
    if level <= 1e-3 or ps.still is None:
        return ps.image
    out = ps.still.copy()
    for toe, deg in zip(ps.toes, SPREAD_DEG):
        h, w = toe.region.shape
        M = cv2.getRotationMatrix2D(toe.base, -toe.sign * deg * level, 1.0)
        r = cv2.warpAffine(toe.region, M, (w, h), flags=cv2.INTER_LINEAR)
        src = cv2.warpAffine(toe.image, M, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        roi = out[toe.y0:toe.y0 + h, toe.x0:toe.x0 + w]
        a = (r.astype(np.float32) / 255.0)[:, :, None]
        roi[:] = (roi * (1 - a) + src * a).astype(np.uint8)
    return out


def toe_spread_clip(name: str, reps: int, seed: int, amplitude: float = 1.0) -> Clip:
    rng = np.random.default_rng(seed)
    ps = photo_scene(name)
    peaks = [amplitude * rng.uniform(0.8, 1.15) for _ in range(reps)]
    sched, length = _schedule(rng, reps, 0.5, 0.6, 0.5, 0.9)
    cam = Camera(rng)
    return _clip(f"toe_spread/{_short(name)}/{seed}", "toe_spread", length, Scene(outline=ps.outline), reps, {},
                 lambda t: spread_frame(ps, _level(t, sched, peaks)), cam)


# -- towel gathering ---------------------------------------------------------
def towel_clip(name: str, reps: int, seed: int) -> Clip:
    rng = np.random.default_rng(seed)
    ps = photo_scene(name)
    pulls = [ps.width * rng.uniform(0.3, 0.45) for _ in range(reps)]
    sched, length = _schedule(rng, reps, 0.7, 0.0, 0.0, 1.0)
    cam = Camera(rng)
    alpha = cv2.GaussianBlur(ps.matte, (3, 3), 0).astype(np.float32) * (1.0 / 255.0)
    tall = ps.floor_tall
    period = 2 * H

    def frame_at(t: float) -> np.ndarray:
        shift = 0.0
        for (a, b, _, _), p in zip(sched, pulls):
            shift += p * _smooth((t - a) / (b - a))
        # The textile moves toward the heel (down the picture).
        y = int(round(H - shift)) % period
        floor = tall[y:y + H]
        return cv2.blendLinear(ps.image, np.ascontiguousarray(floor), alpha, 1.0 - alpha)

    total = sum(pulls) / ps.width
    return _clip(f"towel_gather/{_short(name)}/{seed}", "towel_gather", length, Scene(outline=ps.outline), reps,
                 {"gathered_foot_widths": total}, frame_at, cam)


# -- the foot moved as a whole ------------------------------------------------
class MovingFoot:
    """The foot cut out of its photo and laid at an offset over the floor.

    The leg leaves the picture at the bottom; moved up, its last row is
    repeated so it still does."""

    def __init__(self, ps: PhotoScene) -> None:
        self.ps = ps
        self.alpha = cv2.GaussianBlur(ps.matte, (3, 3), 0)

    def frame(self, dx: float, dy: float, base: Optional[np.ndarray] = None) -> np.ndarray:
        m = np.float32([[1, 0, dx], [0, 1, dy]])
        img = cv2.warpAffine(self.ps.image, m, (W, H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        a = cv2.warpAffine(self.alpha, m, (W, H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        a = a.astype(np.float32) * (1.0 / 255.0)
        floor = self.ps.floor if base is None else base
        return cv2.blendLinear(img, floor, a, 1.0 - a)


def _disc(img: np.ndarray, p: Sequence[float]) -> None:
    cv2.circle(img, (int(round(p[0])), int(round(p[1]))), OBJECT_RADIUS, OBJECT_BGR, -1, cv2.LINE_AA)


# -- object pickup -----------------------------------------------------------
BOWL = (int(0.84 * W), int(0.56 * H), 62)  # centre x, y, radius


def bowl_zone() -> Tuple[float, float, float, float]:
    cx, cy, r = BOWL
    m = r + 12
    return ((cx - m) / W, (cy - m) / H, (cx + m) / W, (cy + m) / H)


def pickup_clip(name: str, reps: int, seed: int, still: bool = False) -> Clip:
    rng = np.random.default_rng(seed)
    ps = photo_scene(name)
    mover = MovingFoot(ps)
    cx, cy, r = BOWL
    base = ps.floor.copy()
    cv2.circle(base, (cx, cy), r, (70, 70, 70), 5, cv2.LINE_AA)  # the bowl's rim
    tip = np.array(ps.tips[0] if ps.tips else (W / 2, H / 3), np.float64)
    n_obj = reps + 2  # some are left on the floor
    starts = [np.array([rng.uniform(0.08, 0.4) * W + (i % 2) * 0.08 * W, (0.14 + 0.17 * i) * H])
              for i in range(n_obj)]
    starts = [np.array([p[0], min(p[1], 0.9 * H)]) for p in starts]
    slots = [np.array([cx + 0.45 * r * math.cos(a), cy + 0.45 * r * math.sin(a)])
             for a in np.linspace(0, 2 * math.pi, max(reps, 1), endpoint=False) + rng.uniform(0, 1)]
    if reps == 1:
        slots = [np.array([cx, cy], np.float64)]
    # Per pickup: to the object, grab, to the bowl, let go, back home.
    plan = []
    t = 1.5 * rng.uniform(0.9, 1.2)
    for i in range(reps):
        go, grab, carry, drop, back = (rng.uniform(0.8, 1.1), 0.3, rng.uniform(1.1, 1.4), 0.3, rng.uniform(0.8, 1.0))
        plan.append((t, t + go, t + go + grab, t + go + grab + carry, t + go + grab + carry + drop,
                     t + go + grab + carry + drop + back))
        t += go + grab + carry + drop + back + rng.uniform(0.6, 1.0)
    length = t + 1.2
    grip = np.array([0.0, -OBJECT_RADIUS - 4.0])  # the object sits just in front of the big toe

    def pose(t: float) -> Tuple[np.ndarray, int, Optional[np.ndarray]]:
        """Foot offset, objects already dropped, the object being carried (its position)."""
        home = np.zeros(2)
        for i, (a, b, c, d, e, f) in enumerate(plan):
            at_obj = starts[i] - grip - tip
            at_bowl = slots[i] - grip - tip
            if t < a:
                return home, i, None
            if t < b:
                return home + (at_obj - home) * _smooth((t - a) / (b - a)), i, None
            if t < c:
                return at_obj, i, tip + at_obj + grip
            if t < d:
                off = at_obj + (at_bowl - at_obj) * _smooth((t - c) / (d - c))
                off = off + np.array([0.0, -25.0 * math.sin(math.pi * (t - c) / (d - c))])
                return off, i, tip + off + grip
            if t < e:
                return at_bowl, i + 1, None
            if t < f:
                return at_bowl + (home - at_bowl) * _smooth((t - e) / (f - e)), i + 1, None
        return home, reps, None

    def frame_at(t: float) -> np.ndarray:
        off, dropped, carried = pose(t)
        floor = base.copy()
        for i in range(n_obj):
            if i < dropped:
                _disc(floor, slots[i])
            elif carried is None or i != dropped:
                _disc(floor, starts[i])
        out = mover.frame(off[0], off[1], floor)
        if carried is not None:
            _disc(out, carried)
        return out

    if still:
        length = 6.0
        plan = []
    cam = Camera(rng)
    label = "still" if still else str(seed)
    return _clip(f"object_pickup/{_short(name)}/{label}", "object_pickup", length,
                 Scene(outline=ps.outline, zone=bowl_zone()), 0 if still else reps, {}, frame_at, cam)


# -- toe drawing -------------------------------------------------------------
# The generator's own digit shapes (not the recogniser's templates): control
# points of smooth strokes in a unit box, y down.
DRAWN: Dict[str, List[Tuple[float, float]]] = {
    "0": [(0.55, 0.0), (0.2, 0.1), (0.0, 0.5), (0.2, 0.92), (0.55, 1.0), (0.9, 0.85), (1.0, 0.45), (0.8, 0.08), (0.5, 0.02)],
    "1": [(0.35, 0.15), (0.5, 0.0), (0.5, 0.5), (0.5, 1.0)],
    "2": [(0.05, 0.25), (0.35, 0.0), (0.75, 0.05), (0.8, 0.35), (0.45, 0.7), (0.05, 1.0), (0.5, 1.0), (0.95, 1.0)],
    "3": [(0.05, 0.1), (0.5, 0.0), (0.85, 0.22), (0.45, 0.48), (0.9, 0.72), (0.55, 1.0), (0.05, 0.92)],
    "4": [(0.65, 0.0), (0.3, 0.35), (0.0, 0.68), (0.5, 0.68), (0.95, 0.68), (0.72, 0.68), (0.72, 0.35), (0.72, 0.68), (0.72, 1.0)],
    "5": [(0.9, 0.0), (0.5, 0.0), (0.2, 0.02), (0.15, 0.45), (0.55, 0.38), (0.92, 0.65), (0.6, 1.0), (0.05, 0.88)],
    "6": [(0.8, 0.02), (0.35, 0.2), (0.05, 0.65), (0.35, 1.0), (0.8, 0.88), (0.75, 0.58), (0.35, 0.55), (0.08, 0.72)],
    "7": [(0.0, 0.0), (0.5, 0.0), (1.0, 0.0), (0.7, 0.5), (0.4, 1.0)],
    "8": [(0.85, 0.12), (0.5, 0.0), (0.15, 0.18), (0.5, 0.5), (0.9, 0.78), (0.5, 1.0), (0.1, 0.78), (0.5, 0.5), (0.85, 0.15)],
    "9": [(0.9, 0.2), (0.5, 0.0), (0.1, 0.2), (0.35, 0.48), (0.9, 0.3), (0.88, 0.65), (0.85, 1.0)],
}


def _catmull(points: Sequence[Tuple[float, float]], n: int) -> np.ndarray:
    p = np.array(points, np.float64)
    p = np.vstack([p[0], p, p[-1]])
    segs = len(p) - 3
    out = []
    for k in range(n):
        s = k / (n - 1) * segs
        i = min(int(s), segs - 1)
        u = s - i
        p0, p1, p2, p3 = p[i], p[i + 1], p[i + 2], p[i + 3]
        out.append(0.5 * ((2 * p1) + (-p0 + p2) * u + (2 * p0 - 5 * p1 + 4 * p2 - p3) * u * u
                          + (-p0 + 3 * p1 - 3 * p2 + p3) * u ** 3))
    return np.array(out)


def _even(path: np.ndarray) -> np.ndarray:
    """The same path with points evenly spaced along it (steady drawing speed)."""
    seg = np.linalg.norm(np.diff(path, axis=0), axis=1)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    q = np.linspace(0, s[-1], len(path))
    return np.stack([np.interp(q, s, path[:, 0]), np.interp(q, s, path[:, 1])], 1)


def draw_clip(name: str, digits: Sequence[str], seed: int) -> Clip:
    rng = np.random.default_rng(seed)
    ps = photo_scene(name)
    mover = MovingFoot(ps)
    size = 1.2 * ps.width
    plan: List[Tuple[float, float, np.ndarray]] = []
    t0 = 1.5 * rng.uniform(0.9, 1.2)
    for dgt in digits:
        slant = math.radians(rng.uniform(-10, 10))
        sx, sy = size * rng.uniform(0.65, 0.85), size * rng.uniform(0.95, 1.1)
        path = _even(_catmull(DRAWN[dgt], 200))
        path = np.stack([(path[:, 0] - 0.5) * sx + (path[:, 1] - 0.5) * sy * math.tan(slant),
                         (path[:, 1] - 0.5) * sy], 1)
        path += rng.normal(0, 1.0, path.shape).cumsum(axis=0) * 0.15  # a slightly wobbly hand
        dur = rng.uniform(2.2, 2.8)
        plan.append((t0, t0 + dur, path))
        t0 += dur + rng.uniform(1.1, 1.4)
    length = t0 + 0.3

    def offset(t: float) -> np.ndarray:
        if t < plan[0][0]:
            return plan[0][2][0]
        for i, (a, b, path) in enumerate(plan):
            if a <= t <= b:
                x = (t - a) / (b - a)
                x = 0.5 - 0.5 * math.cos(math.pi * x)  # slower at both ends
                return path[min(len(path) - 1, int(round(x * (len(path) - 1))))]
            nxt = plan[i + 1] if i + 1 < len(plan) else None
            if t > b and (nxt is None or t < nxt[0]):
                if nxt is None:
                    return path[-1]
                # Hold still, glide to the next digit's start, hold still again.
                x = _smooth((t - b - 0.35) / max(0.1, nxt[0] - b - 0.7))
                return (1 - x) * path[-1] + x * nxt[2][0]
        return plan[-1][2][-1]

    def frame_at(t: float) -> np.ndarray:
        d = offset(t)
        return mover.frame(d[0], d[1])

    first = plan[0][2][0]
    outline = [(x + first[0] / W, y + first[1] / H) for x, y in ps.outline]
    cam = Camera(rng, shake=1.0)
    return _clip(f"toe_draw/{_short(name)}/{''.join(digits)}/{seed}", "toe_draw", length, Scene(outline=outline),
                 len(digits), {"digits": list(digits)}, frame_at, cam)


# -- big-toe bending (side view) ----------------------------------------------
_FOOT_SIDE = np.array([[130, 420], [470, 420], [470, 384], [300, 330], [280, 250], [300, 0], [180, 0], [175, 250],
                       [140, 330], [115, 380], [118, 408]], np.int32)


class SideFoot:
    """A side-view foot drawn with real skin on a real floor; the big toe turns
    about its base joint (``J``)."""

    J = np.array([470.0, 402.0])
    L, T = 82.0, 34.0

    def __init__(self, folder: Path, floor_photo: str, skin_photo: str, mirror: bool) -> None:
        floor = cv2.imread(str(folder / floor_photo))[0:180, 0:480]
        self.floor = cv2.resize(floor, (W, H))
        skin_src = cv2.imread(str(folder / skin_photo))[300:420, 205:285]
        self.skin = cv2.GaussianBlur(cv2.resize(skin_src, (W, H)), (0, 0), 3)
        self.mirror = mirror
        body = np.zeros((H, W), np.uint8)
        cv2.fillPoly(body, [_FOOT_SIDE], 255)
        cv2.ellipse(body, (150, 395), (35, 25), 0, 0, 360, 255, -1)
        cv2.rectangle(body, (460, 398), (520, 420), 255, -1)  # lesser toes, resting
        cv2.circle(body, (520, 410), 10, 255, -1)
        self.body = body
        self.box = (380, 250, 600, 440)  # where the big toe can be: only this is redrawn

    def frame(self, angle_deg: float) -> np.ndarray:
        mask = self.body.copy()
        th = math.radians(angle_deg)
        dirv = np.array([math.cos(th), -math.sin(th)])
        nrm = np.array([math.sin(th), math.cos(th)])
        a0 = self.J - dirv * 12
        L, T = self.L, self.T
        quad = np.array([a0 - nrm * T / 2, a0 + dirv * (L + 12) - nrm * T / 2, a0 + dirv * (L + 12) + nrm * T / 2,
                         a0 + nrm * T / 2], np.int32)
        cv2.fillPoly(mask, [quad], 255)
        tip = self.J + dirv * L
        cv2.circle(mask, (int(tip[0]), int(tip[1])), int(T / 2), 255, -1)
        a = cv2.GaussianBlur(mask, (3, 3), 0).astype(np.float32) * (1.0 / 255.0)
        out = cv2.blendLinear(self.skin, self.floor, a, 1.0 - a)
        return cv2.flip(out, 1) if self.mirror else out

    def outline(self) -> List[Tuple[float, float]]:
        m = np.zeros((H, W), np.uint8)
        cv2.fillPoly(m, [_FOOT_SIDE], 255)
        cv2.rectangle(m, (100, 370), (560, 425), 255, -1)
        if self.mirror:
            m = cv2.flip(m, 1)
        cs, _ = cv2.findContours(m, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        return [(float(x) / W, float(y) / H) for x, y in max(cs, key=cv2.contourArea).reshape(-1, 2)]


def flex_clip(reps: int, seed: int, angle: float = 35.0, floor_photo: str = "feet_barefoot_wood_floor_1.png",
              skin_photo: str = "feet_barefoot_topview_concrete_2.png") -> Clip:
    rng = np.random.default_rng(seed)
    folder = _need_footage()
    foot = SideFoot(folder, floor_photo, skin_photo, mirror=bool(rng.uniform() < 0.5))
    peaks = [angle * rng.uniform(0.7, 1.2) for _ in range(reps)]
    sched, length = _schedule(rng, reps, 0.8, 0.6, 0.8, 0.9)
    if reps == 0:
        length = 6.0
    cam = Camera(rng)
    label = str(seed) if reps else "still"
    return _clip(f"big_toe_flex/{label}/{seed}", "big_toe_flex", length, Scene(outline=foot.outline(), view="side"),
                 reps, {"angles": peaks}, lambda t: foot.frame(_level(t, sched, peaks)), cam)


def still_clip(exercise: str, name: str, seed: int, seconds: float = 6.0) -> Clip:
    """The foot held still: only noise, lighting drift and shake. Must count 0."""
    if exercise == "big_toe_flex":
        return flex_clip(0, seed)
    if exercise == "object_pickup":
        return pickup_clip(name, 0, seed, still=True)
    rng = np.random.default_rng(seed)
    ps = photo_scene(name)
    cam = Camera(rng)
    truth: Dict[str, object] = {"digits": []} if exercise == "toe_draw" else {}
    if exercise == "towel_gather":
        truth["gathered_foot_widths"] = 0.0
    return _clip(f"{exercise}/still/{_short(name)}/{seed}", exercise, seconds, Scene(outline=ps.outline), 0, truth,
                 lambda t: ps.image, cam)


def write_clip(clip: Clip, path: Path) -> Path:
    """MP4 plus its calibration sidecar (``VIDEO.foot.json``)."""
    path = Path(path)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), FPS, (W, H))
    if not writer.isOpened():
        raise RuntimeError(f"cannot write {path}")
    for _, img in clip.render():
        writer.write(img)
    writer.release()
    sidecar = {"view": clip.scene.view, "outline": [list(p) for p in (clip.scene.outline or [])],
               "zone": list(clip.scene.zone)}
    Path(str(path) + ".foot.json").write_text(json.dumps(sidecar))
    return path
