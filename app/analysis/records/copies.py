"""Copied answers between records of different people (笔录雷同), boilerplate recognised and left out.

Answers are compared on their letters and digits only (punctuation and spaces dropped, NFKC), so a changed
comma or a full-width digit does not hide a copy. Each answer is fingerprinted by winnowing its character
n-gram hashes; a fingerprint shared by the records of many people is boilerplate (rights notices, standard
answers, passages common to many records). Answers of two people that share enough other fingerprints are
aligned, and the aligned stretch (small gaps bridged: OCR noise, a changed word) is reported when it is long.
"""

from __future__ import annotations

import unicodedata
import zlib
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from app.analysis.records.model import Finding, Record, Side, Turn, earlier


@dataclass(frozen=True)
class CopyParams:
    """Thresholds of copy detection; `min_chars` counts the passage as written (punctuation included)."""

    min_chars: int = 30
    shingle: int = 6
    window: int = 4
    boilerplate_people: int = 3  # a stretch in the answers of this many people is boilerplate,
    boilerplate_records: int = 4  # or in this many records (one person's rounds repeat standard answers too)
    chunk: int = 12  # letters per stretch tested for boilerplate
    max_postings: int = 60  # a fingerprint in more answers than this is not used to pair answers
    min_shared: int = 3  # fingerprints two answers must share before they are aligned
    max_gap: int = 1  # characters of disagreement bridged (an OCR misreading; never digits: a changed fact)
    min_score: float = 0.9  # matched characters over the passage's length
    max_boilerplate_share: float = 0.75
    same_person: bool = False  # also compare the rounds of one person (restating is not copying)


def normalise(text: str) -> tuple[str, list[int]]:
    """Letters and digits of `text`, lower case and NFKC, with each one's offset in `text`."""
    out, where = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            if c.isalnum():
                out.append(c.lower())
                where.append(i)
    return "".join(out), where


def fingerprints(norm: str, k: int, w: int) -> list[tuple[int, int]]:
    """(hash, position) chosen by winnowing the k-gram hashes of `norm` with window w."""
    hashes = [zlib.crc32(norm[i:i + k].encode()) for i in range(len(norm) - k + 1)]
    if not hashes:
        return []
    if len(hashes) <= w:
        i = min(range(len(hashes)), key=lambda j: hashes[j])
        return [(hashes[i], i)]
    picked: list[tuple[int, int]] = []
    for s in range(len(hashes) - w + 1):
        i = min(range(s, s + w), key=lambda j: (hashes[j], -j))
        if not picked or picked[-1][1] != i:
            picked.append((hashes[i], i))
    return picked


@dataclass
class _Answer:
    record: Record
    turn: Turn
    norm: str
    where: list[int]
    prints: list[tuple[int, int]]


def _who(r: Record) -> str:
    return r.person or f"#{r.index}"


def _answers(records: list[Record], p: CopyParams) -> list[_Answer]:
    out = []
    for r in records:
        for t in r.turns:
            if t.role != "答":
                continue
            norm, where = normalise(t.text)
            if len(norm) >= p.shingle:
                out.append(_Answer(r, t, norm, where, fingerprints(norm, p.shingle, p.window)))
    return out


def _regions(a: str, b: str, max_gap: int) -> list[tuple[int, int, int, int, int]]:
    """Aligned stretches (a0, a1, b0, b1, matched) of two strings, gaps up to max_gap bridged."""
    blocks = [m for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if m.size]
    out: list[list[int]] = []
    for m in blocks:
        if out and 0 <= m.a - out[-1][1] <= max_gap and 0 <= m.b - out[-1][3] <= max_gap \
                and not any(c.isdigit() for c in a[out[-1][1]:m.a] + b[out[-1][3]:m.b]):
            out[-1][1], out[-1][3] = m.a + m.size, m.b + m.size
            out[-1][4] += m.size
        else:
            out.append([m.a, m.a + m.size, m.b, m.b + m.size, m.size])
    return [tuple(x) for x in out]  # type: ignore[misc]


