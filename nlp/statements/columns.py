"""Column geometry from header word x-ranges, and assigning word boxes to columns by overlap."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from nlp.statements.aliases import rename_settled
from nlp.statements.boxes import Box
from nlp.statements.header import DATE_FIELDS, Header

INF = float("inf")
MONEY = frozenset({"amount", "debit", "credit", "balance", "orig_amount", "orig_debit", "orig_credit"})
NUMBERS = frozenset({"holder_account", "cp_account", "serial", "cp_id", "holder_id"})
WORDS = frozenset({"cp_name", "memo", "remark", "channel", "cp_bank", "branch", "holder_name", "direction", "currency",
                   "orig_currency"})
_MONEY_TEXT = re.compile(r"[+-]?[¥$]?(\d{1,3}(,\d{3})+|\d+)\.\d\d[-+]?")
_CJK = re.compile(r"[\u3400-\u9fff]")
_MONTH = re.compile(r"(?i)(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*[.,]?")


@dataclass(frozen=True)
class Column:
    """A table column: the field it holds, its header label, and the x-band that belongs to it."""

    field: str | None
    label: str
    left: float
    right: float
    x0: float
    x1: float


@dataclass(frozen=True)
class Layout:
    """Columns left to right plus which column starts a row (the date column, else the first)."""

    columns: tuple[Column, ...]
    anchor: int

    @property
    def fields(self) -> set[str]:
        return {c.field for c in self.columns if c.field}

    def describe(self) -> list[dict[str, str | float | None]]:
        return [{"field": c.field, "label": c.label, "x0": round(c.x0, 1), "x1": round(c.x1, 1)}
                for c in self.columns]


def layout_from_header(header: Header) -> Layout:
    """Columns whose bands meet half-way between neighbouring header cells."""
    cells = sorted(header.cells, key=lambda c: c.x0)
    # a card's settled amount (人民币金额) is the ledger amount, the transaction-currency one is kept as orig_*
    fields = rename_settled([c.field for c in cells])
    cols = []
    for k, c in enumerate(cells):
        left = -INF if k == 0 else (cells[k - 1].x1 + c.x0) / 2
        right = INF if k == len(cells) - 1 else (c.x1 + cells[k + 1].x0) / 2
        cols.append(Column(fields[k], c.label, left, max(left, right), c.x0, c.x1))
    # the date column starts a row; 交易时间 next to a 交易日 column holds only the time
    anchor = next((k for k, c in enumerate(cols) if c.field == "date"), None)
    if anchor is None:
        anchor = next((k for k, c in enumerate(cols) if c.field in DATE_FIELDS), 0)
    return Layout(tuple(cols), anchor)


@lru_cache(maxsize=65536)
def fits(fld: str | None, text: str) -> bool | None:
    """Whether text can be a value of this field: True, False, or None when the field takes anything.

    OCR boxes are padded and neighbouring cells overlap by a few points, so a balance and the name
    beside it can land in one band; a money cell never holds Chinese, a name cell never a money figure.
    """
    t = unicodedata.normalize("NFKC", text).strip()
    if fld in MONEY:
        return bool(_MONEY_TEXT.fullmatch(t.replace(" ", "")))
    if fld in WORDS:
        return not _MONEY_TEXT.fullmatch(t) and not (fld == "currency" and t.isdigit() and len(t) < 3)
    if fld in NUMBERS:
        return not _CJK.search(t) and not _MONEY_TEXT.fullmatch(t)
    if fld in DATE_FIELDS:
        if _MONTH.fullmatch(t):
            return True  # "04 Jan 2021" split at its spaces
        return any(c.isdigit() for c in t) and not _MONEY_TEXT.fullmatch(t)
    return None


def assign(layout: Layout, box: Box) -> int:
    """Index of the column a box belongs to: the band it overlaps most, else the nearest centre;
    a neighbouring band close by takes it instead when only that column's kind of value fits the text."""
    cols = layout.columns
    rights = [c.right for c in cols]
    k = min(bisect.bisect_left(rights, box.xc), len(cols) - 1)
    best, best_overlap = k, min(box.x1, cols[k].right) - max(box.x0, cols[k].left)
    for j in (k - 1, k + 1):
        if 0 <= j < len(cols):
            ov = min(box.x1, cols[j].right) - max(box.x0, cols[j].left)
            if ov > best_overlap:
                best, best_overlap = j, ov
    if fits(cols[best].field, box.text) is False:
        # a value its own column cannot hold goes to a neighbour that can, up to three line heights away or
        # half its own column's width (a short name set against the wall, the boundary refined far right of it)
        reach = max(3 * box.height, 0.5 * (cols[best].right - cols[best].left))
        near = []
        for j in (best - 1, best + 1):
            if not 0 <= j < len(cols):
                continue
            ok = fits(cols[j].field, box.text)
            gap = max(cols[j].left - box.x1, box.x0 - cols[j].right, 0.0)
            if ok and gap <= reach:
                return j
            if ok is None and cols[j].field == "ignore" and gap <= 0.5 * box.height:
                near.append((gap, j))  # a 序号 beside 币种: `2` is no currency
        if near:
            return min(near)[1]
    return best


