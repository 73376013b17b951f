"""The guided session on a page: plan, pain, camera, live status, controls, save.

Shared by the Today page and the Kids page (``kids=True``: friendly names,
stars, streaks and a celebration). Per-browser state sits under one key in
``st.session_state``, so two browsers never share a count.
"""
from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any, Dict, Optional

import streamlit as st
from streamlit.errors import StreamlitAPIException

from coach.app.common import (current_plan, exercise_title, get_store, show_exercise_card, speak,
                              spec_or_none, streak)
from coach.engine import regimen as R
from coach.engine.session import (CALIBRATING, COUNTING, DONE, PAUSED, SET_COMPLETE, WAITING, LiveSession,
                                  SessionConfig)
from exercises import get_exercise

RTC_CONFIGURATION = {"iceServers": []}
PHASE_WORDS = {
    WAITING: "Waiting for the camera",
    CALIBRATING: "Measuring your starting position",
    COUNTING: "Counting",
    PAUSED: "Paused",
    SET_COMPLETE: "Set complete",
    DONE: "Session complete",
}


def _state(kids: bool) -> Dict[str, Any]:
    key = "run_kids" if kids else "run_today"
    if key not in st.session_state:
        st.session_state[key] = {"stage": "pre"}
    return st.session_state[key]


def _reset(kids: bool) -> None:
    run = _state(kids)
    proc = run.get("proc")
    if proc is not None:
        proc.close()
    rec = run.get("recorder")
    if rec is not None:
        try:
            rec.close()
        except Exception:
            pass
    st.session_state["run_kids" if kids else "run_today"] = {"stage": "pre"}


def guided_page(kids: bool = False) -> None:
    acc = st.session_state.get("account")
    run = _state(kids)
    plan, prescription = current_plan(acc)
    if kids:
        days = streak(acc)
        st.markdown(f"### 🔥 Streak: {days} day{'s' if days != 1 else ''} in a row" if days else
                    "### Let's start a streak today! 🔥")
    _plan_header(plan, prescription, kids)
    if not plan.go:
        return
    stage = run["stage"]
    if stage == "pre":
        _pre(run, plan, acc, kids)
    elif stage == "live":
        _live(run, plan, kids)
    elif stage == "saved":
        _saved(run, kids)


def _plan_header(plan: R.DayPlan, prescription: Any, kids: bool) -> None:
    slot = plan.slot
    st.markdown(f"**{plan.day.strftime('%A %d %B')} · {slot} session**")
    if prescription is None:
        st.info("No prescription from a therapist yet: this is free practice with every exercise, 5 to 7 times.")
    if plan.status == R.REST_AFTER_SURGERY:
        st.error("No exercises today. " + plan.reason)
        st.markdown("After an operation on the foot the bones and soft tissue need two quiet weeks. "
                    "Exercising now could disturb the healing; your session plan opens by itself on the date above.")
        return
    if plan.status != R.GO:
        st.warning(plan.reason)
        other = "evening" if slot == "morning" else "morning"
        if plan.status == R.NO_SLOT and st.button(f"Show the {other} session instead"):
            st.session_state["slot_override"] = other
            st.rerun()
        return
    if plan.reason:
        st.info(plan.reason)
    rows = []
    for item in plan.items:
        spec = spec_or_none(item.exercise_id)
        if spec is None:
            continue
        sets = f"{item.sets} sets" if item.sets > 1 else "1 set"
        rows.append(f"- **{exercise_title(spec, kids)}**: {sets} of {item.reps_min} to {item.reps_max}"
                    + (" (foot camera)" if spec.view == "foot" else ""))
    st.markdown("Today's plan:\n" + "\n".join(rows))


def _pre(run: Dict[str, Any], plan: R.DayPlan, acc: Any, kids: bool) -> None:
    label = "How much do your feet hurt right now? (0 = not at all, 10 = very much)"
    if kids:
        label = "Do your feet hurt? 0 means not at all, 10 means a lot"
    pain = st.slider(label, 0, 10, 0, key=f"pain_before_{kids}")
    if pain >= 7:
        st.warning("That is a lot of pain. Go gently, stop if it gets worse, and tell your doctor or therapist.")
    if st.button("Start session", type="primary", key=f"start_{kids}"):
        _start(run, plan, acc, pain, kids)
        st.rerun()


def _start(run: Dict[str, Any], plan: R.DayPlan, acc: Any, pain: int, kids: bool) -> None:
    from coach.live import LiveProcessor
    from coach.store import BufferedRecorder

    items = [i for i in plan.items if spec_or_none(i.exercise_id) is not None]
    session = LiveSession(items, get_exercise, SessionConfig(), volume_phase=plan.phase.phase)
    recorder = None
    session_ref = None
    if acc is not None and acc.patient_id is not None:
        recorder = BufferedRecorder(get_store())
        session_ref = recorder.start_session(acc.patient_id, plan.slot, pain)
    proc = LiveProcessor(session, recorder=recorder, session_ref=session_ref, kids=kids)
    run.update(stage="live", proc=proc, recorder=recorder, session_ref=session_ref, spoken=0,
               stream_key=f"cam-{uuid.uuid4().hex[:8]}", pain_before=pain)
    st.session_state["speech_scope"] = run["stream_key"]


