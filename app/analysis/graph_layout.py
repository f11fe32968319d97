"""The one graph layout (window and report): seeded force-directed positions, strong holder links, packed
islands, isolates in a grid, and labels pushed apart until none overlaps."""

from __future__ import annotations

import math

_SAMPLE = 200


def layout(keys: list[str], edges: list[tuple[str, str]], fixed: dict[str, tuple[float, float]] | None = None,
           *, seed: int = 7, iterations: int = 60, scale: float = 1.0,
           weights: list[float] | None = None) -> dict[str, tuple[float, float]]:
    """Force-directed positions (Fruchterman–Reingold, seeded); nodes in `fixed` never move.

    `weights` (one per edge, default 1) pull harder: a holder and its accounts sit close together.
    Vectorised with numpy and sampled repulsion: networkx's spring_layout took 33 s for 2,000 nodes on
    this machine, which is too slow for the GUI.
    """
    import numpy as np

    fixed = fixed or {}
    n = len(keys)
    if n == 0:
        return {}
    index = {k: i for i, k in enumerate(keys)}
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1, 1, (n, 2)) * math.sqrt(n) * 0.5
    pinned = np.zeros(n, dtype=bool)
    for k, (x, y) in fixed.items():
        if k in index:
            pos[index[k]] = (x / scale, y / scale)
            pinned[index[k]] = True
    if pinned.all():
        return {k: (float(pos[i, 0]) * scale, float(pos[i, 1]) * scale) for k, i in index.items()}
    if pinned.any():  # newcomers start near the pinned crowd, not scattered
        centre = pos[pinned].mean(axis=0)
        pos[~pinned] = centre + rng.normal(0, 1.0, ((~pinned).sum(), 2))
    kept = [(index[a], index[b], 1.0 if weights is None else weights[i]) for i, (a, b) in enumerate(edges)
            if a in index and b in index and a != b]
    pairs = np.array([(a, b) for a, b, _ in kept], dtype=int).reshape(-1, 2)
    pull = np.array([w for _, _, w in kept], dtype=float)
    k = 1.0
    temp = math.sqrt(n) * 0.3
    for step in range(iterations):
        disp = np.zeros((n, 2))
        # Repulsion from a seeded sample of nodes (all of them when small): O(n * SAMPLE) per step.
        others = pos if n <= _SAMPLE else pos[rng.choice(n, _SAMPLE, replace=False)]
        delta = pos[:, None, :] - others[None, :, :]
        dist2 = (delta ** 2).sum(-1) + 1e-4
        disp += (delta * (k * k / dist2)[..., None]).sum(1) * (n / len(others))
        if len(pairs):
            d = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            dist = np.sqrt((d ** 2).sum(-1)) + 1e-6
            f = d * (dist / k * pull)[:, None]
            np.add.at(disp, pairs[:, 0], -f)
            np.add.at(disp, pairs[:, 1], f)
        disp -= pos * 0.02  # a little gravity keeps components together
        length = np.sqrt((disp ** 2).sum(-1)) + 1e-9
        move = disp / length[:, None] * np.minimum(length, temp)[:, None]
        move[pinned] = 0
        pos += move
        temp *= 1 - 1 / (iterations - step + 1)
    pack_components(pos, pairs, pinned)
    place_isolates(pos, pairs, pinned)
    return {k_: (float(pos[i, 0]) * scale, float(pos[i, 1]) * scale) for k_, i in index.items()}


ISOLATE_DX, ISOLATE_DY = 1.8, 1.2  # layout units between isolated nodes (room for a label)
COMPONENT_GAP = 2.5


def components(keys, edges) -> list[list]:
    """Linked groups (union-find), each in the order of `keys`; edges to unknown keys are ignored."""
    parent = {k: k for k in keys}

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in edges:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    groups: dict = {}
    for k in parent:
        groups.setdefault(find(k), []).append(k)
    return list(groups.values())


def pack_components(pos, pairs, pinned) -> None:
    """Small linked groups go on shelves under the largest one instead of wherever repulsion threw them."""
    groups = components(range(len(pos)), pairs.tolist())
    comps = sorted((g for g in groups if len(g) > 1), key=len, reverse=True)
    if len(comps) < 2:
        return
    main = pos[comps[0]]
    left, right = main[:, 0].min(), main[:, 0].max()
    limit = max(right - left, 12.0)
    x, y, row_h = left, main[:, 1].max() + COMPONENT_GAP, 0.0
    for comp in comps[1:]:
        if pinned[comp].any():
            continue
        pts = pos[comp]
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        w, h = hi - lo
        if x > left and x + w > left + limit:
            x, y, row_h = left, y + row_h + COMPONENT_GAP, 0.0
        pos[comp] = pts - lo + (x, y)
        x += w + COMPONENT_GAP
        row_h = max(row_h, h)


