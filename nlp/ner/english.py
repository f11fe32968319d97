"""English NER (PERSON, ORG, PLACE): a linear per-token model over hashed word features, BIOES Viterbi.

Same style as the Chinese linear model (nlp/ner/linear.py, whose scoring, Viterbi and int8 storage it
inherits): a text is cut into tokens by one regex, each distinct token string is described once (lower
case, case shape, prefixes, suffixes; stable CRC32 hashes, cached), the context window (+-2 tokens) is
combined in numpy, and every piece of a batch is decoded together. Trained on CoNLL-2003 English train
(without its last 10 %) plus English synthetic record lines (nlp/ner/train_english.py).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from nlp.ner.features import _hash
from nlp.ner.linear import LABELS, LinearNER, _spans, decode_pieces

if TYPE_CHECKING:
    from nlp.ner.data import Example

# Words (letters/digits with inner ' - & . as in O'Neill, Smith-Jones, AT&T, U.S), or one other character.
_LATIN = "A-Za-z0-9\u00c0-\u024f"
TOKEN_RE = re.compile(rf"[{_LATIN}]+(?:['\u2019&.\-][{_LATIN}]+)*|\S")
# A full stop after these belongs to the word (Mr. Smith, Barclays Bank Plc., J. Smith).
ABBREVIATIONS = frozenset("mr mrs ms dr prof st jr sr co corp inc ltd bros gen col lt sgt capt rev gov sen rep "
                          "mt ft no vs jan feb mar apr jun jul aug sep sept oct nov dec".split())
# Tokens that end a decoding piece (no name crosses them).
_BREAK_TOKENS = frozenset(".!?;\u3002\uff01\uff1f\uff1b")
MAX_PIECE = 150
PAD_TOKENS = 3
K_PAD, K_LOWER, K_TITLE, K_UPPER, K_DIGIT, K_PUNCT, K_MIXED, K_OTHER = range(8)
N_BASE = 9          # per-token base keys: lower, cased, shape, short shape, p2, p3, s2, s3, s4
N_TEMPLATES = 48    # per-token feature templates (the last is the bias)
LEXICON_FILE = "lexicon.npz"
UNSEEN = 5          # lexicon bucket of a word the lexicon does not hold


def tokenize(text: str) -> list[tuple[int, int]]:
    """(start, end) of each token; a full stop joins an abbreviation, an initial or a dotted word."""
    out: list[tuple[int, int]] = []
    n = len(text)
    for m in TOKEN_RE.finditer(text):
        s, e = m.span()
        if e < n and text[e] == "." and e - s <= 5 and text[s].isalpha():
            word = text[s:e]
            if len(word) == 1 and word.isupper() or "." in word or word.lower() in ABBREVIATIONS:
                e += 1
        if out and s < out[-1][1]:      # the "." already taken by the previous token
            continue
        out.append((s, e))
    return out


def _crc(s: str) -> int:
    return zlib.crc32(s.encode("utf-8"))


def _shape(word: str) -> str:
    out: list[str] = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        out.append(c)
    return "".join(out)


def _short(shape: str) -> str:
    out: list[str] = []
    for c in shape:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def _kind(word: str) -> int:
    if word.isdigit():
        return K_DIGIT
    if not word[0].isalnum():
        return K_PUNCT
    if not word.isascii() and not any("\u00c0" <= ch <= "\u024f" for ch in word):
        return K_OTHER
    if word.islower():
        return K_LOWER
    if word.isupper():
        return K_UPPER
    if word[0].isupper() and (len(word) == 1 or word[1:].islower() or not word[1:].isalpha()):
        return K_TITLE
    return K_MIXED


@lru_cache(maxsize=200_000)
def describe(word: str) -> tuple[int, ...]:
    """Base keys of one token string (stable across processes: CRC32, not Python's salted hash)."""
    low = word.lower()
    shape = _shape(word) if len(word) <= 6 else _short(_shape(word))
    return (_crc("w" + low), _crc("c" + word), _crc("s" + shape), _crc("h" + _short(_shape(word))),
            _crc("p" + low[:2]), _crc("p" + low[:3]), _crc("s" + low[-2:]), _crc("s" + low[-3:]),
            _crc("s" + low[-4:]), _kind(word))


def _cap_bucket(cap: int, total: int) -> int:
    if not total:
        return UNSEEN
    r = cap / total
    return 0 if r < 0.05 else 1 if r < 0.3 else 2 if r < 0.7 else 3 if r < 0.95 else 4


def _label_bucket(inside: int, total: int) -> int:
    r = inside / total if total else 0.0
    return 0 if r == 0 else 1 if r < 0.1 else 2 if r < 0.4 else 3 if r < 0.8 else 4


def build_lexicon(items: Iterable[Example]) -> tuple[np.ndarray, np.ndarray]:
    """Word statistics of training text, keyed by the CRC32 of the lower-cased word (sorted keys, values).

    Per word: how often it is capitalised away from a sentence start (a capitalised word that is never
    written lower-case is probably a name) and how often it lies inside a PERSON, ORG, PLACE span; 3 bits
    each, packed cap | per << 3 | org << 6 | place << 9. Shipped as this table, never as text."""
    from collections import defaultdict

    counts: dict[int, list[int]] = defaultdict(lambda: [0] * 8)   # cap, not-first, all, P, O, L, P-first, P-last
    col = {"PERSON": 3, "ORG": 4, "PLACE": 5}
    for ex in items:
        toks = tokenize(ex.text)
        labels: list[str | None] = [None] * len(toks)
        person_end = [0] * len(toks)         # 1 first token of a PERSON span, 2 last of a longer one
        for s, e, lab in ex.spans:
            inside = [j for j, (a, b) in enumerate(toks) if a >= s and b <= e]
            for j in inside:
                labels[j] = lab
            if lab == "PERSON" and inside:
                person_end[inside[0]] = 1
                if len(inside) > 1:
                    person_end[inside[-1]] = 2
        for j, (a, b) in enumerate(toks):
            word = ex.text[a:b]
            if not word[0].isalpha():
                continue
            c = counts[describe(word)[0]]
            c[2] += 1
            if j and ex.text[toks[j - 1][0]] not in ".!?\"'":
                c[1] += 1
                c[0] += word[0].isupper()
            if (label := labels[j]):
                c[col[label]] += 1
            if person_end[j]:
                c[5 + person_end[j]] += 1
    keys = np.array(sorted(counts), dtype=np.uint64)
    vals = np.array([_cap_bucket(c[0], c[1]) | _label_bucket(c[3], c[2]) << 3 | _label_bucket(c[4], c[2]) << 6
                     | _label_bucket(c[5], c[2]) << 9 | _label_bucket(c[6], c[2]) << 12 | _label_bucket(c[7], c[2]) << 15
                     for c in (counts[k] for k in keys.tolist())], dtype=np.uint32)
    return keys, vals


UNSEEN_VALUE = UNSEEN | UNSEEN << 3 | UNSEEN << 6 | UNSEEN << 9 | UNSEEN << 12 | UNSEEN << 15


def lexicon_values(keys: np.ndarray, lexicon: tuple[np.ndarray, np.ndarray] | None) -> np.ndarray:
    """Packed lexicon value of each word key (UNSEEN_VALUE where absent, 0 for PAD)."""
    if lexicon is None or not len(lexicon[0]):
        return np.where(keys == 0, 0, UNSEEN_VALUE).astype(np.uint64)
    lk, lv = lexicon
    idx = np.minimum(np.searchsorted(lk, keys), len(lk) - 1)
    found = lk[idx] == keys
    return np.where(found, lv[idx], np.where(keys == 0, 0, UNSEEN_VALUE)).astype(np.uint64)


def token_features(words: list[str | None], dim: int,
                   lexicon: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """(len(words), N_TEMPLATES) feature ids; None stands for a PAD position between pieces."""
    n = len(words)
    base = np.zeros((n + 6, N_BASE + 1), dtype=np.uint64)
    rows = [describe(w) if w is not None else (0,) * N_BASE + (K_PAD,) for w in words]
    if rows:
        base[3:n + 3] = np.array(rows, dtype=np.uint64)

    def at(col: int, k: int) -> np.ndarray:
        return base[3 + k:3 + k + n, col]

    w = {k: at(0, k) for k in range(-2, 3)}
    s = {k: at(2, k) for k in range(-1, 2)}
    kind = {k: at(9, k) for k in range(-2, 3)}
    kwin = (((kind[-2] * 8 + kind[-1]) * 8 + kind[0]) * 8 + kind[1]) * 8 + kind[2]
    first = (kind[-1] == K_PAD).astype(np.uint64)
    lex = lexicon_values(base[:, 0], lexicon)
    cap = {k: (lex >> np.uint64(0) & np.uint64(7))[3 + k:3 + k + n] for k in range(-1, 2)}
    per = {k: (lex >> np.uint64(3) & np.uint64(7))[3 + k:3 + k + n] for k in range(-1, 2)}
    org = {k: (lex >> np.uint64(6) & np.uint64(7))[3 + k:3 + k + n] for k in range(-1, 2)}
    loc = {k: (lex >> np.uint64(9) & np.uint64(7))[3 + k:3 + k + n] for k in range(-1, 2)}
    pfirst = {k: (lex >> np.uint64(12) & np.uint64(7))[3 + k:3 + k + n] for k in range(-1, 2)}
    plast = {k: (lex >> np.uint64(15) & np.uint64(7))[3 + k:3 + k + n] for k in range(-1, 2)}
    # headline flag: capitals outnumber lower-case and title-case words within +-4 tokens (ALL-CAPS lines)
    kinds = base[:, 9]
    upper = np.concatenate([[0], np.cumsum(kinds == K_UPPER)])
    other = np.concatenate([[0], np.cumsum((kinds == K_LOWER) | (kinds == K_TITLE))])
    lo = np.clip(np.arange(n) + 3 - 4, 0, n + 6)
    hi = np.clip(np.arange(n) + 3 + 5, 0, n + 6)
    caps = ((upper[hi] - upper[lo]) > (other[hi] - other[lo])).astype(np.uint64)
    cols = [
        _hash(100, w[0]), _hash(101, at(1, 0)), _hash(102, w[-1]), _hash(103, w[1]), _hash(104, w[-2]),
        _hash(105, w[2]), _hash(106, w[-1], w[0]), _hash(107, w[0], w[1]), _hash(108, s[0]),
        _hash(109, s[-1], s[0]), _hash(110, s[0], s[1]), _hash(111, s[-1], s[0], s[1]), _hash(112, at(5, 0)),
        _hash(113, at(7, 0)), _hash(114, at(8, 0)), _hash(115, at(6, 0)), _hash(116, at(4, 0)),
        _hash(117, kwin), _hash(118, w[-1], s[0]), _hash(119, s[0], w[1]), _hash(120, first, s[0]),
        _hash(121, w[-1], w[1]), _hash(122, at(3, 0), kind[-1], kind[1]), _hash(123, first, w[0]),
        _hash(124, w[-2], w[-1]), _hash(125, w[1], w[2]),
        _hash(126, cap[0], kind[0], first), _hash(127, per[0], org[0], loc[0]), _hash(128, per[-1], per[0], per[1]),
        _hash(129, loc[-1], loc[0], loc[1]), _hash(130, org[-1], org[0], org[1]),
        _hash(131, cap[-1], cap[0], cap[1], kind[0]), _hash(132, per[0], kind[-1], kind[1]),
        _hash(133, pfirst[0], plast[1]), _hash(134, pfirst[-1], plast[0]), _hash(135, pfirst[0], plast[0], kind[0]),
        _hash(136, caps, w[0]), _hash(137, caps, per[0], org[0], loc[0]), _hash(138, caps, w[-1], w[0]),
        _hash(145, at(0, -3)), _hash(146, at(0, 3)), _hash(147, at(7, -1), kind[0]), _hash(148, kind[0], at(7, 1)),
        _hash(139, w[-1], kind[0]), _hash(140, kind[0], w[1]), _hash(141, at(7, -1), s[0]), _hash(142, s[0], at(7, 1)),
    ]
    out = np.zeros((n, N_TEMPLATES), dtype=np.int32)
    for j, h in enumerate(cols):
        out[:, j] = (h % np.uint64(dim - 1)).astype(np.int32) + 1
    return out


def layout(texts: list[str]) -> tuple[list[str | None], list[tuple[int, int, int]], np.ndarray, np.ndarray]:
    """Token stream of many texts: words (None = PAD), (text, start, end) per token, piece starts and ends."""
    words: list[str | None] = []
    where: list[tuple[int, int, int]] = []
    starts, ends = [], []
    for i, text in enumerate(texts):
        toks = tokenize(text)
        piece = len(words)
        for j, (s, e) in enumerate(toks):
            word = text[s:e]
            words.append(word)
            where.append((i, s, e))
            gap = text[toks[j][1]:toks[j + 1][0]] if j + 1 < len(toks) else ""
            if word in _BREAK_TOKENS or "\n" in gap or len(words) - piece >= MAX_PIECE:
                starts.append(piece)
                ends.append(len(words))
                words += [None] * PAD_TOKENS
                where += [(-1, 0, 0)] * PAD_TOKENS
                piece = len(words)
        if len(words) > piece:
            starts.append(piece)
            ends.append(len(words))
            words += [None] * PAD_TOKENS
            where += [(-1, 0, 0)] * PAD_TOKENS
    return words, where, np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)


class EnglishNER(LinearNER):
    """Per-token linear model; `predict` gives character spans per text like the Chinese model."""

    lexicon: tuple[np.ndarray, np.ndarray] | None = None

    def predict(self, texts: list[str], rows_per_batch: int = 512,
                repair: bool = True) -> list[list[tuple[int, int, str]]]:
        if not texts:
            return []
        words, where, starts, ends = layout(texts)
        out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        if not len(starts):
            return out
        scores = self.emissions(token_features(words, self.dim, self.lexicon))
        tags = decode_pieces(self.viterbi, scores, starts, ends, len(words), rows_per_batch)
        for b, e, lab in _spans(tags, np.array([0, len(words)]), 1)[0]:
            i, s0, _ = where[b]
            _, _, e0 = where[e - 1]
            out[i].append((s0, e0, lab))
        return out


    def save(self, folder: Path) -> None:
        super().save(folder)
        if self.lexicon is not None:
            np.savez_compressed(Path(folder) / LEXICON_FILE, keys=self.lexicon[0].astype(np.uint32),
                                vals=self.lexicon[1])

    @classmethod
    def load(cls, folder: Path) -> EnglishNER:
        model = super().load(folder)
        path = Path(folder) / LEXICON_FILE
        if path.is_file():
            with np.load(path) as z:
                model.lexicon = (z["keys"].astype(np.uint64), z["vals"])
        return model


def gold_token_tags(text: str, spans: list[tuple[int, int, str]], toks: list[tuple[int, int]]) -> list[str]:
    """BIOES tags of tokens for character spans (tokens wholly inside a span)."""
    tags = ["O"] * len(toks)
    for s, e, lab in spans:
        if lab not in LABELS:
            continue
        inside = [j for j, (a, b) in enumerate(toks) if a >= s and b <= e]
        if not inside:
            continue
        if len(inside) == 1:
            tags[inside[0]] = f"S-{lab}"
        else:
            tags[inside[0]] = f"B-{lab}"
            for j in inside[1:-1]:
                tags[j] = f"I-{lab}"
            tags[inside[-1]] = f"E-{lab}"
    return tags
