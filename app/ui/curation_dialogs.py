"""Curation from the GUI: merge, split, rename entities and mark a mention wrong, persisted by app.services.curation."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.services import curation
from app.ui import jobs
from app.ui.selection import SelectionModel


def with_context(view, mentions: list[dict], chars: int = 14) -> list[dict]:
    """Each mention with the words around it on its page, so the officer can tell two namesakes apart."""
    texts: dict[int, str] = {}
    out = []
    for m in mentions:
        if m["page_id"] not in texts:
            page = view.page(m["page_id"])
            texts[m["page_id"]] = page.text if page else ""
        text = texts[m["page_id"]]
        snippet = " ".join(text[max(0, m["start"] - chars):m["end"] + chars].split())
        out.append({**m, "context": snippet})
    return out


class SplitDialog(QDialog):
    """Tick the mentions that belong to someone else; they become a new entity."""

    def __init__(self, name: str, mentions: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Split entity"))
        self.list = QListWidget()
        for m in mentions:
            context = f"   「{m['context']}」" if m.get("context") else ""
            item = QListWidgetItem(f"{m['text']}  —  {m['document_name']} p.{m['number']}{context}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, m["id"])
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Mentions of %1 that are someone else:").replace("%1", name)))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(480, 360)

    def chosen(self) -> list[int]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]


class Curator(QObject):
    """Asks the officer, then runs the curation (it re-resolves the case) in the background."""

    finished = Signal(bool, str)  # ok, message

    def __init__(self, selection: SelectionModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.selection = selection
        self.parent_widget = parent

    # Dialog steps are methods so tests can answer them without a modal loop.
    def ask_name(self, current: str) -> str | None:
        text, ok = QInputDialog.getText(self.parent_widget, self.tr("Rename entity"), self.tr("New name:"),
                                        text=current)
        return text.strip() if ok and text.strip() else None

    def confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self.parent_widget, self.tr("CaseLens"), question)
        return answer == QMessageBox.StandardButton.Yes

    def choose_mentions(self, name: str, mentions: list[dict]) -> list[int]:
        dialog = SplitDialog(name, mentions, self.parent_widget)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else []

    def rename(self, entity_id: int) -> None:
        view = self.selection.view
        entity = view.entity(entity_id) if view else None
        if entity is None:
            return
        name = self.ask_name(entity["name"])
        if name and name != entity["name"]:
            self._run(curation.rename, entity_id, name)

    def merge(self, entity_ids: list[int]) -> None:
        view = self.selection.view
        if view is None or len(entity_ids) < 2:
            return
        names = "、".join(view.entity(i)["name"] for i in entity_ids if view.entity(i))
        if self.confirm(self.tr("Merge these entities into one?") + "\n" + names):
            self._run(curation.merge, list(entity_ids))

    def split(self, entity_id: int) -> None:
        view = self.selection.view
        entity = view.entity(entity_id) if view else None
        if entity is None:
            return
        chosen = self.choose_mentions(entity["name"], with_context(view, view.entity_mentions(entity_id)))
        if chosen:
            self._run(curation.split, entity_id, chosen)

    def reject_mention(self, mention_id: int, text: str) -> None:
        if self.confirm(self.tr("Mark this mention as wrong?") + f"\n{text}"):
            self._run(curation.reject_mention, mention_id)

    def _run(self, fn, *args) -> None:
        import app.services.resolve  # noqa: F401 - import on the GUI thread, never in a worker (shiboken)

        case = self.selection.view.case

        def done(_result) -> None:
            self.selection.notify_data_changed()
            self.finished.emit(True, "")

        def failed(message: str) -> None:
            self.finished.emit(False, message.splitlines()[0] if message else "")
            QMessageBox.warning(self.parent_widget, self.tr("CaseLens"), message.splitlines()[0])

        jobs.submit(fn, case, *args, on_done=done, on_error=failed)
