"""Read a video file frame by frame with the container's timestamps.

    from coach.perception.video import open_video, VideoError

    try:
        with open_video("clip.mp4") as video:
            print(video.info.fps, video.info.width, video.info.height)
            for t, rgb in video:          # t in seconds, strictly increasing
                ...
    except VideoError as exc:
        print(exc)                        # one line, e.g. "video file not found: clip.mp4"

Frames come turned upright as a player shows them, where the file says how
to turn them (phone videos). Times come from CAP_PROP_POS_MSEC. When the
container gives none (zero, negative, not increasing), the time falls back to
previous + 1/fps, so times are always strictly increasing.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterator, Optional, Tuple

import cv2
import numpy as np

DEFAULT_FPS = 30.0


class VideoError(Exception):
    """Base of every error the reader raises; str(exc) is one readable line."""

    def __init__(self, message: str, path: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:  # keep it one line whatever the cause
        return " ".join(self.message.split())


class VideoNotFoundError(VideoError):
    """The path does not exist or is not a regular file."""


class VideoOpenError(VideoError):
    """The file exists but is not a readable video (text, corrupt, unknown codec)."""


class EmptyVideoError(VideoError):
    """The file opened as a video but holds no decodable frame."""


@dataclass(frozen=True)
class VideoInfo:
    path: str
    fps: float           # container frame rate (DEFAULT_FPS when it reports none)
    width: int
    height: int
    frame_count: int     # as the container reports it (may be an estimate; 0 if unknown)

    @property
    def duration(self) -> float:
        """Seconds, from frame_count / fps (0.0 when unknown)."""
        if self.frame_count <= 0 or self.fps <= 0:
            return 0.0
        return self.frame_count / self.fps


class VideoReader:
    """Iterates (t_seconds, frame) over a video file.

    ``rgb=True`` (default) yields RGB frames, ``rgb=False`` OpenCV's BGR.
    ``every=n`` yields every n-th frame (the others are grabbed, not converted).
    The first frame is decoded on construction, so an empty or undecodable file
    raises here rather than during iteration.
    """

    def __init__(self, path: "str | os.PathLike[str]", rgb: bool = True, every: int = 1) -> None:
        self.path = os.fspath(path)
        self.rgb = bool(rgb)
        self.every = max(1, int(every))
        self._cap: Optional[cv2.VideoCapture] = None
        self._pending: Optional[Tuple[float, np.ndarray]] = None
        self._index = -1
        self._last_t: Optional[float] = None
        self._iterating = False
        self._fps = DEFAULT_FPS

        if not os.path.exists(self.path):
            raise VideoNotFoundError(f"video file not found: {self.path}", self.path)
        if not os.path.isfile(self.path):
            raise VideoNotFoundError(f"not a file: {self.path}", self.path)
        if os.path.getsize(self.path) == 0:
            raise EmptyVideoError(f"video file is empty (0 bytes): {self.path}", self.path)

        cap = cv2.VideoCapture(self.path, cv2.CAP_FFMPEG)
        if not cap.isOpened():
            cap.release()
            raise VideoOpenError(
                f"cannot open as a video (not a video, corrupt, or unsupported codec): {self.path}",
                self.path,
            )
        # A phone films portrait on a landscape sensor and stores how to turn
        # the picture in the file; players turn it, and this OpenCV build does
        # not unless asked: a clip of five heel raises stored so came out on
        # its side and counted four. Asked before the size is read, so that
        # width and height are the turned ones.
        cap.set(cv2.CAP_PROP_ORIENTATION_AUTO, 1)
        self._cap = cap
        fps = float(cap.get(cv2.CAP_PROP_FPS) or 0.0)
        if not np.isfinite(fps) or fps <= 0 or fps > 1000:
            fps = DEFAULT_FPS
        self._fps = fps
        count = cap.get(cv2.CAP_PROP_FRAME_COUNT)
        count = int(count) if np.isfinite(count) and count > 0 else 0
        width = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH) or 0)
        height = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT) or 0)

        first = self._read_next(decode=True)
        if first is None:
            self.close()
            raise EmptyVideoError(f"video has no decodable frames: {self.path}", self.path)
        self._pending = first
        h, w = first[1].shape[:2]
        if width <= 0 or height <= 0:
            width, height = w, h
        self.info = VideoInfo(self.path, fps, width, height, count)

    # -- reading ---------------------------------------------------------
    def _time_of_current(self) -> float:
        """Time of the frame just grabbed: container time, else previous + 1/fps."""
        assert self._cap is not None
        pos = self._cap.get(cv2.CAP_PROP_POS_MSEC)
        fps = self._fps
        t: Optional[float] = None
        if pos is not None and np.isfinite(pos) and pos >= 0:
            t = float(pos) / 1000.0
        if self._last_t is None:
            # First frame: trust a sane container time, else index / fps.
            if t is None or t > 3600 * 24:
                t = self._index / fps
        elif t is None or t <= self._last_t:
            t = self._last_t + 1.0 / fps
        self._last_t = t
        return t

    def _read_next(self, decode: bool) -> Optional[Tuple[float, Optional[np.ndarray]]]:
        if self._cap is None:
            return None
        try:
            ok = self._cap.grab()
        except cv2.error:
            ok = False
        if not ok:
            return None
        self._index += 1
        t = self._time_of_current()
        if not decode:
            return t, None
        try:
            ok, frame = self._cap.retrieve()
        except cv2.error:
            ok, frame = False, None
        if not ok or frame is None or frame.size == 0:
            return None
        if frame.ndim == 2:
            frame = cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
        if self.rgb:
            frame = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
        return t, frame

    def __iter__(self) -> Iterator[Tuple[float, np.ndarray]]:
        if self._iterating:
            raise VideoError(f"video is already being read (open it again to restart): {self.path}", self.path)
        self._iterating = True
        try:
            if self._pending is not None:
                first, self._pending = self._pending, None
                yield first  # type: ignore[misc]
            while True:
                for _ in range(self.every - 1):
                    if self._read_next(decode=False) is None:
                        return
                item = self._read_next(decode=True)
                if item is None:
                    return
                yield item  # type: ignore[misc]
        finally:
            self.close()

    @property
    def frames_read(self) -> int:
        """How many frames were grabbed so far (decoded or skipped)."""
        return self._index + 1

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None

    def __enter__(self) -> "VideoReader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:  # pragma: no cover - best effort
        try:
            self.close()
        except Exception:
            pass


def open_video(path: "str | os.PathLike[str]", rgb: bool = True, every: int = 1) -> VideoReader:
    """Open a video file; raises a VideoError subclass with a one-line message."""
    return VideoReader(path, rgb=rgb, every=every)


def probe_video(path: "str | os.PathLike[str]") -> VideoInfo:
    """fps, size and frame count of a video file (checks one frame decodes)."""
    with VideoReader(path) as reader:
        return reader.info


def iter_frames(
    path: "str | os.PathLike[str]", rgb: bool = True, every: int = 1, max_frames: Optional[int] = None
) -> Iterator[Tuple[float, np.ndarray]]:
    """Yield (t_seconds, frame) for a video file, at most ``max_frames`` of them."""
    reader = VideoReader(path, rgb=rgb, every=every)
    n = 0
    for item in reader:
        if max_frames is not None and n >= max_frames:
            break
        n += 1
        yield item
    reader.close()
