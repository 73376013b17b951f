"""Figure geometry: body dimensions, a posture record, forward kinematics, projection.

Nothing here draws or knows about time. A motion script (``motion.py``) says what
posture the body has at time t; this module turns a posture into 3D joint
positions (centimetres) and projects them to 2D for a camera view; ``render.py``
paints the projected figure.

World axes (right-handed, centimetres): X towards the figure's LEFT side, Y up
(floor at Y=0), Z forwards (the way the figure faces).  The camera is
orthographic and looks horizontally; ``yaw`` turns it about Y:

* yaw 0   -- front view: camera in front, the figure's left appears on image right;
* yaw 90  -- side view, the figure faces image right, its RIGHT side nearest;
* yaw -90 -- side view, the figure faces image left, its LEFT side nearest.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Dict, Tuple

import numpy as np

Vec3 = np.ndarray
SIDES = ("L", "R")
SIDE_SIGN = {"L": 1.0, "R": -1.0}   # X sign of each body side


@dataclass(frozen=True)
class Body:
    """Segment lengths and widths (cm) of a standing adult, default ~170 cm tall."""

    height: float = 170.0
    hip_y: float = 89.0           # hip joint height, shoes on, standing
    hip_half: float = 9.0         # lateral distance of each hip joint from the midline
    thigh: float = 42.0
    shin: float = 40.5
    ankle_h: float = 6.5          # ankle joint above the sole's bottom (shoe included)
    heel_back: float = 6.0        # heel's back edge behind the ankle
    ball_fwd: float = 13.5        # ball of the foot (metatarsal heads) ahead of the ankle
    toe_len: float = 7.0          # ball to toe tip
    foot_half_w: float = 4.8
    spine: float = 52.0           # hip-joint centre to neck base
    neck: float = 7.0
    shoulder_half: float = 18.0
    shoulder_drop: float = 3.0    # shoulder joints below the neck base
    upper_arm: float = 29.0
    forearm: float = 25.0
    hand: float = 17.0
    head_h: float = 23.0          # chin to crown
    head_d: float = 19.5          # front to back
    head_w: float = 15.5

    def scaled(self, height: float) -> "Body":
        k = height / self.height
        vals = {f: getattr(self, f) * k for f in self.__dataclass_fields__}
        return Body(**vals)


@dataclass(frozen=True)
class Leg:
    """Joint angles (degrees) of one leg. Positive: hip flexion (thigh forwards),
    abduction (outwards), knee flexion (shin backwards), ankle plantarflexion (toes
    down / heel up), toe extension (toes bent up relative to the foot), foot yaw
    (toe-out)."""

    hip_flex: float = 0.0
    hip_abd: float = 0.0
    knee_flex: float = 0.0
    ankle_pf: float = 0.0
    toe_ext: float = 0.0
    foot_yaw: float = 7.0
    # Foot rolled about its long axis (degrees): positive onto the outer edge
    # (sole turned inwards), negative onto the inner edge.
    foot_roll: float = 0.0
    # Extra sideways tilt of the shin (degrees, positive: ankle outwards of the
    # knee), the knees bowing out or in that goes with walking on the edges.
    shin_abd: float = 0.0


@dataclass(frozen=True)
class Arm:
    shoulder_flex: float = 0.0
    shoulder_abd: float = 6.0
    elbow_flex: float = 12.0


@dataclass(frozen=True)
class Posture:
    """Everything a motion script sets for one instant. Angles in degrees, lengths cm."""

    legs: Tuple[Leg, Leg] = (Leg(), Leg())          # (left, right)
    arms: Tuple[Arm, Arm] = (Arm(), Arm())          # (left, right)
    pelvis_dx: float = 0.0        # lateral shift of the pelvis (sway)
    pelvis_dz: float = 0.0        # forward shift of the pelvis (sway)
    trunk_pitch: float = 0.0      # forward lean
    trunk_roll: float = 0.0       # lean towards the figure's left
    head_pitch: float = 0.0       # nod down
    head_yaw: float = 0.0         # turn towards the figure's left
    breath: float = 0.0           # 0..1 chest expansion
    grounded: bool = True         # lowest sole point rests on the floor
    lift: float = 0.0             # extra height of the whole body (cm) when grounded is False

    def leg(self, side: str) -> Leg:
        return self.legs[0 if side == "L" else 1]

    def arm(self, side: str) -> Arm:
        return self.arms[0 if side == "L" else 1]

    def with_legs(self, left: Leg, right: Leg) -> "Posture":
        return replace(self, legs=(left, right))


def _rad(d: float) -> float:
    return d * math.pi / 180.0


def _limb_dir(flex: float, abd: float, sign: float) -> Vec3:
    """Unit vector of a limb hanging down, swung forwards by flex and out by abd."""
    f, a = _rad(flex), _rad(abd)
    return np.array([sign * math.sin(a), -math.cos(f) * math.cos(a), math.sin(f) * math.cos(a)])


@dataclass
class Skeleton3D:
    """Joint positions (cm, world axes) plus frames the renderer needs."""

    body: Body
    p: Dict[str, Vec3] = field(default_factory=dict)
    # per side: foot axes (forward u, lateral v, up w) of the rear foot and of the toes
    foot_axes: Dict[str, Tuple[Vec3, Vec3, Vec3]] = field(default_factory=dict)
    toe_axes: Dict[str, Tuple[Vec3, Vec3, Vec3]] = field(default_factory=dict)
    trunk_axes: Tuple[Vec3, Vec3, Vec3] = (np.zeros(3), np.zeros(3), np.zeros(3))
    head_axes: Tuple[Vec3, Vec3, Vec3] = (np.zeros(3), np.zeros(3), np.zeros(3))
    breath: float = 0.0


def _foot_axes(pitch: float, yaw: float, sign: float, roll: float = 0.0) -> Tuple[Vec3, Vec3, Vec3]:
    """Forward, lateral-outward and up axes of a foot pitched (toes down +), yawed
    (toes out +) and rolled (onto the outer edge +)."""
    p, y = _rad(pitch), _rad(yaw)
    fwd = np.array([sign * math.sin(y) * math.cos(p), -math.sin(p), math.cos(y) * math.cos(p)])
    out = np.array([sign * math.cos(y), 0.0, -math.sin(y)])
    up = np.cross(fwd, out) * sign
    up = up / np.linalg.norm(up)
    # the foot's "up" turns with its pitch (a foot pitched past vertical, as when
    # sitting with the legs out and the toes pulled back, stays a rigid foot)
    ref = np.array([sign * math.sin(y) * math.sin(p), math.cos(p), math.cos(y) * math.sin(p)])
    if float(up @ ref) < 0:
        up = -up
    if roll:
        r = _rad(roll)
        # rolling onto the outer edge turns the sole inwards: "up" leans outwards
        out, up = out * math.cos(r) - up * math.sin(r), up * math.cos(r) + out * math.sin(r)
    return fwd, out, up


def build_skeleton(posture: Posture, body: Body = Body()) -> Skeleton3D:
    """Forward kinematics: posture -> 3D points, with the feet put on the floor."""
    b = body
    sk = Skeleton3D(body=b, breath=posture.breath)
    p = sk.p
    pelvis = np.array([posture.pelvis_dx, 0.0, posture.pelvis_dz])
    p["pelvis"] = pelvis
    # legs
    for s in SIDES:
        sg = SIDE_SIGN[s]
        lg = posture.leg(s)
        hip = pelvis + np.array([sg * b.hip_half, 0.0, 0.0])
        thigh = _limb_dir(lg.hip_flex, lg.hip_abd, sg)
        knee = hip + b.thigh * thigh
        shin_angle = lg.hip_flex - lg.knee_flex
        shin = _limb_dir(shin_angle, lg.hip_abd + lg.shin_abd, sg)
        ankle = knee + b.shin * shin
        pitch = lg.ankle_pf - shin_angle
        fu, fv, fw = _foot_axes(pitch, lg.foot_yaw, sg, lg.foot_roll)
        sole = ankle - b.ankle_h * fw
        heel = sole - b.heel_back * fu
        ball = sole + b.ball_fwd * fu
        toe_pitch = min(pitch, 0.0) - lg.toe_ext
        tu, tv, tw = _foot_axes(toe_pitch, lg.foot_yaw, sg, lg.foot_roll)
        toe = ball + b.toe_len * tu
        p[f"hip_{s}"], p[f"knee_{s}"], p[f"ankle_{s}"] = hip, knee, ankle
        p[f"heel_{s}"], p[f"ball_{s}"], p[f"toe_{s}"] = heel, ball, toe
        sk.foot_axes[s] = (fu, fv, fw)
        sk.toe_axes[s] = (tu, tv, tw)
    # trunk: pitch about X, roll about Z
    tp, tr = _rad(posture.trunk_pitch), _rad(posture.trunk_roll)
    up = np.array([math.sin(tr), math.cos(tp) * math.cos(tr), math.sin(tp) * math.cos(tr)])
    fwd = np.array([0.0, -math.sin(tp), math.cos(tp)])
    fwd = fwd - up * float(fwd @ up)
    fwd /= np.linalg.norm(fwd)
    left = np.cross(up, fwd)
    sk.trunk_axes = (fwd, left, up)
    neck = pelvis + b.spine * up
    p["neck"] = neck
    for s in SIDES:
        sg = SIDE_SIGN[s]
        sh = neck + sg * b.shoulder_half * left - b.shoulder_drop * up + 0.25 * posture.breath * up
        am = posture.arm(s)
        ua = _limb_dir(am.shoulder_flex, am.shoulder_abd, sg)
        elbow = sh + b.upper_arm * ua
        fa = _limb_dir(am.shoulder_flex + am.elbow_flex, am.shoulder_abd * 0.6, sg)
        wrist = elbow + b.forearm * fa
        hand = wrist + b.hand * fa
        p[f"shoulder_{s}"], p[f"elbow_{s}"], p[f"wrist_{s}"], p[f"hand_{s}"] = sh, elbow, wrist, hand
    # head
    hp, hy = _rad(posture.head_pitch + posture.trunk_pitch * 0.3), _rad(posture.head_yaw)
    hup = up
    hfwd = fwd * math.cos(hy) + left * math.sin(hy)
    # nodding: rotate forward/up about the lateral axis
    hfwd, hup = hfwd * math.cos(hp) - hup * math.sin(hp), hup * math.cos(hp) + hfwd * math.sin(hp)
    hleft = np.cross(hup, hfwd)
    sk.head_axes = (hfwd, hleft, hup)
    neck_top = neck + b.neck * up
    p["neck_top"] = neck_top
    p["head"] = neck_top + 0.42 * b.head_h * hup + 0.08 * b.head_d * hfwd
    # floor contact
    if posture.grounded:
        lowest = min(min(p[f"heel_{s}"][1], p[f"ball_{s}"][1], p[f"toe_{s}"][1]) for s in SIDES)
        dy = -lowest
    else:
        dy = b.hip_y - p["hip_L"][1] + posture.lift
    shift = np.array([0.0, dy, 0.0])
    for k in p:
        p[k] = p[k] + shift
    return sk


@dataclass(frozen=True)
class Camera:
    """Orthographic camera: yaw (deg), scale (px per cm), image position of world
    (0, 0, 0) (the floor point under the pelvis)."""

    yaw: float
    scale: float
    cx: float
    floor_y: float

    @property
    def right(self) -> Vec3:
        y = _rad(self.yaw)
        return np.array([math.cos(y), 0.0, math.sin(y)])

    @property
    def toward(self) -> Vec3:
        """Unit vector from the figure towards the camera (depth grows towards it)."""
        y = _rad(self.yaw)
        return np.array([-math.sin(y), 0.0, math.cos(y)])

    def px(self, v: Vec3) -> np.ndarray:
        return np.array([self.cx + self.scale * float(v @ self.right), self.floor_y - self.scale * float(v[1])])

    def vec(self, d: Vec3) -> np.ndarray:
        """Project a direction (no offset), in pixels per cm of the direction."""
        return np.array([self.scale * float(d @ self.right), -self.scale * float(d[1])])

    def depth(self, v: Vec3) -> float:
        return float(v @ self.toward)


VIEW_YAW = {"front": 0.0, "side": 90.0, "side_left": -90.0}


def make_camera(view: str, w: int, h: int, fig_height: float, x_frac: float,
                body: Body = Body(), floor_frac: float | None = None,
                yaw_offset: float = 0.0) -> Camera:
    """Camera that shows a standing body ``fig_height`` x frame height tall, its
    feet at ``x_frac`` x width, the floor at ``floor_frac`` x height (default: the
    figure centred vertically)."""
    if view not in VIEW_YAW:
        raise ValueError(f"unknown view {view!r}; expected one of {sorted(VIEW_YAW)}")
    scale = fig_height * h / body.height
    if floor_frac is None:
        floor_frac = min(0.985, 0.5 + fig_height / 2 + 0.02)
    return Camera(yaw=VIEW_YAW[view] + yaw_offset, scale=scale, cx=x_frac * w, floor_y=floor_frac * h)


# MediaPipe Pose landmark index -> skeleton point name, for ground truth output.
MP_POINTS = {
    11: "shoulder_L", 12: "shoulder_R", 13: "elbow_L", 14: "elbow_R",
    15: "wrist_L", 16: "wrist_R", 23: "hip_L", 24: "hip_R",
    25: "knee_L", 26: "knee_R", 27: "ankle_L", 28: "ankle_R",
    29: "heel_L", 30: "heel_R", 31: "toe_L", 32: "toe_R",
}


# --------------------------------------------------------------------------- landmark-level tracks
#
# For exercises a drawn figure cannot stand in for (sitting on the floor,
# lying on the back), and for fast accuracy suites, the skeleton can be turned
# straight into the 33 MediaPipe Pose landmarks and projected by a pinhole
# camera. ``coach.accuracy.body`` adds the measured MediaPipe jitter, bias and
# dropouts on top.

def landmark_points(sk: Skeleton3D) -> Dict[int, Vec3]:
    """World positions (cm) of all 33 MediaPipe Pose landmarks of a skeleton."""
    k = sk.body.height / 170.0
    hf, hl, hu = sk.head_axes
    c = sk.p["head"]

    def head(f: float, l: float, u: float) -> Vec3:
        return c + k * (f * hf + l * hl + u * hu)

    out: Dict[int, Vec3] = {
        0: head(10.0, 0.0, -2.0),
        1: head(8.0, 1.8, 1.0), 2: head(7.6, 3.2, 1.0), 3: head(7.0, 4.5, 1.0),
        4: head(8.0, -1.8, 1.0), 5: head(7.6, -3.2, 1.0), 6: head(7.0, -4.5, 1.0),
        7: head(-1.0, 7.6, -0.5), 8: head(-1.0, -7.6, -0.5),
        9: head(8.5, 2.2, -6.0), 10: head(8.5, -2.2, -6.0),
    }
    for i, name in MP_POINTS.items():
        out[i] = sk.p[name]
    for s, (pinky, index, thumb) in (("L", (17, 19, 21)), ("R", (18, 20, 22))):
        wrist, hand = sk.p[f"wrist_{s}"], sk.p[f"hand_{s}"]
        d = hand - wrist
        lat = np.array([SIDE_SIGN[s] * 3.0 * k, 0.0, 0.0])
        out[pinky] = wrist + 0.85 * d + lat
        out[index] = wrist + 0.95 * d - 0.3 * lat
        out[thumb] = wrist + 0.5 * d - lat
    return out


@dataclass(frozen=True)
class PinholeCamera:
    """A real-looking camera: position (cm, world axes), the point it looks at,
    and a focal length in pixels for a ``w`` x ``h`` image."""

    position: Tuple[float, float, float]
    target: Tuple[float, float, float]
    w: int = 640
    h: int = 480
    focal: float = 560.0
    roll: float = 0.0   # degrees, a camera not quite level

    def axes(self) -> Tuple[Vec3, Vec3, Vec3]:
        """(right, up, forward) unit vectors of the image in world axes."""
        return self._axes

    @cached_property
    def _axes(self) -> Tuple[Vec3, Vec3, Vec3]:
        # worked out once per camera: ``project`` runs for every landmark of
        # every frame
        pos, tgt = np.asarray(self.position, float), np.asarray(self.target, float)
        fwd = tgt - pos
        fwd /= np.linalg.norm(fwd)
        right = np.cross(fwd, np.array([0.0, 1.0, 0.0]))
        if np.linalg.norm(right) < 1e-9:
            right = np.array([1.0, 0.0, 0.0])
        right /= np.linalg.norm(right)
        up = np.cross(right, fwd)
        r = _rad(self.roll)
        right, up = right * math.cos(r) + up * math.sin(r), up * math.cos(r) - right * math.sin(r)
        return right, up, fwd

    def project(self, v: Vec3) -> Tuple[float, float, float]:
        """(x, y) normalised to the image, and depth (cm) along the view."""
        right, up, fwd = self.axes()
        d = np.asarray(v, float) - np.asarray(self.position, float)
        z = max(1.0, float(d @ fwd))
        x = self.w / 2 + self.focal * float(d @ right) / z
        y = self.h / 2 - self.focal * float(d @ up) / z
        return x / self.w, y / self.h, z


def orbit_camera(yaw: float, distance: float, height: float, target: Tuple[float, float, float],
                 w: int = 640, h: int = 480, focal: float = 560.0, roll: float = 0.0) -> PinholeCamera:
    """A camera ``distance`` cm from ``target`` horizontally, ``height`` cm above the
    floor, at ``yaw`` degrees (0: in front of a figure facing +Z; 90: on its
    right, so it faces image right, as ``VIEW_YAW``)."""
    y = _rad(yaw)
    pos = (target[0] - distance * math.sin(y), height, target[2] + distance * math.cos(y))
    return PinholeCamera(position=pos, target=target, w=w, h=h, focal=focal, roll=roll)
