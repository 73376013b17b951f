"""The report's charts as matplotlib figures (and PNG bytes).

Figures are built with ``matplotlib.figure.Figure`` directly, never pyplot,
so nothing here touches a GUI backend or global figure state: safe in a web
server thread and under a headless test.
"""
from __future__ import annotations

import datetime as dt
import io
from typing import Dict, List

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from coach.reports.adherence import Adherence

STATUS_COLOURS: Dict[str, str] = {
    "done": "#2e8b57",
    "partial": "#f0a830",
    "missed": "#d9534f",
    "pending": "#9ecae1",
    "upcoming": "#eeeeee",
    "blocked": "#9e9ac8",
    "extra": "#41b6c4",
    "rest": "#ffffff",
}
STATUS_LABELS: Dict[str, str] = {
    "done": "done",
    "partial": "partial",
    "missed": "missed",
    "pending": "today, not yet",
    "upcoming": "to come",
    "blocked": "rest after surgery",
    "extra": "not prescribed, done",
    "rest": "nothing prescribed",
}
SLOT_COLOURS = {"morning": "#e6a100", "evening": "#3b5b92"}
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def png_bytes(fig: Figure, dpi: int = 110) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    return buf.getvalue()


def _empty(fig: Figure, title: str, message: str) -> Figure:
    ax = fig.add_subplot(1, 1, 1)
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#555555", transform=ax.transAxes)
    return fig


def calendar_figure(adherence: Adherence) -> Figure:
    """Weeks as columns, weekdays as rows; each day split: morning on top, evening below."""
    start = adherence.start - dt.timedelta(days=adherence.start.weekday())
    weeks = (adherence.end - start).days // 7 + 1
    fig = Figure(figsize=(min(2.0 + 0.55 * weeks, 11.0), 4.2))
    ax = fig.add_subplot(1, 1, 1)
    for s in adherence.slots:
        col = (s.day - start).days // 7
        row = s.day.weekday()
        y = row + (0.0 if s.slot == "morning" else 0.5)
        ax.add_patch(
            Rectangle((col, y), 0.94, 0.47, facecolor=STATUS_COLOURS[s.status], edgecolor="#bbbbbb", linewidth=0.5)
        )
    ax.set_xlim(-0.1, weeks + 0.04)
    ax.set_ylim(7.05, -0.05)
    ax.set_yticks([r + 0.5 for r in range(7)])
    ax.set_yticklabels(WEEKDAYS)
    ax.set_xticks([c + 0.47 for c in range(weeks)])
    ax.set_xticklabels([(start + dt.timedelta(weeks=c)).strftime("%d %b") for c in range(weeks)], fontsize=8)
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title("Sessions: morning (upper half) and evening (lower half) of each day")
    shown = [k for k in STATUS_COLOURS if any(s.status == k for s in adherence.slots)]
    ax.legend(
        handles=[Patch(facecolor=STATUS_COLOURS[k], edgecolor="#999999", label=STATUS_LABELS[k]) for k in shown],
        loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False,
    )
    return fig


def reps_figure(frame: pd.DataFrame) -> Figure:
    """Per exercise: repetitions in each session, with the prescribed range shaded."""
    exercises: List[str] = list(dict.fromkeys(frame["exercise"])) if len(frame) else []
    if not exercises:
        return _empty(Figure(figsize=(8, 2.5)), "Repetitions against the prescription", "No session in this period.")
    fig = Figure(figsize=(8.5, 2.3 * len(exercises) + 0.6))
    for i, name in enumerate(exercises):
        ax = fig.add_subplot(len(exercises), 1, i + 1)
        sub = frame[frame["exercise"] == name].sort_values("when")
        for slot, colour in SLOT_COLOURS.items():
            part = sub[sub["slot"] == slot]
            ax.plot(part["when"], part["reps"], marker="o", linestyle="-", color=colour, label=slot, markersize=4)
        lo = sub["reps_min"].dropna()
        hi = sub["reps_max"].dropna()
        if len(lo) and len(hi):
            ax.axhspan(float(lo.min()), float(hi.max()), color="#2e8b57", alpha=0.12, label="prescribed")
        ax.set_ylabel("repetitions")
        ax.set_ylim(bottom=0)
        ax.set_title(name, fontsize=10, loc="left")
        ax.grid(axis="y", alpha=0.3)
        ax.legend(fontsize=7, loc="upper left", frameon=False, ncols=3)
        ax.tick_params(axis="x", labelsize=8)
    fig.suptitle("Repetitions against the prescription")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def rom_figure(frame: pd.DataFrame) -> Figure:
    """Per exercise: the mean and largest range of its repetitions, session by session."""
    exercises: List[str] = list(dict.fromkeys(frame["exercise_id"])) if len(frame) else []
    if not exercises:
        return _empty(Figure(figsize=(8, 2.5)), "Range of motion", "No repetition in this period.")
    fig = Figure(figsize=(8.5, 2.3 * len(exercises) + 0.6))
    for i, exercise_id in enumerate(exercises):
        ax = fig.add_subplot(len(exercises), 1, i + 1)
        sub = frame[frame["exercise_id"] == exercise_id].sort_values("when")
        ax.plot(sub["when"], sub["range_mean"], marker="o", color="#3b5b92", label="mean", markersize=4)
        ax.plot(sub["when"], sub["range_max"], marker="^", linestyle=":", color="#888888", label="largest", markersize=4)
        unit = str(sub["unit"].iloc[0]) if len(sub) else ""
        ax.set_ylabel(unit or "range")
        ax.set_title(str(sub["exercise"].iloc[0]), fontsize=10, loc="left")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="upper left", frameon=False, ncols=2)
        ax.tick_params(axis="x", labelsize=8)
    fig.suptitle("Range of motion per repetition")
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


def pain_figure(frame: pd.DataFrame) -> Figure:
    """Pain (0 to 10) before and after each session."""
    if not len(frame):
        return _empty(Figure(figsize=(8, 2.5)), "Pain before and after", "No session in this period.")
    fig = Figure(figsize=(8.5, 3.0))
    ax = fig.add_subplot(1, 1, 1)
    sub = frame.sort_values("when")
    ax.plot(sub["when"], sub["pain_before"], marker="o", color="#f0a830", label="before", markersize=4)
    after = sub.dropna(subset=["pain_after"])
    ax.plot(after["when"], after["pain_after"].astype(float), marker="s", color="#d9534f", label="after", markersize=4)
    ax.set_ylim(-0.3, 10.3)
    ax.set_ylabel("pain (0 to 10)")
    ax.set_title("Pain before and after each session", fontsize=10, loc="left")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", frameon=False, ncols=2)
    ax.tick_params(axis="x", labelsize=8)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig
