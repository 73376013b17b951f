"""The ``coach`` command.

    coach exercises
    coach landmarks VIDEO -o TRACK.jsonl
    coach count TRACK.jsonl --exercise ID [--json]
    coach analyze VIDEO --exercise ID [--json]
    coach bench [--json]
    coach accuracy [--suite body|foot|all] [--fast] [--json]

Bad input ends with a one-line message on stderr and a non-zero exit status,
never a traceback.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Iterable, List, Optional

EXIT_BAD_INPUT = 2


class CliError(Exception):
    """A user-facing failure: one line, exit status 2."""


def _spec(exercise_id: str):
    from exercises import UnknownExerciseError, get_exercise

    try:
        return get_exercise(exercise_id)
    except UnknownExerciseError as exc:
        raise CliError(str(exc)) from None


def _check_video_path(path: str) -> None:
    # Named before any model loads, so a typo costs no waiting.
    if not os.path.exists(path):
        raise CliError(f"no such file: {path}")
    if os.path.isdir(path):
        raise CliError(f"{path} is a folder, not a video file")


def _frames_of_video(path: str, with_hands: bool, view: str = "body") -> Iterable:
    """The records an exercise of ``view`` counts from, read off a video file."""
    from coach.perception.video import VideoError

    _check_video_path(path)
    try:
        if view == "foot":
            # The foot close-up view sees the toes with its own vision.
            from coach.foot.pipeline import track_foot_video

            yield from track_foot_video(path)
        else:
            from coach.pipeline import TrackerOptions, track_video

            yield from track_video(path, TrackerOptions(with_hands=with_hands))
    except VideoError as exc:
        raise CliError(str(exc)) from None


def _print_result(result, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result.to_json()))
        return
    print(f"{result.exercise}: {result.reps} repetitions ({result.frames_valid}/{result.frames} frames usable)")
    for e in result.events:
        print(f"  #{e.index}: {e.start:.2f}-{e.end:.2f} s, peak at {e.peak:.2f} s, range {e.range:.3f}, {e.quality}")
    for w in result.warnings:
        print(f"  warning: {w}")


def cmd_exercises(args: argparse.Namespace) -> int:
    from exercises import exercise_ids

    for exercise_id in exercise_ids():
        print(exercise_id)
    return 0


def cmd_landmarks(args: argparse.Namespace) -> int:
    from coach.track_io import write_track

    count = write_track(args.output, _frames_of_video(args.video, with_hands=not args.no_hands))
    if count == 0:
        raise CliError(f"{args.video}: no frames could be read")
    print(f"wrote {count} frames to {args.output}", file=sys.stderr)
    return 0


def cmd_count(args: argparse.Namespace) -> int:
    from coach.engine.runner import count_frames
    from coach.track_io import TrackFormatError, read_track

    spec = _spec(args.exercise)
    if not os.path.exists(args.track):
        raise CliError(f"no such file: {args.track}")
    try:
        frames = read_track(args.track)
    except TrackFormatError as exc:
        raise CliError(f"malformed track: {exc}") from None
    except OSError as exc:
        raise CliError(f"cannot read {args.track}: {exc.strerror}") from None
    if not frames:
        raise CliError(f"{args.track}: the track holds no frames")
    _print_result(count_frames(spec, frames), args.json)
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from coach.engine.runner import count_frames

    spec = _spec(args.exercise)
    result = count_frames(spec, _frames_of_video(args.video, with_hands=False, view=spec.view))
    if result.frames == 0:
        raise CliError(f"{args.video}: no frames could be read")
    _print_result(result, args.json)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from coach.bench import run_bench

    report = {"body_view": run_bench(seconds=args.seconds, width=args.width, height=args.height)}
    try:
        from coach.foot.bench import run_foot_bench
    except ImportError:
        pass  # the foot view is not built yet
    else:
        report["foot_view"] = run_foot_bench(seconds=args.seconds, width=args.width, height=args.height)
    if args.json:
        print(json.dumps(report))
    else:
        for view, figures in report.items():
            print(f"{view}:")
            for key, value in figures.items():
                print(f"  {key}: {value}")
    return 0


ACCURACY_SUITES = {"body": "coach.accuracy.body", "foot": "coach.accuracy.foot"}


def cmd_accuracy(args: argparse.Namespace) -> int:
    """Runs the labelled clip suites and prints one table row per exercise."""
    import importlib

    names = list(ACCURACY_SUITES) if args.suite == "all" else [args.suite]
    rows: List[dict] = []
    for name in names:
        try:
            module = importlib.import_module(ACCURACY_SUITES[name])
        except ImportError as exc:
            raise CliError(f"the {name} accuracy suite is not available: {exc}") from None
        rows.extend(module.run(fast=args.fast))
    if args.json:
        print(json.dumps(rows))
        return 0
    if not rows:
        raise CliError("the suite produced no rows")
    columns = list(dict.fromkeys(key for row in rows for key in row))
    widths = {c: max(len(c), *(len(_cell(row.get(c))) for row in rows)) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(_cell(row.get(c)).ljust(widths[c]) for c in columns))
    return 0


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coach", description="FootCoach: count foot exercise repetitions from video.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("exercises", help="list exercise ids, one a line")
    p.set_defaults(run=cmd_exercises)

    p = sub.add_parser("landmarks", help="extract a landmark track (JSON Lines) from a video file")
    p.add_argument("video")
    p.add_argument("-o", "--output", required=True, help="the track file to write")
    p.add_argument("--no-hands", action="store_true", help="skip hand landmarks")
    p.set_defaults(run=cmd_landmarks)

    p = sub.add_parser("count", help="count repetitions in a landmark track")
    p.add_argument("track")
    p.add_argument("--exercise", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_count)

    p = sub.add_parser("analyze", help="extract landmarks from a video and count repetitions")
    p.add_argument("video")
    p.add_argument("--exercise", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_analyze)

    p = sub.add_parser("bench", help="time the body-view pipeline on a generated clip")
    p.add_argument("--json", action="store_true")
    p.add_argument("--seconds", type=float, default=10.0, help="length of the generated clip")
    p.add_argument("--width", type=int, default=640)
    p.add_argument("--height", type=int, default=480)
    p.set_defaults(run=cmd_bench)

    p = sub.add_parser("accuracy", help="run the labelled clip suites and print the accuracy table")
    p.add_argument("--suite", choices=[*ACCURACY_SUITES, "all"], default="all")
    p.add_argument("--fast", action="store_true", help="the small subset CI runs")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_accuracy)
    return parser




def _quiet_native_logs() -> None:
    # OpenCV, FFmpeg and MediaPipe write their own warnings straight to stderr;
    # a user of the command should see one line from us, not theirs.
    # setdefault: anyone debugging can still turn them back on.
    os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", "-8")
    os.environ.setdefault("GLOG_minloglevel", "2")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def main(argv: Optional[List[str]] = None) -> int:
    _quiet_native_logs()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except CliError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("coach: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
