"""Assembling statement rows from word-box lines: wrapped cells merged, empty markers and footers understood."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median

from nlp.statements.amounts import is_empty, parse_amount
from nlp.statements.boxes import Box, Line
from nlp.statements.columns import Layout, assign
from nlp.statements.dates import complete_cut_time, ends_in_cut_time, looks_like_date, looks_like_month_day

# Page footers, subtotals and carried-forward lines: not transactions.
FOOTER = re.compile(
    r"合\s*计|小\s*计|总\s*计|累\s*计|本页|承前页|过次页|以下空白|第\s*\d+\s*页|共\s*\d+\s*页|打印(时间|日期|机构|柜员)"
    r"|\b(sub)?total\b|page\s+\d+|brought\s+forward|carried\s+forward|opening\s+balance|closing\s+balance"
    r"|期初余额|期末余额|上页余额",
    re.IGNORECASE,
)
MONEY_FIELDS = ("amount", "debit", "credit", "balance")


@dataclass
class RawRow:
    """A row as found on the page: cell text per column index, the boxes' union and layout flags."""

    cells: dict[int, str]
    bbox: tuple[float, float, float, float]
    lines: int = 1
    flags: list[str] = field(default_factory=list)


def _join(parts: list[str], *, same_line: bool) -> str:
    """Join cell fragments: a space within a line, nothing across wrapped lines (banks wrap by character)."""
    out = ""
    for p in parts:
        if not out:
            out = p
        elif same_line:
            out += " " + p
        else:
            out += p
    return out


def _line_cells(layout: Layout, line: Line) -> dict[int, list[Box]]:
    cells: dict[int, list[Box]] = {}
    for b in line.boxes:
        cells.setdefault(assign(layout, b), []).append(b)
    if len(cells) > 1:
        _move_strays(layout, cells)
    return cells


def _move_strays(layout: Layout, cells: dict[int, list[Box]]) -> None:
    """A cell's first or last box set far apart from the rest, next to an empty neighbouring column,
    is that neighbour's value (a short remark printed left of its header, a band edge off by a few points).
    So is one whose OCR box touches or overlaps the rest's (two text regions, not words of one cell: those
    are a space apart) and reaches from past its own header label into the neighbour's."""
    n = len(layout.columns)
    for k in list(cells):
        boxes = cells.get(k, [])
        if len(boxes) < 2:
            continue
        for end, nb in ((-1, k + 1), (0, k - 1)):
            if not 0 <= nb < n or nb in cells or layout.columns[nb].field in (None, "ignore"):
                continue
            box, other = (boxes[-1], boxes[-2]) if end == -1 else (boxes[0], boxes[1])
            gap = box.x0 - other.x1 if end == -1 else other.x0 - box.x1
            col = layout.columns[nb]
            dist = max(col.left - box.x1, box.x0 - col.right, 0.0)
            own = layout.columns[k]
            split = gap < 0.1 * box.height and (box.x0 > own.x1 and box.x1 > col.x0 if end == -1
                                                else box.x1 < own.x0 and box.x0 < col.x1)
            if gap >= 1.5 * box.height and dist < gap or split:
                cells[nb] = [boxes.pop(end)]
                break


def _has_money(layout: Layout, cells: dict[int, list[Box]]) -> bool:
    for k, boxes in cells.items():
        if layout.columns[k].field in MONEY_FIELDS:
            if parse_amount("".join(b.text for b in boxes)) is not None:
                return True
    return False


_CUT_END = re.compile(r"(有限|有限责任|股份有|有限公|[)）]有|[(（][^)）]*)$")


def _cut_above(per_line: list[dict[int, list[Box]]], row_lines: list[int], cont: dict[int, list[Box]]) -> bool:
    """True when, in a column the wrapped line fills, the row's text so far ends mid-name (有限, an open bracket)."""
    for k in cont:
        text = "".join(b.text for i in row_lines for b in per_line[i].get(k, []))
        if text and _CUT_END.search(text):
            return True
    return False


