"""With the UI in Simplified Chinese, no widget of the main window shows a raw code (bank_statement, balance_break,
fast_in_fast_out) or an English sentence: labels, buttons, tabs, docks, menus, lists, trees, table headers and the
coded table columns, the case summary."""

from __future__ import annotations

import re

RAW_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
ENGLISH = re.compile(r"\b[A-Za-z]{2,}(?:[ ,'’/-]+[A-Za-z]{2,}){2,}")  # three English words in a row
CODED_COLUMNS = {"entities": (1, 2), "transactions": (3, 10)}  # kind, role; in/out, flags (data columns aside)


def _model_texts(model, parent=None, limit=200) -> list[str]:
    from PySide6.QtCore import QModelIndex, Qt

    parent = parent or QModelIndex()
    out = []
    for row in range(min(model.rowCount(parent), limit)):
        for col in range(model.columnCount(parent)):
            index = model.index(row, col, parent)
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if isinstance(text, str):
                out.append(text)
        first = model.index(row, 0, parent)
        if model.hasChildren(first):
            out += _model_texts(model, first, limit)
    return out


def _headers(model) -> list[str]:
    from PySide6.QtCore import Qt

    return [str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
            for c in range(model.columnCount())]


def widget_texts(window) -> dict[str, list[str]]:
    """Every text the window shows, by where it is."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QComboBox,
        QDockWidget,
        QLabel,
        QLineEdit,
        QListWidget,
        QTabBar,
        QTextBrowser,
        QTreeView,
        QTreeWidget,
    )

    texts: dict[str, list[str]] = {}

    def add(where: str, *values: str) -> None:
        texts.setdefault(where, []).extend(v for v in values if v)

    for w in window.findChildren(QLabel):
        add(f"QLabel {w.objectName()}", w.text())
    for w in window.findChildren(QAbstractButton):
        add("button", w.text())
    for w in window.findChildren(QLineEdit):
        add("placeholder", w.placeholderText())
    for w in window.findChildren(QDockWidget):
        add("dock", w.windowTitle())
    for w in window.findChildren(QTabBar):
        add("tab", *[w.tabText(i) for i in range(w.count())])
    for w in window.findChildren(QComboBox):
        add("combo", *[w.itemText(i) for i in range(w.count())])
    for w in window.findChildren(QListWidget):
        add("list", *[w.item(i).text() for i in range(w.count())])
    for w in window.findChildren(QTreeWidget):
        add("tree", *_model_texts(w.model()))
    for item in window.alerts.alert_items():  # the rule's own sentence, shown as the alert's tooltip
        add("alert tooltip", item.toolTip(0))
    for w in window.findChildren(QTreeView):
        if not isinstance(w, QTreeWidget):
            add("tree view", *_model_texts(w.model()))
    for w in window.findChildren(QTextBrowser):
        add("text", w.toPlainText())
    for action in window.menuBar().actions():
        add("menu", action.text())
        if action.menu() is not None:
            add("menu", *[a.text() for a in action.menu().actions() if a.text() not in ("English",)])
    for name, cols in CODED_COLUMNS.items():
        panel = getattr(window, name)
        model = panel.table.model()
        add(f"{name} header", *_headers(model))
        for row in range(min(model.rowCount(), 200)):
            add(f"{name} cells", *[str(model.index(row, c).data() or "") for c in cols])
    return texts


def problems(texts: dict[str, list[str]]) -> list[tuple[str, str]]:
    found = []
    for where, values in texts.items():
        for text in values:
            for line in text.splitlines():
                if RAW_CODE.search(line) or ENGLISH.search(line):
                    found.append((where, line))
    return found


def test_chinese_ui_shows_no_raw_code_or_english_sentence(window, ui_case, qtbot):
    from app.ui import i18n

    qtbot.waitUntil(lambda: window.summary.summary is not None, timeout=10_000)
    window.set_language("zh_CN")
    try:
        qtbot.waitUntil(lambda: window.docks["alerts"].windowTitle() == "预警", timeout=3000)
        qtbot.waitUntil(lambda: "案件概要" in window.summary.browser.toPlainText(), timeout=10_000)
        texts = widget_texts(window)  # the whole ledger, its flagged row too
        window.alerts._open(window.alerts.alert_items()[0])
        for where, values in widget_texts(window).items():
            texts.setdefault(where, []).extend(values)
        assert sum(len(v) for v in texts.values()) > 150  # the walk reached the panels
        assert "案件概要" in texts["tab"] and any("犯罪嫌疑人" in t for t in texts["text"])
        assert problems(texts) == []
    finally:
        i18n.set_language("en")


def test_english_ui_is_what_the_check_would_catch(window, ui_case, qtbot):
    """The check itself: an English UI trips it (so a silent walk means Chinese, not an empty walk)."""
    qtbot.waitUntil(lambda: window.summary.summary is not None, timeout=10_000)
    assert problems(widget_texts(window))
