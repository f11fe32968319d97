"""Records from page text: where each 笔录 starts, its header (时间, 地点, 询问人, 记录人, 被询问人) and its 问/答 turns.

The header format is the one the 公安机关 use for 讯问笔录 / 询问笔录 (and 辨认笔录): a title line, `第N次`,
`时间 2021年3月5日9时10分至2021年3月5日11时20分`, `地点`, the officers and the recorder, the person questioned,
then `问：` / `答：` lines over several pages, each page closed by signatures and `第1页共3页`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from app.analysis.records.model import Fact, Piece, Record, RecordPage, Turn
from domain.normalise.numerals import parse_small_int

RECORD_PAGE_TYPES = ("interrogation", "inquiry", "interview")
_TITLE = re.compile(r"^(?:[（(][^）)]*[）)])?(讯问|询问|辨认|勘验|检查)?笔录$")
_TURN = re.compile(r"^\s*(问|答)\s*[：:]\s*")
_FOOTER = (re.compile(r"^第\s*\d+\s*页\s*[，,]?\s*共\s*\d+\s*页$"), re.compile(r"^\d{1,4}$"),
           re.compile(r"^被?(讯问|询问|辨认)人签名"), re.compile(r"^(讯问人|询问人|侦查员|记录人)\s*[：:].*"),
           re.compile(r"^以上笔录我看过"))
_TIME = re.compile(r"时间[：:]?(\d{4})年(\d{1,2})月(\d{1,2})日(\d{1,2})[时:](\d{1,2})分?"
                   r"(?:至|到|—|-|~)(?:(\d{4})年)?(?:(\d{1,2})月)?(?:(\d{1,2})日)?(\d{1,2})[时:](\d{1,2})分?")
_ROUND = re.compile(r"第([0-9一二三四五六七八九十]+)次")
_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,5}$")


def _lines(text: str) -> Iterable[tuple[int, int, str]]:
    """(start, end, line) for each line of the page text, offsets into the page text."""
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def _title_kind(page: RecordPage) -> str | None:
    """The record kind when the page opens a record (a title line near its top), else None."""
    for k, (_, _, line) in enumerate(_lines(page.text)):
        if k > 6:
            break
        m = _TITLE.match("".join(line.split()))
        if m:
            return m.group(1) or "其他"
    return None


def _is_footer(line: str) -> bool:
    bare = line.strip()
    return not bare or any(p.match(bare) for p in _FOOTER)


def _names(text: str) -> list[str]:
    return [w for w in text.split() if _NAME.match(w)]


def _header(rec: Record, lines: list[tuple[RecordPage, int, int, str]]) -> None:
    for page, s, _e, line in lines:
        bare = "".join(line.split())
        if "header_page" not in rec.header:
            rec.header["header_page"] = page.page_id
        if rec.round is None and (m := _ROUND.search(bare)) and len(bare) <= 8:
            rec.round = parse_small_int(m.group(1))
        if rec.start is None and (m := _TIME.search(bare)):
            g = [int(x) if x else None for x in m.groups()]
            try:
                rec.start = datetime(g[0], g[1], g[2], g[3], g[4])
                rec.end = datetime(g[5] or g[0], g[6] or g[1], g[7] or g[2], g[8], g[9])
            except ValueError:
                rec.start = rec.end = None
            rec.header["time"] = (page.page_id, page.number, s, s + len(line), line.strip())
            continue
        if bare.startswith("地点") and rec.place is None:
            rec.place = re.sub(r"^地点[：:]?", "", bare) or None
            continue
        head = re.match(r"^\s*(讯问人|询问人|侦查员|辨认主持人|记录人)\s*(?:[（(]签名[）)])?\s*[：:]?", line)
        if head:
            names = _names(line[head.end():].split("工作单位")[0])
            if head.group(1) == "记录人":
                rec.recorder = rec.recorder or (names[0] if names else None)
            elif not rec.officers:
                rec.officers = names
            continue
        if rec.person is None and "姓名" in line and (re.match(r"^\s*被?(讯问|询问|辨认)人", line) or
                                                      line.strip().startswith("姓名")):
            after = line.split("姓名", 1)[1].split()
            name = after[0].lstrip("：:") if after else ""
            if _NAME.match(name):
                rec.person = name


def _attach_facts(turn: Turn, page: RecordPage, s: int, e: int) -> None:
    off = turn.pieces[-1].offset
    for ms, me, label, value in page.mentions:
        if ms >= s and me <= e:
            turn.facts.append(Fact(label, value, off + ms - s, off + me - s))


def parse_records(pages: list[RecordPage]) -> list[Record]:
    """Records in dossier order from pages in dossier order (only record pages need be given)."""
    records: list[Record] = []
    heads: list[list[tuple[RecordPage, int, int, str]]] = []
    cur: Record | None = None
    last: tuple[str, int] | None = None
    turn: Turn | None = None
    for page in pages:
        kind = _title_kind(page)
        follows = cur is not None and last == (page.document, page.number - 1)
        if kind is None:
            if page.page_type not in RECORD_PAGE_TYPES:
                cur = None
                continue
            if not follows:
                kind = "其他"
        if kind is not None:
            if kind == "其他":
                kind = {"interrogation": "讯问", "inquiry": "询问", "interview": "询问"}.get(page.page_type or "", "其他")
            cur = Record(len(records), page.document, kind, None, None, None, None, None, [], None, [])
            records.append(cur)
            heads.append([])
            turn = None
        assert cur is not None
        cur.pages.append(page)
        last = (page.document, page.number)
        for s, e, line in _lines(page.text):
            m = _TURN.match(line)
            if m:
                turn = Turn(m.group(1), "")
                cur.turns.append(turn)
                s0 = s + m.end()
            elif not cur.turns:
                heads[-1].append((page, s, e, line))
                continue
            elif _is_footer(line):
                if line.strip().startswith("以上笔录我看过"):
                    turn = None  # what follows the closing line is no longer the last answer
                continue
            elif turn is None:
                continue
            else:
                s0 = s + len(line) - len(line.lstrip())
            e0 = s + len(line.rstrip())
            if e0 <= s0:
                continue
            turn.pieces.append(Piece(page.page_id, page.number, s0, e0, len(turn.text)))
            turn.text += page.text[s0:e0]
            _attach_facts(turn, page, s0, e0)
    for rec, head in zip(records, heads, strict=True):
        _header(rec, head)
        rec.turns = [t for t in rec.turns if t.text.strip()]
    return records
