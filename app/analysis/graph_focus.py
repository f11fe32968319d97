"""What a case's graph shows first: the suspects' networks (their accounts, the money around them, the people
named in their records), labelled and laid out so no two labels overlap. The window and the report both draw it.

Plain data in, plain data out: nodes are keys with a kind, a caption and a suspect flag; links are
(src, dst, kind, amount) tuples, so the UI's graph (ledger-only accounts included) and the export model fit alike.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from app.analysis.graph_layout import Box, compact, layout, pack, separate
from app.core.banks import account_caption

HOLDS = ("owns", "holds_id", "uses_phone")  # a party and what it holds: drawn side by side
IDENTIFIERS = ("phone", "id_number")        # details of a person: in the list and tooltips, not the first picture
PARTIES = ("person", "organisation")
LIMIT = 30        # nodes in the first picture: enough for a few networks, few enough to read every name
SEEDS_WITHOUT_SUSPECTS = 3
HOLD_PULL = 8.0   # a holder's link to its account pulls this much harder than a transfer


@dataclass(frozen=True)
class Node:
    kind: str
    caption: str
    suspect: bool = False


Link = tuple[str, str, str, float]  # src, dst, kind, amount


@dataclass
class Focus:
    seeds: list[str]
    shown: set[str]

    def hidden(self, total: int) -> int:
        return max(0, total - len(self.shown))


class _Graph:
    """Adjacency with who holds what, built once per call."""

    def __init__(self, nodes: dict[str, Node], links: list[Link]):
        self.nodes = nodes
        self.held: dict[str, list[str]] = defaultdict(list)
        self.holder: dict[str, str] = {}
        self.around: dict[str, list[tuple[str, str, float]]] = defaultdict(list)  # key -> (other, kind, amount)
        for src, dst, kind, amount in links:
            if src not in nodes or dst not in nodes or src == dst:
                continue
            if kind in HOLDS:
                self.held[src].append(dst)
                self.holder.setdefault(dst, src)
            else:
                self.around[src].append((dst, kind, amount))
                self.around[dst].append((src, kind, amount))

    def core(self, key: str) -> list[str]:
        """A party with the accounts it holds (an account: itself, with its holder)."""
        if key in self.holder and self.nodes[key].kind == "account":
            key = self.holder[key]
        return [key, *(k for k in self.held.get(key, []) if self.nodes[k].kind == "account")]

    def reach(self, key: str) -> int:
        """Distinct counterparts of a party and its accounts: how connected it is."""
        core = set(self.core(key))
        return len({o for c in core for o, _, _ in self.around.get(c, []) if o not in core})


def seeds(nodes: dict[str, Node], links: list[Link]) -> list[str]:
    """The suspects with any link; without suspects, the most connected people (else any nodes)."""
    g = _Graph(nodes, links)
    linked = [k for k, n in nodes.items() if n.suspect and (g.around.get(k) or g.held.get(k))]
    if linked:
        return sorted(linked, key=lambda k: (-g.reach(k), k))
    for kinds in (("person",), PARTIES, None):
        ranked = sorted((k for k, n in nodes.items() if kinds is None or n.kind in kinds), key=lambda k: (-g.reach(k), k))
        ranked = [k for k in ranked if g.reach(k) > 0]
        if ranked:
            top = g.reach(ranked[0])
            return [k for k in ranked[:SEEDS_WITHOUT_SUSPECTS] if g.reach(k) * 4 >= top]
    return []


def network(nodes: dict[str, Node], links: list[Link], keys: list[str], *, limit: int = LIMIT) -> set[str]:
    """The given parties (or accounts), what they hold, and the counterparts around them, biggest money first
    and each party in turn (one big network does not crowd out the others), each counterpart account with its
    holder; relations from the records (family, associate …) before any money."""
    g = _Graph(nodes, links)
    shown: set[str] = set()
    cores = [g.core(key) for key in keys if key in nodes]
    for core in cores:
        shown.update(core)
    queues = []
    for core in cores:
        weight: dict[str, float] = defaultdict(float)
        for c in core:
            for other, kind, amount in g.around.get(c, []):
                if other not in core and nodes[other].kind not in IDENTIFIERS:
                    weight[other] += float("inf") if kind != "transfer" else max(amount, 1.0)
        queues.append(sorted(weight, key=lambda k: (-weight[k], k)))
    room = max(limit, len(shown))
    while len(shown) < room and any(queues):
        for queue in queues:
            while queue and queue[0] in shown:
                queue.pop(0)
            if not queue or len(shown) >= room:
                continue
            other = queue.pop(0)
            shown.add(other)
            holder = g.holder.get(other)
            if holder is not None and nodes[other].kind == "account" and len(shown) < room:
                shown.add(holder)
            for party in (other, holder):  # a person named beside a suspect comes with his account
                if party is not None and nodes[party].kind in PARTIES and len(shown) < room:
                    shown.update(g.core(party)[1:2])
    return shown


def default_focus(nodes: dict[str, Node], links: list[Link], *, limit: int = LIMIT) -> Focus:
    """The first picture: the seeds' networks together, within `limit` nodes."""
    first = seeds(nodes, links)
    return Focus(first, network(nodes, links, first, limit=limit) if first else set())


