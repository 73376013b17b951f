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
from typing import Callable, Dict, List, Sequence, Tuple

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


SCRIPTS: Dict[str, Callable[[ScriptParams, Body], Script]] = {
    "stand": Stand,
    "heel_raise": HeelRaise,
}


def make_script(name: str, prm: ScriptParams, body: Body = Body()) -> Script:
    try:
        cls = SCRIPTS[name]
    except KeyError:
        raise ValueError(f"unknown script {name!r}; known: {sorted(SCRIPTS)}") from None
    return cls(prm, body)
