"""Finding a statement's table header among word-box lines, including two-row and bilingual headers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from nlp.statements.aliases import field_for_header, split_header_run
from nlp.statements.boxes import Box, Line

# a card statement's settled amount (人民币金额, 入账金额) is an amount, its posting date (记账日) a date
AMOUNT_FIELDS = frozenset({"amount", "debit", "credit", "settle_amount", "settle_debit", "settle_credit"})
DATE_FIELDS = frozenset({"date", "datetime", "time", "post_date"})
MIN_FIELDS = 3
_MAX_RUN = 6  # words one header cell may be made of ("交易后余额[ After-transaction balance ]")
_DIGITS = re.compile(r"\d{4,}")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class HeaderCell:
    """One header cell: its text, the field it names (None when unknown) and its x-range."""

    label: str
    field: str | None
    x0: float
    x1: float
    y0: float
    y1: float


@dataclass
class Header:
    """The table header: leaf cells left to right and the vertical band it occupies."""

    cells: list[HeaderCell]
    y0: float
    y1: float
    line_indices: list[int] = field(default_factory=list)

    @property
    def fields(self) -> set[str]:
        return {c.field for c in self.cells if c.field}


def _cell(boxes: list[Box], label: str, fld: str | None) -> HeaderCell:
    return HeaderCell(label, fld, min(b.x0 for b in boxes), max(b.x1 for b in boxes),
                      min(b.y0 for b in boxes), max(b.y1 for b in boxes))


def segment_line(line: Line) -> list[HeaderCell]:
    """Split a line into header cells: join neighbouring words into the longest known alias."""
    boxes = line.boxes
    gap_max = 1.6 * median(b.height for b in boxes)
    cells: list[HeaderCell] = []
    i = 0
    while i < len(boxes):
        best = None
        for j in range(min(len(boxes), i + _MAX_RUN), i, -1):
            run = boxes[i:j]
            if any(run[k + 1].x0 - run[k].x1 > gap_max for k in range(len(run) - 1)):
                continue
            label = " ".join(b.text for b in run)
            fld = field_for_header(label)
            if fld:
                best = (j, label, fld)
                break
        if best:
            j, label, fld = best
            cells.append(_cell(boxes[i:j], label, fld))
            i = j
            continue
        box = boxes[i]
        close = _bracket_end(boxes, i, gap_max)
        if close is not None and not (cells and box.x0 - cells[-1].x1 <= gap_max):
            run = boxes[i:close + 1]  # "[ Transaction Date ]" on its own row under 交易日期
            label = " ".join(b.text for b in run)
            cells.append(_cell(run, label, field_for_header(label)))
            i = close + 1
            continue
        parts = split_header_run(box.text)
        if parts:  # an OCR box over several cells: share its width by characters
            total = sum(len(p) for p in parts)
            x = box.x0
            for p in parts:
                w = (box.x1 - box.x0) * len(p) / total
                cells.append(HeaderCell(p, field_for_header(p), x, x + w, box.y0, box.y1))
                x += w
        elif cells and box.text[:1] in "[(（【" and box.x0 - cells[-1].x1 <= gap_max:
            prev = cells[-1]  # bilingual tail of the previous cell
            end = close if close is not None else i
            tail = " ".join(b.text for b in boxes[i:end + 1])
            cells[-1] = HeaderCell(prev.label + " " + tail, prev.field, prev.x0, boxes[end].x1, prev.y0, prev.y1)
            i = end
        else:
            cells.append(_cell([box], box.text, field_for_header(box.text)))
        i += 1
    return cells


def _bracket_end(boxes: list[Box], i: int, gap_max: float) -> int | None:
    """Index of the box closing a bracket opened at box i (words close together), else None."""
    if boxes[i].text[:1] not in "[(（【":
        return None
    for j in range(i, min(len(boxes), i + 12)):
        if j > i and boxes[j].x0 - boxes[j - 1].x1 > gap_max:
            return None
        if boxes[j].text[-1:] in "])）】":
            return j
    return None


def _is_header_line(cells: list[HeaderCell]) -> bool:
    fields = {c.field for c in cells if c.field and c.field != "ignore"}
    return len(fields) >= MIN_FIELDS and bool(fields & AMOUNT_FIELDS) and bool(fields & DATE_FIELDS)


def _headerish(line: Line) -> bool:
    """A neighbour line that can be part of a header: short labels, no long digit runs."""
    return not _DIGITS.search(line.text) and len(line.boxes) <= 40


def _overlap(a: HeaderCell, b: HeaderCell) -> float:
    return min(a.x1, b.x1) - max(a.x0, b.x0)


def _merge_band(rows: list[list[HeaderCell]]) -> list[HeaderCell]:
    """Cells of a multi-row header as leaf columns: a spanning parent is replaced by its children
    (发生额/元 over 借方 | 贷方), and a label wrapped over two rows is joined."""
    used: set[int] = set()
    leaves: list[HeaderCell] = []
    for r, row in enumerate(rows):
        for cell in row:
            if id(cell) in used:
                continue
            below = [c for rr in rows[r + 1:] for c in rr if _overlap(cell, c) > 0 and id(c) not in used]
            children = [c for c in below if c.x0 >= cell.x0 - 2 and c.x1 <= cell.x1 + 2]
            if len(children) < 2 and cell.field in (None, "amount"):
                # 发生额/元 centred over 借方 | 贷方: OCR boxes hug the text, so the children stick out
                reach = 0.8 * (cell.x1 - cell.x0)
                near = [c for rr in rows[r + 1:] for c in rr if id(c) not in used
                        and c.x0 >= cell.x0 - reach and c.x1 <= cell.x1 + reach]
                if {c.field for c in near} >= {"debit", "credit"}:
                    children = near
            if len(children) >= 2:
                used.add(id(cell))
                for ch in children:
                    used.add(id(ch))
                    fld = ch.field if ch.field and ch.field != "ignore" else None
                    fld = fld or field_for_header(cell.label + ch.label) or field_for_header(ch.label)
                    leaves.append(HeaderCell(f"{cell.label} {ch.label}", fld, ch.x0, ch.x1, cell.y0, ch.y1))
                continue
            stack = [cell] + below
            for c in stack:
                used.add(id(c))
            label = "".join(c.label for c in stack)
            # a label wrapped over two rows, or a parent over one child: the lower, more specific cell wins
            fld = field_for_header(label) or next((c.field for c in reversed(stack) if c.field), None)
            leaves.append(HeaderCell(label, fld, min(c.x0 for c in stack), max(c.x1 for c in stack),
                                     min(c.y0 for c in stack), max(c.y1 for c in stack)))
    return sorted(leaves, key=lambda c: c.x0)


def find_header(lines: list[Line]) -> Header | None:
    """The statement header among the lines, or None when the page has none."""
    best: tuple[int, int, list[HeaderCell]] | None = None
    for i, line in enumerate(lines):
        if len(line.boxes) < MIN_FIELDS - 1 or _DIGITS.search(line.text):
            continue  # headers carry no dates or amounts; this skips every data row cheaply
        cells = segment_line(line)
        score = len({c.field for c in cells if c.field and c.field != "ignore"})
        if score >= MIN_FIELDS and (best is None or score > best[0]):
            best = (score, i, cells)
    if best is None:
        return None
    _, i, cells = best
    h = median(b.height for b in lines[i].boxes)
    band = [i]
    chinese = bool(_CJK.search(lines[i].text))
    for j in (i - 1, i + 1):  # two-row headers: the neighbour line close above or below
        if 0 <= j < len(lines) and abs(lines[j].yc - lines[i].yc) <= 2.6 * h and _headerish(lines[j]):
            nb = segment_line(lines[j])
            bracketed = bool(nb) and all(c.label[:1] in "[(（【" for c in nb)  # English row of a bilingual header
            english = chinese and j == i + 1 and _translates(lines[j], nb, cells)
            if any(c.field for c in nb) and not _is_header_line(nb) or _spans(nb, cells) or bracketed or english:
                band.append(j)
                if english:  # an English label wrapped onto further lines (Transaction / Date)
                    band.extend(_english_wraps(lines, j, cells, h))
    band.sort()
    # an English row under Chinese labels that already make a header only translates them: the
    # Chinese cells stay the columns (OCR fuses and splits the bracketed English unpredictably)
    translation = {j for j in band if j != i and _CJK.search(lines[i].text) and not _CJK.search(lines[j].text)
                   and _is_header_line(cells)}
    rows = [cells if j == i else segment_line(lines[j]) for j in band if j not in translation]
    leaves = _merge_band(rows) if len(rows) > 1 else cells
    header = Header(leaves, min(lines[j].y0 for j in band), max(lines[j].y1 for j in band), band)
    fields = header.fields - {"ignore"}
    if not (fields & AMOUNT_FIELDS and fields & DATE_FIELDS):
        return None
    return header


def _translates(line: Line, cells: list[HeaderCell], header: list[HeaderCell]) -> bool:
    """True when a line is the English translation of the Chinese header above it (记账日期 / Transaction Date,
    对方户名 / Counter Party, 币种 金额 / CURRENCY AMOUNT): Latin words only, no digits, under two or more of the
    header's cells or naming a field. Left out of the band it would read as the first row's wrapped cells."""
    if _CJK.search(line.text) or any(ch.isdigit() for ch in line.text):
        return False
    if not all(any(c.isalpha() for c in b.text) or b.text in "/&()[]-" for b in line.boxes):
        return False
    under = {k for c in cells for k, hc in enumerate(header) if _overlap(c, hc) > 0}
    return len(under) >= 2 or any(c.field for c in cells)


def _english_wraps(lines: list[Line], j: int, header: list[HeaderCell], h: float) -> list[int]:
    """Lines right below an English header line that continue its labels (Latin words, no digits, each word
    under a header cell, a line pitch apart)."""
    out = []
    k = j + 1
    while k < len(lines) and lines[k].yc - lines[k - 1].yc <= 1.8 * h:
        ln = lines[k]
        if _CJK.search(ln.text) or any(ch.isdigit() for ch in ln.text) or not all(
                any(c.isalpha() for c in b.text) for b in ln.boxes):
            break
        if not all(any(min(b.x1, hc.x1) - max(b.x0, hc.x0) > 0 for hc in header) for b in ln.boxes):
            break
        out.append(k)
        k += 1
    return out


def _spans(neighbour: list[HeaderCell], cells: list[HeaderCell]) -> bool:
    """True when a neighbour cell spans two or more header cells (a parent row of a two-row header)."""
    return any(sum(1 for c in cells if _overlap(n, c) > 0) >= 2 for n in neighbour)
