"""Linear per-character NER: hashed features x weights -> BIOES scores -> constrained Viterbi, in numpy.

Why: the CNN tagger (1.1) cost ~15 us per character; a linear model over hashed character n-grams
(nlp/ner/features.py) scores a whole batch with a few numpy gathers and decodes all sentences of the
batch at once, so Python never loops per character. Weights are stored int8 with one scale per tag.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Self

import numpy as np

from nlp.ner import charclusters, namechars, namelist
from nlp.ner.features import C_LATIN, C_UPPER, CLASSES, PAD, codepoints, feature_ids
from nlp.ner.spanfix import extend_transliterations

LABELS = ("PERSON", "ORG", "PLACE")
TAGS = ("O", *(f"{p}-{lab}" for lab in LABELS for p in "BIES"))
N_TAGS = len(TAGS)
NEG = -1e6
# Viterbi runs over pieces of text that end at these characters (no name crosses them) or at MAX_PIECE.
BREAKS = "。！？；\n!?;"
MAX_PIECE = 200
_BREAK_CP = np.array(sorted(ord(c) for c in BREAKS), dtype=np.uint32)
# Never inside a name: the break characters and line/tab whitespace (training sentences have no line
# breaks, so the model has no weights for them and would let an address run on over a "\n").
_OUTSIDE_CP = np.array(sorted({ord(c) for c in BREAKS + "\r\t\u3000\x0b\x0c"} | {PAD}), dtype=np.uint32)
# Texts are joined with three PADs, so no feature window (+-3) sees a neighbouring text: a text's tags
# do not depend on the batch it is in.
SEPARATOR = np.array([PAD, PAD, PAD], dtype=np.uint32)


def _allowed() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BIOES constraints: (transition mask [prev, cur], may-start mask, may-end mask)."""
    trans = np.zeros((N_TAGS, N_TAGS), dtype=bool)
    start = np.zeros(N_TAGS, dtype=bool)
    end = np.zeros(N_TAGS, dtype=bool)
    for j, cur in enumerate(TAGS):
        cp, _, clab = cur.partition("-")
        start[j] = cp in ("O", "B", "S")
        end[j] = cp in ("O", "E", "S")
        for i, prev in enumerate(TAGS):
            pp, _, plab = prev.partition("-")
            if cp in ("I", "E"):
                trans[i, j] = pp in ("B", "I") and plab == clab
            else:
                trans[i, j] = pp in ("O", "E", "S")
    return trans, start, end


ALLOWED, MAY_START, MAY_END = _allowed()
_FROM_OUTSIDE = [i for i, t in enumerate(TAGS) if t[0] in "OES"]          # tags a name may follow
_TO_OUTSIDE = np.array([i for i, t in enumerate(TAGS) if t[0] in "OBS"])  # tags that follow them
_INSIDE = np.array([i for i, t in enumerate(TAGS) if t[0] in "IE"])
_INSIDE_B = np.array([TAGS.index("B-" + TAGS[i][2:]) for i in _INSIDE])
_INSIDE_I = np.array([TAGS.index("I-" + TAGS[i][2:]) for i in _INSIDE])
_ONLY_O = np.array([0.0] + [NEG] * (N_TAGS - 1), dtype=np.float32)


