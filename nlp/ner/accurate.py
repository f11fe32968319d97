"""Accurate Chinese NER: character BiLSTM + CRF transitions, run with onnxruntime and a numpy Viterbi.

Per character six ids (nlp/ner/accurate.py `inputs`, the same code in training, devkit/ner/train_accurate.py):
the character (a table of code points, no strings), the hashed bigrams (previous, this) and (this, next),
the character class (nlp/ner/features.py), the character cluster and the name-list buckets (the tables of
the linear model, copied beside this one). Embedding tables (`tables.npz`: float16, or int8 with a float16
scale per row; float32 once loaded) are gathered in numpy; `model.onnx` holds only the two LSTM directions
and the output layer; BIOES constrained Viterbi over the emissions with learnt transitions (nlp/ner/linear.py).
Text is read in the linear model's pieces (ending at 。！？；or a line break, at most 200 characters), each
piece on its own, so a text's tags do not depend on the batch it is in. Loaded offline from
resources/models/ner_zh_accurate.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Self

import numpy as np

from nlp.ner import charclusters, namelist
from nlp.ner.features import CLASSES, PAD, feature_ids, normalise
from nlp.ner.linear import (
    ALLOWED,
    N_TAGS,
    NEG,
    TAGS,
    LinearNER,
    _never_inside,
    _pieces,
    _spans,
    text_stream,
)
from nlp.ner.spanfix import extend_transliterations

N_INPUTS = 6            # char, left bigram, right bigram, class, cluster, name-list buckets
UNK = 1                 # character id of code points outside the table (0 is PAD)
_H1 = np.uint64(0x9E3779B97F4A7C15)
_H2 = np.uint64(0x100000001B3)
TABLES = "tables.npz"
ONNX = "model.onnx"
MAX_CELLS = 24_000      # rows x width of one ONNX call (its input is cells x embedding width floats)


def bigram_bucket(a: np.ndarray, b: np.ndarray, buckets: int) -> np.ndarray:
    """Hash bucket of the normalised code-point pair (a, b)."""
    h = ((a.astype(np.uint64) + np.uint64(1)) * _H1) ^ b.astype(np.uint64)
    h = h * _H2
    h ^= h >> np.uint64(31)
    return (h % np.uint64(buckets)).astype(np.int64)


class Featuriser:
    """Character ids for a PAD-separated stream of code points."""

    def __init__(self, char_cps: np.ndarray, buckets: int, clusters: np.ndarray, names: np.ndarray) -> None:
        self.char_cps = np.asarray(char_cps, dtype=np.uint32)      # sorted normalised code points, id = index + 2
        self.buckets = int(buckets)
        self.clusters = clusters                                    # dense tables (0x110000,) uint8
        self.names = names
        table = np.full(0x110000, UNK, dtype=np.int32)
        table[self.char_cps] = np.arange(2, len(self.char_cps) + 2, dtype=np.int32)
        table[PAD] = 0
        self.table = table

    def inputs(self, cp: np.ndarray) -> np.ndarray:
        """(len(cp), N_INPUTS) int64 ids."""
        n = len(cp)
        norm = normalise(cp).astype(np.int64)
        norm = np.minimum(norm, 0x10FFFF)
        padded = np.concatenate([[PAD], norm, [PAD]]).astype(np.uint64)
        out = np.empty((n, N_INPUTS), dtype=np.int64)
        out[:, 0] = self.table[norm]
        out[:, 1] = bigram_bucket(padded[:-2], padded[1:-1], self.buckets)
        out[:, 2] = bigram_bucket(padded[1:-1], padded[2:], self.buckets)
        out[:, 3] = CLASSES[cp]
        out[:, 4] = self.clusters[cp]
        out[:, 5] = self.names[cp]
        return out


def _table(z: Any, name: str) -> np.ndarray:
    """Embedding table `name` as float32: stored float16, or int8 with a per-row scale (`name`_scale)."""
    if f"{name}_scale" in z.files:
        out: np.ndarray = z[name].astype(np.float32)
        out *= z[f"{name}_scale"].astype(np.float32)[:, None]
        return out
    return np.asarray(z[name], dtype=np.float32)


def quantise_rows(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 table and float16 per-row scale with table ~= q * scale[:, None] (devkit, at export)."""
    t = np.asarray(table, dtype=np.float32)
    scale = (np.abs(t).max(axis=1) / 127.0).astype(np.float16)
    s = scale.astype(np.float32)
    q = np.clip(np.rint(t / np.where(s > 0, s, 1.0)[:, None]), -127, 127).astype(np.int8)
    return q, scale


