"""Persona safe routes on a hand-built map whose answers were worked out on paper.

A route ends at the first treatment service she reaches (DESIGN §3), which must fit her.

Area A:                                   Area B:
  gp -> hub -> tx    (tx offers an IDVA)     gb -> tx  (a link into A's treatment: it counts)
  gp -> tx2          (tx2 offers nothing)    tb (treatment in B, no links)
  da -> csc -> tx    (only way from da)
  wc                 (no links)
  eh -> tx
  wo (treatment, women-only, no links in)

Persona `da` (domestic abuse survivor): starts at GP, domestic abuse service, women's centre;
needs an IDVA; must not pass through children's social care.
  A: gp reaches tx in 2 hand-offs (gp→hub→tx; gp→tx2 ends at tx2, which lacks an IDVA);
     da only through csc; wc no route at all. 2 of 3 cut off → medium.
  B: gb reaches A's tx in 1 hand-off: a link across the border counts → no gap.
Persona `any` (needs nothing, starts at GP): A: gp reaches tx2 in 1 → no gap; B: gb → tx.
Persona `wonly` (needs a women-only service, starts at early help): A: eh reaches tx, which is
not women-only; wo is women-only but nothing leads to it → cut off.
Persona `none-here` (starts at probation): no probation anywhere → no finding at all.
"""

from mapkit import build

from journeymap.analyse import ANALYSES, persona_gaps
from journeymap.analyse import personas as personas_module
from journeymap.analyse.personas import fits, need_words, persona_view
from journeymap.graph.build import build_graph

SERVICES = """
tx drug_alcohol_treatment A offers=idva
tx2 drug_alcohol_treatment A
wo drug_alcohol_treatment A women_only
gp gp A
hub other A
da domestic_abuse A
wc womens_centre A
csc childrens_social_care A
eh early_help A
gb gp B
tb drug_alcohol_treatment B offers=idva
"""
LINKS = """
gp -> hub
hub -> tx
gp -> tx2
da -> csc
csc -> tx
eh -> tx
gb -> tx
"""
PERSONAS = b"""id,name,entry_types,needs_any,avoid_types,source
da,Domestic abuse survivor,gp;domestic_abuse;womens_centre,idva,childrens_social_care,"CJI guide, Barriers"
any,Any woman,gp,,,
wonly,Woman who needs a women-only space,early_help,women_only,,
none-here,Woman on probation,probation,women_only,,
"""
M = build(SERVICES, LINKS, personas_csv=PERSONAS)
G = build_graph(M)
P = {p.id: p for p in M.personas}


def by_key(findings):
    return {(f.area, f.subject_id): f for f in findings}


def test_fits_reads_women_only_as_the_service_itself_and_empty_needs_as_any():
    assert fits(G, "tx", P["da"]) and not fits(G, "tx2", P["da"])
    assert fits(G, "wo", P["wonly"]) and not fits(G, "tx", P["wonly"])
    assert all(fits(G, t, P["any"]) for t in ("tx", "tx2", "wo", "tb"))


def test_view_gives_each_entry_place_its_safe_route_or_why_not():
    view = persona_view(G, P["da"], "A")
    entries = {e.service: e for e in view.entries}
    assert list(entries) == ["gp", "da", "wc"]
    assert entries["gp"].route.services == ("gp", "hub", "tx")
    assert entries["gp"].route.handoffs == 2
    assert entries["da"].route is None
    assert entries["da"].unsafe.services == ("da", "csc", "tx")  # a route, but not a safe one
    assert entries["wc"].route is None and entries["wc"].unsafe is None
    assert entries["wc"].unfitting is None
    assert view.fitting == ("tx",)  # tb is in area B and no route of hers ends there
    assert view.avoided == ("csc",)


def test_persona_gaps_hand_worked():
    found = by_key(persona_gaps(M, G))
    assert set(found) == {("A", "da"), ("A", "wonly")}

    a = found["A", "da"]
    assert a.category == "persona_gap" and a.severity == "medium"  # 2 of 3 places cut off
    assert a.subject_name == "Domestic abuse survivor"
    assert a.finding == (
        "In A, 2 of the 3 places a domestic abuse survivor already goes offer her no safe route "
        "into treatment that fits her needs."
    )
    assert a.evidence == (
        "She needs treatment that offers an IDVA (domestic abuse adviser). A safe route does not "
        "pass through children's social care. No safe route from: DA (every route passes through "
        "CSC); WC (no route into treatment at all). Where a route exists, fewest hand-offs: GP "
        "(2 hand-offs, to TX)."
    )
    assert "IDVA" in a.suggestion and a.source == "CJI guide, Barriers"

    assert a.affects == 6  # the area's touchpoints: gp, hub, da, wc, csc and eh

    w = found["A", "wonly"]
    assert w.severity == "high"
    assert "EH (routes lead only to treatment without what she needs, such as TX)" in w.evidence
    assert "a women-only service" in w.evidence


