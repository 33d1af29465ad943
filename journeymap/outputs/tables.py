"""Tables for people: the data behind every chart and page, as pandas DataFrames (no Streamlit).

Each table is the text alternative of a chart shown beside it, and what a screen reader or a
copy-paste into a board paper uses. Column names are plain words; values are plain text
(data text is never interpreted as markup by `st.dataframe`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

import networkx as nx
import pandas as pd

from journeymap.analyse.standards import StandardResult
from journeymap.labels import type_label
from journeymap.models import Finding, ServiceMap
from journeymap.vocab import LINK_KINDS

__all__ = [
    "FINDING_HEADERS",
    "findings_table",
    "links_table",
    "scorecard_table",
    "services_table",
    "severity_table",
]

#: Report column → heading on screen.
FINDING_HEADERS: dict[str, str] = {
    "severity": "Severity",
    "area": "Area",
    "category": "Category",
    "subject_name": "Service or subject",
    "finding": "Finding",
    "evidence": "Evidence",
    "suggestion": "Suggestion",
    "source": "Source",
    "subject_id": "Id",
}


def _yes(value: object) -> str:
    return "yes" if value else "no"


def services_table(
    G: nx.MultiDiGraph,
    nodes: Iterable[str],
    *,
    handoffs: Mapping[str, int] | None = None,
    partners: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """One row per service: name, type, area, women-only, offers, and when given the fewest
    hand-offs to treatment and the key-partner count. Sorted by name. Cost: O(n log n)."""
    rows = []
    for n in nodes:
        d = G.nodes[n]
        row = {
            "Service": d["name"],
            "Type": type_label(d["type"]),
            "Area": d["area"],
            "Women-only": _yes(d["women_only"]),
            "Offers": "; ".join(d["offers"]),
            "Provider": d["provider"],
        }
        if handoffs is not None:
            h = handoffs.get(n)
            row["Hand-offs to treatment"] = "no route" if h is None else str(h)
        if partners is not None:
            row["Key partner for"] = partners.get(n, 0)
        row["Id"] = n
        rows.append(row)
    columns = ["Service", "Type", "Area", "Women-only", "Offers", "Provider"]
    columns += ["Hand-offs to treatment"] if handoffs is not None else []
    columns += ["Key partner for"] if partners is not None else []
    frame = pd.DataFrame(rows, columns=[*columns, "Id"])
    return frame.sort_values("Service", key=lambda s: s.str.lower(), ignore_index=True)


def links_table(
    smap: ServiceMap,
    G: nx.MultiDiGraph,
    nodes: Collection[str],
    *,
    kinds: Collection[str] = LINK_KINDS,
    formal_only: bool = False,
    either_end: bool = False,
) -> pd.DataFrame:
    """Links whose two ends are both in `nodes` (or either end, with `either_end`), of `kinds`.

    One row per link as written in links.csv: from, to, kind, direction, formal, notes.
    Cost: O(links).
    """
    inside = set(nodes)
    rows = []
    for link in smap.links:
        ends = (link.source in inside, link.target in inside)
        if not (any(ends) if either_end else all(ends)):
            continue
        if link.kind not in kinds or (formal_only and not link.formal):
            continue
        rows.append(
            {
                "From": G.nodes[link.source]["name"],
                "To": G.nodes[link.target]["name"],
                "Kind": link.kind.replace("_", " "),
                "Direction": "both ways" if link.both_ways else "one way",
                "Formal": _yes(link.formal),
                "Notes": link.notes,
                "Line in links.csv": link.line,
            }
        )
    return pd.DataFrame(
        rows,
        columns=["From", "To", "Kind", "Direction", "Formal", "Notes", "Line in links.csv"],
    )


def findings_table(findings: Sequence[Finding]) -> pd.DataFrame:
    """The findings in report order with on-screen headings (see FINDING_HEADERS)."""
    return pd.DataFrame(
        [{h: getattr(f, c) for c, h in FINDING_HEADERS.items()} for f in findings],
        columns=list(FINDING_HEADERS.values()),
    )


def severity_table(findings: Iterable[Finding]) -> pd.DataFrame:
    """Findings counted by category and severity: the text alternative of `severity_figure`."""
    counts: dict[str, dict[str, int]] = {}
    for f in findings:
        row = counts.setdefault(f.category, {"high": 0, "medium": 0, "low": 0})
        row[f.severity] += 1
    rows = [
        {"Category": c.replace("_", " "), **v, "Total": sum(v.values())}
        for c, v in sorted(counts.items(), key=lambda cv: (-sum(cv[1].values()), cv[0]))
    ]
    return pd.DataFrame(rows, columns=["Category", "high", "medium", "low", "Total"])


def scorecard_table(results: Sequence[StandardResult], G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per standard: met, partly met, not met or not evidenced; the services that meet
    it (or go part of the way) and why it is not met; its source and severity."""
    rows = [
        {
            "Met": r.label,
            "Standard": r.standard.standard,
            "Services that meet it": "; ".join(str(G.nodes[n]["name"]) for n in r.services)
            or "none",
            "Why not": r.why,
            "Source": r.standard.source,
            "Severity if not met": r.standard.severity,
            "Id": r.standard.id,
        }
        for r in results
    ]
    return pd.DataFrame(
        rows,
        columns=[
            "Met",
            "Standard",
            "Services that meet it",
            "Why not",
            "Source",
            "Severity if not met",
            "Id",
        ],
    )
