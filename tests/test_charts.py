"""Figures, layouts and tables on small hand-built maps (no Streamlit, no browser).

tx (treatment)  <-- gp (formal referral, one way)
tx -- wc  co-location (formal); wc is women-only
ph -> gp  informal referral (ph: 2 hand-offs)
dv <-> tx informal joint working
ot        no links (no route)
"""

from __future__ import annotations

import networkx as nx
import plotly.graph_objects as go
from mapkit import build

from journeymap.analyse import find_gaps
from journeymap.analyse.standards import scorecard
from journeymap.graph.build import build_graph
from journeymap.graph.partners import quickest_routes
from journeymap.labels import GROUP_COLOURS, GROUP_SYMBOLS
from journeymap.outputs.charts import (
    GL_THRESHOLD,
    LINK_STYLES,
    Highlight,
    NetworkView,
    network_figure,
)
from journeymap.outputs.layout import geo_layout, route_layout, spring_layout
from journeymap.outputs.severity_chart import severity_figure
from journeymap.outputs.tables import (
    findings_table,
    links_table,
    scorecard_table,
    services_table,
    severity_table,
)

SERVICES = """
tx drug_alcohol_treatment A
gp gp A
wc womens_centre A women_only
ph pharmacy A
dv domestic_abuse A
ot other A
"""
LINKS = """
gp -> tx formal
tx -- wc co_location formal
ph -> gp
dv -- tx joint_working
"""
M = build(SERVICES, LINKS)
G = build_graph(M)
NODES = [s.id for s in M.services]


def traces(fig: go.Figure, name: str) -> list:
    return [t for t in fig.data if t.name == name]


def test_route_layout_puts_services_in_columns_by_hand_offs():
    pos, columns = route_layout(G, NODES)
    assert [t for _, t in columns] == [
        "treatment",
        "treatment on site",
        "1 hand-off",
        "2 hand-offs",
        "no route to treatment",
    ]
    x = {n: p[0] for n, p in pos.items()}
    assert x["tx"] < x["wc"] < x["gp"] == x["dv"] < x["ph"] < x["ot"]
    assert [c for c, _ in columns] == sorted({x["tx"], x["wc"], x["gp"], x["ph"], x["ot"]})


def test_spring_layout_is_deterministic_and_scaled():
    edges = [(u, v) for u, v in G.edges()]
    one = spring_layout(NODES, edges, seed=3)
    assert one == spring_layout(NODES, edges, seed=3)
    assert set(one) == set(NODES)
    assert max(abs(c) for p in one.values() for c in p) == 1.0
    assert spring_layout([], []) == {} and spring_layout(["a"], []) == {"a": (0.0, 0.0)}


def test_geo_layout_uses_only_services_with_coordinates():
    m = build("a gp A\nb gp A")
    services = (
        b"id,name,type,area,latitude,longitude\na,A,gp,A,60.0,-1.0\nb,B,gp,A,,\nc,C,gp,A,60.0,1.0\n"
    )
    from journeymap.read.load import parse_map

    m = parse_map({"services.csv": services, "links.csv": b"from,to,kind\n"})
    pos = geo_layout(build_graph(m), ["a", "b", "c"])
    assert set(pos) == {"a", "c"}
    assert pos["a"][1] == 60.0
    assert abs(pos["c"][0] - 0.5) < 1e-9  # cos(60°) = 0.5 shrinks longitude


def test_links_are_one_trace_per_style_with_none_breaks_and_informal_dashed():
    pos, columns = route_layout(G, NODES)
    fig = network_figure(G, NODES, pos, NetworkView(columns=columns))
    referral = traces(fig, "Referral, formal")[0]
    assert referral.line.dash == "solid"
    assert list(referral.x) == [pos["gp"][0], pos["tx"][0], None]
    informal = traces(fig, "Referral, informal (dashed)")[0]
    assert informal.line.dash == "dash"
    joint = traces(fig, "Joint working, informal (dashed)")[0]
    assert len(joint.x) == 3  # a two-way link is drawn once
    assert traces(fig, "Co-location (no hand-off), formal")[0].line.width == 6.0
    arrows = traces(fig, "Direction of a one-way referral")[0]
    assert len(arrows.x) == 2  # gp -> tx and ph -> gp


def test_services_have_colour_and_shape_per_group_and_women_only_a_ring():
    pos, _ = route_layout(G, NODES)
    fig = network_figure(G, NODES, pos)
    treatment = traces(fig, "Treatment")[0]
    assert treatment.marker.symbol == GROUP_SYMBOLS["treatment"] == "star"
    assert treatment.marker.color == GROUP_COLOURS["treatment"]
    assert list(treatment.customdata) == ["tx"]
    ring = traces(fig, "Women-only service (ring)")[0]
    assert list(ring.x) == [pos["wc"][0]]
    assert len(set(GROUP_COLOURS.values())) == len(GROUP_COLOURS)
    assert len(set(GROUP_SYMBOLS.values())) == len(GROUP_SYMBOLS)
    assert {s["dash"] for (k, formal), s in LINK_STYLES.items() if not formal} == {"dash"}


