"""The timeline's drawing surface: entity lanes on a time axis, the case period fitted, far-off dates as edge
markers, dense lanes as bars per hour/day/week/month; plain drag pans, Shift+drag selects a time window."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from app.ui.palette import EVENT_COLOURS, kind_colour

GUTTER, AXIS, ROW = 150, 30, 46
NUDGE = 7  # px: events closer than this on one line are stacked apart
MAX_SLOT = 2  # stacked at most this many deep either side of the line; deeper lanes are binned instead
BIN_STEPS = (3600, 86400, 7 * 86400, 30 * 86400, 91 * 86400, 365 * 86400)
MIN_BIN_PX = 9.0  # a bin is at least this wide (else the next, coarser step)
EDGE = 14  # px at each end of the axis for the markers of events outside it


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


def bins(events: list[dict], step: float) -> list[dict]:
    """Transfers grouped per `step` seconds: hours, or whole local days counted from a Monday (so a week bin is
    Monday to Sunday); each bin with its count, money in and out and the transaction ids."""
    out: dict[float, dict] = {}
    for e in events:
        local = datetime.fromtimestamp(e["t"])
        if step < 86400:
            start = local.replace(minute=0, second=0, microsecond=0).timestamp()
        else:
            day = local.date()
            first = day - timedelta(days=(day.toordinal() - 1) % int(step // 86400))
            start = datetime(first.year, first.month, first.day).timestamp()
        b = out.setdefault(start, {"t": start, "step": step, "count": 0, "in": 0.0, "out": 0.0, "ids": []})
        b["count"] += 1
        b["in" if e["kind"] == "transfer_in" else "out"] += abs(e.get("amount") or 0.0)
        b["ids"].append(e["transaction_id"])
    return [out[k] for k in sorted(out)]


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
    binClicked = Signal(list)  # transaction ids of a bar

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[tuple[dict, list[dict]]] = []  # (entity, events with "t")
        self.period: tuple[float, float] | None = None  # the case period: the axis when fitted
        self.t0, self.t1 = 0.0, 1.0
        self.window: tuple[float, float] | None = None
        self._press = None
        self.setMouseTracking(True)
        self.setMinimumHeight(120)
        self.hits: list[tuple[QRectF, dict]] = []
        self.binned: list[int] = []  # rows drawn as bars at the last paint
        self.outside: list[tuple[int, int]] = []  # per row: events before and after the axis at the last paint

    def set_rows(self, rows: list[tuple[dict, list[dict]]], period: tuple[float, float] | None = None) -> None:
        self.rows = rows
        if period is not None:
            self.period = period
        if self.period is not None:
            lo, hi = self.period
            span = max(hi - lo, 3600.0)
            self.t0, self.t1 = lo - span * 0.03, hi + span * 0.03
        else:
            self.t0, self.t1 = busy_range([e["t"] for _, evs in rows for e in evs], self.t0, self.t1)
        self.update()

    def _plot_width(self) -> float:
        return max(1, self.width() - GUTTER - 10 - 2 * EDGE)

    def x_of(self, t: float) -> float:
        return GUTTER + EDGE + (t - self.t0) / (self.t1 - self.t0) * self._plot_width()

    def t_of(self, x: float) -> float:
        return self.t0 + (x - GUTTER - EDGE) / self._plot_width() * (self.t1 - self.t0)

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
        self.hits, self.binned, self.outside = [], [], []
        fm = QFontMetrics(p.font())
        for row, (entity, events) in enumerate(self.rows):
            y = AXIS + ROW * row + ROW / 2
            lane = QRectF(GUTTER, y - ROW / 2, self.width() - GUTTER, ROW)
            p.setClipping(False)
            p.setPen(QPen(kind_colour(entity["kind"]), 2))
            p.drawLine(QPointF(GUTTER, y), QPointF(self.width() - 6, y))
            p.setPen(QColor("#263238"))
            p.drawText(QRectF(6, y - ROW / 2, GUTTER - 12, ROW), Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(entity["name"], Qt.TextElideMode.ElideRight, GUTTER - 12))
            p.setClipRect(lane)  # nothing a lane draws reaches the next lane or the axis
            before = [e for e in events if e["t"] < self.t0]
            after = [e for e in events if e["t"] > self.t1]
            inside = [e for e in events if self.t0 <= e["t"] <= self.t1]
            self.outside.append((len(before), len(after)))
            self._edge_marker(p, before, y, left=True)
            self._edge_marker(p, after, y, left=False)
            transfers = [e for e in inside if e["transaction_id"] is not None]
            others = [e for e in inside if e["transaction_id"] is None]
            if self._too_dense(transfers):
                self.binned.append(row)
                self._bars(p, transfers, y)
                self._marks(p, others, y)
            else:
                self._marks(p, inside, y)
        p.end()

    def _too_dense(self, transfers: list[dict]) -> bool:
        slots = nudge([self.x_of(e["t"]) for e in transfers])
        return any(abs(s) > MAX_SLOT for s in slots)

    def _marks(self, p: QPainter, events: list[dict], y: float) -> None:
        """One diamond (transfer) or dot (record) per event, stacked apart a little where they crowd."""
        xs = [self.x_of(e["t"]) for e in events]
        for e, x, slot in zip(events, xs, nudge(xs), strict=True):
            cy = y + max(-MAX_SLOT, min(MAX_SLOT, slot)) * 8
            colour = QColor(EVENT_COLOURS.get(e["kind"], "#455a64"))
            p.setPen(QPen(QColor("white"), 1))
            p.setBrush(colour)
            if e["transaction_id"] is not None:
                p.drawPolygon(QPolygonF([QPointF(x, cy - 6), QPointF(x + 6, cy), QPointF(x, cy + 6),
                                         QPointF(x - 6, cy)]))
            else:
                p.drawEllipse(QPointF(x, cy), 5.5, 5.5)
            self.hits.append((QRectF(x - 6, cy - 6, 12, 12), e))

    def bin_step(self) -> float:
        per_px = (self.t1 - self.t0) / self._plot_width()
        return next((s for s in BIN_STEPS if s / per_px >= MIN_BIN_PX), BIN_STEPS[-1])

    def _bars(self, p: QPainter, transfers: list[dict], y: float) -> None:
        """Money in (green, up) and out (red, down) per bin, height by amount (square root: one big transfer
        does not flatten the rest), the count written when the bar is wide enough."""
        step = self.bin_step()
        groups = bins(transfers, step)
        top = max((max(b["in"], b["out"]) for b in groups), default=0.0) or 1.0
        half = ROW / 2 - 3
        small = QFont(p.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() - 2))
        p.setFont(small)
        fm = QFontMetrics(small)
        for b in groups:
            x0, x1 = self.x_of(b["t"]), self.x_of(b["t"] + step)
            w = max(2.0, x1 - x0 - 1)
            up = half * (b["in"] / top) ** 0.5
            down = half * (b["out"] / top) ** 0.5
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(EVENT_COLOURS["transfer_in"]))
            p.drawRect(QRectF(x0, y - up, w, up))
            p.setBrush(QColor(EVENT_COLOURS["transfer_out"]))
            p.drawRect(QRectF(x0, y, w, down))
            label = str(b["count"])
            if fm.horizontalAdvance(label) + 2 <= w:
                p.setPen(QColor("white") if up >= fm.height() else QColor("#263238"))  # on the bar or above it
                p.drawText(QRectF(x0, y - half, w, half), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                           label)
            self.hits.append((QRectF(x0, y - ROW / 2, max(w, 4.0), ROW), b))
        p.setFont(self.font())

    def _edge_marker(self, p: QPainter, events: list[dict], y: float, left: bool) -> None:
        """Events off the axis (a birth date, a later record): an arrow at that end with how many."""
        if not events:
            return
        x = GUTTER + 3 if left else self.width() - 10 - EDGE + 3
        tip, back = (x, x + 8) if left else (x + 8, x)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#78909c"))
        p.drawPolygon(QPolygonF([QPointF(tip, y), QPointF(back, y - 6), QPointF(back, y + 6)]))
        if len(events) > 1:
            small = QFont(p.font())
            small.setPointSizeF(max(6.0, small.pointSizeF() - 2))
            p.setFont(small)
            p.setPen(QColor("#455a64"))
            p.drawText(QRectF(x - 4, y + 6, 18, 12), Qt.AlignmentFlag.AlignHCenter, str(len(events)))
            p.setFont(self.font())
        nearest = events[-1] if left else events[0]
        self.hits.append((QRectF(x - 2, y - 8, 12, 16), {**nearest, "outside": events}))

    def _axis(self, p: QPainter) -> None:
        p.fillRect(QRectF(0, 0, self.width(), AXIS), QColor("#f3f5f8"))
        span = self.t1 - self.t0
        steps = [(3600, "%H:%M"), (6 * 3600, "%m-%d %H:%M"), (86400, "%m-%d"), (7 * 86400, "%m-%d"),
                 (30 * 86400, "%Y-%m"), (91 * 86400, "%Y-%m"), (365 * 86400, "%Y"), (5 * 365 * 86400, "%Y"),
                 (10 * 365 * 86400, "%Y"), (50 * 365 * 86400, "%Y")]
        width = self._plot_width()
        step, fmt = next(((s, f) for s, f in steps if span / s <= width / 90), steps[-1])
        start = datetime.fromtimestamp(self.t0)
        if step >= 30 * 86400:
            start = start.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        elif step >= 86400:
            start = start.replace(hour=0, minute=0, second=0, microsecond=0)
        else:
            start = start.replace(minute=0, second=0, microsecond=0)
        tick = start
        p.setPen(QColor("#607d8b"))
        guard = 0
        while tick.timestamp() < self.t1 and guard < 400:
            x = self.x_of(tick.timestamp())
            if x >= GUTTER + EDGE:
                p.drawLine(QPointF(x, AXIS - 6), QPointF(x, AXIS))
                p.setPen(QColor("#eceff1"))
                p.drawLine(QPointF(x, AXIS), QPointF(x, self.height()))
                p.setPen(QColor("#607d8b"))
                p.drawText(QPointF(x + 3, AXIS - 10), tick.strftime(fmt))
            tick = _next_tick(tick, step)
            guard += 1

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override
        factor = 1 / 1.25 if event.angleDelta().y() > 0 else 1.25
        anchor = self.t_of(event.position().x())
        self.t0 = anchor - (anchor - self.t0) * factor
        self.t1 = anchor + (self.t1 - anchor) * factor
        self.update()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Shift+drag (or right-drag) selects a time window wherever it starts, on a bar or a diamond too;
        a plain click opens what is under it; a plain drag pans."""
        pos = event.position()
        selecting = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                         or event.button() == Qt.MouseButton.RightButton)
        if not selecting:
            for rect, e in self.hits:
                if rect.contains(pos):
                    if "count" in e:
                        self.binClicked.emit(list(e["ids"]))
                    else:
                        self.eventClicked.emit(e)
                    return
        self._press = (pos.x(), self.t0, self.t1, selecting)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._press is None:
            tip = next((e for r, e in self.hits if r.contains(event.position())), None)
            self.setToolTip(self.hit_tip(tip) if tip else "")
            return
        x0, t0, t1, selecting = self._press
        if selecting:
            a, b = sorted((self.t_of(x0), self.t_of(event.position().x())))
            self.window = (a, b)
        else:
            shift = (event.position().x() - x0) / self._plot_width() * (t1 - t0)
            self.t0, self.t1 = t0 - shift, t1 - shift
        self.update()

    def hit_tip(self, e: dict) -> str:
        if "count" in e:  # a bar
            when = datetime.fromtimestamp(e["t"])
            span = when.strftime("%Y-%m-%d %H:00" if e["step"] < 86400 else "%Y-%m-%d")
            if e["step"] >= 7 * 86400:
                span += " – " + (when + timedelta(seconds=e["step"] - 1)).strftime("%Y-%m-%d")
            return (self.tr("%1: %2 transfers, in ¥%3, out ¥%4").replace("%1", span).replace("%2", str(e["count"]))
                    .replace("%3", f"{e['in']:,.2f}").replace("%4", f"{e['out']:,.2f}"))
        if "outside" in e:
            return "\n".join(f"{e_time(x)}  {x['text']}" for x in e["outside"][:12])
        return f"{e_time(e)}  {e['text']}"

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._press is not None and self._press[3] and self.window and self.window[1] > self.window[0]:
            self.windowDragged.emit(*self.window)
        self._press = None


def _next_tick(tick: datetime, step: int) -> datetime:
    """Month and longer ticks fall on the first of a month (30-day steps drift: 01-01, 01-31, 03-02 …)."""
    if step >= 30 * 86400:
        months = round(step / (30.4 * 86400))
        total = tick.month - 1 + months
        return tick.replace(year=tick.year + total // 12, month=total % 12 + 1)
    return tick + timedelta(seconds=step)


def e_time(e: dict) -> str:
    return str(e["time"]).replace("T", " ")[:16]
