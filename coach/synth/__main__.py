"""Command line: render a clip, or check how MediaPipe Pose sees one.

    python -m coach.synth heel_raise --view side --reps 5 --period 2.0 -o /tmp/x.mp4
    python -m coach.synth stand --duration 4 -o /tmp/stand.y4m
    python -m coach.synth check /tmp/x.mp4          # needs mediapipe
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import fields
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np

from . import ClipSpec, Truth, truth_path, write_clip
from .motion import SCRIPTS


def _frames_of(path: Path):
    import cv2
    from .writers import read_y4m
    if path.suffix.lower() == ".y4m":
        yield from read_y4m(path)
        return
    cap = cv2.VideoCapture(str(path))
    try:
        while True:
            ok, fr = cap.read()
            if not ok:
                return
            yield fr
    finally:
        cap.release()


def pose_track(path: Path, fps: float) -> List[Optional[np.ndarray]]:
    """MediaPipe Pose (legacy, model_complexity=1, video mode) on every frame:
    per frame an array (33, 4) of x_px, y_px, z, visibility, or None."""
    import cv2
    import mediapipe as mp
    out: List[Optional[np.ndarray]] = []
    with mp.solutions.pose.Pose(model_complexity=1, static_image_mode=False) as pose:
        for fr in _frames_of(path):
            h, w = fr.shape[:2]
            res = pose.process(cv2.cvtColor(fr, cv2.COLOR_BGR2RGB))
            if res.pose_landmarks is None:
                out.append(None)
                continue
            a = np.array([[l.x * w, l.y * h, l.z, l.visibility] for l in res.pose_landmarks.landmark])
            out.append(a)
    return out


def heel_signals(track: List[Optional[np.ndarray]]) -> Dict[str, np.ndarray]:
    """Per frame, per side (and the mean of both sides): (foot_index.y - heel.y)/shin
    and (foot_index.y - ankle.y)/shin (image y grows downwards, so both grow when
    the heel rises)."""
    sig: Dict[str, np.ndarray] = {}
    for side, (knee, ankle, heel, toe) in {"L": (25, 27, 29, 31), "R": (26, 28, 30, 32)}.items():
        a = np.full(len(track), np.nan)
        b = np.full(len(track), np.nan)
        for i, lm in enumerate(track):
            if lm is None:
                continue
            shin = float(np.hypot(*(lm[knee, :2] - lm[ankle, :2])))
            if shin < 1e-3:
                continue
            a[i] = (lm[toe, 1] - lm[heel, 1]) / shin
            b[i] = (lm[toe, 1] - lm[ankle, 1]) / shin
        sig[f"toe_heel_{side}"] = a
        sig[f"toe_ankle_{side}"] = b
    for k in ("toe_heel", "toe_ankle"):
        sig[f"{k}_mean"] = (sig[f"{k}_L"] + sig[f"{k}_R"]) / 2
    return sig


def check(path: Path, verbose: bool = False) -> Dict[str, object]:
    truth = Truth.load(truth_path(path))
    track = pose_track(path, truth.fps)
    n = len(track)
    found = [lm is not None for lm in track]
    rate = sum(found) / max(1, n)
    vis = {}
    for name, idx in {"ankles": (27, 28), "heels": (29, 30), "foot_tips": (31, 32)}.items():
        vals = [lm[list(idx), 3].mean() for lm in track if lm is not None]
        vis[name] = float(np.mean(vals)) if vals else 0.0
    lift = np.array(truth.heel_lift_cm[:n]) if truth.heel_lift_cm else np.zeros(n)
    amp = max(1e-6, float(truth.params.get("amplitude", 7.0)))
    flat = lift <= 0.0
    top = lift >= 0.9 * amp
    sig = heel_signals(track)
    stats: Dict[str, object] = {"frames": n, "detected": round(rate, 4), "visibility": {k: round(v, 3) for k, v in vis.items()}}
    for k, s in sig.items():
        base = s[flat & ~np.isnan(s)]
        jit = float(np.std(base)) if base.size else float("nan")
        entry = {"flat_mean": round(float(np.mean(base)), 4) if base.size else None, "flat_std": round(jit, 4)}
        if truth.rep_times:
            t = np.arange(n) / truth.fps
            rises = []
            for (s0, pk, e0) in truth.rep_times:
                m = top & (t >= s0) & (t <= e0) & ~np.isnan(s)
                if m.any():
                    rises.append(float(np.mean(s[m]) - np.mean(base)))
            entry["rise_per_rep"] = [round(r, 4) for r in rises]
            entry["min_rise_over_std"] = round(min(rises) / jit, 2) if rises and jit > 0 else None
        stats[k] = entry
    if verbose:
        for i in range(n):
            row = " ".join(f"{k}={sig[k][i]:+.3f}" for k in sig)
            print(f"{i:4d} lift={lift[i]:.2f} {row}")
    return stats


def main(argv: Optional[List[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "check":
        ap = argparse.ArgumentParser(prog="python -m coach.synth check")
        ap.add_argument("video", nargs="+", type=Path)
        ap.add_argument("-v", "--verbose", action="store_true")
        a = ap.parse_args(argv[1:])
        for v in a.video:
            print(v, json.dumps(check(v, a.verbose)))
        return 0
    ap = argparse.ArgumentParser(prog="python -m coach.synth", description="Render a synthetic exercise clip.")
    ap.add_argument("script", choices=sorted(SCRIPTS))
    ap.add_argument("-o", "--output", required=True, type=Path, help=".mp4 or .y4m")
    defaults = ClipSpec()
    for f in fields(ClipSpec):
        if f.name == "script":
            continue
        d = getattr(defaults, f.name)
        typ = {int: int, float: float, str: str}.get(type(d), float)
        ap.add_argument("--" + f.name.replace("_", "-"), dest=f.name, type=typ, default=d)
    a = ap.parse_args(argv)
    kw = {f.name: getattr(a, f.name) for f in fields(ClipSpec) if f.name != "script"}
    truth = write_clip(ClipSpec(script=a.script, **kw), a.output)
    print(f"{a.output}: {truth.frames} frames, {truth.duration:.2f} s, {truth.reps} reps -> {truth_path(a.output)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
