"""Timeline: the axis spans the case period (a birth date is an edge marker), dense lanes are binned,
Shift+drag selects a time window even on a dense lane."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest


def seconds(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


def test_timeline_range_is_case_period_despite_birth_date(qtbot, ui_case):
    from app.services.views import CaseView
    from app.services.views import facts as views_facts
    from app.ui.selection import SelectionModel
    from app.ui.timeline_view import TimelineView

    case, ids = ui_case
    conn = sqlite3.connect(case)  # the suspect's birth date, as an interrogation record states it
    conn.execute("INSERT INTO events (time, kind, entities, page_id, text) VALUES (?,?,?,?,?)",
                 ("1949-12-31", "fact", json.dumps([ids["zhang"]]), ids["page0"], "张伟，1949年12月31日出生"))
    conn.commit()
    conn.close()
    view = CaseView(case)
    assert views_facts.case_period(view) == (seconds("2021-02-20T14:00:00"), seconds("2021-04-01T08:30:00"))
    selection = SelectionModel()
    timeline = TimelineView(selection)
    qtbot.addWidget(timeline)
    timeline.resize(800, 300)
    timeline.show()
    selection.set_case(view)
    selection.select_entity(ids["zhang"])  # the main suspect: his line carries the birth date
    qtbot.waitUntil(lambda: any(e["id"] == ids["zhang"] for e, _ in timeline.canvas.rows), timeout=10_000)
    canvas = timeline.canvas
    lo, hi = seconds("2021-02-20T14:00:00"), seconds("2021-04-01T08:30:00")
    assert canvas.t0 <= lo and canvas.t1 >= hi
    assert canvas.t1 - canvas.t0 <= 1.1 * (hi - lo)  # not stretched back to 1949
    canvas.grab()  # paint
    row = next(i for i, (e, _) in enumerate(canvas.rows) if e["id"] == ids["zhang"])
    assert canvas.outside[row] == (1, 0)  # the birth date: a marker at the left edge
    marker = next(e for r, e in canvas.hits if "outside" in e)
    assert marker["time"] == "1949-12-31"


def dense_rows(per_day: int = 31, days: int = 30) -> list[tuple[dict, list[dict]]]:
    """One statement lane with `per_day` transfers a day (937 diamonds on a real one) and a quiet lane."""
    start = datetime(2021, 3, 1, 8)
    busy, quiet = [], []
    for d in range(days):
        for i in range(per_day):
            t = start + timedelta(days=d, minutes=17 * i)
            busy.append({"t": t.timestamp(), "time": t.isoformat(), "kind": "transfer_in" if i % 3 else "transfer_out",
                         "transaction_id": d * per_day + i, "amount": 100.0 * (i + 1), "text": "", "page_id": 1})
    for d in range(0, days, 7):
        t = start + timedelta(days=d, hours=3)
        quiet.append({"t": t.timestamp(), "time": t.isoformat(), "kind": "transfer_out", "transaction_id": 10_000 + d,
                      "amount": 5000.0, "text": "", "page_id": 1})
    return [({"id": 1, "kind": "account", "name": "6214830000001234"}, busy),
            ({"id": 2, "kind": "person", "name": "王芳"}, quiet)]


def dense_canvas(qtbot):
    from app.ui.timeline_canvas import TimelineCanvas

    canvas = TimelineCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(720, 200)
    canvas.show()
    rows = dense_rows()
    times = [e["t"] for _, evs in rows for e in evs]
    canvas.set_rows(rows, (min(times), max(times)))
    canvas.grab()
    return canvas


def test_timeline_dense_lane_is_binned(qtbot):
    from app.ui.timeline_canvas import AXIS, ROW

    canvas = dense_canvas(qtbot)
    assert canvas.binned == [0]  # the quiet lane keeps its diamonds
    bars = [(r, e) for r, e in canvas.hits if "count" in e]
    assert bars and sum(e["count"] for _, e in bars) == 31 * 30
    assert all(e["step"] in (86400, 7 * 86400) for _, e in bars)  # per day or per week at this width
    top, bottom = AXIS, AXIS + ROW
    assert all(top <= r.top() and r.bottom() <= bottom for r, _ in bars)  # inside its lane, under the axis
    diamonds = [r for r, e in canvas.hits if "count" not in e]
    assert len(diamonds) == 5 and all(AXIS + ROW <= r.top() and r.bottom() <= AXIS + 2 * ROW for r in diamonds)


def test_timeline_shift_drag_on_dense_lane_selects_window(qtbot):
    canvas = dense_canvas(qtbot)
    bar = next(r for r, e in canvas.hits if "count" in e and r.center().x() > 300)
    y = int(bar.center().y())
    opened: list = []
    canvas.eventClicked.connect(opened.append)
    canvas.binClicked.connect(opened.append)
    x0, x1 = int(bar.center().x()), int(bar.center().x()) + 150
    shift = Qt.KeyboardModifier.ShiftModifier
    with qtbot.waitSignal(canvas.windowDragged, timeout=2000) as signal:
        QTest.mousePress(canvas, Qt.MouseButton.LeftButton, shift, QPoint(x0, y))
        for x in range(x0, x1, 15):
            QTest.mouseMove(canvas, QPoint(x, y))
        QTest.mouseMove(canvas, QPoint(x1, y))
        QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, shift, QPoint(x1, y))
    start, end = signal.args
    assert opened == []  # no page opened, no ledger filtered to one bar
    assert abs(start - canvas.t_of(x0)) < 1 and abs(end - canvas.t_of(x1)) < 1
    QTest.mouseClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, bar.center().toPoint())
    assert opened and isinstance(opened[0], list) and len(opened[0]) >= 1  # a plain click on a bar: its rows
