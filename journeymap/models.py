"""The typed records everything else works on (DESIGN §3 and §4).

Loading turns rows into these models only after every cell has been checked, so code past
`load.py` can trust them: ids are unique, links point at real services, vocabularies hold.
Models are frozen because the graph, the findings and the app's caches share them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import attrgetter, itemgetter
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from journeymap.vocab import GROUP_OF, NATIONAL, TREATMENT_TYPES

__all__ = [
    "ACTION_STATUSES",
    "REPORT_COLUMNS",
    "SEVERITY_RANK",
    "SLOT_SETTERS",
    "Action",
    "Area",
    "Finding",
    "Journey",
    "Link",
    "Persona",
    "Service",
    "ServiceMap",
    "Standard",
    "Step",
    "area_names",
]


Severity = Literal["high", "medium", "low"]
LinkKind = Literal["referral", "co_location", "joint_working"]

SEVERITY_RANK: dict[str, int] = {"high": 0, "medium": 1, "low": 2}


class _Record(BaseModel):
    # defer_build: a model's validator is made when it first validates, not at import. Loading
    # fills services and links without validating them (`read.fastload.built`), so
    # `journeymap check` never makes those of Service, Link, ServiceMap or Finding.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Service(_Record):
    id: str
    name: str
    type: str
    area: str
    provider: str = ""
    women_only: bool = False
    offers: tuple[str, ...] = ()
    postcode: str = ""
    latitude: float | None = None
    longitude: float | None = None
    url: str = ""
    description: str = ""
    #: Columns the contract does not know, kept so that nothing a council keeps is dropped.
    extra: dict[str, str] = Field(default_factory=dict)
    #: Line of services.csv the service came from (0 when made in code, e.g. by a scenario).
    line: int = 0

    @property
    def group(self) -> str:
        return GROUP_OF[self.type]

    @property
    def also_known_as(self) -> tuple[str, ...]:
        """What women call the service ("the hub on Tower Street"): the `;`-list of the optional
        services.csv column `also_known_as` (kept with the other extra columns, so every writer
        of services.csv keeps it too)."""
        text = self.extra.get("also_known_as", "")
        return tuple(dict.fromkeys(n.strip() for n in text.split(";") if n.strip()))

    @property
    def is_treatment(self) -> bool:
        return self.type in TREATMENT_TYPES

    @property
    def is_national(self) -> bool:
        return self.area == NATIONAL


class Link(_Record):
    source: str
    target: str
    kind: LinkKind
    two_way: bool = False
    formal: bool = False
    notes: str = ""
    extra: dict[str, str] = Field(default_factory=dict)
    line: int = 0

    @property
    def both_ways(self) -> bool:
        """Co-location and joint working always run both ways; a referral only when marked."""
        return self.kind != "referral" or self.two_way

    @property
    def handoffs(self) -> int:
        """A co-located worker sees her where she already is: no hand-off (DESIGN §3)."""
        return 0 if self.kind == "co_location" else 1

    @property
    def id(self) -> str:
        return f"{self.source}->{self.target}"


class Step(_Record):
    journey: str
    step: int
    service: str = ""
    place: str = ""
    stage: str = ""
    feeling: int | None = None
    barriers: tuple[str, ...] = ()
    helped_onward: bool | None = None
    circumstances: tuple[str, ...] = ()
    note: str = ""
    extra: dict[str, str] = Field(default_factory=dict)
    line: int = 0


class Journey(_Record):
    code: str
    steps: tuple[Step, ...]

    @property
    def circumstances(self) -> tuple[str, ...]:
        """Circumstances merged over the journey's rows, in first-seen order."""
        seen: dict[str, None] = {}
        for step in self.steps:
            seen.update(dict.fromkeys(step.circumstances))
        return tuple(seen)


class Area(_Record):
    area: str
    women_in_treatment: int | None = None
    estimated_women_need: int | None = None
    #: None where areas.csv does not say (the rural persona is then still asked about).
    rural: bool | None = None
    extra: dict[str, str] = Field(default_factory=dict)
    line: int = 0


class Standard(_Record):
    """One row of the standards checklist; `rule` is parsed by `analyse.standards`."""

    id: str
    standard: str
    source: str
    rule: str
    severity: Severity = "medium"
    suggestion: str = ""
    line: int = 0


class Persona(_Record):
    id: str
    name: str
    description: str = ""
    circumstance: str = ""
    entry_types: tuple[str, ...]
    needs_any: tuple[str, ...] = ()
    avoid_types: tuple[str, ...] = ()
    source: str = ""
    line: int = 0


#: The states of an action, in the order a board reads them.
ACTION_STATUSES: tuple[str, ...] = ("planned", "in progress", "done", "dropped")


