"""`coverage.unlinked_in` on checked columns looks the links up a stride at a time and stops
once every area is linked; with strides of one to three links, each answer is still the plain count's."""

from __future__ import annotations

import pytest
from mapkit import links_csv, services_csv

from journeymap.read import coverage
from journeymap.read.load import check_map_files

SERVICES = """
gp gp A
tx drug_alcohol_treatment A
wc womens_centre B
tx2 drug_alcohol_treatment B
mw midwifery C
hp outreach national
"""


def checked(links: str):
    return check_map_files({"services.csv": services_csv(SERVICES), "links.csv": links_csv(links)})


@pytest.fixture(autouse=True, params=[1, 2, 3])
def few_links_at_a_time(monkeypatch, request):
    monkeypatch.setattr(coverage, "_CHUNK", request.param)


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        # A by its referral, B by a joint working; C by a referral from a national service.
        ("gp -> tx\nwc -- tx2 joint_working\nhp -> mw", {}),
        # C's only link is a co-location: not an agreed route, so C has none.
        ("gp -> tx\nwc -- tx2 joint_working\nmw -- gp co_location", {"C": 1}),
        # B is reached only as the far end of a link from A.
        ("gp -> tx\ngp -> wc\nhp -> mw", {}),
        # Nothing agreed at all: every local area, in services.csv order.
        ("gp -- tx co_location", {"A": 2, "B": 2, "C": 1}),
    ],
)
def test_unlinked_areas_one_link_at_a_time(links, expected):
    c = checked(links)
    assert coverage.unlinked_in(c.services, c.links) == expected