def test_no_gap_when_every_place_reaches_fitting_treatment():
    found = by_key(persona_gaps(M, G))
    assert ("A", "any") not in found  # gp reaches tx2 with one hand-off; she needs nothing
    assert not any(k[1] == "none-here" for k in found)  # no probation: nothing to say


def test_no_gap_on_a_map_where_every_route_is_safe():
    m = build(SERVICES, LINKS + "da -> tx\nwc -- tx co_location\n", personas_csv=PERSONAS)
    found = by_key(persona_gaps(m, build_graph(m)))
    assert ("A", "da") not in found
    view = persona_view(build_graph(m), m.personas[0], "A")
    assert {e.service: e.route.handoffs for e in view.entries} == {"gp": 2, "da": 1, "wc": 0}


def test_severity_grows_with_the_share_cut_off():
    # Add two more reachable GPs: 2 of 5 places cut off → low.
    m = build(
        SERVICES + "gp2 gp A\ngp3 gp A\n",
        LINKS + "gp2 -> tx\ngp3 -> tx\n",
        personas_csv=PERSONAS,
    )
    assert by_key(persona_gaps(m, build_graph(m)))["A", "da"].severity == "low"


def test_a_finding_names_the_first_routes_and_counts_the_rest(monkeypatch):
    # gp, gp2 and gp3 reach treatment; da and wc are cut off (as above).
    m = build(
        SERVICES + "gp2 gp A\ngp3 gp A\n",
        LINKS + "gp2 -> tx\ngp3 -> tx\n",
        personas_csv=PERSONAS,
    )
    H = build_graph(m)
    view = persona_view(H, m.personas[0], "A", routes=1)
    entries = {e.service: e for e in view.entries}
    assert entries["gp"].route.services == ("gp", "hub", "tx")
    assert (entries["gp2"].handoffs, entries["gp2"].route) == (1, None)  # counted, not traced
    assert not entries["gp3"].cut_off and entries["da"].cut_off
    full = {e.service: e.route for e in persona_view(H, m.personas[0], "A").entries}
    assert full["gp2"].services == ("gp2", "tx") and full["gp3"].services == ("gp3", "tx")

    monkeypatch.setattr(personas_module, "EVIDENCE_ROUTES", 1)
    evidence = by_key(persona_gaps(m, H))["A", "da"].evidence
    assert evidence.endswith(
        "Where a route exists, fewest hand-offs: GP (2 hand-offs, to TX); and 2 more places."
    )


def test_a_national_treatment_service_counts_for_every_area():
    links = LINKS.replace("gb -> tx\n", "")
    alone = build(SERVICES, links, personas_csv=PERSONAS)
    assert ("B", "da") in by_key(persona_gaps(alone, build_graph(alone)))  # gb has no link
    m = build(
        SERVICES + "nat residential_rehab national offers=idva\n",
        links + "gb -> nat\n",
        personas_csv=PERSONAS,
    )
    found = by_key(persona_gaps(m, build_graph(m)))
    assert ("B", "da") not in found


def test_a_route_through_mixed_treatment_to_a_women_only_rehab_is_no_safe_route():
    # eh -> tx (mixed community treatment) -> wo (women-only): her route ends at tx, which
    # is not women-only, so early help offers her no way in; a direct link to wo would.
    m = build(SERVICES, LINKS + "tx -> wo\n", personas_csv=PERSONAS)
    w = by_key(persona_gaps(m, build_graph(m)))["A", "wonly"]
    assert "EH (routes lead only to treatment without what she needs, such as TX)" in w.evidence
    direct = build(SERVICES, LINKS + "eh -> wo\n", personas_csv=PERSONAS)
    assert ("A", "wonly") not in by_key(persona_gaps(direct, build_graph(direct)))


RURAL = b"""id,name,circumstance,entry_types,needs_any,avoid_types,source
rural,Woman in a rural area,rural,gp,online,,
"""


def test_the_rural_persona_is_asked_about_only_where_the_area_may_be_rural():
    # Neither area's treatment offers online support, so every GP is cut off for her.
    def rural_gaps(areas_csv: bytes) -> set[str]:
        m = build(SERVICES, LINKS, personas_csv=RURAL, areas_csv=areas_csv)
        return {f.area for f in persona_gaps(m, build_graph(m))}

    assert rural_gaps(b"area,rural\nA,no\nB,yes\n") == {"B"}
    assert rural_gaps(b"area,rural\nA,yes\nB,\n") == {"A", "B"}  # blank: it does not say
    assert rural_gaps(b"area\nA\n") == {"A", "B"}  # B is not in areas.csv at all


def test_registered_and_needs_read_plainly():
    assert ANALYSES["persona_gap"] is persona_gaps
    assert need_words(("women_only", "women_only_space", "idva")) == (
        "a women-only service, a women-only space or an IDVA (domestic abuse adviser)"
    )
    assert need_words(()) == ""