def _side(ans: _Answer, n0: int, n1: int) -> Side:
    s, e = ans.where[n0], ans.where[n1 - 1] + 1
    piece, ps, pe = ans.turn.page_span(s, e)
    return Side(ans.record, piece.page_id, piece.number, ans.turn.text[s:e], ps, pe)


def find_copies(records: list[Record], params: CopyParams | None = None) -> list[Finding]:
    """Copied answer passages between records (of different people unless params.same_person)."""
    p = params or CopyParams()
    answers = _answers(records, p)
    index: dict[int, list[int]] = defaultdict(list)
    for k, ans in enumerate(answers):
        for h, _ in ans.prints:
            if not index[h] or index[h][-1] != k:
                index[h].append(k)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for ks in index.values():
        if len(ks) > p.max_postings:  # in this many answers: standard wording, never a copy by itself
            continue
        for i, ka in enumerate(ks):
            for kb in ks[i + 1:]:
                shared[(ka, kb)] += 1
    common = _Commonness(answers, p)
    findings: list[Finding] = []
    for (ka, kb), n in shared.items():
        a, b = answers[ka], answers[kb]
        if n < p.min_shared or a.record is b.record:
            continue
        if not p.same_person and _who(a.record) == _who(b.record):
            continue
        for a0, a1, b0, b1, matched in _regions(a.norm, b.norm, p.max_gap):
            length = a.where[a1 - 1] + 1 - a.where[a0]
            if length < p.min_chars or matched / max(a1 - a0, b1 - b0) < p.min_score:
                continue
            if common.is_boilerplate(a.norm[a0:a1]):
                continue
            findings.append(_finding(a, b, a0, a1, b0, b1, matched))
    findings.sort(key=lambda f: (-f.score, f.a.record.index, f.b.record.index))
    return findings


class _Commonness:
    """Whether a passage is boilerplate: most of its stretches (p.chunk letters each) recur in the answers of
    many people or many records. Stretches, not single shingles: short phrases recur in any prose."""

    def __init__(self, answers: list[_Answer], p: CopyParams):
        self.answers, self.p = answers, p
        self.cache: dict[str, bool] = {}

    def _common(self, chunk: str) -> bool:
        if chunk not in self.cache:
            hits = [a for a in self.answers if chunk in a.norm]
            self.cache[chunk] = (len({_who(a.record) for a in hits}) >= self.p.boilerplate_people
                                 or len({a.record.index for a in hits}) >= self.p.boilerplate_records)
        return self.cache[chunk]

    def is_boilerplate(self, passage: str) -> bool:
        n = self.p.chunk
        chunks = [passage[i:i + n] for i in range(0, max(1, len(passage) - n + 1), n)]
        return sum(self._common(c) for c in chunks) / len(chunks) > self.p.max_boilerplate_share


def _finding(a: _Answer, b: _Answer, a0: int, a1: int, b0: int, b1: int, matched: int) -> Finding:
    if not earlier(a.record, b.record):
        a, b, a0, a1, b0, b1 = b, a, b0, b1, a0, a1
    sa, sb = _side(a, a0, a1), _side(b, b0, b1)
    score = matched / max(a1 - a0, b1 - b0)
    exact = "逐字相同" if score == 1.0 else "几乎相同"
    zh = (f"{b.record.label}的回答与更早的{a.record.label}{exact}（{len(sb.text)}字），"
          "可能系复制粘贴。")
    en = (f"An answer in {b.record.label} repeats {'word for word' if score == 1.0 else 'almost word for word'} "
          f"the earlier {a.record.label} ({len(sb.text)} characters): possibly copied.")
    return Finding("copies", "verbatim" if score == 1.0 else "near_verbatim", sa, sb, score, zh, en,
                   {"earlier": "a", "chars": len(sb.text)})
