"""Tiny maps for tests, written the way one would sketch them on a whiteboard.

    services:  "gp gp A offers=idva;creche women_only"  → id, type, area, then options
    links:     "gp -> tx formal"        one-way referral (formal)
               "gp <-> tx"              two-way referral
               "wc -- tx co_location"   co-location (or joint_working)

Names are the ids in capitals, so findings are easy to read in assertions.
"""

from __future__ import annotations

import csv
import io

from journeymap import ServiceMap, parse_map


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue().encode()


def services_csv(spec: str) -> bytes:
    rows = []
    for line in spec.strip().splitlines():
        sid, stype, area, *opts = line.split()
        options = dict(o.split("=", 1) if "=" in o else (o, "yes") for o in opts)
        rows.append(
            [
                sid,
                sid.upper(),
                stype,
                area,
                options.get("women_only", "no"),
                options.get("offers", ""),
            ]
        )
    return _csv(["id", "name", "type", "area", "women_only", "offers"], rows)


def links_csv(spec: str) -> bytes:
    rows = []
    for line in spec.strip().splitlines():
        a, arrow, b, *opts = line.split()
        kind = next((o for o in opts if o in ("co_location", "joint_working")), "referral")
        two_way = "yes" if arrow == "<->" else "no"
        rows.append([a, b, kind, two_way, "yes" if "formal" in opts else "no"])
    return _csv(["from", "to", "kind", "two_way", "formal"], rows)


def build(services: str, links: str = "", **files: bytes) -> ServiceMap:
    """A checked ServiceMap from the sketch (extra files, e.g. areas_csv=b'...', by keyword)."""
    data = {
        "services.csv": services_csv(services),
        "links.csv": links_csv(links) if links.strip() else b"from,to,kind\n",
    }
    data.update({name.replace("_csv", ".csv"): value for name, value in files.items()})
    return parse_map(data)