def text_stream(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The texts' code points as one stream, each followed by SEPARATOR, and where each text starts in it."""
    parts = [codepoints(t) for t in texts]
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum([len(p) + len(SEPARATOR) for p in parts], out=offsets[1:])
    return np.concatenate([x for p in parts for x in (p, SEPARATOR)]), offsets


class LinearNER:
    """Weights (dim x tags), transition scores (tags x tags); `predict` gives character spans per text."""

    def __init__(self, weights: np.ndarray, trans: np.ndarray, meta: dict[str, Any] | None = None) -> None:
        self.weights = np.ascontiguousarray(weights, dtype=np.float32)
        self.dim = self.weights.shape[0]
        self.trans = np.where(ALLOWED, trans, NEG).astype(np.float32)
        self.start = np.where(MAY_START, 0.0, NEG).astype(np.float32)
        self.end = np.where(MAY_END, 0.0, NEG).astype(np.float32)
        self.meta = meta or {}
        self.quantised: tuple[np.ndarray, np.ndarray] | None = None   # (int8 weights, scale per tag)
        self.features = int(self.meta.get("features", 1))              # feature set version (features.py)
        self.names: np.ndarray | None = None                           # name-character table (set 3)
        self.names_sparse: tuple[np.ndarray, np.ndarray] | None = None  # its saved form
        self.namelist: np.ndarray | None = None                        # name-list table (set 4)
        self.namelist_sparse: tuple[np.ndarray, np.ndarray] | None = None
        self.clusters: np.ndarray | None = None                        # character clusters (set 5)
        self.clusters_sparse: tuple[np.ndarray, np.ndarray] | None = None

    # scoring -----------------------------------------------------------------------------------
    def emissions(self, ids: np.ndarray) -> np.ndarray:
        """(n, tags) scores for (n, templates) feature ids: one gather per template, summed.

        A loaded model gathers its int8 weights (a quarter of the memory traffic) into int16 sums."""
        if self.quantised is not None:
            q, scale = self.quantised
            acc = q[ids[:, 0]].astype(np.int16)
            for j in range(1, ids.shape[1]):
                np.add(acc, q[ids[:, j]], out=acc)
            summed: np.ndarray = acc * scale
            return summed
        w = self.weights
        out = w[ids[:, 0]].copy()
        for j in range(1, ids.shape[1]):
            out += w[ids[:, j]]
        gathered: np.ndarray = out
        return gathered

    def viterbi(self, scores: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Best allowed tag paths for (rows, L, tags) scores of rows with `lengths`; (rows, L) tag ids."""
        rows, width, _ = scores.shape
        scores = scores.copy()
        scores[np.arange(rows), lengths - 1] += self.end          # a row must end outside a name or on E/S
        delta = scores[:, 0] + self.start
        back = np.zeros((rows, width, N_TAGS), dtype=np.int8)
        step = self._step_dense if rows < 16 else self._step_sparse
        for t in range(1, width):
            new, back[:, t] = step(delta)
            new += scores[:, t]
            live = t < lengths
            delta = new if live.all() else np.where(live[:, None], new, delta)
        path = np.zeros((rows, width), dtype=np.int64)
        final = delta.argmax(axis=1)      # delta stops changing after each row's last character
        cur = final
        idx = np.arange(rows)
        for t in range(width - 1, -1, -1):
            live = t < lengths
            cur = np.where(t == lengths - 1, final, cur)
            path[:, t] = np.where(live, cur, 0)
            if t:
                cur = np.where(live, back[idx, t, cur], cur)
        return path

    def _step_dense(self, delta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One Viterbi step over all tag pairs (few rows: fewest numpy calls)."""
        cand = delta[:, :, None] + self.trans[None]
        best = cand.argmax(axis=1)
        return np.take_along_axis(cand, best[:, None, :], axis=1)[:, 0], best

    def _step_sparse(self, delta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One Viterbi step using only allowed transitions, elementwise over many rows (numpy reduces
        badly over a 13-wide axis): O/B/S come from O/E/S (7 tags), I/E of a label from its B or I."""
        new = np.empty_like(delta)
        best = np.zeros(delta.shape, dtype=np.int8)
        first = True
        for prev in _FROM_OUTSIDE:
            val = delta[:, prev, None] + self.trans[prev, _TO_OUTSIDE]
            if first:
                top, arg, first = val, np.full(val.shape, prev, np.int8), False
            else:
                better = val > top
                top = np.maximum(top, val)
                arg[better] = prev
        new[:, _TO_OUTSIDE], best[:, _TO_OUTSIDE] = top, arg
        via_b = delta[:, _INSIDE_B] + self.trans[_INSIDE_B, _INSIDE]
        via_i = delta[:, _INSIDE_I] + self.trans[_INSIDE_I, _INSIDE]
        better = via_i > via_b
        new[:, _INSIDE] = np.maximum(via_b, via_i)
        best[:, _INSIDE] = np.where(better, _INSIDE_I, _INSIDE_B)
        return new, best

    # whole texts -------------------------------------------------------------------------------
    def predict(self, texts: list[str], rows_per_batch: int = 512,
                repair: bool = True) -> list[list[tuple[int, int, str]]]:
        """Character spans (start, end exclusive, label) per text; `repair` runs nlp/ner/spanfix.py."""
        if not texts:
            return []
        stream, offsets = text_stream(texts)
        scores = self.emissions(feature_ids(stream, self.dim, self.features, self.names, self.namelist,
                                                   self.clusters))
        scores[_never_inside(stream)] = _ONLY_O
        starts, ends = _pieces(stream)
        tags = decode_pieces(self.viterbi, scores, starts, ends, len(stream), rows_per_batch)
        found = _spans(tags, offsets, len(texts))
        if repair:
            found = [extend_transliterations(t, f) for t, f in zip(texts, found, strict=True)]
        return found

    # storage -----------------------------------------------------------------------------------
    def save(self, folder: Path) -> None:
        """int8 weights with one scale per tag column, float32 transitions, meta.json beside them."""
        if self.quantised is not None:
            raise ValueError("a loaded (int8) model is saved already; train a float model to save")
        folder.mkdir(parents=True, exist_ok=True)
        scale = np.abs(self.weights).max(axis=0) / 127.0
        scale[scale == 0] = 1.0
        q = np.round(self.weights / scale).astype(np.int8)
        trans = np.where(ALLOWED, self.trans, 0.0).astype(np.float32)
        np.savez_compressed(folder / "weights.npz", q=q, scale=scale.astype(np.float32), trans=trans)
        if self.names_sparse is not None:
            namechars.save(folder, *self.names_sparse)
        if self.namelist_sparse is not None:
            namelist.save(folder, *self.namelist_sparse)
        if self.clusters_sparse is not None:
            charclusters.save(folder, *self.clusters_sparse)
        (folder / "meta.json").write_text(json.dumps({**self.meta, "dim": self.dim, "tags": TAGS},
                                                     ensure_ascii=False, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Self:
        folder = Path(folder)
        if not (folder / "weights.npz").is_file():
            raise FileNotFoundError(f"linear NER model missing at {folder}")
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if tuple(meta.get("tags", ())) != TAGS:
            raise ValueError(f"linear NER model at {folder} has tags {meta.get('tags')}, expected {TAGS}")
        with np.load(folder / "weights.npz") as z:
            q, scale, trans = z["q"], z["scale"].astype(np.float32), z["trans"]
        model = cls(np.zeros((1, N_TAGS), np.float32), trans, meta)
        model.dim = q.shape[0]
        model.quantised = (np.ascontiguousarray(q), scale)    # run time needs no float copy
        model.names = namechars.load(folder)
        model.namelist = namelist.load(folder)
        model.clusters = charclusters.load(folder)
        return model


def _never_inside(stream: np.ndarray) -> np.ndarray:
    """Characters forced outside any name: breaks, line whitespace, PAD, and a space unless it sits
    between two Latin letters (John Smith). Training text has almost no spaces, so the model has no
    weights for them and would run an address on over the space after it (…801室 工作单位)."""
    out = np.isin(stream, _OUTSIDE_CP)
    space = np.flatnonzero((stream == 32) | (stream == 0xA0))
    if len(space):
        cls = CLASSES[stream]
        latin = (cls == C_LATIN) | (cls == C_UPPER)
        before = latin[np.maximum(space - 1, 0)] & (space > 0)
        after = latin[np.minimum(space + 1, len(stream) - 1)] & (space < len(stream) - 1)
        out[space[~(before & after)]] = True
    return out


def _pieces(stream: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(starts, ends) of the pieces Viterbi decodes: split after break characters and at PAD."""
    n = len(stream)
    is_break = np.isin(stream, _BREAK_CP) | (stream == PAD)
    cuts = np.flatnonzero(is_break) + 1
    bounds = np.unique(np.concatenate([[0], cuts, [n]]))
    starts, ends = bounds[:-1], bounds[1:]
    long = np.flatnonzero(ends - starts > MAX_PIECE)
    if len(long):
        extra = [np.arange(starts[i] + MAX_PIECE, ends[i], MAX_PIECE) for i in long]
        bounds = np.unique(np.concatenate([bounds, *extra]))
        starts, ends = bounds[:-1], bounds[1:]
    return starts, ends


def decode_pieces(viterbi: Callable[[np.ndarray, np.ndarray], np.ndarray], scores: np.ndarray, starts: np.ndarray, ends: np.ndarray, n: int,
                  rows_per_batch: int) -> np.ndarray:
    """Tags for n positions: each piece [start, end) decoded by `viterbi` on its emission scores, pieces of
    like length batched together (rows_per_batch a batch); positions outside every piece stay tag 0."""
    tags = np.zeros(n, dtype=np.int64)
    order = np.argsort(ends - starts, kind="stable")
    for b in range(0, len(order), rows_per_batch):
        sel = order[b:b + rows_per_batch]
        s, e = starts[sel], ends[sel]
        lengths = e - s
        width = int(lengths.max())
        grid = s[:, None] + np.minimum(np.arange(width)[None, :], (lengths - 1)[:, None])
        path = viterbi(scores[grid], lengths)
        live = np.arange(width)[None, :] < lengths[:, None]
        tags[grid[live]] = path[live]
    return tags


def _spans(tags: np.ndarray, offsets: np.ndarray, n_texts: int) -> list[list[tuple[int, int, str]]]:
    """Spans from BIOES tag ids over the stream (only well-formed runs are produced by Viterbi)."""
    out: list[list[tuple[int, int, str]]] = [[] for _ in range(n_texts)]
    nz = np.flatnonzero(tags)
    if not len(nz):
        return out
    kind = (tags[nz] - 1) % 4          # 0 B, 1 I, 2 E, 3 S
    label = (tags[nz] - 1) // 4
    begins = nz[(kind == 0) | (kind == 3)]
    finish = nz[(kind == 2) | (kind == 3)] + 1
    labs = label[(kind == 0) | (kind == 3)]
    doc = np.searchsorted(offsets, begins, side="right") - 1
    for b, e, lab, d in zip(begins.tolist(), finish.tolist(), labs.tolist(), doc.tolist(), strict=True):
        base = int(offsets[d])
        out[d].append((b - base, e - base, LABELS[lab]))
    return out
