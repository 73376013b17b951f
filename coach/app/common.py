"""What every page shares: the store, the signed-in account, the plan, speech, pictures.

Per-browser state lives in ``st.session_state`` only; the store is one shared,
thread-safe object.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import logging
import os
from typing import Any, Dict, List, Optional, Tuple

import streamlit as st

from coach.engine.regimen import DayPlan, Regimen, slot_for, today_plan
from exercises import all_exercises, get_exercise


def _show_webrtc_errors() -> None:
    # streamlit-webrtc gives its logger a NullHandler only, so a stream it
    # stopped (a frame callback over 10 s, a failed connection) left no trace
    # in the app's log. Its errors go to stderr with the others (not its
    # warnings: it warns at every dropped frame). FOOTCOACH_WEBRTC_LOG=INFO
    # (or DEBUG) shows the connection's life, aiortc's and aioice's included.
    wanted = os.environ.get("FOOTCOACH_WEBRTC_LOG", "").strip().upper()
    for name, default in (("streamlit_webrtc", logging.ERROR), ("aiortc", logging.WARNING),
                          ("aioice", logging.WARNING)):
        level = getattr(logging, wanted, default) if wanted else default
        webrtc_log = logging.getLogger(name)
        if any(getattr(h, "footcoach", False) for h in webrtc_log.handlers):
            continue
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.footcoach = True  # type: ignore[attr-defined]
        webrtc_log.addHandler(handler)
        webrtc_log.setLevel(level)
        webrtc_log.propagate = False


_show_webrtc_errors()

# Consent checks (RFC 7675): aioice asks the browser every 5 s whether it
# still wants the stream, gives each answer 0.5 s, and drops the connection
# after 6 unanswered checks in a row. A browser on a busy machine (two on two
# cores, one of them starting its camera) answered late for 30 s in a row:
# the other user's stream died mid-set and never came back (seen in CI and
# reproduced with a busy loop beside the browser tests). Two minutes of late
# answers are tolerated instead; a browser that really left closes its side.
CONSENT_FAILURES_TOLERATED = 24


def _tolerate_slow_consent() -> None:
    try:
        import aioice.ice
    except ImportError:  # no WebRTC stack: nothing to tune
        return
    if getattr(aioice.ice, "CONSENT_FAILURES", CONSENT_FAILURES_TOLERATED) < CONSENT_FAILURES_TOLERATED:
        aioice.ice.CONSENT_FAILURES = CONSENT_FAILURES_TOLERATED


_tolerate_slow_consent()

DISCLAIMER = (
    "FootCoach coaches home exercises for bunions (hallux valgus). It counts your movements; it does not "
    "diagnose anything. Ask your doctor or physiotherapist about pain or changes in your feet."
)


@st.cache_resource(show_spinner=False)
def _store(url: Optional[str]) -> Any:
    from coach.store import Store, recover_spools

    store = Store.open(url)
    try:
        recover_spools(store)  # records a crashed session left behind
    except Exception:  # never keep the app from starting
        pass
    return store


def get_store() -> Any:
    return _store(os.environ.get("FOOTCOACH_DB_URL") or None)


def account() -> Any:
    return st.session_state.get("account")


def require_account() -> Any:
    acc = account()
    if acc is None:
        st.warning("Please sign in first.")
        st.stop()
    return acc


def muted() -> bool:
    return bool(st.session_state.get("muted", False))


def exercise_title(spec: Any, kids: bool) -> str:
    return spec.kids_name if kids else spec.name


def now_local() -> dt.datetime:
    return dt.datetime.now()


def current_plan(acc: Any, day: Optional[dt.date] = None, slot: Optional[str] = None) -> Tuple[DayPlan, Any]:
    """Today's plan for a patient, from their prescription (or free practice without one)."""
    store = get_store()
    moment = now_local()
    day = day or moment.date()
    slot = slot or st.session_state.get("slot_override") or slot_for(moment.time())
    prescription = None
    if acc is not None and acc.patient_id is not None:
        try:
            prescription = store.current_prescription(acc, acc.patient_id, on=day)
            if prescription is None:
                # A course may be over or not started: the newest prescription still tells why.
                all_p = store.list_prescriptions(acc, acc.patient_id)
                prescription = all_p[-1] if all_p else None
        except Exception:
            prescription = None
    known = all_exercises()
    if prescription is not None:
        regimen = Regimen.from_prescription(prescription)
        items = tuple(i for i in regimen.exercises if i.exercise_id in known)
        regimen = Regimen(items, regimen.morning, regimen.evening, regimen.course_start, regimen.course_end,
                          regimen.break_start, regimen.break_end, regimen.surgery_date)
    else:
        regimen = Regimen.free_practice(sorted(known))
    return today_plan(regimen, day, slot), prescription