def place_isolates(pos, pairs, pinned) -> None:
    """Nodes without any link go in a tidy grid just under the linked ones (repulsion alone flings them
    far out, which shrinks everything else when the view fits the graph)."""
    import numpy as np

    degree = np.zeros(len(pos))
    if len(pairs):
        np.add.at(degree, pairs.ravel(), 1)
    loose = np.nonzero((degree == 0) & ~pinned)[0]
    if not len(loose):
        return
    body = pos[(degree > 0) | pinned]
    if len(body):
        left, right, top = body[:, 0].min(), body[:, 0].max(), body[:, 1].max() + ISOLATE_DY * 1.5
    else:
        side = math.ceil(math.sqrt(len(loose)) * 1.2)
        left, right, top = 0.0, side * ISOLATE_DX, 0.0
    cols = max(int((right - left) / ISOLATE_DX) + 1, math.ceil(math.sqrt(len(loose) * 2)))
    for j, i in enumerate(loose):
        pos[i] = (left + (j % cols) * ISOLATE_DX, top + (j // cols) * ISOLATE_DY)


Box = tuple[float, float, float, float]  # left, top, right, bottom around a node's position (circle and label)


def overlaps(pos: dict[str, tuple[float, float]], boxes: dict[str, Box], gap: float = 0.0) -> list[tuple[str, str]]:
    """Pairs of nodes whose boxes (circle and label) overlap, closer than `gap` counting as overlapping."""
    import numpy as np

    keys = [k for k in pos if k in boxes]
    if len(keys) < 2:
        return []
    p = np.array([pos[k] for k in keys], dtype=float)
    b = np.array([boxes[k] for k in keys], dtype=float)
    ox, oy = _overlap(p, b, gap)
    i, j = np.nonzero(np.triu((ox > 0) & (oy > 0), 1))
    return [(keys[a], keys[c]) for a, c in zip(i.tolist(), j.tolist(), strict=True)]


def _overlap(p, b, gap: float):
    import numpy as np

    left, top, right, bottom = (p[:, 0] + b[:, 0], p[:, 1] + b[:, 1], p[:, 0] + b[:, 2], p[:, 1] + b[:, 3])
    ox = np.minimum(right[:, None], right[None, :]) - np.maximum(left[:, None], left[None, :]) + gap
    oy = np.minimum(bottom[:, None], bottom[None, :]) - np.maximum(top[:, None], top[None, :]) + gap
    return ox, oy


def separate(pos: dict[str, tuple[float, float]], boxes: dict[str, Box], fixed: set[str] | frozenset[str] = frozenset(),
             *, gap: float = 4.0, rounds: int = 400, seed: int = 7,
             sideways: float = 1.0) -> dict[str, tuple[float, float]]:
    """Nudge nodes until no two boxes overlap: each overlapping pair moves apart along the axis that needs the
    smaller move (so a layout keeps its shape; `sideways` > 1 favours moving sideways, for a wide picture);
    nodes in `fixed` stay and their neighbour moves the whole way."""
    import numpy as np

    keys = [k for k in pos if k in boxes]
    out = dict(pos)
    if len(keys) < 2:
        return out
    p = np.array([pos[k] for k in keys], dtype=float)
    b = np.array([boxes[k] for k in keys], dtype=float)
    still = np.array([k in fixed for k in keys])
    centre = (b[:, :2] + b[:, 2:]) / 2
    jitter = np.random.default_rng(seed).uniform(-1, 1, (len(keys), 2)) * 1e-3
    for _ in range(rounds):
        ox, oy = _overlap(p, b, gap)
        i, j = np.nonzero(np.triu((ox > 0) & (oy > 0), 1))
        if not len(i):
            break
        c = p + centre + jitter
        d = c[j] - c[i]
        along_x = ox[i, j] <= oy[i, j] * sideways
        need = np.where(along_x, ox[i, j], oy[i, j])
        sign = np.where(np.where(along_x, d[:, 0], d[:, 1]) >= 0, 1.0, -1.0)
        share_i = np.where(still[i], 0.0, np.where(still[j], 1.0, 0.5))
        share_j = np.where(still[j], 0.0, np.where(still[i], 1.0, 0.5))
        step = np.zeros((len(keys), 2))
        axis = np.where(along_x, 0, 1)
        np.add.at(step, (i, axis), -sign * need * share_i)
        np.add.at(step, (j, axis), sign * need * share_j)
        p += step * 0.6  # a little under the full move: a node pushed from both sides settles instead of rocking
    for n, k in enumerate(keys):
        out[k] = (float(p[n, 0]), float(p[n, 1]))
    return out


def _level(pos: dict[str, tuple[float, float]], members: list[str]) -> dict[str, tuple[float, float]]:
    """A group turned so its long axis lies across (a force layout's orientation means nothing; captions are
    wide, and so are frames)."""
    if len(members) < 3:
        return {k: pos[k] for k in members}
    cx = sum(pos[k][0] for k in members) / len(members)
    cy = sum(pos[k][1] for k in members) / len(members)
    sxx = sum((pos[k][0] - cx) ** 2 for k in members)
    syy = sum((pos[k][1] - cy) ** 2 for k in members)
    sxy = sum((pos[k][0] - cx) * (pos[k][1] - cy) for k in members)
    angle = -0.5 * math.atan2(2 * sxy, sxx - syy)  # turns the principal axis onto x
    c, s = math.cos(angle), math.sin(angle)
    return {k: (cx + (pos[k][0] - cx) * c - (pos[k][1] - cy) * s, cy + (pos[k][0] - cx) * s + (pos[k][1] - cy) * c)
            for k in members}


def pack(pos: dict[str, tuple[float, float]], boxes: dict[str, Box], edges: list[tuple[str, str]], *,
         aspect: float = 1.4, gap: float = 10.0) -> dict[str, tuple[float, float]]:
    """Linked groups packed on shelves into a block about `aspect` times as wide as high, by their extents with
    captions (a force layout leaves islands far apart, and fitting them all shrinks every caption)."""
    groups = components(pos, edges)
    pos = {k: v for members in groups for k, v in _level(pos, members).items()}
    extents = []
    for members in groups:
        left = min(pos[k][0] + boxes[k][0] for k in members)
        top = min(pos[k][1] + boxes[k][1] for k in members)
        right = max(pos[k][0] + boxes[k][2] for k in members)
        bottom = max(pos[k][1] + boxes[k][3] for k in members)
        extents.append((members, left, top, right - left, bottom - top))
    extents.sort(key=lambda g: (-g[4], -len(g[0]), min(g[0])))
    area = sum((w + gap) * (h + gap) for _, _, _, w, h in extents)
    width = max(max((w for *_, w, _ in extents), default=0.0), math.sqrt(area * aspect))
    out = dict(pos)
    x = y = row = 0.0
    for members, left, top, w, h in extents:
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row + gap, 0.0
        for k in members:
            out[k] = (pos[k][0] - left + x, pos[k][1] - top + y)
        x += w + gap
        row = max(row, h)
    return out


def compact(pos: dict[str, tuple[float, float]], boxes: dict[str, Box], *, gap: float = 4.0, rounds: int = 15,
            shrink: float = 0.88, aspect: float = 1.4) -> dict[str, tuple[float, float]]:
    """Draw the picture together and push captions apart again, a few times, squeezing more across the side
    that is too long for `aspect` (width / height): a force layout with its captions kept apart leaves most of
    the picture empty (36 captions filled 10 % of it; about 35 % after this)."""
    out = separate(pos, boxes, gap=gap, sideways=aspect * 2)
    for _ in range(rounds):
        xs, ys = [x for x, _ in out.values()], [y for _, y in out.values()]
        wide = (max(xs) - min(xs) + 1) / (max(ys) - min(ys) + 1) > aspect
        # Captions are wide and flat, so a pair parts vertically at less cost; a picture too tall for its
        # frame parts them sideways instead (up to about four times the cost).
        sx, sy, sideways = (shrink, 0.97, 1.0) if wide else (0.97, shrink, aspect * 3)
        cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
        out = separate({k: (cx + (x - cx) * sx, cy + (y - cy) * sy) for k, (x, y) in out.items()}, boxes,
                       gap=gap, sideways=sideways)
    return out
