"""Routes between any two services (`graph.between`) on a hand-built map, and on the Network
page, with the answers worked out by hand.

    gp -> wc (referral)   wc -- tx (co-location)     quickest: 1 hand-off
    gp -> mw (referral)   mw -- tx (co-location)     quickest: 1 hand-off
    gp -> da (referral)   da -> tx (referral)        2 hand-offs: not quickest
"""

from __future__ import annotations

from pathlib import Path

from mapkit import build, links_csv, services_csv
from streamlit.testing.v1 import AppTest

from journeymap.graph.between import routes_between
from journeymap.graph.build import build_graph

ROOT = Path(__file__).resolve().parent.parent
SERVICES = """
gp gp A
wc womens_centre A
mw midwifery A
da domestic_abuse A
tx drug_alcohol_treatment A
"""
LINKS = """
gp -> wc formal
wc -- tx co_location
gp -> mw
mw -- tx co_location formal
gp -> da
da -> tx
"""


def G():
    return build_graph(build(SERVICES, LINKS))


def names(route):
    return [route[0][0], *(v for _, v, _ in route)]


def test_every_quickest_route_and_only_those():
    found = routes_between(G(), "gp", "tx")
    assert found.handoffs == 1
    assert [names(r) for r in found.routes] == [["gp", "wc", "tx"], ["gp", "mw", "tx"]]
    assert found.services == {"gp", "wc", "mw", "tx"}  # not da: its route takes 2
    assert {(u, v) for u, v, _ in found.edges} == {
        ("gp", "wc"),
        ("wc", "tx"),
        ("gp", "mw"),
        ("mw", "tx"),
    }
    assert not found.more


def test_a_route_may_pass_through_treatment():
    found = routes_between(G(), "mw", "wc")
    assert found.handoffs == 0
    assert [names(r) for r in found.routes] == [["mw", "tx", "wc"]]


def test_no_route_is_said_plainly():
    found = routes_between(G(), "wc", "da")  # gp -> da is one way, and nothing else reaches da
    assert found.handoffs is None and found.routes == () and found.edges == frozenset()


def test_the_listing_stops_at_the_limit_and_says_there_are_more():
    found = routes_between(G(), "gp", "tx", limit=1)
    assert len(found.routes) == 1 and found.more


def test_the_network_page_draws_and_lists_the_routes(tmp_path, monkeypatch):
    folder = tmp_path / "map"
    folder.mkdir()
    (folder / "services.csv").write_bytes(services_csv(SERVICES))
    (folder / "links.csv").write_bytes(links_csv(LINKS))
    monkeypatch.setattr("sys.argv", ["app.py"])
    monkeypatch.setenv("JOURNEYMAP_MAP", str(folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("journeymap/ui/pages/network.py").run()
    at.selectbox(key="network_focus").set_value("gp").run()
    at.radio(key="network_mode").set_value("Routes to another service").run()
    at.selectbox(key="network_to").set_value("tx").run()
    assert not at.exception, [e.value for e in at.exception]
    info = " ".join(i.value for i in at.info).replace("\\", "")  # markdown escapes off
    assert "From GP to TX: 2 quickest routes, each 1 hand-off" in info
    assert "1. GP → referral, formal → WC → co-location, informal → TX" in info
    assert "2. GP → referral, informal → MW → co-location, formal → TX" in info
