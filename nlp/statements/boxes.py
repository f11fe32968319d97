"""Word boxes as plain records, split at spaces and grouped into lines, for text-layer and OCR pages alike."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from statistics import median
from typing import Any

from nlp.normalise.hanzi import fold_radicals

# One word box as given: (x0, y0, x1, y1, text, block, line, word), a tuple or a list read from JSON.
Word = Sequence[Any]


@dataclass(frozen=True)
class Box:
    """One word (or OCR fragment) on the page, in PDF points."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def _char_width(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55


# OCR fuses neighbouring cells without a space: "269,842.50石家庄达正建材有限公司".
_FUSED = re.compile(r"(?<=\.\d\d)(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])(?=[-+]?\d[\d,]*\.\d\d\b)")


def split_box(box: Box) -> list[Box]:
    """Split a box at its spaces, estimating each part's x-range from character widths.

    OCR returns line fragments that may span two cells (`2021-03-05 09:10:11`); a text layer
    already splits at spaces, so this is a no-op there.
    """
    if _FUSED.search(box.text):
        box = Box(box.x0, box.y0, box.x1, box.y1, _FUSED.sub(" ", box.text))
    text = box.text.strip()
    if " " not in text and "\u3000" not in text:
        return [box] if text == box.text else [Box(box.x0, box.y0, box.x1, box.y1, text)]
    widths = [_char_width(c) for c in box.text]
    total = sum(widths) or 1.0
    scale = (box.x1 - box.x0) / total
    parts: list[Box] = []
    x = box.x0
    start: int | None = None
    x_start = box.x0
    for i, ch in enumerate(box.text + " "):
        if ch.isspace():
            if start is not None:
                parts.append(Box(x_start, box.y0, x, box.y1, box.text[start:i]))
                start = None
        elif start is None:
            start, x_start = i, x
        if i < len(widths):
            x += widths[i] * scale
    return parts


# Dash variants PDFs and OCR give for the hyphen-minus of dates, amounts and accounts (2021‑03‑05, −12.00,
# 6222－0212): non-breaking hyphen, figure dash, en dash, em dash, minus, hyphen, small and full-width hyphen.
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d"})


# Only a word holding one of these needs cleaning (most words hold none: one C-level search, no translate).
_NEEDS_CLEAN = re.compile("[\u2010-\u2014\u2212\u2e80-\u2fdf\ufe63\uff0d]")


def clean_text(text: str) -> str:
    """Page text as the statement parser reads it: radicals as ideographs (账⼾ -> 账户), dashes as `-`.

    Applied once, where words enter the parser (boxes_from_words), so headers, dates, amounts and accounts
    all see the same text; the stored page text is left as extracted.
    """
    if not _NEEDS_CLEAN.search(text):
        return text
    return fold_radicals(text).translate(_DASHES)


def boxes_from_words(words: Iterable[Word]) -> list[Box]:
    """Word tuples (x0, y0, x1, y1, text, ...) as Boxes split at spaces (text cleaned); empty words dropped."""
    out: list[Box] = []
    for w in words:
        text = clean_text(str(w[4])) if len(w) > 4 and w[4] is not None else ""
        if not text.strip():
            continue
        out.extend(split_box(Box(float(w[0]), float(w[1]), float(w[2]), float(w[3]), text)))
    return out


@dataclass
class Line:
    """Boxes sharing a baseline band, left to right."""

    boxes: list[Box]

    @property
    def y0(self) -> float:
        return min(b.y0 for b in self.boxes)

    @property
    def y1(self) -> float:
        return max(b.y1 for b in self.boxes)

    @cached_property
    def yc(self) -> float:
        """The median of the boxes' centres: one tall stray box (a rule read as `1`) does not move the line."""
        return median(b.yc for b in self.boxes)

    @property
    def text(self) -> str:
        return " ".join(b.text for b in self.boxes)


def group_lines(boxes: Sequence[Box]) -> list[Line]:
    """Group boxes into lines by vertical centre (tolerant to OCR's looser boxes), top to bottom."""
    if not boxes:
        return []
    tol = 0.5 * median(b.height for b in boxes)
    lines: list[list[Box]] = []
    centres: list[float] = []
    for b in sorted(boxes, key=lambda b: b.yc):
        if lines and abs(b.yc - centres[-1]) <= tol:
            lines[-1].append(b)
            n = len(lines[-1])
            centres[-1] += (b.yc - centres[-1]) / n
        else:
            lines.append([b])
            centres.append(b.yc)
    return [Line(sorted(ln, key=lambda b: b.x0)) for ln in lines]
