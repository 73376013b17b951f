"""The sketch of where to put the camera agrees with each exercise's own placement text."""
from __future__ import annotations

import re

import pytest

from coach.app.common import camera_picture
from exercises import all_exercises

SPECS = all_exercises()


def _texts(svg: str) -> list:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _title(svg: str) -> str:
    return _texts(svg)[-1]


@pytest.mark.parametrize("exercise_id", sorted(SPECS))
def test_the_sketch_puts_the_camera_where_the_exercise_says(exercise_id):
    spec = SPECS[exercise_id]
    svg = camera_picture(spec.view, spec.foot_camera)
    title = _title(svg)
    # at 13 px on a 320 px sketch, longer titles are cut off at the right edge
    assert len(title) <= 44
    placement = spec.camera.lower()
    if spec.view == "foot" and spec.foot_camera == "side":
        assert "beside the foot" in title and "to the side of your foot" in placement
    elif spec.view == "foot":
        assert "above the feet" in title.lower() and "above" in placement
    else:
        # the body view's placements differ (knee height, a chair, the floor):
        # the sketch names none, so it contradicts none
        assert "head to feet" in title
        words = " ".join(_texts(svg)).lower()
        assert not re.search(r"\d\s*m\b|height", words), f"a height or distance in the body sketch: {words}"
