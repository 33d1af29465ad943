"""The What if…? page's quick paths on a national map: the bundled examples are looked at
before they are checked (`names_a_missing_service`), and 'End a link' lists an area's links
from the graph around its services (`scenario_builder._links_of`). Each gives what the full
work gives."""

from __future__ import annotations

import random

import pytest

from journeymap import build_graph, load_map
from journeymap.models import Link, Service, ServiceMap
from journeymap.problems import MapError
from journeymap.scenario.read import example_scenarios, names_a_missing_service, parse_scenario
from journeymap.ui import scenario_builder
from journeymap.ui.state import MapView
from journeymap.vocab import NATIONAL

DEMO = load_map("data/demo")
IDS = {s.id for s in DEMO.services}


@pytest.mark.parametrize(
    ("toml", "missing"),
    [
        ('[[add_link]]\nfrom = "ash-gp"\nto = "nowhere"\nkind = "referral"\n', True),
        ('[[remove_service]]\nid = "nowhere"\n', True),
        ('[[add_offers]]\nservice = "nowhere"\noffers = "creche"\n', True),
        ('[[remove_link]]\nfrom = "nowhere"\nto = "ash-gp"\n', True),
        ('[[add_link]]\nfrom = "ash-gp"\nto = "ash-gp"\nkind = "referral"\n', False),
        (  # a service the scenario adds may be linked
            '[[add_service]]\nid = "new"\nname = "New"\ntype = "gp"\narea = "Ashcombe"\n'
            '[[add_link]]\nfrom = "ash-gp"\nto = "new"\nkind = "referral"\n',
            False,
        ),
        ('[[add_link]\nfrom = "nowhere"\n', False),  # not TOML: the full check says why
        (b"\xff\xfe not utf-8", False),
        ("", False),
    ],
)
def test_a_scenario_naming_a_service_that_is_nowhere(toml: str | bytes, missing: bool) -> None:
    assert names_a_missing_service(toml, {"ash-gp"}) is missing


def test_it_never_turns_away_a_scenario_the_full_check_takes() -> None:
    """Each bundled example, on the demo map and on maps with some of its services gone:
    whenever the look says missing, the full check refuses it too."""
    rng = random.Random(5)
    looked = 0
    for path in example_scenarios().values():
        data = path.read_bytes()
        assert not names_a_missing_service(data, IDS)
        parse_scenario(data, DEMO, path.name)  # fits the demo
        for _ in range(10):
            kept = [s for s in DEMO.services if rng.random() < 0.9]
            smap = DEMO.model_copy(update={"services": tuple(kept)})
            if names_a_missing_service(data, {s.id for s in kept}):
                looked += 1
                with pytest.raises(MapError, match="not a service in the map"):
                    parse_scenario(data, smap, path.name)
    assert looked > 10


def test_the_examples_offered_are_those_that_fit() -> None:
    G = build_graph(DEMO)
    demo = MapView(source="demo", digest="d", smap=DEMO, G=G)
    assert list(scenario_builder.fitting_examples(demo)) == list(example_scenarios())
    other = ServiceMap(services=(Service(id="x", name="X", type="gp", area="Elsewhere"),), links=())
    view = MapView(source="other", digest="o", smap=other, G=build_graph(other))
    assert scenario_builder.fitting_examples(view) == {}


def test_an_areas_links_from_the_graph_are_those_to_or_from_its_services(monkeypatch) -> None:
    monkeypatch.setattr(scenario_builder.state, "derive", lambda m, fn, *args: fn(m, *args))
    rng = random.Random(11)
    for _ in range(30):
        areas = ["A", "B", NATIONAL]
        services = [
            Service(id=f"s{i}", name=f"S{i}", type="gp", area=rng.choice(areas))
            for i in range(rng.randint(2, 25))
        ]
        links = [
            Link(
                source=rng.choice(services).id,
                target=rng.choice(services).id,
                kind=rng.choice(["referral", "co_location", "joint_working"]),
                two_way=rng.random() < 0.3,
            )
            for _ in range(rng.randint(0, 40))
        ]
        smap = ServiceMap(services=tuple(services), links=tuple(links))
        m = MapView(source="s", digest="x", smap=smap, G=build_graph(smap))
        area_of = {s.id: s.area for s in services}
        for area in areas:
            expected = [
                i for i, k in enumerate(links) if area in (area_of[k.source], area_of[k.target])
            ]
            assert scenario_builder._links_of(m, area) == expected
            labels = scenario_builder._link_labels(m, area)
            assert list(labels) == list(
                dict.fromkeys(
                    f"{links[i].source}|{links[i].target}|{links[i].kind}" for i in expected
                )
            )
