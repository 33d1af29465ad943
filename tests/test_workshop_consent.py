"""Consent, the facilitator PIN and typed barriers, against the workspace database file."""

from __future__ import annotations

import sqlite3

import pytest

from journeymap.analyse import find_gaps
from journeymap.graph.build import build_graph
from journeymap.read.load import parse_map, read_folder
from journeymap.workshop.consent import Consent, ConsentNeeded, from_columns
from journeymap.workshop.pin import FIRST_WAIT, FREE_TRIES, PIN_ENV, FacilitatorPin, TooSoon
from journeymap.workshop.pooled import OWN_BARRIER, pool
from journeymap.workshop.store import DB_NAME, StepEntry, Workshop

NAMES = {"gp": "Riverside GP"}
SECRET = "Quokka-words-5512 said in the room"


def gp(**kw):
    return StepEntry(service="gp", service_name="Riverside GP", **kw)


def test_no_step_or_draft_is_saved_before_consent(tmp_path):
    ws = Workshop(tmp_path / "ws")
    code = ws.new_journey()
    with pytest.raises(ConsentNeeded, match="what happens to your story"):
        ws.add_step(code, gp())
    with pytest.raises(ConsentNeeded):
        ws.save_draft(code, gp())
    assert ws.steps(code) == [] and ws.draft(code) is None
    ws.set_consent(code, Consent(pool=True))
    ws.add_step(code, gp())
    assert len(ws.steps(code)) == 1


def test_consent_is_in_the_database_and_the_export_and_can_be_changed(tmp_path):
    ws = Workshop(tmp_path / "ws")
    code = ws.new_journey(Consent(pool=True, quote=False, keep_until="2027-03-31"))
    ws.add_step(code, gp(note=SECRET))
    with sqlite3.connect(ws.path) as db:
        assert db.execute("SELECT journey, pool, quote, keep_until FROM consent").fetchall() == [
            ("J01", 1, 0, "2027-03-31")
        ]
    exported = ws.export_csv().decode("utf-8-sig").splitlines()
    assert exported[0].endswith("consent_pool,consent_quote,keep_until")
    assert exported[1].endswith("yes,no,2027-03-31")
    ws.set_consent(code, Consent(pool=False, quote=True))
    assert ws.consent(code) == Consent(pool=False, quote=True)


def test_no_consent_to_pool_gives_no_pooled_figure(tmp_path):
    ws = Workshop(tmp_path / "ws")
    for n in range(6):
        code = ws.new_journey(Consent(pool=n != 0))
        ws.add_step(code, gp(feeling=-1, barriers=("stigma",)))
    assert [j.code for j in ws.pooled_journeys()] == ["J02", "J03", "J04", "J05", "J06"]
    assert ws.without_pool_consent() == 1
    pooled = pool(ws.pooled_journeys(), NAMES)
    assert pooled.journeys == 5
    assert [(b.barrier, b.journeys) for b in pooled.barriers] == [("stigma", 5)]
    # Nobody said yes: nothing at all is pooled.
    ws2 = Workshop(tmp_path / "ws2")
    ws2.add_step(ws2.new_journey(Consent(pool=False, quote=True)), gp(barriers=("stigma",)))
    assert ws2.pooled_journeys() == []
    assert pool(ws2.pooled_journeys(), NAMES).barriers == ()


def test_her_words_reach_pooled_journeys_only_with_consent_to_quote(tmp_path):
    ws = Workshop(tmp_path / "ws")
    ws.add_step(ws.new_journey(Consent(pool=True, quote=False)), gp(note=SECRET))
    ws.add_step(ws.new_journey(Consent(pool=True, quote=True)), gp(note=SECRET))
    assert [j.steps[0].note for j in ws.pooled_journeys()] == ["", SECRET]


def _journey_findings(tmp_path, pool_consent: bool):
    demo = read_folder("data/demo")
    files = {k: v for k, v in demo.items() if k != "journeys.csv"}
    smap = parse_map(files, "data/demo")
    gp_id = next(s.id for s in smap.services if s.type == "gp")
    ws = Workshop(tmp_path / f"ws-{pool_consent}")
    for _ in range(5):
        code = ws.new_journey(Consent(pool=pool_consent))
        ws.add_step(code, StepEntry(service=gp_id, helped_onward=False, barriers=("stigma",)))
    files["journeys.csv"] = ws.export_csv()
    got = parse_map(files, "data/demo")
    found = [f for f in find_gaps(got, build_graph(got)) if f.category.startswith("journey")]
    return got, found


def test_a_journey_without_consent_to_pool_gives_no_finding_in_a_map_folder(tmp_path):
    """The export put in a map folder: journeys that may not be pooled are left out (with a
    warning), so they give no journey finding; the same journeys with consent do."""
    got, found = _journey_findings(tmp_path, pool_consent=True)
    assert len(got.journeys) == 5 and found
    got, found = _journey_findings(tmp_path, pool_consent=False)
    assert got.journeys == () and found == []
    assert any("journey J01 has no consent to pool" in w for w in got.warnings)


