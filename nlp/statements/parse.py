"""parse_statement_pages: statement pages (word boxes) to rows with fields, row box and flags."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from nlp.statements.balance import Fix, check_continuity
from nlp.statements.boxes import Box, Line, Word, boxes_from_words, group_lines
from nlp.statements.cards import SIGN_AS_PRINTED, is_card_layout, sign_card_rows
from nlp.statements.checks import (
    flag_account_variants,
    flag_date_order,
    flag_name_variants,
    flag_traditional_names,
    holder_groups,
)
from nlp.statements.columns import Layout, layout_from_header, refine_layout
from nlp.statements.dates import looks_like_date, looks_like_month_day, period_end, with_year
from nlp.statements.fields import build_fields, put_cell
from nlp.statements.header import Header, find_header
from nlp.statements.holder import Holder, parse_holder
from nlp.statements.layout import StatementLayout, missing_fields
from nlp.statements.orient import bbox_as_stored, looks_sideways, turn_words
from nlp.statements.rows import FOOTER, RawRow, assemble_rows
from nlp.statements.skew import deskew

EXTRACTOR = "statements"
_MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATED = re.compile(r"(?:19|20)\d\d[-/.年]?[01]\d[-/.月]?[0-3]\d"             # 2021-03-05, 20210305, 2021年03月05
                    rf"|\b[0-3]?\d[\s-]?{_MON}[\s,-]?(?:19|20)\d\d"           # 05 Jul 2021 (English statements)
                    rf"|\b{_MON}\s?[0-3]?\d,?\s?(?:19|20)\d\d"                 # Jul 5, 2021
                    rf"|\b(?:19|20)\d\d\s?(?:[0-3]?\d\s?{_MON}|{_MON}\s?[0-3]?\d)",  # as read on a page upside down
                    re.IGNORECASE)
VERSION = "4"  # 2: wrapped seconds merged, overlapping OCR boxes split, cross-row checks; 3: cards, layouts;
# 4: header characters OCR reads as look-alikes (货方 = 贷方), upside-down English statements (dates by month name),
# a value its column cannot hold moves to a fitting neighbour up to half a column away


@dataclass
class StatementRow:
    """One parsed statement row: normalised fields, where it is, and what is doubtful about it."""

    page: int  # index into the pages given
    index: int  # row number on its page, from 0
    fields: dict[str, Any]  # normalised: text, Decimal amounts, ISO dates
    cells: dict[str, str]
    bbox: tuple[float, float, float, float] | None
    flags: list[str] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)


@dataclass
class StatementPage:
    """A page's word boxes (x0, y0, x1, y1, text, block, line, word) and its size in points."""

    words: Sequence[Word]
    width: float = 0.0
    height: float = 0.0


# A page as callers give it: a StatementPage, {"words", "width", "height"}, (words, width, height) or
# (words, (width, height)).
PageLike = StatementPage | dict[str, Any] | Sequence[Any]


def _as_page(page: PageLike) -> StatementPage:
    if isinstance(page, StatementPage):
        return page
    if isinstance(page, dict):
        return StatementPage(page.get("words") or [], page.get("width", 0.0), page.get("height", 0.0))
    words, *size = page
    if len(size) == 1 and isinstance(size[0], tuple | list):
        size = list(size[0])
    return StatementPage(words, *(float(s) for s in size[:2]))


def cells_by_field(raw: RawRow, layout: Layout) -> dict[str, str | None]:
    """Cell text keyed by field; two columns of one memo-like field (摘要 + 交易名称) are joined with ' / '."""
    out: dict[str, str | None] = {}
    for k, col in enumerate(layout.columns):
        if col.field and col.field != "ignore":
            put_cell(out, col.field, raw.cells.get(k))
    return out


def _above(lines: list[Line], y: float) -> list[str]:
    return [ln.text for ln in lines if ln.y1 <= y + 0.5]


_MONEY = re.compile(r"(?<![\d.])[-+]?\d{1,3}(?:,\d{3})*\.\d\d(?![\d])")


def transaction_lines(words: Iterable[Word]) -> int:
    """How many lines of a page carry a full date and a money figure: what a statement table's rows look like,
    to tell a statement page no table was read from (E019) from a page that mentions one transaction."""
    return sum(1 for ln in group_lines(boxes_from_words(words)) if _DATED.search(ln.text) and _MONEY.search(ln.text))


def is_statement_page(words: Iterable[Word]) -> bool:
    """True when the words hold a statement table header (date, amount and a third known column)."""
    return find_header(group_lines(boxes_from_words(words))) is not None