def text_pieces(stream: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The linear model's Viterbi pieces without PADs: (starts, ends) of the stretches each read alone."""
    starts, ends = _pieces(stream)
    ends = ends - (stream[ends - 1] == PAD)
    keep = ends > starts
    return starts[keep], ends[keep]


def reverse_index(lengths: np.ndarray, width: int) -> np.ndarray:
    """(rows, width) index that reverses each row's first `length` positions and keeps the padding."""
    t = np.arange(width)[None, :]
    lens = lengths[:, None]
    return np.where(t < lens, lens - 1 - t, t).astype(np.int64)


class AccurateNER:
    """Embedding tables + ONNX BiLSTM + transitions; `predict` gives character spans per text."""

    def __init__(self, folder: Path, threads: int = 1, partner: LinearNER | None = None) -> None:
        import onnxruntime as ort

        folder = Path(folder)
        if not (folder / ONNX).is_file() or not (folder / TABLES).is_file():
            raise FileNotFoundError(f"accurate NER model missing at {folder}")
        self.meta: dict[str, Any] = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if tuple(self.meta.get("tags", ())) != TAGS:
            raise ValueError(f"accurate NER model at {folder} has tags {self.meta.get('tags')}, expected {TAGS}")
        with np.load(folder / TABLES) as z:
            # the right-bigram table is the left-bigram one unless saved apart
            tables = {i: _table(z, f"emb{i}") for i in range(N_INPUTS) if f"emb{i}" in z.files}
            self.embeddings = [tables[i if i in tables else 1] for i in range(N_INPUTS)]
            trans = z["trans"].astype(np.float32)
            char_cps = z["char_cps"]
        clusters = charclusters.load(folder)
        names = namelist.load(folder)
        if clusters is None or names is None:
            raise FileNotFoundError(f"accurate NER model at {folder} lacks its cluster or name-list table")
        self.featuriser = Featuriser(char_cps, int(self.meta["buckets"]), clusters, names)
        self.own_trans = trans
        self.partner: LinearNER | None = None
        self.partner_weight = 0.0
        self.set_partner(partner, float(self.meta.get("linear_weight", 0.0)))
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(folder / ONNX), opts, providers=["CPUExecutionProvider"])

    @classmethod
    def load(cls, folder: Path, threads: int = 1, partner: LinearNER | None = None) -> Self:
        return cls(folder, threads, partner)

    def set_partner(self, partner: LinearNER | None, weight: float) -> None:
        """Add `weight` x the partner's emissions and transitions to this model's (none for weight 0)."""
        self.partner = partner if weight > 0 else None
        self.partner_weight = weight if partner is not None else 0.0
        trans = self.own_trans
        if self.partner is not None:
            trans = trans + np.float32(weight) * np.where(ALLOWED, self.partner.trans, 0.0).astype(np.float32)
        self.decoder = LinearNER(np.zeros((1, N_TAGS), np.float32), trans)

    def version(self) -> str:
        """name-version, and the partner's when its scores are added."""
        own = f"{self.meta.get('name', 'ner')}-{self.meta.get('version', '0')}"
        if self.partner is None:
            return own
        return f"{own}+{self.partner.meta.get('name', 'linear')}-{self.partner.meta.get('version', '0')}"

    def embed(self, ids: np.ndarray) -> np.ndarray:
        """(..., N_INPUTS) ids -> (..., width) float32 inputs of the ONNX graph."""
        return np.concatenate([e[ids[..., i]] for i, e in enumerate(self.embeddings)], axis=-1)

    def emissions(self, x: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        rev = reverse_index(lengths, x.shape[1])
        out: np.ndarray = self.session.run(None, {"x": x, "rev": rev})[0]
        return out

    def predict(self, texts: list[str], repair: bool = True) -> list[list[tuple[int, int, str]]]:
        """Character spans (start, end exclusive, label) per text; `repair` runs nlp/ner/spanfix.py."""
        if not texts:
            return []
        stream, offsets = text_stream(texts)
        ids = self.featuriser.inputs(stream)
        outside = _never_inside(stream)
        partner = None
        if self.partner is not None:
            p = self.partner
            partner = p.emissions(feature_ids(stream, p.dim, p.features, p.names, p.namelist, p.clusters))
            partner *= self.partner_weight
        starts, ends = text_pieces(stream)
        tags = np.zeros(len(stream), dtype=np.int64)
        order = np.argsort(ends - starts, kind="stable")
        i = 0
        while i < len(order):
            rows = max(1, MAX_CELLS // int(ends[order[i]] - starts[order[i]]))
            sel = order[i:i + rows]
            while len(sel) > 1 and int((ends[sel] - starts[sel]).max()) * len(sel) > MAX_CELLS:
                sel = sel[:len(sel) // 2]
            i += len(sel)
            s, lengths = starts[sel], ends[sel] - starts[sel]
            width = int(lengths.max())
            grid = s[:, None] + np.minimum(np.arange(width)[None, :], (lengths - 1)[:, None])
            live = np.arange(width)[None, :] < lengths[:, None]
            x = self.embed(np.where(live[..., None], ids[grid], 0))
            scores = self.emissions(x, lengths)
            if partner is not None:
                scores += partner[grid]
            scores[outside[grid]] = np.array([0.0] + [NEG] * (N_TAGS - 1), np.float32)
            path = self.decoder.viterbi(scores, lengths)
            tags[grid[live]] = path[live]
        found = _spans(tags, offsets, len(texts))
        if repair:
            found = [extend_transliterations(t, f) for t, f in zip(texts, found, strict=True)]
        return found


def allowed_transitions() -> np.ndarray:
    """BIOES transition mask (prev, cur), for training."""
    return ALLOWED.copy()