def test_withdrawing_deletes_the_journey_and_its_consent_from_the_file(tmp_path):
    ws = Workshop(tmp_path / "ws")
    code = ws.new_journey(Consent(pool=True, quote=True, keep_until="2031-01-09"))
    ws.add_step(code, gp(note=SECRET))
    assert ws.delete_journey(code)
    with sqlite3.connect(tmp_path / "ws" / DB_NAME) as db:
        assert db.execute("SELECT count(*) FROM consent").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM steps").fetchone() == (0,)
    data = b"".join(p.read_bytes() for p in (tmp_path / "ws").iterdir() if p.is_file())
    assert SECRET.encode() not in data and b"2031-01-09" not in data


def test_import_keeps_consent_and_a_file_without_it_counts_as_pooled(tmp_path):
    ws = Workshop(tmp_path / "ws")
    ws.add_step(ws.new_journey(Consent(pool=False, quote=True)), gp())
    data = ws.export_csv()
    other = Workshop(tmp_path / "other")
    other.import_csv(data, NAMES)
    assert other.consent("J01") == Consent(pool=False, quote=True)
    assert "consent_pool" not in other.steps("J01")[0].entry.extra  # not kept twice
    plain = b"journey,step,service\nJ07,1,gp\n"
    other.import_csv(plain, NAMES)
    assert other.consent("J07") == Consent(pool=True, quote=False)
    assert from_columns({"consent_pool": "maybe"}) == Consent(pool=False)


def test_typed_barriers_are_named_in_pooled_figures_only_when_five_share_them(tmp_path):
    ws = Workshop(tmp_path / "ws")
    for n in range(6):
        code = ws.new_journey(Consent(pool=True))
        own = "the bus never came" if n < 5 else "my sister's boyfriend"
        ws.add_step(code, gp(barriers=(own,)))
    pooled = pool(ws.pooled_journeys(), NAMES)
    assert [(b.label, b.journeys) for b in pooled.barriers] == [
        ("the bus never came", 5),
        ("something else", 1),
    ]
    assert pooled.barriers[1].barrier == OWN_BARRIER


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_pin_set_on_first_start_is_kept_only_as_a_salted_hash(tmp_path):
    ws = Workshop(tmp_path / "ws")
    pin = FacilitatorPin(ws, env={})
    assert not pin.is_set()
    with pytest.raises(ValueError, match="at least 4"):
        pin.set("12")
    pin.set("482913")
    assert pin.is_set() and pin.check("482913") and not pin.check("482914")
    with pytest.raises(ValueError, match="already set"):
        pin.set("000000")
    data = b"".join(p.read_bytes() for p in (tmp_path / "ws").iterdir() if p.is_file())
    assert b"482913" not in data
    stored = ws.setting("pin.hash")
    assert stored.startswith("scrypt$")
    ws2 = Workshop(tmp_path / "ws2")
    FacilitatorPin(ws2, env={}).set("482913")
    assert ws2.setting("pin.hash") != stored  # a fresh salt each time


def test_five_wrong_pins_slow_the_next_try_and_the_right_one_resets(tmp_path):
    ws = Workshop(tmp_path / "ws")
    clock = Clock()
    pin = FacilitatorPin(ws, env={PIN_ENV: "7391"}, clock=clock)
    assert pin.is_set() and ws.setting("pin.hash") == ""  # the environment's is never stored
    for _ in range(FREE_TRIES):
        assert pin.wait() == 0
        assert not pin.check("0000")
    assert pin.wait() == FIRST_WAIT
    with pytest.raises(TooSoon):
        pin.check("7391")  # even the right PIN waits
    clock.now += FIRST_WAIT
    assert not pin.check("1111")
    assert pin.wait() == 2 * FIRST_WAIT  # doubling
    # Another session (a new object on the same workspace) sees the same wait.
    assert FacilitatorPin(ws, env={PIN_ENV: "7391"}, clock=clock).wait() == 2 * FIRST_WAIT
    clock.now += 2 * FIRST_WAIT
    assert pin.check("7391")
    assert pin.wait() == 0


def test_a_no_on_any_step_leaves_the_whole_journey_out():
    """A journeys.csv edited by hand: her second step says no, so none of it is pooled."""
    files = {
        "services.csv": b"id,name,type,area\ngp,GP,gp,A\ntx,TX,drug_alcohol_treatment,A\n",
        "links.csv": b"from,to,kind\ngp,tx,referral\n",
        "journeys.csv": b"journey,step,service,consent_pool\nJ01,1,gp,yes\nJ01,2,tx,no\n",
    }
    got = parse_map(files)
    assert got.journeys == ()
    assert list(got.warnings) == [
        "journeys.csv:3: warning: journey J01 has no consent to pool (consent_pool is not "
        "'yes'), so it is left out of every figure and finding"
    ]
