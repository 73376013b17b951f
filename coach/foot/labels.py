"""Hand labels of the real foot photos (the project's own, made by eye).

The photos are not in the repository: tests read them from FOOTCOACH_FOOTAGE.
``OUTLINES`` are rough foot-and-leg outlines (about 8 px accurate), used as the
ground truth for segmentation and to stand for the on-screen outline a user
places the foot in. ``TOE_TIPS`` are the five toe tips, big toe first, where
all five are visible (top views). Coordinates are pixels of the 480x640 photos.
"""
from __future__ import annotations

from typing import Dict, List, Tuple

OUTLINES: Dict[str, List[Tuple[int, int]]] = {
    "feet_barefoot_topview_concrete_2.png": [
        (275, 192), (290, 200), (295, 220), (292, 260), (290, 300), (290, 340), (292, 380), (290, 420),
        (285, 470), (270, 520), (250, 560), (230, 600), (210, 640), (60, 640), (110, 580), (160, 540),
        (195, 500), (205, 460), (200, 420), (195, 380), (190, 340), (188, 300), (195, 270), (200, 257),
        (215, 227), (232, 210), (248, 197), (262, 190)],
    "feet_barefoot_topview_carpet_4.png": [
        (252, 210), (268, 215), (280, 240), (285, 280), (285, 320), (288, 360), (290, 400), (292, 440),
        (290, 480), (285, 520), (260, 560), (200, 590), (120, 620), (80, 640), (0, 640), (0, 610),
        (60, 580), (120, 540), (160, 500), (185, 460), (190, 420), (185, 380), (182, 340), (185, 300),
        (195, 283), (203, 265), (217, 243), (230, 223), (240, 212)],
    "feet_barefoot_white_tile_3.png": [
        (195, 140), (215, 142), (235, 165), (255, 200), (265, 230), (275, 260), (285, 300), (300, 340),
        (330, 370), (380, 395), (430, 410), (480, 420), (480, 640), (330, 640), (300, 560), (250, 470),
        (200, 450), (165, 420), (160, 390), (170, 350), (175, 300), (172, 250), (175, 200), (180, 160)],
    "feet_barefoot_wood_floor_1.png": [
        (232, 208), (250, 208), (262, 225), (275, 260), (285, 300), (295, 330), (310, 380), (340, 410),
        (390, 440), (440, 470), (470, 490), (480, 520), (480, 640), (280, 640), (230, 600), (190, 570),
        (172, 540), (175, 480), (185, 420), (195, 360), (200, 300), (205, 260), (215, 230)],
}

TOE_TIPS: Dict[str, List[Tuple[int, int]]] = {
    "feet_barefoot_topview_concrete_2.png": [(275, 191), (248, 197), (232, 210), (215, 227), (202, 257)],
    "feet_barefoot_topview_carpet_4.png": [(252, 210), (230, 223), (217, 243), (203, 265), (195, 283)],
}

# The toe end (farthest point of the foot) on every photo with a visible foot.
TOE_END: Dict[str, Tuple[int, int]] = {
    "feet_barefoot_topview_concrete_2.png": (275, 191),
    "feet_barefoot_topview_carpet_4.png": (252, 210),
    "feet_barefoot_white_tile_3.png": (205, 141),
    "feet_barefoot_wood_floor_1.png": (240, 207),
}
