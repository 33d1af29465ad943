"""The README's two commands are the ones that are run: CI runs exactly its test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fenced_commands(text: str) -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", text, flags=re.S)


def test_the_readme_opens_with_the_app_command_then_the_test_command():
    readme = (ROOT / "README.md").read_text()
    first, second = fenced_commands(readme.split("\n---\n", 1)[0])
    assert first.endswith("pip install -e . && streamlit run app.py")
    assert "pip install -e '.[test]' && pytest" in second


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    test_command = fenced_commands(readme)[1]
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()
    assert ci[-1] == test_command
