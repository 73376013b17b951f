"""End-to-end fixtures: the app started on a free port with a temp database, Debian's
Chromium driven by Playwright, and a fake camera fed by generated Y4M clips.

The fake camera reads ``camera.y4m`` in a temp folder, a symbolic link: a test
points it at another clip and restarts the camera (Chromium opens the file
again each time the camera starts), so one browser serves several clips.
Screenshots go to ``artifacts/e2e/`` (or ``$FOOTCOACH_ARTIFACTS``) and their
paths are printed.

Without Chromium or Playwright these tests skip, except under CI=true, where
they fail.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("FOOTCOACH_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "e2e-password-1"
PATIENTS = ("alice", "bob", "dana")
# what each patient is prescribed (one set): heel raises unless named here
PRESCRIBED = {"dana": ["big_toe_flex"]}


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _unavailable(reason: str) -> None:
    if _ci():
        pytest.fail(f"CI=true but the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(f"browser tests unavailable: {reason}")


@pytest.fixture(scope="session")
def playwright_api():
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium chromium-driver)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def artifacts() -> Path:
    out = Path(os.environ.get("FOOTCOACH_ARTIFACTS", ROOT / "artifacts")) / "e2e"
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(scope="session")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="session")
def clips(workdir) -> dict:
    """Y4M clips: five heel raises (with truth, and as MP4), standing still, and (with footage) an open palm."""
    from coach.synth import ClipSpec, write_clip

    out = {}
    # The browser loops the clip. A long standing tail after the fifth raise
    # gives the test time to stop the camera before the loop's raises carry
    # the count on to 7, where the set is over (under load, with 1 s of tail,
    # a CI run once got there first and the open palm had nothing to pause).
    truth = write_clip(ClipSpec(script="heel_raise", view="side", reps=5, period=1.6, rest_before=1.5,
                                rest_after=8.0, seed=3), workdir / "heel5.y4m")
    out["heel5"] = (workdir / "heel5.y4m", truth.reps)
    # the same raises as an MP4 file to upload (the Y4M is over the upload limit)
    upload = write_clip(ClipSpec(script="heel_raise", view="side", reps=5, period=1.6, rest_before=1.5,
                                 rest_after=1.5, seed=3), workdir / "heel5.mp4")
    out["heel5_mp4"] = (workdir / "heel5.mp4", upload.reps)
    write_clip(ClipSpec(script="stand", view="side", duration=4.0, seed=4), workdir / "stand.y4m")
    out["stand"] = (workdir / "stand.y4m", 0)
    palm = _palm_clip(workdir / "palm.y4m")
    if palm is not None:
        out["palm"] = (palm, None)
    return out


def _palm_clip(path: Path):
    """Three seconds of a real open-palm photo (from FOOTCOACH_FOOTAGE), letterboxed to 640x480."""
    raw = os.environ.get("FOOTCOACH_FOOTAGE", "").strip()
    src = Path(raw) / "hand_open_palms_two_hands.jpg" if raw else None
    if src is None or not src.is_file():
        return None
    import cv2
    import numpy as np

    from coach.synth.writers import open_writer

    img = cv2.imread(str(src))
    canvas = np.full((480, 640, 3), 255, np.uint8)
    scale = min(600 / img.shape[1], 440 / img.shape[0])
    small = cv2.resize(img, (int(img.shape[1] * scale), int(img.shape[0] * scale)))
    y, x = (480 - small.shape[0]) // 2, (640 - small.shape[1]) // 2
    canvas[y:y + small.shape[0], x:x + small.shape[1]] = small
    rng = np.random.default_rng(0)
    with open_writer(str(path), 640, 480, 30) as w:
        for _ in range(90):
            noisy = np.clip(canvas.astype(np.int16) + rng.integers(-2, 3, canvas.shape), 0, 255).astype(np.uint8)
            w.write(noisy)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    """One running app: its Streamlit process, address, database file and spool."""

    def __init__(self, workdir: Path, patients=PATIENTS) -> None:
        from coach.store import Store

        workdir.mkdir(parents=True, exist_ok=True)
        self.workdir = workdir
        self.db = workdir / "footcoach.db"
        self.spool = workdir / "spool"
        with Store.open(f"sqlite:///{self.db}") as store:
            therapist = store.create_therapist("e2e-therapist", PASSWORD, "E2E Therapist")
            for name in patients:
                p = store.create_patient(name, PASSWORD, therapist.id, name.title())
                store.create_prescription(therapist, p.patient_id, PRESCRIBED.get(name, ["heel_raise"]), sets=1)
        port = _free_port()
        env = dict(os.environ)
        for k in list(env):
            if k.startswith(("TWILIO_", "CLOUDFLARE_")) or k == "HF_TOKEN":
                env.pop(k)
        env.update(FOOTCOACH_DB=str(self.db), FOOTCOACH_SPOOL=str(self.spool), PYTHONUNBUFFERED="1")
        self.log_path = workdir / "streamlit.log"
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "coach/app/main.py"),
             "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            self.stop()
            pytest.fail("the app did not start within 60 s; see " + str(self.log_path))
        if self.proc.poll() is not None:
            pytest.fail("the app exited at start:\n" + self.log_path.read_text()[-3000:])

    def stop(self, show_tail: bool = False) -> None:
        """Stops the app; ``show_tail`` prints the end of its log (CI keeps no files)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self._log.close()
        print(f"\napp log: {self.log_path}")
        if show_tail:
            lines = self.log_path.read_text(errors="replace").splitlines()
            print("\n".join(["--- the app log's last 80 lines:"] + lines[-80:]))


@pytest.fixture(scope="session")
def app_url(workdir, playwright_api, request):
    """Starts the app (its own SQLite file and spool), with a therapist and three patients; stops it after."""
    app = App(workdir)
    failed_before = request.session.testsfailed
    yield app.url
    app.stop(show_tail=request.session.testsfailed > failed_before)


class Camera:
    """The fake camera's file: a symbolic link that tests point at a clip."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def use(self, clip: Path) -> None:
        tmp = self.path.with_suffix(".tmp")
        if tmp.exists() or tmp.is_symlink():
            tmp.unlink()
        tmp.symlink_to(clip)
        os.replace(tmp, self.path)


def launch(playwright_api, workdir: Path, name: str, clip: Path):
    camera = Camera(workdir / f"camera-{name}.y4m")
    camera.use(clip)
    profile = workdir / f"profile-{name}"
    if profile.exists():
        shutil.rmtree(profile)
    context = playwright_api.chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={camera.path}",
        ],
        permissions=["camera"],
        viewport={"width": 1100, "height": 1400},
    )
    return context, camera


@pytest.fixture(scope="session")
def browser_a(playwright_api, workdir, clips):
    context, camera = launch(playwright_api, workdir, "a", clips["heel5"][0])
    page = context.pages[0] if context.pages else context.new_page()
    yield page, camera
    context.close()
