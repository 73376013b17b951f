"""Foot-view clips with known counts, made by warping real foot photos.

The photos are read at run time from the footage folder (never copied into
the repository). Each generator returns ``Clip``: frames (t, BGR image), the
calibration ``Scene`` (the outline the foot sits in) and the ground truth.
Every frame gets sensor noise, a slow lighting drift and camera shake.

- toe spreading: each toe is cut out of the photo and turned about its base;
  the floor seen in the gaps comes from an inpainted copy of the photo;
- towel pulls: the textile in front of the toes slides toward the heel;
- object pickup: blue counters travel from the floor into a bowl zone;
- toe drawing: the foot (the whole picture) traces a digit;
- big-toe bending: a side-view foot drawn with skin texture taken from a
  photo, on a real floor texture, its big toe turned about its base joint.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import cv2
import numpy as np

from coach.foot.labels import OUTLINES, TOE_TIPS
from coach.foot.segment import grabcut_refine
from coach.foot.tracker import Scene

W, H = 640, 480
FPS = 30.0
TOP_PHOTOS = ("feet_barefoot_topview_concrete_2.png", "feet_barefoot_topview_carpet_4.png")


@dataclass
class Clip:
    name: str
    exercise: str
    frames: List[Tuple[float, np.ndarray]]
    scene: Scene
    reps: int
    truth: Dict[str, object] = field(default_factory=dict)


def footage_dir() -> Optional[Path]:
    raw = os.environ.get("FOOTCOACH_FOOTAGE", "").strip()
    return Path(raw) if raw and (Path(raw) / "SOURCES.tsv").is_file() else None


@dataclass
class PhotoScene:
    image: np.ndarray  # BGR, W x H
    matte: np.ndarray  # foot (and leg) mask, 0/255
    outline: List[Tuple[float, float]]  # loose outline, normalised
    tips: List[Tuple[float, float]]  # toe tips in pixels, big toe first
    width: float  # ball width, pixels


_CACHE: Dict[str, PhotoScene] = {}


def photo_scene(name: str, folder: Optional[Path] = None) -> PhotoScene:
    if name in _CACHE:
        return _CACHE[name]
    folder = folder or footage_dir()
    if folder is None:
        raise FileNotFoundError("FOOTCOACH_FOOTAGE does not point at the footage folder")
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
    tips = [((x) * s, (y - y0) * s) for x, y in TOE_TIPS.get(name, [])]
    widths = []
    for row in range(H):
        xs = np.nonzero(matte[row])[0]
        if len(xs):
            widths.append(xs.max() - xs.min())
    scene = PhotoScene(image, matte, outline, tips, float(np.percentile(widths, 60)) if widths else 100.0)
    _CACHE[name] = scene
    return scene


class Camera:
    """Noise, lighting drift and shake, the same kind on every clip."""

    def __init__(self, rng: np.random.Generator, shake: float = 2.0, light: float = 0.12, noise: float = 3.0):
        self.rng = rng
        self.shake, self.light, self.noise = shake, light, noise
        self.phase = rng.uniform(0, 2 * math.pi)
        self.off = np.zeros(2)

    def __call__(self, t: float, img: np.ndarray) -> np.ndarray:
        self.off = 0.85 * self.off + self.rng.normal(0, self.shake * 0.5, 2)
        self.off = np.clip(self.off, -self.shake * 2, self.shake * 2)
        m = np.float32([[1, 0, self.off[0]], [0, 1, self.off[1]]])
        out = cv2.warpAffine(img, m, (img.shape[1], img.shape[0]), borderMode=cv2.BORDER_REFLECT)
        gain = 1.0 + self.light * math.sin(2 * math.pi * t / 6.0 + self.phase)
        out = out.astype(np.float32) * gain + self.rng.normal(0, self.noise, out.shape).astype(np.float32)
        return np.clip(out, 0, 255).astype(np.uint8)


def _smooth(x: float) -> float:
    x = min(1.0, max(0.0, x))
    return x * x * (3 - 2 * x)


def _schedule(rng: np.random.Generator, reps: int, rise: float, hold: float, fall: float, rest: float,
              lead: float = 1.2, tail: float = 1.2) -> Tuple[List[Tuple[float, float, float, float]], float]:
    """(start, top, down, end) per repetition and the clip length."""
    t = lead
    out = []
    for _ in range(reps):
        r = rise * rng.uniform(0.85, 1.2)
        hd = hold * rng.uniform(0.7, 1.3)
        f = fall * rng.uniform(0.85, 1.2)
        out.append((t, t + r, t + r + hd, t + r + hd + f))
        t += r + hd + f + rest * rng.uniform(0.8, 1.3)
    return out, t + tail


def _level(t: float, sched) -> float:
    for a, b, c, d in sched:
        if a <= t <= d:
            if t < b:
                return _smooth((t - a) / (b - a))
            if t <= c:
                return 1.0
            return 1.0 - _smooth((t - c) / (d - c))
    return 0.0


# -- toe spreading -----------------------------------------------------------
def toe_spread_clip(name: str, reps: int, seed: int, amplitude: float = 1.0) -> Clip:
    rng = np.random.default_rng(seed)
    ps = photo_scene(name)
    img, matte = ps.image, ps.matte
    tips = np.array(ps.tips, np.float32)
    Wd = ps.width
    # Foot axis from the toe tips' spread: toes point "up" the picture here.
    u = np.array([0.0, -1.0], np.float32)
    lengths = np.array([0.42, 0.34, 0.3, 0.27, 0.24]) * Wd
    bases = tips - u * lengths[:, None]
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    # Toe regions: foot pixels in front of each toe's base, nearest to its segment.
    d = np.full((5, H, W), np.inf, np.float32)
    for i in range(5):
        a, b = bases[i], tips[i]
        ab = b - a
        tt = np.clip(((xx - a[0]) * ab[0] + (yy - a[1]) * ab[1]) / float(ab @ ab), 0, 1.2)
        px, py = a[0] + tt * ab[0], a[1] + tt * ab[1]
        front = ((xx - a[0]) * u[0] + (yy - a[1]) * u[1]) > 0
        d[i] = np.where(front, np.hypot(xx - px, yy - py), np.inf)
    nearest = np.argmin(d, axis=0)
    close = np.min(d, axis=0) < 0.16 * Wd
    regions = [((nearest == i) & close & (matte > 0)).astype(np.uint8) * 255 for i in range(5)]
    toes_all = np.max(np.stack(regions), axis=0)
    plate = cv2.inpaint(img, cv2.dilate(cv2.bitwise_or(toes_all, cv2.dilate(matte, np.ones((3, 3)))) & cv2.dilate(toes_all, np.ones((25, 25), np.uint8)), np.ones((5, 5), np.uint8)), 7, cv2.INPAINT_TELEA)
    body = cv2.subtract(matte, toes_all)
    mid = tips.mean(axis=0)
    # Spread angles, degrees, big toe to little toe, signed away from the middle.
    fan = np.array([12.0, 7.0, 7.0, 15.0, 24.0]) * amplitude
    signs = []
    for i in range(5):
        side = float((tips[i] - mid) @ np.array([1.0, 0.0]))
        signs.append(1.0 if side > 0 else -1.0)
    sched, length = _schedule(rng, reps, 0.45, 0.5, 0.45, 0.7)
    cam = Camera(rng)
    frames = []
    n = int(length * FPS)
    for k in range(n):
        t = k / FPS
        lv = _level(t, sched)
        out = plate.copy()
        out[body > 0] = img[body > 0]
        for i in range(5):
            # Positive angle turns the tip toward +x when the toe points up.
            ang = signs[i] * fan[i] * lv
            if lv <= 0:
                out[regions[i] > 0] = img[regions[i] > 0]
                continue
            M = cv2.getRotationMatrix2D((float(bases[i][0]), float(bases[i][1])), -ang, 1.0)
            r = cv2.warpAffine(regions[i], M, (W, H), flags=cv2.INTER_NEAREST)
            src = cv2.warpAffine(img, M, (W, H))
            out[r > 0] = src[r > 0]
        frames.append((t, cam(t, out)))
    return Clip(f"toe_spread/{name[14:-4]}/{seed}", "toe_spread", frames, Scene(outline=ps.outline), reps)


# -- towel gathering ---------------------------------------------------------
def towel_clip(name: str, reps: int, seed: int) -> Clip:
    rng = np.random.default_rng(seed)
    ps = photo_scene(name)
    img, matte = ps.image, ps.matte
    tall = np.vstack([cv2.flip(img, 0), img, cv2.flip(img, 0), img])  # textile to pull
    pull = 0.35 * ps.width
    sched, length = _schedule(rng, reps, 0.6, 0.0, 0.0, 0.9)
    cam = Camera(rng)
    frames = []
    total = 0.0
    for k in range(int(length * FPS)):
        t = k / FPS
        off = 0.0
        done = 0
        for a, b, c, d in sched:
            if t >= b:
                done += 1
            elif t >= a:
                off = _smooth((t - a) / (b - a))
        shift = (done + off) * pull
        total = reps * pull
        y = int(round(3 * H - shift)) % (3 * H)
        y = max(0, min(3 * H, y))
        floor = tall[y:y + H] if y + H <= len(tall) else tall[-H:]
        out = floor.copy()
        out[matte > 0] = img[matte > 0]
        frames.append((t, cam(t, out)))
    return Clip(f"towel_gather/{name[14:-4]}/{seed}", "towel_gather", frames, Scene(outline=ps.outline), reps,
                {"gathered_foot_widths": total / ps.width})


# -- object pickup -----------------------------------------------------------
def pickup_clip(name: str, reps: int, seed: int) -> Clip:
    rng = np.random.default_rng(seed)
    ps = photo_scene(name)
    img = ps.image.copy()
    zone = (0.72, 0.1, 0.98, 0.9)
    cx, cy = int(0.85 * W), int(0.5 * H)
    cv2.circle(img, (cx, cy), 70, (60, 60, 60), 6)  # the bowl's rim
    n_obj = max(reps, 3)
    starts = [(int(rng.uniform(0.05, 0.25) * W), int((0.2 + 0.6 * i / max(1, n_obj - 1)) * H)) for i in range(n_obj)]
    ends = [(cx + int(rng.uniform(-35, 35)), cy + int(rng.uniform(-40, 40))) for _ in range(n_obj)]
    sched, length = _schedule(rng, reps, 1.2, 0.0, 0.0, 0.9)
    cam = Camera(rng)
    frames = []
    for k in range(int(length * FPS)):
        t = k / FPS
        out = img.copy()
        for i in range(n_obj):
            p = np.array(starts[i], np.float32)
            if i < reps:
                a, b = sched[i][0], sched[i][1]
                x = _smooth((t - a) / (b - a)) if t >= a else 0.0
                p = (1 - x) * p + x * np.array(ends[i], np.float32)
                p[1] -= 60 * math.sin(math.pi * x)
            cv2.circle(out, (int(p[0]), int(p[1])), 10, (200, 90, 20), -1)
        frames.append((t, cam(t, out)))
    return Clip(f"object_pickup/{name[14:-4]}/{seed}", "object_pickup", frames,
                Scene(outline=ps.outline, zone=zone), reps)


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
        out.append(0.5 * ((2 * p1) + (-p0 + p2) * u + (2 * p0 - 5 * p1 + 4 * p2 - p3) * u * u + (-p0 + 3 * p1 - 3 * p2 + p3) * u ** 3))
    return np.array(out)


def draw_clip(name: str, digits: Sequence[str], seed: int) -> Clip:
    rng = np.random.default_rng(seed)
    ps = photo_scene(name)
    img = ps.image
    big = cv2.copyMakeBorder(img, 200, 200, 200, 200, cv2.BORDER_REFLECT)
    cam = Camera(rng, shake=1.0)
    frames = []
    t = 0.0
    size = 1.3 * ps.width
    plan: List[Tuple[float, float, np.ndarray]] = []
    t0 = 1.0
    for dgt in digits:
        slant = math.radians(rng.uniform(-10, 10))
        sx, sy = size * rng.uniform(0.7, 0.9), size * rng.uniform(0.95, 1.1)
        path = _catmull(DRAWN[dgt], 120)
        path = np.stack([(path[:, 0] - 0.5) * sx + (path[:, 1] - 0.5) * sy * math.tan(slant), (path[:, 1] - 0.5) * sy], 1)
        dur = rng.uniform(2.0, 2.6)
        plan.append((t0, t0 + dur, path))
        t0 += dur + 1.0
    length = t0 + 0.5
    pos = np.zeros(2)
    for k in range(int(length * FPS)):
        t = k / FPS
        for a, b, path in plan:
            if a <= t <= b:
                x = (t - a) / (b - a)
                x = 0.5 - 0.5 * math.cos(math.pi * x)  # slower at the ends
                pos = path[min(len(path) - 1, int(x * (len(path) - 1)))]
            elif t > b:
                pass
        # Between digits the foot glides back to the middle.
        for i, (a, b, path) in enumerate(plan):
            nxt = plan[i + 1][0] if i + 1 < len(plan) else length
            if b < t < nxt:
                x = _smooth((t - b - 0.3) / 0.4)
                pos = (1 - x) * path[-1] + x * plan[i + 1][2][0] if i + 1 < len(plan) else path[-1]
        if t < plan[0][0]:
            pos = plan[0][2][0]
        ox, oy = 200 - pos[0], 200 - pos[1]
        m = np.float32([[1, 0, -ox], [0, 1, -oy]])
        out = cv2.warpAffine(big, m, (W, H), flags=cv2.INTER_LINEAR)
        frames.append((t, cam(t, out)))
    return Clip(f"toe_draw/{name[14:-4]}/{''.join(digits)}/{seed}", "toe_draw", frames,
                Scene(outline=_shifted(ps.outline, -plan[0][2][0])), len(digits), {"digits": list(digits)})


def _shifted(outline, d) -> List[Tuple[float, float]]:
    return [(x + d[0] / W, y + d[1] / H) for x, y in outline]


# -- big-toe bending (side view) ----------------------------------------------
def flex_clip(reps: int, seed: int, angle: float = 35.0, floor_photo: str = "feet_barefoot_wood_floor_1.png",
              skin_photo: str = "feet_barefoot_topview_concrete_2.png") -> Clip:
    rng = np.random.default_rng(seed)
    folder = footage_dir()
    if folder is None:
        raise FileNotFoundError("FOOTCOACH_FOOTAGE does not point at the footage folder")
    floor = cv2.imread(str(folder / floor_photo))[0:180, 0:480]
    floor = cv2.resize(floor, (W, H))
    skin_src = cv2.imread(str(folder / skin_photo))[300:420, 205:285]
    skin = cv2.resize(cv2.resize(skin_src, (40, 60)), (W, H))
    skin = cv2.GaussianBlur(cv2.resize(skin_src, (W, H)), (0, 0), 3)
    mirror = rng.uniform() < 0.5
    peaks = [angle * rng.uniform(0.8, 1.15) for _ in range(reps)]
    sched, length = _schedule(rng, reps, 0.7, 0.5, 0.7, 0.8)
    cam = Camera(rng)
    frames = []
    J = np.array([470.0, 402.0])
    L, T = 82.0, 34.0
    foot = np.array([[130, 420], [470, 420], [470, 384], [300, 330], [280, 250], [300, 0], [180, 0], [175, 250],
                     [140, 330], [115, 380], [118, 408]], np.int32)
    for k in range(int(length * FPS)):
        t = k / FPS
        lv = 0.0
        theta = 0.0
        for i, (a, b, c, d) in enumerate(sched):
            if a <= t <= d:
                lv = _level(t, [sched[i]])
                theta = peaks[i] * lv
        mask = np.zeros((H, W), np.uint8)
        cv2.fillPoly(mask, [foot], 255)
        cv2.ellipse(mask, (150, 395), (35, 25), 0, 0, 360, 255, -1)
        cv2.rectangle(mask, (460, 398), (520, 420), 255, -1)  # lesser toes, resting
        cv2.circle(mask, (520, 410), 10, 255, -1)
        th = math.radians(theta)
        dirv = np.array([math.cos(th), -math.sin(th)])
        nrm = np.array([math.sin(th), math.cos(th)])
        a0 = J - dirv * 12
        quad = np.array([a0 - nrm * T / 2, a0 + dirv * (L + 12) - nrm * T / 2, a0 + dirv * (L + 12) + nrm * T / 2,
                         a0 + nrm * T / 2], np.int32)
        cv2.fillPoly(mask, [quad], 255)
        tip = J + dirv * L
        cv2.circle(mask, (int(tip[0]), int(tip[1])), int(T / 2), 255, -1)
        mask = cv2.GaussianBlur(mask, (3, 3), 0)
        alpha = (mask.astype(np.float32) / 255.0)[:, :, None]
        out = (floor * (1 - alpha) + skin * alpha).astype(np.uint8)
        if mirror:
            out = cv2.flip(out, 1)
        frames.append((t, cam(t, out)))
    outline_mask = np.zeros((H, W), np.uint8)
    cv2.fillPoly(outline_mask, [foot], 255)
    cv2.rectangle(outline_mask, (100, 370), (560, 425), 255, -1)
    if mirror:
        outline_mask = cv2.flip(outline_mask, 1)
    cs, _ = cv2.findContours(outline_mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    outline = [(float(x) / W, float(y) / H) for x, y in max(cs, key=cv2.contourArea).reshape(-1, 2)]
    return Clip(f"big_toe_flex/{seed}", "big_toe_flex", frames, Scene(outline=outline, view="side"), reps,
                {"angles": peaks})


def still_clip(exercise: str, name: str, seed: int, seconds: float = 6.0) -> Clip:
    """The foot held still: only noise, lighting drift and shake. Must count 0."""
    rng = np.random.default_rng(seed)
    if exercise == "big_toe_flex":
        c = flex_clip(0, seed)
        c.name = f"{exercise}/still/{seed}"
        return c
    ps = photo_scene(name)
    img = ps.image.copy()
    zone = Scene().zone
    if exercise == "object_pickup":
        cv2.circle(img, (int(0.85 * W), int(0.5 * H)), 70, (60, 60, 60), 6)
        for i in range(3):
            cv2.circle(img, (int(0.12 * W), int((0.25 + 0.25 * i) * H)), 10, (200, 90, 20), -1)
    cam = Camera(rng)
    frames = [(k / FPS, cam(k / FPS, img)) for k in range(int(seconds * FPS))]
    return Clip(f"{exercise}/still/{name[14:-4]}/{seed}", exercise, frames, Scene(outline=ps.outline, zone=zone), 0,
                {"digits": []} if exercise == "toe_draw" else {})


def write_clip(clip: Clip, path: Path) -> Path:
    """MP4 plus its calibration sidecar (``VIDEO.foot.json``)."""
    import json

    path = Path(path)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), FPS, (W, H))
    for _, img in clip.frames:
        writer.write(img)
    writer.release()
    sidecar = {"view": clip.scene.view, "outline": [list(p) for p in (clip.scene.outline or [])],
               "zone": list(clip.scene.zone)}
    Path(str(path) + ".foot.json").write_text(json.dumps(sidecar))
    return path
