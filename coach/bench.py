"""`coach bench`: where the body-view pipeline spends its time.

A drawn-figure clip is generated, decoded once, and every frame then goes
through two paths in the same run, one after the other: raw MediaPipe (the
same models called directly, pose on the picture and on its mirror image as
the tracker runs it, the same hands schedule) and the full pipeline
(adapters, engine, drawing). Interleaving frame by frame means both paths see
the same load on these shared machines, so their ratio is fair even when the
absolute times are noisy.
"""
from __future__ import annotations

import resource
import statistics
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List

TARGET_FPS = 30.0
TARGET_OVERHEAD_PCT = 10.0


def _raw_mediapipe(options):
    """The models the adapters wrap, called without them."""
    import mediapipe as mp
    from mediapipe.tasks.python import vision
    from mediapipe.tasks.python.core.base_options import BaseOptions

    from coach.perception.mediapipe_pose import pose_bundle_path

    def pose():
        return vision.PoseLandmarker.create_from_options(
            vision.PoseLandmarkerOptions(
                base_options=BaseOptions(model_asset_path=str(pose_bundle_path())),
                running_mode=vision.RunningMode.VIDEO,
                num_poses=1,
            )
        )

    # one pose model per look: the picture, and its mirror image when the
    # tracker looks both ways round
    poses = [pose() for _ in range(2 if options.both_ways else 1)]
    hands = mp.solutions.hands.Hands(static_image_mode=True, max_num_hands=options.max_hands, model_complexity=1)
    return mp, poses, hands


def _clip_of_length(seconds: float, width: int, height: int):
    """A heel-raise clip with as many repetitions as fit in ``seconds``."""
    from coach.synth import ClipSpec
    from coach.synth.motion import make_script

    def spec(reps: int) -> "ClipSpec":
        return ClipSpec(script="heel_raise", view="side", reps=reps, period=2.0, rest_before=1.0, rest_after=1.0,
                        w=width, h=height)

    def duration(s: "ClipSpec") -> float:
        return make_script(s.script, s.script_params()).duration

    one, two = duration(spec(1)), duration(spec(2))
    reps = max(1, 1 + int((seconds - one) // max(two - one, 1e-6)))
    return spec(reps)


def run_bench(seconds: float = 10.0, width: int = 640, height: int = 480) -> Dict[str, object]:
    import numpy as np

    from coach.annotate import annotate
    from coach.engine.runner import ExerciseRunner
    from coach.perception.video import open_video
    from coach.pipeline import BodyTracker, TrackerOptions
    from coach.synth import write_clip
    from exercises import get_exercise

    spec = _clip_of_length(seconds, width, height)
    options = TrackerOptions()
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        clip_path = Path(tmp) / "bench.mp4"
        truth = write_clip(spec, clip_path)
        frames: List = []
        decode_s = 0.0
        with open_video(clip_path, rgb=True) as video:
            started = time.perf_counter()
            for t, rgb in video:
                decode_s += time.perf_counter() - started
                frames.append((t, rgb))
                started = time.perf_counter()

    mp, raw_poses, raw_hands = _raw_mediapipe(options)
    raw_worker = ThreadPoolExecutor(max_workers=1)
    tracker = BodyTracker.create(options)
    runner = ExerciseRunner(get_exercise("heel_raise"))
    raw_per_frame: List[float] = []
    pipe_per_frame: List[float] = []
    engine_s = draw_s = 0.0
    next_raw_hands = None
    for t, rgb in frames:
        # Raw MediaPipe: exactly what the models cost on this frame.
        started = time.perf_counter()
        # the mirror image's look on a worker thread beside the plain one, as the tracker runs them
        ms_t = int(round(t * 1000))
        mirrored = [raw_worker.submit(pose.detect_for_video, mp.Image(image_format=mp.ImageFormat.SRGB,
                                                                       data=np.ascontiguousarray(rgb[:, ::-1])), ms_t)
                    for pose in raw_poses[1:]]
        raw_poses[0].detect_for_video(mp.Image(image_format=mp.ImageFormat.SRGB, data=rgb), ms_t)
        for pending in mirrored:
            pending.result()
        if next_raw_hands is None or t >= next_raw_hands:
            raw_hands.process(rgb)
            next_raw_hands = t + options.hands_interval
        raw_per_frame.append(time.perf_counter() - started)

        # The pipeline as the app runs it.
        started = time.perf_counter()
        frame = tracker.process(rgb, t)
        tracked = time.perf_counter()
        result = runner.push(frame)
        counted = time.perf_counter()
        canvas = rgb.copy()
        annotate(canvas, frame, result.count, "Heel raise", result.progress, 7, result.valid)
        drawn = time.perf_counter()
        engine_s += counted - tracked
        draw_s += drawn - counted
        pipe_per_frame.append(drawn - started)
    tracker.close()
    raw_worker.shutdown(wait=True)
    for raw_pose in raw_poses:
        raw_pose.close()
    raw_hands.close()

    n = len(frames)
    raw_total, pipe_total = sum(raw_per_frame), sum(pipe_per_frame)
    whole_s = decode_s + pipe_total
    ms = lambda s: round(1000.0 * s / n, 3)  # noqa: E731 - per-frame milliseconds
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    return {
        "clip": {"width": width, "height": height, "frames": n, "seconds": round(frames[-1][0] if frames else 0.0, 3),
                 "reps_truth": truth.reps},
        "reps_counted": runner.counter.count,
        # pose model runs a frame: two when the tracker looks both ways round
        "pose_looks": len(raw_poses),
        "ms_per_frame": {
            "decode": ms(decode_s),
            "pose": ms(tracker.seconds["pose"]),
            "hands": ms(tracker.seconds["hands"]),
            "hands_interval_s": options.hands_interval,
            "engine": ms(engine_s),
            "drawing": ms(draw_s),
            "pipeline": ms(pipe_total),
            "raw_mediapipe": ms(raw_total),
            "pipeline_median": round(1000.0 * statistics.median(pipe_per_frame), 3),
            "raw_mediapipe_median": round(1000.0 * statistics.median(raw_per_frame), 3),
        },
        "fps": {
            "body_view_pipeline": round(n / pipe_total, 1),
            "with_file_decode": round(n / whole_s, 1),
            "raw_mediapipe": round(n / raw_total, 1),
            "target": TARGET_FPS,
        },
        "overhead_vs_raw_mediapipe_pct": round(100.0 * (pipe_total / raw_total - 1.0), 1),
        "overhead_target_pct": TARGET_OVERHEAD_PCT,
        "peak_memory_mb": round(peak_mb, 1),
    }
