"""Regenerates the golden landmark files from the real footage.

    FOOTCOACH_FOOTAGE=../shared/footage .venv/bin/python -m tests.make_golden

Run it only when a change of model or preprocessing is intended; the diff of
the golden files then shows what moved.
"""
import json
import os
from pathlib import Path

import cv2

from coach.perception.mediapipe_pose import create_pose_detector

GOLDEN_DIR = Path(__file__).with_name("golden")
PHOTOS = ["body_yoga_warrior_barefoot_beach.jpg", "body_standing_frisbee_throw.jpg", "body_sitting_ground_sneakers.jpg"]


def pose_of(photo: Path):
    bgr = cv2.imread(str(photo), cv2.IMREAD_COLOR)
    rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
    with create_pose_detector() as detector:
        return detector.detect(rgb, 0.0), rgb.shape[1], rgb.shape[0]


def main() -> None:
    footage = Path(os.environ["FOOTCOACH_FOOTAGE"])
    GOLDEN_DIR.mkdir(exist_ok=True)
    for name in PHOTOS:
        pose, w, h = pose_of(footage / name)
        rows = [[round(v, 4) for v in row] for row in pose]
        out = GOLDEN_DIR / (Path(name).stem + ".pose.json")
        out.write_text(json.dumps({"photo": name, "w": w, "h": h, "pose": rows}, indent=0) + "\n")
        print("wrote", out)


if __name__ == "__main__":
    main()
