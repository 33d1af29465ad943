"""Key partners on a hand-built map whose answer was worked out on paper.

    wc -- tx   co-location: the women's centre is 0 hand-offs from treatment
    gp -> wc   gp: 1 hand-off, via wc
    pr -> wc, pr -> tx   probation: 1 hand-off, two quickest routes (via wc, and direct)
    dv -> gp   domestic abuse: 2 hand-offs, via gp then wc
    ph -> tx   pharmacy: 1 hand-off, direct
    hs -> ph   housing: 2 hand-offs, via ph
    ot         no links: no route
    tx -> rb   onward referral inside treatment

Touchpoints and the services on their quickest routes (the touchpoint itself not counted):
wc {tx}; gp {wc, tx}; pr {wc, tx}; dv {gp, wc, tx}; ph {tx}; hs {ph, tx}; ot {}.
So tx 6, wc 3, gp 1, ph 1, and nothing else.
"""

from mapkit import build

from journeymap.graph.build import build_graph
from journeymap.graph.partners import key_partners, quickest_routes

SERVICES = """
tx drug_alcohol_treatment A
rb residential_rehab A
wc womens_centre A
gp gp A
pr probation A
dv domestic_abuse A
ph pharmacy A
hs housing A
ot other A
b1 gp B
bx drug_alcohol_treatment B
"""
LINKS = """
wc -- tx co_location
gp -> wc
pr -> wc
pr -> tx
dv -> gp
ph -> tx
hs -> ph
tx -> rb
b1 -> bx
"""
G = build_graph(build(SERVICES, LINKS))


def test_key_partner_counts_match_the_worked_answer():
    assert key_partners(G, "A") == {"tx": 6, "wc": 3, "gp": 1, "ph": 1}


def test_every_quickest_route_counts_not_only_one():
    routes = quickest_routes(G, "pr")
    assert routes.handoffs == 1
    assert routes.services == {"pr", "wc", "tx"}
    assert {(u, v) for u, v, _ in routes.edges} == {("pr", "wc"), ("wc", "tx"), ("pr", "tx")}


def test_a_route_ends_at_the_first_treatment_service():
    assert "rb" not in quickest_routes(G, "gp").services


def test_no_route_gives_only_the_start():
    routes = quickest_routes(G, "ot")
    assert routes.handoffs is None
    assert routes.services == {"ot"} and routes.edges == frozenset()


def test_areas_are_counted_apart_and_all_local_areas_together():
    assert key_partners(G, "B") == {"bx": 1}
    assert key_partners(G) == {"tx": 6, "wc": 3, "gp": 1, "ph": 1, "bx": 1}
    assert key_partners(G, sources=["dv"]) == {"gp": 1, "wc": 1, "tx": 1}


def test_a_map_without_treatment_has_no_key_partners():
    G2 = build_graph(build("gp gp A\nwc womens_centre A", "gp -> wc"))
    assert key_partners(G2, "A") == {}
