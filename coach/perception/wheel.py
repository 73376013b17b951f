"""The models shipped inside the mediapipe wheel: the only ones we can load offline."""
from __future__ import annotations

import os
from pathlib import Path

import mediapipe as mp

from coach.perception.base import PerceptionError


def wheel_model(rel: str) -> Path:
    """Path of ``mediapipe/modules/<rel>`` in the installed wheel."""
    path = Path(os.path.dirname(mp.__file__)) / "modules" / rel
    if not path.is_file():
        raise PerceptionError(
            f"model {rel} not found in the mediapipe wheel ({mp.__version__}); "
            "install mediapipe==0.10.21, the last release that bundles its models"
        )
    return path