def speak(cues: List[Any]) -> None:
    """Says new cues aloud in the browser (Web Speech API), unless muted; shows the last one."""
    if not cues:
        return
    last = cues[-1]
    st.caption(f"🔊 Coach says: “{last.text}”" if not muted() else f"🔇 (muted) {last.text}")
    if muted():
        return
    payload = json.dumps([{"seq": c.seq, "text": c.text} for c in cues[-3:]])
    key = html.escape(str(st.session_state.get("speech_scope", "fc")))
    script = f"""
<script>
(function() {{
  const w = window.parent || window;
  const synth = w.speechSynthesis || window.speechSynthesis;
  if (!synth) return;
  const scope = "{key}";
  w.__fcSpoken = w.__fcSpoken || {{}};
  const cues = {payload};
  for (const c of cues) {{
    if (c.seq > (w.__fcSpoken[scope] || 0)) {{
      w.__fcSpoken[scope] = c.seq;
      const u = new w.SpeechSynthesisUtterance(c.text);
      u.rate = 1.0;
      synth.speak(u);
    }}
  }}
}})();
</script>"""
    import streamlit.components.v1 as components

    components.html(script, height=0)


def camera_picture(view: str, foot_camera: str = "top") -> str:
    """An SVG sketch of where to put the camera for the view (and, for the
    foot view, for its camera: above the feet, or on the floor beside one).
    The body view's sketch gives no height or distance: each exercise has
    its own (knee height for the walks across the room, a chair for the
    bicycle), said in the caption beside it."""
    if view == "foot" and foot_camera == "side":
        body = """
  <rect x="0" y="0" width="320" height="180" fill="#f4f1ea"/>
  <rect x="0" y="150" width="320" height="30" fill="#c9b79c"/>
  <line x1="225" y1="60" x2="232" y2="138" stroke="#e7b89a" stroke-width="16"/>
  <path d="M 215 150 L 222 128 L 242 128 L 300 146 L 300 150 Z" fill="#e7b89a" stroke="#9a6b52"/>
  <rect x="40" y="128" width="36" height="22" rx="4" fill="#333"/>
  <circle cx="76" cy="139" r="6" fill="#58a"/>
  <polygon points="82,139 310,105 310,150 82,150" fill="#58a" opacity="0.18"/>
  <line x1="76" y1="162" x2="215" y2="162" stroke="#333" stroke-dasharray="4 3"/>
  <text x="120" y="176" font-size="11" fill="#333">about 40 cm</text>
  <text x="10" y="20" font-size="13" fill="#333">Camera on the floor, beside the foot</text>"""
    elif view == "foot":
        body = """
  <rect x="0" y="0" width="320" height="180" fill="#f4f1ea"/>
  <rect x="0" y="150" width="320" height="30" fill="#c9b79c"/>
  <rect x="60" y="95" width="90" height="55" fill="#8a6d4b"/>
  <line x1="75" y1="150" x2="75" y2="175" stroke="#5a4630" stroke-width="5"/>
  <line x1="140" y1="150" x2="140" y2="175" stroke="#5a4630" stroke-width="5"/>
  <ellipse cx="185" cy="165" rx="32" ry="9" fill="#e7b89a" stroke="#9a6b52"/>
  <ellipse cx="230" cy="165" rx="32" ry="9" fill="#e7b89a" stroke="#9a6b52"/>
  <rect x="190" y="30" width="36" height="24" rx="4" fill="#333"/>
  <circle cx="208" cy="54" r="7" fill="#58a"/>
  <polygon points="208,60 160,160 260,160" fill="#58a" opacity="0.18"/>
  <text x="10" y="20" font-size="13" fill="#333">Camera above the feet, looking down</text>"""
    else:
        body = """
  <rect x="0" y="0" width="320" height="180" fill="#f4f1ea"/>
  <rect x="0" y="160" width="320" height="20" fill="#c9b79c"/>
  <circle cx="230" cy="45" r="11" fill="#e7b89a"/>
  <line x1="230" y1="56" x2="230" y2="110" stroke="#2f5d8a" stroke-width="9"/>
  <line x1="230" y1="110" x2="222" y2="158" stroke="#333" stroke-width="7"/>
  <line x1="230" y1="110" x2="238" y2="158" stroke="#333" stroke-width="7"/>
  <rect x="40" y="95" width="34" height="22" rx="4" fill="#333"/>
  <circle cx="74" cy="106" r="6" fill="#58a"/>
  <line x1="57" y1="117" x2="57" y2="160" stroke="#555" stroke-width="3"/>
  <polygon points="80,106 300,20 300,170" fill="#58a" opacity="0.15"/>
  <text x="10" y="20" font-size="13" fill="#333">The whole body in the picture, head to feet</text>"""
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 180" width="320" height="180">{body}</svg>'


