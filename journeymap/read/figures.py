"""Treatment figures a commissioner downloads (NDTMS ViewIt, Fingertips) → `figures.csv`.

Every commissioner can download the numbers `areas.csv` wants typed by hand: an NDTMS ViewIt
export has people in treatment and new presentations by sex and, for new presentations, where
the referral came from; a Fingertips indicator export gives unmet need per local authority.
`read_figure_file` recognises each by its header (never its file name), in both spellings real
ViewIt exports use (`intreatment_allintx`/`sex` and `Num_InTreatment_AllInTx`/`Gender_Data`),
and gives tidy `Figure` rows: one number, as published, per area, period, sex and measure.
Small numbers stay as published (NDTMS rounds to 5 and writes `NULL` where it suppresses): a
suppressed value is kept blank with a note, never guessed.

`figures.csv` sits beside the map (it is not one of the map's tables, so the gap report is the
same with or without it); `load_figures` reads it back, every problem as `FILE:LINE`.
`area_updates` says what the figures change in `areas.csv`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from journeymap.problems import MapError, Problems
from journeymap.read.csvtable import Table, read_table
from journeymap.read.spreadsheet import table_csv
from journeymap.vocab import normalise_token

__all__ = [
    "FIGURES_FILE",
    "FIGURE_COLUMNS",
    "MEASURES",
    "REFERRAL_MEASURES",
    "AreaChange",
    "Figure",
    "area_updates",
    "figures_csv",
    "load_figures",
    "map_areas",
    "merge_figures",
    "on_the_map",
    "parse_figures",
    "read_areas",
    "read_figure_file",
    "updated_areas_csv",
]

FIGURES_FILE = "figures.csv"
FIGURE_COLUMNS = ("area", "period", "sex", "measure", "value", "source", "note")
#: Where NDTMS says women's (and men's) new presentations were referred from.
REFERRAL_MEASURES = (
    "referral_criminal_justice",
    "referral_health_social_care",
    "referral_self_family_friends",
    "referral_substance_misuse_service",
    "referral_other",
    "referral_missing",
)
MEASURES = (
    "in_treatment",
    "new_presentations",
    *REFERRAL_MEASURES,
    "not_in_treatment_pct",
    "estimated_need",
)
SEXES = ("female", "male", "persons")
VIEWIT = "NDTMS ViewIt"
_SEX_WORDS = {
    **dict.fromkeys(("f", "female", "females", "women", "woman", "w"), "female"),
    **dict.fromkeys(("m", "male", "males", "men", "man"), "male"),
    **dict.fromkeys(("total", "persons", "person", "all", "people", "all_persons"), "persons"),
}
_TOTAL_WORDS = frozenset(("total", "all", "persons", "all_ages", "all_drugs", "all_substances"))
#: ViewIt's referral sources, their words run together (both spellings squash to these).
_REFERRAL_SOURCES = {
    "criminaljustice": "referral_criminal_justice",
    "healthservicessocialcare": "referral_health_social_care",
    "healthandsocialcare": "referral_health_social_care",
    "selffamilyfriends": "referral_self_family_friends",
    "selfreferral": "referral_self_family_friends",
    "substancemisuseservice": "referral_substance_misuse_service",
    "other": "referral_other",
    "missing": "referral_missing",
}
_SUPPRESSED = frozenset(("", "null", "*", "-", "x", "..", "n/a", "na", "suppressed"))
_FINGERTIPS = ("indicator_id", "area_name", "sex", "time_period", "value")


@dataclass(frozen=True)
class Figure:
    """One published number: `value` is the text as published ('' when suppressed)."""

    area: str
    period: str
    sex: str
    measure: str
    value: str
    source: str
    note: str = ""
    line: int = 0

    @property
    def number(self) -> float | None:
        """The value as a number, or None when it was suppressed or is not a number."""
        try:
            return float(self.value.replace(",", ""))
        except ValueError:
            return None

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.area.casefold(), self.period, self.sex, self.measure, self.source)


def _canon(header: str) -> str:
    """`Num_InTreatment_AllInTx` and `intreatment_allintx` → `intreatment_allintx`."""
    token = normalise_token(header)
    return token.removeprefix("num_")


def read_figure_file(data: bytes, file: str, problems: Problems) -> tuple[str, list[Figure]]:
    """The figures in one export: (what it is, its figures). Recognised by header: an NDTMS
    ViewIt export or a Fingertips indicator export; anything else is an error naming the
    columns looked for. Cost: linear in the file."""
    table = read_table(data, file, problems, required=())
    if table is None:
        return "", []
    header = {_canon(h) for h in table.header}
    if "intreatment_allintx" in header or "newpresentation_newtx" in header:
        return VIEWIT, _viewit(table, problems)
    if all(c in header for c in _FINGERTIPS):
        return "Fingertips", _fingertips(table, problems)
    problems.error(
        file,
        1,
        "this is not an NDTMS ViewIt export (columns intreatment_allintx or "
        "Num_InTreatment_AllInTx) nor a Fingertips indicator export (Indicator ID, Area Name, "
        "Sex, Time period, Value)",
    )
    return "", []


def _cells(table: Table) -> Iterable[tuple[int, dict[str, str]]]:
    for row in table.rows:
        yield row.line, {_canon(k): v for k, v in row.cells.items()}


def _published(text: str) -> tuple[str, str]:
    """(value, note): a suppressed cell is blank with a note, any other as published."""
    if text.strip().lower() in _SUPPRESSED:
        return "", "suppressed or not published"
    return text.strip(), ""


def _viewit(table: Table, problems: Problems) -> list[Figure]:
    columns = {_canon(h) for h in table.header}
    sex_col = "sex" if "sex" in columns else "gender_data" if "gender_data" in columns else ""
    period_col = next(
        (c for c in ("reportingperiod", "reporting_period", "period") if c in columns), ""
    )
    area_col = next((c for c in ("area", "area_name", "local_authority", "la") if c in columns), "")
    missing = [
        what
        for what, col in (("sex", sex_col), ("ReportingPeriod", period_col), ("Area", area_col))
        if not col
    ]
    if missing:
        problems.error(table.file, 1, f"this ViewIt export has no {', '.join(missing)} column")
        return []
    measures: dict[str, str] = {
        "intreatment_allintx": "in_treatment",
        "newpresentation_newtx": "new_presentations",
    }
    for col in columns:
        m = re.fullmatch(r"referralsource_(.+)_newtx", col)
        if m and m.group(1).replace("_", "") in _REFERRAL_SOURCES:
            measures[col] = _REFERRAL_SOURCES[m.group(1).replace("_", "")]
    splits = [c for c in ("age_group", "drug_group", "substance_group") if c in columns]
    figures: list[Figure] = []
    for line, cells in _cells(table):
        if any(normalise_token(cells.get(c, "")) not in _TOTAL_WORDS for c in splits):
            continue  # a breakdown by age or drug: the totals rows carry the area's figures
        sex = _SEX_WORDS.get(normalise_token(cells.get(sex_col, "")))
        if sex is None:
            continue
        area, period = cells.get(area_col, "").strip(), cells.get(period_col, "").strip()
        if not area or not period:
            problems.error(table.file, line, "the row has no area or reporting period")
            continue
        for col, measure in measures.items():
            if col in cells:
                value, note = _published(cells[col])
                figures.append(Figure(area, period, sex, measure, value, VIEWIT, note, line))
    numbers = [f.number for f in figures if f.number is not None]
    if numbers and all(n % 5 == 0 for n in numbers):
        figures = [
            Figure(
                f.area,
                f.period,
                f.sex,
                f.measure,
                f.value,
                f.source,
                f.note or "rounded to 5 by NDTMS",
                f.line,
            )
            for f in figures
        ]
    if not figures:
        problems.error(
            table.file,
            1,
            "no totals rows found: journeymap reads the rows whose age group and drug group "
            "are 'Total', by sex (F, M, Total)",
        )
    return figures


def _fingertips(table: Table, problems: Problems) -> list[Figure]:
    figures: list[Figure] = []
    for line, cells in _cells(table):
        sex = _SEX_WORDS.get(normalise_token(cells.get("sex", "")))
        if sex is None:
            continue
        if cells.get("category_type", "").strip():
            continue  # a breakdown (deprivation decile, ethnicity…), not the area's own figure
        code, title = cells.get("indicator_id", "").strip(), cells.get("indicator_name", "").strip()
        source = f"Fingertips {code}: {title}"
        area, period = cells.get("area_name", "").strip(), cells.get("time_period", "").strip()
        value, note = _published(cells.get("value", ""))
        figures.append(Figure(area, period, sex, "not_in_treatment_pct", value, source, note, line))
        if "denominator" in cells:
            need, need_note = _published(cells["denominator"])
            figures.append(
                Figure(
                    area,
                    period,
                    sex,
                    "estimated_need",
                    need,
                    source,
                    need_note or "an estimate",
                    line,
                )
            )
    return figures


def figures_csv(figures: Sequence[Figure]) -> bytes:
    """`figures.csv`: the tidy table, sorted by area, period, sex, measure (cells as they are)."""
    order = {m: i for i, m in enumerate(MEASURES)}
    rows = sorted(
        figures,
        key=lambda f: (
            f.area.casefold(),
            f.period,
            SEXES.index(f.sex) if f.sex in SEXES else 9,
            order.get(f.measure, 99),
            f.source,
        ),
    )
    return table_csv(
        FIGURE_COLUMNS,
        ([f.area, f.period, f.sex, f.measure, f.value, f.source, f.note] for f in rows),
    )


def merge_figures(old: Sequence[Figure], new: Sequence[Figure]) -> list[Figure]:
    """The figures already beside the map with the new ones in: a new figure replaces the old
    one of the same area, period, sex, measure and source; the others stay."""
    merged = {f.key: f for f in old}
    merged.update((f.key, f) for f in new)
    return list(merged.values())


def load_figures(folder: str | Path) -> tuple[Figure, ...]:
    """The figures beside a map (`figures.csv`), or none when there is no such file. Raises
    `MapError` with every problem as FILE:LINE. Cost: linear in the file."""
    path = Path(folder) / FIGURES_FILE
    if not path.is_file():
        return ()
    return parse_figures(path.read_bytes(), str(path))


def parse_figures(data: bytes, file: str) -> tuple[Figure, ...]:
    """figures.csv's bytes (from a folder or an upload) as figures; `file` names it in
    messages. Raises `MapError` with every problem as FILE:LINE. Cost: linear in the file."""
    problems = Problems()
    table = read_table(
        data,
        file,
        problems,
        required=FIGURE_COLUMNS[:5],
        optional=FIGURE_COLUMNS[5:],
    )
    figures: list[Figure] = []
    for row in table.rows if table else []:
        c = row.cells
        sex, measure = c.get("sex", ""), c.get("measure", "")
        if sex not in SEXES:
            problems.error(file, row.line, f"sex '{sex}' should be female, male or persons")
            continue
        if measure not in MEASURES:
            problems.error(
                file,
                row.line,
                f"measure '{measure}' is not one journeymap reads ({', '.join(MEASURES)})",
            )
            continue
        if not c.get("area") or not c.get("period"):
            problems.error(file, row.line, "every row needs an area and a period")
            continue
        figures.append(
            Figure(
                c["area"],
                c["period"],
                sex,
                measure,
                c.get("value", ""),
                c.get("source", ""),
                c.get("note", ""),
                row.line,
            )
        )
    if problems.has_errors:
        raise MapError(problems.items)
    return tuple(figures)


@dataclass(frozen=True)
class AreaChange:
    """One cell of areas.csv the figures fill or change, for people to read before writing."""

    area: str
    column: str
    old: str
    new: str
    why: str

    def __str__(self) -> str:
        old = self.old or "(blank)"
        return f"areas.csv: {self.area}: {self.column} {old} → {self.new} ({self.why})"


def _latest(figures: Iterable[Figure], sex: str, measure: str) -> dict[str, Figure]:
    """The latest period's figure of each area (by area name, case aside)."""
    best: dict[str, Figure] = {}
    for f in figures:
        if f.sex == sex and f.measure == measure:
            key = f.area.casefold()
            if key not in best or f.period > best[key].period:
                best[key] = f
    return best


