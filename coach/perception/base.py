"""Detector interfaces shared by every perception adapter.

Pure: no cv2 or mediapipe here, so the engine and tests can type against these
protocols without loading models.

Conventions for every detector:
- ``rgb`` is an HxWx3 uint8 array in RGB order (drop any alpha channel first).
- ``t`` is the frame time in seconds. Times should increase; adapters cope with
  equal or decreasing times (they bump the time they hand to the model by 1 ms)
  instead of raising.
- ``close()`` frees the model; detectors are context managers.
"""
from __future__ import annotations

import os
import struct
import tempfile
import zipfile
from pathlib import Path
from typing import Dict, Iterable, Optional, Protocol, Tuple, runtime_checkable

import numpy as np

from coach.records import Hand, PosePoint


class PerceptionError(RuntimeError):
    """A detector could not be built or run (model missing, bad input...)."""


@runtime_checkable
class PoseDetector(Protocol):
    """Finds one person's 33 pose landmarks in a frame."""

    def detect(self, rgb: np.ndarray, t: float) -> Optional[Tuple[PosePoint, ...]]:
        """33 rows (x, y normalised to width/height, z, visibility), or None."""
        ...

    def close(self) -> None:
        ...

    def __enter__(self) -> "PoseDetector":
        ...

    def __exit__(self, *exc: object) -> None:
        ...


@runtime_checkable
class HandDetector(Protocol):
    """Finds up to ``max_hands`` hands in a frame."""

    def detect(self, rgb: np.ndarray, t: float) -> Tuple[Hand, ...]:
        """One Hand per detected hand (21 points each); empty tuple if none."""
        ...

    def close(self) -> None:
        ...

    def __enter__(self) -> "HandDetector":
        ...

    def __exit__(self, *exc: object) -> None:
        ...


class MonotonicClock:
    """Turns frame times in seconds into strictly increasing integer ms.

    MediaPipe's VIDEO/stream modes reject a timestamp that is not larger than
    the previous one. Equal or earlier times are bumped to previous + 1 ms.
    """

    def __init__(self) -> None:
        self._last: Optional[int] = None

    def to_ms(self, t: float) -> int:
        try:
            ms = int(round(float(t) * 1000.0))
        except (TypeError, ValueError, OverflowError):
            ms = 0 if self._last is None else self._last + 1
        if self._last is not None and ms <= self._last:
            ms = self._last + 1
        self._last = ms
        return ms

    @property
    def last_ms(self) -> Optional[int]:
        return self._last


def as_rgb_uint8(image: np.ndarray) -> np.ndarray:
    """Validate a frame and return a C-contiguous HxWx3 uint8 RGB array.

    Accepts HxW grey, HxWx3 and HxWx4 (alpha dropped). Raises PerceptionError
    for anything else.
    """
    if not isinstance(image, np.ndarray):
        raise PerceptionError(f"frame must be a numpy array, got {type(image).__name__}")
    if image.ndim == 2:
        image = np.repeat(image[:, :, None], 3, axis=2)
    if image.ndim != 3 or image.shape[2] not in (3, 4):
        raise PerceptionError(f"frame must be HxWx3 (RGB), got shape {image.shape}")
    if image.shape[0] < 1 or image.shape[1] < 1:
        raise PerceptionError(f"frame is empty: shape {image.shape}")
    if image.shape[2] == 4:
        image = image[:, :, :3]
    if image.dtype != np.uint8:
        if np.issubdtype(image.dtype, np.floating) and image.size and float(np.nanmax(image)) <= 1.0:
            image = image * 255.0
        image = np.clip(image, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(image)


# -- model cache ------------------------------------------------------------
MODEL_DIR_ENV = "FOOTCOACH_MODEL_DIR"


def model_cache_dir() -> Path:
    """Where built model bundles live.

    $FOOTCOACH_MODEL_DIR if set, else $XDG_CACHE_HOME/footcoach, else
    ~/.cache/footcoach. Not created here.
    """
    env = os.environ.get(MODEL_DIR_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "footcoach"


def write_zip_atomically(path: Path, members: Dict[str, bytes]) -> Path:
    """Write an uncompressed zip (a MediaPipe .task bundle) via temp + rename.

    Members are stored (not deflated) and 4-byte aligned so MediaPipe can mmap
    them. Concurrent writers are safe: each writes its own temp file and the
    final os.replace is atomic.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=str(path.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_STORED) as zf:
                for name, data in members.items():
                    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_STORED
                    # Align the member's data to 4 bytes with a padding extra
                    # field (id 0xD935, as Android's zipalign does). The local
                    # header is written where the previous member ended.
                    start = 30 + len(name.encode("utf-8")) + 4
                    pad = (-(fh.tell() + start)) % 4
                    info.extra = struct.pack("<HH", 0xD935, pad) + b"\0" * pad
                    zf.writestr(info, data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def is_valid_bundle(path: Path, members: Iterable[str]) -> bool:
    """True if ``path`` is a readable zip holding every name in ``members``."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if zf.testzip() is not None:
                return False
        return all(m in names for m in members)
    except (OSError, zipfile.BadZipFile):
        return False
