"""Every UI string has a Simplified Chinese translation; the PySide build does not corrupt None."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from app.ui.i18n import load_catalogue

UI = Path(__file__).resolve().parents[2] / "app" / "ui"
TR = re.compile(r'(?:\btr|translate\("\w+",)\s*\(?\s*"((?:[^"\\]|\\.)*)"')


def test_every_tr_string_has_chinese():
    catalogue = load_catalogue("zh_CN")
    strings = set()
    for path in UI.glob("*.py"):
        strings |= {s.replace('\\"', '"') for s in TR.findall(path.read_text(encoding="utf-8"))}
    from app.ui.reader import LEGEND_NAMES

    strings |= set(LEGEND_NAMES.values())
    missing = sorted(s for s in strings if s not in catalogue)
    assert len(strings) > 100
    assert not missing, missing


def test_qpainter_calls_keep_none_refcount(qapp):
    """PySide6 6.12.0 on Python 3.11 released None on every void QPainter call and crashed the GUI."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QImage, QPainter

    image = QImage(20, 20, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(1000):
        painter.drawLine(QPointF(0, 0), QPointF(5, 5))
    after = sys.getrefcount(None)
    painter.end()
    assert after - before > -100


def test_missing_translation_falls_back_to_source(qapp):
    """A string missing from the catalogue must show in English, not vanish (the OK button was blank)."""
    from PySide6.QtCore import QCoreApplication

    from app.ui import i18n

    i18n.set_language("zh_CN")
    try:
        assert QCoreApplication.translate("Any", "Not in the catalogue 123") == "Not in the catalogue 123"
        assert QCoreApplication.translate("QPlatformTheme", "OK") == "确定"
    finally:
        i18n.set_language("en")


def test_code_names_have_chinese():
    from app.ui.names import FIELDS, FLAGS, PAGE_TYPES, ROLES, RULES

    catalogue = load_catalogue("zh_CN")
    texts = [*PAGE_TYPES.values(), *ROLES.values(), *FIELDS.values(), "Other rule"]
    texts += [t for pair in [*RULES.values(), *FLAGS.values()] for t in pair]
    assert not [s for s in texts if s not in catalogue]
