"""Page specs (text, rules, stamps, with the entities they hold) and writing them into a PDF with PyMuPDF."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from functools import lru_cache

A4 = (595.0, 842.0)
A4_LANDSCAPE = (842.0, 595.0)
FONT = "china-s"  # PyMuPDF's built-in CJK font (Droid Sans Fallback), subset on save
RED = (0.85, 0.1, 0.1)


@dataclass(frozen=True)
class Ent:
    """A piece of page text that is an entity: label, the text as written, its normalised value."""

    label: str
    text: str
    value: str


Segment = str | Ent


@dataclass
class PageSpec:
    """One page to draw: what is on it and what the truth says about it."""

    kind: str
    width: float = A4[0]
    height: float = A4[1]
    ops: list[tuple] = field(default_factory=list)
    entities: list[dict] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    title: str = ""
    meta: dict = field(default_factory=dict)

    # --- drawing ---
    def text(self, x: float, y: float, s: str, size: float = 10.5, color: tuple | None = None) -> None:
        if s:
            self.ops.append(("t", x, y, s, size, color))

    def text_right(self, xr: float, y: float, s: str, size: float = 10.5) -> None:
        self.text(xr - text_width(s, size), y, s, size)

    def text_center(self, cx: float, y: float, s: str, size: float = 10.5) -> None:
        self.text(cx - text_width(s, size) / 2, y, s, size)

    def segments(self, x: float, y: float, segs: list[Segment], size: float = 10.5) -> float:
        """Draw a line made of plain strings and entities; records the entities. Returns the end x."""
        text = "".join(s.text if isinstance(s, Ent) else s for s in segs)
        self.text(x, y, text, size)
        for s in segs:
            if isinstance(s, Ent):
                self.ent(s)
        return x + text_width(text, size)

    def ent(self, e: Ent) -> None:
        self.entities.append({"label": e.label, "text": e.text, "value": e.value})

    def ent_if_drawn(self, e: Ent) -> None:
        """Record an entity written inside plain text, once per time its text is on this page (lines joined)."""
        for _ in range("".join(op[3] for op in self.ops if op[0] == "t").count(e.text)):
            self.ent(e)

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.6, color=(0, 0, 0)) -> None:
        self.ops.append(("l", x0, y0, x1, y1, width, color))

    def rect(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.6) -> None:
        self.ops.append(("r", x0, y0, x1, y1, width))

    def stamp(self, cx: float, cy: float, text: str, radius: float = 42) -> None:
        self.ops.append(("s", cx, cy, text, radius))


@lru_cache(maxsize=1)
def _font():
    import pymupdf

    return pymupdf.Font(FONT)


@lru_cache(maxsize=65536)
def _char_width(ch: str) -> float:
    return _font().text_length(ch, fontsize=1.0)


@lru_cache(maxsize=200000)
def _str_width(s: str) -> float:
    return sum(_char_width(c) for c in s)


def text_width(s: str, size: float) -> float:
    return _str_width(s) * size


def wrap(segs: list[Segment], width: float, size: float, indent: float = 0.0) -> list[list[Segment]]:
    """Break a paragraph into lines of at most `width`; entity segments are never split across lines."""
    lines: list[list[Segment]] = [[]]
    used = indent
    for seg in segs:
        if isinstance(seg, Ent):
            w = text_width(seg.text, size)
            if used + w > width and lines[-1]:
                lines.append([])
                used = 0.0
            lines[-1].append(seg)
            used += w
            continue
        buf = ""
        for ch in seg:
            cw = _char_width(ch) * size
            if used + cw > width:
                if buf:
                    lines[-1].append(buf)
                lines.append([])
                buf, used = "", 0.0
                if ch in "，。、；：）”":  # no line may start with closing punctuation: keep it on the line above
                    lines[-2].append(ch)
                    continue
            buf += ch
            used += cw
        if buf:
            lines[-1].append(buf)
    return [ln for ln in lines if ln]


@lru_cache(maxsize=64)
def stamp_png(text: str, radius_px: int = 200, inner: str = "") -> bytes:
    """A red round official seal (公章) as a transparent PNG: ring, star, text around the top arc."""
    from PIL import Image, ImageDraw, ImageFont

    size = radius_px * 2 + 8
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    red = (210, 30, 30, 215)
    c = size / 2
    d.ellipse((4, 4, size - 4, size - 4), outline=red, width=max(6, radius_px // 22))
    # five-pointed star
    pts = []
    for k in range(10):
        r = radius_px * (0.28 if k % 2 == 0 else 0.11)
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((c + r * math.cos(a), c + r * math.sin(a)))
    d.polygon(pts, fill=red)
    font = ImageFont.truetype(io.BytesIO(_font().buffer), int(radius_px * 0.26))
    n = len(text)
    span = min(250.0, 22.0 * n)
    for i, ch in enumerate(text):
        ang = -90 - span / 2 + span * (i + 0.5) / n  # degrees, around the top
        rad = math.radians(ang)
        r = radius_px * 0.72
        x, y = c + r * math.cos(rad), c + r * math.sin(rad)
        glyph = Image.new("RGBA", (int(radius_px * 0.34),) * 2, (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), ch, font=font, fill=red, anchor="mm")
        glyph = glyph.rotate(-(ang + 90), resample=Image.BICUBIC)
        img.alpha_composite(glyph, (int(x - glyph.width / 2), int(y - glyph.height / 2)))
    if inner:
        d.text((c, c + radius_px * 0.55), inner, font=ImageFont.truetype(io.BytesIO(_font().buffer), int(radius_px * 0.16)),
               fill=red, anchor="mm")
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=False)
    return out.getvalue()


def draw_page(doc, spec: PageSpec, stamp_xrefs: dict) -> None:
    """Append one page to `doc` drawn from its spec (one TextWriter per colour, rules in one shape).

    Text goes through mupdf's fz_show_string directly: TextWriter.append recomputes the text
    bounds on every call, which made a 1,300-page dossier take minutes.
    """
    import pymupdf
    from pymupdf import mupdf

    page = doc.new_page(width=spec.width, height=spec.height)
    font = _font()
    lang = mupdf.fz_text_language_from_string(None)
    h = spec.height
    writers: dict[tuple, object] = {}
    for op in spec.ops:
        if op[0] == "t":
            _, x, y, s, size, color = op
            key = color or (0, 0, 0)
            tw = writers.get(key)
            if tw is None:
                tw = writers[key] = pymupdf.TextWriter(page.rect, color=key)
            mupdf.fz_show_string(tw.this, font.this, mupdf.fz_make_matrix(size, 0, 0, size, x, h - y), s, 0, 0, 0, lang)
    groups: dict[tuple, list] = {}
    for op in spec.ops:
        if op[0] == "l":
            groups.setdefault((op[5], op[6]), []).append(op)
        elif op[0] == "r":
            groups.setdefault((op[5], (0, 0, 0)), []).append(op)
    if groups:
        shape = page.new_shape()
        for (width, color), ops in groups.items():
            for op in ops:
                if op[0] == "l":
                    shape.draw_line((op[1], op[2]), (op[3], op[4]))
                else:
                    shape.draw_rect(pymupdf.Rect(op[1], op[2], op[3], op[4]))
            shape.finish(width=width, color=color)
        shape.commit()
    for key, tw in writers.items():
        tw.write_text(page, color=key)
    for op in spec.ops:
        if op[0] == "s":
            _, cx, cy, text, radius = op
            rect = pymupdf.Rect(cx - radius, cy - radius, cx + radius, cy + radius)
            xref = stamp_xrefs.get(text, 0)
            if xref:
                page.insert_image(rect, xref=xref, overlay=True)
            else:
                stamp_xrefs[text] = page.insert_image(rect, stream=stamp_png(text), overlay=True)


FIXED_DATE = "D:20240101000000+08'00'"


def save_pdf(doc, path: str, *, title: str, subset: bool = True) -> None:
    """Save with fixed metadata so that the same seed gives the same bytes."""
    if subset:
        doc.subset_fonts()
    doc.set_metadata({"title": title, "author": "CaseLens synth", "subject": "synthetic dossier",
                      "creator": "caselens synth", "producer": "caselens synth",
                      "creationDate": FIXED_DATE, "modDate": FIXED_DATE, "keywords": "", "trapped": ""})
    doc.save(path, garbage=1, deflate=True, no_new_id=True)


def flow(paragraphs: list[tuple[list[Segment], float]], width: float, size: float, lines_first: int,
         lines_next: int, wrapper=None) -> list[list[tuple[list[Segment], float]]]:
    """Wrap paragraphs (segments, first-line indent) and cut the lines into pages.

    Returns per page a list of (line segments, x offset) so callers place them as they like.
    `wrapper` breaks lines (default: between characters, for Chinese; English passes a word wrapper).
    """
    lines: list[tuple[list[Segment], float]] = []
    for segs, indent in paragraphs:
        for k, ln in enumerate((wrapper or wrap)(segs, width, size, indent)):
            lines.append((ln, indent if k == 0 else 0.0))
    pages, cap = [], lines_first
    while lines:
        pages.append(lines[:cap])
        lines = lines[cap:]
        cap = lines_next
    return pages or [[]]
