"""The fast analyses give exactly what straightforward reference implementations give.

The package answers route questions with one reverse search from treatment, single points of
failure with one dominator tree, silos and standards with a per-graph index of areas. Here
each is set against the slow, obvious way of asking the same question — a search per
touchpoint, deleting each service and link in turn and searching again, networkx's own
components on each area's subgraph — on many small random maps (hypothesis). The reference
implementations live here, not in the package.

Set HYPOTHESIS_PROFILE=thorough for many more examples (a few minutes).
"""

from __future__ import annotations

import csv
import io
import os
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap import parse_map
from journeymap.analyse import ANALYSES
from journeymap.analyse.personas import EntryRoute, PersonaView, fits, persona_view
from journeymap.analyse.resilience import _silo, dominated_touchpoints, silos
from journeymap.analyse.routes import LONG_PATHWAY
from journeymap.analyse.standards import evaluate
from journeymap.graph.build import build_graph
from journeymap.graph.index import touchpoints, treatment_nodes
from journeymap.graph.routes import formal_only, handoffs_to, route_to
from journeymap.models import Persona, ServiceMap
from journeymap.vocab import NATIONAL

settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TYPES = (
    "drug_alcohol_treatment",
    "residential_rehab",
    "gp",
    "midwifery",
    "womens_centre",
    "domestic_abuse",
    "probation",
    "outreach",
    "pharmacy",
    "other",
)
AREAS = ("A", "A", "B", NATIONAL)
KINDS = ("referral", "referral", "co_location", "joint_working")


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue().encode()


@dataclass(frozen=True)
class Sketch:
    """A random map as rows (shown as such when a property fails), loaded with `parse_map`."""

    services: tuple[tuple[str, ...], ...]
    links: tuple[tuple[str, ...], ...]

    def load(self) -> ServiceMap:
        header = ["id", "name", "type", "area", "women_only", "offers"]
        return parse_map(
            {
                "services.csv": _csv(header, [[r[0], r[0].upper(), *r[1:]] for r in self.services]),
                "links.csv": _csv(["from", "to", "kind", "two_way", "formal"], list(self.links)),
            }
        )


@st.composite
def sketches(draw: st.DrawFn, most: int = 9) -> Sketch:
    """A few services in areas A, B and national, links of every kind (parallel and two-way
    ones included), some offers and women-only services."""
    n = draw(st.integers(1, most))
    services = tuple(
        (
            f"s{i}",
            draw(st.sampled_from(TYPES)),
            draw(st.sampled_from(AREAS)),
            draw(st.sampled_from(("yes", "no", "no"))),
            draw(st.sampled_from(("", "", "idva", "creche;idva", "women_only_group"))),
        )
        for i in range(n)
    )
    ends = st.integers(0, n - 1)
    links = draw(
        st.lists(
            st.tuples(ends, ends, st.sampled_from(KINDS), st.booleans(), st.booleans()),
            max_size=3 * n,
        )
    )
    rows = tuple(
        (f"s{a}", f"s{b}", kind, "yes" if two else "no", "yes" if formal else "no")
        for a, b, kind, two, formal in links
        if a != b
    )
    return Sketch(services, rows)


# ---------------------------------------------------------------------------------------------
# Reference implementations: slow and obvious.


def simple_graph(G: nx.MultiDiGraph, edge_ok: Any = None, without: Any = ()) -> nx.DiGraph:
    """Each usable edge once, weighted by its fewest hand-offs; links in `without` left out."""
    W = nx.DiGraph()
    W.add_nodes_from(G.nodes)
    for u, v, key, data in G.edges(keys=True, data=True):
        if key in without or (edge_ok is not None and not edge_ok(data)):
            continue
        cost = data["handoffs"]
        if not W.has_edge(u, v) or W[u][v]["weight"] > cost:
            W.add_edge(u, v, weight=cost)
    return W


def reference_handoffs(
    G: nx.MultiDiGraph, targets: list[str], edge_ok: Any = None, blocked: Any = ()
) -> dict[str, int]:
    """Fewest hand-offs from each service to a target: one Dijkstra per service, with the
    blocked services (other than the start) not passed through."""
    W = simple_graph(G, edge_ok)
    out = {}
    for s in G.nodes:
        V = W.copy()
        V.remove_edges_from([(b, x) for b in blocked if b != s for x in list(W.succ[b])])
        lengths = nx.single_source_dijkstra_path_length(V, s)
        found = [lengths[t] for t in targets if t in lengths]
        if found:
            out[s] = min(found)
    return out


