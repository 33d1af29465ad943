"""Where each service sits in a drawing: three layouts, computed once per map and area.

- `route_layout` (the default): columns by fewest hand-offs to treatment, treatment on the
  left, then services treatment works inside (co-location), then services 1, 2, 3… hand-offs
  away, and a last column of services with no route at all. It reads left to right as "how
  far is she from help", and stays readable at 500 services because every column is a short
  list rather than a hairball. `route_columns` decides the columns and their order, for the
  app and the board report alike; `page_layout` places them on the board report's picture.
- `spring_layout`: a force-directed drawing (Fruchterman–Reingold, fixed seed so the same map
  always looks the same). networkx's own version needs scipy from 500 nodes on; this one is
  plain numpy: O(n²) per iteration, about 1 s for 500 services on a small machine.
- `geo_layout`: longitude and latitude, for services that have them.

Each gives {service id: (x, y)} (`route_layout` with the column titles, `page_layout` with the
page's headings and size); callers cache the result (the app keys it on the map's digest).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np

from journeymap.graph.ends import reach
from journeymap.vocab import GROUPS

__all__ = [
    "PageLayout",
    "Positions",
    "RouteColumn",
    "geo_layout",
    "page_layout",
    "route_columns",
    "route_layout",
    "spring_layout",
]

Positions = dict[str, tuple[float, float]]

#: More services than this in one column are spread over side-by-side lanes.
LANE_SIZE = 30
_GROUP_ORDER = {g: i for i, g in enumerate(GROUPS)}


@dataclass(frozen=True)
class RouteColumn:
    """One column of the hand-off layout: its title and its services, top to bottom, in lanes
    (side by side) of at most `LANE_SIZE`."""

    title: str
    lanes: tuple[tuple[str, ...], ...]
    no_route: bool = False

    @property
    def members(self) -> tuple[str, ...]:
        """The column's services in order, lane after lane."""
        return tuple(n for lane in self.lanes for n in lane)


def route_columns(
    G: nx.MultiDiGraph, nodes: Collection[str], dist: Mapping[str, int] | None = None
) -> list[RouteColumn]:
    """The columns of the hand-off layout, left to right, each with its services in order.

    This one function decides which column a service goes in and where in it, so the app's
    network page (`route_layout`) and the board report put the same service in the same place.
    Columns: "treatment"; "treatment on site" (0 hand-offs: treatment works inside the
    service, so she is seen where she already is); "1 hand-off", "2 hand-offs", … (fewest
    hand-offs over the whole map, as the analyses count them); "no route to treatment". Empty
    columns are left out. Within a column services go by group, then by the mean height of
    their neighbours in the columns before (fewer crossing lines), then by name; a column of
    more than `LANE_SIZE` is cut into equal lanes. `dist` is `ends.reach(G)`
    when the caller has it already. Cost: O(V + E) for the hand-offs (none when `dist` is
    given), plus sorting each column.
    """
    if dist is None:
        dist = reach(G)
    steps = [dist[n] for n in nodes if n in dist]
    far = max(steps, default=0) + 1
    grouped: dict[int, list[str]] = defaultdict(list)
    for n in nodes:
        d = dist.get(n)
        if G.nodes[n]["treatment"]:
            grouped[-1].append(n)
        else:
            grouped[far if d is None else d].append(n)
    height: dict[str, float] = {}  # row of each service placed so far, centred, top highest
    undirected = G.to_undirected(as_view=True)

    def neighbours_height(n: str) -> float:
        ys = [height[m] for m in undirected.neighbors(n) if m in height]
        return sum(ys) / len(ys) if ys else 0.0

    columns = []
    for col in sorted(grouped):
        members = sorted(
            grouped[col],
            key=lambda n: (
                not G.nodes[n]["treatment"],
                _GROUP_ORDER.get(G.nodes[n]["group"], 99),
                -neighbours_height(n),
                str(G.nodes[n]["name"]).lower(),
            ),
        )
        per_lane = math.ceil(len(members) / math.ceil(len(members) / LANE_SIZE))
        lanes = tuple(tuple(members[i : i + per_lane]) for i in range(0, len(members), per_lane))
        for lane in lanes:
            for row, n in enumerate(lane):
                height[n] = (per_lane - 1) / 2 - row
        columns.append(RouteColumn(_title(col, far), lanes, no_route=col == far))
    return columns


def _title(col: int, far: int) -> str:
    if col == far:
        return "no route to treatment"
    if col == -1:
        return "treatment"
    if col == 0:
        return "treatment on site"
    return f"{col} hand-off{'s' if col != 1 else ''}"


