"""Tiny born-digital statement pages for tests: text cells drawn at given x positions, read back as words."""

from __future__ import annotations

from pathlib import Path

FONT = 8.0


def table_pdf(path: Path, pages: list[list[list[tuple[float, str]]]], *, line_h: float = 14.0,
              width: float = 842, height: float = 595, font: str = "china-s") -> Path:
    """Draw each page's lines (a line is [(x, text), …]) top-down with insert_text, no grid lines.

    font "cjk" embeds PyMuPDF's Droid Sans Fallback, which has glyphs for typographic dashes (– — ‐ －).
    """
    import pymupdf

    doc = pymupdf.open()
    for lines in pages:
        page = doc.new_page(width=width, height=height)
        if font == "cjk":
            page.insert_font(fontname="cjk", fontbuffer=pymupdf.Font("cjk").buffer)
        y = 50.0
        for line in lines:
            for x, text in line:
                if text:
                    page.insert_text((x, y), text, fontname=font, fontsize=FONT)
            y += line_h
    doc.save(path)
    doc.close()
    return path


def words_of(path: Path) -> list[tuple]:
    """The pages as parse_statement_pages takes them: (words, width, height) from the text layer."""
    import pymupdf

    with pymupdf.open(path) as doc:
        return [([tuple(w[:8]) for w in p.get_text("words")], p.rect.width, p.rect.height) for p in doc]


def table_pages(tmp_path: Path, pages: list[list[list[tuple[float, str]]]], name: str = "t.pdf", **kw) -> list:
    """table_pdf then words_of: the statement pages of a drawn table."""
    return words_of(table_pdf(tmp_path / name, pages, **kw))
