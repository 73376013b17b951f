"""The regimen rules, on plain dates."""
import datetime as dt

import pytest

from coach.engine import regimen as R
from coach.engine.regimen import PlanItem, Regimen, set_verdict, slot_for, today_plan, volume_phase

D = dt.date
ITEMS = (PlanItem("heel_raise", 5, 7, 2), PlanItem("toe_spread", 5, 7, 1))


def reg(**kw):
    base = dict(exercises=ITEMS, course_start=D(2024, 3, 1), course_end=D(2024, 3, 28),
                break_start=D(2024, 3, 29), break_end=D(2024, 4, 28))
    base.update(kw)
    return Regimen(**base)


def test_an_ordinary_course_day_has_every_exercise_at_full_volume():
    plan = today_plan(reg(), D(2024, 3, 10), "morning")
    assert plan.go and plan.status == R.GO
    assert plan.items == ITEMS
    assert plan.phase.phase == R.FULL
    assert plan.course_day == 10


def test_the_first_days_of_a_course_are_short():
    plan = today_plan(reg(), D(2024, 3, 2), "evening")
    assert plan.go
    assert [i.sets for i in plan.items] == [1, 1]
    assert "first days" in plan.reason


@pytest.mark.parametrize("days", [0, 1, 7, 13])
def test_no_session_in_the_first_two_weeks_after_surgery_and_why(days):
    surgery = D(2024, 2, 1)
    day = surgery + dt.timedelta(days=days)
    plan = today_plan(reg(surgery_date=surgery, course_start=surgery), day, "morning")
    assert plan.status == R.REST_AFTER_SURGERY and not plan.go
    assert plan.items == ()
    assert "rest and heal" in plan.reason and "2024-02-15" in plan.reason
    assert plan.phase.week == days // 7 + 1


@pytest.mark.parametrize("days,top", [(14, 5), (27, 5), (28, 6), (41, 6)])
def test_weeks_3_to_6_after_surgery_are_moderate_and_grow(days, top):
    surgery = D(2024, 1, 1)
    day = surgery + dt.timedelta(days=days)
    plan = today_plan(reg(surgery_date=surgery, course_start=surgery + dt.timedelta(days=14),
                          course_end=D(2024, 3, 28)), day, "morning")
    assert plan.go and plan.phase.phase == R.MODERATE
    assert all(i.sets == 1 and i.reps_min == 5 and i.reps_max == top for i in plan.items)


def test_full_volume_from_six_weeks_after_surgery():
    surgery = D(2024, 1, 1)
    assert volume_phase(surgery, surgery + dt.timedelta(days=41)).phase == R.MODERATE
    assert volume_phase(surgery, surgery + dt.timedelta(days=42)).phase == R.FULL
    assert volume_phase(None, D(2024, 1, 1)).phase == R.FULL
    assert volume_phase(surgery, D(2023, 12, 1)).phase == R.FULL  # surgery still ahead


def test_break_then_the_cycle_repeats():
    r = reg()
    assert today_plan(r, D(2024, 4, 10), "morning").status == R.BREAK
    assert today_plan(r, D(2024, 2, 20), "morning").status == R.NOT_STARTED
    # Cycle: 28 course days + 31 break days = 59 days; day 59 starts course two.
    again = today_plan(r, D(2024, 3, 1) + dt.timedelta(days=59), "morning")
    assert again.go and again.course_day == 1
    later_break = today_plan(r, D(2024, 3, 1) + dt.timedelta(days=59 + 30), "morning")
    assert later_break.status == R.BREAK


def test_a_course_without_a_break_finishes():
    plan = today_plan(reg(break_start=None, break_end=None), D(2024, 4, 2), "morning")
    assert plan.status == R.FINISHED and "therapist" in plan.reason


def test_morning_only_prescription_has_no_evening_session():
    plan = today_plan(reg(evening=False), D(2024, 3, 10), "evening")
    assert plan.status == R.NO_SLOT and "morning" in plan.reason
    assert today_plan(reg(evening=False), D(2024, 3, 10), "morning").go


def test_slot_from_time_of_day():
    assert slot_for(dt.time(7, 30)) == "morning"
    assert slot_for(dt.time(13, 59)) == "morning"
    assert slot_for(dt.time(19, 0)) == "evening"
    with pytest.raises(ValueError):
        today_plan(reg(), D(2024, 3, 10), "noon")


def test_set_done_at_five_stop_at_seven_and_suggest_another_set_when_easy():
    item = PlanItem("heel_raise")
    assert not set_verdict(4, item).done
    v5 = set_verdict(5, item)
    assert v5.done and not v5.stop and not v5.suggest_another
    v7 = set_verdict(7, item, full_share=1.0)
    assert v7.done and v7.stop and v7.suggest_another and "another set" in v7.message
    assert not set_verdict(7, item, full_share=0.5).suggest_another
    assert set_verdict(5, item, easy=True).suggest_another
    assert not set_verdict(7, item, easy=True, phase=R.MODERATE).suggest_another


def test_from_prescription_and_free_practice():
    class P:
        exercises = (type("E", (), {"exercise_id": "heel_raise", "reps_min": 5, "reps_max": 7, "sets": 2})(),)
        morning, evening = True, False
        course_start, course_end = D(2024, 1, 1), D(2024, 1, 28)
        break_start = break_end = surgery_date = None

    r = Regimen.from_prescription(P)
    assert r.exercises == (PlanItem("heel_raise", 5, 7, 2),) and r.slots == ("morning",)
    free = Regimen.free_practice(["a", "b"])
    assert today_plan(free, D(2030, 1, 1), "evening").go
    with pytest.raises(ValueError):
        PlanItem("x", 7, 5)
