"""The Streamlit app, run headless with AppTest: every page on the demo map, the filters, the
map chosen at start-up, and uploads of a good map, a broken one and a hostile one."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from journeymap.analyse import find_gaps
from journeymap.analyse.filters import filter_findings
from journeymap.analyse.metrics import headline
from journeymap.analyse.resilience import dominated_touchpoints
from journeymap.analyse.standards import scorecard
from journeymap.graph.build import build_graph
from journeymap.graph.index import area_nodes
from journeymap.graph.partners import key_partners
from journeymap.outputs.report import report_csv
from journeymap.read.load import load_map, read_folder
from journeymap.ui.state import default_folder

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
DEMO = ROOT / "data" / "demo"
TIMEOUT = 60
SCRIPT = "<script>alert(1)</script>"

SMALL_SERVICES = (
    "id,name,type,area,women_only,offers\n"
    f"gp,{SCRIPT},gp,Ambridge,no,\n"
    "tx,Ambridge Recovery,drug_alcohol_treatment,Ambridge,no,creche\n"
    "wc,**Bold** Women's Centre,womens_centre,Ambridge,yes,women_only_space\n"
).encode()
SMALL_LINKS = b"from,to,kind,two_way,formal\ngp,tx,referral,no,yes\nwc,tx,co_location,,yes\n"


@pytest.fixture(scope="module")
def demo():
    smap = load_map(DEMO)
    G = build_graph(smap)
    return smap, G, find_gaps(smap, G)


def start(monkeypatch, argv=("app.py",), env: str | None = None) -> AppTest:
    monkeypatch.setattr("sys.argv", list(argv))
    if env is None:
        monkeypatch.delenv("JOURNEYMAP_MAP", raising=False)
    else:
        monkeypatch.setenv("JOURNEYMAP_MAP", env)
    return AppTest.from_file(APP, default_timeout=TIMEOUT).run()


@pytest.fixture
def app(monkeypatch) -> AppTest:
    return start(monkeypatch)


def page(at: AppTest, name: str) -> AppTest:
    at.switch_page(f"journeymap/ui/pages/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    """Each metric's label as she reads it (markdown escapes taken off) and its value."""
    return {re.sub(r"\\(.)", r"\1", m.label): m.value for m in at.metric}


def figure(at: AppTest, key: str | None = None) -> dict:
    charts = at.get("plotly_chart")
    assert charts, "no chart on the page"
    return json.loads(charts[0].proto.spec)


def table(at: AppTest, column: str):
    """The first table on the page with this column (tables have no keys in AppTest)."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a '{column}' column")


def services_of(at: AppTest):
    return table(at, "Key partner for")


def links_of(at: AppTest):
    return table(at, "Line in links.csv")


def plain(markdown: str) -> str:
    """What a reader sees of markdown escaped by `ui.safe.md`."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def all_text(at: AppTest) -> str:
    """Every markdown, caption, code and alert text on the page, as the reader sees it."""
    kinds = ("markdown", "caption", "code", "error", "info", "warning")
    return "\n".join(plain(str(e.value)) for kind in kinds for e in at.get(kind))


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader(key="upload").set_value(
        [
            (name, data, "application/zip" if name.endswith(".zip") else "text/csv")
            for name, data in files
        ]
    )
    return at.run()


def zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


# --- every page on the demo map -------------------------------------------------------------


def test_overview_shows_the_headline_figures_of_metrics_headline(app, demo):
    smap, G, findings = demo
    assert not app.exception
    h = headline(smap, G, findings, "Ashcombe")
    got = metrics(app)
    assert got["Touchpoints with a route to treatment"] == f"{h.share_with_route:.0%}"
    assert got["Median hand-offs to treatment"] == f"{h.median_handoffs:g}"
    assert got["Standards met"] == f"{h.standards_met} of {h.standards_total}"
    sev = h.by_severity
    assert got["Findings: high / medium / low"] == f"{sev['high']} / {sev['medium']} / {sev['low']}"
    assert [s.value for s in app.subheader][:2] == ["Ashcombe", "Top gaps"]
    mine = filter_findings(findings, areas=["Ashcombe"])
    assert mine[0].finding in all_text(app)
    compare = app.dataframe[-1].value
    assert list(compare["Area"]) == ["Ashcombe", "Fenmoor"]
    assert app.sidebar.caption[0].value == "Showing the demo map"


def test_overview_follows_the_area_picker(app, demo):
    smap, G, findings = demo
    app.selectbox(key="overview_area").select("Fenmoor").run()
    h = headline(smap, G, findings, "Fenmoor")
    assert metrics(app)["Touchpoints with a route to treatment"] == f"{h.share_with_route:.0%}"
    assert metrics(app)["Standards met"] == f"{h.standards_met} of {h.standards_total}"
    # the chosen area follows her to the next page
    page(app, "standards")
    assert app.selectbox(key="standards_area").value == "Fenmoor"


