"""Exports for other tools, each read back: GraphML and GEXF through networkx, node-link JSON
as an equal graph, Kumu's two CSVs as the same services and links; and the Excel workbook,
which must never run a formula."""

import csv
import io
import json
import re
import sys
import zipfile

import networkx as nx
import pytest

from journeymap import find_gaps, load_map, parse_map
from journeymap.labels import TYPE_LABELS
from journeymap.models import REPORT_COLUMNS
from journeymap.outputs.export import (
    KIND_LABELS,
    MissingExtra,
    export_bytes,
    interchange_graph,
    kumu_files,
    xlsx_bytes,
)

AWKWARD_SERVICES = (
    "id,name,type,area,provider,women_only,offers,postcode,latitude,longitude,url,description,phone,label\n"
    'wc,"=HYPERLINK(""http://x.example"",""Click"")",womens_centre,Eastry,"Eastry Women, Ltd",yes,'
    "women_only_space;creche,EA1 1AA,51.2,1.3,,Drop-in <b>Tuesdays</b> & Fridays,+44 1632 960000,x\n"
    "tx,St Anne’s Recovery Café,drug_alcohol_treatment,Eastry,,no,,,,,https://eastry.example/tx,,,\n"
    'gp,Dr Ames & Partners,gp,Eastry,,no,,,,,,"Line one\nline two",,\n'
    "rehab,Kestrel Lodge,residential_rehab,national,,yes,female_keyworker_default,,,,,,,\n"
).encode()
AWKWARD_LINKS = (
    "from,to,kind,two_way,formal,notes,owner\n"
    "gp,tx,referral,no,yes,written pathway,Ann\n"
    "tx,gp,referral,yes,no,fax – then phone,\n"
    "tx,wc,co_location,,no,Tuesday clinic,\n"
    "tx,rehab,joint_working,,yes,-1 week wait,\n"
).encode()


@pytest.fixture(scope="module")
def demo():
    return load_map("data/demo")


@pytest.fixture(scope="module")
def awkward():
    return parse_map({"services.csv": AWKWARD_SERVICES, "links.csv": AWKWARD_LINKS})


@pytest.fixture(params=["demo", "awkward"])
def smap(request, demo, awkward):
    return demo if request.param == "demo" else awkward


def _edges(G):
    return {(u, v, str(k)): d for u, v, k, d in G.edges(keys=True, data=True)}


def _edge_list(G, drop=("id", "networkx_key")):
    """Edges as a sorted list, whatever graph class a reader chose (and whatever its keys)."""
    return sorted(
        (u, v, sorted((a, str(x)) for a, x in d.items() if a not in drop))
        for u, v, d in G.edges(data=True)
    )


def test_the_flat_graph_holds_only_str_bool_and_float(smap):
    G = interchange_graph(smap)
    values = [v for _, d in G.nodes(data=True) for v in d.values()]
    values += [v for *_, d in G.edges(keys=True, data=True) for v in d.values()]
    assert {type(v) for v in values} <= {str, bool, float}
    assert G.number_of_nodes() == len(smap.services)
    assert G.number_of_edges() == len(smap.links)  # one edge per link, not per direction


def test_graphml_read_back_by_networkx(smap):
    G = interchange_graph(smap)
    H = nx.read_graphml(io.BytesIO(export_bytes(smap, "graphml")), force_multigraph=True)
    assert isinstance(H, nx.MultiDiGraph)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert _edges(H) == _edges(G)


def test_gexf_read_back_by_networkx(smap):
    G = interchange_graph(smap)
    H = nx.read_gexf(io.BytesIO(export_bytes(smap, "gexf")))
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert H.is_directed()
    assert _edge_list(H) == _edge_list(G)  # read_gexf adds an 'id' of its own to every edge


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_one_declared_type_per_attribute(demo, fmt):
    text = export_bytes(demo, fmt).decode()
    if fmt == "graphml":
        keys = re.findall(r'<key [^>]*for="(\w+)"[^>]*attr\.name="(\w+)"', text)
        keys += [
            (f, n) for n, f in re.findall(r'<key [^>]*attr\.name="(\w+)"[^>]*for="(\w+)"', text)
        ]
    else:
        keys = []
        for cls, block in re.findall(
            r'<attributes [^>]*class="(\w+)"[^>]*>(.*?)</attributes>', text, re.S
        ):
            keys += [(cls, t) for t in re.findall(r'title="(\w+)"', block)]
    assert keys and len(keys) == len(set(keys))


