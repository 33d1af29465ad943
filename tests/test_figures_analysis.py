"""Published figures against the map, on small hand-built maps whose answers are worked out
by hand: women's share of treatment, its trend, referral sources and the referral finding."""

from __future__ import annotations

from mapkit import build

from journeymap.analyse.figures import LOW_REFERRAL_SHARE, area_figures, referral_findings
from journeymap.graph.build import build_graph
from journeymap.outputs.brief import board_report
from journeymap.outputs.figures_section import figures_views
from journeymap.read.figures import Figure

SERVICES = """
gp gp A
mw midwifery A
hosp hospital A
csc childrens_social_care A
wc womens_centre A
tx drug_alcohol_treatment A
"""
THREE_ROUTES = "gp -> tx\nmw -> tx\nhosp <-> tx\nwc -> tx"


def viewit(period: str, sex: str, **measures: str) -> list[Figure]:
    return [
        Figure("A", period, sex, m, v, "NDTMS ViewIt", "rounded to 5 by NDTMS")
        for m, v in measures.items()
    ]


def figures(women_hsc: str = "10", women_new: str = "100", women_in: str = "120") -> list[Figure]:
    return [
        *viewit("2022/23", "female", in_treatment="100"),
        *viewit("2022/23", "persons", in_treatment="400"),
        *viewit(
            "2023/24",
            "female",
            in_treatment=women_in,
            new_presentations=women_new,
            referral_health_social_care=women_hsc,
            referral_self_family_friends="50",
        ),
        *viewit(
            "2023/24",
            "male",
            in_treatment="280",
            new_presentations="200",
            referral_health_social_care="60",
        ),
        *viewit("2023/24", "persons", in_treatment="400"),
    ]


def test_share_trend_and_referrals_worked_by_hand():
    figs = area_figures(figures(), "a")  # area names match case aside
    assert figs is not None
    assert (figs.period, figs.women, figs.people, figs.share) == ("2023/24", "120", "400", 0.3)
    assert figs.share_note == "from counts NDTMS rounds to 5"
    assert [(t.period, t.women, t.share) for t in figs.trend] == [
        ("2022/23", "100", 0.25),
        ("2023/24", "120", 0.3),
    ]
    assert [(r.label, r.women, r.women_share, r.men, r.men_share) for r in figs.referrals] == [
        ("Health and social care", "10", 0.1, "60", 0.3),
        ("Self, family or friends", "50", 0.5, "", None),
    ]
    assert area_figures(figures(), "B") is None


def test_a_suppressed_count_gives_no_share():
    figs = area_figures(figures(women_in="", women_hsc=""), "A")
    assert figs is not None
    assert figs.share is None
    assert (
        figs.share_note == "no share: a count was not published (suppressed) or there is no total"
    )
    assert figs.referrals[0].women_share is None
    assert referral_findings(figs, build_graph(build(SERVICES, THREE_ROUTES))) == []


def test_many_routes_from_health_and_social_care_but_few_women_referred():
    G = build_graph(build(SERVICES, THREE_ROUTES))
    figs = area_figures(figures(), "A")
    assert figs is not None
    (f,) = referral_findings(figs, G)
    assert (f.category, f.severity, f.area, f.affects) == ("unmet_need_referrals", "medium", "A", 3)
    assert f.finding == (
        "3 health and social care services in A have a route into treatment on the map, but "
        "only 10% of the women who started treatment in 2023/24 were referred from health and "
        "social care."
    )
    assert f.evidence == (
        "NDTMS 2023/24: women's new presentations referred from health and social care: 10 of "
        "100; men's: 60 of 200 (30%) (counts as published). Services with a route: GP, MW, HOSP."
    )


def test_no_finding_when_women_are_referred_or_the_routes_are_few():
    G = build_graph(build(SERVICES, THREE_ROUTES))
    enough = area_figures(figures(women_hsc="20"), "A")  # exactly a fifth: not low
    assert enough is not None and enough.referrals[0].women_share == LOW_REFERRAL_SHARE
    assert referral_findings(enough, G) == []
    few_routes = build_graph(build(SERVICES, "gp -> tx\nwc -> tx\ncsc -- wc co_location"))
    low = area_figures(figures(), "A")
    assert low is not None
    # gp reaches treatment directly, csc through the women's centre: two, fewer than three
    assert referral_findings(low, few_routes) == []


def test_the_board_report_shows_the_figures_beside_the_national_share():
    smap = build(SERVICES, THREE_ROUTES)
    G = build_graph(smap)
    html = board_report(smap, G, [], figures=figures(), title="t")
    assert 'data-figures="A"' in html
    assert (
        "In 2023/24, <strong>120</strong> women were in treatment in A, of 400 people: <strong>30%</strong> women"
        in html
    )
    assert "In England women are 33% of people in treatment." in html
    assert 'data-category="unmet_need_referrals"' in html
    assert (
        "<tr><td>Health and social care</td><td>10</td><td>10%</td><td>60</td><td>30%</td></tr>"
        in html
    )
    without = board_report(smap, G, [], title="t")
    assert "data-figures" not in without and "Treatment figures" not in without


def test_views_only_for_areas_with_figures():
    smap = build(SERVICES + "gp2 gp B", THREE_ROUTES)
    views = figures_views(figures(), ["A", "B"], build_graph(smap))
    assert list(views) == ["A"]
    assert views["A"].trend == (("2022/23", "100", "25%"), ("2023/24", "120", "30%"))