def parse_statement_pages(pages: Sequence[PageLike]) -> list[StatementRow]:
    """Rows of the statements on these pages, in page order (read_statement_pages without the layouts)."""
    return read_statement_pages(pages).rows


@dataclass
class StatementRead:
    """A statement document read: its rows, and the layout each run of pages under one header was read with."""

    rows: list[StatementRow]
    layouts: list[StatementLayout]


@dataclass
class _Run:
    """Pages read under one header: what the layout was, around which words, and the rows' cells."""

    layout: Layout
    header_page: int
    context: str
    holder: Holder
    pages: list[int] = field(default_factory=list)
    rows: list[_Pending] = field(default_factory=list)
    kind: str = "pdf-table"
    sign: str = SIGN_AS_PRINTED


@dataclass
class _Pending:
    page: int
    index: int
    cells: dict[str, str | None]
    holder: Holder
    bbox: tuple[float, float, float, float]
    flags: list[str]


def read_statement_pages(pages: Sequence[PageLike], known_names: Iterable[str] = ()) -> StatementRead:
    """Rows of the statements on these pages, in page order, and the layouts they were read with.

    A page with a header starts (or restarts) a layout; a page without one continues the previous
    layout and holder, until a page yields no rows. Balance continuity is checked per holder account.
    Card statements (is_card_layout) get their signs from the card rule and their years from the period.
    known_names: names the case's ID records print, for the traditional-form check.
    """
    runs: list[_Run] = []
    run: _Run | None = None
    layout: Layout | None = None
    holder = Holder()
    for p_index, page in enumerate(pages):
        page = _as_page(page)
        boxes = boxes_from_words(page.words)
        read = _read_page(boxes, page, layout)
        if read is not None and read.header is None and not read.rows and boxes:
            # a continuation page fed upside down: try it turned back before ending the layout
            read = _read_turned(page, layout, 180) or read
        if read is not None and read.header is not None and _upside_down(read):
            turned = _read_turned(page, layout, 180)
            if turned is not None and turned.header is not None and len(turned.rows) > len(read.rows):
                read = turned
        if looks_sideways(page.words):  # fed sideways: the reading with a header and the most rows wins
            for rotation in (90, 270):
                turned = _read_turned(page, layout, rotation)
                if turned is not None and _score(turned) > _score(read):
                    read = turned
        if read is None:
            continue
        if read.header is not None:
            layout = read.layout
        elif not read.rows or run is None:
            layout, holder, run = None, Holder(), None
            continue
        block = read.block
        if not block.empty:
            holder = block if block.account and block.account != holder.account else holder.merged(block)
        if read.header is not None:
            above = _above(read.lines, read.header.y0)
            labels = " ".join(c.label for c in read.header.cells)
            run = _Run(read.layout, p_index, " ".join([*above, labels]), holder)
            runs.append(run)
        assert run is not None  # a page without a header reads on only under a run's layout
        run.pages.append(p_index)
        for r_index, raw in enumerate(read.rows):
            bbox = raw.bbox
            if read.rotation:  # boxes are reported on the page as it is stored (turned)
                bbox = bbox_as_stored(bbox, page.width, page.height, read.rotation)
            run.rows.append(_Pending(p_index, r_index, cells_by_field(raw, read.page_layout), holder, bbox,
                                     list(raw.flags)))
    rows = [row for r in runs for row in _run_rows(r)]
    check_rows(rows, known_names)
    return StatementRead(rows, [_describe(r) for r in runs])


def _run_rows(run: _Run) -> list[StatementRow]:
    """The rows of one run: card signs and years settled, then fields built and a memo's counterparty taken."""
    fields_present = [c.field for c in run.layout.columns]
    work = [dict(p.cells) for p in run.rows]  # the cells as printed stay on the row
    if is_card_layout(fields_present, run.context):
        run.kind = "credit-card"
        run.sign = sign_card_rows(work, fields_present)
    out = []
    for p, cells in zip(run.rows, work, strict=True):
        flags = list(p.flags)
        end = period_end(p.holder.period)
        for fld in ("date", "post_date", "datetime"):
            text = cells.get(fld)
            if text and not looks_like_date(text) and looks_like_month_day(text):
                full = with_year(text, end)  # card rows print no year: the statement period's
                if full:
                    cells[fld] = full
                elif fld != "post_date" and "no_year" not in flags:
                    flags.append("no_year")
        if cells.get("direction") == "?":
            cells["direction"] = None  # the card row's description names neither spending nor repayment
        fields, more = build_fields(cells, p.holder)
        out.append(StatementRow(p.page, p.index, fields, {k: v for k, v in p.cells.items() if v}, p.bbox,
                                flags + [f for f in more if f not in flags]))
    return out


