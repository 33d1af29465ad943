"""The design checked, not hoped for (DESIGN §2): data flows one way through the stages, only
the UI imports Streamlit, nothing imports in a circle, and the analyses load without the
app's drawing libraries."""

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` with the contracts in root/pyproject.toml, over the package in root."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(root / "pyproject.toml")],
        cwd=root,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_streamlit_in_an_analysis_breaks_the_contract(tmp_path):
    shutil.copytree(ROOT / "journeymap", tmp_path / "journeymap")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "journeymap" / "analyse" / "sneaky.py").write_text("import streamlit\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1
    assert "Only the UI imports Streamlit BROKEN" in result.stdout
    assert "journeymap.analyse.sneaky -> streamlit" in result.stdout


def test_a_later_stage_imported_by_an_earlier_one_breaks_the_contract(tmp_path):
    shutil.copytree(ROOT / "journeymap", tmp_path / "journeymap")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "journeymap" / "graph" / "sneaky.py").write_text(
        "from journeymap.outputs import report\n"
    )
    result = lint_imports(tmp_path)
    assert result.returncode == 1
    assert "journeymap.graph is not allowed to import journeymap.outputs" in result.stdout


def test_no_module_imports_itself_in_a_circle():
    graph = grimp.build_graph("journeymap")
    imports = nx.DiGraph(
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
    )
    assert list(nx.simple_cycles(imports)) == []


def test_the_analyses_load_without_streamlit_or_plotly():
    code = (
        "import sys, journeymap.analyse; "
        "print(sorted(m for m in ('streamlit', 'plotly') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"


def test_each_stage_says_what_it_takes_gives_and_must_not_import():
    stages = ["read", "graph", "analyse", "scenario", "outputs", "workshop", "runtime", "ui"]
    for stage in stages:
        doc = (ROOT / "journeymap" / stage / "__init__.py").read_text()
        assert doc.startswith('"""'), stage
        assert "must not import" in doc.lower(), stage


def test_the_wheel_lists_every_subpackage():
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "journeymap").rglob("__init__.py")
    }
    assert found <= listed, sorted(found - listed)
