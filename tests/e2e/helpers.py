"""Page actions shared by the browser tests."""
from __future__ import annotations

import re
import time
from pathlib import Path

from coach.live import NO_PICTURE as _NO_PICTURE_HINT

COUNT_RE = re.compile(r"Repetitions: (\d+) of (\d+)")


def shot(page, artifacts: Path, name: str) -> Path:
    path = artifacts / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def login(page, url: str, username: str, password: str) -> None:
    page.goto(url)
    page.get_by_role("textbox", name="Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Today").wait_for(timeout=30_000)


def start_session(page, timeout: float = 30) -> None:
    page.get_by_role("button", name="Start session").click()
    camera_frame(page, timeout=timeout)


def camera_frame(page, timeout: float = 30):
    """The streamlit-webrtc component's iframe (it holds START/STOP and the video)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                if frame.get_by_role("button", name=re.compile(r"^(start|stop)$", re.I)).count():
                    return frame
            except Exception:
                pass
        page.wait_for_timeout(300)
    raise AssertionError("the camera component did not appear")


START_BUTTON = re.compile("^START$", re.I)
STOP_BUTTON = re.compile("^STOP$", re.I)


def press(page, name: str, timeout: float = 60) -> None:
    """Clicks START or STOP in the camera component, finding its iframe again if the page re-rendered it.

    Returns once the other button shows: under load a click can land while
    the component re-renders and be lost, and the component's START first
    loads a script of its own, so only a STOP button proves the camera was
    turned on (and only a START button that it is off). A click that did not
    take is made again, as a user would.
    """
    deadline = time.monotonic() + timeout
    stopping = name.upper() == "STOP"
    wanted, proof = (STOP_BUTTON, START_BUTTON) if stopping else (START_BUTTON, STOP_BUTTON)
    last = None
    while time.monotonic() < deadline:
        try:
            frame = camera_frame(page, timeout=max(1.0, deadline - time.monotonic()))
            if frame.get_by_role("button", name=proof).count():
                return  # already in the state asked for
            frame.get_by_role("button", name=wanted).click(timeout=5_000)
            frame.get_by_role("button", name=proof).wait_for(timeout=15_000)
            return
        except Exception as e:  # a detached or re-rendered iframe, or a lost click: look again
            last = e
            page.wait_for_timeout(500)
    raise AssertionError(f"could not press {name}: {last}")


def camera_state(page) -> str:
    """The camera component's button, for failure messages."""
    try:
        frame = camera_frame(page, timeout=1)
        shown = [n for n, rx in (("START", START_BUTTON), ("STOP", STOP_BUTTON))
                 if frame.get_by_role("button", name=rx).count()]
        # the component writes its own errors (a camera it could not open,
        # a connection that failed) inside its frame, out of the page's text
        said = " ".join(frame.locator("body").inner_text(timeout=2_000).split())[:300]
        return f"the camera component shows {' and '.join(shown) or 'no START or STOP button'} ({said!r})"
    except Exception:
        return "no camera component on the page"


def camera_off(page) -> bool:
    """True when the camera component shows its START button."""
    try:
        frame = camera_frame(page, timeout=1)
        return frame.get_by_role("button", name=START_BUTTON).count() > 0
    except Exception:  # no component on the page, or it is re-rendering
        return False


def count_in(text: str) -> int:
    """The repetition count the page's text shows, -1 when it shows none."""
    m = COUNT_RE.search(text)
    return int(m.group(1)) if m else -1


def count(page) -> int:
    return count_in(page.inner_text("body"))


STALLED = "Paused: the camera stopped"
# the first sentence of the page's hint for a camera turned on that never sent a picture
NO_PICTURE = _NO_PICTURE_HINT.split(".")[0]


class StallRecovery:
    """Does what the page tells a user whose picture froze, or never came:
    STOP, then START; and presses START again on a camera that shows it.

    A browser that two others starve of CPU can lose its stream for good (a
    connection dropped, a video decoder waiting for a key frame), or never
    get its first picture. The page says so and keeps the count; after
    ``patience`` seconds of that message this presses STOP and START, checks
    that the count was kept, and notes the restart.
    """

    def __init__(self, page, patience: float = 8.0) -> None:
        self.page = page
        self.patience = patience
        self.restarts = 0
        self._since = None

    def check(self, text: str) -> None:
        # A camera showing START here was turned off behind the test's back
        # (a START that never took, a stream the browser closed): no message
        # says so, and the user presses START again.
        if STALLED not in text and NO_PICTURE not in text and not camera_off(self.page):
            self._since = None
            return
        now = time.monotonic()
        if self._since is None:
            self._since = now
        elif now - self._since >= self.patience:
            before = count(self.page)
            press(self.page, "STOP")
            press(self.page, "START")
            self.restarts += 1
            self._since = None
            print(f"camera restarted after a stall (restart {self.restarts}, count {before})")
            assert count(self.page) >= before, "a camera restart lost repetitions"


def wait_text(page, pattern: str, timeout: float, recovery: "StallRecovery | None" = None) -> str:
    rx = re.compile(pattern)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = page.inner_text("body")
        m = rx.search(text)
        if m:
            return m.group(0)
        if recovery is not None:
            recovery.check(text)
        page.wait_for_timeout(300)
    raise AssertionError(f"{pattern!r} did not appear within {timeout} s; {camera_state(page)}; page says:\n"
                         f"{page.inner_text('body')[:2000]}")


def wait_count(page, at_least: int, timeout: float, recovery: "StallRecovery | None" = None) -> int:
    deadline = time.monotonic() + timeout
    n = -1
    while time.monotonic() < deadline:
        text = page.inner_text("body")
        n = count_in(text)
        if n >= at_least:
            return n
        if recovery is not None:
            recovery.check(text)
        page.wait_for_timeout(300)
    raise AssertionError(f"count reached {n}, not {at_least}, within {timeout} s; {camera_state(page)}; page says:\n"
                         f"{page.inner_text('body')[:2000]}")


def settled_count(page, quiet: float = 3.0, timeout: float = 30.0) -> int:
    """The count once it has stayed the same for ``quiet`` seconds.

    After STOP the frames already handed over are still analysed, and a busy
    page redraws late: a count read at once can still grow (one loaded run
    read 6, then saw the set complete at 7).
    """
    deadline = time.monotonic() + timeout
    n, since = count(page), time.monotonic()
    while time.monotonic() < deadline:
        page.wait_for_timeout(300)
        m = count(page)
        if m != n:
            n, since = m, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return n
    raise AssertionError(f"the count kept changing for {timeout} s (last {n})")
