"""Areas whose services no agreed link touches yet, worked out from a loaded map alone.

`journeymap check` tells each such area right after loading, and the analyses leave route
findings out for them (`analyse.unlinked`, which takes these from here). They live in `read`
so that `check` needs neither networkx nor the analyses: their imports are 0.3 s of a command
meant to take well under a second on a national map.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress, repeat
from operator import attrgetter

from journeymap.labels import plural
from journeymap.models import Link, Service, ServiceMap
from journeymap.read.fastload import CheckedLinks
from journeymap.vocab import NATIONAL

__all__ = ["AGREED", "unlinked_areas", "unlinked_in", "unlinked_line"]

#: Link kinds that are routes someone has agreed (a co-location from a shared address is not).
AGREED = ("referral", "joint_working")
AGREED_SET = frozenset(AGREED)

_id, _area = attrgetter("id"), attrgetter("area")
#: Links looked at a time before asking whether every area is linked yet.
_CHUNK = 4096


def unlinked_areas(smap: ServiceMap) -> dict[str, int]:
    """Area → number of its services, for each area no referral or joint-working link touches
    (national services are no area's). In services.csv order. Cost: O(V + E)."""
    return unlinked_in(smap.services, smap.links)


def unlinked_in(
    services: Sequence[Service], links: Sequence[Link] | CheckedLinks
) -> dict[str, int]:
    """`unlinked_areas` of these services and links (models, or links.csv's checked columns
    as `journeymap check` holds them)."""
    area_of = dict(zip(map(_id, services), map(_area, services), strict=True))
    linked: set[str] = set()
    if isinstance(links, CheckedLinks):
        # Most maps link every area. Links taken a stride apart sample the whole file (often
        # written area by area), so a national map's first stride of 4,096 links reaches all
        # 150 areas: stop there rather than look up all 270,000 ends (0.04 s of check). The
        # strides together are every link once, so an area with none is still found.
        local = set(area_of.values()) - {NATIONAL}
        sources, targets, kinds = (
            list(links.kept(c)) for c in (links.sources, links.targets, links.kinds)
        )
        step = max(1, -(-len(kinds) // _CHUNK))
        for first in range(step):
            agreed = list(map(AGREED_SET.__contains__, kinds[first::step]))
            linked.update(map(area_of.get, compress(sources[first::step], agreed), repeat("")))
            linked.update(map(area_of.get, compress(targets[first::step], agreed), repeat("")))
            if linked >= local:
                return {}
    else:
        for link in links:  # one pass over the models, the fastest way (0.04 s, not 0.13 s)
            if link.kind in AGREED_SET:
                linked.add(area_of.get(link.source, ""))
                linked.add(area_of.get(link.target, ""))
    counts: dict[str, int] = {}
    for area in map(_area, services):
        if area not in linked and area != NATIONAL:
            counts[area] = counts.get(area, 0) + 1
    return counts


def unlinked_line(area: str, services: int) -> str:
    """The sentence `journeymap check` prints for an area with no links yet (the same news as
    the report's `no_links` finding)."""
    return (
        f"{area}: {plural(services, 'service')} and no referral or joint-working links yet, so "
        "routes into treatment cannot be judged; add the links you know to links.csv "
        "(the report's no_links finding says how)."
    )