def refine_layout(layout: Layout, boxes_per_line: list[list[Box]]) -> Layout:
    """Move each boundary between two header cells into the whitespace river of the body below.

    Values are often wider than their header and aligned left or right; the x-positions that
    the fewest body lines cover, between the two header centres, are where the cells really part.
    """
    cols = layout.columns
    if len(cols) < 2 or not boxes_per_line:
        return layout
    lo = int(min(c.x0 for c in cols)) - 1
    hi = int(max(max(b.x1 for bs in boxes_per_line for b in bs), max(c.x1 for c in cols))) + 2
    diff = [0] * (hi - lo + 2)
    for bs in boxes_per_line:  # per line, the x-ranges its boxes cover, merged; summed over lines
        spans = sorted((max(0, int(b.x0) - lo), min(hi - lo, int(b.x1) - lo)) for b in bs)
        start, end = spans[0]
        for a, b in spans[1:]:
            if a > end + 1:
                diff[start] += 1
                diff[end + 1] -= 1
                start, end = a, b
            else:
                end = max(end, b)
        diff[start] += 1
        diff[end + 1] -= 1
    cover, running = [], 0
    for d in diff[:-1]:
        running += d
        cover.append(running)
    new = list(cols)
    for k in range(len(cols) - 1):
        a, b = int(cols[k].x0 + cols[k].x1) // 2 - lo, int(cols[k + 1].x0 + cols[k + 1].x1) // 2 - lo
        a, b = max(a + 1, 0), min(b, len(cover) - 1)
        if b <= a:
            continue
        low = min(cover[a:b])
        # prefer the river between the two header cells over one under a (wide, bilingual) header
        na, nb = max(a, int(cols[k].x1) - lo), min(b, int(cols[k + 1].x0) - lo)
        if nb > na and min(cover[na:nb]) == low:
            a, b = na, nb
        best_mid = _longest_run_middle(cover, a, b, low)
        if best_mid is None:
            continue
        edge = best_mid + lo
        new[k] = Column(new[k].field, new[k].label, new[k].left, edge, new[k].x0, new[k].x1)
        new[k + 1] = Column(cols[k + 1].field, cols[k + 1].label, edge, cols[k + 1].right, cols[k + 1].x0,
                            cols[k + 1].x1)
    return Layout(tuple(new), layout.anchor)


def _longest_run_middle(cover: list[int], a: int, b: int, low: int) -> float | None:
    """Middle of the longest run of `low` in cover[a:b]."""
    best_len, best_mid, run = 0, None, 0
    for x in range(a, b + 1):
        if x < b and cover[x] == low:
            run += 1
        else:
            if run > best_len:
                best_len, best_mid = run, x - run / 2
            run = 0
    return best_mid