def test_hover_names_the_service_and_what_it_offers():
    m = build("tx drug_alcohol_treatment A offers=creche;idva")
    g = build_graph(m)
    fig = network_figure(g, ["tx"], {"tx": (0.0, 0.0)})
    hover = traces(fig, "Treatment")[0].hovertext[0]
    assert hover.startswith("<b>TX</b><br>Drug and alcohol treatment · A")
    assert "Offers: creche, idva" in hover


def test_data_text_is_escaped_in_labels_and_hover():
    from journeymap.read.load import parse_map

    services = b"id,name,type,area\nx,<script>alert(1)</script>,gp,A\n"
    g = build_graph(parse_map({"services.csv": services, "links.csv": b"from,to,kind\n"}))
    fig = network_figure(g, ["x"], {"x": (0.0, 0.0)}, NetworkView(show_names=True))
    health = traces(fig, "Health")[0]
    assert "<script>" not in health.hovertext[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in health.hovertext[0]
    label = health.text[0].strip()
    assert "<" not in label and label.startswith("&lt;script&gt;")


def test_highlight_draws_the_quickest_routes_and_fades_the_rest():
    pos, _ = route_layout(G, NODES)
    routes = quickest_routes(G, "ph")
    fig = network_figure(
        G, NODES, pos, NetworkView(highlight=Highlight(routes.services, routes.edges, "Routes"))
    )
    bold = traces(fig, "Routes")[0]
    assert len(bold.x) == 6  # ph -> gp -> tx: two segments
    health = traces(fig, "Health")[0]  # gp and ph
    assert list(health.marker.opacity) == [1.0, 1.0]
    safety = traces(fig, "Safety (domestic abuse, sexual violence)")[0]
    assert list(safety.marker.opacity) == [0.3]


def test_link_kind_and_formal_filters():
    pos, _ = route_layout(G, NODES)
    fig = network_figure(G, NODES, pos, NetworkView(kinds=("referral",), formal_only=True))
    names = {t.name for t in fig.data if t.mode == "lines"}
    assert names == {"Referral, formal"}


def test_webgl_above_the_threshold():
    n = GL_THRESHOLD + 1
    services = "\n".join(f"s{i} gp A" for i in range(n))
    g = build_graph(build(services))
    nodes = [f"s{i}" for i in range(n)]
    fig = network_figure(g, nodes, {s: (float(i), 0.0) for i, s in enumerate(nodes)})
    assert isinstance(traces(fig, "Health")[0], go.Scattergl)
    small = network_figure(G, NODES, route_layout(G, NODES)[0])
    assert isinstance(traces(small, "Health")[0], go.Scatter)


def test_severity_figure_and_its_table_count_the_same():
    findings = find_gaps(M, G)
    fig = severity_figure(findings)
    table = severity_table(findings)
    by_trace = {t.name: dict(zip(t.y, t.x, strict=True)) for t in fig.data}
    for row in table.to_dict("records"):
        for severity in ("high", "medium", "low"):
            assert by_trace[severity][row["Category"]] == row[severity]
    assert table["Total"].sum() == len(findings)
    assert {t.marker.pattern.shape for t in fig.data} == {"", "/", "."}


def test_tables_hold_the_drawn_data():
    services = services_table(G, NODES, handoffs={"tx": 0, "gp": 1}, partners={"tx": 3})
    assert list(services["Service"]) == ["DV", "GP", "OT", "PH", "TX", "WC"]
    row = services.set_index("Id").loc["ot"]
    assert row["Hand-offs to treatment"] == "no route" and row["Key partner for"] == 0
    assert services.set_index("Id").loc["wc", "Women-only"] == "yes"
    links = links_table(M, G, NODES)
    assert len(links) == 4
    assert list(links_table(M, G, ["gp", "tx"])["Kind"]) == ["referral"]
    assert len(links_table(M, G, ["gp"], either_end=True)) == 2
    assert len(links_table(M, G, NODES, formal_only=True)) == 2
    findings = find_gaps(M, G)
    assert len(findings_table(findings)) == len(findings)
    card = scorecard_table(scorecard(M, G, "A"), G)
    assert len(card) == len(M.standards)
    assert set(card["Met"]) <= {"met", "partly met", "not met", "not evidenced"}


def test_names_on_a_one_area_drawing_drop_the_area_name():
    from journeymap.outputs.charts import _without_area

    m = build("a womens_centre Ashcombe\nb gp Ashcombe")
    g = build_graph(m)
    g = nx.relabel_nodes(g, {}, copy=True)
    g.nodes["a"]["name"] = "Ashcombe Women's Centre"
    g.nodes["b"]["name"] = "Ashcombe"
    assert _without_area(g, "a") == "Women's Centre"
    assert _without_area(g, "b") == "Ashcombe"  # nothing left: keep the name
