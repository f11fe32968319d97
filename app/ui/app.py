"""QApplication setup: style, a CJK-capable font, settings under CaseLens's own folder, translations."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.core.paths import app_dir
from app.ui import i18n

CJK_FAMILIES = ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC",
                "Hiragino Sans GB", "WenQuanYi Micro Hei", "Noto Sans SC", "SimHei"]

STYLE = """
QDockWidget::title { padding: 4px 6px; background: #e8ecf1; font-weight: 600; }
QToolBar { spacing: 4px; }
QTableView { gridline-color: #e0e0e0; selection-background-color: #cfe3ff; selection-color: black; }
QTreeView { selection-background-color: #cfe3ff; selection-color: black; }
QHeaderView::section { padding: 3px 6px; background: #f3f5f8; border: none;
                       border-right: 1px solid #dde1e6; border-bottom: 1px solid #dde1e6; }
QLineEdit, QComboBox, QDateEdit, QDoubleSpinBox { padding: 2px 4px; }
"""


def cjk_family() -> str | None:
    """The first installed font family that shows Simplified Chinese well, if any."""
    families = set(QFontDatabase.families())
    for name in CJK_FAMILIES:
        if name in families:
            return name
    for name in sorted(families):
        if QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(name):
            return name
    return None


def settings() -> QSettings:
    """UI settings (window layout, recent cases, language) in an INI file under app_dir()."""
    folder = app_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat)


def create_app(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, with font, style and the saved language applied."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("CaseLens")
    app.setOrganizationName("CaseLens")
    app.setStyle("Fusion")
    family = cjk_family()
    font = QFont(family) if family else QFont()
    font.setPointSizeF(9.5)
    app.setFont(font)
    app.setStyleSheet(STYLE)
    i18n.set_language(str(settings().value("language", "en")))
    return app