def _live(run: Dict[str, Any], plan: R.DayPlan, kids: bool) -> None:
    proc = run["proc"]
    camera_tab, upload_tab = st.tabs(["Camera", "Upload a video"])
    with camera_tab:
        _camera(run, proc, kids)
    with upload_tab:
        _upload(proc, kids)


def _camera(run: Dict[str, Any], proc: Any, kids: bool) -> None:
    from streamlit_webrtc import WebRtcMode, webrtc_streamer

    from coach.live import foot_pipeline_status

    spec = proc.spec()
    if spec.view == "foot":
        ok, message = foot_pipeline_status()
        if not ok:
            st.warning(message)
    st.caption("Press START to turn the camera on. Body-view gestures: ✋ open palm pauses and resumes, "
               "👍 thumbs up goes to the next exercise. Foot view: use the buttons or keep still.")
    ctx = webrtc_streamer(
        key=run["stream_key"],
        mode=WebRtcMode.SENDRECV,
        rtc_configuration=RTC_CONFIGURATION,
        media_stream_constraints={"video": True, "audio": False},
        video_frame_callback=proc.recv,
        async_processing=True,
    )
    run["ctx"] = ctx
    _panel(run, kids)


def _redraw_panel() -> None:
    """Draws the panel again after a command.

    A press can land while the whole page reruns (the camera component
    changing state), where only a full rerun is allowed: Streamlit refuses a
    fragment rerun there with an error on the page.
    """
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:
        st.rerun()


@st.fragment(run_every=0.5)
def _panel(run: Dict[str, Any], kids: bool) -> None:
    proc = run.get("proc")
    if proc is None:
        return
    proc.tick()
    # What is saved is read before the count: a repetition is counted before
    # it is written, so read in this order the page never shows more saved
    # than counted (read after, a repetition counted meanwhile could be).
    saved_note = _saved_note(run, proc)
    snap = proc.snapshot()
    spec = proc.spec()
    if proc.error:
        st.error(proc.error)
    if snap.phase == DONE:
        _finish_form(run, kids)
        return
    show_exercise_card(spec, kids)
    phase = PHASE_WORDS.get(snap.phase, snap.phase)
    if snap.phase == PAUSED and snap.paused_reason == "camera":
        phase = "Paused: the camera stopped"
    elif snap.phase == PAUSED and snap.paused_reason == "gesture":
        phase = "Paused by your open palm ✋"
    st.markdown(
        f"<div style='display:flex;align-items:center;gap:1.5rem'>"
        f"<div class='fc-count' style='font-size:4.5rem;font-weight:700;line-height:1'>{snap.count}</div>"
        f"<div><div style='font-size:1.3rem'>{phase}</div>"
        f"<div>Exercise {snap.item_index + 1} of {snap.items_total} · set {max(1, snap.set_no)}"
        f" of {snap.sets_planned} · target {snap.reps_min} to {snap.reps_max}</div></div></div>",
        unsafe_allow_html=True,
    )
    st.progress(min(1.0, snap.count / max(1, snap.reps_min)),
                text=f"Repetitions: {snap.count} of {snap.reps_min}" + (" ✓ set counts" if snap.set_done else ""))
    if kids and snap.count:
        st.markdown("⭐" * snap.count)
    if snap.message:
        st.info(snap.message)
    # turned on: START pressed, the connection made or still being made
    ctx = run.get("ctx")
    missing = proc.no_picture(bool(ctx is not None and (ctx.state.playing or ctx.state.signalling)))
    if missing:
        st.warning(missing)
    if snap.gesture and snap.gesture_fraction > 0:
        name = "Open palm ✋ (pause/resume)" if snap.gesture == "open_palm" else "Thumbs up 👍 (next)"
        st.caption(f"Gesture seen: {name} — hold it… {int(snap.gesture_fraction * 100)}%")
    gestures = [e for e in proc.events() if e.kind == "gesture"]
    if gestures:
        g = gestures[-1]
        st.caption(f"Last gesture: {'open palm ✋' if g.reason == 'open_palm' else 'thumbs up 👍'} recognised")
    if snap.suggest_another:
        st.success("That looked easy! Add another set rather than more repetitions.")
    cols = st.columns(4)
    if snap.phase == PAUSED:
        if cols[0].button("▶ Resume", key="resume"):
            proc.command("resume")
            _redraw_panel()
    elif cols[0].button("⏸ Pause", key="pause", disabled=snap.phase not in (WAITING, CALIBRATING, COUNTING)):
        proc.command("pause")
        _redraw_panel()
    if cols[1].button("⏭ Next", key="next"):
        proc.command("advance")
        _redraw_panel()
    if cols[2].button("➕ Another set", key="another", disabled=not snap.set_done):
        proc.command("another_set")
        _redraw_panel()
    if cols[3].button("⏹ Finish session", key="finish"):
        proc.command("finish")
        _redraw_panel()
    if saved_note:
        st.caption(saved_note)
    speak(proc.cues_since(run.get("spoken", 0)))
    cues = proc.cues_since(run.get("spoken", 0))
    if cues:
        run["spoken"] = cues[-1].seq


