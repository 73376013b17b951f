"""Pure pieces for the foot exercises: digit recognition from a toe-tip path,
and towel-pull accumulation. No vision library here."""
from __future__ import annotations

import math
from typing import Dict, List, Optional, Sequence, Tuple

Pt = Tuple[float, float]

# -- digit templates ------------------------------------------------------------
# Each digit as the single stroke a person draws in the air, in a unit box
# with y pointing down (image convention), written as arcs and lines. Angles
# are in degrees in image coordinates: 0 right, 90 down, 180 left, 270 up;
# an arc from a0 to a1 runs in whichever sense the numbers go. The project's
# own definitions, with variants where people commonly differ.


def _arc(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float, n: int = 12) -> List[Pt]:
    out = []
    for k in range(n + 1):
        a = math.radians(a0 + (a1 - a0) * k / n)
        out.append((cx + rx * math.cos(a), cy + ry * math.sin(a)))
    return out


def _digit_strokes() -> Dict[str, List[List[Pt]]]:
    d: Dict[str, List[List[Pt]]] = {}
    d["0"] = [_arc(0.5, 0.5, 0.45, 0.5, 270, -90, 24)]  # from the top, leftward round
    d["1"] = [[(0.5, 0.0), (0.5, 1.0)], [(0.25, 0.22), (0.5, 0.0), (0.5, 1.0)]]
    d["2"] = [_arc(0.5, 0.3, 0.38, 0.3, 200, 380) + [(0.05, 1.0), (0.95, 1.0)],
              _arc(0.5, 0.3, 0.38, 0.3, 200, 400) + [(0.3, 0.75), (0.05, 1.0), (0.95, 1.0)]]
    d["3"] = [_arc(0.45, 0.26, 0.4, 0.25, 200, 450) + _arc(0.45, 0.75, 0.45, 0.25, 270, 510),
              _arc(0.45, 0.26, 0.4, 0.25, 220, 450) + _arc(0.45, 0.75, 0.45, 0.25, 270, 500)]
    d["4"] = [[(0.65, 0.0), (0.0, 0.65), (1.0, 0.65), (0.72, 0.65), (0.72, 0.3), (0.72, 1.0)],
              [(0.65, 0.0), (0.0, 0.65), (1.0, 0.65), (0.72, 0.65), (0.72, 1.0)],
              [(0.15, 0.0), (0.1, 0.6), (0.95, 0.6), (0.72, 0.6), (0.72, 0.2), (0.72, 1.0)]]
    d["5"] = [[(0.9, 0.0), (0.2, 0.0), (0.15, 0.42)] + _arc(0.45, 0.68, 0.42, 0.32, 240, 510),
              [(0.2, 0.0), (0.15, 0.42)] + _arc(0.45, 0.68, 0.42, 0.32, 240, 510)]
    d["6"] = [_arc(0.75, 0.72, 0.65, 0.72, -90, -180) + _arc(0.5, 0.72, 0.4, 0.28, 180, -150),
              _arc(0.7, 0.7, 0.6, 0.7, -60, -180) + _arc(0.5, 0.72, 0.4, 0.28, 180, -120)]
    d["7"] = [[(0.0, 0.0), (1.0, 0.0), (0.4, 1.0)], [(0.0, 0.15), (0.0, 0.0), (1.0, 0.0), (0.45, 1.0)],
              [(0.0, 0.0), (1.0, 0.0), (0.65, 0.5), (0.5, 1.0)]]
    d["8"] = [_arc(0.5, 0.25, 0.33, 0.25, -20, -180) + [(0.5, 0.5)] + _arc(0.5, 0.74, 0.4, 0.26, -90, 270, 24)
              + _arc(0.5, 0.25, 0.33, 0.25, 90, -20)]
    d["9"] = [_arc(0.5, 0.28, 0.36, 0.28, 0, -360, 24) + [(0.84, 1.0)],
              _arc(0.5, 0.28, 0.36, 0.28, -30, -360, 24) + [(0.8, 1.0)]]
    return d


# Written digits are taller than wide: the strokes above are drawn in a
# square and narrowed to this width (height 1).
DIGIT_ASPECT = 0.65
DIGIT_TEMPLATES: Dict[str, List[List[Pt]]] = {
    d: [[(0.5 + (x - 0.5) * DIGIT_ASPECT, y) for x, y in stroke] for stroke in strokes]
    for d, strokes in _digit_strokes().items()}