def test_network_draws_the_area_with_its_tables(app, demo):
    smap, G, _ = demo
    page(app, "network")
    fig = figure(app)
    names = {t.get("name") for t in fig["data"]}
    assert {"Treatment", "Health", "Women-only service (ring)", "Referral, formal"} <= names
    nodes = area_nodes(G, "Ashcombe")
    services = services_of(app)
    assert sorted(services["Id"]) == sorted(nodes)
    drawn = [
        c
        for t in fig["data"]
        if t.get("legendgroup") == "services" and t.get("customdata")
        for c in t["customdata"]
    ]
    assert sorted(drawn) == sorted(nodes)
    links = links_of(app)
    inside = set(nodes)
    assert len(links) == sum(1 for lk in smap.links if lk.source in inside and lk.target in inside)
    partners = key_partners(G, "Ashcombe")
    by_id = services.set_index("Id")["Key partner for"]
    assert all(by_id[n] == partners.get(n, 0) for n in nodes)


def test_network_filters_by_type_and_link_kind(app):
    page(app, "network")
    app.multiselect(key="network_types").select("gp").run()
    services = services_of(app)
    assert set(services["Type"]) == {"GP practice"}
    app.multiselect(key="network_types").unselect("gp").run()
    app.checkbox(key="network_formal").check().run()
    assert set(links_of(app)["Formal"]) == {"yes"}
    app.pills(key="network_kinds").set_value(["co_location"]).run()
    assert set(links_of(app)["Kind"]) == {"co location"}
    line_traces = {t["name"] for t in figure(app)["data"] if t.get("mode") == "lines"}
    assert line_traces == {"Co-location (no hand-off), formal"}
    app.pills(key="network_groups").set_value(["treatment"]).run()
    assert set(services_of(app)["Type"]) <= {
        "Drug and alcohol treatment",
        "Residential rehab",
        "Inpatient detox",
    }


def test_network_highlights_quickest_routes_and_neighbourhood(app):
    app.selectbox(key="overview_area").select("Fenmoor").run()
    page(app, "network")
    app.selectbox(key="network_focus").select("fen-gp-2").run()
    assert plain(app.info[0].value) == "Saltings Medical Practice has no route into treatment."
    app.selectbox(key="network_focus").select("fen-pharmacy-1").run()
    fig = figure(app)
    bold = [t for t in fig["data"] if t["name"] == "Quickest routes to treatment"]
    assert len(bold) == 1 and len(bold[0]["x"]) >= 9  # 3 hand-offs: at least 3 segments
    assert "take 3 hand-offs" in plain(app.info[0].value)
    app.radio(key="network_mode").set_value("Neighbourhood").run()
    app.slider(key="network_k").set_value(2).run()
    assert not app.exception
    assert any(t["name"] == "Within 2 links" for t in figure(app)["data"])


def test_network_layouts_all_draw(app):
    page(app, "network")
    for layout in ("spring", "geo", "routes"):
        app.radio(key="network_layout").set_value(layout).run()
        assert not app.exception
        assert figure(app)["data"]


@pytest.fixture
def downloads(monkeypatch):
    """Every file the app offers for download in this test: {media url id: bytes}, and
    {deferred id: (the callable a click runs, file name)} for a file made on click."""
    files: dict[str, tuple[bytes, str | None]] = {}
    original = MemoryMediaFileStorage.load_and_get_id
    deferred = MediaFileManager.add_deferred

    def load_and_get_id(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        files[file_id] = (bytes(path_or_data), filename)
        return file_id

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)
        files[file_id] = (data_callable, file_name)
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", load_and_get_id)
    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return files


def download(at: AppTest, files: dict[str, tuple[bytes, str | None]]) -> tuple[bytes, str | None]:
    """The bytes and file name behind the page's download button (made as a click makes
    them, for a file made on click)."""
    proto = at.get("download_button")[0].proto
    if proto.deferred_file_id:
        make, name = files[proto.deferred_file_id]
        return make(), name
    return files[proto.url.rsplit("/", 1)[-1].split(".")[0]]


def download_bytes(at: AppTest, files: dict[str, tuple[bytes, str | None]]) -> bytes:
    return download(at, files)[0]


