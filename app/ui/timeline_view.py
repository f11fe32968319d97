"""i2-style timeline: one theme line per entity, events on a shared time axis; drag a window to filter.

The axis spans the case period (views_facts.case_period): a birth date or an old record is a marker at the edge,
not a reason to squeeze months of transfers into a sliver. A lane with more transfers than it can show one by
one (937 on one real statement) is drawn as bars per hour, day, week or month with counts and amounts.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from app.services.views import facts as views_facts
from app.services.views import graph as views_graph
from app.ui import jobs
from app.ui.selection import PageFocus, SelectionModel
from app.ui.timeline_canvas import TimelineCanvas, to_iso, to_seconds


class TimelineView(QWidget):
    """Shows the selection's theme entities; Shift+drag (or right-drag) sets the time window for all views."""

    def __init__(self, selection: SelectionModel, parent=None):
        super().__init__(parent)
        self.selection = selection
        self.view = None
        self.canvas = TimelineCanvas(self)
        self.canvas.windowDragged.connect(lambda a, b: self.selection.set_time_window(to_iso(a), to_iso(b)))
        self.canvas.eventClicked.connect(self._open_event)
        self.canvas.binClicked.connect(self.selection.focus_transactions)
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
        self.canvas.period = None
        self.reload()

    def reload(self) -> None:
        if self.view is None:
            self.canvas.set_rows([])
            return
        view, themes = self.view, list(self.selection.themes)

        def load() -> tuple[list, tuple[float, float] | None]:
            ids = themes or views_facts.top_entities(view)
            rows = []
            for entity_id in ids:
                entity = view.entity(entity_id)
                if entity is None:
                    continue
                entity = {**entity, "name": views_graph.entity_caption(entity)}  # an account: holder, bank, last 4
                events = []
                for e in views_facts.entity_timeline(view, entity_id):
                    t = to_seconds(e["time"])
                    if t is not None:
                        events.append({**e, "t": t})
                rows.append((entity, events))
            return rows, views_facts.case_period(view)

        jobs.submit(load, on_done=lambda result: self.canvas.set_rows(*result) if view is self.view else None)

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
