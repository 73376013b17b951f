"""The foot tracker on a phone's 4K picture: the same counts as on a webcam's,
its half-size grey frame held to a webcam's size. Needs the real foot photos
(FOOTCOACH_FOOTAGE): skipped without them, except under CI=true."""
from __future__ import annotations

import pytest

from tests.conftest import footage_or_skip

cv2 = pytest.importorskip("cv2")


def test_a_4k_towel_clip_counts_as_at_webcam_size(monkeypatch):
    footage_or_skip()
    from coach.engine.runner import count_frames
    from coach.foot import synth, tracker
    from exercises import get_exercise

    widths = []
    follow = tracker.TipTracker.update

    def seen(self, gray, *args, **kwargs):
        widths.append(gray.shape[1])
        return follow(self, gray, *args, **kwargs)

    monkeypatch.setattr(tracker.TipTracker, "update", seen)
    concrete, _ = synth.TOP_PHOTOS
    clip = synth.towel_clip(concrete, 4, 200)
    frames = clip.frames
    counts = {}
    for scale in (1, 6):
        foot = tracker.FootTracker(clip.scene)
        records = [foot.process(t, cv2.resize(img, None, fx=scale, fy=scale) if scale > 1 else img, rgb=False)
                   for t, img in frames]
        counts[scale] = count_frames(get_exercise("towel_gather"), records).reps
    assert frames[0][1].shape[1] == 640
    assert counts == {1: clip.reps, 6: clip.reps}
    # 640 wide: half of it, 320; 3840 wide: held to 640, not 1920
    assert widths and set(widths) == {320, tracker.HALF_MAX_WIDTH}
