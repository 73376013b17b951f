"""Vega-Lite (Altair) charts for the therapist's page, from the report frames.

The same frames feed the PDF's matplotlib figures (``coach.reports.charts``),
so the page and the report show the same numbers.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from coach.reports.charts import SLOT_COLOURS, STATUS_COLOURS, STATUS_LABELS

_STATUS_ORDER = list(STATUS_COLOURS)
# The legend says what each status means, in the words of the PDF's legend.
_LABEL_EXPR = "{" + ", ".join(f"'{k}': '{v}'" for k, v in STATUS_LABELS.items()) + "}[datum.label]"


def calendar_chart(frame: pd.DataFrame) -> alt.Chart:
    """One column per day, a row for the morning and one for the evening, coloured by status."""
    df = frame.copy()
    df["date"] = df["day"].dt.strftime("%Y-%m-%d")
    df["weekday"] = df["day"].dt.strftime("%a %d %b")
    df["meaning"] = df["status"].map(STATUS_LABELS)
    shown = [s for s in _STATUS_ORDER if (df["status"] == s).any()]
    return (
        alt.Chart(df)
        .mark_rect(stroke="#bbbbbb", strokeWidth=0.5)
        .encode(
            x=alt.X("date:O", title=None, axis=alt.Axis(labelAngle=-60, labelExpr="slice(datum.label, 5)")),
            y=alt.Y("slot:N", title=None, sort=["morning", "evening"]),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=shown, range=[STATUS_COLOURS[s] for s in shown]),
                legend=alt.Legend(title=None, orient="bottom", direction="horizontal", labelExpr=_LABEL_EXPR),
            ),
            tooltip=[alt.Tooltip("weekday:N", title="Day"), "slot:N", alt.Tooltip("meaning:N", title="Status"),
                     alt.Tooltip("reps:Q", title="Repetitions")],
        )
        .properties(height=alt.Step(26))
    )


def reps_chart(frame: pd.DataFrame) -> alt.FacetChart:
    """Per exercise: repetitions per session, the prescribed range as a band."""
    df = frame.copy()
    df["slot_colour"] = df["slot"]
    band = (
        alt.Chart()
        .mark_area(opacity=0.15, color="#2e8b57")
        .encode(x="when:T", y=alt.Y("reps_min:Q", title="repetitions"), y2="reps_max:Q")
    )
    line = (
        alt.Chart()
        .mark_line(point=True)
        .encode(
            x=alt.X("when:T", title=None),
            y=alt.Y("reps:Q", title="repetitions"),
            color=alt.Color("slot:N", scale=alt.Scale(domain=list(SLOT_COLOURS), range=list(SLOT_COLOURS.values())),
                            legend=alt.Legend(title="Session", orient="top")),
            tooltip=[alt.Tooltip("when:T", title="Started", format="%d %b %H:%M"), "slot:N", "reps:Q",
                     "full_reps:Q", "reps_min:Q", "reps_max:Q"],
        )
    )
    return (
        alt.layer(band, line, data=df)
        .properties(height=130, width=700)
        .facet(row=alt.Row("exercise:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")))
        .resolve_scale(y="independent")
    )


def rom_chart(frame: pd.DataFrame) -> alt.FacetChart:
    """Per exercise: mean range of its repetitions per session, the largest as a dotted line."""
    df = frame.copy()
    df["label"] = df["exercise"] + df["unit"].map(lambda u: f" ({u})" if u else "")
    long = df.melt(id_vars=["when", "label", "slot"], value_vars=["range_mean", "range_max"], var_name="measure",
                   value_name="range")
    long["measure"] = long["measure"].map({"range_mean": "mean", "range_max": "largest"})
    return (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("when:T", title=None),
            y=alt.Y("range:Q", title="range", scale=alt.Scale(zero=False)),
            strokeDash=alt.StrokeDash("measure:N", legend=alt.Legend(title=None, orient="top")),
            tooltip=[alt.Tooltip("when:T", title="Started", format="%d %b %H:%M"), "measure:N",
                     alt.Tooltip("range:Q", format=".1f")],
        )
        .properties(height=130, width=700)
        .facet(row=alt.Row("label:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")))
        .resolve_scale(y="independent")
    )


def pain_chart(frame: pd.DataFrame) -> alt.Chart:
    """Pain before and after each session, 0 to 10."""
    df = frame[["when", "slot", "pain_before", "pain_after"]].copy()
    df["pain_after"] = df["pain_after"].astype("float")
    long = df.melt(id_vars=["when", "slot"], value_vars=["pain_before", "pain_after"], var_name="moment",
                   value_name="pain").dropna(subset=["pain"])
    long["moment"] = long["moment"].map({"pain_before": "before", "pain_after": "after"})
    return (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("when:T", title=None),
            y=alt.Y("pain:Q", title="pain (0 to 10)", scale=alt.Scale(domain=[0, 10])),
            color=alt.Color("moment:N", scale=alt.Scale(domain=["before", "after"], range=["#f0a830", "#d9534f"]),
                            legend=alt.Legend(title=None, orient="top")),
            tooltip=[alt.Tooltip("when:T", title="Started", format="%d %b %H:%M"), "slot:N", "moment:N", "pain:Q"],
        )
        .properties(height=240, width="container")
    )
