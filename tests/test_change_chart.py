"""The before/after network drawings mark what a scenario adds and removes, and stay safe."""

from __future__ import annotations

from mapkit import build

from journeymap.outputs.change_chart import ADDED, CHANGED, REMOVED, change_figures, changed_areas
from journeymap.scenario.apply import apply_scenario
from journeymap.scenario.read import parse_scenario

NO_PERSONAS = b"id,name,entry_types\n"


def two_areas():
    return build(
        "gp gp A\nwc womens_centre A\ntx drug_alcohol_treatment A\n"
        "bgp gp B\nbtx drug_alcohol_treatment B",
        "gp -> tx formal\nbgp -> btx",
        personas_csv=NO_PERSONAS,
    )


def applied(text: str, smap=None):
    smap = smap or two_areas()
    return smap, apply_scenario(smap, parse_scenario(f'name = "x"\n{text}', smap))


def trace(fig, name):
    found = [t for t in fig.data if t.name == name]
    return found[0] if found else None


def points(t) -> set[tuple[float, float]]:
    return {(x, y) for x, y in zip(t.x, t.y, strict=True) if x is not None}


def test_an_added_link_is_marked_after_and_absent_before():
    smap, result = applied('[[add_link]]\nfrom = "tx"\nto = "wc"\nkind = "co_location"\n')
    before, after = change_figures(smap, result)
    added = trace(after, f"Link {ADDED.lower()}")
    assert added is not None
    assert trace(before, f"Link {ADDED.lower()}") is None
    assert trace(before, f"Link {REMOVED.lower()}") is None

    # the added segment joins the two services, drawn where they are in both figures
    def where(fig, sid):
        for t in fig.data:
            if t.customdata is not None and sid in list(t.customdata):
                i = list(t.customdata).index(sid)
                return (t.x[i], t.y[i])
        raise AssertionError(sid)

    assert points(added) == {where(after, "tx"), where(after, "wc")}
    assert where(before, "tx") == where(after, "tx")
    assert added.line.dash == "solid" and added.line.width == 8


def test_removed_links_and_services_are_marked_before():
    smap, result = applied('[[remove_service]]\nid = "gp"\n')
    before, after = change_figures(smap, result)
    removed_link = trace(before, f"Link {REMOVED.lower()}")
    assert removed_link is not None and removed_link.line.dash == "dot"
    removed = trace(before, REMOVED)
    assert list(removed.text) == ["GP"]
    assert removed.marker.symbol == "x-thin-open"
    assert trace(after, REMOVED) is None
    assert all("gp" not in (t.customdata or ()) for t in after.data)


def test_changed_offers_and_new_services_are_ringed_and_named():
    smap, result = applied(
        '[[add_service]]\nid = "dv"\nname = "DV <b>service</b>"\ntype = "domestic_abuse"\n'
        'area = "A"\n[[add_offers]]\nservice = "tx"\noffers = "idva"\n'
    )
    before, after = change_figures(smap, result)
    assert list(trace(after, ADDED).text) == ["DV &lt;b&gt;service&lt;/b&gt;"]
    assert list(trace(before, CHANGED).text) == ["TX"]
    assert list(trace(after, CHANGED).text) == ["TX"]
    hovers = [h for t in after.data if t.hovertext is not None for h in t.hovertext]
    assert any("DV &lt;b&gt;service&lt;/b&gt;" in h for h in hovers)
    assert not any("<b>service</b>" in h for h in hovers)


def test_only_the_areas_the_change_touches_are_drawn():
    smap, result = applied('[[add_link]]\nfrom = "bgp"\nto = "btx"\nkind = "joint_working"\n')
    assert changed_areas(smap, result) == ["B"]
    _before, after = change_figures(smap, result)
    drawn = {sid for t in after.data if t.customdata is not None for sid in t.customdata}
    assert drawn == {"bgp", "btx"}
    assert after.layout.title.text == "After: B"
    _, everything = change_figures(smap, result, areas=["A", "B"])
    drawn = {sid for t in everything.data if t.customdata is not None for sid in t.customdata}
    assert drawn == {"gp", "wc", "tx", "bgp", "btx"}