def test_gaps_lists_every_finding_and_downloads_the_cli_report(app, demo, downloads, run_cli):
    _, _, findings = demo
    page(app, "gaps")
    table = app.dataframe(key="gaps_table").value
    assert len(table) == len(findings)
    assert list(table["Finding"]) == [f.finding for f in findings]
    assert download_bytes(app, downloads) == run_cli("report", DEMO).out
    app.multiselect(key="gaps_areas").select("Fenmoor").run()
    fenmoor = [f for f in findings if f.area == "Fenmoor"]
    assert len(app.dataframe(key="gaps_table").value) == len(fenmoor)
    assert download_bytes(app, downloads) == run_cli("report", DEMO, "--area", "Fenmoor").out
    assert download(app, downloads)[1] == "journeymap-gaps-fenmoor.csv"


def test_gaps_filters_by_category_and_severity_and_shows_one_in_full(app, demo, downloads):
    smap, _, findings = demo
    page(app, "gaps")
    app.multiselect(key="gaps_categories").select("single_point_of_failure").run()
    app.multiselect(key="gaps_severities").select("high").run()
    chosen = filter_findings(findings, categories=["single_point_of_failure"], severities=["high"])
    assert chosen
    table = app.dataframe(key="gaps_table").value
    assert set(table["Category"]) == {"single_point_of_failure"}
    assert set(table["Severity"]) == {"high"}
    assert download_bytes(app, downloads) == report_csv(chosen, smap.actions)
    shown = all_text(app)
    assert chosen[0].evidence.split(" ")[0] in shown  # the first one, in full


def test_standards_scorecard(app, demo):
    smap, G, _ = demo
    page(app, "standards")
    results = scorecard(smap, G, "Ashcombe")
    assert metrics(app)["Standards met"] == f"{sum(r.met for r in results)} of {len(results)}"
    card = app.dataframe[0].value
    assert list(card["Standard"]) == [s.standard for s in smap.standards]
    assert list(card["Met"]) == ["met" if r.met else "not met" for r in results]
    assert smap.standards[0].standard in all_text(app)  # the first, in full
    grid = app.dataframe[1].value
    assert list(grid.columns) == ["Ashcombe", "Fenmoor"]


def test_service_page_shows_links_routes_findings_and_key_partner(app, demo):
    smap, G, findings = demo
    app.selectbox(key="overview_area").select("Fenmoor").run()
    page(app, "service")
    app.selectbox(key="service_pick").select("fen-outreach").run()
    assert not app.exception
    assert app.header[0].value == "Fenmoor Rural Outreach Worker"
    partners = key_partners(G, "Fenmoor")
    got = metrics(app)
    assert got["Key partner for"].startswith(f"{partners['fen-outreach']} of ")
    cut = dominated_touchpoints(smap, G)["fen-outreach"]
    assert got["Touchpoints cut off without it"] == str(len(cut))
    about = [f for f in findings if f.subject_id.split(":")[0] == "fen-outreach"]  # barriers too
    assert len(app.dataframe[-1].value) == len(about)
    links = app.dataframe[0].value
    assert len(links) == sum(1 for lk in smap.links if "fen-outreach" in (lk.source, lk.target))


def test_every_page_runs_for_every_area(app, demo):
    smap, _, _ = demo
    for name in ("overview", "network", "gaps", "standards", "service"):
        page(app, name)
    for area in [*smap.area_names(), "national"]:
        page(app, "network")
        app.selectbox(key="network_area").select(area).run()
        assert not app.exception
        page(app, "service")
        assert not app.exception


# --- which map -------------------------------------------------------------------------------


def write_small_map(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "services.csv").write_bytes(SMALL_SERVICES)
    (folder / "links.csv").write_bytes(SMALL_LINKS)
    return folder


def test_map_folder_from_the_command_line_and_the_environment(tmp_path, monkeypatch):
    folder = write_small_map(tmp_path / "ambridge")
    assert default_folder(["--map", str(folder)], {}) == folder
    assert default_folder([], {"JOURNEYMAP_MAP": str(folder)}) == folder
    assert default_folder([], {}) == DEMO
    at = start(monkeypatch, argv=["app.py", "--map", str(folder)])
    assert not at.exception
    assert at.subheader[0].value == "Ambridge"
    assert plain(at.sidebar.caption[0].value) == f"Showing folder {folder}"
    at = start(monkeypatch, env=str(folder))
    assert at.subheader[0].value == "Ambridge"


def test_a_missing_map_folder_is_an_error_not_a_crash(tmp_path, monkeypatch):
    at = start(monkeypatch, argv=["app.py", "--map", str(tmp_path / "nowhere")])
    assert not at.exception
    assert at.error
    assert "nowhere:1: this is not a folder" in at.code[0].value


# --- uploads -------------------------------------------------------------------------------


