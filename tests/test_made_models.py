"""The small tables' models are made without validation (`fastload.made`, so that `journeymap
check` validates nothing: pydantic's first validation costs 0.04 s). Each must be the model
validation would make: equal, every field of the same type, the same fields set."""

from __future__ import annotations

from pathlib import Path

import pytest
from mapkit import links_csv, services_csv

from journeymap.models import Area, Journey, Step
from journeymap.read.load import check_map_files
from journeymap.read.mapfiles import read_folder

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo"

SERVICES = """
gp gp Ashcombe
tx drug_alcohol_treatment Ashcombe
wc womens_centre Fenmoor
"""
LINKS = "gp -> tx\nwc -> tx"
#: Every optional column, cells blank and given, and a column the contract does not know.
JOURNEYS = b"""journey,step,service,place,stage,feeling,barriers,helped_onward,circumstances,note,code_by
J1,1,gp,,seeking_help,-2,not_asked;fear_child_removal,no,pregnant;rural,She waited.,FAC
J1,2,,a friend's flat,,,,,,,
J2,0,tx,,in_treatment,2,,yes,domestic_abuse,,FAC
J2,3,,the library,before_help,0,,,,"A note, with a comma",
"""
AREAS = b"""area,women_in_treatment,estimated_women_need,rural,notes
Ashcombe,520,900,no,a note
Fenmoor,,,,
"""


def same_as_validated(model: object) -> None:
    validated = type(model).model_validate(dict(model.__dict__))  # type: ignore[attr-defined]
    assert validated == model
    assert list(validated.__dict__) == list(model.__dict__)  # the fields, in order
    for name, value in validated.__dict__.items():
        assert type(model.__dict__[name]) is type(value), name  # type: ignore[attr-defined]
    assert validated.model_fields_set == model.model_fields_set  # type: ignore[attr-defined]


def every_small_model(checked) -> list[object]:
    steps = [s for j in checked.journeys for s in j.steps]
    return [
        *steps,
        *checked.journeys,
        *checked.areas,
        *checked.standards,
        *checked.personas,
        *(checked.actions or []),
    ]


def test_demo_maps_small_tables_are_the_validated_models():
    checked = check_map_files(read_folder(DEMO), "demo")
    models = every_small_model(checked)
    assert {type(m).__name__ for m in models} == {
        "Step",
        "Journey",
        "Area",
        "Standard",
        "Persona",
        "Action",
    }
    for model in models:
        same_as_validated(model)


def test_every_optional_cell_blank_or_given():
    checked = check_map_files(
        {
            "services.csv": services_csv(SERVICES),
            "links.csv": links_csv(LINKS),
            "journeys.csv": JOURNEYS,
            "areas.csv": AREAS,
        }
    )
    models = every_small_model(checked)
    assert sum(isinstance(m, Step) for m in models) == 4
    for model in models:
        same_as_validated(model)
    step = checked.journeys[0].steps[0]
    assert step.barriers == ("not_asked", "fear_child_removal") and step.helped_onward is False
    assert step.extra == {"code_by": "FAC"}
    area = checked.areas[1]
    assert isinstance(area, Area) and area.women_in_treatment is None and area.rural is None


def test_a_missing_field_is_an_error_not_a_default():
    from journeymap.read.fastload import made

    with pytest.raises(KeyError):
        made(Journey, code="J1")
