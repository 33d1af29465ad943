"""`journeymap import` tells each problem by the element's number or line in the user's own
file, also when an earlier description runs over several lines."""

from __future__ import annotations

import pytest

from journeymap import MapError
from journeymap.read.imports import import_map


def test_a_graphml_element_after_a_multi_line_description_keeps_its_number(tmp_path):
    src = tmp_path / "map.graphml"
    src.write_text(
        '<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        '<key id="t" for="node" attr.name="type" attr.type="string"/>'
        '<key id="a" for="node" attr.name="area" attr.type="string"/>'
        '<key id="d" for="node" attr.name="description" attr.type="string"/>'
        '<key id="w" for="node" attr.name="women_only" attr.type="string"/>'
        '<graph edgedefault="directed">'
        '<node id="gp"><data key="t">gp</data><data key="a">A</data>'
        '<data key="d">Line one\nline two\nline three</data></node>'
        '<node id="tx"><data key="t">drug_alcohol_treatment</data><data key="a">A</data></node>'
        '<node id="wc"><data key="t">womens_centre</data><data key="a">A</data>'
        '<data key="w">maybe</data></node>'
        "</graph></graphml>"
    )
    with pytest.raises(MapError) as info:
        import_map(src)
    assert [str(p) for p in info.value.errors] == [
        f"{src}[nodes]:3: women_only 'maybe' is not yes or no (use yes/no, y/n, true/false or 1/0)",
    ]


def test_a_kumu_row_is_told_by_its_line_when_a_cell_spans_lines(tmp_path):
    folder = tmp_path / "drawn"
    folder.mkdir()
    (folder / "elements.csv").write_text(
        "Label,Type,Area,Women only,Description\n"
        'Green Surgery,GP practice,A,no,"Open late\non Tuesdays"\n'
        "Hub Central,Drug and alcohol treatment,A,no,\n"
        "Rose Centre,Women centre,A,perhaps,\n"
    )
    (folder / "connections.csv").write_text("From,To,Type\nGreen Surgery,Hub Central,Referral\n")
    with pytest.raises(MapError) as info:
        import_map(folder)
    assert [str(p) for p in info.value.problems if "elements.csv" in p.file] == [
        f"{folder}/elements.csv:5: women_only 'perhaps' is not yes or no "
        "(use yes/no, y/n, true/false or 1/0)",
        f"{folder}/elements.csv:5: warning: type 'Women centre' is not a service type; "
        "read as 'womens_centre' (the closest)",
    ]