def merge_cut_times(lines: list[Line], layout: Layout) -> list[Line]:
    """A time whose last second digit(s) wrapped onto the next line (`16:00:3` over `8`) made whole again.

    The fragment is 1-2 digits in the same column just below the cut time (its top under the time's
    middle, less than a line height under its bottom): OCR may group it with the row, with the next
    row or alone. The fragment's box is dropped from its line; the time keeps its own box.
    """
    hosts = [(i, b) for i, ln in enumerate(lines) for b in ln.boxes if ends_in_cut_time(b.text)]
    if not hosts:
        return lines
    frags = [(i, b) for i, ln in enumerate(lines) for b in ln.boxes if len(b.text) <= 2 and b.text.isdigit()]
    fixed: dict[int, dict[Box, Box | None]] = {}  # line -> old box -> its replacement (or None: dropped)
    for fi, f in frags:
        best: tuple[float, int, Box, str] | None = None
        for hi, h in hosts:
            below = f.y0 - h.y1
            if (f.y0 < h.yc or below > 0.8 * h.height or fixed.get(hi, {}).get(h) is not None
                    or assign(layout, f) != assign(layout, h)):
                continue
            if (best is None or below < best[0]) and (whole := complete_cut_time(h.text, f.text)):
                best = (below, hi, h, whole)
        if best is not None:
            _, hi, h, whole = best
            fixed.setdefault(hi, {})[h] = Box(h.x0, h.y0, h.x1, h.y1, whole)
            fixed.setdefault(fi, {})[f] = None
    if not fixed:
        return lines
    out = []
    for i, ln in enumerate(lines):
        if i not in fixed:
            out.append(ln)
            continue
        replaced = [fixed[i].get(b, b) for b in ln.boxes]
        boxes = [b for b in replaced if b is not None]
        if boxes:
            out.append(Line(boxes))
    return out


def assemble_rows(lines: list[Line], layout: Layout) -> list[RawRow]:
    """Rows from the body lines below a header (or a whole continuation page) under one layout."""
    lines = merge_cut_times(lines, layout)
    per_line = [_line_cells(layout, ln) for ln in lines]
    starts: list[int] = []
    kinds: list[str] = []  # "row", "bad_date", "cont", "footer"
    # a card row whose 交易日 is blank (a repayment) starts at its 记账日
    post = next((k for k, c in enumerate(layout.columns) if c.field == "post_date" and k != layout.anchor), None)
    for ln, cells in zip(lines, per_line, strict=True):
        anchor_text = " ".join(b.text for b in cells.get(layout.anchor, []))
        if not anchor_text and post is not None:
            anchor_text = " ".join(b.text for b in cells.get(post, []))
        money = _has_money(layout, cells)
        dated = bool(anchor_text) and (looks_like_date(anchor_text) or looks_like_month_day(anchor_text))
        if FOOTER.search(ln.text) and not (dated and money):
            kinds.append("footer")
        elif dated:
            kinds.append("row")
        elif anchor_text and money and not is_empty(anchor_text):
            kinds.append("bad_date")
        else:
            kinds.append("cont")
    starts = [i for i, k in enumerate(kinds) if k in ("row", "bad_date")]
    if not starts:
        return []
    heights = [ln.y1 - ln.y0 for ln in lines]
    gaps = [lines[b].yc - lines[a].yc for a, b in zip(starts, starts[1:], strict=False)]
    reach = max(median(gaps) if gaps else 0.0, 2.2 * median(heights))
    members: dict[int, list[int]] = {s: [s] for s in starts}
    last_line: dict[int, int] = {s: s for s in starts}  # the lowest line attached to each row so far
    for i, k in enumerate(kinds):
        if k != "cont":
            continue
        prev = max((s for s in starts if s < i), default=None)
        nxt = min((s for s in starts if s > i), default=None)
        # a wrapped line belongs to the row whose nearest line it is (top-aligned or centred cells)
        dp = lines[i].yc - lines[last_line[prev]].yc if prev is not None else float("inf")
        dn = lines[nxt].yc - lines[i].yc if nxt is not None else float("inf")
        target, dist = (prev, dp) if dp <= dn else (nxt, dn)
        # (a finite distance means that row exists)
        if (prev is not None and target == nxt and dp - dn < 0.25 * dn
                and _cut_above(per_line, members[prev], per_line[i])):
            target, dist = prev, dp  # as near to both: the row whose cell stops mid-name takes the rest
        if target is not None and dist <= reach:  # farther lines are titles, notes or footers around the table
            members[target].append(i)
            if target == prev:
                last_line[target] = i
    rows: list[RawRow] = []
    for s in starts:
        idx = sorted(members[s], key=lambda i: lines[i].yc)
        per_col: dict[int, list[list[str]]] = {}
        boxes: list[Box] = []
        for i in idx:
            for col, bs in per_line[i].items():
                per_col.setdefault(col, []).append([b.text for b in bs])
                boxes.extend(bs)
        texts: dict[int, str] = {}
        for col, chunks in per_col.items():
            text = _join([_join(c, same_line=True) for c in chunks], same_line=False)
            if not is_empty(text):
                texts[col] = text
        bbox = (min(b.x0 for b in boxes), min(b.y0 for b in boxes), max(b.x1 for b in boxes),
                max(b.y1 for b in boxes))
        rows.append(RawRow(texts, bbox, len(idx), ["bad_date"] if kinds[s] == "bad_date" else []))
    return rows
