"""Shared wording for findings: names, routes, severities, and remedies from the seeds.

Every sentence here may be read by a commissioner's board and by women with lived experience:
it describes what the system lacks, never what a woman did or failed to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx

from journeymap.graph.routes import Route
from journeymap.labels import TYPE_LABELS, join_words
from journeymap.models import ServiceMap, Severity
from journeymap.vocab import footfall

__all__ = [
    "CJI_COLOCATION",
    "CJI_MAPPING",
    "CJI_NEED",
    "CJI_PARTNERSHIPS",
    "REMEDIES",
    "WOMANIFESTO_R3",
    "by_footfall",
    "describe_route",
    "kind_of",
    "link_phrase",
    "name",
    "names",
    "remedy",
    "services_phrase",
]


#: Citations for the `source` column: the seed and its section heading. The format, which
#: tests/test_sources.py checks against the seeds: "DOCUMENT, HEADING[, SUB-HEADING] [(PLACE, …)]",
#: several joined by "; ". DOCUMENT is "Womanifesto" or "CJI guide"; a heading is written in full
#: or by its short title (the words before " - " or ": "); the Womanifesto's good-practice lists
#: are "Appendix 1, Recommendation One" and so on; PLACE is the place the seed names for the
#: example, e.g. "Womanifesto, Appendix 1, Recommendation Two (Telford)".
WOMANIFESTO_R3 = "Womanifesto, Recommendation Three"
CJI_COLOCATION = "CJI guide, Co-location"
CJI_PARTNERSHIPS = "CJI guide, Partnerships and governance"
CJI_MAPPING = "CJI guide, Service mapping"
CJI_NEED = "CJI guide, Building on OHID's unmet needs toolkit"

#: What would open a route into treatment from each kind of touchpoint, after the good-practice
#: examples in the seeds. Used when a touchpoint has no route, or only a poor one.
REMEDIES: dict[str, str] = {
    "gp": "Agree a written referral pathway from the practice to treatment, and offer a "
    "women's health assessment (contraception, menopause, blood-borne viruses) at treatment so "
    "that the two services share her care.",
    "midwifery": "Hold a specialist substance-use midwife clinic at the treatment hub, with a "
    "written pathway both ways and priority for pregnant women.",
    "hospital": "Agree a pathway from the hospital's alcohol care or liaison team into "
    "treatment, so a woman seen in A&E or on a ward is offered a warm hand-over.",
    "sexual_health": "Run a monthly sexual health clinic inside the treatment service, and a "
    "referral route from the clinic back into treatment.",
    "mental_health": "Set up joint working (shared case meetings) between mental health and "
    "treatment, so co-occurring needs are met in one plan rather than bounced between services.",
    "pharmacy": "Agree a referral route from the pharmacy to treatment (pharmacies see women "
    "for naloxone and needle exchange), with a named contact at treatment.",
    "womens_health_hub": "Link the women's health hub to treatment with a referral pathway and "
    "a regular in-reach session from a women's lead.",
    "domestic_abuse": "Agree a joint pathway with the domestic abuse service and place an IDVA "
    "in treatment; train domestic abuse staff to ask about drugs and alcohol without judgement.",
    "sexual_violence": "Agree a trauma-informed referral pathway with the sexual violence "
    "service, with a female key worker offered by default.",
    "womens_centre": "Co-locate treatment at the women's centre: a treatment worker or "
    "women-only group held there each week, so women are seen where they already feel safe.",
    "by_and_for": "Work with the by-and-for organisation as an equal partner: co-locate a "
    "treatment session there and fund interpreters and culturally informed support.",
    "probation": "Hold women-only probation reporting days at the women's centre with treatment "
    "in the room, and agree a formal referral pathway from probation to treatment.",
    "prison": "Agree a release-from-custody pathway: treatment meets her before release and "
    "on the day she leaves, with prescribing continued.",
    "police_custody": "Link liaison and diversion to treatment with a formal referral route and "
    "a female worker for women in custody.",
    "childrens_social_care": "Embed a substance-use worker in the family safeguarding team "
    "(co-location), so parents are offered treatment alongside support for the family.",
    "early_help": "Bring a treatment worker into the early help hub, so families get help "
    "before problems reach children's social care.",
    "family_court": "Set up a family drug and alcohol court approach: a treatment team working "
    "with the court, and a pathway for mothers during proceedings.",
    "post_removal_support": "Agree a pathway between post-removal support and treatment, so "
    "women whose children are removed are offered treatment at the time of greatest risk.",
    "family_residential": "Agree a pathway from family residential services into treatment, "
    "with continued prescribing on arrival.",
    "housing": "Agree a referral pathway from housing and homelessness services into "
    "treatment, with outreach to women in temporary accommodation.",
    "outreach": "Give outreach workers a formal referral route into treatment and rapid "
    "prescribing for women they meet on the street or in sex work.",
    "peer_support": "Link peer support to treatment with a referral route and peer mentors "
    "inside the treatment service.",
    "other": "Agree a referral route from this service into treatment.",
}


def name(G: nx.MultiDiGraph, node: str) -> str:
    return str(G.nodes[node]["name"])


def kind_of(G: nx.MultiDiGraph, node: str) -> str:
    """Plain name of a service's type for use inside a sentence: 'women's centre', 'GP practice'."""
    label = TYPE_LABELS.get(G.nodes[node]["type"], str(G.nodes[node]["type"]))
    return label if label[:2].isupper() else label[0].lower() + label[1:]


def names(G: nx.MultiDiGraph, nodes: Iterable[str], limit: int = 6) -> str:
    """'A, B and C' (with 'and N more' past `limit`; only the names shown are looked up)."""
    listed = list(nodes)
    if len(listed) <= limit:
        return join_words([name(G, n) for n in listed])
    return join_words([*(name(G, n) for n in listed[:limit]), f"{len(listed) - limit} more"])


def services_phrase(G: nx.MultiDiGraph, nodes: Sequence[str]) -> str:
    """'A', 'A and B', or '5 services (A, B, C, D and E)' for a list of services."""
    return names(G, nodes) if len(nodes) <= 2 else f"{len(nodes)} services ({names(G, nodes)})"


def link_phrase(smap: ServiceMap, index: int) -> str:
    """'informal referral', 'formal co-location'."""
    link = smap.links[index]
    return f"{'formal' if link.formal else 'informal'} {link.kind.replace('_', '-')}"


def describe_route(G: nx.MultiDiGraph, smap: ServiceMap, route: Route) -> str:
    """'A → B (formal referral) → C (informal co-location)'."""
    parts = [name(G, route.services[0])]
    for node, link in zip(route.services[1:], route.links, strict=True):
        parts.append(f"{name(G, node)} ({link_phrase(smap, link)})")
    return " → ".join(parts)


def by_footfall(service_type: str, ladder: Sequence[Severity]) -> Severity:
    """Pick from `ladder` (for high, medium, low footfall) by how many women pass through."""
    return ladder[2 - footfall(service_type)]


def remedy(service_type: str) -> str:
    return REMEDIES.get(service_type, REMEDIES["other"])
