"""The case report as PDF: the report HTML typeset with PyMuPDF's Story, a CJK font embedded (subset), page numbers.

Font: MuPDF's built-in Droid Sans Fallback ("china-s", simplified-Chinese forms). Noto Sans CJK (fonts-noto-cjk)
was tried: MuPDF cannot subset its CFF outlines and fontTools needs ~25 s per face, so embedding it would make
each report 15+ MB or take a minute. Droid subsets in well under a second and keeps reports small.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.report.graph_image import graph_png
from app.report.report_html import CSS, report_html
from app.report.timeline_image import timeline_png

PAGE = (595, 842)            # A4 in points
MARGINS = (50, 62, 50, 56)   # left, top, right, bottom
FONT_FILE = "cjk.ttf"


def _font_buffer() -> bytes:
    import pymupdf

    return pymupdf.Font("china-s").buffer


def _typeset(html: str, archive, out: Path) -> None:
    import pymupdf

    css = f"@font-face {{font-family: cjk; src: url({FONT_FILE});}}\n" + CSS
    story = pymupdf.Story(html, user_css=css, archive=archive)
    writer = pymupdf.DocumentWriter(str(out))
    mediabox = pymupdf.Rect(0, 0, *PAGE)
    where = mediabox + (MARGINS[0], MARGINS[1], -MARGINS[2], -MARGINS[3])
    more = 1
    while more:
        device = writer.begin_page(mediabox)
        more, _ = story.place(where)
        story.draw(device)
        writer.end_page()
    writer.close()


def _furnish(path: Path, title: str, font: bytes) -> None:
    """Running header (case, title) and footer (第 n 页 / 共 N 页) on every page; fonts subset; saved in place."""
    import pymupdf

    doc = pymupdf.open(path)
    total = doc.page_count
    cjk = pymupdf.Font(fontbuffer=font)
    grey = (0.35, 0.35, 0.35)
    for n, page in enumerate(doc, 1):
        w, h = page.rect.width, page.rect.height
        page.draw_line((MARGINS[0], MARGINS[1] - 14), (w - MARGINS[2], MARGINS[1] - 14), color=(0.6, 0.6, 0.6),
                       width=0.5)
        writer = pymupdf.TextWriter(page.rect)  # not insert_text: it rebuilds CJK glyph widths per call
        writer.append((MARGINS[0], MARGINS[1] - 18), title, font=cjk, fontsize=7.5)
        footer = f"第 {n} 页 / 共 {total} 页  Page {n} of {total}"
        writer.append(((w - cjk.text_length(footer, 7.5)) / 2, h - 28), footer, font=cjk, fontsize=7.5)
        writer.write_text(page, color=grey)
    doc.subset_fonts()
    doc.set_metadata({"title": title, "creator": "CaseLens", "producer": "CaseLens (PyMuPDF)"})
    tmp = path.with_suffix(path.suffix + ".part")
    doc.save(tmp, garbage=3, deflate=True)
    doc.close()
    os.replace(tmp, path)


def write_report_pdf(model: dict, out: str | os.PathLike[str]) -> dict:
    """Typeset the report for `model` into `out`; returns {"pages": n}."""
    import pymupdf

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    font = _font_buffer()
    archive = pymupdf.Archive()
    archive.add(font, FONT_FILE)
    archive.add(graph_png(model["graph"], width=720, height=560, title="关系图 Relationship graph"), "graph.png")
    archive.add(timeline_png(model["timeline"], width=720, height=260, title="时间线 Timeline"), "timeline.png")
    html = report_html(model, {"graph": "graph.png", "timeline": "timeline.png"}, standalone=False)
    tmp = out.with_suffix(out.suffix + ".story")
    try:
        _typeset(html, archive, tmp)
        title = f"案件分析报告 Case report — {model['case']['name']}"
        _furnish(tmp, title, font)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    with pymupdf.open(out) as doc:
        return {"pages": doc.page_count}