def _describe(run: _Run) -> StatementLayout:
    """The run's layout as field -> header text, with the header texts no field was found for."""
    columns: dict[str, str] = {}
    unmapped: list[str] = []
    for c in run.layout.columns:
        if c.field and c.field != "ignore":
            columns.setdefault(c.field, c.label)
        elif c.field is None:
            unmapped.append(c.label)
    first, last = run.pages[0] + 1, run.pages[-1] + 1
    h = run.holder
    holder = {k: v for k, v in (("name", h.name), ("account", h.account),
                                ("period", list(h.period) if h.period else None), ("currency", h.currency)) if v}
    return StatementLayout(run.kind, columns, missing_fields(columns, h.account),
                           f"page {first}" if first == last else f"pages {first}-{last}",
                           f"header on page {run.header_page + 1}", unmapped, run.sign, holder, len(run.rows),
                           run.header_page)


@dataclass
class _Read:
    """One page read under one orientation: header (if any), layout, rows and holder block."""

    header: Header | None
    layout: Layout
    page_layout: Layout
    rows: list[RawRow]
    block: Holder
    lines: list[Line]
    rotation: int = 0  # how the page lies on the scan, clockwise (the reading turned it back)


def _read_page(boxes: list[Box], page: StatementPage, layout: Layout | None, rotation: int = 0) -> _Read | None:
    lines = group_lines(deskew(boxes, (page.width / 2, page.height / 2)))
    header = find_header(lines)
    if header is not None:
        layout = layout_from_header(header)
        body = [ln for i, ln in enumerate(lines) if ln.yc > header.y1 and i not in header.line_indices]
    elif layout is not None:
        body = lines
    else:
        return None
    page_layout = refine_layout(layout, [ln.boxes for ln in body if len(ln.boxes) > 1 and not FOOTER.search(ln.text)])
    raw_rows = assemble_rows(body, page_layout)
    if header is not None:
        block = parse_holder(_above(lines, header.y0))
    else:
        block = parse_holder(_above(lines, raw_rows[0].bbox[1])) if raw_rows else Holder()
    return _Read(header, layout, page_layout, raw_rows, block, lines, rotation)


def _upside_down(read: _Read) -> bool:
    """A header with more dated lines above it than rows below: the scan was fed upside down."""
    header = read.header
    if header is None:  # the caller asks only about a page with a header
        return False
    above = sum(1 for ln in read.lines if ln.y1 < header.y0 and _DATED.search(ln.text))
    return above > len(read.rows)  # only a guess: the turned reading must find more rows to be kept


def _read_turned(page: StatementPage, layout: Layout | None, rotation: int) -> _Read | None:
    """The page read with its words turned back by `rotation` (0 size: taken from the words)."""
    if not page.words:
        return None
    width = page.width or max(float(w[2]) for w in page.words)
    height = page.height or max(float(w[3]) for w in page.words)
    words, tw, th = turn_words(page.words, width, height, rotation)
    return _read_page(boxes_from_words(words), StatementPage(words, tw, th), layout, rotation)


def _score(read: _Read | None) -> tuple[bool, int]:
    return (False, -1) if read is None else (read.header is not None, len(read.rows))


def check_rows(rows: list[StatementRow], known_names: Iterable[str] = ()) -> None:
    """Balance continuity, date order and counterparty names per holder account, in the given order, and
    counterparty accounts one digit off the usual one, names in a traditional form of one printed elsewhere;
    adds flags and fix suggestions."""
    flag_account_variants(rows)
    flag_traditional_names(rows, known_names)
    groups: dict[tuple[str, str | None], list[StatementRow]] = {}
    for r, key in zip(rows, holder_groups(rows), strict=True):  # one running balance per account and currency
        groups.setdefault((key, r.fields.get("currency")), []).append(r)
    for group in groups.values():
        results = check_continuity([r.fields.get("amount") for r in group], [r.fields.get("balance") for r in group])
        for r, res in zip(group, results, strict=True):
            r.flags.extend(f for f in res.flags if f not in r.flags)
            r.fixes.extend(res.fixes)
        flag_date_order(group)
        flag_name_variants(group)