def reaches(W: nx.DiGraph, treatment: list[str]) -> set[str]:
    """Services from which some treatment service can be reached."""
    found = set(treatment)
    for t in treatment:
        found |= nx.ancestors(W, t)
    return found


def reference_cut_off(G: nx.MultiDiGraph) -> dict[Any, list[str]]:
    """Delete each service and each link in turn and see which touchpoints lose every route."""
    treatment = treatment_nodes(G)
    before = reaches(simple_graph(G), treatment)
    points = [n for n in touchpoints(G) if n in before]
    out: dict[Any, list[str]] = {}
    for x in G.nodes:
        if G.nodes[x]["treatment"]:
            continue
        W = simple_graph(G)
        W.remove_node(x)
        after = reaches(W, treatment)
        lost = [s for s in points if s != x and s not in after]
        if lost:
            out[x] = lost
    for key in sorted({k for _, _, k in G.edges(keys=True)}):
        after = reaches(simple_graph(G, without={key}), treatment)
        own = link_ends(G, key)  # a touchpoint's own link is her route, not a single point
        lost = [s for s in points if s not in after and s not in own]
        if lost:
            out["link", key] = lost
    return out


def link_ends(G: nx.MultiDiGraph, key: int) -> set[str]:
    return {n for u, v, k in G.edges(keys=True) if k == key for n in (u, v)}


_ROOT = ("treatment",)


def linknode_cut_off(G: nx.MultiDiGraph) -> dict[Any, list[str]]:
    """The first implementation: every link a node of its own, networkx's dominator tree."""
    H: nx.DiGraph = nx.DiGraph()
    H.add_nodes_from(G.nodes)
    for u, v, key in G.edges(keys=True):
        H.add_edge(v, ("link", key))
        H.add_edge(("link", key), u)
    treatment = treatment_nodes(G)
    H.add_edges_from((_ROOT, t) for t in treatment)
    if not treatment:
        return {}
    idom = nx.immediate_dominators(H, _ROOT)
    cut_off: dict[Any, list[str]] = defaultdict(list)
    for node in touchpoints(G):
        if node not in idom:
            continue
        d = idom[node]
        while d != _ROOT:
            own = isinstance(d, tuple) and node in link_ends(G, d[1])
            if d not in treatment and not own:
                cut_off[d].append(node)
            d = idom[d]
    return dict(cut_off)


def reference_silos(smap: ServiceMap, G: nx.MultiDiGraph) -> list:
    """networkx's connected components of each area's undirected subgraph."""
    findings = []
    for area in [*smap.area_names(), NATIONAL]:
        members = [n for n, a in G.nodes(data="area") if a in (area, NATIONAL)]
        if area == NATIONAL:
            members = list(G.nodes)
        view = nx.Graph(G.subgraph(members).to_undirected())
        parts = sorted(
            nx.connected_components(view),
            key=lambda c: (-sum(G.nodes[n]["treatment"] for n in c), -len(c), min(c)),
        )
        for part in parts[1:]:
            local = [n for n in part if G.nodes[n]["area"] == area]
            if not local or (area == NATIONAL and len(local) != len(part)):
                continue
            findings.append(_silo(G, area, sorted(part)))
    return findings


