"""`journeymap spec`: a draft tender specification, one clause per standard not met or
partly met, per persona gap and per barrier women named, each citing its source."""

from __future__ import annotations

import re

from docx import Document
from mapkit import build

from journeymap.analyse import find_gaps
from journeymap.analyse.standards import scorecard
from journeymap.cli import main
from journeymap.graph.build import build_graph
from journeymap.outputs.spec import SECTIONS, make_spec, spec_markdown
from journeymap.read.load import load_map
from journeymap.resources import DATA_DIR

DEMO = DATA_DIR / "demo"
CLAUSE = re.compile(r"^\d+\.\d+ ")


def test_the_docx_opens_with_one_clause_per_unmet_standard(tmp_path):
    out = tmp_path / "spec.docx"
    assert main(["spec", str(DEMO), "--area", "Fenmoor", "--out", str(out)]) == 0
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Draft specification: drug and alcohol treatment for women in Fenmoor"
    smap = load_map(DEMO)
    G = build_graph(smap)
    unmet = [r for r in scorecard(smap, G, "Fenmoor") if r.state in ("not_met", "partly")]
    standards = [t for t in texts if CLAUSE.match(t) and t.startswith("1.")]
    assert len(standards) == len(unmet) == 28
    for clause, r in zip(standards, unmet, strict=True):
        assert r.standard.standard in clause
    # every clause is followed by its source
    numbered = [i for i, t in enumerate(texts) if CLAUSE.match(t)]
    assert numbered
    for i in numbered:
        assert texts[i + 1].startswith("Source: ")
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{i}. {s}" for i, s in enumerate(SECTIONS, 1)]


def test_personas_barriers_and_pathways_are_asked_for():
    smap = load_map(DEMO)
    G = build_graph(smap)
    findings = find_gaps(smap, G)
    spec = make_spec(smap, G, findings, "Fenmoor")
    by = {s: [c for c in spec.clauses if c.section == s] for s in SECTIONS}
    personas = [f for f in findings if f.area == "Fenmoor" and f.category == "persona_gap"]
    assert len(by[SECTIONS[1]]) == len(personas) == 9
    barriers = {
        f.subject_id.rsplit(":", 1)[1]
        for f in findings
        if f.area == "Fenmoor" and f.category == "journey_barrier"
    }
    assert len(by[SECTIONS[2]]) == len(barriers)
    assert any("Had to be in a room with men" in c.text for c in by[SECTIONS[2]])
    assert "Fenmoor Women's Centre" in by[SECTIONS[3]][0].text
    assert all(c.source for c in spec.clauses)


def test_an_area_that_meets_everything_gets_no_clauses():
    smap = build(
        "tx drug_alcohol_treatment A\ngp gp A",
        "gp <-> tx formal",
        standards_csv=b"id,standard,source,rule\n",
        personas_csv=b"id,name,entry_types\n",
    )
    G = build_graph(smap)
    spec = make_spec(smap, G, find_gaps(smap, G), "A")
    assert spec.clauses == ()
    assert spec_markdown(spec).count("Nothing the map shows is missing here.") == len(SECTIONS)


def test_markdown_and_usage(tmp_path, capsys):
    md = tmp_path / "spec.md"
    assert main(["spec", str(DEMO), "--area", "Ashcombe", "--out", str(md)]) == 0
    text = md.read_text(encoding="utf-8")
    assert text.startswith(
        "# Draft specification: drug and alcohol treatment for women in Ashcombe"
    )
    assert "*Source: " in text
    assert main(["spec", str(DEMO), "--out", str(tmp_path / "s.docx")]) == 2
    assert "choose the local area with --area: Ashcombe, Fenmoor" in capsys.readouterr().err
    assert main(["spec", str(DEMO), "--area", "Fenmoor", "--out", str(tmp_path / "s.pdf")]) == 2
    assert "--out must end .docx or .md" in capsys.readouterr().err
    assert not (tmp_path / "s.docx").exists()
