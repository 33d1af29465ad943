"""Headline figures, and writing a map back out as CSV."""

from mapkit import build

from journeymap import find_gaps, load_map, parse_map
from journeymap.analyse.metrics import headline
from journeymap.graph.build import build_graph
from journeymap.read.write import map_files, write_map


def test_headline_figures_by_hand():
    # gp -> tx (1 hand-off), ph -> gp -> tx (2), wc co-located (0), ot no route. Area B: nothing.
    m = build(
        "tx drug_alcohol_treatment A\ngp gp A\nph pharmacy A\nwc womens_centre A\not other A\nhl other national\n"
        "t2 drug_alcohol_treatment B\n",
        "gp -> tx formal\nph -> gp\nwc -- tx co_location\n",
    )
    g = build_graph(m)
    h = headline(m, g, find_gaps(m, g), "A")
    assert (h.touchpoints, h.with_route, h.median_handoffs) == (4, 3, 1)
    assert h.share_with_route == 0.75
    assert h.standards_total == len(m.standards)
    assert sum(h.by_severity.values()) == len([f for f in find_gaps(m, g) if f.area == "A"])
    everywhere = headline(m, g, find_gaps(m, g))
    assert everywhere.touchpoints == 4 and everywhere.standards_total == 2 * len(m.standards)


def test_a_map_written_out_loads_back_the_same(demo_dir, tmp_path):
    original = load_map(demo_dir)
    write_map(original, tmp_path)
    again = load_map(tmp_path)
    strip = {"line"}
    assert [s.model_dump(exclude=strip) for s in again.services] == [
        s.model_dump(exclude=strip) for s in original.services
    ]
    assert [k.model_dump(exclude=strip) for k in again.links] == [
        k.model_dump(exclude=strip) for k in original.links
    ]
    assert again.journeys and len(again.journeys) == len(original.journeys)
    assert any(s.extra for s in again.services)  # extra columns survive the round trip


def test_written_cells_are_not_changed_for_spreadsheets():
    m = parse_map(
        {
            "services.csv": b"id,name,type,area\ntx,=Hope,drug_alcohol_treatment,A\n",
            "links.csv": b"from,to,kind\n",
        }
    )
    assert b"tx,=Hope," in map_files(m)["services.csv"]
