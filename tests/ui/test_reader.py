"""Reader: turned scans shown upright with their boxes, neighbours prefetched for instant page turns."""

from __future__ import annotations

import sqlite3


def test_reader_turned_scan_shown_upright(window, ui_case, qtbot):
    case, ids = ui_case
    conn = sqlite3.connect(case)
    conn.execute("UPDATE pages SET text_source = 'ocr', rotation = 90 WHERE id = ?", (ids["page1"],))
    conn.commit()
    conn.close()
    reader = window.reader
    window.selection.open_page(ids["page1"])
    page = reader.page
    assert page.turn == 270 and (page.width, page.height) == (842, 595)  # a portrait scan read sideways
    image = reader._pixmap_item.sceneBoundingRect()  # noqa: SLF001 - the turned page image
    assert abs(image.width() - page.width) < 2 and abs(image.height() - page.height) < 2
    assert abs(image.left()) < 1 and abs(image.top()) < 1
    for item in reader._mention_items:  # noqa: SLF001
        box = item.rect()
        assert 0 <= box.left() and box.right() <= page.width + 2 and box.bottom() <= page.height + 2


def test_reader_prefetches_next_and_previous_pages(window, ui_case, qtbot):
    from app.ui import jobs

    _, ids = ui_case
    reader = window.reader
    window.selection.open_page(ids["page1"])
    jobs.wait_all()
    qtbot.waitUntil(lambda: {p for p, _ in reader._cache} >= {ids["page0"], ids["page2"]}, timeout=10_000)


def test_search_hit_low_on_the_page_is_scrolled_into_view(window, ui_case, qtbot):
    from PySide6.QtCore import QPointF

    from app.ui.selection import PageFocus

    _, ids = ui_case
    reader = window.reader
    reader.resize(500, 300)
    reader.zoom = 2.5  # the page is taller than the view: a hit low on it starts below the fold
    reader.fit_width = False
    window.selection.open_page(ids["page1"])
    words = [w for w in reader.page.words if len(str(w[4])) >= 2]
    low = max(words, key=lambda w: w[3])
    window.selection.open_page(ids["page2"])
    window.selection.open_page(ids["page1"], PageFocus(query=str(low[4])))
    hit = reader._first_hit  # noqa: SLF001
    assert hit is not None
    seen = reader.canvas.mapToScene(reader.canvas.viewport().rect()).boundingRect()
    assert seen.contains(QPointF((hit[0] + hit[2]) / 2, (hit[1] + hit[3]) / 2))
