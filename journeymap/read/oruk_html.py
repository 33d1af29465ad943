"""HTML in Open Referral descriptions → plain text (DESIGN §8: text from data is only text).

Councils' directory software stores descriptions as the HTML of its editor: paragraphs,
lists, links, headings, and sometimes pasted images inlined as base64 `data:` URIs of a
hundred thousand characters. journeymap shows data as text, so the HTML is turned into
text once, on import, with a real HTML parser (Beautiful Soup over the standard library's
`html.parser`: no regular expressions guessing at tags, and no compiled dependency):
paragraphs, headings, list items and line breaks become line breaks, a link becomes its
words, images, scripts and styles are dropped, and entities such as `&nbsp;` are decoded.
"""

from __future__ import annotations

import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag

__all__ = ["html_to_text", "looks_like_html"]

#: Elements that start a new line of text.
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "dd",
        "dt",
        "pre",
        "hr",
    }
)
#: Blocks set apart by a blank line (the others start a line: list items, table rows).
_PARAGRAPHS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"})
#: Elements whose content is never words a reader should see.
_DROPPED = frozenset(
    {"img", "script", "style", "svg", "picture", "video", "audio", "iframe", "object", "head"}
)


def looks_like_html(value: str) -> bool:
    """Whether `value` may hold markup or entities (plain text is left exactly as it is)."""
    return "<" in value or "&" in value


def html_to_text(value: str) -> str:
    """The words of an HTML fragment, one paragraph or list item per line.

    Plain text comes back unchanged. Runs of spaces inside a line are folded to one, blank
    lines between paragraphs are kept as one, and a list item starts with '- '.
    Cost: linear in the length of `value` (the parser reads it once).
    """
    if not looks_like_html(value):
        return value
    with warnings.catch_warnings():  # a description that looks like a file name is still text
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(value, "html.parser")
    parts: list[str] = []
    _walk(soup, parts)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _walk(node: Tag, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a comment, doctype or CDATA
                parts.append(str(child).replace("\n", " "))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name in _DROPPED:
            continue
        if name == "br":
            parts.append("\n")
            continue
        paragraph = name in _PARAGRAPHS
        if paragraph or name in _BLOCKS:
            parts.append("\n\n" if paragraph else "\n")
        if name == "li":
            parts.append("- ")
        _walk(child, parts)
        if paragraph:
            parts.append("\n\n")
