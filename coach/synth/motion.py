"""Motion scripts: data saying what posture the figure has at each time t.

A script is an object with ``duration`` (s), ``rep_times`` (list of
(start, peak, end) seconds, the ground truth), ``posture(t) -> Posture`` and
``truth_extra(t) -> dict`` (per-frame ground-truth numbers such as the heel lift).
Scripts are built by name through ``SCRIPTS`` from a ``ClipSpec``-like parameter
object; adding an exercise means adding one class and one registry entry.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Callable, Dict, List, Tuple

import numpy as np

from .figure import Arm, Body, Leg, Posture

RepTime = Tuple[float, float, float]


def smoothstep(x: float) -> float:
    """0 -> 1 with zero slope at both ends (half cosine)."""
    x = min(1.0, max(0.0, x))
    return 0.5 - 0.5 * math.cos(math.pi * x)


class Sway:
    """Natural small movements of a person standing still: postural sway,
    breathing, drifting arms. Deterministic for a given rng."""

    def __init__(self, rng: np.random.Generator, strength: float = 1.0):
        self.s = strength
        # (amplitude, frequency Hz, phase) triples for a few slow oscillations
        self.waves = {
            k: [(a * strength * rng.uniform(0.6, 1.2), rng.uniform(*fr), rng.uniform(0, 2 * math.pi))
                for a, fr in specs]
            for k, specs in {
                "dx": [(0.6, (0.08, 0.2)), (0.3, (0.3, 0.5))],
                "dz": [(0.8, (0.07, 0.18)), (0.3, (0.25, 0.45))],
                "pitch": [(0.8, (0.1, 0.25))],
                "roll": [(0.6, (0.1, 0.25))],
                "head": [(2.0, (0.05, 0.15))],
                "head_yaw": [(3.0, (0.04, 0.12))],
                "arm": [(2.0, (0.1, 0.3)), (1.0, (0.3, 0.6))],
                "elbow": [(3.0, (0.08, 0.2))],
            }.items()
        }
        self.breath_f = rng.uniform(0.2, 0.3)
        self.breath_ph = rng.uniform(0, 2 * math.pi)

    def val(self, key: str, t: float) -> float:
        return sum(a * math.sin(2 * math.pi * f * t + ph) for a, f, ph in self.waves[key])

    def apply(self, p: Posture, t: float) -> Posture:
        arms = []
        for i, arm in enumerate(p.arms):
            k = 1.0 if i == 0 else -0.7
            arms.append(replace(arm, shoulder_flex=arm.shoulder_flex + k * self.val("arm", t),
                                elbow_flex=arm.elbow_flex + self.val("elbow", t + 3 * i)))
        return replace(
            p, arms=tuple(arms),
            pelvis_dx=p.pelvis_dx + self.val("dx", t),
            pelvis_dz=p.pelvis_dz + self.val("dz", t),
            trunk_pitch=p.trunk_pitch + self.val("pitch", t),
            trunk_roll=p.trunk_roll + self.val("roll", t),
            head_pitch=p.head_pitch + self.val("head", t),
            head_yaw=p.head_yaw + self.val("head_yaw", t),
            breath=0.5 + 0.5 * math.sin(2 * math.pi * self.breath_f * t + self.breath_ph) * self.s,
        )


def standing_posture(view: str) -> Posture:
    """Relaxed stance. From the side the far foot sits a little ahead so both
    legs show; from the front the feet are slightly apart."""
    if view.startswith("side"):
        legs = (Leg(hip_flex=2.5, knee_flex=2.0, ankle_pf=-0.5), Leg(hip_flex=-1.5, knee_flex=1.0, ankle_pf=0.5))
        arms = (Arm(shoulder_flex=4.0, elbow_flex=14.0), Arm(shoulder_flex=-3.0, elbow_flex=10.0))
    else:
        legs = (Leg(hip_abd=3.0, knee_flex=2.0), Leg(hip_abd=3.0, knee_flex=2.0))
        arms = (Arm(shoulder_abd=8.0, elbow_flex=10.0), Arm(shoulder_abd=8.0, elbow_flex=10.0))
    return Posture(legs=legs, arms=arms)


def heel_raise_angle(lift_cm: float, body: Body) -> float:
    """Plantarflexion (deg) that lifts the heel's bottom by lift_cm while the ball
    stays on the floor (rotation about the ball)."""
    lever = body.heel_back + body.ball_fwd
    return math.degrees(math.asin(min(0.95, lift_cm / lever)))


@dataclass
class ScriptParams:
    """What every script reads from the clip spec."""

    view: str = "side"
    reps: int = 5
    period: float = 2.0
    rest_before: float = 1.5
    rest_after: float = 1.5
    hold: float = 0.4
    amplitude: float = 7.0       # cm of heel lift (heel raise)
    duration: float = 4.0        # seconds (stand)
    jitter: float = 0.08         # relative spread of amplitude and pace between reps
    sway: float = 1.0            # strength of natural sway
    seed: int = 0
    # a rest in the middle of the set: after ``pause_after`` reps (0: none)
    # the person stops for ``pause`` seconds (walks: stands still, feet
    # flat; ankle flexion: feet relaxed; bicycle: legs held up), then goes on
    pause_after: int = 0
    pause: float = 0.0


def paused_clock(t: float, start: float, length: float) -> float:
    """The motion's own time at time ``t`` when it stands still from
    ``start`` for ``length`` seconds (sway and breathing go on meanwhile)."""
    if length <= 0 or t <= start:
        return t
    return max(start, t - length)


def _pause_at(prm: ScriptParams) -> bool:
    return 0 < prm.pause_after < prm.reps and prm.pause > 0


class Script:
    name = "base"
    duration: float
    rep_times: List[RepTime]

    def posture(self, t: float) -> Posture:  # pragma: no cover - interface
        raise NotImplementedError

    def truth_extra(self, t: float) -> Dict[str, float]:
        return {}


class Stand(Script):
    """Standing still with natural sway and breathing; zero repetitions."""

    name = "stand"

    def __init__(self, prm: ScriptParams, body: Body = Body()):
        self.rng = np.random.default_rng(prm.seed)
        self.sway = Sway(self.rng, prm.sway)
        self.base = standing_posture(prm.view)
        self.duration = float(prm.duration)
        self.rep_times = []

    def posture(self, t: float) -> Posture:
        return self.sway.apply(self.base, t)

    def truth_extra(self, t: float) -> Dict[str, float]:
        return {"heel_lift_cm": 0.0}


class HeelRaise(Script):
    """Rise onto the toes ``reps`` times: each rep lifts the heels (rotation about
    the ball of the foot, body rising with the ankle), holds, and comes down; a
    short pause standing flat follows before the next rep."""

    name = "heel_raise"
    rise_frac = 0.32      # of (period - hold): rising; the same for lowering
    # the remainder of each period is spent standing flat between reps

    def __init__(self, prm: ScriptParams, body: Body = Body()):
        self.rng = np.random.default_rng(prm.seed)
        self.sway = Sway(self.rng, prm.sway * 0.7)
        self.base = standing_posture(prm.view)
        self.body = body
        j = prm.jitter
        self.reps: List[Tuple[float, float, float, float, float]] = []  # start, up_end, down_start, end, amp
        self.rep_times = []
        t = float(prm.rest_before)
        for i in range(prm.reps):
            per = prm.period * (1.0 + j * self.rng.uniform(-1, 1))
            hold = min(prm.hold * (1.0 + j * self.rng.uniform(-1, 1)), 0.5 * per)
            move = (per - hold) * self.rise_frac
            amp = prm.amplitude * (1.0 + j * self.rng.uniform(-1, 1))
            s, u, d, e = t, t + move, t + move + hold, t + 2 * move + hold
            self.reps.append((s, u, d, e, amp))
            self.rep_times.append((round(s, 4), round((u + d) / 2, 4), round(e, 4)))
            t += per
        # the clip ends rest_after seconds after the last rep comes down
        last_end = self.reps[-1][3] if self.reps else t
        self.duration = float(last_end + prm.rest_after)

    def lift(self, t: float) -> float:
        for s, u, d, e, amp in self.reps:
            if s <= t < e:
                if t < u:
                    return amp * smoothstep((t - s) / (u - s))
                if t < d:
                    return amp
                return amp * (1.0 - smoothstep((t - d) / (e - d)))
        return 0.0

    def posture(self, t: float) -> Posture:
        lift = self.lift(t)
        pf = heel_raise_angle(lift, self.body)
        frac = lift / 7.0
        legs = tuple(replace(lg, ankle_pf=lg.ankle_pf + pf, knee_flex=lg.knee_flex * (1 - 0.5 * frac))
                     for lg in self.base.legs)
        p = replace(self.base, legs=legs, trunk_pitch=self.base.trunk_pitch + 1.5 * frac)
        return self.sway.apply(p, t)

    def truth_extra(self, t: float) -> Dict[str, float]:
        return {"heel_lift_cm": round(self.lift(t), 3)}


def _bump(x: float, centre: float, width: float) -> float:
    """A smooth bump of height 1 at ``centre`` on the unit circle of phases."""
    d = (x - centre + 0.5) % 1.0 - 0.5
    return math.exp(-0.5 * (d / width) ** 2)


# Foot pitch (degrees, toes down +) over the gait cycle, phase 0 = the foot lands.
def _pitch_normal(ph: float) -> float:
    if ph < 0.12:
        return -18.0 * (1.0 - smoothstep(ph / 0.12))            # heel strike, foot lowers
    if ph < 0.42:
        return 0.0                                              # flat in mid stance
    if ph < 0.62:
        return 38.0 * smoothstep((ph - 0.42) / 0.2)             # heel off, push off
    if ph < 0.85:
        return 38.0 * (1.0 - smoothstep((ph - 0.62) / 0.23))    # swing: foot levels
    return -18.0 * smoothstep((ph - 0.85) / 0.15)               # toes up for landing


WALK_STYLES = ("normal", "toe", "heel", "outer", "inner")


class Walk(Script):
    """Walking ``reps`` steps (one step = one foot landing) in a given style, from
    standing and back to standing. Styles: "normal" (heel strike, flat foot,
    push off), "toe" (heels lifted throughout), "heel" (toes lifted throughout),
    "outer"/"inner" (feet rolled onto their outer/inner edges). ``amplitude``
    is the style's angle in degrees (heel-up pitch, toe-up pitch or roll);
    ``period`` the time of one step. With ``travel`` the figure walks forwards
    (across a side view); without it, it walks as on a treadmill."""

    name = "walk"
    style = "normal"
    default_amplitude = {"normal": 0.0, "toe": 28.0, "heel": 25.0, "outer": 22.0, "inner": 18.0}

    def __init__(self, prm: ScriptParams, body: Body = Body(), style: str = "", travel: bool = True):
        self.style = style or self.style
        if self.style not in WALK_STYLES:
            raise ValueError(f"unknown walking style {self.style!r}")
        self.rng = np.random.default_rng(prm.seed)
        self.sway = Sway(self.rng, prm.sway * 0.5)
        self.base = standing_posture("front")
        self.body = body
        self.travel = travel
        amp = prm.amplitude if prm.amplitude != ScriptParams.amplitude else self.default_amplitude[self.style]
        self.amp = amp
        self.T = float(prm.period)
        self.t0 = float(prm.rest_before)
        n = int(prm.reps)
        self.n = n
        small = {"normal": 1.0, "toe": 0.75, "heel": 0.6, "outer": 0.65, "inner": 0.65}[self.style]
        self.stride_hip = 17.0 * small
        # the feet are side by side at the start (one leg mid-stance, the other
        # mid-swing); the first foot lands 0.4 T later, then one every T. A
        # pause ends the walking once its feet are side by side again and
        # starts it anew at a time when the legs' phases are as at the start
        # (a whole stride, 2 T, after a start), so the same foot leads.
        first = prm.pause_after if _pause_at(prm) else n
        starts = [0.0]
        if first < n:
            stop = first * self.T
            starts.append(2 * self.T * math.ceil((stop + prm.pause) / (2 * self.T)))
        counts = [first, n - first][:len(starts)]
        # each walking stretch: (start, its last landing), as times from t0
        self.stretches: List[Tuple[float, float]] = []
        self.landings = []
        for s0, k in zip(starts, counts):
            own = [s0 + 0.4 * self.T + j * self.T for j in range(k)]
            self.landings += own
            self.stretches.append((s0, own[-1] if own else s0))
        self.rep_times = [(round(self.t0 + max(0.0, L - 0.5 * self.T), 4), round(self.t0 + L, 4),
                           round(self.t0 + L + 0.5 * self.T, 4)) for L in self.landings]
        self.gait_end = self.stretches[-1][1] + 0.6 * self.T
        self.duration = float(self.t0 + self.gait_end + prm.rest_after)
        self.step_len = 2.0 * (body.thigh + body.shin) * math.sin(math.radians(self.stride_hip))

    def envelope(self, tau: float) -> float:
        """How far into its stride the walk is at ``tau`` (s from t0): 0 standing, 1 walking."""
        if not self.n:
            return 0.0
        for s0, last in self.stretches:
            if s0 < tau < last + 0.6 * self.T:
                return min(smoothstep((tau - s0) / (0.3 * self.T)), 1.0 - smoothstep((tau - last) / (0.6 * self.T)))
        return 0.0

    def walked(self, tau: float) -> float:
        """Seconds spent walking by ``tau``: the figure moves on only while it walks."""
        return sum(max(0.0, min(tau, last + 0.6 * self.T) - s0) for s0, last in self.stretches)

    def _leg(self, ph: float, e: float, base: Leg) -> Leg:
        hip = self.stride_hip * math.cos(2 * math.pi * (ph - 0.02)) + 3.0
        knee = 12.0 * _bump(ph, 0.12, 0.07) + 58.0 * _bump(ph, 0.72, 0.11)
        roll = 0.0
        shin_abd = 0.0
        if self.style == "normal":
            pitch = _pitch_normal(ph)
        elif self.style == "toe":
            pitch = self.amp + 6.0 * _bump(ph, 0.6, 0.1)
            knee = 10.0 + 40.0 * _bump(ph, 0.72, 0.12)
        elif self.style == "heel":
            pitch = -self.amp - 4.0 * _bump(ph, 0.75, 0.12)
            knee = 4.0 + 35.0 * _bump(ph, 0.72, 0.12)
        else:
            pitch = 0.5 * _pitch_normal(ph)
            roll = self.amp if self.style == "outer" else -self.amp
            shin_abd = -0.35 * roll
        shin_angle = hip - knee
        # the style's foot posture is held from the start; the stride grows in
        style_pitch = pitch if self.style in ("toe", "heel") else 0.0
        style_e = min(1.0, 4.0 * e) if self.style in ("toe", "heel", "outer", "inner") else e
        return Leg(hip_flex=base.hip_flex * (1 - e) + hip * e,
                   hip_abd=base.hip_abd,
                   knee_flex=base.knee_flex * (1 - e) + knee * e,
                   ankle_pf=(base.ankle_pf * (1 - e) + (pitch + shin_angle) * e) if self.style == "normal"
                   else (style_pitch * style_e + (pitch - style_pitch + shin_angle) * e),
                   foot_yaw=base.foot_yaw,
                   foot_roll=roll * style_e,
                   shin_abd=shin_abd * style_e)

    def posture(self, t: float) -> Posture:
        tau = t - self.t0
        e = self.envelope(tau)
        # phase of the right foot: mid-swing at tau = 0, it lands at 0.4 T
        ph_r = (0.8 + tau / (2 * self.T)) % 1.0
        ph_l = (ph_r + 0.5) % 1.0
        legs = (self._leg(ph_l, e, self.base.legs[0]), self._leg(ph_r, e, self.base.legs[1]))
        swing = 18.0 * e
        arms = (Arm(shoulder_flex=-swing * math.cos(2 * math.pi * ph_l), shoulder_abd=8.0, elbow_flex=15.0),
                Arm(shoulder_flex=-swing * math.cos(2 * math.pi * ph_r), shoulder_abd=8.0, elbow_flex=15.0))
        dz = 0.0
        if self.travel:
            # distance walked: the stride times the steps taken so far
            dz = self.step_len * self.walked(tau) / self.T
        p = replace(self.base, legs=legs, arms=arms, pelvis_dz=dz,
                    pelvis_dx=1.5 * e * math.sin(2 * math.pi * ph_r))
        return self.sway.apply(p, t)

    def truth_extra(self, t: float) -> Dict[str, float]:
        return {"walking": round(self.envelope(t - self.t0), 3)}


def _walk(style: str, travel: bool = True):
    def make(prm: ScriptParams, body: Body = Body()) -> Script:
        return Walk(prm, body, style=style, travel=travel)
    return make


def seated_posture() -> Posture:
    """Sitting on the floor, legs straight out in front, hands on the floor behind."""
    leg = Leg(hip_flex=90.0, knee_flex=2.0, ankle_pf=12.0, foot_yaw=8.0)
    arms = (Arm(shoulder_flex=-35.0, shoulder_abd=14.0, elbow_flex=0.0),
            Arm(shoulder_flex=-35.0, shoulder_abd=14.0, elbow_flex=0.0))
    return Posture(legs=(leg, replace(leg, foot_yaw=6.0)), arms=arms, trunk_pitch=-12.0, head_pitch=8.0)


class AnkleFlex(Script):
    """Seated on the floor, legs straight: each rep pulls both feet towards the
    shins (dorsiflexion), then points them away (plantarflexion), then relaxes.
    ``amplitude`` is the pointing angle in degrees past the relaxed foot; the
    flexion goes half as far the other way. ``hold`` is held at each end."""

    name = "ankle_flex"

    def __init__(self, prm: ScriptParams, body: Body = Body()):
        self.rng = np.random.default_rng(prm.seed)
        self.sway = Sway(self.rng, prm.sway * 0.4)
        self.base = seated_posture()
        amp = prm.amplitude if prm.amplitude != ScriptParams.amplitude else 30.0
        j = prm.jitter
        self.keys: List[Tuple[float, float]] = [(0.0, 0.0)]   # (time, ankle angle offset)
        self.rep_times = []
        t = float(prm.rest_before)
        self.keys.append((t, 0.0))
        for _ in range(prm.reps):
            per = prm.period * (1.0 + j * self.rng.uniform(-1, 1))
            a = amp * (1.0 + j * self.rng.uniform(-1, 1))
            hold = min(prm.hold, 0.25 * per)
            move = (per - 2 * hold) / 3.0
            flex = -0.55 * a
            self.keys += [(t + move, flex), (t + move + hold, flex), (t + 2 * move + hold, a),
                          (t + 2 * move + 2 * hold, a), (t + per, 0.0)]
            self.rep_times.append((round(t, 4), round(t + 2 * move + 1.5 * hold, 4), round(t + per, 4)))
            t += per
            if _pause_at(prm) and len(self.rep_times) == prm.pause_after:
                t += prm.pause                 # the feet rest relaxed, the offset stays 0
                self.keys.append((t, 0.0))
        self.duration = float(t + prm.rest_after)
        self.keys.append((self.duration + 1.0, 0.0))

    def offset(self, t: float) -> float:
        k = self.keys
        for (t0, v0), (t1, v1) in zip(k, k[1:]):
            if t0 <= t < t1:
                return v0 + (v1 - v0) * smoothstep((t - t0) / max(1e-6, t1 - t0))
        return 0.0

    def posture(self, t: float) -> Posture:
        off = self.offset(t)
        legs = tuple(replace(lg, ankle_pf=lg.ankle_pf + off) for lg in self.base.legs)
        return self.sway.apply(replace(self.base, legs=legs), t)

    def truth_extra(self, t: float) -> Dict[str, float]:
        return {"ankle_offset_deg": round(self.offset(t), 3)}


class Bicycle(Script):
    """Lying on the back, pedalling in the air: each rep is one full turn of each
    leg, the legs half a turn apart. ``amplitude`` scales the circle (1 = big)."""

    name = "bicycle"

    def __init__(self, prm: ScriptParams, body: Body = Body()):
        self.rng = np.random.default_rng(prm.seed)
        self.sway = Sway(self.rng, prm.sway * 0.3)
        self.scale = prm.amplitude / 7.0 if prm.amplitude != ScriptParams.amplitude else 1.0
        j = prm.jitter
        self.body = body
        self.t0 = float(prm.rest_before)
        self.edges = [self.t0]
        self.rep_times = []
        t = self.t0
        for _ in range(prm.reps):
            per = prm.period * (1.0 + j * self.rng.uniform(-1, 1))
            self.rep_times.append((round(t, 4), round(t + per / 2, 4), round(t + per, 4)))
            t += per
            self.edges.append(t)
        # a pause holds the legs up, bent, where a turn starts
        self.pause = (0.0, 0.0)        # (start, length) in the clip's time
        if _pause_at(prm):
            self.pause = (self.edges[prm.pause_after], prm.pause)
            k, d = prm.pause_after, prm.pause
            self.rep_times[k:] = [(round(a + d, 4), round(b + d, 4), round(c + d, 4)) for a, b, c in self.rep_times[k:]]
        self.duration = float(t + self.pause[1] + prm.rest_after)

    def phase(self, t: float) -> float:
        """Turns done by time ``t``."""
        t = paused_clock(t, *self.pause)
        e = self.edges
        if t <= e[0]:
            return 0.0
        if t >= e[-1]:
            return float(len(e) - 1)
        for i, (a, b) in enumerate(zip(e, e[1:])):
            if a <= t < b:
                return i + (t - a) / (b - a)
        return 0.0

    def posture(self, t: float) -> Posture:
        turns = self.phase(t)
        # legs rest bent with the feet up before and after; the turn starts and
        # ends at the same pose, so the pedalling blends in without a jump
        k = self.scale
        b = self.body
        legs = []
        for off in (0.0, 0.5):
            a = 2 * math.pi * (turns + off)
            # the ankle goes round a circle in front of and above the hip
            tz = 42.0 + 20.0 * k * math.cos(a)
            ty = 40.0 + 20.0 * k * math.sin(a)
            d = min(b.thigh + b.shin - 0.5, math.hypot(tz, ty))
            cos_k = (b.thigh ** 2 + b.shin ** 2 - d ** 2) / (2 * b.thigh * b.shin)
            bend = 180.0 - math.degrees(math.acos(max(-1.0, min(1.0, cos_k))))
            cos_h = (b.thigh ** 2 + d ** 2 - b.shin ** 2) / (2 * b.thigh * d)
            to_target = math.degrees(math.atan2(tz, -ty))        # flex angle pointing at the ankle
            hip = to_target + math.degrees(math.acos(max(-1.0, min(1.0, cos_h))))  # knee towards the head
            legs.append(Leg(hip_flex=hip, knee_flex=bend, ankle_pf=15.0 + 10.0 * math.sin(a), foot_yaw=5.0))
        # arms lie on the floor along the body, from the shoulders towards the feet
        arms = (Arm(shoulder_flex=88.0, shoulder_abd=12.0, elbow_flex=0.0),
                Arm(shoulder_flex=88.0, shoulder_abd=12.0, elbow_flex=0.0))
        p = Posture(legs=tuple(legs), arms=arms, trunk_pitch=-88.0, head_pitch=-20.0, grounded=False,
                    lift=12.0 - self.body.hip_y)
        return self.sway.apply(p, t)

    def truth_extra(self, t: float) -> Dict[str, float]:
        return {"turns": round(self.phase(t), 4)}


SCRIPTS: Dict[str, Callable[[ScriptParams, Body], Script]] = {
    "stand": Stand,
    "heel_raise": HeelRaise,
    "walk": _walk("normal"),
    "toe_walk": _walk("toe"),
    "heel_walk": _walk("heel"),
    "outer_edge_walk": _walk("outer"),
    "inner_edge_walk": _walk("inner"),
    "walk_treadmill": _walk("normal", travel=False),
    "ankle_flex": AnkleFlex,
    "seated": lambda prm, body=Body(): AnkleFlex(replace(prm, reps=0), body),
    "bicycle": Bicycle,
    "lying": lambda prm, body=Body(): Bicycle(replace(prm, reps=0), body),
}


def make_script(name: str, prm: ScriptParams, body: Body = Body()) -> Script:
    try:
        cls = SCRIPTS[name]
    except KeyError:
        raise ValueError(f"unknown script {name!r}; known: {sorted(SCRIPTS)}") from None
    return cls(prm, body)
