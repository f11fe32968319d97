"""A dossier's own table of contents (卷内目录): serial, title, responsible unit, date and page range per entry.

The contents page lists each file of the volume (受案登记表, 立案决定书, 拘留证 …) with the page it starts on
(页号 `3`, `16-17`). Cells come one per line (a text layer) or one row per line (OCR); both read as one token
stream: `<serial> <title> <unit …> [<date>] <pages> [<remark>]`, serials counting up from 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PAGES = re.compile(r"^(\d{1,4})(?:\s*[-–—~～至]\s*(\d{1,4}))?$")
_DATE = re.compile(r"^(?:\d{8}|\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?)$")
_HEADER_END = ("备注", "页号", "页次", "页码")
MIN_ENTRIES = 2


@dataclass(frozen=True)
class ContentsEntry:
    serial: int
    title: str
    unit: str
    date: str
    first_page: int
    last_page: int | None   # as printed; None when only the first page is given


def _tokens(text: str) -> list[str]:
    tokens = text.split()
    for i, tok in enumerate(tokens[:40]):  # the column header, when printed, ends the preamble
        if tok in _HEADER_END:
            cut = i + 1
            while cut < len(tokens) and tokens[cut] in _HEADER_END:
                cut += 1
            return tokens[cut:]
    return tokens


def _entry_at(tokens: list[str], i: int, serial: int) -> tuple[ContentsEntry, int] | None:
    """The entry whose serial is tokens[i], and the index after its page cell; None when the shape does not fit."""
    if i + 2 >= len(tokens) or tokens[i] != str(serial) or _PAGES.match(tokens[i + 1]):
        return None
    title, j = tokens[i + 1], i + 2
    while j < len(tokens) and tokens[j][:1] in "(（":  # 黄琳丽讯问笔录 （第1次）: a title split by OCR
        title += tokens[j]
        j += 1
    unit: list[str] = []
    date = ""
    for k in range(j, min(len(tokens), j + 8)):
        tok = tokens[k]
        if _DATE.match(tok):
            date = tok
            continue
        m = _PAGES.match(tok)
        if m and (date or k > j):
            last = int(m.group(2)) if m.group(2) else None
            return ContentsEntry(serial, title, " ".join(unit), date, int(m.group(1)), last), k + 1
        unit.append(tok)
    return None


def parse_contents(text: str) -> list[ContentsEntry]:
    """The entries of a contents page in order; [] when fewer than MIN_ENTRIES read (not a table of contents)."""
    tokens = _tokens(text or "")
    entries: list[ContentsEntry] = []
    i = 0
    while i < len(tokens):
        found = _entry_at(tokens, i, len(entries) + 1)
        if found is None:
            i += 1
            continue
        entry, i = found
        if entries and entry.first_page < entries[-1].first_page:
            break  # page numbers go back: the table ended and something else was read as an entry
        entries.append(entry)
    return entries if len(entries) >= MIN_ENTRIES else []


def sections(entries: list[ContentsEntry], page_count: int) -> list[tuple[ContentsEntry, int, int]]:
    """(entry, first, last) page ranges: an entry runs to the page before the next one starts; the last one to
    its printed last page (or its first). Ranges beyond the document are clipped; empty ones dropped."""
    out = []
    for n, e in enumerate(entries):
        nxt = entries[n + 1].first_page if n + 1 < len(entries) else None
        last = nxt - 1 if nxt is not None and nxt > e.first_page else (e.last_page or e.first_page)
        first, last = max(1, e.first_page), min(last, page_count)
        if first <= last:
            out.append((e, first, last))
    return out