class Action(_Record):
    """One row of actions.csv: what was agreed to close a gap, who does it, by when, and
    where it stands. `about` is a finding's `category:subject_id` (or a standard's id, for
    its standards gap, or `plan:` and a plan proposal's id)."""

    id: str
    area: str
    about: str
    action: str
    owner: str = ""
    due: str = ""
    status: Literal["planned", "in progress", "done", "dropped"] = "planned"
    note: str = ""
    line: int = 0

    def answers(self, f: Finding) -> bool:
        """True when this action is about finding `f` (its area, and its key or standard)."""
        if f.area != self.area:
            return False
        if self.about == f"{f.category}:{f.subject_id}":
            return True
        return f.category == "standards_gap" and self.about == f.subject_id


class ServiceMap(_Record):
    """A whole map folder, checked. `warnings` are the problems that did not stop loading."""

    services: tuple[Service, ...]
    links: tuple[Link, ...]
    journeys: tuple[Journey, ...] = ()
    areas: tuple[Area, ...] = ()
    standards: tuple[Standard, ...] = ()
    personas: tuple[Persona, ...] = ()
    #: actions.csv's rows; None when the map folder has no actions.csv (the report then has
    #: no `action` column, DESIGN §5).
    actions: tuple[Action, ...] | None = None
    warnings: tuple[str, ...] = ()

    def area_names(self) -> list[str]:
        """Local areas in the map (never `national`), in order of first appearance."""
        return area_names(self.services, self.areas)


def area_names(services: Iterable[Service], areas: Iterable[Area]) -> list[str]:
    """`ServiceMap.area_names` of these services and areas.csv rows."""
    names = dict.fromkeys(map(attrgetter("area"), services))  # C speed: 45,000 rows
    names.pop(NATIONAL, None)
    names.update(dict.fromkeys(a.area for a in areas))
    return list(names)


#: A finding's columns in the gap report (DESIGN §5), in order; also the order of its fields.
REPORT_COLUMNS: tuple[str, ...] = (
    "area",
    "category",
    "severity",
    "subject_id",
    "subject_name",
    "finding",
    "evidence",
    "suggestion",
    "source",
    "affects",
)


class Finding(_Record):
    """One gap in the system (DESIGN §4): what is missing, the evidence, a remedy, its source."""

    area: str
    category: str
    severity: Severity
    subject_id: str
    subject_name: str
    finding: str
    evidence: str
    suggestion: str
    source: str
    #: How many touchpoints it cuts off or weakens (for an area-wide finding: the area's
    #: touchpoints; for a journey finding: the journeys). Ranks findings within a severity.
    affects: int = 0

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes two findings 'the same gap' when comparing before and after a change."""
        return (self.category, self.area, self.subject_id)

    def sort_key(self) -> tuple[int, int, str, str, str]:
        """Report order (DESIGN §5): severity (high first), then `affects` (largest first),
        then area, category and subject."""
        return (
            SEVERITY_RANK[self.severity],
            -self.affects,
            self.area,
            self.category,
            self.subject_id,
        )

    def __reduce__(
        self,
    ) -> tuple[Callable[..., Finding], tuple[tuple[Any, ...], frozenset[str]]]:
        """Pickle as the values of the fields: findings made in another process travel back
        by pickle (`parallel.run_jobs`), and pydantic's own way is 17 times slower (1.5 s for
        the 20,000 findings of the national benchmark map). They were checked when made, so
        they are made again without validation, as the loader makes its models (the 5,000
        findings of a national map's second process: 0.045 s to unpickle with
        `model_construct`, 0.016 s so). Findings with the same fields set share one set."""
        given = frozenset(self.model_fields_set)
        return (_finding_from, (_finding_values(self.__dict__), _SETS.setdefault(given, given)))


_FINDING_FIELDS = tuple(Finding.model_fields)
_finding_values = itemgetter(*_FINDING_FIELDS)
_SETS: dict[frozenset[str], frozenset[str]] = {}

#: The four instance slots pydantic's validation fills, as setters (`__dict__`, the fields
#: set, the extra fields, the private attributes): for models of fields already checked
#: (`read.fastload.built`, `_finding_from`).
SLOT_SETTERS = tuple(
    BaseModel.__dict__[slot].__set__
    for slot in (
        "__dict__",
        "__pydantic_fields_set__",
        "__pydantic_extra__",
        "__pydantic_private__",
    )
)


def _finding_from(values: tuple[Any, ...], fields_set: frozenset[str]) -> Finding:
    finding = object.__new__(Finding)
    set_dict, set_fields, set_extra, set_private = SLOT_SETTERS
    set_dict(finding, dict(zip(_FINDING_FIELDS, values, strict=True)))
    set_fields(finding, set(fields_set))
    set_extra(finding, None)
    set_private(finding, None)
    return finding
