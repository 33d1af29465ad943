"""Which services and links some touchpoints cannot reach treatment without: one dominator tree.

Over the reversed graph, rooted at a virtual node that leads to every treatment service,
service `d` dominates `s` exactly when every route from `s` to treatment passes through `d`;
one tree of immediate dominators answers for every touchpoint at once
(`dominated_touchpoints`, the basis of the single point of failure findings).

The tree is worked out by the iterative algorithm of Cooper, Harvey and Kennedy
(`immediate_dominators`). On a national map (45,000 services) nine services in ten have two
routes to treatment that share nothing, so their immediate dominator is the root; from
`fastreach.SMALL` services, those are found first in array code (`_array_start`: two ways in
from such services settle it), and the iteration then only works on the few thousand left.
The tree is the same either way (a graph has one dominator tree);
tests/test_dominators.py compares the two on many random maps.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import networkx as nx

from journeymap.graph import fastreach
from journeymap.graph.index import index, treatment_nodes
from journeymap.models import ServiceMap

if TYPE_CHECKING:
    import numpy as np

__all__ = ["dominated_touchpoints", "immediate_dominators"]

#: At most this many rounds of the array start (each settles one more step away from
#: treatment); whatever is left is settled by the iteration, so the cap only bounds the time.
_ROUNDS = 64


def dominated_touchpoints(smap: ServiceMap, G: nx.MultiDiGraph) -> dict[Any, list[str]]:
    """Each service or link some touchpoints cannot reach treatment without, with those touchpoints.

    Keys are service ids (str) or `("link", index)`, in the order met walking up from each
    touchpoint (graph order); each list of touchpoints is in graph order. Treatment services
    themselves are not reported, nor a touchpoint's own link out when it is her only one.

    How: the dominator tree of the reversed graph (module docstring). A link is a dominator
    when one of its directions (`x → y` in the reversed graph) is the only way into `y` from
    outside the part of the tree below `y`, and `y` is `s` or one of its dominators. (A link
    whose two directions are each avoidable cannot be needed: a route could enter by one and
    leave by the other without it.) Cost: about O((V + E) log V) for the tree, O(E) for the
    links, plus the depth of the tree per touchpoint.
    """
    treatment = treatment_nodes(G)
    if not treatment:
        return {}
    nodes = list(G.nodes)
    position = index(G).position
    root = len(nodes)
    if root >= fastreach.SMALL:
        idom = _array_dominators(G, treatment, root)
    else:
        idom = immediate_dominators(*_lists(G, nodes, position, treatment), root)
    is_treatment = [False] * len(nodes)
    for t in treatment:
        is_treatment[position[t]] = True
    entry = _entry_links(G, nodes, position, idom, root)
    cut_off: dict[Any, list[str]] = defaultdict(list)
    # Touchpoints in graph order; those with no route at all (a missed opportunity, not a
    # single point of failure) and those hanging only on the root have nothing to walk up.
    for i in [i for i, d in enumerate(idom) if d >= 0 and d != root]:
        node = nodes[i]
        # Its own one way out (entry[i]) is not reported: that link is her route itself, and
        # its finding would only repeat that the touchpoint has one route (DESIGN §4).
        d = idom[i]
        while d != root:
            if not is_treatment[d]:
                cut_off[nodes[d]].append(node)
            if entry[d] >= 0:
                cut_off["link", entry[d]].append(node)
            d = idom[d]
    return dict(cut_off)


def _lists(
    G: nx.MultiDiGraph, nodes: list[str], position: dict[str, int], treatment: list[str]
) -> tuple[list[list[int]], list[list[int]]]:
    """The reversed graph with its root (`len(nodes)`) as integer lists: (forward, into)."""
    root = len(nodes)
    succ, pred = G._succ, G._pred  # raw adjacency (see graph.handoffs_to)
    # Reversed graph: from v one may step back to each u with an edge u -> v.
    forward = [[position[u] for u in pred[n]] for n in nodes]
    forward.append([position[t] for t in treatment])
    # Ways into u in the reversed graph: from each v with an edge u -> v, and from the root.
    into = [[position[v] for v in succ[n]] for n in nodes]
    for t in treatment:
        into[position[t]].append(root)
    into.append([])
    return forward, into


def immediate_dominators(forward: list[list[int]], into: list[list[int]], root: int) -> list[int]:
    """Immediate dominator of every node of a graph given as integer adjacency lists.

    `forward[v]`: nodes reachable in one step from v; `into[v]`: nodes with a step to v. Returns
    `idom` with `idom[root] == root` and -1 for nodes the root cannot reach. The iterative
    algorithm of Cooper, Harvey and Kennedy ("A Simple, Fast Dominance Algorithm", 2001), the
    one networkx's `immediate_dominators` uses, on lists of integers instead of graph views:
    eight times faster on a national map. Cost: O(E) per pass; a few passes in practice.
    """
    n = len(forward)
    order = _postorder(forward, root)
    rank = [-1] * n
    for i, v in enumerate(order):
        rank[v] = i
    idom = [-1] * n
    idom[root] = root
    _settle([v for v in reversed(order) if v != root], into, idom, rank, root)
    return idom


def _settle(
    ordered: list[int], into: list[list[int]], idom: list[int], rank: list[int], root: int
) -> None:
    """The passes of Cooper, Harvey and Kennedy over `ordered`, until nothing changes.

    `idom` holds -1 for a node not worked out yet, or its immediate dominator where it is
    already known; `rank` must be higher for every node's dominators than for the node (a
    postorder does it), and each node of `ordered` must have a way in from the root or from a
    node before it. Cost: O(ways into `ordered`) per pass.
    """
    changed = True
    while changed:
        changed = False
        # A node whose immediate dominator is the root keeps it: from pass to pass a node's
        # dominators only ever drop out (its dominator moves up the tree), and the root is
        # the top. On a national map 9 nodes in 10 get there in the first pass, so the passes
        # after it, which confirm the rest, are short.
        ordered = [v for v in ordered if idom[v] != root]
        for v in ordered:
            new = -1
            for p in into[v]:
                if idom[p] < 0:
                    continue
                if new < 0:
                    new = p
                else:
                    a, b = p, new
                    while a != b:
                        while rank[a] < rank[b]:
                            a = idom[a]
                        while rank[b] < rank[a]:
                            b = idom[b]
                    new = a
                if new == root:
                    break  # the top of the tree: no other way in can change it
            if idom[v] != new:
                idom[v] = new
                changed = True


def _postorder(forward: list[list[int]], root: int) -> list[int]:
    """Nodes reachable from `root` in depth-first postorder, without recursion."""
    seen = [False] * len(forward)
    seen[root] = True
    order: list[int] = []
    stack = [(root, iter(forward[root]))]
    while stack:
        node, children = stack[-1]
        for child in children:
            if not seen[child]:
                seen[child] = True
                stack.append((child, iter(forward[child])))
                break
        else:
            stack.pop()
            order.append(node)
    return order


def _entry_links(
    G: nx.MultiDiGraph, nodes: list[str], position: dict[str, int], idom: list[int], root: int
) -> list[int]:
    """For each node that dominates another (the root aside), the link that is its only way in
    from outside its dominator subtree, or -1; -1 for every other node, whose links are not asked.

    Ways in (in the reversed graph) come from each successor in G, one per parallel link, and
    from the root for treatment services; a node with the root as a way in never has a link.
    Cost: O(nodes) for the tree, then O(degree) per dominator (a few thousand of 45,000 on a
    national map, where most services have two routes that share nothing).
    """
    size = len(idom)
    children: dict[int, list[int]] = {}
    for v, d in enumerate(idom):
        if d >= 0 and d != root and v != root:
            children.setdefault(d, []).append(v)
    # v is below d when first[d] <= first[v] <= last[d]; -1 for nodes outside every subtree
    first, last = [-1] * size, [-1] * size
    clock = 0
    for top in [d for d in children if idom[d] == root]:
        stack = [(top, 0)]
        while stack:
            v, i = stack.pop()
            if i == 0:
                first[v] = clock
                clock += 1
            below = children.get(v, ())
            if i < len(below):
                stack.append((v, i + 1))
                stack.append((below[i], 0))
            else:
                last[v] = clock - 1
    treatment = G.nodes
    succ = G._succ
    entry = [-1] * size
    for v in children:
        node = nodes[v]
        if treatment[node]["treatment"]:
            continue
        found = -1
        for after, keys in succ[node].items():
            p = position[after]
            if idom[p] < 0 or first[v] <= first[p] <= last[v]:
                continue  # unreachable, or reached only through v itself
            if found != -1 or len(keys) > 1:
                found = -2  # a second way in
                break
            found = next(iter(keys))
        if found >= 0:
            entry[v] = found
    return entry


def _array_dominators(G: nx.MultiDiGraph, treatment: list[str], root: int) -> list[int]:
    """`immediate_dominators` of the reversed graph with its root, for a large graph.

    The reversed graph is the CSR adjacency of `fastreach` (rows: services; entries: the
    services with a link into them). In array code: the steps from the root (breadth first),
    and the services whose immediate dominator is the root because two of their ways in come
    from such services (`_array_start`). The iteration (`_settle`) then works out the rest in
    breadth-first order, ranked so that nearer services rank higher (every dominator of a
    service is nearer the root than the service). Cost: O(V + E) array operations per step
    from treatment, then Python work on the services left (a few thousand of 45,000).
    """
    import numpy as np

    adj = fastreach.adjacency(G, formal=False)
    position = index(G).position
    start = fastreach.unique(np.fromiter((position[t] for t in treatment), dtype=np.int64))
    level = _steps(adj, start, root)
    known = _array_start(adj, start, root)
    rest = np.flatnonzero((level >= 0) & ~known)
    rest = rest[np.argsort(level[rest], kind="stable")]
    rank = np.full(root + 1, -1, dtype=np.int64)
    rank[rest] = np.arange(rest.size, 0, -1) - 1
    top = np.flatnonzero(known)
    rank[top] = rest.size + np.arange(top.size)
    rank[root] = rest.size + top.size
    idom = np.full(root + 1, -1, dtype=np.int64)
    idom[top] = root
    idom[root] = root
    nodes, succ = list(position), G._succ
    order = rest.tolist()
    into: list[list[int]] = [[]] * (root + 1)  # read only for the services left
    for v in order:  # ways in, in the reversed graph: the services v has a link to
        into[v] = [position[after] for after in succ[nodes[v]]]
    found: list[int] = idom.tolist()
    _settle(order, into, found, rank.tolist(), root)
    return found


def _gather(adj: fastreach.Adjacency, rows: np.ndarray) -> np.ndarray:
    """Every entry of the CSR rows `rows`, concatenated (the services with a link into them)."""
    import numpy as np

    starts = adj.indptr[rows]
    lengths = adj.indptr[rows + 1] - starts
    total = int(lengths.sum())
    offsets = np.cumsum(lengths) - lengths
    at = np.arange(total, dtype=np.int64) + np.repeat(starts - offsets, lengths)
    result: np.ndarray = adj.indices[at]
    return result


def _steps(adj: fastreach.Adjacency, start: np.ndarray, size: int) -> np.ndarray:
    """Steps from the root in the reversed graph (1 for treatment), -1 where it cannot reach."""
    import numpy as np

    level = np.full(size, -1, dtype=np.int64)
    level[start] = 1
    frontier, d = start, 1
    met = np.zeros(size, dtype=bool)
    while frontier.size:
        met[_gather(adj, frontier)] = True  # a mask, not np.unique: no sort per step
        met &= level < 0
        frontier = np.flatnonzero(met)
        met[frontier] = False
        d += 1
        level[frontier] = d
    return level


def _array_start(adj: fastreach.Adjacency, start: np.ndarray, size: int) -> np.ndarray:
    """Services whose immediate dominator is surely the root: treatment, and those with ways
    in from two different such services (the two are children of the root in the tree, so
    nothing below the root lies on both routes). Repeated as far as it goes, `_ROUNDS` at most.
    """
    import numpy as np

    known = np.zeros(size, dtype=bool)
    known[start] = True
    ways = np.zeros(size, dtype=np.int64)  # ways in from known services (each pair once)
    new = start
    for _ in range(_ROUNDS):
        before = _gather(adj, new)  # a link before -> new: a way into `before`, reversed
        ways += np.bincount(before, minlength=size)
        new = fastreach.unique(before[(ways[before] >= 2) & ~known[before]])
        if not new.size:
            break
        known[new] = True
    return known