def area_updates(
    rows: Sequence[Mapping[str, str]], figures: Sequence[Figure]
) -> tuple[list[AreaChange], list[str]]:
    """What the figures change in areas.csv (its rows as read), and notes on what they cannot
    fill: women in treatment and new presentations from NDTMS (latest period), estimated
    women's need only where an estimate by sex exists. Cost: linear in the figures."""
    changes: list[AreaChange] = []
    notes: list[str] = []
    current = {r.get("area", "").casefold(): r for r in rows}
    names = {f.area.casefold(): f.area for f in figures}

    def propose(key: str, column: str, f: Figure, why: str) -> None:
        if key == "england":
            return  # the national comparison, not an area of the map
        row = current.get(key, {})
        area = row.get("area") or names[key]
        if not f.value:
            notes.append(
                f"{area}: {column} for {f.period} is not published (suppressed); left as it is"
            )
            return
        value = str(int(f.number)) if f.number is not None and f.number.is_integer() else f.value
        if row.get(column, "") != value:
            changes.append(AreaChange(area, column, row.get(column, ""), value, why))

    for key, f in _latest(figures, "female", "in_treatment").items():
        propose(key, "women_in_treatment", f, f"{f.source}, {f.period}")
    for key, f in _latest(figures, "female", "new_presentations").items():
        propose(key, "women_new_presentations", f, f"{f.source}, {f.period}")
    need = _latest(figures, "female", "estimated_need")
    for key, f in need.items():
        propose(key, "estimated_women_need", f, f"{f.source}, {f.period}, an estimate")
    persons_only = {k for k in _latest(figures, "persons", "estimated_need") if k not in need}
    for key in sorted(persons_only - {"england"}):
        notes.append(
            f"{names[key]}: the Fingertips figures are for persons only, so estimated_women_need "
            "is not filled (journeymap does not guess women's share of an estimate)"
        )
    return changes, notes