def test_uploading_csv_files_replaces_the_map_for_the_session(app):
    upload(app, ("services.csv", SMALL_SERVICES), ("links.csv", SMALL_LINKS))
    assert not app.exception
    assert app.subheader[0].value == "Ambridge"
    assert app.sidebar.caption[0].value.startswith("Showing your upload")
    page(app, "network")
    assert len(services_of(app)) == 3
    # clearing the upload brings the demo map back
    app.file_uploader(key="upload").clear()
    app.run()
    page(app, "overview")
    assert app.subheader[0].value == "Ashcombe"


def test_uploading_a_zip_of_the_demo_folder(app):
    files = {f"demo/{name}": data for name, data in read_folder(DEMO).items()}
    files["demo/README.txt"] = b"notes"
    upload(app, ("demo.zip", zip_of(files)))
    assert not app.exception
    assert app.subheader[0].value == "Ashcombe"
    captions = [plain(c.value) for c in app.sidebar.caption]
    assert any(c.startswith("ignored demo/README.txt: not a map file") for c in captions)


def test_a_broken_upload_lists_every_problem_and_breaks_nothing(app):
    services = SMALL_SERVICES.replace(b",gp,Ambridge", b",midwife,Ambridge")
    links = SMALL_LINKS + b"gp,nowhere,referral,no,no\n"
    upload(app, ("services.csv", services), ("links.csv", links))
    assert not app.exception
    assert app.error
    listed = app.code[0].value.splitlines()
    assert listed == [
        "services.csv:2: type 'midwife' is not a service type (did you mean 'midwifery'?)",
        "links.csv:4: to 'nowhere' is not a service id in services.csv",
    ] or (
        len(listed) == 2
        and listed[0].startswith("services.csv:2: type 'midwife'")
        and listed[1].startswith("links.csv:4: to 'nowhere'")
    )
    for name in ("network", "gaps", "standards", "service"):
        page(app, name)
        assert app.error and app.code[0].value.splitlines() == listed


def test_warnings_are_shown_but_do_not_block(app):
    services = SMALL_SERVICES.replace(b"women_only_space", b"women_only_space;sauna")
    upload(app, ("services.csv", services), ("links.csv", SMALL_LINKS))
    assert not app.exception and not app.error
    assert app.subheader[0].value == "Ambridge"
    warnings = app.sidebar.expander[0]
    assert "sauna" in warnings.code[0].value


def test_a_hostile_zip_is_refused_with_its_reason(app):
    upload(app, ("map.zip", zip_of({"../services.csv": SMALL_SERVICES, "links.csv": SMALL_LINKS})))
    assert not app.exception
    assert app.code[0].value == (
        "upload: map.zip: '../services.csv' points outside the folder ('..'); refused"
    )


def test_data_text_is_shown_as_text_not_markup(app):
    upload(app, ("services.csv", SMALL_SERVICES), ("links.csv", SMALL_LINKS))
    page(app, "network")
    services = services_of(app)
    assert SCRIPT in list(services["Service"])
    page(app, "service")
    app.selectbox(key="service_pick").select("gp").run()
    # markdown gets every punctuation mark escaped, so it renders as the characters typed
    assert app.header[0].value == r"\<script\>alert\(1\)\<\/script\>"
    assert plain(app.header[0].value) == SCRIPT
    app.selectbox(key="service_pick").select("wc").run()
    assert app.header[0].value == r"\*\*Bold\*\* Women\'s Centre"


def test_no_page_enables_html():
    """No HTML from data anywhere; the one st.html call is the workshop's constant style sheet."""
    for path in [ROOT / "app.py", *sorted((ROOT / "journeymap").rglob("*.py"))]:
        source = path.read_text()
        assert "unsafe_allow_html" not in source, path
        assert source.count("st.html") == source.count("st.html(CSS)"), path
        if "st.html(CSS)" in source:
            css = source.split('CSS = """', 1)[1].split('"""', 1)[0]
            assert "{" + "}" not in css and "%s" not in css and 'f"""' not in source  # a constant


def test_md_escapes_every_markup_character():
    from journeymap.ui.safe import md

    assert md("**a** [x](javascript:y) :red[z] $1$ <b>") == (
        r"\*\*a\*\* \[x\]\(javascript\:y\) \:red\[z\] \$1\$ \<b\>"
    )
    assert plain(md(SCRIPT)) == SCRIPT
    assert md("two\nlines") == "two  \nlines"


def test_an_edited_map_folder_is_read_again(tmp_path, monkeypatch):
    folder = write_small_map(tmp_path / "ambridge")
    at = start(monkeypatch, argv=["app.py", "--map", str(folder)])
    assert at.subheader[0].value == "Ambridge"
    (folder / "services.csv").write_bytes(SMALL_SERVICES.replace(b"Ambridge", b"Borsetshire"))
    at.run()
    assert at.subheader[0].value == "Borsetshire"
