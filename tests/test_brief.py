"""The board report: its structure for the demo map, figures that match the CLI and
`metrics.headline`, escaping of everything from the data, and the network picture."""

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mapkit import build
from markupsafe import escape

import journeymap.outputs.brief as brief
from journeymap import Finding, build_graph, find_gaps, load_map
from journeymap.analyse import ANALYSES
from journeymap.analyse.filters import top_findings
from journeymap.analyse.metrics import headline
from journeymap.analyse.standards import scorecard
from journeymap.graph.index import area_nodes
from journeymap.labels import (
    GROUP_COLOURS,
    GROUP_LABELS,
    KIND_COLOURS,
    KIND_LABELS,
    NO_ROUTE_COLOUR,
)
from journeymap.outputs.brief import (
    SvgEdge,
    SvgNode,
    board_report,
    network_svg,
    picture_of,
)
from journeymap.outputs.layout import PAGE_ROW, PAGE_TOP, page_layout, route_columns, route_layout
from journeymap.read.load import parse_map
from journeymap.read.synth import synth_files

TODAY = dt.date(2026, 11, 22)
#: The scorecard's four states, as the report's cell classes.
STATES = ("met", "partly", "not_met", "not_evidenced")


class Outline(HTMLParser):
    """Collects what the tests look at: tags seen, areas, headings, figures, attributes."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, dict]] = []
        self.areas: list[str] = []
        self.h2: list[str] = []
        self.figures: list[tuple[str, str]] = []
        self.standards: list[tuple[str, str]] = []
        self.gaps: list[tuple[str, str]] = []
        self._category = ""
        self._field: str | None = None
        self._text: list[str] = []
        self._row: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        self.attrs.append((tag, a))
        if tag == "section" and a.get("class") == "area":
            self.areas.append(a["data-area"])
        if tag == "div" and "data-figure" in a:
            self._row = a["data-figure"]
        if tag == "span" and a.get("class") == "value" and self._row:
            self._field, self._text = "figure", []
        if tag == "h2":
            self._field, self._text = "h2", []
        if tag == "tr" and "data-standard" in a:
            self._row = a["data-standard"]
        if tag == "td" and a.get("class") in STATES and self._row:
            self.standards.append((self._row, a["class"]))
        if tag == "li" and a.get("class") == "gap":
            self._category = a["data-category"]
        if tag == "strong" and self.attrs[-2][1].get("class", "").startswith("sev"):
            self._field, self._text = "gap", []

    def handle_data(self, data):
        if self._field:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._field == "figure" and tag == "span":
            self.figures.append((self._row or "", "".join(self._text)))
            self._field = None
        elif self._field == "h2" and tag == "h2":
            self.h2.append("".join(self._text))
            self._field = None
        elif self._field == "gap" and tag == "strong":
            self.gaps.append((self._category, "".join(self._text)))
            self._field = None


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def demo():
    smap = load_map("data/demo")
    G = build_graph(smap)
    return smap, G, find_gaps(smap, G)


@pytest.fixture(scope="module")
def demo_html(demo):
    smap, G, findings = demo
    return board_report(smap, G, findings, title="demo", today=TODAY)


SECTION_HEADINGS = [
    "Headline figures",
    "The network",
    "Minimum standards",
    "Top gaps and what would close them",
    "Groups of women without a safe route",
]


def test_a_section_per_area_with_every_part(demo_html):
    o = outline(demo_html)
    assert o.areas == ["Ashcombe", "Fenmoor"]
    summary = ["Key local partners", "Recommended changes", "What women told us"]
    assert o.h2 == [
        *(h for area in o.areas for h in [f"Where {area} stands", *summary]),
        *SECTION_HEADINGS * 2,
        "Sources",
    ]
    assert demo_html.count('<svg xmlns="http://www.w3.org/2000/svg" class="network"') == 2
    assert "Map: demo · 65 services, 127 links · 22 November 2026" in demo_html
    assert demo_html.startswith("<!DOCTYPE html>")


def test_it_is_self_contained_and_prints_on_a4(demo_html):
    o = outline(demo_html)
    assert not {"script", "link", "img", "iframe", "object"} & set(o.tags)
    assert not [a for _, a in o.attrs if "src" in a or "href" in a]
    assert "@import" not in demo_html and "url(" not in demo_html
    assert "@page { size: A4;" in demo_html
    assert ".area + .area { break-before: page; }" in demo_html


def _expected_figures(h):
    sev = h.by_severity
    return [
        ("touchpoints", str(h.touchpoints)),
        ("with_route", f"{h.with_route} ({h.share_with_route:.0%})"),
        ("median_handoffs", f"{h.median_handoffs:g}"),
        ("standards", f"{h.standards_met} of {h.standards_total}"),
        ("persona_gaps", str(h.persona_gaps) if "persona_gap" in ANALYSES else "not checked"),
        ("findings", f"{sev['high']} / {sev['medium']} / {sev['low']}"),
    ]


def test_figures_are_the_shared_headline_figures(demo, demo_html):
    smap, G, findings = demo
    expected = []
    for area in smap.area_names():
        expected += _expected_figures(headline(smap, G, findings, area))
    assert outline(demo_html).figures == expected
    # hand-checked against the demo map, so a change in either shows up here
    assert expected[:4] == [
        ("touchpoints", "33"),
        ("with_route", "33 (100%)"),
        ("median_handoffs", "1"),
        ("standards", "30 of 31"),
    ]


@pytest.mark.parametrize("area", ["Ashcombe", "Fenmoor"])
def test_figures_match_the_cli(run_cli, demo_dir, tmp_path, area):
    report = run_cli("report", demo_dir, "--area", area, "--out", tmp_path / "gaps.csv")
    high, medium, low = re.search(r"(\d+) high, (\d+) medium, (\d+) low", report.err).groups()
    out = tmp_path / "brief.html"
    result = run_cli("brief", demo_dir, "--area", area, "--out", out)
    assert result.code == 0, result.err
    assert result.err == f"Wrote the board report to {out}\n"
    o = outline(out.read_text())
    assert o.areas == [area]
    assert dict(o.figures)["findings"] == f"{high} / {medium} / {low}"
    rows = (tmp_path / "gaps.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert int(high) + int(medium) + int(low) == len(rows)


def test_the_scorecard_is_the_standards_scorecard(demo, demo_html):
    smap, G, _ = demo
    o = outline(demo_html)
    expected = [
        (r.standard.id, r.state) for area in smap.area_names() for r in scorecard(smap, G, area)
    ]
    assert o.standards == expected
    met = sum(r.met for r in scorecard(smap, G, "Fenmoor"))
    assert f"{met} of {len(smap.standards)} standards met." in demo_html
    assert {"met", "partly", "not_met"} <= {state for _, state in o.standards}


def test_top_gaps_are_the_first_findings_of_the_area(demo, demo_html):
    smap, _, findings = demo
    o = outline(demo_html)
    expected = []
    for area in smap.area_names():
        mine = [
            f
            for f in findings
            if f.area == area and f.category not in ("standards_gap", "persona_gap")
        ]
        top = top_findings(mine, brief.TOP_GAPS)  # report order, one row per subject
        assert len({f.subject_id.split(":")[0] for f in top}) == len(top)
        expected += [f.finding for f in top]
        if len(mine) > brief.TOP_GAPS:
            assert f"{len(mine) - brief.TOP_GAPS} more in the full gap report" in demo_html
    assert [text for category, text in o.gaps if category != "persona_gap"] == expected


def test_persona_gaps_are_the_persona_findings_of_each_area(demo, demo_html):
    smap, _, findings = demo
    o = outline(demo_html)
    listed = [text for category, text in o.gaps if category == "persona_gap"]
    expected = [
        f.finding
        for area in smap.area_names()
        for f in sorted(findings, key=Finding.sort_key)
        if f.area == area and f.category == "persona_gap"
    ]
    assert listed == expected and expected  # the demo's Fenmoor leaves some women without one


def test_no_persona_gaps_and_no_persona_analysis_are_said_plainly(demo, monkeypatch):
    smap, G, findings = demo
    others = [f for f in findings if f.category != "persona_gap"]
    html = board_report(smap, G, others, areas=["Ashcombe"], today=TODAY)
    assert "Every group of women in the checklist has a safe route" in html
    assert dict(outline(html).figures)["persona_gaps"] == "0"
    monkeypatch.delitem(ANALYSES, "persona_gap", raising=False)
    html = board_report(smap, G, others, areas=["Ashcombe"], today=TODAY)
    assert "does not yet check routes for each group of women" in html
    assert dict(outline(html).figures)["persona_gaps"] == "not checked"


def test_sources_name_both_seeds_and_every_section_cited(demo_html):
    sources = demo_html[demo_html.index('id="sources"') :]
    assert "A Womanifesto, 2025" in sources
    assert "Drug and alcohol treatment services for women" in sources
    assert "<li>Womanifesto, Recommendation Three</li>" in sources
    assert "<li>CJI guide, Service mapping</li>" in sources


def test_everything_from_the_data_is_escaped():
    smap = build(
        "tx drug_alcohol_treatment A&amp;B\ngp gp A&amp;B\nwc womens_centre A&amp;B",
        "gp -> tx formal",
    )
    evil = "<script>alert(1)</script>"
    smap = smap.model_copy(
        update={
            "services": tuple(
                s.model_copy(update={"name": evil}) if s.id == "wc" else s for s in smap.services
            )
        }
    )
    G = build_graph(smap)
    html = board_report(smap, G, find_gaps(smap, G), title="<b>map</b>", today=TODAY)
    assert "<script" not in html and "<b>map" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "A&amp;amp;B" in html  # the area as typed, shown as text
    assert "&lt;b&gt;map&lt;/b&gt;" in html
    assert outline(html).areas == ["A&amp;B"]


def test_every_field_of_findings_and_standards_is_escaped(demo):
    """Text of findings, standards and service names, in elements and in attributes."""
    smap, G, findings = demo
    evil = '<i>"x"</i>'
    hostile = [
        f.model_copy(
            update={k: f"{getattr(f, k)} {evil}" for k in ("finding", "evidence", "suggestion")}
            | {"category": f"{f.category}{evil}", "source": f"{f.source}; {evil}"}
        )
        for f in findings
    ]
    standards = tuple(
        s.model_copy(update={"id": s.id + evil, "standard": evil, "source": evil})
        for s in smap.standards
    )
    smap = smap.model_copy(update={"standards": standards})
    html = board_report(smap, G, hostile, title=evil, today=TODAY)
    assert "<i>" not in html and '"x"' not in html
    assert html.count("&lt;i&gt;&#34;x&#34;&lt;/i&gt;") > 100
    outline(html)  # still well-formed enough to parse


def test_the_templates_never_mark_text_safe():
    from journeymap.outputs import templates

    folder = Path(templates.__file__).parent
    for template in folder.iterdir():
        if template.suffix in (".j2", ".css"):
            text = template.read_text(encoding="utf-8")
            assert not re.search(r"\|\s*safe\b|\{%-?\s*autoescape", text), template
    assert "Markup" not in Path(brief.__file__).read_text(encoding="utf-8")


def test_template_lines_are_joined_as_the_report_means_them():
    """A break next to markup goes, one between words is a space, a blank line is a line
    break; values are escaped and never joined or split."""
    from journeymap.outputs.templates import _ENV

    template = _ENV.from_string(
        "<ul>\n  <li>one\n    two {{ x }}</li>\n  {% if x %}\n    <li>\n{{ x }}</li>\n"
        "  {% endif %}\n</ul>\n\n<p>a</p>"
    )
    assert template.render(x="<b>\n c") == (
        "<ul><li>one two &lt;b&gt;\n c</li><li>&lt;b&gt;\n c</li></ul>\n<p>a</p>"
    )


# --------------------------------------------------------------------------- the picture


def test_the_picture_has_the_apps_hand_off_columns():
    smap = build(
        """tx drug_alcohol_treatment A
        wc womens_centre A
        gp gp A
        dv domestic_abuse A
        ph pharmacy A
        far housing A
        alone outreach A""",
        """wc -- tx co_location
        gp -> tx
        dv -> gp
        ph -> dv
        far -> ph
        """,
    )
    G = build_graph(smap)
    columns = route_columns(G, list(G))
    assert [(c.title, c.members) for c in columns] == [
        ("treatment", ("tx",)),
        ("treatment on site", ("wc",)),
        ("1 hand-off", ("gp",)),
        ("2 hand-offs", ("dv",)),
        ("3 hand-offs", ("ph",)),
        ("4 hand-offs", ("far",)),
        ("no route to treatment", ("alone",)),
    ]
    layout = page_layout(G, list(G))
    x = {n: p[0] for n, p in layout.positions.items()}
    assert x["tx"] < x["wc"] < x["gp"] < x["dv"] < x["ph"] < x["far"] < x["alone"]
    assert [h[1] for h in layout.headings] == [
        "Treatment",
        "Treatment on site",
        "1 hand-off",
        "2 hand-offs",
        "3 hand-offs",
        "4 hand-offs",
        "No route to treatment",
    ]
    assert [h[2] for h in layout.headings] == [False] * 6 + [True]
    assert layout.no_route == {"alone"}
    assert layout.height == PAGE_TOP + PAGE_ROW + 10  # the tallest column holds one


def _reading_order(pos, key):
    """Services column by column (lane by lane), top to bottom: `key` turns a position into
    (x, height from the top)."""
    return sorted(pos, key=lambda n: key(pos[n]))


@pytest.mark.parametrize("source", ["demo", "synthetic"])
def test_the_board_puts_each_service_where_the_app_does(demo, source):
    """The app's network page (`route_layout`) and the board's picture read the same, service
    for service; the synthetic map has columns long enough to be cut into lanes."""
    if source == "demo":
        smap, G, _ = demo
    else:
        smap = parse_map(synth_files(1, 300, seed=3))
        G = build_graph(smap)
    for area in smap.area_names():
        nodes = area_nodes(G, area)
        app, titles = route_layout(G, nodes)
        board = page_layout(G, nodes)
        assert _reading_order(board.positions, lambda p: p) == _reading_order(
            app, lambda p: (p[0], -p[1])
        )
        assert [h[1].lower() for h in board.headings] == [t.lower() for _, t in titles]
    if source == "synthetic":
        assert len(board.headings) < len({x for x, _ in board.positions.values()})  # lanes


def test_a_long_column_is_split_side_by_side():
    services = "\n".join(f"g{i} gp A" for i in range(45)) + "\ntx drug_alcohol_treatment A"
    links = "\n".join(f"g{i} -> tx" for i in range(45))
    G = build_graph(build(services, links))
    layout = page_layout(G, list(G))
    xs = {x for n, (x, _) in layout.positions.items() if n != "tx"}
    assert len(xs) == 2
    assert [h[1] for h in layout.headings] == ["Treatment", "1 hand-off"]


def test_network_svg_is_a_pure_drawing_of_what_it_is_given():
    nodes = [
        SvgNode("tx", 20, 50, "Recovery Hub", "treatment"),
        SvgNode("gp", 200, 50, "A practice with a name much longer than fits", "health"),
        SvgNode("x", 200, 90, "<Nobody>", "other", no_route=True, title="no route & alone"),
    ]
    edges = [
        SvgEdge("gp", "tx", "referral", True),
        SvgEdge("x", "gp", "co_location", False),
        SvgEdge("x", "missing", "referral", True),
    ]
    picture = picture_of(
        nodes, edges, headings=[(14, "Treatment", False)], height=120, label_chars=20
    )
    assert picture == picture_of(
        nodes, edges, headings=[(14, "Treatment", False)], height=120, label_chars=20
    )
    svg = network_svg(picture)
    assert len(picture.links) == 2  # the link to a service not drawn is left out
    assert svg.startswith(
        '<svg xmlns="http://www.w3.org/2000/svg" class="network" viewBox="0 0 1000 120"'
    )
    assert svg.count("<circle") == 3
    assert svg.count("<line") == 1 and svg.count("<path") == 1  # same column: a bow, not a line
    assert svg.count('stroke-dasharray="6 4"') == 1  # the informal link
    assert f'stroke="{NO_ROUTE_COLOUR}" stroke-width="3"' in svg
    assert "A practic…than fits" in svg  # cut in the middle, as the app cuts names
    assert "&lt;Nobody&gt;" in svg and "no route &amp; alone" in svg
    assert '<text class="heading" x="14" y="20" fill="#3b1f5e">Treatment</text>' in svg
    # the app's palette (labels.py): a colour per group, a grey per kind of link
    assert (
        f'fill="{GROUP_COLOURS["treatment"]}"' in svg and f'fill="{GROUP_COLOURS["health"]}"' in svg
    )
    assert f'class="link referral" stroke="{KIND_COLOURS["referral"]}"' in svg
    assert f'class="link co_location" stroke="{KIND_COLOURS["co_location"]}"' in svg


def test_the_legend_has_the_apps_words_and_colours(demo_html):
    legend = demo_html[demo_html.index('<ul class="legend">') :]
    legend = legend[: legend.index("</ul>")]
    for group, name in GROUP_LABELS.items():
        assert f'fill="{GROUP_COLOURS[group]}"/></svg>{escape(name)}</li>' in legend
    for kind, name in KIND_LABELS.items():
        assert f'stroke="{KIND_COLOURS[kind]}"' in legend and f"</svg>{name}</li>" in legend
    assert f'stroke="{NO_ROUTE_COLOUR}"' in legend


GOLDEN_BRIEF = Path(__file__).parent / "golden" / "demo_brief.html"


def test_board_report_matches_the_golden_file(demo_dir):
    """The demo's board report, byte for byte, on a fixed date.

    After a deliberate change, read the diff, then refresh it with
    `python -c "import tests.test_brief as t; t.write_golden_brief()"` from the repository root.
    """
    assert demo_board_report(demo_dir) == GOLDEN_BRIEF.read_text(encoding="utf-8")


def demo_board_report(folder) -> str:
    from journeymap.workshop.board import board_extras

    smap = load_map(folder)
    G = build_graph(smap)
    findings = find_gaps(smap, G)
    plans, women = board_extras(smap, findings)
    return board_report(smap, G, findings, title="demo", today=TODAY, plans=plans, women=women)


def write_golden_brief() -> None:
    from journeymap.resources import DATA_DIR

    GOLDEN_BRIEF.write_text(demo_board_report(DATA_DIR / "demo"), encoding="utf-8")
