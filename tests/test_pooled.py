"""Pooled journeys and the small-number rule, on journeys whose counts were worked by hand.

Six journeys J1–J6 all go GP → treatment (6 journeys). J1–J3 then go treatment → women's
centre (3: fewer than 5). Stigma is met in J1–J5 (5), 'nobody asked' in J1 (twice) and J2
(2 journeys: fewer than 5). Feelings at the GP: -2, -1, 0, 1, 2, -1 over 6 journeys → mean -1/6,
shown -0.2; at the women's centre only 3 journeys → no average. 'A&E', spelt three ways, is
named by five journeys, so it is shown by name; 'my nan's flat' by one, so it is pooled as 'a
place not on the map'.
"""

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.models import Journey, Step
from journeymap.vocab import BARRIERS
from journeymap.workshop.pooled import FEWER, OFF_MAP, pool, pooled_files, shown

NAMES = {"gp": "Riverside GP", "tx": "Recovery Hub", "wc": "Women's Centre"}


def journey(code, *steps):
    return Journey(
        code=code,
        steps=tuple(
            Step(journey=code, step=i, **fields) for i, fields in enumerate(steps, start=1)
        ),
    )


FEELINGS = [-2, -1, 0, 1, 2, -1]
AE = ["A&E", "a&e", " A&E", "A&E ", "A & E"]  # the last is a different place once normalised


def hand_worked():
    out = []
    for i in range(6):
        code = f"J{i + 1}"
        steps = [
            {
                "service": "gp",
                "feeling": FEELINGS[i],
                "barriers": ("stigma",) if i < 5 else (),
            },
            {"service": "tx", "feeling": 1},
        ]
        if i < 3:
            steps.append({"service": "wc", "feeling": 2})
        if i < 1:
            steps[0]["barriers"] = ("stigma", "not_asked")
            steps.append({"service": "wc", "barriers": ("not_asked",)})  # same place again
        if i == 1:
            steps[1]["barriers"] = ("not_asked",)
        steps.insert(0, {"place": AE[i] if i < 5 else "my nan's flat"})
        out.append(journey(code, *steps))
    # J1–J4 + J5's 'A & E' differ: only four say 'a&e' after normalising spaces and case.
    out.append(journey("J7", {"place": "a&e"}, {"service": "gp"}))
    return out


def read(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_shown_hides_every_count_below_five():
    assert [shown(n) for n in (0, 1, 4, 5, 12)] == [FEWER, FEWER, FEWER, "5", "12"]


def test_pool_hand_worked():
    p = pool(hand_worked(), NAMES)
    assert p.journeys == 7 and p.shown == "7"
    flows = {(f.source_label, f.target_label): f.journeys for f in p.flows}
    assert flows[("Riverside GP", "Recovery Hub")] == 6
    assert flows[("Recovery Hub", "Women's Centre")] == 3
    assert flows[("A&E", "Riverside GP")] == 5  # J1–J4 and J7 name A&E
    assert flows[(OFF_MAP, "Riverside GP")] == 2  # 'my nan's flat' and 'A & E'
    assert ("Women's Centre", "Women's Centre") not in flows  # staying put is not a flow
    assert p.flows[0].journeys == 6  # largest first

    barriers = {b.barrier: (b.label, b.journeys) for b in p.barriers}
    assert barriers == {"stigma": ("Felt judged", 5), "not_asked": ("Nobody asked", 2)}

    feel = {f.label: f for f in p.feelings}
    assert feel["Women's Centre"].journeys == 3 and feel["Women's Centre"].average is None
    assert feel["Recovery Hub"].average == 1.0


def test_pool_averages_only_over_journeys_that_gave_a_feeling():
    p = pool(hand_worked(), NAMES)
    gp = next(f for f in p.feelings if f.place == "gp")
    assert gp.journeys == 6  # J7's GP step has no feeling
    assert gp.average == round(-1 / 6, 1) == -0.2


def test_every_export_applies_the_small_number_rule():
    files = pooled_files(pool(hand_worked(), NAMES))
    assert set(files) == {"journey_flows.csv", "journey_barriers.csv", "journey_feelings.csv"}
    flows = read(files["journey_flows.csv"])
    assert {"from": "Recovery Hub", "to": "Women's Centre", "journeys": FEWER} in flows
    assert {"from": "Riverside GP", "to": "Recovery Hub", "journeys": "6"} in flows
    barriers = read(files["journey_barriers.csv"])
    assert barriers == [
        {"barrier": "stigma", "what_got_in_the_way": "Felt judged", "journeys": "5"},
        {"barrier": "not_asked", "what_got_in_the_way": "Nobody asked", "journeys": FEWER},
    ]
    feelings = {r["place"]: r for r in read(files["journey_feelings.csv"])}
    assert feelings["Riverside GP"] == {
        "place": "Riverside GP",
        "journeys": "6",
        "average_feeling": "-0.2",  # a plain number, not neutralised to '-0.2
    }
    assert feelings["Women's Centre"] == {
        "place": "Women's Centre",
        "journeys": FEWER,
        "average_feeling": "",
    }


def assert_rule_kept(files: dict[str, bytes]) -> None:
    """No count below 5 in any export, and no average beside a hidden count."""
    for name, data in files.items():
        for row in read(data):
            count = row["journeys"]
            assert count == FEWER or int(count) >= 5, (name, row)
            if name == "journey_feelings.csv" and count == FEWER:
                assert row["average_feeling"] == "", row


step_strategy = st.fixed_dictionaries(
    {},
    optional={
        "service": st.sampled_from(["gp", "tx", "wc", "gone"]),
        "place": st.sampled_from(["home", "A&E", "the street", "=cmd()"]),
        "feeling": st.integers(-2, 2),
        "barriers": st.lists(st.sampled_from(BARRIERS[:4]), max_size=2, unique=True).map(tuple),
    },
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(step_strategy, min_size=1, max_size=6), max_size=14))
def test_small_number_rule_holds_on_every_export_for_any_journeys(raw):
    journeys = [journey(f"J{i}", *steps) for i, steps in enumerate(raw, start=1)]
    p = pool(journeys, NAMES)
    assert_rule_kept(pooled_files(p))
    for item in (*p.flows, *p.barriers, *p.feelings):
        assert item.shown == (FEWER if item.journeys < 5 else str(item.journeys))


def test_no_journeys_pool_to_empty_exports():
    p = pool([], NAMES)
    assert p.shown == FEWER and p.flows == p.barriers == p.feelings == ()
    assert all(read(data) == [] for data in pooled_files(p).values())


def test_demo_pooled_exports_keep_the_rule(demo_dir):
    from journeymap.read.load import load_map

    smap = load_map(demo_dir)
    p = pool(smap.journeys, {s.id: s.name for s in smap.services})
    files = pooled_files(p)
    assert_rule_kept(files)
    barriers = {b.barrier: b.shown for b in p.barriers}
    assert barriers["fear_child_removal"] == "5"  # J01, J02, J04, J06, J09
    assert barriers["transport"] == FEWER