def reference_standard(G: nx.MultiDiGraph, area: str, rule: str) -> tuple[str, set[str]]:
    """A standard's state and services, by looking at every service and edge of the map, and
    one Dijkstra per pair for pathways (DESIGN §4)."""
    from journeymap.analyse.standards import _types

    kind, *args = rule.split(":")
    nodes = G.nodes
    own = {n for n in G if nodes[n]["area"] == area and area != NATIONAL}
    here = {n for n in G if nodes[n]["area"] in (area, NATIONAL)}
    reached = here | {v for u, v in G.edges() if u in own}  # where her links send her
    joined = reached | {u for u, v in G.edges() if v in own}  # what a pathway may join
    if kind == "service":
        wanted = _types(args[0])
        found = {
            n
            for n in reached
            if nodes[n]["type"] in wanted and (nodes[n]["women_only"] or len(args) == 1)
        }
        return ("met" if found else "not_met"), found
    if kind == "offer":
        tags_text, scope = args[0].split("@")
        community = {n for n in own if nodes[n]["type"] == "drug_alcohol_treatment"}
        residential = {
            n for n in reached if nodes[n]["type"] in ("residential_rehab", "inpatient_detox")
        }
        scoped = {"community": community, "residential": residential}.get(
            scope, community | residential
        )
        found = {n for n in scoped if set(tags_text.split("|")) & set(nodes[n]["offers"])}
        if found:
            return "met", found
        if scoped and not any(nodes[n]["offers"] for n in scoped):
            return "not_evidenced", scoped
        return "not_met", set()
    first = _types(args[0])
    ends = {"drug_alcohol_treatment"} if args[1] == "treatment" else _types(args[1])
    targets = [n for n in G if n in joined and nodes[n]["type"] in ends]

    def near(source: str, target: str, edge_ok: Any) -> bool:
        W = simple_graph(G, edge_ok)  # a route may end at treatment but not pass through it
        W.remove_edges_from(
            [(u, v) for u, v in list(W.edges) if u != source and nodes[u]["treatment"]]
        )
        try:
            return nx.dijkstra_path_length(W, source, target) <= 1
        except nx.NetworkXNoPath:
            return False

    partly: set[str] = set()
    for b in targets:
        for a in G:
            if a == b or a not in joined or nodes[a]["type"] not in first:
                continue
            if near(a, b, formal_only) and near(b, a, formal_only):
                return "met", {a, b}
            if near(a, b, None) or near(b, a, None):
                partly |= {a, b}
    return ("partly" if partly else "not_met"), partly


# ---------------------------------------------------------------------------------------------
# The properties.


@PROFILE
@given(sketches(), st.sampled_from([None, formal_only]), st.data())
def test_handoffs_to_matches_a_search_per_service(sketch, edge_ok, data):
    G = build_graph(sketch.load())
    nodes = list(G.nodes)
    targets = data.draw(st.lists(st.sampled_from(nodes), unique=True, max_size=3))
    blocked = data.draw(st.sets(st.sampled_from(nodes), max_size=3))
    fast = handoffs_to(G, targets, edge_ok=edge_ok, blocked=blocked)
    assert fast == reference_handoffs(G, targets, edge_ok, blocked)


@PROFILE
@given(sketches(), st.sampled_from([None, formal_only]), st.data())
def test_route_to_gives_the_same_route_when_pruned(sketch, edge_ok, data):
    G = build_graph(sketch.load())
    nodes = list(G.nodes)
    targets = set(data.draw(st.lists(st.sampled_from(nodes), unique=True, max_size=3)))
    blocked = data.draw(st.sets(st.sampled_from(nodes), max_size=2))
    toward = handoffs_to(G, targets, edge_ok=edge_ok, blocked=blocked)
    for source in nodes:
        plain = route_to(G, source, targets, edge_ok=edge_ok, blocked=blocked)
        pruned = route_to(G, source, targets, edge_ok=edge_ok, blocked=blocked, toward=toward)
        assert plain == pruned
        assert (plain is None) == (source not in toward)
        if plain is not None:
            assert plain.handoffs == toward[source]
            assert plain.services[0] == source and plain.end in targets
            for a, b, key in zip(plain.services, plain.services[1:], plain.links, strict=False):
                assert G.has_edge(a, b, key)  # every step is a real link


@PROFILE
@given(sketches())
def test_missed_long_and_informal_match_searches_per_touchpoint(sketch):
    smap = sketch.load()
    G = build_graph(smap)
    treatment = treatment_nodes(G)
    W, F = simple_graph(G), simple_graph(G, formal_only)
    expect_missed, expect_long, expect_informal = set(), {}, set()
    for s in touchpoints(G):
        lengths = nx.single_source_dijkstra_path_length(W, s)
        steps = [lengths[t] for t in treatment if t in lengths]
        if not steps:
            expect_missed.add(s)
            continue
        if min(steps) >= LONG_PATHWAY:
            expect_long[s] = min(steps)
        if not any(nx.has_path(F, s, t) for t in treatment):
            expect_informal.add(s)
    missed = ANALYSES["missed_opportunity"](smap, G)
    long = ANALYSES["long_pathway"](smap, G)
    informal = ANALYSES["informal_only"](smap, G)
    assert {f.subject_id for f in missed} == expect_missed
    assert {f.subject_id: f for f in long}.keys() == expect_long.keys()
    for f in long:
        assert f"passed on {expect_long[f.subject_id]} times" in f.finding
    # One finding per informal link the routes rest on, together naming every such touchpoint.
    assert sum(f.affects for f in informal) == len(expect_informal)
    informal_links = {link.id for link in smap.links if not link.formal}
    hubs = set(G.nodes)  # informal links into one service from several are one finding
    assert {f.subject_id for f in informal} <= informal_links | hubs


