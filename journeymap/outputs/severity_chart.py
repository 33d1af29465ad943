"""Findings by category and severity, as a bar chart (a pure function; no Streamlit).

Severities differ in fill pattern as well as colour, so the chart reads without colour; the
Overview shows it beside a table of the same counts (`tables.severity_table`).
"""

from __future__ import annotations

from collections.abc import Iterable

import plotly.graph_objects as go

from journeymap.labels import SEVERITY_COLOURS
from journeymap.models import Finding
from journeymap.outputs.charts import FONT

__all__ = ["severity_figure"]

SEVERITY_PATTERNS = {"high": "", "medium": "/", "low": "."}


def severity_figure(findings: Iterable[Finding]) -> go.Figure:
    """Findings counted by category, one bar segment per severity (colour and fill pattern).

    Returns a horizontal stacked bar chart, categories with the most findings at the top.
    Cost: O(findings).
    """
    counts: dict[str, dict[str, int]] = {}
    for f in findings:
        counts.setdefault(f.category, {"high": 0, "medium": 0, "low": 0})[f.severity] += 1
    order = sorted(counts, key=lambda c: (sum(counts[c].values()), c))
    total = sum(sum(c.values()) for c in counts.values())
    fig = go.Figure()
    for severity in ("high", "medium", "low"):
        fig.add_trace(
            go.Bar(
                y=[c.replace("_", " ") for c in order],
                x=[counts[c][severity] for c in order],
                orientation="h",
                name=severity,
                marker={
                    "color": SEVERITY_COLOURS[severity],
                    "pattern": {
                        "shape": SEVERITY_PATTERNS[severity],
                        "fillmode": "overlay",
                        "fgcolor": "#000000",
                        "fgopacity": 0.45,
                        "size": 7,
                        "solidity": 0.15,
                    },
                    "line": {"color": "#000000", "width": 0.5},
                },
                hovertemplate="%{y}: %{x} " + severity + "<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        font=FONT,
        height=max(220, 40 * len(order) + 120),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={
            "title": {"text": "Severity"},
            "orientation": "h",
            "y": 1.02,
            "yanchor": "bottom",
            "traceorder": "normal",
        },
        xaxis={"title": {"text": "findings"}, "dtick": 1 if total < 20 else None},
        plot_bgcolor="#FFFFFF",
    )
    return fig
