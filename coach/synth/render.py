"""Painting: a 3D skeleton (figure.py) seen through a Camera becomes a BGR image.

Everything is drawn with anti-aliased filled polygons at sub-pixel precision.
Body parts are painted back to front by their depth towards the camera.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, List, Sequence, Tuple

import cv2
import numpy as np

from .figure import SIDE_SIGN, SIDES, Camera, Skeleton3D

SHIFT = 4
SUB = 1 << SHIFT
Color = Tuple[int, int, int]


@dataclass(frozen=True)
class Look:
    """Colours (BGR) of skin, clothes, shoes and hair."""

    skin: Color = (125, 160, 212)
    shirt: Color = (165, 95, 45)
    trousers: Color = (72, 58, 48)
    sock: Color = (225, 225, 228)
    shoe: Color = (60, 60, 190)
    shoe_trim: Color = (235, 235, 235)
    sole: Color = (215, 215, 215)
    hair: Color = (30, 42, 62)
    lips: Color = (95, 100, 175)
    eye: Color = (50, 70, 90)
    wall: Color = (196, 206, 214)
    floor: Color = (104, 134, 166)


LOOKS = {
    "default": Look(),
    "alt": Look(skin=(110, 140, 190), shirt=(60, 130, 60), trousers=(110, 80, 40), shoe=(235, 235, 235),
                shoe_trim=(150, 60, 40), sole=(70, 70, 70), hair=(20, 20, 25), wall=(185, 200, 190),
                floor=(90, 110, 130)),
}


def _shade(c: Color, k: float) -> Color:
    return tuple(int(max(0, min(255, v * k))) for v in c)  # type: ignore[return-value]


def _mix(a: Color, b: Color, k: float) -> Color:
    return tuple(int(round(x * (1 - k) + y * k)) for x, y in zip(a, b))  # type: ignore[return-value]


def _fill(img: np.ndarray, pts: np.ndarray, color: Color) -> None:
    p = np.round(np.asarray(pts, dtype=np.float64) * SUB).astype(np.int32).reshape(-1, 1, 2)
    cv2.fillPoly(img, [p], color, cv2.LINE_AA, SHIFT)


def _line(img: np.ndarray, a, b, color: Color, th: int = 1) -> None:
    pa = tuple(int(round(v * SUB)) for v in a)
    pb = tuple(int(round(v * SUB)) for v in b)
    cv2.line(img, pa, pb, color, max(1, th), cv2.LINE_AA, SHIFT)


def _polyline(img: np.ndarray, pts, color: Color, th: int = 1, closed: bool = False) -> None:
    p = np.round(np.asarray(pts, dtype=np.float64) * SUB).astype(np.int32).reshape(-1, 1, 2)
    cv2.polylines(img, [p], closed, color, max(1, th), cv2.LINE_AA, SHIFT)


def _ellipse_pts(c, ax_a, ax_b, a0: float = 0.0, a1: float = 360.0, n: int = 32) -> np.ndarray:
    """Points of an ellipse with centre c and 2D half-axis vectors ax_a, ax_b."""
    t = np.radians(np.linspace(a0, a1, n))
    return np.asarray(c)[None, :] + np.cos(t)[:, None] * np.asarray(ax_a)[None, :] + np.sin(t)[:, None] * np.asarray(ax_b)[None, :]


def capsule_pts(p1, p2, r1: float, r2: float, n: int = 10, round2: bool = True) -> np.ndarray:
    p1, p2 = np.asarray(p1, float), np.asarray(p2, float)
    d = p2 - p1
    L = float(np.hypot(*d))
    if L < 1e-6:
        return _ellipse_pts(p1, (max(r1, r2), 0), (0, max(r1, r2)), n=2 * n)
    u = d / L
    nrm = np.array([-u[1], u[0]])
    ang = np.linspace(0, math.pi, n)
    # half circle at p1 on the back side, then at p2 on the front side
    back = [p1 + r1 * (nrm * math.cos(a) - u * math.sin(a)) for a in ang]
    if round2:
        front = [p2 + r2 * (-nrm * math.cos(a) + u * math.sin(a)) for a in ang]
    else:
        front = [p2 - r2 * nrm, p2 + r2 * nrm]
    return np.array(back + front)


def draw_limb(img, p1, p2, r1, r2, color: Color, light=(-0.6, -0.8), round2: bool = True) -> None:
    """Tapered capsule with a darker rim on the side away from the light; with
    round2=False the p2 end is cut flat (a trouser hem)."""
    _fill(img, capsule_pts(p1, p2, r1 + 0.6, r2 + 0.6, round2=round2), _shade(color, 0.55))
    _fill(img, capsule_pts(p1, p2, r1, r2, round2=round2), _shade(color, 0.82))
    off = np.array(light) * 0.28
    _fill(img, capsule_pts(np.asarray(p1) + off * r1, np.asarray(p2) + off * r2, r1 * 0.72, r2 * 0.72,
                           round2=round2), color)


# --------------------------------------------------------------------------- background

def make_background(w: int, h: int, floor_y: float, look: Look, rng: np.random.Generator) -> np.ndarray:
    img = np.zeros((h, w, 3), np.float32)
    fy = int(round(min(h - 1, max(1, floor_y))))
    ys = np.arange(h, dtype=np.float32)[:, None, None]
    wall = np.array(look.wall, np.float32)
    img[:] = wall * (0.9 + 0.12 * ys / max(1, fy))
    # a faint wallpaper texture: soft vertical stripes and blotches
    xs = np.arange(w, dtype=np.float32)
    stripes = 4.0 * np.sin(xs / w * 2 * math.pi * rng.uniform(5, 9) + rng.uniform(0, 6))
    img += stripes[None, :, None]
    blot = cv2.GaussianBlur(rng.normal(0, 1, (h // 8 + 1, w // 8 + 1)).astype(np.float32), (0, 0), 1.5)
    img += 12.0 * cv2.resize(blot, (w, h), interpolation=cv2.INTER_CUBIC)[:, :, None]
    # floor: planks running away from the camera, with grain
    floor = np.array(look.floor, np.float32)
    fh = h - fy
    if fh > 0:
        fl = np.empty((fh, w, 3), np.float32)
        fl[:] = floor * (0.95 + 0.1 * np.arange(fh, dtype=np.float32)[:, None, None] / max(1, fh))
        grain = cv2.GaussianBlur(rng.normal(0, 1, (fh, w)).astype(np.float32), (0, 0), sigmaX=9, sigmaY=0.7)
        fl += 25.0 * grain[:, :, None]
        img[fy:] = fl
        vx = w * rng.uniform(0.3, 0.7)
        for k in range(-12, 13):
            x0 = vx + k * w / 10.0
            x1 = vx + k * w / 4.0
            cv2.line(img, (int(x0), fy), (int(x1), h), tuple(float(v) * 0.75 for v in floor), 1, cv2.LINE_AA)
    # skirting board
    sb = max(2, h // 60)
    img[max(0, fy - sb):fy] = np.array(_shade(look.wall, 1.12), np.float32)
    if fy - sb - 1 >= 0:
        img[fy - sb - 1] = np.array(_shade(look.wall, 0.7), np.float32)
    img[min(h - 1, fy)] = np.array(_shade(look.floor, 0.6), np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


# --------------------------------------------------------------------------- figure

# torso cross-sections along the spine (s: 0 hip joints .. 1 neck base):
# s, lateral half width, front depth, back depth (cm, for a 170 cm body)
TORSO = np.array([
    [-0.17, 15.5, 6.5, 7.5],
    [-0.08, 17.0, 8.0, 10.5],
    [0.05, 17.0, 9.0, 11.0],
    [0.22, 14.5, 9.5, 8.8],
    [0.40, 14.8, 10.5, 8.8],
    [0.58, 16.0, 11.8, 9.6],
    [0.78, 18.0, 10.5, 9.2],
    [0.90, 19.0, 7.5, 8.4],
    [0.95, 17.5, 6.5, 7.5],
    [0.99, 12.0, 5.0, 6.0],
    [1.00, 7.0, 4.5, 4.5],
])
SHIRT_FROM = 0.0      # shirt hem, s value
TROUSER_TO = 0.12     # trousers waist band, s value


def _torso_outline(sk: Skeleton3D, cam: Camera, s0: float, s1: float, breath: float) -> np.ndarray:
    b = sk.body
    k = b.height / 170.0
    fwd, left, up = sk.trunk_axes
    base = (sk.p["hip_L"] + sk.p["hip_R"]) / 2
    r = cam.right
    cf, cl = float(r @ fwd), float(r @ left)
    ss = np.linspace(s0, s1, 18)
    plus, minus = [], []
    for s in ss:
        hw = np.interp(s, TORSO[:, 0], TORSO[:, 1]) * k
        df = np.interp(s, TORSO[:, 0], TORSO[:, 2]) * k * (1 + 0.04 * breath * (0.3 < s < 0.85))
        db = np.interp(s, TORSO[:, 0], TORSO[:, 3]) * k
        c3 = base + s * b.spine * up
        dp = df if cf >= 0 else db
        dm = db if cf >= 0 else df
        ep = math.hypot(hw * cl, dp * cf)
        em = math.hypot(hw * cl, dm * cf)
        c = cam.px(c3)
        plus.append(c + np.array([ep * cam.scale, 0.0]))
        minus.append(c - np.array([em * cam.scale, 0.0]))
    return np.array(plus + minus[::-1])


def _foot_shapes(sk: Skeleton3D, s: str, cam: Camera):
    """Projected convex outlines of one shoe: (upper, sole, heel tab, toe part of the sole)."""
    b = sk.body
    k = b.height / 170.0
    fu, fv, fw = sk.foot_axes[s]
    tu, tv, tw = sk.toe_axes[s]
    ankle = sk.p[f"ankle_{s}"]
    sole0 = ankle - b.ankle_h * fw
    ball = sk.p[f"ball_{s}"]
    sgn = SIDE_SIGN[s]
    # points (fwd, lateral, up) in cm; lateral measured outwards for the foot's own side
    rear = [(-b.heel_back, 3.0, 0.0), (-b.heel_back - 0.3, 3.0, 2.0), (-b.heel_back + 0.2, 3.0, 7.5),
            (0.5, 3.8, 8.8), (3.5, 4.0, 8.0), (b.ball_fwd - 4.0, 4.6, 5.6), (b.ball_fwd, 4.9, 0.0),
            (b.ball_fwd - 3.0, 4.9, 0.0), (2.0, 4.2, 0.0)]
    toe = [(0.0, 4.9, 0.0), (0.0, 4.8, 4.2), (b.toe_len - 2.5, 3.8, 3.2), (b.toe_len - 0.3, 2.4, 1.6),
           (b.toe_len, 2.0, 0.4), (b.toe_len - 1.0, 2.0, 0.0)]

    def pts(lst, origin, u, v, w, up_max=None):
        out = []
        for (a, l, z) in lst:
            if up_max is not None:
                z = min(z, up_max)
            for lat in (l, -l * 0.85):
                out.append(cam.px(origin + k * (a * u + lat * v + z * w)))
        return out

    upper = pts(rear, sole0, fu, fv, fw) + pts(toe, ball, tu, tv, tw)
    sole = pts(rear, sole0, fu, fv, fw, 1.7) + pts(toe, ball, tu, tv, tw, 1.7)
    toe_sole = pts(toe, ball, tu, tv, tw, 1.7)
    heel_tab = pts([(-b.heel_back, 3.0, 1.7), (-b.heel_back + 0.2, 3.0, 7.5), (-b.heel_back + 3.0, 3.8, 8.4),
                    (-b.heel_back + 2.5, 3.5, 1.7)], sole0, fu, fv, fw)

    def hull(p):
        return cv2.convexHull(np.array(p, np.float32)).reshape(-1, 2)

    return hull(upper), hull(sole), hull(heel_tab), hull(toe_sole)


class FigurePainter:
    def __init__(self, cam: Camera, look: Look = Look()):
        self.cam = cam
        self.look = look

    # -- helpers
    def px(self, v):
        return self.cam.px(v)

    def r(self, cm: float) -> float:
        return cm * self.cam.scale

    def draw(self, img: np.ndarray, sk: Skeleton3D) -> None:
        cam, L = self.cam, self.look
        items: List[Tuple[float, Callable[[], None]]] = []
        k = sk.body.height / 170.0
        depth = cam.depth
        side_view = abs(cam.right[2]) > 0.7
        near_dim = {}
        for s in SIDES:
            d = depth(sk.p[f"hip_{s}"]) - depth(sk.p["pelvis"])
            near_dim[s] = 1.0 if (not side_view or d >= 0) else 0.8

        # shadow on the floor
        self._shadow(img, sk)

        for s in SIDES:
            dim = near_dim[s]
            items.append((depth(sk.p[f"knee_{s}"]) + (0.0 if side_view else -5.0),
                          lambda s=s, dim=dim: self._leg(img, sk, s, dim)))
            items.append((depth(sk.p[f"elbow_{s}"]) + (1.0 if side_view else 30.0),
                          lambda s=s, dim=dim: self._arm(img, sk, s, dim)))
        items.append((0.5, lambda: self._torso(img, sk)))
        items.append((0.8 if side_view else 20.0, lambda: self._head(img, sk)))
        for _, fn in sorted(items, key=lambda kv: kv[0]):
            fn()

    def _shadow(self, img, sk):
        cam = self.cam
        xs = [sk.p[f"{n}_{s}"] for n in ("heel", "toe", "ball") for s in SIDES]
        pts = np.array([cam.px(np.array([v[0], 0.0, v[2]])) for v in xs])
        cx = (pts[:, 0].min() + pts[:, 0].max()) / 2
        half = (pts[:, 0].max() - pts[:, 0].min()) / 2 + self.r(6)
        overlay = img.copy()
        cv2.ellipse(overlay, (int(cx * SUB), int(cam.floor_y * SUB)), (int(half * 1.15 * SUB), int(self.r(3.0) * SUB)),
                    0, 0, 360, (0, 0, 0), -1, cv2.LINE_AA, SHIFT)
        cv2.addWeighted(overlay, 0.28, img, 0.72, 0, dst=img)

    def _leg(self, img, sk, s, dim):
        L, P, k = self.look, sk.p, sk.body.height / 170.0
        hip, knee, ankle = self.px(P[f"hip_{s}"]), self.px(P[f"knee_{s}"]), self.px(P[f"ankle_{s}"])
        trous = _shade(L.trousers, dim)
        sock = _shade(L.sock, dim)
        # sock / ankle, then trouser leg down to just above the ankle
        draw_limb(img, knee + 0.55 * (ankle - knee), ankle, self.r(4.0 * k), self.r(3.3 * k), _shade(L.skin, dim))
        draw_limb(img, knee + 0.86 * (ankle - knee), ankle, self.r(3.6 * k), self.r(3.4 * k), sock)
        hem = knee + 0.70 * (ankle - knee)
        # shoe
        upper, sole, tab, toe_sole = _foot_shapes(sk, s, self.cam)
        shoe = _shade(L.shoe, dim)
        fu0 = sk.foot_axes[s][0]
        seen_from_side = abs(float(self.cam.right @ fu0)) > 0.45
        if not seen_from_side:
            _fill(img, sole, _shade(L.sole, dim * 0.8))
        _fill(img, upper, _shade(shoe, 0.6))
        _fill(img, upper * 1.0 + (upper.mean(0) - upper) * 0.06, shoe)
        if seen_from_side:
            _fill(img, tab, _shade(L.shoe_trim, dim * 0.95))
        else:
            # toe cap seen from the front
            tu, tv, tw = sk.toe_axes[s]
            tip = P[f"ball_{s}"] + sk.body.toe_len * 0.75 * k * tu + 1.6 * k * tw
            c = self.px(tip)
            cv2.ellipse(img, (int(c[0] * SUB), int(c[1] * SUB)), (int(self.r(3.2 * k) * SUB), int(self.r(1.4 * k) * SUB)),
                        0, 0, 360, _shade(L.shoe_trim, dim), -1, cv2.LINE_AA, SHIFT)
        front_sole = sole if seen_from_side else toe_sole
        _fill(img, front_sole, _shade(L.sole, dim))
        _polyline(img, front_sole, _shade(L.sole, dim * 0.6), 1, closed=True)
        # laces: a few strokes across the instep
        fu, fv, fw = sk.foot_axes[s]
        sole0 = P[f"ankle_{s}"] - sk.body.ankle_h * fw
        for i in range(4):
            a = (2.0 + 2.2 * i) * k
            z = (7.6 - 0.6 * i) * k
            c = sole0 + a * fu + z * fw
            _line(img, self.px(c - 1.5 * k * fv), self.px(c + 1.5 * k * fv), _shade(L.shoe_trim, dim * 0.9),
                  max(1, int(self.r(0.5))))
        # trousers
        draw_limb(img, hip, knee, self.r(8.2 * k), self.r(6.0 * k), trous)
        draw_limb(img, knee, hem, self.r(5.9 * k), self.r(5.2 * k), trous, round2=False)
        # turned-up cuff
        d = (hem - knee) / max(1e-6, float(np.hypot(*(hem - knee))))
        _fill(img, capsule_pts(hem - d * self.r(2.2 * k), hem, self.r(5.5 * k), self.r(5.5 * k), round2=False)[[0, -1, -2, 9]],
              _shade(trous, 0.8))
        # crease at the knee
        _line(img, knee + (hem - knee) * 0.05, knee + (hem - knee) * 0.25, _shade(trous, 0.7), 1)

    def _arm(self, img, sk, s, dim):
        L, P, k = self.look, sk.p, sk.body.height / 170.0
        sh, el, wr, hd = (self.px(P[f"{n}_{s}"]) for n in ("shoulder", "elbow", "wrist", "hand"))
        skin = _shade(L.skin, dim)
        draw_limb(img, el, wr, self.r(4.0 * k), self.r(2.7 * k), skin)
        # hand: palm then fingers, a little narrower
        mid = wr + 0.55 * (hd - wr)
        draw_limb(img, wr, mid, self.r(2.9 * k), self.r(3.1 * k), skin)
        draw_limb(img, mid, hd, self.r(2.6 * k), self.r(1.6 * k), _shade(skin, 0.97))
        draw_limb(img, sh, el, self.r(5.0 * k), self.r(4.1 * k), skin)
        sleeve_end = sh + 0.55 * (el - sh)
        shirt = _shade(L.shirt, dim)
        draw_limb(img, sh, sleeve_end, self.r(5.6 * k), self.r(5.0 * k), shirt)

    def _torso(self, img, sk):
        L, P, k = self.look, sk.p, sk.body.height / 170.0
        _fill(img, _torso_outline(sk, self.cam, -0.17, TROUSER_TO, sk.breath), _shade(L.trousers, 0.9))
        # neck
        neck, top = self.px(P["neck"]), self.px(P["neck_top"])
        draw_limb(img, neck, top + (top - neck) * 0.2, self.r(5.6 * k), self.r(5.0 * k), _shade(L.skin, 0.9))
        out = _torso_outline(sk, self.cam, SHIRT_FROM, 0.985, sk.breath)
        _fill(img, out, _shade(L.shirt, 0.7))
        inner = out + (out.mean(0) - out) * 0.07 + np.array([-0.02, -0.02]) * self.r(10)
        _fill(img, inner, L.shirt)
        # belt line
        a = _torso_outline(sk, self.cam, 0.06, 0.1, 0.0)
        _fill(img, a, _shade(L.trousers, 0.55))
        # collar
        c = self.px(P["neck"] + 0.3 * k * sk.trunk_axes[2])
        cv2.ellipse(img, (int(c[0] * SUB), int(c[1] * SUB)), (int(self.r(5.8 * k) * SUB), int(self.r(2.0 * k) * SUB)),
                    0, 0, 180, _shade(L.shirt, 0.6), max(1, int(self.r(0.8))), cv2.LINE_AA, SHIFT)

    # head drawn from head-local 2D shapes placed in 3D: (f, l, u) cm
    def _head(self, img, sk):
        cam, L, k = self.cam, self.look, sk.body.height / 170.0
        hf, hl, hu = sk.head_axes
        c3 = sk.p["head"]

        def P(f, l, u):
            return cam.px(c3 + k * (f * hf + l * hl + u * hu))

        def poly(lst):
            return np.array([P(*q) for q in lst])

        side = abs(float(cam.right @ hf)) > 0.6
        skin = L.skin
        if side:
            # which lateral side of the head faces the camera
            ln = 1.0 if cam.depth(hl) > 0 else -1.0
            skull = [(-1.0 + 9.6 * math.cos(a), 0.0, 1.5 + 10.3 * math.sin(a)) for a in np.radians(np.linspace(35, 235, 26))]
            face = [(-4.0, 0, -8.0), (0.0, 0, -9.6), (4.5, 0, -10.6), (7.6, 0, -10.3), (9.0, 0, -8.7),
                    (8.5, 0, -7.4), (9.3, 0, -6.4), (8.9, 0, -5.6), (9.5, 0, -4.8), (9.3, 0, -3.6),
                    (10.0, 0, -3.4), (11.2, 0, -2.5), (10.2, 0, 0.0), (9.0, 0, 1.2), (9.6, 0, 2.6), (8.7, 0, 5.0)]
            head = poly(skull + face)
            _fill(img, head, _shade(skin, 0.6))
            _fill(img, head + (head.mean(0) - head) * 0.035, skin)
            # hair: cap over the top and back
            hair = [(-1.0 + 10.2 * math.cos(a), 0.0, 1.5 + 10.9 * math.sin(a)) for a in np.radians(np.linspace(50, 228, 22))]
            hair += [(-7.5, 0, -6.0), (-5.0, 0, -4.0), (-3.5, 0, 1.5), (0.5, 0, 4.0), (4.5, 0, 6.5), (7.3, 0, 7.4)]
            _fill(img, poly(hair), L.hair)
            # ear
            ear = [(-1.8 + 2.0 * math.cos(a), ln * 1.0, -0.5 + 3.2 * math.sin(a)) for a in np.radians(np.linspace(0, 360, 20))]
            _fill(img, poly(ear), _shade(skin, 0.8))
            _polyline(img, poly(ear[3:14]), _shade(skin, 0.55), 1)
            # eye, brow
            eye = [(7.0 + 1.5 * math.cos(a), ln * 2.5, 1.0 + 0.65 * math.sin(a)) for a in np.radians(np.linspace(0, 360, 16))]
            _fill(img, poly(eye), (240, 240, 240))
            _fill(img, poly([(7.6 + 0.6 * math.cos(a), ln * 2.6, 1.0 + 0.6 * math.sin(a)) for a in np.radians(np.linspace(0, 360, 12))]), L.eye)
            _polyline(img, poly([(5.4, ln * 2.5, 1.5), (7.0, ln * 2.5, 1.8), (8.5, ln * 2.5, 1.3)]), _shade(skin, 0.45), 1)
            _polyline(img, poly([(5.0, ln * 2.5, 2.9), (7.0, ln * 2.5, 3.4), (8.9, ln * 2.5, 3.0)]), L.hair, max(1, int(self.r(0.7))))
            # nostril, mouth, jaw shadow
            _fill(img, poly([(9.4 + 0.5 * math.cos(a), ln * 0.8, -3.1 + 0.35 * math.sin(a)) for a in np.radians(np.linspace(0, 360, 10))]), _shade(skin, 0.5))
            _polyline(img, poly([(9.1, ln * 0.5, -5.6), (8.0, ln * 2.0, -5.8)]), L.lips, max(1, int(self.r(0.6))))
            _polyline(img, poly([(2.0, ln, -9.0), (-1.5, ln, -7.0)]), _shade(skin, 0.75), 1)
        else:
            fz = 6.0   # face plane forward of the head centre
            outline = []
            for a in np.radians(np.linspace(0, 360, 40)):
                x, y = math.cos(a), math.sin(a)
                hw = 7.7 if y >= 0 else 7.7 * (1 - 0.3 * (-y) ** 1.5)
                outline.append((fz, hw * x, 1.0 + (10.8 if y >= 0 else 11.6) * y))
            # ears first
            for sg in (1, -1):
                ear = [(0.0, sg * (7.6 + 1.3 * math.cos(a)), -0.5 + 3.0 * math.sin(a)) for a in np.radians(np.linspace(0, 360, 16))]
                _fill(img, poly(ear), _shade(skin, 0.78))
            head = poly(outline)
            _fill(img, head, _shade(skin, 0.6))
            _fill(img, head + (head.mean(0) - head) * 0.035, skin)
            hair = [(fz, 8.3 * math.cos(a), 1.5 + 11.0 * math.sin(a)) for a in np.radians(np.linspace(-8, 188, 26))]
            hair += [(fz, -7.6, -1.5), (fz, -6.8, 3.8), (fz, -3.0, 6.3), (fz, 1.5, 6.8), (fz, 5.5, 5.5), (fz, 7.0, 3.5), (fz, 7.6, -1.5)]
            _fill(img, poly(hair), L.hair)
            for sg in (1, -1):
                ex = sg * 3.2
                eye = [(fz, ex + 1.6 * math.cos(a), 1.0 + 0.75 * math.sin(a)) for a in np.radians(np.linspace(0, 360, 16))]
                _fill(img, poly(eye), (240, 240, 240))
                _fill(img, poly([(fz, ex + 0.65 * math.cos(a), 1.0 + 0.65 * math.sin(a)) for a in np.radians(np.linspace(0, 360, 12))]), L.eye)
                _fill(img, poly([(fz, ex + 0.28 * math.cos(a), 1.0 + 0.28 * math.sin(a)) for a in np.radians(np.linspace(0, 360, 8))]), (20, 20, 20))
                _polyline(img, poly([(fz, ex - 1.9, 2.7), (fz, ex, 3.3), (fz, ex + 1.9, 2.8)]), L.hair, max(1, int(self.r(0.7))))
            # nose
            _polyline(img, poly([(fz, 0.6, 0.5), (fz, 0.9, -2.6), (fz, 0.3, -3.4)]), _shade(skin, 0.65), 1)
            for sg in (1, -1):
                _fill(img, poly([(fz, sg * 0.9 + 0.45 * math.cos(a), -3.7 + 0.3 * math.sin(a)) for a in np.radians(np.linspace(0, 360, 10))]), _shade(skin, 0.5))
            # mouth
            lips = [(fz, 2.4 * math.cos(a), -6.0 + 0.75 * math.sin(a)) for a in np.radians(np.linspace(0, 360, 20))]
            _fill(img, poly(lips), L.lips)
            _polyline(img, poly([(fz, -2.3, -6.0), (fz, 0.0, -6.15), (fz, 2.3, -6.0)]), _shade(L.lips, 0.6), 1)
