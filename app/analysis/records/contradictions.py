"""Contradictions: one event told differently, by the same person between rounds or by two people.

Each answer sentence becomes a set of facts from the extracted mentions: the day and the time (DATE/TIME),
amounts, places, people, accounts. Two sentences of different records tell the same event when they agree
on the day and at least one more fact (or, when the day is what differs, on the place and two more facts);
they contradict each other when exactly one kind of fact differs. Two differing kinds mean two events (two
transfers on one day), not a contradiction. The likeness of the wording around the facts (`min_frame`,
off by default: two people tell one event in their own words) only raises the score.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import combinations

from app.analysis.records.model import Finding, Record, Side, Turn, earlier

_SENTENCE_END = re.compile(r"[。！？；!?;]")
_LABELS = {"DATE": "day", "TIME": "clock", "MONEY": "amount", "PLACE": "place", "PERSON": "person",
           "BANK_CARD": "account", "ACCOUNT": "account"}
KIND_ZH = {"amount": "金额", "day": "日期", "clock": "时间", "place": "地点", "person": "人员", "account": "账号"}
KIND_EN = {"amount": "amount", "day": "date", "clock": "time", "place": "place", "person": "person named",
           "account": "account"}


@dataclass(frozen=True)
class ContradictionParams:
    min_frame: float = 0.0  # Jaccard similarity of the wording around the facts (character bigrams); 0: any
    min_agree: int = 2  # facts (kinds) both sentences agree on, the day among them
    min_clock_gap: int = 120  # minutes: smaller differences of a time of day are estimates, not contradictions


@dataclass
class _Sentence:
    record: Record
    turn: Turn
    start: int
    end: int
    facts: dict[str, set[str]] = field(default_factory=dict)
    shown: dict[str, list[str]] = field(default_factory=dict)
    frame: set[str] = field(default_factory=set)


def _value(label: str, value: str) -> list[tuple[str, str]]:
    if label == "DATE":
        m = re.match(r"(\d{4}-\d{2}-\d{2}|--\d{2}-\d{2}|\d{2}-\d{2})(?:T(\d{2}:\d{2}))?", value)
        if not m:
            return []
        out = [("day", m.group(1)[-5:] if not m.group(1)[:4].isdigit() else m.group(1))]
        return out + ([("clock", m.group(2))] if m.group(2) else [])
    if label == "TIME":
        m = re.search(r"(\d{1,2}):(\d{2})", value)
        return [("clock", f"{int(m.group(1)):02d}:{m.group(2)}")] if m else []
    if label == "MONEY":
        return [("amount", value.split()[0])]
    if label in ("BANK_CARD", "ACCOUNT"):
        return [("account", re.sub(r"\D", "", value))]
    return [(_LABELS[label], value)]


def _sentences(records: list[Record]) -> list[_Sentence]:
    people = sorted({r.person for r in records if r.person and len(r.person) >= 2}, key=len, reverse=True)
    out = []
    for r in records:
        for t in r.turns:
            if t.role != "答" or not t.facts:
                continue
            start = 0
            for m in list(_SENTENCE_END.finditer(t.text)) + [None]:
                end = m.end() if m else len(t.text)
                if end <= start:
                    continue
                s = _Sentence(r, t, start, end)
                masked = list(t.text[start:end])
                for f in t.facts:
                    if start <= f.start and f.end <= end and f.label in _LABELS:
                        for kind, v in _value(f.label, f.value):
                            s.facts.setdefault(kind, set()).add(v)
                            s.shown.setdefault(kind, []).append(t.text[f.start:f.end])
                        for i in range(f.start - start, f.end - start):
                            masked[i] = "\0"
                for name in people:  # a questioned person named where the recogniser missed them (line breaks)
                    at = t.text.find(name, start, end)
                    if at >= 0 and name not in s.facts.get("person", set()) and masked[at - start] != "\0":
                        s.facts.setdefault("person", set()).add(name)
                        s.shown.setdefault("person", []).append(name)
                if len(s.facts) >= 2:
                    text = "".join(masked)
                    s.frame = {text[i:i + 2] for i in range(len(text) - 1) if "\0" not in text[i:i + 2]}
                    out.append(s)
                start = end
    return out


def _same_day(a: set[str], b: set[str]) -> bool:
    """Days agree when equal, or equal in month and day where one side has no year."""
    return any(x == y or (min(len(x), len(y)) == 5 and x[-5:] == y[-5:]) for x in a for y in b)


def _same_place(a: str, b: str) -> bool:
    """Places agree when most of the shorter one is found whole in the other (recognisers differ at the edges)."""
    m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size >= max(2, 0.8 * min(len(a), len(b)))


def _clock_gap(a: set[str], b: set[str]) -> int:
    def minutes(v: str) -> int:
        h, m = v.split(":")
        return int(h) * 60 + int(m)
    return min(abs(minutes(x) - minutes(y)) for x in a for y in b)


def _compare(a: _Sentence, b: _Sentence, p: ContradictionParams) -> tuple[list[str], list[str]]:
    agree, differ = [], []
    for kind in set(a.facts) & set(b.facts):
        va, vb = a.facts[kind], b.facts[kind]
        if kind == "day":
            same = _same_day(va, vb)
        elif kind == "clock":
            gap = _clock_gap(va, vb)
            if 0 < gap < p.min_clock_gap:
                continue
            same = gap == 0
        elif kind == "place":  # a place read with a word more or less ("是…的茶楼") is the same place
            same = any(_same_place(x, y) for x in va for y in vb)
        else:
            same = bool(va & vb)
        (agree if same else differ).append(kind)
    return agree, differ


def _frame(a: _Sentence, b: _Sentence) -> float:
    if not a.frame or not b.frame:
        return 0.0
    return len(a.frame & b.frame) / len(a.frame | b.frame)


def find_contradictions(records: list[Record], params: ContradictionParams | None = None) -> list[Finding]:
    """Pairs of answer sentences from different records that tell one event with one fact changed."""
    p = params or ContradictionParams()
    sents = _sentences(records)
    by_value: dict[tuple[str, str], list[int]] = defaultdict(list)
    for k, s in enumerate(sents):
        for kind, values in s.facts.items():
            for v in values:
                by_value[(kind, v[-5:] if kind == "day" else v)].append(k)
    pairs: set[tuple[int, int]] = set()
    for ks in by_value.values():
        if len(ks) <= 200:
            pairs.update(combinations(ks, 2))
    findings = []
    for ka, kb in sorted(pairs):
        a, b = sents[ka], sents[kb]
        if a.record is b.record:
            continue
        agree, differ = _compare(a, b, p)
        if len(differ) != 1 or len(agree) < p.min_agree:
            continue
        kind = differ[0]
        if kind == "day":
            if "place" not in agree or len(agree) < p.min_agree + 1:
                continue
        elif "day" not in agree:
            continue
        frame = _frame(a, b)
        if frame < p.min_frame:
            continue
        findings.append(_finding(a, b, kind, agree, frame))
    findings.sort(key=lambda f: (-f.score, f.a.record.index, f.b.record.index))
    return findings


def _side(s: _Sentence) -> Side:
    piece, ps, pe = s.turn.page_span(s.start, s.end)
    return Side(s.record, piece.page_id, piece.number, s.turn.text[s.start:s.end], ps, pe)


def _finding(a: _Sentence, b: _Sentence, kind: str, agree: list[str], frame: float) -> Finding:
    if not earlier(a.record, b.record):
        a, b = b, a
    same = (a.record.person or "") == (b.record.person or "") and a.record.person is not None
    scope = "same_person" if same else "across_persons"
    va, vb = "、".join(dict.fromkeys(a.shown[kind])), "、".join(dict.fromkeys(b.shown[kind]))
    who = f"{a.record.person}前后两次笔录" if same else f"{a.record.person}与{b.record.person}的笔录"
    zh = f"{who}对同一事件的{KIND_ZH[kind]}说法不一：{va} / {vb}。"
    who_en = (f"{a.record.person} in two rounds" if same else f"{a.record.person} and {b.record.person}")
    en = f"{who_en} give a different {KIND_EN[kind]} for one event: {va} / {vb}."
    score = min(1.0, 0.5 + 0.1 * len(agree) + 0.3 * frame)
    return Finding("contradictions", kind, _side(a), _side(b), score, zh, en,
                   {"scope": scope, "agree": sorted(agree), "values": [va, vb]})
