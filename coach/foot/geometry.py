"""From a foot silhouette: foot axis, length, width, toe tips and the spread index.

The camera looks down at the foot; the leg (or the heel) reaches one edge of
the picture. The toe end is the silhouette point farthest from where the
silhouette meets the edge; the foot axis points from the forefoot's centre to
that end. Toe tips are the bumps of the front outline: the outline is read
as "how far forward" against "how far across", its smooth trend (the toe
cascade) is removed, and the five highest bumps that remain are the tips.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Tuple

import cv2
import numpy as np

Point = Tuple[float, float]


@dataclass
class FootShape:
    found: bool
    toe_end: Point = (0.0, 0.0)
    entry: Point = (0.0, 0.0)
    axis: Point = (0.0, -1.0)  # unit vector heel -> toes, image coordinates
    width: float = 0.0  # across the ball of the foot, pixels
    length: float = 0.0  # visible length along the axis, pixels
    tips: List[Point] = field(default_factory=list)  # big toe first when the side is known
    spread: float = 0.0
    gaps: float = 0.0
    fan: float = 0.0


def _entry_point(mask: np.ndarray) -> Optional[Point]:
    h, w = mask.shape
    top = np.nonzero(mask[0, :])[0]
    bottom = np.nonzero(mask[h - 1, :])[0]
    left = np.nonzero(mask[:, 0])[0]
    right = np.nonzero(mask[:, w - 1])[0]
    pts = [(x, 0.0) for x in top] + [(x, h - 1.0) for x in bottom]
    pts += [(0.0, y) for y in left] + [(w - 1.0, y) for y in right]
    if len(pts) < 3:
        return None
    arr = np.asarray(pts, np.float32)
    return float(arr[:, 0].mean()), float(arr[:, 1].mean())


def measure_shape(mask: np.ndarray, n_tips: int = 5, big_toe_side: Optional[str] = None) -> FootShape:
    """Geometry of the largest blob of ``mask`` (0/255, any size)."""
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return FootShape(False)
    contour = max(contours, key=cv2.contourArea)
    if cv2.contourArea(contour) < 0.005 * mask.size:
        return FootShape(False)
    c = contour.reshape(-1, 2).astype(np.float32)
    entry = _entry_point(mask)
    if entry is None:
        # The whole foot is inside the picture: the heel is the far end of the
        # long axis from the narrower (toe) end; take the end farther from the
        # blob's centre of mass as the toes' side is ambiguous, the pointier one.
        mean = c.mean(axis=0)
        _, _, vt = np.linalg.svd(c - mean, full_matrices=False)
        d = (c - mean) @ vt[0]
        a, b = c[np.argmax(d)], c[np.argmin(d)]
        entry = (float(b[0]), float(b[1]))
    e = np.asarray(entry, np.float32)
    dist = np.linalg.norm(c - e, axis=1)
    toe = c[int(np.argmax(dist))]
    reach = float(dist.max())
    ys, xs = np.nonzero(mask)
    pix = np.stack([xs, ys], axis=1).astype(np.float32)
    # Forefoot and midfoot: pixels within half the visible length of the toe
    # end; their long axis is the foot's axis.
    near = pix[np.linalg.norm(pix - toe, axis=1) < 0.5 * reach]
    if len(near) < 10:
        return FootShape(False)
    centre = near.mean(axis=0)
    _, _, vt = np.linalg.svd(near - centre, full_matrices=False)
    u = vt[0].astype(np.float32)
    if float((toe - centre) @ u) < 0:
        u = -u
    # The toe end is the outline's most forward point along that axis.
    toe = c[int(np.argmax(c @ u))]
    v = np.array([-u[1], u[0]], np.float32)
    # Coordinates along (f: forward from the toe end, negative behind) and across.
    f = (pix - toe) @ u
    s = (pix - toe) @ v
    band = (f < 0) & (f > -0.35 * reach)
    if band.sum() < 10:
        return FootShape(False)
    # Width profile behind the toe end.
    step = max(1.0, 0.01 * reach)
    bins = np.floor(-f[band] / step).astype(int)
    smin = np.full(bins.max() + 1, np.inf)
    smax = np.full(bins.max() + 1, -np.inf)
    np.minimum.at(smin, bins, s[band])
    np.maximum.at(smax, bins, s[band])
    widths = np.where(np.isfinite(smin), smax - smin, 0.0)
    width = float(widths.max())
    if width <= 2:
        return FootShape(False)
    # Toe zone: from the toe end back to 0.5 ball widths.
    tips = _toe_tips(c, toe, u, v, width, n_tips, centre)
    # Spread: the floor seen between the toes. Over the front of the foot
    # (from the toe end back 0.8 ball widths, which reaches behind the little
    # toe's tip) the silhouette's convex hull minus the silhouette itself:
    # toes held together leave only the small notches of the toe cascade,
    # spread toes open a wedge of floor between each pair and swing the
    # little toe out, which grows the hull. In ball widths squared.
    tip_band = (f > -0.25 * width) & (f <= 0.5)
    fan = float(s[tip_band].max() - s[tip_band].min()) / width if tip_band.any() else 0.0
    front = f > -0.8 * width
    zone_pts = np.stack([s[front], f[front]], axis=1).astype(np.float32)
    hull_area = float(cv2.contourArea(cv2.convexHull(zone_pts))) if len(zone_pts) >= 3 else 0.0
    gaps = max(0.0, hull_area - float(len(zone_pts))) / (width * width)
    length = float(max(reach, 0.0))
    return FootShape(
        True,
        toe_end=(float(toe[0]), float(toe[1])),
        entry=(float(e[0]), float(e[1])),
        axis=(float(u[0]), float(u[1])),
        width=width,
        length=length,
        tips=tips,
        spread=100.0 * gaps,
        gaps=gaps,
        fan=fan,
    )


def _toe_tips(c: np.ndarray, toe: np.ndarray, u: np.ndarray, v: np.ndarray, width: float, n_tips: int,
              centre: np.ndarray) -> List[Point]:
    """Sharp outward bumps of the front outline, ordered across the foot."""
    n = len(c)
    k = max(3, int(round(width / 9.0)))
    if n < 4 * k:
        return []
    prev, nxt = np.roll(c, k, axis=0), np.roll(c, -k, axis=0)
    chord = nxt - prev
    chord_len = np.maximum(np.linalg.norm(chord, axis=1), 1e-6)
    # Signed height of each point above the chord joining its neighbours
    # (OpenCV outer contours turn one way: the sign is fixed by the area).
    cross = chord[:, 0] * (c[:, 1] - prev[:, 1]) - chord[:, 1] * (c[:, 0] - prev[:, 0])
    sign = -1.0 if cv2.contourArea(c.reshape(-1, 1, 2), oriented=True) > 0 else 1.0
    bump = sign * cross / chord_len
    f = (c - toe) @ u
    facing = (c - centre) @ u
    across = (c - toe) @ v
    zone = f > -0.75 * width
    # The lesser toes all lie on one side of the big toe (the toe end): the
    # side where the forefoot is wider. Nothing beyond the big toe's inner
    # edge is a toe.
    side = 1.0 if across[zone].max() > -across[zone].min() else -1.0
    ok = zone & (facing > 0) & (bump > 0.012 * width) & (side * across > -0.12 * width)
    score = np.where(ok, bump, -np.inf)
    order = np.argsort(-score)
    chosen: List[int] = []
    sep = max(2, int(round(width / 10.0)))
    for i in order:
        if not np.isfinite(score[i]) or len(chosen) >= n_tips:
            break
        # A tip is the highest bump of its stretch of outline.
        if all(min(abs(i - j), n - abs(i - j)) >= sep for j in chosen):
            chosen.append(int(i))
    pts = c[chosen]
    # Big toe first, then outwards.
    order = np.argsort(side * ((pts - toe) @ v))
    return [(float(p[0]), float(p[1])) for p in pts[order]]


def _peaks(values: np.ndarray, min_sep: int) -> List[int]:
    """Local maxima, greedy by height, at least ``min_sep`` apart."""
    n = len(values)
    cand = [i for i in range(n) if (i == 0 or values[i] >= values[i - 1]) and (i == n - 1 or values[i] >= values[i + 1])]
    cand.sort(key=lambda i: -values[i])
    chosen: List[int] = []
    for i in cand:
        if all(abs(i - j) >= min_sep for j in chosen):
            chosen.append(i)
    return chosen
