"""Plotly figures for journeys and personas, as pure functions (no Streamlit).

- `journey_figure`: the area's network drawn faintly, her path through mapped services drawn
  over it in order, the contacts that did not help her onward marked.
- `feeling_figure`: how each step felt, from very bad to very good, across her steps.
- `barrier_figure`: barriers met across all journeys; only counts of 5 or more are drawn (the
  small-number rule), the rest are named in the subtitle as "fewer than 5".

Text from data files goes into figures as plain strings (plotly escapes it), never as HTML.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx
import plotly.graph_objects as go

from .models import Journey
from .pooled import SMALL, Pooled

__all__ = [
    "FEELING_WORDS",
    "barrier_figure",
    "feeling_figure",
    "journey_figure",
    "positions",
]

#: The five-point scale, as the workshop page shows it: a face and a word.
FEELING_WORDS: dict[int, str] = {
    -2: "😣 Very bad",
    -1: "🙁 Bad",
    0: "😐 Okay",
    1: "🙂 Good",
    2: "😊 Very good",
}

HER_PATH = "#b3127a"
MISSED = "#d62728"
NETWORK = "#c8c8c8"


def positions(G: nx.MultiDiGraph, nodes: Sequence[str]) -> dict[str, tuple[float, float]]:
    """x, y for each node: longitude and latitude when every node has them, else a spring
    layout (seeded, so the same map always looks the same). Cost: O(V + E) per layout pass.
    """
    coords = {n: (G.nodes[n].get("longitude"), G.nodes[n].get("latitude")) for n in nodes}
    if nodes and all(x is not None and y is not None for x, y in coords.values()):
        return {n: (float(x), float(y)) for n, (x, y) in coords.items()}
    sub = nx.Graph(G.subgraph(nodes))
    layout = nx.spring_layout(sub, seed=7) if len(sub) else {}
    return {n: (float(p[0]), float(p[1])) for n, p in layout.items()}


def journey_figure(
    G: nx.MultiDiGraph,
    journey: Journey,
    nodes: Sequence[str],
    missed_steps: Sequence[int] = (),
) -> go.Figure:
    """Her path over the network of `nodes` (e.g. her area plus national services).

    Steps at places not on the map are left out of the drawing (the feeling curve shows every
    step); consecutive mapped steps are joined in order. `missed_steps` are step numbers to
    mark as contacts that did not help her onward. Returns a plotly Figure.
    """
    mapped = [s for s in journey.steps if s.service in G]
    nodes = list(dict.fromkeys([*nodes, *(s.service for s in mapped)]))
    pos = positions(G, nodes)
    fig = go.Figure()
    ex: list[float | None] = []
    ey: list[float | None] = []
    for u, v in nx.Graph(G.subgraph(nodes)).edges():
        ex += [pos[u][0], pos[v][0], None]
        ey += [pos[u][1], pos[v][1], None]
    fig.add_trace(
        go.Scatter(x=ex, y=ey, mode="lines", line={"color": NETWORK, "width": 1}, name="links")
    )
    others = [n for n in nodes if n not in {s.service for s in mapped}]
    fig.add_trace(
        go.Scatter(
            x=[pos[n][0] for n in others],
            y=[pos[n][1] for n in others],
            mode="markers",
            marker={"size": 8, "color": NETWORK},
            text=[str(G.nodes[n]["name"]) for n in others],
            hoverinfo="text",
            name="other services",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[pos[s.service][0] for s in mapped],
            y=[pos[s.service][1] for s in mapped],
            mode="lines+markers+text",
            line={"color": HER_PATH, "width": 4},
            marker={"size": 16, "color": HER_PATH},
            text=[str(s.step) for s in mapped],
            textposition="top center",
            hovertext=[f"Step {s.step}: {G.nodes[s.service]['name']}" for s in mapped],
            hoverinfo="text",
            name=f"journey {journey.code}",
        )
    )
    missed = [s for s in mapped if s.step in set(missed_steps)]
    if missed:
        fig.add_trace(
            go.Scatter(
                x=[pos[s.service][0] for s in missed],
                y=[pos[s.service][1] for s in missed],
                mode="markers",
                marker={"size": 26, "symbol": "circle-open", "color": MISSED, "line": {"width": 3}},
                hovertext=[
                    f"Step {s.step}: {G.nodes[s.service]['name']} did not help her onward"
                    for s in missed
                ],
                hoverinfo="text",
                name="missed opportunity",
            )
        )
    fig.update_layout(
        showlegend=True,
        legend={"orientation": "h"},
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x"},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        height=520,
    )
    return fig


def feeling_figure(journey: Journey, labels: Mapping[int, str]) -> go.Figure:
    """How each step felt (-2 to 2) in step order; `labels` maps step number → place name.

    Steps with no feeling recorded are gaps in the line. Returns a plotly Figure.
    """
    steps = journey.steps
    fig = go.Figure(
        go.Scatter(
            x=[f"{s.step}. {labels.get(s.step, '')}" for s in steps],
            y=[s.feeling for s in steps],
            mode="lines+markers",
            line={"color": HER_PATH, "width": 3, "shape": "spline"},
            marker={"size": 12},
            connectgaps=False,
            name="how it felt",
        )
    )
    fig.update_layout(
        yaxis={
            "range": [-2.4, 2.4],
            "tickvals": list(FEELING_WORDS),
            "ticktext": list(FEELING_WORDS.values()),
            "zeroline": True,
        },
        xaxis={"type": "category"},
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        height=360,
    )
    return fig


def barrier_figure(pooled: Pooled) -> go.Figure:
    """Barriers met by 5 or more journeys as bars; the others named as 'fewer than 5'."""
    big = [b for b in pooled.barriers if b.journeys >= SMALL]
    small = [b.label for b in pooled.barriers if b.journeys < SMALL]
    fig = go.Figure(
        go.Bar(
            x=[b.journeys for b in big],
            y=[b.label for b in big],
            orientation="h",
            marker={"color": HER_PATH},
            name="journeys",
        )
    )
    title = "What got in the way, by number of journeys"
    if small:
        title += f"<br><sub>Fewer than 5 journeys each: {len(small)} more barriers</sub>"
    fig.update_layout(
        title=title,
        yaxis={"autorange": "reversed"},
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        height=120 + 36 * max(1, len(big)),
    )
    return fig
