"""The Streamlit app, run headless with AppTest on the demo map and on uploads."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
TIMEOUT = 30


@pytest.fixture(autouse=True)
def _fresh_caches():
    """AppTest instances share st caches in one process; start every test clean."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


@pytest.fixture
def app(monkeypatch) -> AppTest:
    monkeypatch.delenv("JOURNEYMAP_MAP", raising=False)
    monkeypatch.setattr("sys.argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    return at.run()


def test_overview_opens_on_the_demo_map(app):
    assert not app.exception
    labels = [m.label for m in app.metric]
    assert "Touchpoints with a route to treatment" in labels
    assert "Ashcombe" in [h.value for h in app.subheader]
