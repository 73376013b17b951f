"""Video writers for BGR frames: MP4 (cv2, fourcc mp4v) and raw Y4M (I420)."""
from __future__ import annotations

from pathlib import Path
from typing import Union

import cv2
import numpy as np

PathLike = Union[str, Path]


def y4m_header(w: int, h: int, fps: int) -> bytes:
    return f"YUV4MPEG2 W{w} H{h} F{int(fps)}:1 Ip A1:1 C420jpeg\n".encode("ascii")


def y4m_frame_bytes(w: int, h: int) -> int:
    """Bytes of one frame record: 'FRAME\\n' plus the I420 planes."""
    return 6 + w * h + 2 * ((w // 2) * (h // 2))


class VideoSink:
    """Common interface: write(frame), close(); usable as a context manager."""

    frames: int = 0

    def write(self, frame: np.ndarray) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Y4mWriter(VideoSink):
    def __init__(self, path: PathLike, w: int, h: int, fps: int):
        if w % 2 or h % 2:
            raise ValueError("Y4M 4:2:0 needs even width and height")
        self.w, self.h, self.fps = w, h, fps
        self.frames = 0
        self._f = open(path, "wb")
        self._f.write(y4m_header(w, h, fps))

    def write(self, frame: np.ndarray) -> None:
        if frame.shape[:2] != (self.h, self.w):
            raise ValueError(f"frame {frame.shape[:2]} does not match {(self.h, self.w)}")
        yuv = cv2.cvtColor(frame, cv2.COLOR_BGR2YUV_I420)   # (h*3/2, w) planes Y, U, V
        self._f.write(b"FRAME\n")
        self._f.write(np.ascontiguousarray(yuv).tobytes())
        self.frames += 1

    def close(self) -> None:
        if not self._f.closed:
            self._f.close()


class Mp4Writer(VideoSink):
    def __init__(self, path: PathLike, w: int, h: int, fps: int):
        self.w, self.h = w, h
        self.frames = 0
        self._vw = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), float(fps), (w, h))
        if not self._vw.isOpened():
            raise RuntimeError(f"cv2.VideoWriter could not open {path}")

    def write(self, frame: np.ndarray) -> None:
        if frame.shape[:2] != (self.h, self.w):
            raise ValueError(f"frame {frame.shape[:2]} does not match {(self.h, self.w)}")
        self._vw.write(frame)
        self.frames += 1

    def close(self) -> None:
        if self._vw is not None:
            self._vw.release()
            self._vw = None


def open_writer(path: PathLike, w: int, h: int, fps: int) -> VideoSink:
    suffix = Path(path).suffix.lower()
    if suffix == ".y4m":
        return Y4mWriter(path, w, h, fps)
    if suffix == ".mp4":
        return Mp4Writer(path, w, h, fps)
    raise ValueError(f"unsupported video suffix {suffix!r}: use .mp4 or .y4m")


def read_y4m(path: PathLike):
    """Yield BGR frames of a Y4M file written by Y4mWriter (for tests and tools)."""
    with open(path, "rb") as f:
        header = f.readline().decode("ascii").split()
        if not header or header[0] != "YUV4MPEG2":
            raise ValueError("not a YUV4MPEG2 file")
        w = int(next(t[1:] for t in header if t.startswith("W")))
        h = int(next(t[1:] for t in header if t.startswith("H")))
        n = w * h * 3 // 2
        while True:
            tag = f.readline()
            if not tag:
                return
            if not tag.startswith(b"FRAME"):
                raise ValueError("bad frame marker")
            buf = f.read(n)
            if len(buf) < n:
                raise ValueError("truncated frame")
            yuv = np.frombuffer(buf, np.uint8).reshape(h * 3 // 2, w)
            yield cv2.cvtColor(yuv, cv2.COLOR_YUV2BGR_I420)
