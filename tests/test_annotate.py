"""The overlay a person sees on the video."""
import numpy as np
import pytest

from coach.annotate import annotate, draw_hud
from coach.records import Frame


@pytest.mark.parametrize("width,height", [(640, 480), (320, 240), (1280, 720)])
def test_long_feedback_stays_inside_the_frame(width, height):
    image = np.zeros((height, width, 3), np.uint8)
    message = "Paused. Your count is kept. Show an open palm or press Resume to carry on with the set."
    draw_hud(image, 5, "Heel raise", 0.5, 5, message)
    band = image[height - int(30 * height / 480):height - 2]
    lit = np.where(band.max(axis=(0, 2)) > 200)[0]
    assert lit.size and lit.max() < width - 4


def test_count_and_progress_are_drawn():
    blank = np.zeros((480, 640, 3), np.uint8)
    done = blank.copy()
    draw_hud(done, 5, "Heel raise", 1.0, 5)
    half = blank.copy()
    draw_hud(half, 2, "Heel raise", 0.0, 5)
    bar = (slice(44, 56), slice(12, 628))
    # The set's progress bar is full at 5 of 5 and shorter at 2 of 5.
    assert (done[bar][..., 1] > 150).sum() > 2 * (half[bar][..., 1] > 150).sum()


def test_annotate_without_a_person_only_draws_the_hud():
    image = np.zeros((480, 640, 3), np.uint8)
    annotate(image, Frame(t=0.0, w=640, h=480), 0, "Heel raise", 0.0, 5)
    assert image[200:400, 100:600].max() == 0