def test_node_link_json_reads_back_as_an_equal_graph(smap):
    data = json.loads(export_bytes(smap, "json"))
    assert "edges" in data and "links" not in data
    H = nx.node_link_graph(data, edges="edges")
    G = interchange_graph(smap, flat=False)
    assert nx.utils.graphs_equal(H, G)
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert _edges(H) == _edges(G)


def test_node_link_json_keeps_lists_and_nulls(awkward):
    data = json.loads(export_bytes(awkward, "json"))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["wc"]["offers"] == ["women_only_space", "creche"]
    assert nodes["tx"]["latitude"] is None


def _read_kumu(files):
    elements = list(csv.DictReader(io.StringIO(files["elements.csv"].decode("utf-8"))))
    connections = list(csv.DictReader(io.StringIO(files["connections.csv"].decode("utf-8"))))
    return elements, connections


def test_kumu_read_back_gives_the_same_services_and_links(smap):
    elements, connections = _read_kumu(kumu_files(smap))
    type_of = {label: t for t, label in TYPE_LABELS.items()}
    services = [
        (
            e["ID"],
            e["Label"],
            type_of[e["Type"]],
            e["Area"],
            e["Provider"],
            e["Women only"] == "yes",
            tuple(t for t in e["Tags"].split("|") if t),
            e["Postcode"],
            float(e["Latitude"]) if e["Latitude"] else None,
            float(e["Longitude"]) if e["Longitude"] else None,
            e["URL"],
            e["Description"],
        )
        for e in elements
    ]
    assert services == [
        (
            s.id,
            s.name,
            s.type,
            s.area,
            s.provider,
            s.women_only,
            s.offers,
            s.postcode,
            s.latitude,
            s.longitude,
            s.url,
            s.description,
        )
        for s in smap.services
    ]
    kind_of = {label: k for k, label in KIND_LABELS.items()}
    links = [
        (
            c["From"],
            c["To"],
            kind_of[c["Type"]],
            c["direction"] != "directed",
            c["Formal"] == "yes",
            c["Description"],
        )
        for c in connections
    ]
    assert links == [
        (k.source, k.target, k.kind, k.both_ways, k.formal, k.notes) for k in smap.links
    ]
    assert {c["direction"] for c in connections} <= {"directed", "undirected", "mutual"}
    assert len({c["ID"] for c in connections}) == len(connections)  # parallel links stay apart


def test_kumu_files_are_plain_utf8_with_id_first_and_extras_kept(awkward):
    files = kumu_files(awkward)
    assert files["elements.csv"].startswith(b"ID,Label,Type,")  # no byte-order mark before ID
    assert files["connections.csv"].startswith(b"ID,From,To,Type,direction,")
    elements, connections = _read_kumu(files)
    assert elements[0]["phone"] == "+44 1632 960000"  # no spreadsheet guard for other tools
    assert elements[0]["label"] == "x"  # an extra column is kept even when named like Label
    assert elements[0]["Label"].startswith("=HYPERLINK(")
    assert elements[0]["Tags"] == "women_only_space|creche"
    assert connections[0]["owner"] == "Ann"
    assert [c["direction"] for c in connections] == [
        "directed",
        "mutual",
        "undirected",
        "undirected",
    ]
    assert connections[3]["Description"] == "-1 week wait"


def test_interchange_files_keep_cells_exactly(awkward):
    for fmt in ("graphml", "gexf"):
        reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
        H = reader(io.BytesIO(export_bytes(awkward, fmt)))
        assert H.nodes["wc"]["name"] == '=HYPERLINK("http://x.example","Click")'
        assert H.nodes["wc"]["phone"] == "+44 1632 960000"
        assert H.nodes["gp"]["description"] == "Line one\nline two"


