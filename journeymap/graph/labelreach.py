"""Fewest hand-offs to the nearest target of a set where each area has its own targets.

Some questions have different targets in each area: a persona in area A may only be sent on
to treatment in A or to a national service, while routes may pass through any area. Asked
area by area, each is a search over the whole national graph (national services join every
area within two or three steps), which makes the analysis grow with the square of the number
of areas. `labelled_reach` answers every area at once.

One search runs from all the targets of all areas together, labelled by their area
(`national` targets belong to every area). Besides each service's fewest hand-offs to the
nearest target, it records which labels are found at that nearest distance. For a service in
an area whose own label (or `national`) is among them, the nearest target of its own area is
exactly as far as the nearest target of all — the common case, answered at once. Only when
the nearest targets all belong to other areas does a search for that one area still run
(`AreaReach.exact`, done lazily and kept).

The distances of the joint search never exceed those of an area's own search (it has more
targets), so they serve as the lower bound that `graph.route_to(..., toward=, bound=)` needs
to find exactly the same route while looking at only a few services.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import networkx as nx

from journeymap.graph.index import cheapest
from journeymap.graph.routes import as_set, handoffs_to
from journeymap.vocab import NATIONAL

__all__ = ["AreaReach", "LabelledReach", "labelled_reach"]


@dataclass
class LabelledReach:
    """Fewest hand-offs from each service to any target, and the labels found at that distance.

    `labels[n]` is a bit mask over `bits` (label → bit): the labels of the targets that some
    quickest route from `n` ends at, counting only routes allowed for that label's own search
    (a blocked service is passed through only when it is itself a target with that label).
    """

    dist: dict[str, int]
    labels: dict[str, int]
    bits: dict[str, int]


def labelled_reach(
    G: nx.MultiDiGraph,
    targets: Sequence[tuple[str, str]],
    *,
    blocked: Collection[str] = (),
) -> LabelledReach:
    """One search from every (target, label) at once; see the module docstring.

    Cost: one search, O(V + E), plus a second look at the few services whose labels grow late.
    """
    blocked = as_set(blocked)
    bits: dict[str, int] = {}
    own: dict[str, int] = {}
    for node, label in targets:
        bit = bits.setdefault(label, 1 << len(bits))
        own[node] = own.get(node, 0) | bit
    backward = cheapest(G)[1]
    # `handoffs_to` on the cheap adjacency, carrying labels as it goes. A service passes on
    # all its labels, unless it is blocked, when only its own: a route may end at a blocked
    # target but never pass through a blocked service. Labels spread along every edge that
    # is on a quickest route (`d + cost == dist[before]`); a service whose labels grow after
    # it has passed them on is queued again, so late ties (two services co-located at the
    # same distance) still reach everyone before them. A shorter distance found for a service
    # replaces its labels: those came from routes that are no longer quickest.
    dist: dict[str, int] = dict.fromkeys(own, 0)
    labels: dict[str, int] = dict(own)
    sent: dict[str, tuple[int, int]] = {}  # what each service last passed on, and at what distance
    queue: deque[str] = deque(own)
    far = 1 << 30
    while queue:
        node = queue.popleft()
        d = dist[node]
        mine = own.get(node, 0)
        if node in blocked:
            if not mine:
                continue  # it may start a route but not carry one
            give = mine
        else:
            give = labels[node]
        if sent.get(node) == (d, give):
            continue  # a stale entry: nothing new to pass on
        sent[node] = (d, give)
        for before, cost in backward[node]:
            step = d + cost
            old = dist.get(before, far)
            if step < old:
                dist[before] = step
                labels[before] = own.get(before, 0) | give
                if cost:
                    queue.append(before)
                else:
                    queue.appendleft(before)
            elif step == old:
                mask = labels[before] | give
                if mask != labels[before]:
                    labels[before] = mask
                    if before in sent:  # it has passed its labels on already: again
                        if cost:
                            queue.append(before)
                        else:
                            queue.appendleft(before)
    return LabelledReach(dist, labels, bits)


class _TooFar(Exception):
    """The local search grew past its budget: the area's own search is cheaper."""


