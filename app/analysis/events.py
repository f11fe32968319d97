"""Timeline events: transactions, interrogation records (their time header), dated facts in sentences."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from app.analysis.relations import EntityIndex
from app.analysis.resolve.entities import Resolution
from app.analysis.resolve.records import RECORD_TITLE, CaseInput, MentionIn

_ISO = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_CN = re.compile(r"(\d{4})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日)?)?(?:\s*(\d{1,2})\s*[时:点](?:\s*(\d{1,2})\s*分?)?)?")
_HM = re.compile(r"(\d{1,2})\s*[时:点]\s*(?:(\d{1,2})\s*分?)?")
_SENT = re.compile(r"[^。！？；\n]+")


@dataclass
class EventOut:
    time: str
    precision: str     # year | month | day | minute
    kind: str          # transaction | record | fact
    entities: list[str] = field(default_factory=list)   # entity keys
    page_id: int | None = None
    transaction_id: int | None = None
    text: str = ""


def parse_when(value: str | None, text: str = "") -> tuple[str, str] | None:
    """(ISO time, precision) from a normalised value or the raw text: 2021年3月5日9时10分 → 2021-03-05T09:10."""
    rank = {"year": 0, "month": 1, "day": 2, "minute": 3}
    best: tuple[str, str] | None = None
    for src, rx in ((value or "", _CN), (value or "", _ISO), (text or "", _CN), (text or "", _ISO)):
        m = rx.search(src) if rx is _CN else rx.match(src.strip())
        if not m:
            continue
        y, mo, d, hh, mi = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)
        if not (1900 <= int(y) <= 2100) or (mo and not 1 <= int(mo) <= 12) or (d and not 1 <= int(d) <= 31):
            continue
        if not mo:
            found = (y, "year")
        elif not d:
            found = (f"{y}-{int(mo):02d}", "month")
        elif hh is not None and int(hh) < 24:
            found = (f"{y}-{int(mo):02d}-{int(d):02d}T{int(hh):02d}:{int(mi or 0):02d}", "minute")
        else:
            found = (f"{y}-{int(mo):02d}-{int(d):02d}", "day")
        if best is None or rank[found[1]] > rank[best[1]]:
            best = found
    return best


def _with_time(when: tuple[str, str], time_m: MentionIn | None, following: str = "") -> tuple[str, str]:
    """Add the clock time: a TIME mention right after the date, or 9时10分 written straight after it."""
    if when[1] != "day":
        return when
    m = _HM.match(following.strip()) if time_m is None else (
        _HM.search(time_m.value or time_m.text) or _HM.search(time_m.text))
    if not m or int(m.group(1)) > 23:
        return when
    return f"{when[0]}T{int(m.group(1)):02d}:{int(m.group(2) or 0):02d}", "minute"


def build_events(case: CaseInput, res: Resolution) -> list[EventOut]:
    idx = EntityIndex(res)
    out: list[EventOut] = []
    for t in case.transactions:
        ents = [k for k in (idx.account(t.holder_account), idx.counterparty(t.cp_account, t.cp_name)) if k]
        arrow = "→" if t.amount < 0 else "←"
        who = t.cp_name or t.cp_account or ""
        out.append(EventOut(t.time, "minute" if "T" in t.time or " " in t.time else "day", "transaction", ents,
                            t.page_id, t.id, f"{t.holder_name or t.holder_account} {arrow} {who} {abs(t.amount):,.2f}"))
    by_page: dict[int, list[MentionIn]] = defaultdict(list)
    for m in case.mentions:
        by_page[m.page_id].append(m)
    lay = res.layout
    for pid, ms in by_page.items():
        page = case.pages.get(pid)
        if page is None:
            continue
        ms.sort(key=lambda m: m.start)
        text = page.text
        head = pid in lay.header_pages and RECORD_TITLE.search(text[:200])
        head_end = text.find("问：") if head else -1
        dates = [m for m in ms if m.label == "DATE"]
        used: set[int] = set()
        if head and dates and (head_end < 0 or dates[0].start < head_end):
            when = parse_when(dates[0].value, dates[0].text)
            speaker = lay.speaker_of_segment.get(lay.segment_of_page.get(pid, -1))
            if when:
                when = _with_time(when, _next_time(ms, dates[0]), text[dates[0].end:dates[0].end + 10])
                ents = [idx.by_mention[speaker]] if speaker in idx.by_mention else []
                title = text[:200].strip().splitlines()[0][:80] if text.strip() else head.group(0)
                out.append(EventOut(when[0], when[1], "record", ents, pid, None, title))
                used.add(dates[0].id)
        for sent in _SENT.finditer(text):
            inside = [m for m in ms if sent.start() <= m.start and m.end <= sent.end()]
            people = [idx.by_mention[m.id] for m in inside if m.label in ("PERSON", "ORG", "ACCOUNT", "BANK_CARD")
                      and m.id in idx.by_mention]
            if not any(m.label == "PERSON" for m in inside):
                continue
            for d in (m for m in inside if m.label == "DATE" and m.id not in used):
                when = parse_when(d.value, d.text)
                if when:
                    when = _with_time(when, _next_time(inside, d), text[d.end:d.end + 10])
                    out.append(EventOut(when[0], when[1], "fact", list(dict.fromkeys(people)), pid, None,
                                        sent.group().strip()[:300]))
    out.sort(key=lambda e: (e.time, e.kind))
    return out


def _next_time(ms: list[MentionIn], date_m: MentionIn) -> MentionIn | None:
    return next((m for m in ms if m.label == "TIME" and 0 <= m.start - date_m.end <= 3), None)
