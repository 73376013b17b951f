"""Synthetic test videos: an animated drawn person doing a scripted exercise.

    spec = ClipSpec(script="heel_raise", view="side", reps=5, period=2.0)
    for frame in render_clip(spec): ...          # BGR uint8 frames
    truth = write_clip(spec, "/tmp/x.mp4")      # also writes /tmp/x.truth.json

Layers: ``figure`` (body geometry, posture -> 3D joints, camera projection),
``motion`` (scripts: time -> posture, ground-truth repetition times),
``render`` (painting), ``writers`` (MP4 / Y4M).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

import cv2
import numpy as np

from .figure import MP_POINTS, Body, build_skeleton, make_camera
from .motion import SCRIPTS, Script, ScriptParams, make_script
from .render import LOOKS, FigurePainter, make_background
from .writers import open_writer

__all__ = ["ClipSpec", "Truth", "Clip", "make", "render_clip", "write_clip", "truth_path", "SCRIPTS"]


@dataclass(frozen=True)
class ClipSpec:
    """Everything that defines one synthetic clip (all defaults give a usable clip)."""

    script: str = "heel_raise"       # key of motion.SCRIPTS: "heel_raise", "stand"
    view: str = "side"               # "side" (facing right), "side_left", "front"
    reps: int = 5
    period: float = 2.0              # seconds per repetition
    rest_before: float = 1.5         # standing still before the first rep (s)
    rest_after: float = 1.5          # standing still after the last rep (s)
    hold: float = 0.4                # time held at the top (s)
    amplitude: float = 7.0           # heel lift in cm (170 cm body)
    duration: float = 4.0            # length of scripts without reps ("stand"), s
    fig_height: float = 0.75         # standing height as a fraction of frame height
    x_frac: float = 0.5              # horizontal position of the feet, fraction of width
    floor_frac: Optional[float] = None  # floor line as a fraction of height (None: centred figure)
    yaw_offset: float = 0.0          # camera turned this many degrees off the pure view
    fps: int = 30
    w: int = 640
    h: int = 480
    seed: int = 0
    jitter: float = 0.08             # relative amplitude/pace variation between reps
    sway: float = 1.0                # natural sway strength (0: rigid)
    noise: float = 2.0               # Gaussian pixel noise sigma (0: none)
    blur: float = 0.6                # Gaussian blur sigma, like camera optics (0: none)
    look: str = "default"            # colour scheme, key of render.LOOKS
    pause_after: int = 0             # a rest mid-set after this many reps (0: none) ...
    pause: float = 0.0               # ... of this many seconds

    def script_params(self) -> ScriptParams:
        return ScriptParams(view=self.view, reps=self.reps, period=self.period,
                            rest_before=self.rest_before, rest_after=self.rest_after,
                            hold=self.hold, amplitude=self.amplitude, duration=self.duration,
                            jitter=self.jitter, sway=self.sway, seed=self.seed,
                            pause_after=self.pause_after, pause=self.pause)


@dataclass
class Truth:
    """Ground truth written beside each clip as <stem>.truth.json."""

    script: str
    view: str
    reps: int
    fps: int
    frames: int
    duration: float
    w: int
    h: int
    rep_times: List[Tuple[float, float, float]]
    params: Dict[str, Any]
    # per frame: heel lift in cm (0 when flat)
    heel_lift_cm: List[float] = field(default_factory=list)
    # per frame: MediaPipe landmark index -> [x_px, y_px] of the drawn joint
    landmarks_px: List[Dict[str, List[float]]] = field(default_factory=list)
    video: Optional[str] = None

    def to_json(self) -> Dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, d: Dict[str, Any]) -> "Truth":
        names = {f.name for f in fields(cls)}
        d = {k: v for k, v in d.items() if k in names}
        d["rep_times"] = [tuple(r) for r in d.get("rep_times", [])]
        return cls(**d)

    @classmethod
    def load(cls, path: Union[str, Path]) -> "Truth":
        return cls.from_json(json.loads(Path(path).read_text()))


class Clip:
    """A spec bound to its script, camera and background: renders frame by frame."""

    def __init__(self, spec: ClipSpec):
        if spec.w % 2 or spec.h % 2:
            raise ValueError("width and height must be even")
        self.spec = spec
        self.body = Body()
        self.script: Script = make_script(spec.script, spec.script_params(), self.body)
        self.frames = max(1, int(round(self.script.duration * spec.fps)))
        self.cam = make_camera(spec.view, spec.w, spec.h, spec.fig_height, spec.x_frac, self.body,
                               spec.floor_frac, spec.yaw_offset)
        rng = np.random.default_rng(spec.seed + 7919)
        self.look = LOOKS[spec.look]
        self.background = make_background(spec.w, spec.h, self.cam.floor_y, self.look, rng)
        self.painter = FigurePainter(self.cam, self.look)
        self._noise_rng = np.random.default_rng(spec.seed + 104729)

    def time(self, i: int) -> float:
        return i / float(self.spec.fps)

    def skeleton(self, i: int):
        return build_skeleton(self.script.posture(self.time(i)), self.body)

    def frame(self, i: int, sk=None) -> np.ndarray:
        sk = sk if sk is not None else self.skeleton(i)
        img = self.background.copy()
        self.painter.draw(img, sk)
        if self.spec.blur > 0:
            img = cv2.GaussianBlur(img, (0, 0), self.spec.blur)
        if self.spec.noise > 0:
            n = self._noise_rng.normal(0.0, self.spec.noise, img.shape).astype(np.float32)
            img = np.clip(img.astype(np.float32) + n, 0, 255).astype(np.uint8)
        return img

    def landmarks(self, sk) -> Dict[str, List[float]]:
        return {str(i): [round(float(v), 1) for v in self.cam.px(sk.p[name])] for i, name in MP_POINTS.items()}

    def truth(self, video: Optional[str] = None, with_frames: bool = True) -> Truth:
        s = self.spec
        t = Truth(script=s.script, view=s.view, reps=len(self.script.rep_times), fps=s.fps,
                  frames=self.frames, duration=round(self.frames / s.fps, 4), w=s.w, h=s.h,
                  rep_times=[tuple(r) for r in self.script.rep_times], params=asdict(s), video=video)
        if with_frames:
            for i in range(self.frames):
                sk = self.skeleton(i)
                t.heel_lift_cm.append(float(self.script.truth_extra(self.time(i)).get("heel_lift_cm", 0.0)))
                t.landmarks_px.append(self.landmarks(sk))
        return t

    def __iter__(self) -> Iterator[np.ndarray]:
        for i in range(self.frames):
            yield self.frame(i)


def make(**kw) -> ClipSpec:
    return ClipSpec(**kw)


def render_clip(spec: ClipSpec) -> Iterator[np.ndarray]:
    """BGR uint8 frames (h, w, 3) of the clip, in order."""
    return iter(Clip(spec))


def truth_path(video_path: Union[str, Path]) -> Path:
    p = Path(video_path)
    return p.with_name(p.stem + ".truth.json")


def write_clip(spec: ClipSpec, path: Union[str, Path]) -> Truth:
    """Render the clip to ``path`` (.mp4 or .y4m) and write <stem>.truth.json beside it."""
    path = Path(path)
    clip = Clip(spec)
    truth = Truth(script=spec.script, view=spec.view, reps=len(clip.script.rep_times), fps=spec.fps,
                  frames=clip.frames, duration=round(clip.frames / spec.fps, 4), w=spec.w, h=spec.h,
                  rep_times=[tuple(r) for r in clip.script.rep_times], params=asdict(spec), video=path.name)
    with open_writer(path, spec.w, spec.h, spec.fps) as out:
        for i in range(clip.frames):
            sk = clip.skeleton(i)
            out.write(clip.frame(i, sk))
            truth.heel_lift_cm.append(float(clip.script.truth_extra(clip.time(i)).get("heel_lift_cm", 0.0)))
            truth.landmarks_px.append(clip.landmarks(sk))
    truth_path(path).write_text(json.dumps(truth.to_json()))
    return truth
