"""The selection bus: select anything anywhere and every view follows; facts open their source page."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal

MAX_THEMES = 6


@dataclass(frozen=True)
class PageFocus:
    """What to show on an opened page: regions (PDF points) to outline and a query to highlight."""

    regions: tuple[tuple[float, float, float, float], ...] = ()
    query: str = ""
    mention_id: int | None = None
    extra: dict = field(default_factory=dict)


class SelectionModel(QObject):
    """One per window. Views emit through the methods and listen to the signals; no view knows another."""

    caseOpened = Signal(object)             # CaseView or None: the reader shows page one at once
    caseChanged = Signal(object)            # the same, a moment later: every other view loads
    dataChanged = Signal()                  # the case changed on disk (import finished, curation)
    entitySelected = Signal(int)            # entity id, -1 for none
    entityHovered = Signal(int)
    pageRequested = Signal(int, object)     # page id, PageFocus
    transactionsFocused = Signal(object)    # list[int] | None
    timeWindowChanged = Signal(object, object)  # iso start | None, iso end | None
    alertSelected = Signal(int)
    themesChanged = Signal(object)          # list[int]: entities with a line on the timeline
    pathFound = Signal(object)              # list of graph node keys

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.view = None
        self.entity_id = -1
        self.page_id: int | None = None
        self.window: tuple[str | None, str | None] = (None, None)
        self.themes: list[int] = []
        self.curator = None  # curation_dialogs.Curator, set by the main window

    def set_case(self, view) -> None:
        self.view = view
        self.entity_id, self.page_id, self.window, self.themes = -1, None, (None, None), []
        self.caseOpened.emit(view)
        # The first page is on screen before lists, graph and timeline start loading.
        QTimer.singleShot(0, lambda: self.caseChanged.emit(view) if self.view is view else None)

    def select_entity(self, entity_id: int) -> None:
        if entity_id == self.entity_id:
            return
        self.entity_id = entity_id
        if entity_id >= 0 and entity_id not in self.themes:
            self.themes = ([*self.themes, entity_id])[-MAX_THEMES:]
            self.themesChanged.emit(list(self.themes))
        self.entitySelected.emit(entity_id)

    def set_themes(self, entity_ids: list[int]) -> None:
        self.themes = list(dict.fromkeys(entity_ids))[:MAX_THEMES * 2]
        self.themesChanged.emit(list(self.themes))

    def hover_entity(self, entity_id: int) -> None:
        self.entityHovered.emit(entity_id)

    def open_page(self, page_id: int | None, focus: PageFocus | None = None) -> None:
        if page_id is None:
            return
        self.page_id = page_id
        self.pageRequested.emit(page_id, focus or PageFocus())

    def focus_transactions(self, ids: list[int] | None) -> None:
        self.transactionsFocused.emit(ids)

    def set_time_window(self, start: str | None, end: str | None) -> None:
        if (start, end) == self.window:
            return
        self.window = (start, end)
        self.timeWindowChanged.emit(start, end)

    def select_alert(self, alert_id: int) -> None:
        self.alertSelected.emit(alert_id)

    def notify_data_changed(self) -> None:
        self.dataChanged.emit()
