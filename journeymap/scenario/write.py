"""Writing a scenario back as TOML, so that what the app built can be downloaded and read again.

The standard library reads TOML (`tomllib`) but cannot write it. The shape of a scenario is
fixed (a few strings, then arrays of flat tables), so a small writer of our own does it and no
dependency is needed; `scenario.read.parse_scenario` reads its text back to an equal scenario.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from journeymap.models import Service
from journeymap.scenario.changes import Scenario

__all__ = ["scenario_toml", "toml_string"]


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        elif 0xD800 <= code <= 0xDFFF:  # a lone surrogate is not a character TOML can hold
            out.append("\\uFFFD")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} cannot be written as a coordinate")
        return repr(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_string(str(v)) for v in value) + "]"
    return toml_string(str(value))


def _toml_table(name: str, fields: Iterable[tuple[str, object]]) -> str:
    body = "".join(f"{key} = {_toml_value(value)}\n" for key, value in fields)
    return f"\n[[{name}]]\n{body}"


def _service_fields(s: Service) -> Iterable[tuple[str, object]]:
    yield from (("id", s.id), ("name", s.name), ("type", s.type), ("area", s.area))
    if s.provider:
        yield "provider", s.provider
    yield "women_only", s.women_only
    for key in ("offers", "postcode", "latitude", "longitude", "url", "description"):
        value = getattr(s, key)
        if value not in ("", (), None):
            yield key, value


def scenario_toml(scenario: Scenario) -> str:
    """The scenario as TOML text that `parse_scenario` reads back to an equal `Scenario`.

    A small writer of our own: the standard library reads TOML but cannot write it, and the
    shape is fixed (a few strings, then arrays of flat tables), so no dependency is needed.
    Cost: linear in the size of the scenario.
    """
    head = [f"name = {toml_string(scenario.name)}"]
    if scenario.description:
        head.append(f"description = {toml_string(scenario.description)}")
    if scenario.based_on:
        head.append(f"based_on = {toml_string(scenario.based_on)}")
    parts = ["\n".join(head) + "\n"]
    parts += [_toml_table("add_service", _service_fields(s)) for s in scenario.add_service]
    parts += [_toml_table("remove_service", [("id", sid)]) for sid in scenario.remove_service]
    for k in scenario.add_link:
        fields: list[tuple[str, object]] = [("from", k.source), ("to", k.target)]
        fields += [("kind", k.kind), ("two_way", k.two_way), ("formal", k.formal)]
        if k.notes:
            fields.append(("notes", k.notes))
        parts.append(_toml_table("add_link", fields))
    for r in scenario.remove_link:
        fields = [("from", r.source), ("to", r.target)]
        fields += [("kind", r.kind)] if r.kind else []
        parts.append(_toml_table("remove_link", fields))
    for table in ("add_offers", "remove_offers"):
        for o in getattr(scenario, table):
            parts.append(_toml_table(table, [("service", o.service), ("offers", o.offers)]))
    return "".join(parts)
