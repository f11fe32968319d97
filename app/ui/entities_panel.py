"""People with roles, accounts with holders, organisations, phones and ID numbers, with mention counts."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.views import summary as views_summary
from app.ui.names import role_name
from app.ui.palette import kind_colour
from app.ui.selection import PageFocus, SelectionModel

KINDS = ["person", "account", "organisation", "phone", "id_number", "place", "vehicle", "email"]
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class EntityTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []
        self.headers: list[str] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 4

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt override
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and self.headers:
            return self.headers[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        row = self.rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return row["id"]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return row["name"]
            if col == 1:
                return row["kind_label"]
            if col == 2:
                return row["holder"] if row["kind"] == "account" else role_name(row["role"])
            return row["mentions"]
        if role == Qt.ItemDataRole.UserRole + 2:  # sort key
            return row["mentions"] if col == 3 else self.data(index)
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return QBrush(kind_colour(row["kind"]))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"#{row['id']} {row['name']}"
        return None


class EntitiesPanel(QWidget):
    """Click selects an entity everywhere; double-click opens its first mention; right-click curates."""

    def __init__(self, selection: SelectionModel, parent=None):
        super().__init__(parent)
        self.selection = selection
        self.view = None
        self.model = EntityTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole + 2)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        self.table.clicked.connect(self._select)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the service's order:
        self.proxy.sort(-1)  # suspects first (views_summary.entity_rank) until the officer sorts by a column
        self.table.doubleClicked.connect(self._open_first)
        self.kind = QComboBox()
        self.kind.currentIndexChanged.connect(self.reload)
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        top = QHBoxLayout()
        top.addWidget(self.kind)
        top.addWidget(self.filter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.curator = None  # set by the main window (curation dialogs)
        selection.caseChanged.connect(self.set_case)
        selection.dataChanged.connect(self.reload)
        selection.entitySelected.connect(self._follow)
        self.retranslate()

    def kind_label(self, kind: str) -> str:
        return {"person": self.tr("Person"), "account": self.tr("Account"), "organisation": self.tr("Organisation"),
                "phone": self.tr("Phone"), "id_number": self.tr("ID number"), "place": self.tr("Place"),
                "vehicle": self.tr("Vehicle"), "email": self.tr("Email")}.get(kind, kind)

    def retranslate(self) -> None:
        self.model.headers = [self.tr("Name"), self.tr("Kind"), self.tr("Role / holder"), self.tr("Mentions")]
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        self.filter.setPlaceholderText(self.tr("Filter entities"))
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem(self.tr("All kinds"), None)
        for k in KINDS:
            self.kind.addItem(self.kind_label(k), k)
        self.kind.setCurrentIndex(max(0, self.kind.findData(current)))
        self.kind.blockSignals(False)
        for r in self.model.rows:
            r["kind_label"] = self.kind_label(r["kind"])

    def set_case(self, view) -> None:
        self.view = view
        self.reload()

    def reload(self) -> None:
        if self.view is None:
            self.model.set_rows([])
            return
        kind = self.kind.currentData()
        rows = views_summary.ranked_entities(self.view, [kind] if kind else None)
        for r in rows:
            r["kind_label"] = self.kind_label(r["kind"])
        self.model.set_rows(rows)
        self.table.resizeColumnToContents(1)
        self.table.resizeColumnToContents(3)

    def _id_at(self, index: QModelIndex) -> int | None:
        return index.data(ID_ROLE) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        return [i.data(ID_ROLE) for i in self.table.selectionModel().selectedRows()]

    def _select(self, index: QModelIndex) -> None:
        entity_id = self._id_at(index)
        if entity_id is not None:
            self.selection.select_entity(entity_id)

    def _open_first(self, index: QModelIndex) -> None:
        entity_id = self._id_at(index)
        if entity_id is None or self.view is None:
            return
        mentions = self.view.entity_mentions(entity_id)
        if mentions:
            m = mentions[0]
            box = (m["x0"], m["y0"], m["x1"], m["y1"])
            self.selection.open_page(m["page_id"], PageFocus(regions=(box,) if None not in box else (),
                                                              mention_id=m["id"]))

    def _follow(self, entity_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            idx = self.proxy.index(row, 0)
            if idx.data(ID_ROLE) == entity_id:
                if self.table.currentIndex().row() != row:
                    self.table.selectRow(row)
                    self.table.scrollTo(idx)
                return

    def _menu(self, pos) -> None:
        if self.curator is None:
            return
        ids = self.selected_ids()
        if not ids:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Rename…"), lambda: self.curator.rename(ids[0])).setEnabled(len(ids) == 1)
        menu.addAction(self.tr("Merge selected"), lambda: self.curator.merge(ids)).setEnabled(len(ids) >= 2)
        menu.addAction(self.tr("Split…"), lambda: self.curator.split(ids[0])).setEnabled(len(ids) == 1)
        menu.addAction(self.tr("Show on timeline"), lambda: self.selection.set_themes([*ids, *self.selection.themes]))
        menu.exec(self.table.viewport().mapToGlobal(pos))
