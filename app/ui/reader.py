"""Page reader: the rendered page with mention, search-hit and flagged-row overlays and a selectable text layer."""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPainter,
    QPen,
    QPixmap,
    QShortcut,
    QTransform,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.core.errors import CaseLensError
from app.core.words import span_bbox
from app.services.views import flag_names, flag_notes
from app.ui import jobs, toolbar
from app.ui.names import flag_explanation, page_type_name
from app.ui.palette import LEGEND, label_colour
from app.ui.selection import PageFocus, SelectionModel

MIN_ZOOM, MAX_ZOOM = 0.2, 6.0
CACHE_PAGES = 16
LEGEND_NAMES = {"PERSON": "Person", "ORG": "Organisation", "ACCOUNT": "Account", "PHONE": "Phone",
                "ID_NUMBER": "ID number", "MONEY": "Money", "DATE": "Date", "PLACE": "Place"}


def to_qimage(rendered) -> QImage:
    """RGB bytes from the renderer as a QImage that owns its pixels (safe to build in a worker)."""
    return QImage(rendered.samples, rendered.width, rendered.height, rendered.stride,
                  QImage.Format.Format_RGB888).copy()


class MentionItem(QGraphicsRectItem):
    """A coloured box over a mention; hover names the entity, click selects it everywhere."""

    def __init__(self, rect: QRectF, mention: dict, selection: SelectionModel):
        super().__init__(rect)
        self.mention, self.selection = mention, selection
        colour = label_colour(mention["label"])
        fill = QColor(colour)
        fill.setAlpha(60)
        self.setBrush(QBrush(fill))
        self.setPen(QPen(colour, 0.8))
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        who = mention.get("entity_name") or mention["text"]
        role = f" · {mention['role']}" if mention.get("role") else ""
        self.setToolTip(f"{who}\n{mention['label']}{role}")
        self.setZValue(2)

    def emphasise(self, on: bool) -> None:
        colour = label_colour(self.mention["label"])
        self.setPen(QPen(colour, 2.4 if on else 0.8))

    def hoverEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.mention.get("entity_id") is not None:
            self.selection.hover_entity(self.mention["entity_id"])
        super().hoverEnterEvent(event)

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt override
        curator = self.selection.curator
        if curator is None:
            return
        menu = QMenu()
        menu.addAction(QCoreApplication.translate("Reader", "Mark mention wrong"),
                       lambda: curator.reject_mention(self.mention["id"], self.mention["text"]))
        if self.mention.get("entity_id") is not None:
            menu.addAction(QCoreApplication.translate("Reader", "Rename entity…"),
                           lambda: curator.rename(self.mention["entity_id"]))
        menu.exec(event.screenPos())

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and self.mention.get("entity_id") is not None:
            self.selection.select_entity(self.mention["entity_id"])
            event.accept()
            return
        super().mousePressEvent(event)


