"""i2-style timeline: one theme line per entity, events on a shared time axis; drag a window to filter."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from app.services import views_facts
from app.ui import jobs
from app.ui.palette import EVENT_COLOURS, kind_colour
from app.ui.selection import PageFocus, SelectionModel

GUTTER, AXIS, ROW = 150, 30, 46
NUDGE = 7  # px: events closer than this on one line are stacked apart


def to_seconds(iso: str) -> float | None:
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")[:19]).timestamp()
    except ValueError:
        return None


def to_iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).isoformat(timespec="seconds")


def nudge(xs: list[float], gap: float = NUDGE) -> list[int]:
    """Vertical slot per event so events at (nearly) the same x do not overlap: 0, -1, +1, -2, …"""
    slots, last_x, run = [], None, 0
    for x in xs:
        run = run + 1 if last_x is not None and x - last_x < gap else 0
        if run == 0:
            last_x = x
        slots.append(0 if run == 0 else (-(run + 1) // 2 if run % 2 else run // 2))
    return slots


def busy_range(times: list[float], t0: float, t1: float) -> tuple[float, float]:
    """The span to show: all events, unless a few far outliers (a birth date among months of transfers)
    would squeeze the rest into a sliver; then the central 90 % (wheel and drag still reach the rest)."""
    if not times:
        return t0, t1
    ordered = sorted(times)
    lo, hi = ordered[0], ordered[-1]
    if len(ordered) >= 20:
        a, b = ordered[len(ordered) // 20], ordered[-1 - len(ordered) // 20]
        if (hi - lo) > 4 * max(b - a, 3600.0):
            lo, hi = a, b
    span = max(hi - lo, 3600.0)
    return lo - span * 0.05, hi + span * 0.05


class TimelineCanvas(QWidget):
    windowDragged = Signal(float, float)
    eventClicked = Signal(dict)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple[dict, list[dict]]] = []  # (entity, events with "t")
        self.t0, self.t1 = 0.0, 1.0
        self.window: tuple[float, float] | None = None
        self._press = None
        self._drag_window = None
        self.setMouseTracking(True)
        self.setMinimumHeight(120)
        self.hits: list[tuple[QRectF, dict]] = []

    def set_rows(self, rows: list[tuple[dict, list[dict]]]) -> None:
        self.rows = rows
        self.t0, self.t1 = busy_range([e["t"] for _, evs in rows for e in evs], self.t0, self.t1)
        self.update()

    def x_of(self, t: float) -> float:
        return GUTTER + (t - self.t0) / (self.t1 - self.t0) * max(1, self.width() - GUTTER - 10)

    def t_of(self, x: float) -> float:
        return self.t0 + (x - GUTTER) / max(1, self.width() - GUTTER - 10) * (self.t1 - self.t0)

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        self._axis(p)
        if self.window:
            x0, x1 = self.x_of(self.window[0]), self.x_of(self.window[1])
            p.fillRect(QRectF(x0, AXIS, x1 - x0, self.height() - AXIS), QColor(255, 193, 7, 50))
            p.setPen(QPen(QColor("#ffa000"), 1))
            p.drawLine(QPointF(x0, AXIS), QPointF(x0, self.height()))
            p.drawLine(QPointF(x1, AXIS), QPointF(x1, self.height()))
        self.hits = []
        fm = QFontMetrics(p.font())
        for row, (entity, events) in enumerate(self.rows):
            y = AXIS + ROW * row + ROW / 2
            p.setPen(QPen(kind_colour(entity["kind"]), 2))
            p.drawLine(QPointF(GUTTER, y), QPointF(self.width() - 6, y))
            p.setPen(QColor("#263238"))
            p.drawText(QRectF(6, y - ROW / 2, GUTTER - 12, ROW), Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(entity["name"], Qt.TextElideMode.ElideRight, GUTTER - 12))
            xs = [self.x_of(e["t"]) for e in events]
            for e, x, slot in zip(events, xs, nudge(xs), strict=True):
                if x < GUTTER - 4 or x > self.width():
                    continue
                cy = y + slot * 8
                colour = QColor(EVENT_COLOURS.get(e["kind"], "#455a64"))
                p.setPen(QPen(QColor("white"), 1))
                p.setBrush(colour)
                if e["transaction_id"] is not None:
                    p.drawPolygon(QPolygonF([QPointF(x, cy - 6), QPointF(x + 6, cy), QPointF(x, cy + 6),
                                             QPointF(x - 6, cy)]))
                else:
                    p.drawEllipse(QPointF(x, cy), 5.5, 5.5)
                self.hits.append((QRectF(x - 6, cy - 6, 12, 12), e))
        p.end()

    def _axis(self, p: QPainter) -> None:
        p.fillRect(QRectF(0, 0, self.width(), AXIS), QColor("#f3f5f8"))
        span = self.t1 - self.t0
        steps = [(3600, "%H:%M"), (6 * 3600, "%m-%d %H:%M"), (86400, "%m-%d"), (7 * 86400, "%m-%d"),
                 (30 * 86400, "%Y-%m"), (91 * 86400, "%Y-%m"), (365 * 86400, "%Y"), (5 * 365 * 86400, "%Y"),
                 (10 * 365 * 86400, "%Y"), (50 * 365 * 86400, "%Y")]
        width = max(1, self.width() - GUTTER)
        step, fmt = next(((s, f) for s, f in steps if span / s <= width / 90), steps[-1])
        start = datetime.fromtimestamp(self.t0)
        if step >= 86400:
            start = start.replace(hour=0, minute=0, second=0)
        else:
            start = start.replace(minute=0, second=0)
        tick = start
        p.setPen(QColor("#607d8b"))
        guard = 0
        while tick.timestamp() < self.t1 and guard < 400:
            x = self.x_of(tick.timestamp())
            if x >= GUTTER:
                p.drawLine(QPointF(x, AXIS - 6), QPointF(x, AXIS))
                p.setPen(QColor("#eceff1"))
                p.drawLine(QPointF(x, AXIS), QPointF(x, self.height()))
                p.setPen(QColor("#607d8b"))
                p.drawText(QPointF(x + 3, AXIS - 10), tick.strftime(fmt))
            tick += timedelta(seconds=step)
            guard += 1

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override
        factor = 1 / 1.25 if event.angleDelta().y() > 0 else 1.25
        anchor = self.t_of(event.position().x())
        self.t0 = anchor - (anchor - self.t0) * factor
        self.t1 = anchor + (self.t1 - anchor) * factor
        self.update()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        pos = event.position()
        for rect, e in self.hits:
            if rect.contains(pos):
                self.eventClicked.emit(e)
                return
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        self._press = (pos.x(), self.t0, self.t1, bool(shift or event.button() == Qt.MouseButton.RightButton))

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._press is None:
            tip = next((e for r, e in self.hits if r.contains(event.position())), None)
            self.setToolTip(f"{e_time(tip)}  {tip['text']}" if tip else "")
            return
        x0, t0, t1, selecting = self._press
        if selecting:
            a, b = sorted((self.t_of(x0), self.t_of(event.position().x())))
            self.window = (a, b)
        else:
            shift = (event.position().x() - x0) / max(1, self.width() - GUTTER) * (t1 - t0)
            self.t0, self.t1 = t0 - shift, t1 - shift
        self.update()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._press is not None and self._press[3] and self.window and self.window[1] > self.window[0]:
            self.windowDragged.emit(*self.window)
        self._press = None


def e_time(e: dict) -> str:
    return str(e["time"]).replace("T", " ")[:16]


class TimelineView(QWidget):
    """Shows the selection's theme entities; Shift+drag (or right-drag) sets the time window for all views."""

    def __init__(self, selection: SelectionModel, parent=None):
        super().__init__(parent)
        self.selection = selection
        self.view = None
        self.canvas = TimelineCanvas(self)
        self.canvas.windowDragged.connect(lambda a, b: self.selection.set_time_window(to_iso(a), to_iso(b)))
        self.canvas.eventClicked.connect(self._open_event)
        self.fit_btn, self.clear_btn = QToolButton(), QToolButton()
        self.fit_btn.clicked.connect(self.fit)
        self.clear_btn.clicked.connect(lambda: self.selection.set_time_window(None, None))
        self.window_label = QLabel()
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #78909c")
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # clipped, never widens
        self.hint.setContentsMargins(6, 1, 6, 1)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        for w in (self.fit_btn, self.clear_btn, self.window_label):
            bar.addWidget(w)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.hint)
        selection.caseChanged.connect(self.set_case)
        selection.themesChanged.connect(lambda _: self.reload())
        selection.dataChanged.connect(self.reload)
        selection.timeWindowChanged.connect(self._window_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.fit_btn.setText(self.tr("Fit"))
        self.clear_btn.setText(self.tr("Clear window"))
        self.hint.setText(self.tr("Wheel: zoom · drag: pan · Shift+drag: time window · click: open source"))
        self._window_changed(*self.selection.window)

    def set_case(self, view) -> None:
        self.view = view
        self.reload()

    def reload(self) -> None:
        if self.view is None:
            self.canvas.set_rows([])
            return
        view, themes = self.view, list(self.selection.themes)

        def load() -> list:
            ids = themes or views_facts.top_entities(view)
            rows = []
            for entity_id in ids:
                entity = view.entity(entity_id)
                if entity is None:
                    continue
                events = []
                for e in views_facts.entity_timeline(view, entity_id):
                    t = to_seconds(e["time"])
                    if t is not None:
                        events.append({**e, "t": t})
                rows.append((entity, events))
            return rows

        jobs.submit(load, on_done=lambda rows: self.canvas.set_rows(rows) if view is self.view else None)

    def fit(self) -> None:
        self.canvas.set_rows(self.canvas.rows)

    def _window_changed(self, start, end) -> None:
        if start and end:
            self.canvas.window = (to_seconds(start) or 0.0, to_seconds(end) or 0.0)
            self.window_label.setText(self.tr("Window: %1 – %2").replace("%1", start.replace("T", " ")[:16])
                                      .replace("%2", end.replace("T", " ")[:16]))
        else:
            self.canvas.window = None
            self.window_label.setText(self.tr("No time window"))
        self.canvas.update()

    def _open_event(self, e: dict) -> None:
        if e.get("transaction_id") is not None:
            self.selection.focus_transactions([e["transaction_id"]])
            tx = views_facts.transaction(self.view, e["transaction_id"])
            if tx and tx.get("page_id"):
                box = tuple(tx["row_bbox"]) if tx.get("row_bbox") else None
                self.selection.open_page(tx["page_id"], PageFocus(regions=(box,) if box else ()))
            return
        if e.get("page_id"):
            self.selection.open_page(e["page_id"])