def caption(kind: str, name: str, *, number: str | None = None, bank: str | None = None, holder: str = "",
            held: bool = False) -> str:
    """What the picture writes under a node: a party's name; an account as '工商银行 · 6789' (its holder is drawn
    beside it), with the holder's name on a line above when no holder is in the graph."""
    if kind != "account":
        return name
    text = account_caption(number or name, bank)
    return f"{holder}\n{text}" if holder and not held else text


def text_size(text: str, em: float) -> tuple[float, float]:
    """Width and height of a caption in `em` units: a wide (CJK) character is one em, others about 0.6."""
    lines = text.split("\n") or [""]
    width = max(sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in line) for line in lines)
    return width * em, len(lines) * 1.4 * em


def node_box(caption: str, radius: float, em: float) -> Box:
    """A node's circle with its caption centred below it."""
    w, h = text_size(caption, em)
    half = max(radius, w / 2)
    return (-half, -radius, half, radius + 2 + h)


def place(nodes: dict[str, Node], links: list[Link], shown: set[str], *, spread: float,
          box: Callable[[str], Box], fixed: dict[str, tuple[float, float]] | None = None,
          aspect: float = 1.4, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions of the shown nodes: force-directed with holders pulled onto their accounts, then each holder
    set beside its account as one block, islands packed, the picture drawn together with every caption apart
    (`box(key)`: circle and caption around the node, in the same units; `fixed` nodes stay)."""
    fixed = {k: v for k, v in (fixed or {}).items() if k in shown}
    keys = sorted(shown)
    inner = [(s, d, k) for s, d, k, _ in links if s in shown and d in shown and s != d]
    pos = layout(keys, [(s, d) for s, d, _ in inner], fixed, seed=seed, scale=spread,
                 weights=[HOLD_PULL if k in HOLDS else 1.0 for _, _, k in inner])
    boxes = {k: box(k) for k in keys}
    gap = spread * 0.08
    # A holder and its one account move as one block: the holder on the side the forces put it.
    offset: dict[str, tuple[str, float]] = {}
    for holder, account in _holdings(nodes, inner):
        if holder in fixed or account in fixed:
            continue
        (l0, t0, r0, b0), (l1, t1, r1, b1) = boxes[holder], boxes[account]
        dx = r1 - l0 + gap if pos[holder][0] >= pos[account][0] else l1 - r0 - gap
        offset[holder] = (account, dx)
        boxes[account] = (min(l1, dx + l0), min(t0, t1), max(r1, dx + r0), max(b0, b1))
    blocks = {k: v for k, v in pos.items() if k not in offset}
    pairs = [(offset.get(s, (s,))[0], offset.get(d, (d,))[0]) for s, d, _ in inner]
    if not fixed and blocks:  # a first picture: islands packed close, then drawn together with captions apart
        blocks = compact(pack(blocks, boxes, pairs, aspect=aspect, gap=gap), boxes, gap=gap, aspect=aspect)
    else:
        blocks = separate(blocks, boxes, set(fixed), gap=gap)
    for holder, (account, dx) in offset.items():
        blocks[holder] = (blocks[account][0] + dx, blocks[account][1])
    return blocks | fixed  # exactly where they were (the layout's scaling round trip is not bit-exact)


def _holdings(nodes: dict[str, Node], inner: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """(holder, account) pairs to draw side by side: a party with one account shown, an account with one holder."""
    accounts: dict[str, list[str]] = defaultdict(list)
    holders: dict[str, int] = defaultdict(int)
    for src, dst, kind in inner:
        if kind == "owns" and nodes[dst].kind == "account":
            accounts[src].append(dst)
            holders[dst] += 1
    return [(h, owned[0]) for h, owned in sorted(accounts.items()) if len(owned) == 1 and holders[owned[0]] == 1]