class PageCanvas(QGraphicsView):
    """The scene is in PDF points; the view transform is the zoom. Left-drag selects text."""

    zoomRequested = Signal(float)
    turnPage = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform | QPainter.RenderHint.Antialiasing)
        self.setBackgroundBrush(QColor("#5f6670"))
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setMouseTracking(True)
        self.words: list = []
        self.starts: list[int] = []
        self.text = ""
        self.selected_words: list[int] = []
        self._drag_from: QPointF | None = None
        self._band: QGraphicsRectItem | None = None
        self._sel_items: list[QGraphicsRectItem] = []

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoomRequested.emit(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
            return
        bar = self.verticalScrollBar()
        dy = event.angleDelta().y()
        if dy < 0 and bar.value() >= bar.maximum():
            self.turnPage.emit(1)
            return
        if dy > 0 and bar.value() <= bar.minimum():
            self.turnPage.emit(-1)
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        item = self.itemAt(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and not isinstance(item, MentionItem):
            self._drag_from = self.mapToScene(event.position().toPoint())
            self.clear_text_selection()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._drag_from is not None:
            rect = QRectF(self._drag_from, self.mapToScene(event.position().toPoint())).normalized()
            if self._band is None:
                self._band = self.scene().addRect(rect, QPen(QColor("#1e88e5"), 0.5, Qt.PenStyle.DashLine))
                self._band.setZValue(5)
            self._band.setRect(rect)
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._drag_from is not None:
            rect = QRectF(self._drag_from, self.mapToScene(event.position().toPoint())).normalized()
            self._drag_from = None
            if self._band is not None:
                self.scene().removeItem(self._band)
                self._band = None
            self.select_words_in(rect)
            return
        super().mouseReleaseEvent(event)

    def select_words_in(self, rect: QRectF) -> str:
        """Select the words a rectangle (scene points) touches; returns their text."""
        self.clear_text_selection()
        self.selected_words = [i for i, w in enumerate(self.words)
                               if rect.intersects(QRectF(QPointF(w[0], w[1]), QPointF(w[2], w[3])))]
        fill = QColor(30, 136, 229, 70)
        for i in self.selected_words:
            w = self.words[i]
            item = self.scene().addRect(QRectF(QPointF(w[0], w[1]), QPointF(w[2], w[3])), QPen(Qt.PenStyle.NoPen),
                                        QBrush(fill))
            item.setZValue(4)
            self._sel_items.append(item)
        return self.selected_text()

    def selected_text(self) -> str:
        if not self.selected_words:
            return ""
        first, last = self.selected_words[0], self.selected_words[-1]
        end = self.starts[last] + len(str(self.words[last][4]))
        return self.text[self.starts[first]:end]

    def clear_text_selection(self) -> None:
        for item in self._sel_items:
            self.scene().removeItem(item)
        self._sel_items.clear()
        self.selected_words = []


class Reader(QWidget):
    """The page reader with its toolbar (pages, zoom) and the label colour legend."""

    pageShown = Signal(int)

    def __init__(self, selection: SelectionModel, parent=None):
        super().__init__(parent)
        self.selection = selection
        self.view = None
        self.page = None
        self.focus = PageFocus()
        self.zoom = 1.0
        self.fit_width = True
        self._cache: OrderedDict[tuple[int, float], QImage] = OrderedDict()
        self._pending: set[tuple[int, float]] = set()
        self._pixmap_item: QGraphicsPixmapItem | None = None
        self._mention_items: list[MentionItem] = []
        self._overlay_items: list = []
        self._first_hit: tuple | None = None
        self._render_zoom = 1.0
        self._rerender = QTimer(self, singleShot=True, interval=120, timeout=self._render_sharp)
        self._build()
        selection.caseOpened.connect(self.set_case)
        selection.pageRequested.connect(self.show_page)
        selection.entitySelected.connect(self._emphasise_entity)
        selection.dataChanged.connect(self.refresh_overlays)

    def _build(self) -> None:
        self.canvas = PageCanvas(self)
        self.canvas.zoomRequested.connect(lambda f: self.set_zoom(self.zoom * f))
        self.canvas.turnPage.connect(self.turn)
        self.prev_btn, self.next_btn = QToolButton(text="◀"), QToolButton(text="▶")
        self.prev_btn.clicked.connect(lambda: self.turn(-1))
        self.next_btn.clicked.connect(lambda: self.turn(1))
        self.page_spin = QSpinBox(minimum=1, maximum=1, keyboardTracking=False)
        self.page_spin.valueChanged.connect(self._goto_number)
        self.title = QLabel()
        self.title.setMinimumWidth(120)
        self.of_label = QLabel("/ 1")
        self.zoom_out, self.zoom_in = QToolButton(text="−"), QToolButton(text="+")
        self.zoom_out.clicked.connect(lambda: self.set_zoom(self.zoom / 1.25))
        self.zoom_in.clicked.connect(lambda: self.set_zoom(self.zoom * 1.25))
        self.fit_btn = QToolButton(checkable=True, checked=True)
        self.fit_btn.toggled.connect(self._toggle_fit)
        self.zoom_label = QLabel("100%")
        self.zoom_label.setMinimumWidth(44)
        bar = toolbar.strip(self.prev_btn, self.page_spin, self.of_label, self.next_btn, self.title, toolbar.STRETCH,
                            self.zoom_out, self.zoom_label, self.zoom_in, self.fit_btn)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setContentsMargins(6, 0, 6, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # The source file is not where it was imported from: say so, and let the officer point to it.
        self.missing_text = QLabel()
        self.missing_text.setWordWrap(True)
        self.locate_btn = QPushButton()
        self.locate_btn.clicked.connect(self.locate_source)
        self.missing = toolbar.strip(self.missing_text, toolbar.STRETCH, self.locate_btn)
        self.missing.setStyleSheet("background:#fff3e0;")
        self.missing.setVisible(False)
        self._missing_doc: int | None = None
        layout.addWidget(bar)
        layout.addWidget(self.missing)
        layout.addWidget(self.legend)
        layout.addWidget(self.canvas, 1)
        copy = QShortcut(QKeySequence.StandardKey.Copy, self.canvas)
        copy.activated.connect(self.copy_selection)
        for key, step in ((Qt.Key.Key_PageDown, 1), (Qt.Key.Key_PageUp, -1)):
            QShortcut(QKeySequence(key), self, activated=lambda s=step: self.turn(s))
        self.retranslate()

    def retranslate(self) -> None:
        self.prev_btn.setToolTip(self.tr("Previous page (PgUp)"))
        self.next_btn.setToolTip(self.tr("Next page (PgDown)"))
        self.zoom_in.setToolTip(self.tr("Zoom in (Ctrl+wheel)"))
        self.zoom_out.setToolTip(self.tr("Zoom out"))
        self.fit_btn.setText(self.tr("Fit width"))
        self.locate_btn.setText(self.tr("Locate…"))
        chips = " ".join(f'<span style="background:{label_colour(k).name()};">&nbsp;&nbsp;&nbsp;</span>'
                         f"&nbsp;{self.tr(LEGEND_NAMES[k])}&nbsp;&nbsp;" for k in LEGEND)
        chips += ('<span style="background:#ffeb3b;">&nbsp;&nbsp;&nbsp;</span>&nbsp;' + self.tr("Search hit")
                  + '&nbsp;&nbsp;<span style="color:#d32f2f;">▭</span>&nbsp;' + self.tr("Flagged row"))
        self.legend.setText(f"<small>{chips}</small>")
        self._update_title()

    # -- case and pages ----------------------------------------------------------------------
    def set_case(self, view) -> None:
        self.view, self.page = view, None
        self._cache.clear()
        self.canvas.scene().clear()
        self._pixmap_item, self._mention_items, self._overlay_items = None, [], []
        if view is not None:
            first = view.first_page_id()
            if first is not None:
                self.selection.open_page(first)

    def show_page(self, page_id: int, focus: PageFocus | None = None) -> None:
        """Show a page now (rendered on this thread: one page is a few ms), then overlays and prefetch."""
        if self.view is None:
            return
        focus = focus or PageFocus()
        same = self.page is not None and self.page.id == page_id
        if not same:
            page = self.view.page(page_id)
            if page is None:
                return
            self.page = page
            self.canvas.words, self.canvas.starts, self.canvas.text = page.words, page.word_starts, page.text
            self.canvas.clear_text_selection()
            self.canvas.scene().setSceneRect(QRectF(0, 0, page.width, page.height))
            if self.fit_width:
                self.zoom = self._fit_zoom()
            self._apply_transform()
            try:
                self._set_image(self._image(page_id, self._wanted_render_zoom()))
                self.missing.setVisible(False)
            except CaseLensError as exc:  # the text, boxes and findings are in the case; only the image is not
                self._show_missing(page_id, exc)
            self.page_spin.blockSignals(True)
            self.page_spin.setMaximum(max(1, page.page_count))
            self.page_spin.setValue(page.number)
            self.page_spin.blockSignals(False)
            self._update_title()
        self.focus = focus
        self.refresh_overlays()
        target = focus.regions[0] if focus.regions else self._first_hit  # a search hit is brought into view
        if target:
            x0, y0, x1, y1 = target
            self.canvas.centerOn(QPointF((x0 + x1) / 2, (y0 + y1) / 2))
        elif not same:
            self.canvas.verticalScrollBar().setValue(self.canvas.verticalScrollBar().minimum())
        self.pageShown.emit(page_id)
        self._prefetch(page_id)

    def turn(self, step: int) -> None:
        if self.view is None or self.page is None:
            return
        target = self.view.neighbour_page(self.page.id, step)
        if target is not None:
            self.selection.open_page(target)
            if step < 0:
                self.canvas.verticalScrollBar().setValue(self.canvas.verticalScrollBar().maximum())

    def _goto_number(self, number: int) -> None:
        if self.view is not None and self.page is not None:
            self.selection.open_page(self.view.page_id_at(self.page.document_id, number))

    def _update_title(self) -> None:
        if self.page is None:
            self.title.setText(self.tr("No case open"))
            return
        kind = f" · {page_type_name(self.page.page_type)}" if self.page.page_type else ""
        self.of_label.setText(f"/ {self.page.page_count}")
        self.title.setText(f"  <b>{self.page.document_name}</b>{kind}")

    def _show_missing(self, page_id: int, exc: CaseLensError) -> None:
        if self._pixmap_item is not None and isValid(self._pixmap_item):
            self._pixmap_item.setPixmap(QPixmap())
        self._missing_doc = self.view.document_of(page_id) if exc.code == "E021" else None
        if exc.code == "E021":
            text = self.tr("The original file of this page is not where it was imported from: %1. Its text and findings are kept; locate the file to see the page.")  # noqa: E501
            self.missing_text.setText(text.replace("%1", exc.path or ""))
        else:
            self.missing_text.setText(self.tr("This page cannot be shown: %1").replace("%1", exc.message()))
        self.locate_btn.setVisible(self._missing_doc is not None)
        self.missing.setVisible(True)

    def locate_source(self, path: str | None = None) -> bool:
        """Ask where the missing file is now (or take `path`), record it in the case, show the page."""
        from app.services.sources import relocate

        if self._missing_doc is None or self.view is None or self.page is None:
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Locate the original file"))
        if not path:
            return False
        try:
            relocate(self.view.case, self._missing_doc, path)
        except CaseLensError as exc:
            self.missing_text.setText(exc.message())
            return False
        self._cache.clear()
        page_id, self.page = self.page.id, None
        self.show_page(page_id, self.focus)
        return True

    # -- rendering ---------------------------------------------------------------------------
    def _wanted_render_zoom(self) -> float:
        ratio = self.devicePixelRatioF() or 1.0
        return round(min(4.0, max(0.5, self.zoom * ratio)), 2)

    def _image(self, page_id: int, rz: float) -> QImage:
        key = (page_id, rz)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        image = to_qimage(self.view.render(page_id, rz))
        self._remember(key, image)
        return image

    def _remember(self, key, image: QImage) -> None:
        self._cache[key] = image
        while len(self._cache) > CACHE_PAGES:
            self._cache.popitem(last=False)

    def _set_image(self, image: QImage) -> None:
        if not isValid(self.canvas):  # a background render finished after the reader was closed
            return
        pix = QPixmap.fromImage(image)
        if self._pixmap_item is None or not isValid(self._pixmap_item):
            self._pixmap_item = self.canvas.scene().addPixmap(pix)
            self._pixmap_item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
            self._pixmap_item.setZValue(0)
        else:
            self._pixmap_item.setPixmap(pix)
        turn = self.page.turn
        across = self.page.height if turn in (90, 270) else self.page.width  # the scan's own width
        self._render_zoom = image.width() / max(1.0, across)
        # A scan whose text lies sideways is shown turned upright; the scene is in upright page points.
        shift = {90: (self.page.width, 0.0), 180: (self.page.width, self.page.height), 270: (0.0, self.page.height)}
        dx, dy = shift.get(turn, (0.0, 0.0))
        self._pixmap_item.setTransform(QTransform().translate(dx, dy).rotate(turn)
                                       .scale(1 / self._render_zoom, 1 / self._render_zoom))

    def _prefetch(self, page_id: int) -> None:
        """Render the next two pages and the previous one in the background, so PgDn/PgUp flip at once."""
        view, rz = self.view, self._wanted_render_zoom()
        wanted, nxt = [], page_id
        for _ in range(2):
            nxt = view.neighbour_page(nxt, 1) if nxt is not None else None
            wanted.append(nxt)
        wanted.append(view.neighbour_page(page_id, -1))
        for pid in wanted:
            if pid is None or (pid, rz) in self._cache or (pid, rz) in self._pending:
                continue
            self._pending.add((pid, rz))

            def done(img, key=(pid, rz)) -> None:
                self._pending.discard(key)
                if view is self.view:
                    self._remember(key, img)

            jobs.submit(lambda p=pid: to_qimage(view.render(p, rz)), pool_name="render", on_done=done,
                        on_error=lambda _msg, key=(pid, rz): self._pending.discard(key))

    def _render_sharp(self) -> None:
        if self.page is None:
            return
        page_id, rz, view = self.page.id, self._wanted_render_zoom(), self.view
        if abs(rz - self._render_zoom) < 0.01:
            return

        def done(image: QImage) -> None:
            self._remember((page_id, rz), image)
            if self.page is not None and self.page.id == page_id and view is self.view:
                self._set_image(image)

        jobs.submit(lambda: to_qimage(view.render(page_id, rz)), on_done=done, pool_name="render",
                    on_error=lambda _msg: None)  # a missing source is shown once, by show_page

    # -- zoom --------------------------------------------------------------------------------
    def _fit_zoom(self) -> float:
        width = self.canvas.viewport().width() - 24
        return max(MIN_ZOOM, min(MAX_ZOOM, width / max(1.0, self.page.width if self.page else 595.0)))

    def _toggle_fit(self, on: bool) -> None:
        self.fit_width = on
        if on and self.page is not None:
            self.set_zoom(self._fit_zoom(), keep_fit=True)

    def set_zoom(self, zoom: float, keep_fit: bool = False) -> None:
        """Scale the current image at once; a sharp render at the new zoom follows in the background."""
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        if not keep_fit and self.fit_width:
            self.fit_btn.blockSignals(True)
            self.fit_btn.setChecked(False)
            self.fit_btn.blockSignals(False)
            self.fit_width = False
        self._apply_transform()
        self._rerender.start()

    def _apply_transform(self) -> None:
        self.canvas.resetTransform()
        self.canvas.scale(self.zoom, self.zoom)
        self.zoom_label.setText(f"{self.zoom * 100:.0f}%")

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.fit_width and self.page is not None:
            self.zoom = self._fit_zoom()
            self._apply_transform()
            self._rerender.start()

    # -- overlays ----------------------------------------------------------------------------
    def refresh_overlays(self) -> None:
        scene = self.canvas.scene()
        for item in self._mention_items + self._overlay_items:
            scene.removeItem(item)
        self._mention_items, self._overlay_items = [], []
        if self.page is None or self.view is None:
            return
        for m in self.view.mentions(self.page.id):
            box = (m["x0"], m["y0"], m["x1"], m["y1"])
            if None in box or self.page.turn:  # page.words are where the reader shows them, text upright
                box = span_bbox(self.page.words, self.page.word_starts, m["start"], m["end"])
            else:
                box = self.page.display_box(box)
            if not box:
                continue
            item = MentionItem(QRectF(QPointF(box[0], box[1]), QPointF(box[2], box[3])).adjusted(-1, -1, 1, 1),
                               m, self.selection)
            scene.addItem(item)
            self._mention_items.append(item)
        for row in self.view.flagged_rows(self.page.id):
            if row["row_bbox"]:
                x0, y0, x1, y1 = self.page.display_box(row["row_bbox"])
                item = scene.addRect(QRectF(x0, y0, x1 - x0, y1 - y0), QPen(QColor("#d32f2f"), 1.2, Qt.PenStyle.DashLine))
                item.setToolTip("\n".join([self.tr("Flagged statement row") + ":",
                                            *(flag_explanation(f) for f in flag_names(row["flags"])),
                                            *flag_notes(row["flags"])]))
                item.setZValue(3)
                self._overlay_items.append(item)
        self._first_hit = None
        if self.focus.query:
            for start, end in self.view.hit_spans(self.page.text, self.focus.query):
                box = span_bbox(self.page.words, self.page.word_starts, start, end)
                if box and self._first_hit is None:
                    self._first_hit = tuple(box)
                if box:
                    item = scene.addRect(QRectF(QPointF(box[0], box[1]), QPointF(box[2], box[3])).adjusted(-1, -1, 1, 1),
                                         QPen(QColor("#f57f17"), 1.6), QBrush(QColor(255, 235, 59, 120)))
                    item.setZValue(2.5)  # above the mention boxes: the hit is what the officer looked for
                    item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks reach the mention below
                    self._overlay_items.append(item)
        for x0, y0, x1, y1 in self.focus.regions:
            item = scene.addRect(QRectF(x0 - 3, y0 - 3, x1 - x0 + 6, y1 - y0 + 6), QPen(QColor("#1565c0"), 2.5))
            item.setZValue(3)
            self._overlay_items.append(item)
        self._emphasise_entity(self.selection.entity_id)

    def _emphasise_entity(self, entity_id: int) -> None:
        for item in self._mention_items:
            item.emphasise(entity_id >= 0 and item.mention.get("entity_id") == entity_id)

    def copy_selection(self) -> str:
        text = self.canvas.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)
        return text

    def copy_page_text(self) -> None:
        if self.page is not None:
            QGuiApplication.clipboard().setText(self.page.text)
