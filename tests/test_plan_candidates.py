"""The plan's candidate changes: one per thing to change, each with its own id."""

from __future__ import annotations

from mapkit import build

from journeymap.models import Finding
from journeymap.scenario.remedies import candidates, read_remedies

FORMALISE = [r for r in read_remedies() if r.change == "formalise"]


def informal(subject: str) -> Finding:
    return Finding(
        area="A",
        category="informal_only",
        severity="medium",
        subject_id=subject,
        subject_name=subject,
        finding="",
        evidence="",
        suggestion="",
        source="",
    )


SMAP = build(
    """
    hub outreach A
    tx1 drug_alcohol_treatment A
    tx2 drug_alcohol_treatment A
    gp gp A
    """,
    """
    hub -> tx1
    hub -> tx2
    gp -> hub formal
    """,
)


def test_two_informal_links_from_one_service_are_two_changes_with_two_ids():
    made = candidates(SMAP, [informal("hub->tx1"), informal("hub->tx2")], "A", FORMALISE)
    assert [c.id for c in made] == ["formalise-link:hub->tx1", "formalise-link:hub->tx2"]
    assert [[(k.source, k.target) for k in c.scenario.add_link] for c in made] == [
        [("hub", "tx1")],
        [("hub", "tx2")],
    ]
    assert {c.service for c in made} == {"hub"}  # both are about the hub, by name


def test_a_link_two_findings_name_is_one_change():
    made = candidates(SMAP, [informal("hub->tx1"), informal("hub->tx1")], "A", FORMALISE)
    assert [c.id for c in made] == ["formalise-link:hub->tx1"]


def test_a_written_link_is_not_offered_again():
    assert candidates(SMAP, [informal("gp->hub")], "A", FORMALISE) == []