# Closed figures may be started anywhere on the loop.
CLOSED = {"0", "8"}
START_POINTS = 8
N_POINTS = 32


def _path_length(path: Sequence[Pt]) -> float:
    return sum(math.dist(a, b) for a, b in zip(path, path[1:]))


def resample(path: Sequence[Pt], n: int = N_POINTS) -> List[Pt]:
    """``n`` points evenly spaced along the path."""
    if len(path) == 0:
        return []
    total = _path_length(path)
    if total <= 0:
        return [tuple(path[0])] * n  # type: ignore[list-item]
    step = total / (n - 1)
    out: List[Pt] = [tuple(path[0])]  # type: ignore[list-item]
    acc = 0.0
    prev = path[0]
    i = 1
    while i < len(path) and len(out) < n:
        cur = path[i]
        d = math.dist(prev, cur)
        if acc + d >= step and d > 0:
            r = (step - acc) / d
            q = (prev[0] + r * (cur[0] - prev[0]), prev[1] + r * (cur[1] - prev[1]))
            out.append(q)
            prev = q
            acc = 0.0
        else:
            acc += d
            prev = cur
            i += 1
    while len(out) < n:
        out.append(tuple(path[-1]))  # type: ignore[arg-type]
    return out[:n]


def normalise(points: Sequence[Pt]) -> List[Pt]:
    """Centred, scaled so the larger side of the box is 1 (aspect kept: a 1 stays thin)."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    size = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    return [((x - cx) / size, (y - cy) / size) for x, y in points]


def smooth_path(path: Sequence[Pt], k: int = 2) -> List[Pt]:
    """A moving average over 2k+1 points (ends kept): takes the jitter off a tracked path."""
    n = len(path)
    if n < 2 * k + 1:
        return list(path)
    out: List[Pt] = []
    for i in range(n):
        a, b = max(0, i - k), min(n, i + k + 1)
        out.append((sum(p[0] for p in path[a:b]) / (b - a), sum(p[1] for p in path[a:b]) / (b - a)))
    return out


def _dtw(a: Sequence[Pt], b: Sequence[Pt], band: int) -> float:
    """Dynamic time warping, banded: tolerant of uneven drawing speed."""
    n = len(a)
    inf = float("inf")
    prev = [inf] * (n + 1)
    prev[0] = 0.0
    for i in range(1, n + 1):
        cur = [inf] * (n + 1)
        ax, ay = a[i - 1]
        for j in range(max(1, i - band), min(n, i + band) + 1):
            bx, by = b[j - 1]
            cost = math.hypot(ax - bx, ay - by)
            m = prev[j - 1]
            if prev[j] < m:
                m = prev[j]
            if cur[j - 1] < m:
                m = cur[j - 1]
            cur[j] = cost + m
        prev = cur
    return prev[n] / n


def _cloud(a: Sequence[Pt], b: Sequence[Pt]) -> float:
    """Greedy point-cloud distance ($P-style), both ways: ignores order and start."""
    def one(p: Sequence[Pt], q: Sequence[Pt]) -> float:
        n = len(p)
        used = [False] * len(q)
        total = 0.0
        for i, (x, y) in enumerate(p):
            best, bj = float("inf"), -1
            for j, (u, v) in enumerate(q):
                if not used[j]:
                    d = (x - u) ** 2 + (y - v) ** 2
                    if d < best:
                        best, bj = d, j
            used[bj] = True
            total += (1.0 - i / n) * math.sqrt(best)
        return total / n

    return min(one(a, b), one(b, a))


def _variants(digit: str, stroke: Sequence[Pt]) -> List[List[Pt]]:
    pts = resample(stroke, N_POINTS)
    out = [pts, pts[::-1]]
    if digit in CLOSED:
        loop = resample(stroke, N_POINTS * 4)[:-1]
        for s in range(1, START_POINTS):
            k = s * len(loop) // START_POINTS
            shifted = loop[k:] + loop[:k] + [loop[k]]
            r = resample(shifted, N_POINTS)
            out += [r, r[::-1]]
    return out


_PREPARED: Optional[Dict[str, Tuple[List[List[Pt]], List[List[Pt]]]]] = None
CLOUD_WEIGHT = 0.5


def _templates() -> Dict[str, Tuple[List[List[Pt]], List[List[Pt]]]]:
    """Per digit: the ordered variants (for DTW) and one point cloud per stroke."""
    global _PREPARED
    if _PREPARED is None:
        _PREPARED = {d: ([normalise(v) for stroke in strokes for v in _variants(d, stroke)],
                         [normalise(resample(stroke, N_POINTS)) for stroke in strokes])
                     for d, strokes in DIGIT_TEMPLATES.items()}
    return _PREPARED


def prepare(path: Sequence[Pt]) -> List[Pt]:
    """Evenly spaced, lightly smoothed (jitter off), normalised points."""
    dense = resample(path, 2 * N_POINTS)
    return normalise(resample(smooth_path(dense, 1), N_POINTS))


def digit_scores(path: Sequence[Pt]) -> List[Tuple[float, str]]:
    """(distance, digit) for every digit, best first: the path's distance
    along the stroke (DTW, best variant) plus, weighted, its distance as a
    shape regardless of order (point cloud)."""
    probe = prepare(path)
    band = max(3, N_POINTS // 5)
    out = []
    for d, (variants, clouds) in _templates().items():
        best = min(_dtw(probe, v, band) for v in variants)
        cloud = min(_cloud(probe, c) for c in clouds)
        out.append((best + CLOUD_WEIGHT * cloud, d))
    return sorted(out)


def recognise_digit(path: Sequence[Pt]) -> Tuple[Optional[str], float]:
    """The digit a path draws and a confidence 0..1 (None for too short a path).

    ``path`` is in image coordinates (y down), in any unit. The path is
    resampled to evenly spaced points, smoothed and normalised (centred,
    scaled by its larger side), then compared by dynamic time warping with
    every template variant (each digit both ways round, and the closed ones,
    0 and 8, from several starting points) and as a point cloud with each
    template (which ignores where and which way the stroke started).
    """
    if len(path) < 5 or _path_length(path) <= 0:
        return None, 0.0
    scores = digit_scores(path)
    best, second = scores[0], scores[1]
    confidence = max(0.0, min(1.0, (second[0] - best[0]) / max(1e-6, second[0])))
    return best[1], confidence


def split_strokes(samples: Sequence[Tuple[float, Pt]], still_speed: float, min_pause: float = 0.35,
                  min_duration: float = 0.6) -> List[Tuple[float, float, List[Pt]]]:
    """Cut a (t, point) sequence into strokes separated by pauses.

    A pause is at least ``min_pause`` seconds with speed below ``still_speed``
    (units per second). Returns (start, end, points) per stroke.
    """
    strokes: List[Tuple[float, float, List[Pt]]] = []
    if len(samples) < 2:
        return strokes
    moving: List[bool] = [False]
    for (t0, p0), (t1, p1) in zip(samples, samples[1:]):
        dt = max(1e-6, t1 - t0)
        moving.append(math.dist(p0, p1) / dt > still_speed)
    start: Optional[int] = None
    last_move: Optional[int] = None
    for i, m in enumerate(moving):
        if m:
            if start is None:
                start = max(0, i - 1)
            last_move = i
        elif start is not None and last_move is not None and samples[i][0] - samples[last_move][0] >= min_pause:
            if samples[last_move][0] - samples[start][0] >= min_duration:
                strokes.append((samples[start][0], samples[last_move][0], [p for _, p in samples[start:last_move + 1]]))
            start, last_move = None, None
    if start is not None and last_move is not None and samples[last_move][0] - samples[start][0] >= min_duration:
        strokes.append((samples[start][0], samples[last_move][0], [p for _, p in samples[start:last_move + 1]]))
    return strokes


def gathered_length(samples: Sequence[Tuple[float, float]]) -> float:
    """Total fabric pulled toward the heel: the integral of the positive flow.

    ``samples`` are (t, flow toward the heel in foot widths per second).
    """
    total = 0.0
    for (t0, v0), (t1, v1) in zip(samples, samples[1:]):
        v = 0.5 * (v0 + v1)
        if v > 0:
            total += v * (t1 - t0)
    return total
