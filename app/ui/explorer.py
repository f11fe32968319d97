"""Case explorer: documents → the dossier's own table of contents (卷内目录: 受案登记表, 立案决定书, 拘留证 …) where a
contents page lists it, page types as the second grouping (and the only one elsewhere) → pages; thumbnails lazily."""

from __future__ import annotations

from itertools import groupby

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLineEdit, QTreeView, QVBoxLayout, QWidget

from app.services.views.contents import contents_sections
from app.ui import jobs
from app.ui.names import page_type_name
from app.ui.reader import to_qimage
from app.ui.selection import SelectionModel

PAGE_ROLE = Qt.ItemDataRole.UserRole + 1
THUMB_ZOOM = 0.12
THUMB_SIZE = QSize(42, 56)


class PageTreeModel(QStandardItemModel):
    """Thumbnails are asked for only when a view paints a row (data(DecorationRole)), then cached."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.view = None
        self.thumbs: dict[int, QPixmap] = {}
        self._asked: set[int] = set()
        placeholder = QPixmap(THUMB_SIZE)
        placeholder.fill(QColor("#eceff1"))
        self.placeholder = placeholder
        self._index_of: dict[int, QStandardItem] = {}

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DecorationRole:
            page_id = super().data(index, PAGE_ROLE)
            if page_id is not None:
                pix = self.thumbs.get(page_id)
                if pix is None:
                    self._request(page_id)
                    return self.placeholder
                return pix
        return super().data(index, role)

    def _request(self, page_id: int) -> None:
        if page_id in self._asked or self.view is None:
            return
        self._asked.add(page_id)
        view = self.view
        jobs.submit(lambda: to_qimage(view.render(page_id, THUMB_ZOOM)), pool_name="render",
                    on_done=lambda img: self._arrived(view, page_id, img))

    def _arrived(self, view, page_id: int, image) -> None:
        if view is not self.view:
            return
        self.thumbs[page_id] = QPixmap.fromImage(image).scaled(THUMB_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                                               Qt.TransformationMode.SmoothTransformation)
        item = self._index_of.get(page_id)
        if item is not None:
            idx = item.index()
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])

    def load(self, view, documents: list[dict], pages: list[dict], type_name, contents=None,
             page_label=lambda first, last: f"p.{first}" + (f"–{last}" if last != first else "")) -> None:
        """`contents`: document id -> views_contents.ContentsSection list (the volume's own titles)."""
        self.clear()
        self.view, self.thumbs, self._asked, self._index_of = view, {}, set(), {}
        contents = contents or {}
        by_doc: dict[int, list[dict]] = {}
        for p in pages:
            by_doc.setdefault(p["document_id"], []).append(p)
        root = self.invisibleRootItem()
        for doc in documents:
            doc_pages = by_doc.get(doc["id"], [])
            doc_item = QStandardItem(f"{doc['name']}  ({len(doc_pages)})")
            doc_item.setEditable(False)
            doc_item.setToolTip(doc["path"])
            secs = contents.get(doc["id"], [])

            def section_of(page: dict, secs=secs):
                return next((n for n, sec in enumerate(secs) if sec.first <= page["number"] <= sec.last), None)

            for n, run in groupby(doc_pages, key=section_of):
                run = list(run)
                if n is None:  # pages the contents page does not list: grouped by page type, as before
                    for group in self._type_groups(run, type_name, page_label):
                        doc_item.appendRow(group)
                    continue
                sec = secs[n]
                types = list(dict.fromkeys(p["page_type"] or "" for p in run))
                title = QStandardItem(f"{sec.title}  {page_label(run[0]['number'], run[-1]['number'])}"
                                      + (f"  · {type_name(types[0])}" if len(types) == 1 else ""))
                title.setEditable(False)
                title.setToolTip(" · ".join(x for x in (sec.title, sec.unit, sec.date) if x))
                title.setData(run[0]["id"], PAGE_ROLE + 1)
                font = title.font()
                font.setBold(True)
                title.setFont(font)
                if len(types) == 1:
                    for p in run:
                        title.appendRow(self._page_item(p))
                else:
                    for group in self._type_groups(run, type_name, page_label):
                        title.appendRow(group)
                doc_item.appendRow(title)
            root.appendRow(doc_item)

    def _type_groups(self, pages: list[dict], type_name, page_label) -> list[QStandardItem]:
        """Consecutive pages of one type form a sub-document (a record, a statement)."""
        groups = []
        for page_type, run in groupby(pages, key=lambda p: p["page_type"] or ""):
            run = list(run)
            group = QStandardItem(f"{type_name(page_type)}  " + page_label(run[0]["number"], run[-1]["number"]))
            group.setEditable(False)
            group.setData(run[0]["id"], PAGE_ROLE + 1)
            for p in run:
                group.appendRow(self._page_item(p))
            groups.append(group)
        return groups

    def _page_item(self, p: dict) -> QStandardItem:
        item = QStandardItem(f"{p['number']}")
        item.setEditable(False)
        item.setData(p["id"], PAGE_ROLE)
        if p["status"] != "done":
            item.setForeground(QColor("#b71c1c"))
            item.setToolTip(p["status"])
        self._index_of[p["id"]] = item
        return item


class Explorer(QWidget):
    """The tree of the case; clicking a page or a group opens it in the reader."""

    def __init__(self, selection: SelectionModel, parent=None):
        super().__init__(parent)
        self.selection = selection
        self.model = PageTreeModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setIconSize(THUMB_SIZE)
        self.tree.setUniformRowHeights(False)  # page rows are thumbnail-high, group rows one line
        self.tree.clicked.connect(self._open)
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree)
        selection.pageRequested.connect(self._follow)
        selection.caseChanged.connect(self.load)
        self.retranslate()

    def retranslate(self) -> None:
        self.filter.setPlaceholderText(self.tr("Filter documents and page types"))
        if self.model.view is not None:  # group names are page types in the UI language
            self.load(self.model.view)

    def page_label(self, first: int, last: int) -> str:
        if first == last:
            return self.tr("p.%1").replace("%1", str(first))
        return self.tr("p.%1–%2").replace("%1", str(first)).replace("%2", str(last))

    def type_name(self, page_type: str) -> str:
        return page_type_name(page_type)

    def load(self, view) -> None:
        """Build the tree (one query without page text: ~10 ms for 1,300 pages)."""
        if view is None:
            self.model.clear()
            return
        self.model.load(view, view.documents(), view.pages(), self.type_name, contents_sections(view),
                        self.page_label)
        if self.model.rowCount() <= 3:
            for row in range(self.model.rowCount()):
                self.tree.expand(self.model.index(row, 0))

    def _open(self, index: QModelIndex) -> None:
        page_id = index.data(PAGE_ROLE) or index.data(PAGE_ROLE + 1)
        if page_id is not None:
            self.selection.open_page(int(page_id))

    def _follow(self, page_id: int, _focus) -> None:
        item = self.model._index_of.get(page_id)  # noqa: SLF001 - same package
        if item is not None:
            self.tree.setCurrentIndex(item.index())

    def _filter(self, text: str) -> None:
        text = text.strip().lower()
        for row in range(self.model.rowCount()):
            doc = self.model.item(row)
            doc_match = text in doc.text().lower()
            any_group = False
            for g in range(doc.rowCount()):
                hit = doc_match or text in doc.child(g).text().lower()
                self.tree.setRowHidden(g, doc.index(), not hit)
                any_group |= hit
            self.tree.setRowHidden(row, QModelIndex(), not any_group)