#: Services a local search may look at before the area's own search is run instead.
LOCAL_BUDGET = 3000


@dataclass
class AreaReach:
    """Fewest hand-offs to one area's targets, read from a `LabelledReach` where it can be.

    `targets` are the area's own targets (those labelled with the area or `national`), with
    the same `blocked` services as the joint search. For a service whose nearest targets all
    belong to other areas, a small forward search finds its own: it stops at every service
    whose answer the joint search already gives (see `_local`), and only if that grows past
    `LOCAL_BUDGET` services does the area's own search run, once, for all of them.
    """

    G: nx.MultiDiGraph
    joint: LabelledReach
    area: str
    targets: Sequence[str]
    blocked: Collection[str]
    _exact: dict[str, int] | None = field(default=None, repr=False)
    _known: dict[str, int | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        bits = self.joint.bits
        self.mask = bits.get(self.area, 0) | bits.get(NATIONAL, 0)
        self.blocked = as_set(self.blocked)
        self._targets = as_set(self.targets)
        self._forward = cheapest(self.G)[0]

    def handoffs(self, node: str) -> int | None:
        """Fewest hand-offs from `node` to the area's targets, or None when it cannot reach them."""
        d = self.joint.dist.get(node)
        if d is None:
            return None  # no target of any area is reachable, so none of this one
        if self.joint.labels[node] & self.mask:
            return d
        if self._exact is not None:
            return self._exact.get(node)
        if node not in self._known:
            try:
                self._known[node] = self._local(node)
            except _TooFar:
                return self.exact().get(node)
        return self._known[node]

    def toward(self, node: str) -> tuple[dict[str, int], int | None]:
        """`toward` and `bound` for `route_to` from `node` (which `handoffs` says can reach)."""
        if self.joint.labels[node] & self.mask:
            return self.joint.dist, self.joint.dist[node]
        if self._exact is not None:
            return self._exact, None
        return self.joint.dist, self._known[node]

    def exact(self) -> dict[str, int]:
        """The area's own search over the whole graph."""
        if self._exact is None:
            self._exact = handoffs_to(self.G, self.targets, blocked=self.blocked)
        return self._exact

    def _local(self, start: str) -> int | None:
        """Fewest hand-offs from `start` by a forward search that stops at settled services.

        A service is settled when the joint search gives its answer for this area (its labels
        include the area or `national`, so its own hand-offs are its joint ones) or shows it
        cannot reach any target. The answer is the least of (hand-offs to a settled service +
        its own), over the settled services met first on each route; every route to a target
        meets one, as targets are settled. Routes that cannot beat the best found so far are
        cut using the joint hand-offs, which are never more than this area's.
        """
        dist, labels, mask = self.joint.dist, self.joint.labels, self.mask
        forward, blocked, targets = self._forward, self.blocked, self._targets
        far = 1 << 30
        best = far
        reached = {start: 0}
        queue: deque[str] = deque([start])
        done: set[str] = set()
        while queue:
            node = queue.popleft()
            if node in done:
                continue
            done.add(node)
            here = reached[node]
            if here >= best:
                break
            if len(done) > LOCAL_BUDGET:
                raise _TooFar
            for after, cost in forward[node]:
                rest = dist.get(after)
                if rest is None or here + rest >= best:
                    continue  # reaches no target at all, or not sooner than found already
                if after in blocked and after not in targets:
                    continue  # a route may not pass through it
                step = here + cost
                if labels[after] & mask:  # settled: its own answer is the joint one
                    best = min(best, step + rest)
                    continue
                if step + rest >= best or step >= reached.get(after, far):
                    continue
                reached[after] = step
                if cost:
                    queue.append(after)
                else:
                    queue.appendleft(after)
        return None if best == far else best
