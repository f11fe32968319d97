"""Plain inputs of resolution (mention, page, transaction rows) and who each identifier belongs to.

An identifier (ID number, phone, card) belongs to the nearest person named before it in the same
header block or sentence; in a record's answers a bare "我的卡号…" belongs to the person questioned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.analysis.resolve.names import NOT_NAMES, clean_name

IDENTIFIER_LABELS = ("ID_NUMBER", "PHONE", "BANK_CARD", "ACCOUNT", "EMAIL", "PLATE")
RECORD_TITLE = re.compile(r"(讯问|询问|辨认|检查|勘验|调查)笔录")
_STATEMENT_HEAD = re.compile(r"(户名|客户姓名|账户名称|Account holder|交易明细|流水|对账单)", re.I)
_QUESTION = re.compile(r"[问答][：:]")
_SENTENCE_END = re.compile(r"[。！？；;!?]|[问答][：:]")  # not newlines: PDF lines wrap mid-sentence
_ALIAS_GAP = re.compile(r"^[\s（(，,、]*(?:绰号|外号|化名|又名|别名|小名|网名|人称|诨名|曾用名|英文名)"
                        r"(?:叫|为|是|：|:)?[\s“\"「『‘']*$")
_FIRST_PERSON = re.compile(r"我|本人")
_MY = re.compile(r"我(?!们)")
_TRANSFER = re.compile(r"[向给转汇付]")
# …从其账户（A）向武汉某某公司名下账户（B）: B is the payee's, whoever is named before 向 (not 向其名下: own)
_TO_PAYEE = re.compile(r"向(?!其|自己|本人)[^，。；;]{1,30}?名下")
_TABLE_START = re.compile(r"交易日期|记账日期|交易时间|Transaction Date|Trans(?:action)? Time|对方账号|对方户名", re.I)
HEADER_REACH = 400   # header fields (姓名 … 身份证 … 联系方式) sit within this many characters
SENTENCE_REACH = 80


@dataclass(frozen=True)
class MentionIn:
    id: int
    page_id: int
    start: int
    end: int
    label: str
    text: str
    value: str | None = None
    role: str | None = None
    confidence: float = 1.0


@dataclass(frozen=True)
class PageIn:
    id: int
    document_id: int
    number: int
    text: str
    page_type: str | None = None


@dataclass(frozen=True)
class TxnIn:
    id: int
    holder_account: str
    time: str
    amount: float
    holder_name: str | None = None
    cp_account: str | None = None
    cp_name: str | None = None
    page_id: int | None = None
    document_id: int | None = None


@dataclass
class CaseInput:
    """Everything resolution reads: whole case, already loaded."""

    pages: dict[int, PageIn]
    mentions: list[MentionIn]
    transactions: list[TxnIn] = field(default_factory=list)


@dataclass
class Layout:
    """Where things sit: each page's segment (one record or statement), speakers, identifier owners."""

    segment_of_page: dict[int, int]
    speaker_of_segment: dict[int, int]           # segment -> PERSON mention id of the person questioned
    owner_of: dict[int, int]                     # identifier mention id -> PERSON mention id
    header_pages: set[int]
    alias_pairs: set[tuple[str, str]]            # (name, alias) declared in the text (又名, 绰号)


def page_segments(pages: dict[int, PageIn]) -> tuple[dict[int, int], set[int]]:
    """A new segment starts where a record title or statement header opens a page, or the document changes."""
    seg_of: dict[int, int] = {}
    heads: set[int] = set()
    seg = -1
    last_doc = None
    for p in sorted(pages.values(), key=lambda p: (p.document_id, p.number)):
        top = p.text[:200]
        starts = bool(RECORD_TITLE.search(top)) or (bool(_STATEMENT_HEAD.search(top)) and p.page_type != "record")
        if starts:
            heads.add(p.id)
        if starts or p.document_id != last_doc or seg < 0:
            seg += 1
        seg_of[p.id] = seg
        last_doc = p.document_id
    return seg_of, heads


