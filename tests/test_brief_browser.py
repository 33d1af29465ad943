"""The board report in a real browser: Debian's chromium prints it to an A4 PDF, poppler turns
the first pages into PNGs, and a headless page load shows no script errors and no requests
beyond the file itself (it works offline)."""

import os
import shutil
import subprocess

import pytest
from appserver import CHROMIUM, CHROMIUM_ARGS, needs_chromium

IN_CI = os.environ.get("CI") == "true"
pytestmark = needs_chromium()


def _tool(name: str) -> str | None:
    found = shutil.which(name)
    if found is None and IN_CI:
        pytest.fail(f"{name} is missing in CI; .ci/run installs poppler-utils")
    return found


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from journeymap.cli import main

    folder = tmp_path_factory.mktemp("brief")
    out = folder / "report.html"
    assert main(["brief", "data/demo", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def pdf(report):
    out = report.with_suffix(".pdf")
    done = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            *CHROMIUM_ARGS,
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            report.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert out.exists() and out.read_bytes().startswith(b"%PDF-")
    return out


def test_chromium_prints_it_to_a4_pages(pdf):
    pdfinfo = _tool("pdfinfo")
    if pdfinfo is None:
        pytest.skip("poppler-utils (pdfinfo) is not installed")
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(info.split("Pages:")[1].split()[0])
    assert 4 <= pages <= 20
    assert "(A4)" in info


def test_the_pdf_holds_the_figures_and_every_section(pdf):
    pdftotext = _tool("pdftotext")
    if pdftotext is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in (
        "Board report: Ashcombe, Fenmoor",
        "Headline figures",
        "33 (100%)",
        "3 of 31",
        "The network",
        "Treatment on site",  # a column heading of the picture, as the app titles it
        "No route to treatment",
        "Saltings Medical Practice",
        "Minimum standards",
        "Top gaps and what would close them",
        "Sources",
    ):
        assert words in text, words


def test_pages_render_to_png(pdf, tmp_path):
    pdftoppm = _tool("pdftoppm")
    if pdftoppm is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    subprocess.run(
        [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "3", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=120,
    )
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == 3
    for png in pngs:
        data = png.read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 10_000  # a blank page is far smaller


def test_it_loads_offline_with_no_errors(report, page):
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report.as_uri())
    assert page.locator("section.area").count() == 2
    assert page.locator("svg.network g.service").count() == 69  # 39 + 30 services drawn
    width = page.evaluate("document.querySelector('svg.network').getBoundingClientRect().width")
    assert errors == []
    assert requests == [report.as_uri()]
    assert width > 300


def test_the_first_pages_are_each_areas_one_page_summary(pdf):
    """Page 1 holds the cover and Ashcombe's summary, page 2 Fenmoor's, each whole: its
    figures against the national picture, the plan's changes, the key local partners and
    what women told us."""
    pdftotext = _tool("pdftotext")
    if pdftotext is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")

    def page(n: int) -> str:
        return subprocess.run(
            [pdftotext, "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    first, second = page(1), page(2)
    assert "Board report: Ashcombe, Fenmoor" in first
    for area, text in (("Ashcombe", first), ("Fenmoor", second)):
        for words in (
            f"{area}: summary",
            "The national picture",
            "52%",
            "29%",
            "42%",
            "Key local partners",
            "Recommended changes",
            "What women told us",
            "How it felt" if area == "Ashcombe" else "What got in the way",
        ):
            assert words in text, (area, words)
    assert "Fenmoor Women's Centre one" in second  # the plan's co-location, in its place
    assert "Headline figures" not in first + second  # the detail starts on a page of its own
