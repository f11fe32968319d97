"""Plain data of record comparison: the pages handed in, the records parsed from them, their turns and facts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Fact:
    """One extracted mention inside a turn: label (DATE, MONEY, PERSON…), normalised value, offsets in the turn."""

    label: str
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class RecordPage:
    """A page as the parser needs it: where it is, its text, its type and its mentions (start, end, label, value)."""

    page_id: int
    document: str
    number: int
    text: str
    page_type: str | None = None
    mentions: tuple[tuple[int, int, str, str], ...] = ()


@dataclass(frozen=True)
class Piece:
    """A stretch of a turn's text lying on one page: page text [start, end) is turn text from `offset`."""

    page_id: int
    number: int
    start: int
    end: int
    offset: int


@dataclass
class Turn:
    """One 问 or 答 of a record, its text joined over lines and pages."""

    role: str  # 问 | 答
    text: str
    pieces: list[Piece] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    def locate(self, offset: int) -> Piece:
        """The piece holding turn offset `offset` (the last piece for an offset past the end)."""
        for p in self.pieces:
            if offset < p.offset + (p.end - p.start):
                return p
        return self.pieces[-1]

    def page_span(self, start: int, end: int) -> tuple[Piece, int, int]:
        """Page, page start and page end of turn text [start, end), cut at the first page's end."""
        p = self.locate(start)
        s = p.start + start - p.offset
        return p, s, min(p.end, p.start + end - p.offset)


@dataclass
class Record:
    """One 笔录: kind 讯问/询问/辨认/其他, round, questioned person, time, place, officers, pages and turns."""

    index: int
    document: str
    kind: str
    round: int | None
    person: str | None
    start: datetime | None
    end: datetime | None
    place: str | None
    officers: list[str]
    recorder: str | None
    pages: list[RecordPage]
    turns: list[Turn] = field(default_factory=list)
    header: dict = field(default_factory=dict)  # header line texts by field, with their page offsets
    entity_id: int | None = None

    @property
    def first_page(self) -> int:
        return self.pages[0].number

    @property
    def label(self) -> str:
        who = self.person or "?"
        n = f"第{self.round}次" if self.round else ""
        return f"{who}{self.kind}笔录{n}"

    def body_chars(self) -> int:
        """Characters written in the record's turns (spaces aside): what the recorder had to write."""
        return sum(len("".join(t.text.split())) for t in self.turns)

    def to_dict(self) -> dict:
        return {"index": self.index, "document": self.document, "kind": self.kind, "round": self.round,
                "person": self.person, "entity_id": self.entity_id,
                "start": self.start.isoformat(timespec="minutes") if self.start else None,
                "end": self.end.isoformat(timespec="minutes") if self.end else None,
                "place": self.place, "officers": self.officers, "recorder": self.recorder,
                "pages": [p.number for p in self.pages], "page_ids": [p.page_id for p in self.pages],
                "turns": len(self.turns), "answers": sum(t.role == "答" for t in self.turns),
                "chars": self.body_chars()}


@dataclass
class Side:
    """One side of a finding: the record, the page it starts on and the text shown."""

    record: Record
    page_id: int
    page: int
    text: str
    start: int = 0  # page text offsets of the passage (for highlighting)
    end: int = 0

    def to_dict(self) -> dict:
        return {"document": self.record.document, "page": self.page, "text": self.text,
                "record": self.record.label, "record_index": self.record.index, "page_id": self.page_id,
                "start": self.start, "end": self.end}


@dataclass
class Finding:
    """A copy, contradiction or timing problem between two sides, scored and explained in Chinese and English."""

    category: str  # copies | contradictions | timing
    kind: str
    a: Side
    b: Side
    score: float
    explanation_zh: str
    explanation_en: str
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "a": self.a.to_dict(), "b": self.b.to_dict(), "score": round(self.score, 3),
                "explanation": {"zh": self.explanation_zh, "en": self.explanation_en}, **self.extra}


def earlier(a: Record, b: Record) -> bool:
    """Whether record a was taken before record b (by its stated start, else by its place in the dossier)."""
    if a.start and b.start and a.start != b.start:
        return a.start < b.start
    return a.index < b.index