def _header_end(text: str) -> int:
    """A record's header ends at its first question; a statement's at its table (rows name counterparties)."""
    m = _QUESTION.search(text)
    end = m.start() if m else min(len(text), HEADER_REACH)
    if not RECORD_TITLE.search(text[:200]):
        t = _TABLE_START.search(text, 0, end)
        end = t.start() if t else end
    return end


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    m = _SENTENCE_END.search(text, pos)
    return start, (m.start() if m else len(text))


def layout(case: CaseInput) -> Layout:
    """Segments, speakers and identifier owners for the whole case (one pass per page)."""
    seg_of, heads = page_segments(case.pages)
    by_page: dict[int, list[MentionIn]] = {}
    for m in case.mentions:
        by_page.setdefault(m.page_id, []).append(m)
    speaker: dict[int, int] = {}
    owner: dict[int, int] = {}
    aliases: set[tuple[str, str]] = set()
    for pid in sorted(case.pages, key=lambda i: (case.pages[i].document_id, case.pages[i].number)):
        page = case.pages[pid]
        ms = sorted(by_page.get(pid, []), key=lambda m: m.start)
        persons = [m for m in ms if m.label == "PERSON"]
        head_end = _header_end(page.text) if pid in heads else 0
        statement_head = pid in heads and not RECORD_TITLE.search(page.text[:200])
        table = _TABLE_START.search(page.text, head_end) if statement_head else None
        seg = seg_of[pid]
        if pid in heads and seg not in speaker:
            who = _questioned(page.text, [p for p in persons if p.start < head_end], ms, head_end)
            if who is not None:
                speaker[seg] = who.id
        for m in ms:
            if m.label not in IDENTIFIER_LABELS or table is not None and m.start >= table.start():
                continue   # a statement's rows: their numbers are counterparties, owned by no one named above
            who = _owner(page.text, m, persons, head_end)
            if who is not None and m.start >= head_end and _MY.search(page.text, who.end, m.start):
                who = None   # 王伟往我的卡上转了…卡号是…: the number is the speaker's (below), not 王伟's
            if who is not None and m.start >= head_end and _TO_PAYEE.search(page.text, who.end, m.start):
                continue     # the payee named after 向 (a company, or a name the extractor missed) owns it
            if who is not None:
                owner[m.id] = who.id
            elif seg in speaker and m.start >= head_end:
                s, _ = _sentence_bounds(page.text, m.start)
                if _FIRST_PERSON.search(page.text[s:m.start]):
                    owner[m.id] = speaker[seg]
        for a, b in zip(persons, persons[1:], strict=False):
            na, nb = clean_name(a.value or a.text), clean_name(b.value or b.text)
            if _ALIAS_GAP.match(page.text[a.end:b.start]) and na != nb:
                aliases.add((na, nb))
    return Layout(seg_of, speaker, owner, heads, aliases)


def _questioned(text: str, persons: list[MentionIn], ms: list[MentionIn], head_end: int) -> MentionIn | None:
    """The person questioned: marked by role, else the one after 姓名, else the one owning the header ID number."""
    persons = [p for p in persons if (p.value or p.text or "").strip() not in NOT_NAMES]
    for p in persons:
        if p.role == "questioned":
            return p
    for p in persons:
        if "姓名" in text[max(0, p.start - 8):p.start]:
            return p
    for m in ms:
        if m.label == "ID_NUMBER" and m.start < head_end:
            before = [p for p in persons if p.end <= m.start]
            if before:
                return before[-1]
    return None


def _owner(text: str, m: MentionIn, persons: list[MentionIn], head_end: int) -> MentionIn | None:
    if m.start < head_end:
        lo, hi = max(0, m.start - HEADER_REACH), head_end
    else:
        lo, hi = _sentence_bounds(text, m.start)
        lo = max(lo, m.start - SENTENCE_REACH)
    before = [p for p in persons if lo <= p.start and p.end <= m.start]
    if before:
        return before[-1]
    if m.start >= head_end:  # in prose a name after the number is usually the other party
        return None
    after = [p for p in persons if m.end <= p.start < min(hi, m.end + 40)]
    if after and not _FIRST_PERSON.search(text[m.end:after[0].start]) and not _TRANSFER.search(
            text[m.end:after[0].start]):
        return after[0]   # 账号…户名 张三; not （账号…）向张三名下账户: that is the payee
    return None