def updated_areas_csv(
    header: Sequence[str], rows: Sequence[Mapping[str, str]], changes: Sequence[AreaChange]
) -> bytes:
    """areas.csv with the changes made: every other row, column and cell as she typed it;
    an area new to the file is added at the end; a new column goes after hers."""
    columns = list(header) or ["area", "women_in_treatment", "estimated_women_need", "rural"]
    for change in changes:
        if change.column not in columns:
            columns.append(change.column)
    out = [dict(r) for r in rows]
    index = {r.get("area", "").casefold(): r for r in out}
    for change in changes:
        row = index.get(change.area.casefold())
        if row is None:
            row = index[change.area.casefold()] = {"area": change.area}
            out.append(row)
        row[change.column] = change.new
    return table_csv(columns, ([r.get(c, "") for c in columns] for r in out))


def on_the_map(figures: Sequence[Figure], known: Iterable[str]) -> list[Figure]:
    """The figures of the areas the map knows, and England's (the national comparison);
    all of them when the map knows no area. A Fingertips export lists every local
    authority: the others would only crowd figures.csv."""
    names = {a.casefold() for a in known if a}
    if not names:
        return list(figures)
    return [f for f in figures if f.area.casefold() in names or f.area.casefold() == "england"]


def map_areas(folder: str | Path) -> set[str]:
    """The areas a map folder names: its services' areas, its areas.csv rows (best effort,
    for choosing figures; the map's own check is `load`)."""
    found: set[str] = set()
    for name in ("services.csv", "areas.csv"):
        path = Path(folder) / name
        if path.is_file():
            table = read_table(path.read_bytes(), str(path), Problems(), required=["area"])
            if table is not None:
                found.update(r.cells.get("area", "") for r in table.rows)
    return {a for a in found if a and a.casefold() != "national"}


def read_areas(folder: str | Path, problems: Problems) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of the map's areas.csv as she keeps it (none when there is none)."""
    path = Path(folder) / "areas.csv"
    if not path.is_file():
        return [], []
    table = read_table(path.read_bytes(), str(path), problems, required=["area"])
    if table is None:
        return [], []
    return list(table.header), [dict(r.cells) for r in table.rows]
