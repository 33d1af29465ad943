"""Service names where the contract wants ids: links and journeys that name services."""

from __future__ import annotations

import pytest

from journeymap import MapError, parse_map

SERVICES = (
    b"id,name,type,area\n"
    b"g1,Green Surgery,gp,Ashcombe\n"
    b"g2,Green Surgery,gp,Fenmoor\n"
    b"t1,Hub Central,drug_alcohol_treatment,Ashcombe\n"
    b"w1,Women's Centre,womens_centre,Ashcombe\n"
)


def problems(links: bytes, journeys: bytes | None = None) -> list[str]:
    files = {"services.csv": SERVICES, "links.csv": links}
    if journeys is not None:
        files["journeys.csv"] = journeys
    with pytest.raises(MapError) as info:
        parse_map(files)
    return [str(p) for p in info.value.errors]


def test_unique_names_load_as_their_ids_with_a_warning():
    links = b"from,to,kind\nwomen's  centre,Hub Central,referral\nw1,t1,co_location\n"
    smap = parse_map({"services.csv": SERVICES, "links.csv": links})
    assert [(link.source, link.target, link.kind) for link in smap.links] == [
        ("w1", "t1", "referral"),
        ("w1", "t1", "co_location"),
    ]
    assert smap.warnings == (
        "links.csv:2: warning: from 'women's  centre' is read as service w1, the one named so; "
        "write the id w1 to be sure",
        "links.csv:2: warning: to 'Hub Central' is read as service t1, the one named so; "
        "write the id t1 to be sure",
    )


def test_a_name_two_services_share_is_an_error_naming_both():
    assert problems(b"from,to,kind\nGreen Surgery,t1,referral\n") == [
        "links.csv:2: from 'Green Surgery' is not a service id in services.csv "
        "(2 services are named 'Green Surgery': write the id, 'g1' or 'g2')"
    ]


def test_a_near_name_suggests_the_closest_ids_and_names():
    assert problems(b"from,to,kind\nw1,Hub Centrl,referral\n") == [
        "links.csv:2: to 'Hub Centrl' is not a service id in services.csv "
        "(did you mean 't1' (Hub Central)?)"
    ]
    assert problems(b"from,to,kind\nGreen Surgry,t1,referral\n") == [
        "links.csv:2: from 'Green Surgry' is not a service id in services.csv "
        "(did you mean 'g1' (Green Surgery) or 'g2' (Green Surgery)?)"
    ]


def test_a_mistyped_id_keeps_its_hint_and_nothing_close_says_what_to_do():
    assert problems(b"from,to,kind\nw11,t1,referral\nw1,Nowhere At All,referral\n") == [
        "links.csv:2: from 'w11' is not a service id in services.csv (did you mean 'w1'?)",
        "links.csv:3: to 'Nowhere At All' is not a service id in services.csv "
        "(add it to services.csv)",
    ]


def test_a_journey_names_its_service():
    journeys = (
        b"journey,step,service,place\nJ01,1,Hub Central,\nJ01,2,green surgery,\nJ01,3,Hub Centre,\n"
    )
    assert problems(b"from,to,kind\nw1,t1,referral\n", journeys) == [
        "journeys.csv:3: service 'green surgery' is not a service id in services.csv "
        "(2 services are named 'green surgery': write the id, 'g1' or 'g2')",
        "journeys.csv:4: service 'Hub Centre' is not a service id in services.csv "
        "(did you mean 't1' (Hub Central)?)",
    ]
    ok = parse_map(
        {
            "services.csv": SERVICES,
            "links.csv": b"from,to,kind\n",
            "journeys.csv": b"journey,step,service\nJ01,1,Hub Central\n",
        }
    )
    assert ok.journeys[0].steps[0].service == "t1"
    assert ok.warnings == (
        "journeys.csv:2: warning: service 'Hub Central' is read as service t1, the one named "
        "so; write the id t1 to be sure",
    )
