"""Pure pieces for the foot exercises: digit recognition from a toe-tip path,
and towel-pull accumulation. No vision library here."""
from __future__ import annotations

import math
from typing import Dict, List, Optional, Sequence, Tuple

Pt = Tuple[float, float]

# One stroke per digit, as a child draws it in the air, in a unit box with
# y pointing down (image convention). The project's own templates; several
# variants where children commonly differ.
DIGIT_TEMPLATES: Dict[str, List[List[Pt]]] = {
    "0": [[(0.5, 0.0), (0.15, 0.2), (0.05, 0.5), (0.15, 0.8), (0.5, 1.0), (0.85, 0.8), (0.95, 0.5), (0.85, 0.2), (0.5, 0.0)]],
    "1": [[(0.3, 0.2), (0.55, 0.0), (0.55, 1.0)], [(0.5, 0.0), (0.5, 1.0)]],
    "2": [[(0.1, 0.2), (0.4, 0.0), (0.8, 0.1), (0.85, 0.35), (0.1, 1.0), (0.9, 1.0)]],
    "3": [[(0.1, 0.1), (0.6, 0.0), (0.85, 0.2), (0.5, 0.5), (0.85, 0.75), (0.6, 1.0), (0.1, 0.9)]],
    "4": [[(0.6, 0.0), (0.05, 0.65), (0.9, 0.65), (0.7, 0.65), (0.7, 0.3), (0.7, 1.0)]],
    "5": [[(0.85, 0.0), (0.2, 0.0), (0.15, 0.45), (0.6, 0.4), (0.9, 0.7), (0.6, 1.0), (0.1, 0.9)]],
    "6": [[(0.75, 0.0), (0.3, 0.25), (0.1, 0.7), (0.4, 1.0), (0.8, 0.85), (0.7, 0.55), (0.3, 0.6), (0.1, 0.75)]],
    "7": [[(0.05, 0.0), (0.95, 0.0), (0.4, 1.0)]],
    "8": [[(0.8, 0.1), (0.5, 0.0), (0.2, 0.15), (0.5, 0.5), (0.85, 0.8), (0.5, 1.0), (0.15, 0.8), (0.5, 0.5), (0.8, 0.2), (0.5, 0.0)]],
    "9": [[(0.85, 0.25), (0.5, 0.0), (0.15, 0.2), (0.3, 0.45), (0.85, 0.3), (0.85, 0.6), (0.8, 1.0)]],
}

N_POINTS = 40


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
    return out


def normalise(points: Sequence[Pt]) -> List[Pt]:
    """Centred, scaled so the larger side of the box is 1 (aspect kept: a 1 stays thin)."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    size = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    return [((x - cx) / size, (y - cy) / size) for x, y in points]


def _distance(a: Sequence[Pt], b: Sequence[Pt]) -> float:
    # Dynamic time warping with a narrow band: tolerant of uneven speed.
    n = len(a)
    band = max(3, n // 8)
    inf = float("inf")
    prev = [inf] * (n + 1)
    prev[0] = 0.0
    for i in range(1, n + 1):
        cur = [inf] * (n + 1)
        for j in range(max(1, i - band), min(n, i + band) + 1):
            cost = math.dist(a[i - 1], b[j - 1])
            cur[j] = cost + min(prev[j], prev[j - 1], cur[j - 1])
        prev = cur
    return prev[n] / n


_PREPARED: Optional[Dict[str, List[List[Pt]]]] = None


def _templates() -> Dict[str, List[List[Pt]]]:
    global _PREPARED
    if _PREPARED is None:
        _PREPARED = {d: [normalise(resample(v)) for v in variants] for d, variants in DIGIT_TEMPLATES.items()}
    return _PREPARED


def recognise_digit(path: Sequence[Pt]) -> Tuple[Optional[str], float]:
    """The digit a path draws and a confidence 0..1 (None for too short a path).

    ``path`` is in image coordinates (y down), in any unit.
    """
    if len(path) < 5 or _path_length(path) <= 0:
        return None, 0.0
    probe = normalise(resample(path))
    scores = sorted((min(_distance(probe, v) for v in variants), d) for d, variants in _templates().items())
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