def _saved_note(run: Dict[str, Any], proc: Any) -> Optional[str]:
    """How many repetitions are in the database, and how many wait for it."""
    rec = run.get("recorder")
    if rec is None:
        return None
    # handed to the recorder first, then the part of it still pending: a
    # repetition handed over in between is not yet shown, never shown twice
    handed = proc.writer.written_reps
    pending = rec.pending_reps
    note = f"Saved repetitions: {max(0, handed - pending)}"
    if pending:
        note += f" · {pending} waiting for the database ({rec.last_error or 'busy'}), kept safe meanwhile"
    return note


def _finish_form(run: Dict[str, Any], kids: bool) -> None:
    proc = run["proc"]
    st.success("Session complete. Well done!" if not kids else "You did it! Amazing work! 🎉")
    total = proc.snapshot().total_reps
    if kids:
        st.markdown("⭐" * min(total, 50) or "⭐")
    st.markdown(f"Repetitions today: **{total}**")
    label = "How much do your feet hurt now? (0 to 10)" if not kids else "Do your feet hurt now? (0 to 10)"
    with st.form(f"pain_after_{kids}"):
        pain = st.slider(label, 0, 10, 0)
        if st.form_submit_button("Save session", type="primary"):
            saved = proc.end_session(pain)
            run["stage"] = "saved"
            run["saved_ok"] = saved
            run["pain_after"] = pain
            run["total"] = total
            st.rerun(scope="app")


def _saved(run: Dict[str, Any], kids: bool) -> None:
    if kids and not run.get("celebrated"):
        st.balloons()
        run["celebrated"] = True
    st.success(f"Saved: {run.get('total', 0)} repetitions. See them on the History page.")
    pb, pa = run.get("pain_before"), run.get("pain_after")
    if pb is not None and pa is not None and pa > pb + 2:
        st.warning("Your pain went up during the session. Rest, and mention it to your doctor or therapist.")
    if not run.get("saved_ok", True):
        st.info("The database was busy; your repetitions are kept safely and will be saved automatically.")
    if st.button("Start another session"):
        _reset(kids)
        st.rerun()


def _upload(proc: Any, kids: bool) -> None:
    from coach.live import FootPipelineMissing, analyse_video
    from exercises import all_exercises

    specs = all_exercises()
    current = proc.spec().id
    ids = sorted(specs)
    choice = st.selectbox("Exercise in the video", ids, index=ids.index(current) if current in ids else 0,
                          format_func=lambda i: exercise_title(specs[i], kids), key=f"upload_ex_{kids}")
    up = st.file_uploader("A recorded video (MP4, MOV, WebM, Y4M)", type=["mp4", "mov", "webm", "avi", "y4m", "mkv"],
                          key=f"upload_{kids}")
    if up is None or not st.button("Analyse the video", key=f"analyse_{kids}"):
        return
    suffix = Path(up.name).suffix or ".mp4"
    with tempfile.NamedTemporaryFile(suffix=suffix, delete=True) as fh:
        fh.write(up.getbuffer())
        fh.flush()
        bar = st.progress(0.0, text="Analysing…")
        try:
            result = analyse_video(fh.name, specs[choice], kids=kids,
                                   progress=lambda p: bar.progress(p, text=f"Analysing… {int(p * 100)}%"))
        except FootPipelineMissing as e:
            st.warning(str(e))
            return
        except Exception as e:
            # the file is read from a temporary copy: name the user's file, not the copy
            st.error(f"This video could not be analysed: {str(e).replace(fh.name, up.name)}")
            return
    st.markdown(f"<div class='fc-upload-count' style='font-size:3rem;font-weight:700'>{result.count}</div>",
                unsafe_allow_html=True)
    st.markdown(f"Counted **{result.count}** repetitions in {result.frames} frames.")
    if result.warning:
        st.warning(result.warning)
    for msg in dict.fromkeys(result.feedback):
        st.caption(f"Hint: {msg}")
    if result.stills:
        st.image(result.stills, width=220, caption=[f"frame {i + 1}" for i in range(len(result.stills))])