def route_layout(
    G: nx.MultiDiGraph, nodes: Collection[str]
) -> tuple[Positions, list[tuple[float, str]]]:
    """`route_columns` as positions for the app's drawing: a column at x = 0, 1, 2, … (its
    lanes a little apart, and the next column further on), rows one unit apart and centred on
    y = 0. Returns the positions and each column's x and title, left to right."""
    pos: Positions = {}
    titles: list[tuple[float, str]] = []
    x = 0.0
    for column in route_columns(G, nodes):
        lanes, per_lane = len(column.lanes), len(column.lanes[0])
        for i, lane in enumerate(column.lanes):
            offset = (i - (lanes - 1) / 2) * (0.7 / lanes) if lanes > 1 else 0.0
            for row, n in enumerate(lane):
                pos[n] = (x + offset, (per_lane - 1) / 2 - row)
        titles.append((x, column.title))
        x += 1.0 + (0.5 if lanes > 1 else 0.0)
    return pos, titles


#: The board report's picture, in SVG units: its width, the space per row, room for headings.
PAGE_WIDTH = 1000.0
PAGE_ROW = 19.0
PAGE_TOP = 46.0
_CHAR = 6.4  # average width of a name's character at the picture's font size


@dataclass(frozen=True)
class PageLayout:
    """`page_layout`'s answer: positions, the services with no route, column headings (x,
    title, whether it is the no-route column), the size, and how many characters of a name
    fit in a column."""

    positions: Positions
    no_route: frozenset[str]
    headings: tuple[tuple[float, str, bool], ...]
    width: float
    height: float
    label_chars: int


def page_layout(
    G: nx.MultiDiGraph, nodes: Collection[str], dist: Mapping[str, int] | None = None
) -> PageLayout:
    """`route_columns` placed on the board report's page (SVG units, y down), so a service
    sits in the same column and order there as on the app's network page.

    Each lane of a column is a strip of equal width, side by side; the tallest sets the
    height; headings are capitalised titles. `dist` as for `route_columns`.
    Cost: that of `route_columns`, then O(n).
    """
    columns = route_columns(G, nodes, dist)
    strips = [(column, k, lane) for column in columns for k, lane in enumerate(column.lanes)]
    rows = max((len(lane) for _, _, lane in strips), default=1)
    step = PAGE_WIDTH / max(len(strips), 1)
    pos: Positions = {}
    headings: list[tuple[float, str, bool]] = []
    for i, (column, k, lane) in enumerate(strips):
        x = round(12 + i * step, 1)
        if k == 0:  # the first lane of a column carries its heading
            headings.append((x - 6, column.title[:1].upper() + column.title[1:], column.no_route))
        top = PAGE_TOP + (rows - len(lane)) * PAGE_ROW / 2
        for j, n in enumerate(lane):
            pos[n] = (x, round(top + j * PAGE_ROW + PAGE_ROW / 2, 1))
    no_route = frozenset(n for column in columns if column.no_route for n in column.members)
    chars = max(int((step - 28) / _CHAR), 8)
    height = PAGE_TOP + rows * PAGE_ROW + 10
    return PageLayout(pos, no_route, tuple(headings), PAGE_WIDTH, height, chars)


def spring_layout(
    nodes: Sequence[str],
    edges: Iterable[tuple[str, str]],
    *,
    seed: int = 7,
    iterations: int = 80,
) -> Positions:
    """Force-directed positions in [-1, 1]²: linked services pull together, all push apart.

    Deterministic for a given seed and node order. Cost: O(iterations · n²) time and O(n²)
    memory (measured: n = 500 about 0.9 s, n = 1,000 about 2.8 s, on a shared 2-core machine).
    """
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    A = np.zeros((n, n))
    for u, v in edges:
        if u in index and v in index and u != v:
            A[index[u], index[v]] = A[index[v], index[u]] = 1.0
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    x, y = pos[:, 0].copy(), pos[:, 1].copy()
    k2 = 1.0 / n  # k², k being the ideal distance between two services
    k = math.sqrt(k2)
    t = 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        d2 = dx * dx + dy * dy
        np.clip(d2, 1e-4, None, out=d2)
        # repulsion k²/d and attraction d²/k along the unit vector: as a factor on (dx, dy)
        force = k2 / d2 - A * np.sqrt(d2) / k
        mx = (dx * force).sum(axis=1)
        my = (dy * force).sum(axis=1)
        length = np.sqrt(mx * mx + my * my)
        np.clip(length, 0.01, None, out=length)
        x += mx * (t / length)
        y += my * (t / length)
        t -= dt
    pos = np.column_stack([x, y])
    pos -= pos.mean(axis=0)
    scale = np.abs(pos).max() or 1.0
    pos /= scale
    return {node: (float(pos[i, 0]), float(pos[i, 1])) for node, i in index.items()}


def geo_layout(G: nx.MultiDiGraph, nodes: Iterable[str]) -> Positions:
    """Longitude (shrunk by the cosine of the mean latitude, so distances look right) and
    latitude, for the services that have both. Cost: O(n)."""
    have = [
        (n, G.nodes[n]["longitude"], G.nodes[n]["latitude"])
        for n in nodes
        if G.nodes[n].get("latitude") is not None and G.nodes[n].get("longitude") is not None
    ]
    if not have:
        return {}
    shrink = math.cos(math.radians(sum(lat for _, _, lat in have) / len(have)))
    return {n: (float(lon) * shrink, float(lat)) for n, lon, lat in have}
