"""A workbook cell as the text she sees in Excel: numbers by their number format (decimals,
thousands, percent), dates by their date format (Excel's locale short date as the UK
day/month/year), booleans as TRUE/FALSE. The workbook reader (`workbook.py`) gives every
cell to `cell_text`, so the CSV contract's rules then apply to the same text as in a CSV."""

from __future__ import annotations

import datetime as dt
import re

from journeymap.read.spreadsheet import unguard

__all__ = ["cell_text"]


#: Excel's built-in short date (format 14) follows the computer's locale: English councils see
#: day/month/year.
_LOCALE_DATES = {"mm-dd-yy", "m/d/yy", "d/m/yyyy", "dd/mm/yyyy"}
_DATE_TOKEN = re.compile(r"yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|.", re.IGNORECASE)
_DECIMALS = re.compile(r"0\.(0+)")


def _date_text(value: dt.date | dt.time, fmt: str) -> str:
    """The date or time as its Excel number format shows it (`dd/mm/yyyy`, `d mmm yyyy`…)."""
    fmt = re.sub(r"\[[^\]]*\]|\\|\"|;.*", "", fmt.strip().lower())  # colours, quotes, sections
    if fmt in _LOCALE_DATES:
        fmt = "dd/mm/yyyy"
    if fmt in ("", "general"):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    tokens = _DATE_TOKEN.findall(fmt)
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if tok in ("m", "mm"):
            before = next((t for t in reversed(tokens[:i]) if t.isalpha()), "")
            after = next((t for t in tokens[i + 1 :] if t.isalpha()), "")
            minute = before.startswith("h") or after.startswith("s")
            number = getattr(value, "minute" if minute else "month", 0)
            out.append(f"{number:02d}" if tok == "mm" else str(number))
        elif tok in ("d", "dd", "yy", "yyyy", "h", "hh", "s", "ss", "mmm", "mmmm", "ddd", "dddd"):
            out.append(_DATE_PART[tok](value))
        elif tok == "am/pm":
            out.append("AM" if getattr(value, "hour", 0) < 12 else "PM")
        else:
            out.append(tok)
    return "".join(out)


_DATE_PART = {
    "d": lambda v: str(getattr(v, "day", "")),
    "dd": lambda v: f"{getattr(v, 'day', 0):02d}",
    "ddd": lambda v: v.strftime("%a"),
    "dddd": lambda v: v.strftime("%A"),
    "mmm": lambda v: v.strftime("%b"),
    "mmmm": lambda v: v.strftime("%B"),
    "yy": lambda v: f"{getattr(v, 'year', 0) % 100:02d}",
    "yyyy": lambda v: str(getattr(v, "year", "")),
    "h": lambda v: str(getattr(v, "hour", 0)),
    "hh": lambda v: f"{getattr(v, 'hour', 0):02d}",
    "s": lambda v: str(getattr(v, "second", 0)),
    "ss": lambda v: f"{getattr(v, 'second', 0):02d}",
}


def _number_text(value: float, fmt: str | None) -> str:
    fmt = (fmt or "General").split(";")[0]
    if fmt.lower() in ("general", "@", "") or "0" not in fmt:
        if float(value).is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(float(value))
    decimals = _DECIMALS.search(fmt)
    places = len(decimals.group(1)) if decimals else 0
    if fmt.endswith("%"):
        return f"{value * 100:.{places}f}%"
    return f"{value:,.{places}f}" if "," in fmt else f"{value:.{places}f}"


def cell_text(value: object, number_format: str | None = None) -> str:
    """A cell's value as the text Excel shows for it (see the module's docstring), trimmed,
    with a spreadsheet formula guard taken off as the CSV reader does. Cost: O(len(text))."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = _number_text(value, number_format)
    elif isinstance(value, dt.datetime | dt.date | dt.time):
        text = _date_text(value, number_format or "General")
    elif isinstance(value, dt.timedelta):
        text = str(value)
    else:
        text = str(value).strip()
        if text.startswith("'"):
            text = unguard(text).strip()
    return text
