"""笔录比对 in the GUI: who was questioned when and by whom, the findings, and both sides of one side by side
with the copied or contradicting passage highlighted; each side opens its page with the passage outlined."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.services import records as record_service
from app.ui import i18n
from app.ui.selection import PageFocus, SelectionModel

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
CATEGORIES = ("copies", "contradictions", "timing")


class SideView(QWidget):
    """One side of a finding: where it is, the passage highlighted, and a button to its page."""

    def __init__(self, panel: RecordsPanel):
        super().__init__()
        self.panel = panel
        self.side: dict | None = None
        self.title = QLabel()
        self.text = QTextBrowser()
        self.open = QPushButton()
        self.open.clicked.connect(self.open_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addWidget(self.open)

    def show_side(self, side: dict | None, context: str) -> None:
        self.side = side
        if side is None:
            self.title.setText("")
            self.text.clear()
            return
        self.title.setText(f"{side.get('record', '')}  ·  {side['document']} p{side['page']}")
        passage = side["text"]
        context = context.replace("\n", "")  # the passage is joined over lines; so is the context shown
        at = context.find(passage) if passage else -1
        mark = "<span style='background-color:#ffd54f'>%s</span>"
        if at < 0:
            body = mark % html.escape(passage)
        else:
            body = (html.escape(context[:at]) + mark % html.escape(passage) + html.escape(context[at + len(passage):]))
        self.text.setHtml(f"<div style='font-size:11pt'>{body}</div>")

    def open_page(self) -> None:
        if self.side is None or self.panel.view is None:
            return
        region = record_service.passage_region(self.panel.view, self.side["page_id"], self.side["start"],
                                               self.side["end"])
        self.panel.selection.open_page(self.side["page_id"], PageFocus(regions=(region,) if region else ()))


class RecordsPanel(QWidget):
    def __init__(self, selection: SelectionModel, parent=None):
        super().__init__(parent)
        self.selection = selection
        self.view = None
        self.records: list[dict] = []
        self.findings: dict[str, list[dict]] = {c: [] for c in CATEGORIES}
        self.status = QLabel()
        self.table = QTableWidget(0, 7)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.cellActivated.connect(self._open_record)
        self.table.cellClicked.connect(self._open_record)
        self.category = QComboBox()
        self.category.currentIndexChanged.connect(self._fill_findings)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._show_finding)
        self.a, self.b = SideView(self), SideView(self)
        sides = QSplitter(Qt.Orientation.Horizontal)
        sides.addWidget(self.a)
        sides.addWidget(self.b)
        findings = QWidget()
        fl = QVBoxLayout(findings)
        fl.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.category)
        top.addStretch(1)
        fl.addLayout(top)
        fl.addWidget(self.list)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(findings)
        split.addWidget(sides)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.status)
        layout.addWidget(split)
        selection.caseChanged.connect(self.set_case)
        selection.dataChanged.connect(self.reload)
        self.retranslate()

    def category_name(self, cat: str) -> str:
        return {"copies": self.tr("Copied answers"), "contradictions": self.tr("Contradictions"),
                "timing": self.tr("Timing problems")}[cat]

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Person"), self.tr("Kind"), self.tr("Round"), self.tr("Start"),
                                              self.tr("End"), self.tr("Officers"), self.tr("Pages")])
        current = self.category.currentIndex()
        self.category.blockSignals(True)
        self.category.clear()
        for cat in CATEGORIES:
            self.category.addItem(f"{self.category_name(cat)} ({len(self.findings[cat])})", cat)
        self.category.setCurrentIndex(max(0, current))
        self.category.blockSignals(False)
        for side in (self.a, self.b):
            side.open.setText(self.tr("Open page"))
        self._status()
        self._fill_findings()

    def _status(self) -> None:
        self.status.setText(self.tr("%1 records").replace("%1", str(len(self.records))))

    def set_case(self, view) -> None:
        self.view = view
        self.reload()

    def reload(self) -> None:
        """Records and findings of the case (compared here: a 1,300-page dossier takes well under a second)."""
        self.records, self.findings = [], {c: [] for c in CATEGORIES}
        if self.view is not None:
            self.records = record_service.list_records(self.view.case)
            found = record_service.compare_case_records(self.view.case)
            self.findings = {c: found[c] for c in CATEGORIES}
        self.table.setRowCount(len(self.records))
        for row, r in enumerate(self.records):
            pages = f"{r['pages'][0]}–{r['pages'][-1]}" if len(r["pages"]) > 1 else str(r["pages"][0])
            values = [r["person"] or "?", r["kind"], str(r["round"] or ""), (r["start"] or "").replace("T", " "),
                      (r["end"] or "").replace("T", " "), "、".join(r["officers"] + ([r["recorder"]] if r["recorder"] else [])),
                      pages]
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.retranslate()

    def _open_record(self, row: int, _col: int = 0) -> None:
        if 0 <= row < len(self.records):
            self.selection.open_page(self.records[row]["page_ids"][0])

    def _fill_findings(self) -> None:
        self.list.clear()
        cat = self.category.currentData() or CATEGORIES[0]
        for i, f in enumerate(self.findings.get(cat, [])):
            zh = i18n.current_language().startswith("zh")
            item = QListWidgetItem(f"{f['score']:.2f}  {f['explanation']['zh' if zh else 'en']}")
            item.setData(FINDING_ROLE, (cat, i))
            self.list.addItem(item)
        self.a.show_side(None, "")
        self.b.show_side(None, "")

    def _show_finding(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None or self.view is None:
            return
        cat, i = item.data(FINDING_ROLE)
        f = self.findings[cat][i]
        for view, side in ((self.a, f["a"]), (self.b, f["b"])):
            page = self.view.page(side["page_id"])
            view.show_side(side, page.text[max(0, side["start"] - 120):side["end"] + 120] if page else side["text"])
