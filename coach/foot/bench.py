"""`coach bench`, foot view: frames per second of the foot pipeline at 640x480.

A toe-spreading clip is generated (from the real foot photo when
FOOTCOACH_FOOTAGE is set, otherwise a drawn foot), written as MP4 and read
back; then each decoded frame goes through the foot tracker and the exercise
runner, timed. Decoding is timed apart. The machines are shared, so besides
the wall-clock rate the CPU-time rate (this process's own CPU seconds) is
reported: it does not count time lost waiting for other processes.
"""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Dict, List

TARGET_FPS = 60.0


def _drawn_foot_clip(seconds: float, width: int, height: int):
    """A plain drawn top-view foot on a speckled floor (no footage needed)."""
    import cv2
    import numpy as np

    from coach.foot import synth

    rng = np.random.default_rng(3)
    floor = rng.integers(90, 140, (height, width, 3), dtype=np.uint8)
    floor = cv2.GaussianBlur(floor, (0, 0), 2)
    cx, cy = width // 2, int(0.55 * height)
    fw = int(0.12 * width)
    n = int(seconds * synth.FPS)

    def render():
        for k in range(n):
            t = k / synth.FPS
            lv = 0.5 - 0.5 * np.cos(2 * np.pi * t / 2.0)
            img = floor.copy()
            cv2.ellipse(img, (cx, cy + fw), (fw, int(2.2 * fw)), 0, 0, 360, (150, 170, 220), -1)
            cv2.rectangle(img, (cx - fw + 8, cy + fw), (cx + fw - 8, height), (150, 170, 220), -1)
            for i in range(5):
                ang = np.radians(-30 + 15 * i + (i - 2) * 6 * lv)
                bx, by = cx - fw + 12 + i * (2 * fw - 24) // 4, cy - int(0.6 * fw)
                tx, ty = int(bx + np.sin(ang) * 0.5 * fw), int(by - np.cos(ang) * 0.5 * fw)
                cv2.line(img, (bx, by), (tx, ty), (150, 170, 220), int(0.3 * fw))
            yield t, img

    from coach.foot.tracker import Scene

    outline = [(0.5 - 0.16, 0.3), (0.5 + 0.16, 0.3), (0.5 + 0.16, 1.0), (0.5 - 0.16, 1.0)]
    return synth.Clip("bench/drawn", "toe_spread", render, n, Scene(outline=outline), 0)


def run_foot_bench(seconds: float = 10.0, width: int = 640, height: int = 480) -> Dict[str, object]:
    import cv2

    from coach.engine.runner import ExerciseRunner
    from coach.foot import synth
    from coach.foot.pipeline import load_scene
    from coach.foot.tracker import FootTracker
    from coach.perception.video import open_video
    from exercises import get_exercise

    source = "drawn foot"
    if synth.footage_dir() is not None and (width, height) == (synth.W, synth.H):
        reps = max(1, int((seconds - 2.5) / 2.3))
        clip = synth.toe_spread_clip(synth.TOP_PHOTOS[0], reps, seed=1)
        source = f"real photo, {synth.TOP_PHOTOS[0]}"
    else:
        clip = _drawn_foot_clip(seconds, width, height)
    with tempfile.TemporaryDirectory(prefix="coach-foot-bench-") as tmp:
        path = Path(tmp) / "bench.mp4"
        if source == "drawn foot":
            writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), synth.FPS, (width, height))
            for _, img in clip.render():
                writer.write(img)
            writer.release()
            Path(str(path) + ".foot.json").write_text(
                '{"view": "top", "outline": ' + str([list(p) for p in clip.scene.outline]) + "}")
        else:
            synth.write_clip(clip, path)
        scene = load_scene(str(path))
        t0 = time.perf_counter()
        frames: List = []
        with open_video(str(path), rgb=False) as video:
            for t, bgr in video:
                frames.append((t, bgr))
        decode_s = time.perf_counter() - t0
    tracker = FootTracker(scene)
    runner = ExerciseRunner(get_exercise("toe_spread"))
    # The first frame initialises the segmentation (GrabCut, once per
    # session): timed apart, like a calibration.
    t_init = time.perf_counter()
    runner.push(tracker.process(frames[0][0], frames[0][1], rgb=False))
    init_ms = 1000 * (time.perf_counter() - t_init)
    per_frame: List[float] = []
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for t, bgr in frames[1:]:
        a = time.perf_counter()
        runner.push(tracker.process(t, bgr, rgb=False))
        per_frame.append(time.perf_counter() - a)
    cpu = time.process_time() - cpu0
    wall = time.perf_counter() - wall0
    n = len(per_frame)
    fps_wall = n / wall if wall > 0 else 0.0
    fps_cpu = n / cpu if cpu > 0 else 0.0
    median_ms = 1000 * statistics.median(per_frame) if per_frame else 0.0
    decode_ms = 1000 * decode_s / max(1, len(frames))
    return {
        "source": source,
        "resolution": f"{width}x{height}",
        "frames": n,
        "init_ms": round(init_ms, 1),
        "median_ms_per_frame": round(median_ms, 2),
        "fps_median": round(1000 / median_ms, 1) if median_ms > 0 else 0.0,
        "fps_wall": round(fps_wall, 1),
        "fps_cpu": round(fps_cpu, 1),
        "decode_ms_per_frame": round(decode_ms, 2),
        "fps_with_decode_median": round(1000 / (median_ms + decode_ms), 1) if median_ms > 0 else 0.0,
        "target_fps": TARGET_FPS,
        "meets_target": bool(median_ms > 0 and 1000 / (median_ms + decode_ms) >= TARGET_FPS),
        "reps_counted": runner.result().reps,
        "reps_expected": clip.reps if source != "drawn foot" else None,
    }
