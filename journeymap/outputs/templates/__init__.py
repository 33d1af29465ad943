"""The board report's Jinja2 templates, and the one environment that renders them.

- `board.html.j2`: the document (head, cover, an area section each, sources, footer);
- `board.css`: its styles, included as they are (A4 `@page`, print colours);
- `area.html.j2`: one area's section (figures, picture, scorecard, gaps, persona gaps);
- `network.svg.j2`: macros for the network picture (inline SVG) and its legend;
- `sources.html.j2`: the documents and sections the report cites.

Autoescape is on for every template, and nothing from the data is marked safe, so a service
named `<script>` is shown as text. Missing values are errors (`StrictUndefined`), not blanks.
The templates are data of the package, shipped in the wheel (`pyproject.toml`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

__all__ = ["macros", "render"]

_BREAK = re.compile(r"[ \t]*\n[ \t\n]*")


class _JoinLines(Extension):
    """Joins the lines of a template's own text, so templates can be laid out for reading
    while the report keeps exactly the spaces it means: in HTML a line break between two
    inline elements (a severity badge and its finding) is a visible space.

    A line break (with the spaces around it) goes where it meets markup (`>` before it, `<`
    after it, or template tags on both sides) and is one space between words or attributes;
    a blank line is one line break. Only the templates' own text is touched, never a value
    from the data; `.css` files are left as they are.
    """

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        if (stream.name or "").endswith(".css"):
            yield from stream
            return
        for token in stream:
            if token.type == "data":
                token = Token(token.lineno, "data", _BREAK.sub(_join, token.value))
            yield token


def _join(match: re.Match[str]) -> str:
    if match.group().count("\n") > 1:
        return "\n"
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return "" if before == ">" or after == "<" or not (before or after) else " "


def _number(value: float) -> str:
    """12 for 12.0, 345.3 for 345.3: SVG coordinates as the report has always written them."""
    return f"{value:g}"


_ENV = Environment(
    loader=PackageLoader("journeymap.outputs", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    keep_trailing_newline=True,  # so board.css keeps its last line break inside <style>
    extensions=[_JoinLines],
)
_ENV.filters["g"] = _number


def render(name: str, **context: Any) -> str:
    """The template `name` rendered with `context` (autoescaped)."""
    return _ENV.get_template(name).render(**context)


def macros(name: str) -> Any:
    """The macros of template `name`, to call from Python (each returns escaped markup)."""
    return _ENV.get_template(name).module
