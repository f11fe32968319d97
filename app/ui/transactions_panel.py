"""The ledger table: sorting, filters (amount, date, counterparty), linked to selection, export to CSV."""

from __future__ import annotations

import csv

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.views import TxFilter, flag_names, flag_notes
from app.services.views import facts as views_facts
from app.ui import toolbar
from app.ui.names import flag_explanation, flag_label, money
from app.ui.selection import PageFocus, SelectionModel

COLUMNS = ["time", "holder_name", "holder_account", "direction", "amount", "balance", "cp_name", "cp_account",
           "channel", "memo", "flags"]
SORT_KEYS = {"amount": "abs_amount", "direction": "amount", "flags": "time"}  # amount: largest flows first
BATCH = 500


class TransactionModel(QAbstractTableModel):
    """Rows come from the case in batches of 500 (canFetchMore/fetchMore); sorting re-queries."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.view = None
        self.filter = TxFilter()
        self.rows: list[dict] = []
        self.total = 0
        self.headers: list[str] = COLUMNS
        self.in_text, self.out_text = "In", "Out"

    def reset(self, view=None, f: TxFilter | None = None) -> None:
        self.beginResetModel()
        if view is not None:
            self.view = view
        if f is not None:
            self.filter = f
        self.rows = []
        self.total = views_facts.transaction_count(self.view, self.filter) if self.view else 0
        self.endResetModel()
        if self.canFetchMore():
            self.fetchMore()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return len(COLUMNS)

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802 - Qt override
        return not parent.isValid() and self.view is not None and len(self.rows) < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802 - Qt override
        more = views_facts.transactions(self.view, self.filter, limit=BATCH, offset=len(self.rows))
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.filter.order_by = SORT_KEYS.get(COLUMNS[column], COLUMNS[column])
        self.filter.descending = order == Qt.SortOrder.DescendingOrder
        self.reset()

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt override
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def display(self, row: dict, key: str) -> str:
        if key == "direction":
            amount = row.get("amount")
            return "" if amount is None else (self.in_text if amount >= 0 else self.out_text)
        value = row.get(key)
        if value is None:
            return ""
        if key in ("amount", "balance"):
            return money(value, row.get("currency"))
        if key == "flags":
            return ", ".join(flag_label(f) for f in flag_names(value))
        if key == "time":  # one width for all rows: a row printed without a time of day shows --:--
            text = str(value).replace("T", " ")
            return text[:16] if len(text) > 10 else f"{text[:10]} --:--"
        return str(value)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        try:
            return self._data(index, role)
        except (IndexError, KeyError, TypeError, ValueError):  # an exception escaping a Qt virtual aborts the app
            return None

    def _data(self, index: QModelIndex, role):
        row = self.rows[index.row()]
        key = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, key)
        if role == Qt.ItemDataRole.ForegroundRole and key in ("amount", "direction"):
            return QBrush(QColor("#2e7d32" if row["amount"] >= 0 else "#c62828"))
        if role == Qt.ItemDataRole.BackgroundRole and row["flags"]:
            return QBrush(QColor("#fff3e0"))
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("amount", "balance"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and key == "flags" and row["flags"]:
            return "\n".join([flag_explanation(f) for f in flag_names(row["flags"])] + flag_notes(row["flags"]))
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def all_rows(self) -> list[dict]:
        """Every row under the current filter (for export), not only those fetched so far."""
        return views_facts.transactions(self.view, self.filter, limit=10_000_000) if self.view else []


class TransactionsPanel(QWidget):
    def __init__(self, selection: SelectionModel, parent=None):
        super().__init__(parent)
        self.selection = selection
        self.model = TransactionModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open_source)
        self.min_amount, self.max_amount = QDoubleSpinBox(), QDoubleSpinBox()
        for box in (self.min_amount, self.max_amount):
            box.setRange(0, 1e12)
            box.setDecimals(0)
            box.setGroupSeparatorShown(True)
            box.setSpecialValueText("—")
            box.editingFinished.connect(self.apply_filters)
        self.counterparty = QLineEdit()
        self.counterparty.setClearButtonEnabled(True)
        self.counterparty.returnPressed.connect(self.apply_filters)
        self.follow = QCheckBox(checked=True)
        self.follow.toggled.connect(lambda _: self.apply_filters())
        self.clear_btn, self.export_btn = QPushButton(), QPushButton()
        self.clear_btn.clicked.connect(self.clear_filters)
        self.export_btn.clicked.connect(lambda: self.export_csv())
        self.count = QLabel()
        self.amount_label = QLabel()
        bar = toolbar.strip(self.amount_label, self.min_amount, QLabel("–"), self.max_amount, self.counterparty,
                            self.follow, self.clear_btn, self.count, toolbar.STRETCH, self.export_btn)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(bar)
        layout.addWidget(self.table)
        self.accounts: list[str] | None = None
        self.ids: list[int] | None = None
        selection.caseChanged.connect(self.set_case)
        selection.dataChanged.connect(self.apply_filters)
        selection.entitySelected.connect(self._entity)
        selection.timeWindowChanged.connect(lambda *_: self.apply_filters())
        selection.transactionsFocused.connect(self._focus_ids)
        self.retranslate()

    def retranslate(self) -> None:
        self.model.headers = [self.tr("Time"), self.tr("Holder"), self.tr("Account"), self.tr("In/Out"),
                              self.tr("Amount"), self.tr("Balance"), self.tr("Counterparty"),
                              self.tr("Counterparty account"), self.tr("Channel"), self.tr("Memo"), self.tr("Flags")]
        self.model.in_text, self.model.out_text = self.tr("In"), self.tr("Out")
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.amount_label.setText(self.tr("Amount"))
        self.counterparty.setPlaceholderText(self.tr("Counterparty or memo"))
        self.follow.setText(self.tr("Follow selection"))
        self.clear_btn.setText(self.tr("Clear filters"))
        self.export_btn.setText(self.tr("Export CSV…"))
        self._update_count()

    def set_case(self, view) -> None:
        self.accounts, self.ids = None, None
        self.model.reset(view, TxFilter())
        self._update_count()
        self.table.resizeColumnsToContents()

    def current_filter(self) -> TxFilter:
        if self.ids is not None:  # an alert's rows: every one of them, whatever else was filtered before
            return TxFilter(ids=self.ids, order_by=self.model.filter.order_by, descending=self.model.filter.descending)
        start, end = self.selection.window
        return TxFilter(min_amount=self.min_amount.value() or None, max_amount=self.max_amount.value() or None,
                        start=start, end=end, counterparty=self.counterparty.text().strip() or None,
                        accounts=self.accounts if self.follow.isChecked() else None,
                        ids=self.ids, order_by=self.model.filter.order_by, descending=self.model.filter.descending)

    def apply_filters(self) -> None:
        if self.model.view is None:
            return
        self.model.reset(f=self.current_filter())
        self._update_count()

    def clear_filters(self) -> None:
        self.min_amount.setValue(0)
        self.max_amount.setValue(0)
        self.counterparty.clear()
        self.accounts, self.ids = None, None
        self.selection.set_time_window(None, None)
        self.apply_filters()

    def _entity(self, entity_id: int) -> None:
        view = self.model.view
        if view is None:
            return
        self.ids = None
        self.accounts = (views_facts.entity_accounts(view, entity_id) or None) if entity_id >= 0 else None
        if self.follow.isChecked():
            self.apply_filters()

    def _focus_ids(self, ids) -> None:
        self.ids = list(ids) if ids is not None else None
        self.accounts = None
        self.apply_filters()

    def _update_count(self) -> None:
        self.count.setText(self.tr("%1 rows").replace("%1", f"{self.model.total:,}"))

    def _open_source(self, index: QModelIndex) -> None:
        row = index.data(Qt.ItemDataRole.UserRole)
        if row and row.get("page_id"):
            tx = views_facts.transaction(self.model.view, row["id"])
            box = tuple(tx["row_bbox"]) if tx and tx.get("row_bbox") else None
            self.selection.open_page(row["page_id"], PageFocus(regions=(box,) if box else ()))

    def export_csv(self, path: str | None = None) -> str | None:
        """Write the rows under the current filters (all of them, not just those loaded) as UTF-8 CSV."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export transactions"), "transactions.csv",
                                                  "CSV (*.csv)")
        if not path:
            return None
        with open(path, "w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(self.model.headers)
            for row in self.model.all_rows():  # numbers stay numbers for the spreadsheet that opens it
                writer.writerow([f"{row[k]:.2f}" if k in ("amount", "balance") and row.get(k) is not None
                                 else self.model.display(row, k) for k in COLUMNS])
        return path
