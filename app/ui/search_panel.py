"""Full-text search with snippets and filters (document, page type, date range); hits open highlighted."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.names import page_type_name
from app.ui.selection import PageFocus, SelectionModel

HIT_ROLE = Qt.ItemDataRole.UserRole + 1


class SearchPanel(QWidget):
    def __init__(self, selection: SelectionModel, parent=None):
        super().__init__(parent)
        self.selection = selection
        self.view = None
        self.query = QLineEdit()
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.run)
        self.go = QPushButton()
        self.go.clicked.connect(self.run)
        self.document = QComboBox()
        self.page_type = QComboBox()
        self.use_dates = QCheckBox()
        self.date_from = QDateEdit(QDate(2000, 1, 1), calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.date_to = QDateEdit(QDate.currentDate(), calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.itemActivated.connect(self._open)
        self.results.itemClicked.connect(self._open)
        self.status = QLabel()
        grid = QGridLayout()
        grid.addWidget(self.query, 0, 0, 1, 3)
        grid.addWidget(self.go, 0, 3)
        self.doc_label, self.type_label = QLabel(), QLabel()
        grid.addWidget(self.doc_label, 1, 0)
        grid.addWidget(self.document, 1, 1, 1, 3)
        grid.addWidget(self.type_label, 2, 0)
        grid.addWidget(self.page_type, 2, 1, 1, 3)
        grid.addWidget(self.use_dates, 3, 0)
        grid.addWidget(self.date_from, 3, 1)
        grid.addWidget(QLabel("–"), 3, 2)
        grid.addWidget(self.date_to, 3, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(grid)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        selection.caseChanged.connect(self.set_case)
        self.retranslate()

    def retranslate(self) -> None:
        self.query.setPlaceholderText(self.tr("Search text: 张伟, 6222 0212, \"transfer of funds\""))
        self.go.setText(self.tr("Search"))
        self.doc_label.setText(self.tr("Document"))
        self.type_label.setText(self.tr("Page type"))
        self.use_dates.setText(self.tr("Dates"))
        if self.results.count():
            self.status.setText(self.tr("%n page(s) found", "", self.results.count()).replace("%n", str(self.results.count())))
        if self.document.count():
            self.document.setItemText(0, self.tr("All documents"))
            self.page_type.setItemText(0, self.tr("All page types"))
            for i in range(1, self.page_type.count()):  # page types by name in the UI language, not by code
                self.page_type.setItemText(i, page_type_name(self.page_type.itemData(i)))

    def set_case(self, view) -> None:
        self.view = view
        self.results.clear()
        self.document.clear()
        self.page_type.clear()
        self.document.addItem(self.tr("All documents"), None)
        self.page_type.addItem(self.tr("All page types"), None)
        if view is None:
            return
        for d in view.documents():
            self.document.addItem(d["name"], d["id"])
        for t in view.page_types():
            self.page_type.addItem(page_type_name(t), t)

    def run(self) -> None:
        """Search (FTS5, a few ms even on big cases) and list hits with the match in brackets."""
        self.results.clear()
        text = self.query.text().strip()
        if self.view is None or not text:
            return
        dates = (self.date_from.date().toString("yyyy-MM-dd"), self.date_to.date().toString("yyyy-MM-dd")) \
            if self.use_dates.isChecked() else (None, None)
        hits = self.view.search(text, document_id=self.document.currentData(), page_type=self.page_type.currentData(),
                                date_from=dates[0], date_to=dates[1])
        for hit in hits:
            item = QListWidgetItem(f"{hit.document_name} · p.{hit.page_number}\n{hit.snippet}")
            item.setData(HIT_ROLE, hit.page_id)
            self.results.addItem(item)
        self.status.setText(self.tr("%n page(s) found", "", len(hits)).replace("%n", str(len(hits))))
        if hits:
            self.results.setCurrentRow(0)

    def _open(self, item: QListWidgetItem) -> None:
        self.selection.open_page(item.data(HIT_ROLE), PageFocus(query=self.query.text().strip()))