def test_kumu_as_a_zip_holds_the_same_two_files(demo):
    with zipfile.ZipFile(io.BytesIO(export_bytes(demo, "kumu"))) as z:
        assert {n: z.read(n) for n in z.namelist()} == kumu_files(demo)


def test_the_workbook_has_three_sheets_and_never_a_formula(awkward):
    openpyxl = pytest.importorskip("openpyxl")
    findings = find_gaps(awkward)
    data = xlsx_bytes(awkward, findings)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Services", "Links", "Gap report"]
    services = list(wb["Services"].iter_rows(values_only=True))
    assert services[0][:4] == ("id", "name", "type", "area")
    assert services[0][-2:] == ("phone", "label")
    assert len(services) == 1 + len(awkward.services)
    cell = wb["Services"]["B2"]
    assert cell.value == '=HYPERLINK("http://x.example","Click")'
    assert cell.data_type == "s" and cell.quotePrefix
    assert wb["Services"]["M2"].value == "+44 1632 960000" and wb["Services"]["M2"].data_type == "s"
    links = list(wb["Links"].iter_rows(values_only=True))
    assert links[0] == (
        "from",
        "to",
        "from_name",
        "to_name",
        "kind",
        "two_way",
        "formal",
        "notes",
        "owner",
    )
    assert links[4][7] == "-1 week wait"
    gaps = list(wb["Gap report"].iter_rows(values_only=True))
    assert gaps[0] == REPORT_COLUMNS and len(gaps) == 1 + len(findings)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in s or "<f " in s for s in sheets)


def test_xlsx_without_openpyxl_says_how_to_install_it(demo, monkeypatch, run_cli, tmp_path):
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now raises ImportError
    with pytest.raises(MissingExtra, match=r"pip install 'journeymap\[xlsx\]'"):
        xlsx_bytes(demo, [])
    result = run_cli("export", "data/demo", "--format", "xlsx", "--out", tmp_path / "m.xlsx")
    assert result.code == 2
    assert result.err.startswith(
        "journeymap: the xlsx format needs the openpyxl package: pip install 'journeymap[xlsx]'"
    )
    assert not (tmp_path / "m.xlsx").exists()


# --------------------------------------------------------------------------- the command line


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "xlsx"])
def test_export_command_writes_one_file(run_cli, demo_dir, tmp_path, fmt):
    if fmt == "xlsx":
        pytest.importorskip("openpyxl")
    out = tmp_path / f"map.{fmt}"
    result = run_cli("export", demo_dir, "--format", fmt, "--out", out)
    assert result.code == 0, result.err
    assert result.err == f"Wrote {fmt}: {out}\n"
    if fmt != "xlsx":
        assert out.read_bytes() == export_bytes(load_map(demo_dir), fmt)


def test_export_kumu_to_a_folder_or_a_zip(run_cli, demo_dir, tmp_path):
    folder = tmp_path / "kumu"
    assert run_cli("export", demo_dir, "--format", "kumu", "--out", folder).code == 0
    files = kumu_files(load_map(demo_dir))
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == files
    archive = tmp_path / "kumu.zip"
    assert run_cli("export", demo_dir, "--format", "kumu", "--out", archive).code == 0
    with zipfile.ZipFile(archive) as z:
        assert sorted(z.namelist()) == ["connections.csv", "elements.csv"]


def test_export_of_a_broken_map_writes_nothing(run_cli, tmp_path):
    (tmp_path / "services.csv").write_text("id,name,type,area\na,A,gpp,X\n")
    (tmp_path / "links.csv").write_text("from,to,kind\n")
    out = tmp_path / "out.graphml"
    result = run_cli("export", tmp_path, "--format", "graphml", "--out", out)
    assert result.code == 1
    assert "services.csv:2: type 'gpp' is not a service type (did you mean 'gp'?)" in result.err
    assert not out.exists()


def test_an_unknown_format_is_a_usage_error(run_cli, demo_dir, tmp_path):
    result = run_cli("export", demo_dir, "--format", "dot", "--out", tmp_path / "x")
    assert result.code == 2
    assert "invalid choice: 'dot'" in result.err
