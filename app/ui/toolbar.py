"""A panel's row of controls as a QToolBar: when the dock is narrow the rest goes into a » menu instead of
forcing the whole main window wider (plain button rows made the reader column too narrow)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QSizePolicy, QToolBar, QWidget

STRETCH = None
SEPARATOR = "|"


def strip(*items) -> QToolBar:
    """Widgets in order; STRETCH pushes what follows to the right, SEPARATOR draws a divider."""
    bar = QToolBar()
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.setIconSize(QSize(16, 16))
    bar.setStyleSheet("QToolBar { border: 0; spacing: 2px; padding: 1px 2px; }")
    for item in items:
        if item is STRETCH:
            spacer = QWidget()
            spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            bar.addWidget(spacer)
        elif isinstance(item, str) and item == SEPARATOR:
            bar.addSeparator()
        else:
            bar.addWidget(item)
    return bar