def show_exercise_card(spec: Any, kids: bool) -> None:
    st.markdown(f"#### {exercise_title(spec, kids)}" + (f"  ·  _{spec.name}_" if kids else ""))
    left, right = st.columns([1, 1])
    with left:
        st.markdown(camera_picture(spec.view, spec.foot_camera), unsafe_allow_html=True)
        st.caption(f"Where to put the camera: {spec.camera}")
    with right:
        st.markdown("**How to do it**")
        for step in spec.instructions:
            st.markdown(f"- {step}")


def streak(acc: Any, today: Optional[dt.date] = None) -> int:
    """Days in a row (ending today or yesterday) with at least one completed session."""
    if acc is None or acc.patient_id is None:
        return 0
    today = today or dt.date.today()
    try:
        sessions = get_store().list_sessions(acc, acc.patient_id, since=today - dt.timedelta(days=60))
    except Exception:
        return 0
    days = {s.started_at.astimezone().date() for s in sessions if s.status == "completed"}
    day = today if today in days else today - dt.timedelta(days=1)
    n = 0
    while day in days:
        n += 1
        day -= dt.timedelta(days=1)
    return n


def spec_or_none(exercise_id: str) -> Any:
    try:
        return get_exercise(exercise_id)
    except Exception:
        return None


def demo_accounts(store: Any) -> Dict[str, str]:
    """Creates (or finds) a demo therapist, adult patient and child patient with prescriptions."""
    out: Dict[str, str] = {}
    password = "demo-password"
    therapist = store.authenticate("demo-therapist", password)
    if therapist is None:
        therapist = store.create_therapist("demo-therapist", password, "Demo Therapist")
    out["demo-therapist"] = password
    for username, name, child in (("demo-patient", "Demo Patient", False), ("demo-child", "Demo Child", True)):
        acc = store.authenticate(username, password)
        if acc is None:
            acc = store.create_patient(username, password, therapist.id, name, is_child=child)
            store.create_prescription(therapist, acc.patient_id, sorted(all_exercises()),
                                      instructions="Demo plan: every exercise, morning and evening.")
        out[username] = password
    return out