@PROFILE
@given(sketches())
def test_single_points_of_failure_match_deleting_each_service_and_link(sketch):
    smap = sketch.load()
    G = build_graph(smap)
    fast = dominated_touchpoints(smap, G)
    assert fast == reference_cut_off(G)
    # ...and the same keys in the same order as the first (link-node) implementation, so
    # findings and their wording are unchanged.
    assert list(fast.items()) == list(linknode_cut_off(G).items())


@PROFILE
@given(sketches())
def test_silos_match_networkx_components_per_area(sketch):
    smap = sketch.load()
    G = build_graph(smap)
    assert silos(smap, G) == reference_silos(smap, G)


@PROFILE
@given(sketches())
def test_standards_match_a_look_at_every_service_and_link(sketch):
    smap = sketch.load()
    G = build_graph(smap)
    for area in [*smap.area_names(), NATIONAL, "nowhere"]:
        for standard in smap.standards:
            result = evaluate(G, area, standard)
            state, found = reference_standard(G, area, standard.rule)
            assert (result.state, set(result.services)) == (state, found)
            assert len(result.services) == len(found)  # each service once


# ---------------------------------------------------------------------------------------------
# Personas: one shared search per persona, against a plain search from each entry place.


def reference_persona_view(G: nx.MultiDiGraph, persona: Persona, area: str) -> PersonaView:
    """Searches from each entry place over the whole graph: a route ends at the first
    treatment service it reaches, in any area (DESIGN §3), and must fit her."""
    here = [n for n, a in G.nodes(data="area") if a in (area, NATIONAL)]
    treatment = [n for n, t in G.nodes(data="treatment") if t]
    fitting = [t for t in treatment if fits(G, t, persona)]
    avoided = [n for n, t in G.nodes(data="type") if t in persona.avoid_types]
    entries = [n for n in here if G.nodes[n]["type"] in persona.entry_types]
    targets = set(fitting)
    results = []
    for node in entries:
        found = route_to(G, node, targets, blocked={*treatment, *avoided})
        if found is not None:
            results.append(EntryRoute(node, found.handoffs, found))
            continue
        unsafe = route_to(G, node, targets, blocked=set(treatment))
        unfitting = None
        if unsafe is None:
            unfitting = route_to(G, node, set(treatment), blocked={*treatment, *avoided})
        results.append(EntryRoute(node, None, unsafe=unsafe, unfitting=unfitting))
    ends = {e.route.end for e in results if e.route}
    shown = tuple(t for t in fitting if t in here or t in ends)
    return PersonaView(persona, area, tuple(results), shown, tuple(avoided))


@st.composite
def personas(draw: st.DrawFn) -> Persona:
    return Persona(
        id="p",
        name="P",
        entry_types=tuple(draw(st.sets(st.sampled_from(TYPES), min_size=1, max_size=3))),
        needs_any=tuple(
            draw(st.sets(st.sampled_from(("idva", "creche", "women_only")), max_size=2))
        ),
        avoid_types=tuple(draw(st.sets(st.sampled_from(TYPES), max_size=2))),
    )


@PROFILE
@given(sketches(), personas())
def test_persona_views_match_a_search_per_area(sketch, persona):
    smap = sketch.load()
    G = build_graph(smap)
    for area in [*smap.area_names(), "nowhere"]:
        assert persona_view(G, persona, area) == reference_persona_view(G, persona, area)


@PROFILE
@given(sketches(), st.data())
def test_treatment_reach_over_lists_matches_handoffs_to(sketch, data):
    from journeymap.graph.ends import treatment_reach

    G = build_graph(sketch.load())
    nodes = list(G.nodes)
    treatment = [n for n in nodes if G.nodes[n]["treatment"]]
    ends = data.draw(st.lists(st.sampled_from(treatment), unique=True)) if treatment else []
    avoid = data.draw(st.sets(st.sampled_from(nodes), max_size=3))
    expected = handoffs_to(G, ends, blocked={*treatment, *avoid})
    assert treatment_reach(G, ends, avoid=avoid) == expected
