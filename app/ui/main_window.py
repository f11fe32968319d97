"""The main window: reader in the middle, dockable panels around it, menus, shortcuts, drag and drop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QMainWindow, QMessageBox, QTabBar, QTabWidget

from app.core.errors import CaseLensError
from app.services.views import CaseView
from app.ui import i18n
from app.ui.alerts_panel import AlertsPanel
from app.ui.app import settings
from app.ui.curation_dialogs import Curator
from app.ui.entities_panel import EntitiesPanel
from app.ui.explorer import Explorer
from app.ui.graph_view import GraphView
from app.ui.import_panel import ImportPanel, ner_setting
from app.ui.reader import Reader
from app.ui.records_panel import RecordsPanel
from app.ui.search_panel import SearchPanel
from app.ui.selection import SelectionModel
from app.ui.summary_panel import SummaryPanel
from app.ui.timeline_view import TimelineView
from app.ui.transactions_panel import TransactionsPanel

MAX_RECENT = 8
STATE_VERSION = 1


class MainWindow(QMainWindow):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("CaseLensMain")
        self.selection = SelectionModel(self)
        self.curator = Curator(self.selection, self)
        self.selection.curator = self.curator
        self.reader = Reader(self.selection)
        self.summary = SummaryPanel(self.selection)
        self.centre = QTabWidget()  # the case summary is the first screen of an opened case; pages open beside it
        self.centre.setDocumentMode(True)
        self.centre.addTab(self.summary, "")
        self.centre.addTab(self.reader, "")
        self.setCentralWidget(self.centre)
        self.selection.caseChanged.connect(lambda view: self.show_summary() if view is not None else None)
        self.selection.pageRequested.connect(lambda *_: self.centre.setCurrentWidget(self.reader))
        self.explorer = Explorer(self.selection)
        self.search = SearchPanel(self.selection)
        self.entities = EntitiesPanel(self.selection)
        self.entities.curator = self.curator
        self.alerts = AlertsPanel(self.selection)
        self.graph = GraphView(self.selection)
        self.timeline = TimelineView(self.selection)
        self.transactions = TransactionsPanel(self.selection)
        self.importer = ImportPanel()
        self.records = RecordsPanel(self.selection)
        self.importer.importFinished.connect(self._import_finished)
        self.importer.earlyResults.connect(self._import_finished)  # early results: the same refresh
        self.summary.alertRequested.connect(self.open_alert)
        self.alerts.writer_busy = lambda: self.importer.running
        self.selection.alertSelected.connect(lambda _id: self.docks["transactions"].raise_())  # its rows in view
        self.docks: dict[str, QDockWidget] = {}
        area, vertical, horizontal = Qt.DockWidgetArea, Qt.Orientation.Vertical, Qt.Orientation.Horizontal
        for name, widget, where, orientation, tab_with in (
                ("explorer", self.explorer, area.LeftDockWidgetArea, vertical, None),
                ("search", self.search, area.LeftDockWidgetArea, vertical, "explorer"),
                ("graph", self.graph, area.RightDockWidgetArea, vertical, None),
                ("entities", self.entities, area.RightDockWidgetArea, vertical, None),
                ("alerts", self.alerts, area.RightDockWidgetArea, vertical, "entities"),
                ("timeline", self.timeline, area.BottomDockWidgetArea, horizontal, None),
                ("transactions", self.transactions, area.BottomDockWidgetArea, horizontal, None),
                ("import", self.importer, area.BottomDockWidgetArea, horizontal, "transactions"),
                ("records", self.records, area.BottomDockWidgetArea, horizontal, "transactions")):
            dock = QDockWidget(self)
            dock.setObjectName(f"dock_{name}")
            dock.setWidget(widget)
            if tab_with is None:
                self.addDockWidget(where, dock, orientation)
            else:
                self.tabifyDockWidget(self.docks[tab_with], dock)
            self.docks[name] = dock
        self.docks["explorer"].raise_()
        self.docks["entities"].raise_()
        self.docks["transactions"].raise_()
        self.hover_label = QLabel()
        self.statusBar().addPermanentWidget(self.hover_label)
        self.selection.entityHovered.connect(self._hovered)
        self.setAcceptDrops(True)
        self._build_menus()
        self.retranslate()
        self.resize(1600, 1000)
        self._laid_out = False

    def default_layout(self) -> None:
        """Reader widest; graph and lists on the right; timeline and ledger below."""
        w, h = self.width(), self.height()
        self.resizeDocks([self.docks["explorer"], self.docks["graph"]], [int(w * 0.15), int(w * 0.33)],
                         Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["timeline"]], [int(h * 0.36)], Qt.Orientation.Vertical)  # ledger: ~12 rows
        self.resizeDocks([self.docks["graph"], self.docks["entities"]], [int(h * 0.4), int(h * 0.3)],
                         Qt.Orientation.Vertical)
        self.resizeDocks([self.docks["timeline"], self.docks["transactions"]], [int(w * 0.45), int(w * 0.55)],
                         Qt.Orientation.Horizontal)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._laid_out:  # sizes apply only once the window has its size
            self._laid_out = True
            self.default_layout()
            self._restore_layout()
            QTimer.singleShot(0, self.hide_stale_tab_bars)

    def hide_stale_tab_bars(self) -> list[QTabBar]:
        """Qt 6.11 builds a second tab bar for a tab group in an area that is also split; the spare one is never
        placed and showed up as empty tabs over the graph. Hide any bar that sits under no dock."""
        docks = [d for d in self.docks.values() if d.isVisible() and not d.isFloating()]
        stale = []
        for bar in self.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            g = bar.geometry()
            if bar.isVisible() and not any(abs(d.x() - g.x()) <= 2 and abs(d.width() - g.width()) <= 2
                                           and abs(d.geometry().bottom() - g.top()) <= 4 for d in docks):
                bar.hide()
                stale.append(bar)
        return stale

    # -- menus -------------------------------------------------------------------------------
    def _action(self, menu, slot, shortcut=None) -> QAction:
        action = QAction(self)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu, self.view_menu, self.entity_menu = bar.addMenu(""), bar.addMenu(""), bar.addMenu("")
        self.a_new = self._action(self.file_menu, self.new_case_dialog, QKeySequence.StandardKey.New)
        self.a_open = self._action(self.file_menu, self.open_case_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = self.file_menu.addMenu("")
        self.file_menu.addSeparator()
        self.a_import_files = self._action(self.file_menu, self.import_files_dialog, "Ctrl+I")
        self.a_import_folder = self._action(self.file_menu, self.import_folder_dialog, "Ctrl+Shift+I")
        self.a_import_batch = self._action(self.file_menu, self.import_batch_dialog)
        self.a_cluster = self._action(self.file_menu, self.cluster_settings_dialog)
        self.a_accurate_ner = self._action(self.file_menu, self._set_accurate_ner)
        self.a_accurate_ner.setCheckable(True)
        self.a_accurate_ner.setChecked(ner_setting() == "accurate")
        self.a_reread = self._action(self.file_menu, self.reread_statements_dialog)
        self.file_menu.addSeparator()
        self.a_export_png = self._action(self.file_menu, lambda: self.graph.export_png())
        self.a_export_svg = self._action(self.file_menu, lambda: self.graph.export_svg())
        self.a_export_csv = self._action(self.file_menu, lambda: self.transactions.export_csv())
        self.file_menu.addSeparator()
        self.a_quit = self._action(self.file_menu, self.close, QKeySequence.StandardKey.Quit)
        self.a_find = self._action(self.view_menu, self.focus_search, QKeySequence.StandardKey.Find)
        self.a_copy_page = self._action(self.view_menu, self.reader.copy_page_text, "Ctrl+Shift+C")
        self.view_menu.addSeparator()
        for dock in self.docks.values():
            self.view_menu.addAction(dock.toggleViewAction())
        self.view_menu.addSeparator()
        self.language_menu = self.view_menu.addMenu("")
        group = QActionGroup(self)
        self.language_actions = {}
        for code, label in i18n.LANGUAGES.items():
            action = QAction(label, self, checkable=True)
            action.setChecked(code == i18n.current_language())
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.a_rename = self._action(self.entity_menu, lambda: self._curate("rename"), "F2")
        self.a_merge = self._action(self.entity_menu, lambda: self._curate("merge"), "Ctrl+M")
        self.a_split = self._action(self.entity_menu, lambda: self._curate("split"))
        self._fill_recent()

    def retranslate(self) -> None:
        titles = {"explorer": self.tr("Case explorer"), "search": self.tr("Search"), "graph": self.tr("Graph"),
                  "entities": self.tr("Entities"), "alerts": self.tr("Alerts"), "timeline": self.tr("Timeline"),
                  "transactions": self.tr("Transactions"), "import": self.tr("Import"), "records": self.tr("Records")}
        for name, dock in self.docks.items():
            dock.setWindowTitle(titles[name])
        self.centre.setTabText(0, self.tr("Case summary"))
        self.centre.setTabText(1, self.tr("Page"))
        self.file_menu.setTitle(self.tr("&File"))
        self.view_menu.setTitle(self.tr("&View"))
        self.entity_menu.setTitle(self.tr("&Entity"))
        self.recent_menu.setTitle(self.tr("Recent cases"))
        self.language_menu.setTitle(self.tr("Language"))
        for action, text in ((self.a_new, self.tr("New case…")), (self.a_open, self.tr("Open case…")),
                             (self.a_import_files, self.tr("Import files…")),
                             (self.a_import_folder, self.tr("Import folder…")),
                             (self.a_import_batch, self.tr("Import folder of dossiers…")),
                             (self.a_cluster, self.tr("Cluster settings…")),
                             (self.a_accurate_ner, self.tr("Accurate name recognition (slower)")),
                             (self.a_reread, self.tr("Re-read bank statements accurately…")),
                             (self.a_export_png, self.tr("Export graph as PNG…")),
                             (self.a_export_svg, self.tr("Export graph as SVG…")),
                             (self.a_export_csv, self.tr("Export transactions as CSV…")),
                             (self.a_quit, self.tr("Quit")), (self.a_find, self.tr("Find in case")),
                             (self.a_copy_page, self.tr("Copy page text")), (self.a_rename, self.tr("Rename…")),
                             (self.a_merge, self.tr("Merge selected")), (self.a_split, self.tr("Split…"))):
            action.setText(text)
        for panel in (self.reader, self.summary, self.explorer, self.search, self.entities, self.alerts, self.graph,
                      self.timeline, self.transactions, self.importer, self.records):
            panel.retranslate()
        self._update_title()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, code: str) -> None:
        i18n.set_language(code)
        settings().setValue("language", code)
        self.language_actions[code].setChecked(True)

    # -- cases -------------------------------------------------------------------------------
    def open_case(self, path: str | Path) -> bool:
        try:
            view = CaseView(path)
        except CaseLensError as exc:
            QMessageBox.warning(self, "CaseLens", exc.message())
            return False
        old = self.selection.view
        self.selection.set_case(view)
        if old is not None:
            old.close()
        self._remember_recent(str(Path(path).resolve()))
        self._update_title()
        return True

    def _update_title(self) -> None:
        view = self.selection.view
        self.setWindowTitle(f"CaseLens — {Path(view.case).name}" if view else "CaseLens")

    def new_case_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("New case"), "case.caselens", self.tr("Case files (*.caselens *.case)"))
        if path:
            self.open_case(path)

    def open_case_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open case"), "", self.tr("Case files (*.caselens *.case);;All files (*)"))
        if path:
            self.open_case(path)

    def _remember_recent(self, path: str) -> None:
        s = settings()
        recent = [p for p in (s.value("recent", []) or []) if p != path]
        s.setValue("recent", [path, *recent][:MAX_RECENT])
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = settings().value("recent", []) or []
        if isinstance(recent, str):
            recent = [recent]
        for path in recent:
            self.recent_menu.addAction(path, lambda p=path: self.open_case(p))
        self.recent_menu.setEnabled(bool(recent))

    # -- import ------------------------------------------------------------------------------
    def import_paths(self, paths: list[str]) -> None:
        if not paths:
            return
        if self.selection.view is None:
            self.new_case_dialog()
            if self.selection.view is None:
                return
        self.docks["import"].show()
        self.docks["import"].raise_()
        self.importer.start(paths, self.selection.view.case)

    def import_files_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Import files"), "",
                                                self.tr("Dossier files (*.pdf *.tif *.tiff *.png *.jpg *.jpeg *.csv *.xlsx);;All files (*)"))
        self.import_paths(paths)

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import folder"))
        if folder:
            self.import_paths([folder])

    def import_batch_dialog(self):
        """A folder of dossiers, one case each (services.batch), here or on the cluster set in the settings."""
        from app.ui.batch_dialog import start_batch

        return start_batch(self)

    def _set_accurate_ner(self, checked: bool = False) -> None:
        """File > Accurate name recognition: the Chinese NER of the next imports (kept with each case)."""
        from app.ui.app import settings
        from app.ui.import_panel import NER_SETTING

        settings().setValue(NER_SETTING, "accurate" if self.a_accurate_ner.isChecked() else "fast")

    def cluster_settings_dialog(self) -> bool:
        """Where batch imports send their OCR: the precinct's scheduler address and certificate folder."""
        from app.ui.batch_dialog import ClusterSettingsDialog

        return ClusterSettingsDialog(self).exec() == ClusterSettingsDialog.DialogCode.Accepted

    def reread_statements_dialog(self) -> bool:
        """Ask, then read the case's bank statement pages again with the accurate recogniser (a background job
        in the import panel; statement rows, names and accounts on them are rebuilt). True when started."""
        from app.services.reocr import ACCURATE_SECONDS_PER_PAGE, STATEMENTS, pages_to_read

        view = self.selection.view
        if view is None or self.importer.running:
            if self.importer.running:
                QMessageBox.information(self, "CaseLens", self.tr("Wait for the running import to finish."))
            return False
        pages = pages_to_read(view.case, force=True, page_type=STATEMENTS, scanned_only=True)
        if not pages:
            QMessageBox.information(self, "CaseLens", self.tr("This case has no scanned bank statement pages."))
            return False
        minutes = max(1, round(pages * ACCURATE_SECONDS_PER_PAGE / 60))
        question = self.tr("Read the %1 bank statement pages again with the accurate recogniser? It takes about %2 min; the statement rows, names and accounts on them are rebuilt. Cancel keeps the pages finished.")
        question = question.replace("%1", str(pages)).replace("%2", str(minutes))
        if self.confirm(question) != QMessageBox.StandardButton.Yes:
            return False
        self.docks["import"].show()
        self.docks["import"].raise_()
        return self.importer.start([], view.case, job="reread") is not None

    def confirm(self, question: str):
        """Yes/No question (a seam for tests)."""
        return QMessageBox.question(self, "CaseLens", question)

    def _import_finished(self, _report) -> None:
        view = self.selection.view
        if view is not None and self.reader.page is None:
            self.selection.set_case(view)
        else:
            self.selection.notify_data_changed()
            self.explorer.load(view)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        cases = [p for p in paths if p.endswith((".caselens", ".case"))]
        if cases:
            self.open_case(cases[0])
        else:
            self.import_paths(paths)
        event.acceptProposedAction()

    # -- misc --------------------------------------------------------------------------------
    def show_summary(self) -> None:
        self.centre.setCurrentWidget(self.summary)

    def open_alert(self, alert_id: int) -> None:
        """An alert from the summary: the alerts list shows it, the reader its first evidence row."""
        self.docks["alerts"].show()
        self.docks["alerts"].raise_()
        self.alerts.open_alert(alert_id)

    def focus_search(self) -> None:
        self.docks["search"].show()
        self.docks["search"].raise_()
        self.search.query.setFocus()
        self.search.query.selectAll()

    def _curate(self, action: str) -> None:
        ids = self.entities.selected_ids() or ([self.selection.entity_id] if self.selection.entity_id >= 0 else [])
        if not ids:
            return
        if action == "merge":
            self.curator.merge(ids)
        elif action == "rename":
            self.curator.rename(ids[0])
        else:
            self.curator.split(ids[0])

    def _hovered(self, entity_id: int) -> None:
        entity = self.selection.view.entity(entity_id) if self.selection.view and entity_id >= 0 else None
        self.hover_label.setText(f"{entity['name']} · {self.entities.kind_label(entity['kind'])}" if entity else "")

    def _restore_layout(self) -> None:
        s = settings()
        geometry, state = s.value("geometry"), s.value("state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state, STATE_VERSION)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.importer.running:
            self.importer.cancel()
        s = settings()
        s.setValue("geometry", self.saveGeometry())
        s.setValue("state", self.saveState(STATE_VERSION))
        super().closeEvent(event)
