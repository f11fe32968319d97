"""A timeline picture for the report: money in/out per month as bars and dated facts as markers (PyMuPDF, no Qt)."""

from __future__ import annotations

IN_COLOUR, OUT_COLOUR, EVENT_COLOUR = (0.20, 0.55, 0.30), (0.80, 0.25, 0.20), (0.20, 0.42, 0.75)


def _month_index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _label(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


def draw_timeline(page, timeline: dict, rect=None, *, title: str = "") -> None:
    """Monthly ledger volume (in above, out below the axis) and dated facts inside the ledger's span."""
    import pymupdf

    rect = rect or page.rect
    font = pymupdf.Font("china-s")
    writers: dict[tuple, object] = {}  # one TextWriter per colour; insert_text rebuilds CJK widths per call

    def text(x: float, y: float, s: str, size: float = 7, colour=(0.2, 0.2, 0.2)) -> None:
        writers.setdefault(colour, pymupdf.TextWriter(page.rect)).append((x, y), s, font=font, fontsize=size)

    page.draw_rect(rect, color=(0.7, 0.7, 0.7), fill=(1, 1, 1), width=0.5)
    if title:
        text(rect.x0 + 8, rect.y0 + 14, title, 9, (0, 0, 0))
    months = [m for m in timeline["months"] if len(m["month"]) == 7]
    events = [e for e in timeline["events"] if len(e["time"]) >= 7 and e["time"][:4].isdigit()]
    if months:
        lo, hi = _month_index(months[0]["month"]), _month_index(months[-1]["month"])
        events = [e for e in events if lo <= _month_index(e["time"][:7]) <= hi]
    elif events:
        lo, hi = _month_index(events[0]["time"][:7]), _month_index(events[-1]["time"][:7])
    else:
        text(rect.x0 + 8, rect.y0 + 34, "无可显示的日期 (nothing dated in the selection)")
        _flush(page, writers)
        return
    left, right = rect.x0 + 50, rect.x1 - 20
    axis = rect.y0 + rect.height * 0.62
    half = rect.height * 0.26
    slots = hi - lo + 1
    step = (right - left) / slots
    top = max((max(m["in"], m["out"]) for m in months), default=0.0) or 1.0
    page.draw_line((left, axis), (right, axis), color=(0.3, 0.3, 0.3), width=0.6)
    for m in months:
        x = left + (_month_index(m["month"]) - lo) * step + step * 0.15
        w = step * 0.7
        if m["in"]:
            h = half * m["in"] / top
            page.draw_rect(pymupdf.Rect(x, axis - h, x + w, axis), color=None, fill=IN_COLOUR)
        if m["out"]:
            h = half * 0.6 * m["out"] / top
            page.draw_rect(pymupdf.Rect(x, axis, x + w, axis + h), color=None, fill=OUT_COLOUR)
    every = max(1, slots // 12)
    for i in range(0, slots, every):
        x = left + i * step
        page.draw_line((x, axis), (x, axis + 3), color=(0.3, 0.3, 0.3), width=0.5)
        text(x, axis + half * 0.6 + 12, _label(lo + i), 6.5)
    text(rect.x0 + 4, axis - half + 8, f"¥{top:,.0f}", 6)
    text(rect.x0 + 4, axis - 3, "转入 in", 6, IN_COLOUR)
    text(rect.x0 + 4, axis + 9, "转出 out", 6, OUT_COLOUR)
    lane_y = rect.y0 + 26
    for n, e in enumerate(events[:24]):
        idx = _month_index(e["time"][:7]) - lo
        day = int(e["time"][8:10]) if len(e["time"]) >= 10 and e["time"][8:10].isdigit() else 1
        x = left + (idx + (day - 1) / 31) * step
        y = lane_y + (n % 4) * 9
        page.draw_line((x, y + 2), (x, axis), color=EVENT_COLOUR, width=0.3, stroke_opacity=0.5)
        page.draw_circle((x, y), 2, color=EVENT_COLOUR, fill=EVENT_COLOUR)
        who = "、".join(e["entities"][:2])
        text(x + 3, y + 2.5, f"{e['time'][:10]} {who}"[:28], 5.5, EVENT_COLOUR)
    _flush(page, writers)


def _flush(page, writers: dict) -> None:
    for colour, writer in writers.items():
        writer.write_text(page, color=colour)


def timeline_png(timeline: dict, *, width: float = 720, height: float = 260, dpi: int = 150, title: str = "") -> bytes:
    """PNG bytes of the timeline picture."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=width, height=height)
    draw_timeline(page, timeline, title=title)
    return page.get_pixmap(dpi=dpi).tobytes("png")
