"""English and Simplified Chinese UI: a JSON-backed QTranslator, switchable while the window is open.

pyside6-essentials ships lupdate/lrelease, but a JSON catalogue (source text -> translation, any
context) is reviewable in a diff and needs no build step; tests check every tr() string has an entry.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication, QTranslator

from app.core.paths import resources_dir

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}


def catalogue_path(language: str):
    return resources_dir() / "i18n" / f"{language}.json"


def load_catalogue(language: str) -> dict[str, str]:
    path = catalogue_path(language)
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if isinstance(v, str) and v}


class JsonTranslator(QTranslator):
    """Looks each source text up in one flat catalogue, whatever the context."""

    def __init__(self, language: str, parent=None):
        super().__init__(parent)
        self.language = language
        self.catalogue = load_catalogue(language)

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D401 - Qt override
        return self.catalogue.get(source_text)  # None = no translation (an empty string blanked the text)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt override
        return not self.catalogue


_installed: JsonTranslator | None = None


def set_language(language: str) -> str:
    """Install the catalogue for `language` ('en' removes it); widgets get a LanguageChange event."""
    global _installed
    app = QCoreApplication.instance()
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    if language != "en":
        _installed = JsonTranslator(language, app)
        app.installTranslator(_installed)
    return language


def current_language() -> str:
    return _installed.language if _installed is not None else "en"
