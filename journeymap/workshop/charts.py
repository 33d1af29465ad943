"""Plotly figures for journeys and personas, as pure functions (no Streamlit).

- `journey_figure`: the area's network as the Network page draws it (`charts`, `layout`), her
  path through mapped services drawn over it in order, the contacts that did not help her
  onward marked.
- `feeling_figure`: how each step felt, from very bad to very good, across her steps.
- `barrier_figure`: barriers met across all journeys; only counts of 5 or more are drawn (the
  small-number rule), the rest are named in the subtitle as "fewer than 5".

Text from data files and workshops goes through `charts.esc`, so plotly shows it as typed and
never reads it as markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx
import plotly.graph_objects as go

from journeymap.labels import FEELING_WORDS
from journeymap.models import Journey
from journeymap.outputs.charts import Highlight, NetworkView, esc, network_figure
from journeymap.outputs.layout import route_layout
from journeymap.workshop.pooled import SMALL, Pooled

__all__ = [
    "barrier_figure",
    "feeling_figure",
    "journey_figure",
]


HER_PATH = "#b3127a"
MISSED = "#d62728"


def journey_figure(
    G: nx.MultiDiGraph,
    journey: Journey,
    nodes: Sequence[str],
    missed_steps: Sequence[int] = (),
) -> go.Figure:
    """Her path over the network of `nodes` (e.g. her area plus national services).

    The network is drawn as on the Network page (`charts.network_figure` over the route
    layout: columns by hand-offs to treatment, treatment on the left), with the services she
    went to in full colour and the rest faded. Her mapped steps are joined in order and
    numbered; `missed_steps` (step numbers) are ringed as contacts that did not help her onward.
    Steps at places not on the map are not drawn (the feeling curve shows every step).
    Returns a plotly Figure. Cost: O(services + links drawn).
    """
    mapped = [s for s in journey.steps if s.service in G]
    nodes = list(dict.fromkeys([*nodes, *(s.service for s in mapped)]))
    pos, columns = route_layout(G, nodes)
    highlight = Highlight(
        services=frozenset(s.service for s in mapped), label=f"journey {journey.code}"
    )
    fig = network_figure(G, nodes, pos, NetworkView(highlight=highlight, columns=columns))
    fig.add_trace(
        go.Scatter(
            x=[pos[s.service][0] for s in mapped],
            y=[pos[s.service][1] for s in mapped],
            mode="lines+markers+text",
            line={"color": HER_PATH, "width": 4},
            marker={"size": 12, "color": HER_PATH},
            text=[str(s.step) for s in mapped],
            textposition="top center",
            textfont={"size": 16, "color": HER_PATH},
            hovertext=[f"Step {s.step}: {esc(G.nodes[s.service]['name'])}" for s in mapped],
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
                marker={"size": 30, "symbol": "circle-open", "color": MISSED, "line": {"width": 3}},
                hovertext=[
                    f"Step {s.step}: {esc(G.nodes[s.service]['name'])} did not help her onward"
                    for s in missed
                ],
                hoverinfo="text",
                name="missed opportunity",
            )
        )
    return fig


def feeling_figure(journey: Journey, labels: Mapping[int, str]) -> go.Figure:
    """How each step felt (-2 to 2) in step order; `labels` maps step number → place name.

    Steps with no feeling recorded are gaps in the line. Returns a plotly Figure.
    """
    steps = journey.steps
    fig = go.Figure(
        go.Scatter(
            x=[f"{s.step}. {esc(labels.get(s.step, ''))}" for s in steps],
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
            y=[esc(b.label) for b in big],
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
