"""Relationship graph (i2-style): entities as nodes, transfers and relations as edges, linked to selection."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from app.services.views import graph as views_graph
from app.ui import jobs, toolbar
from app.ui.graph_canvas import (  # noqa: F401 - arrange, compute_graph: the worker part, used by tests and bench
    FOLLOW_LIMIT,
    MIN_FOCUS,
    PIXELS_PER_NODE,
    READABLE_LOD,
    SPREAD,
    GraphCanvas,
    arrange,
    caption_boxes,
    compute_graph,
    export_size,
    render_shown,
    shown_rect,
)
from app.ui.graph_items import EdgeItem, EdgeLayer, NodeItem, node_radius
from app.ui.palette import community_colour, kind_colour
from app.ui.selection import SelectionModel


class GraphView(QWidget):
    """Toolbar + canvas. Layout is computed once; later data only places newcomers."""

    graphReady = Signal()

    def __init__(self, selection: SelectionModel, parent=None):
        super().__init__(parent)
        self.selection = selection
        self.view = None
        self.data = None
        self.positions: dict[str, tuple[float, float]] = {}
        self.nodes: dict[str, NodeItem] = {}
        self.edges: list[EdgeItem] = []
        self.centrality: dict[str, float] = {}
        self.communities: dict[str, int] = {}
        self._generation = 0
        self._user_zoomed = False
        self._alert_id: int | None = None
        self.focus: set[str] = set()   # the first picture: the suspects' networks
        self.seeds: list[str] = []
        self.canvas = GraphCanvas(self)
        self.more = QToolButton()  # "+60 more": the entities left out of the first picture, under the graph
        self.more.setStyleSheet("QToolButton { background: #eceff1; border: 1px solid #b0bec5; border-radius: 3px;"
                                " padding: 1px 8px; color: #37474f; }")
        self.more.clicked.connect(self.toggle_more)
        self.more.hide()
        self.canvas.scene().selectionChanged.connect(self._scene_selection)
        self.buttons: dict[str, QToolButton] = {}
        items: list = []
        for name, slot, checkable in (("fit", self.fit, False), ("expand", self.expand, False),
                                      ("collapse", self.collapse, False), ("hide", self.hide_selected, False),
                                      ("show", self.show_all, False), ("pin", self.toggle_pin, False),
                                      ("path", self.find_path, False), ("size", self.restyle, True),
                                      ("colour", self.restyle, True), ("png", lambda: self.export_png(), False),
                                      ("svg", lambda: self.export_svg(), False)):
            b = QToolButton(checkable=checkable)
            b.clicked.connect(lambda _=False, s=slot: s())
            self.buttons[name] = b
            items.append(b)
            if name == "path":
                self.path_mode = QComboBox()
                items.append(self.path_mode)
            if name in ("show", "path", "colour"):
                items.append(toolbar.SEPARATOR)
        self.buttons["size"].setChecked(True)
        self.buttons["colour"].setChecked(True)
        self.status = QLabel()
        self.status.setStyleSheet("color: #607d8b; padding: 1px 6px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(toolbar.strip(*items))
        layout.addWidget(self.canvas, 1)
        footer = QHBoxLayout()
        footer.setContentsMargins(0, 0, 4, 1)
        footer.addWidget(self.status, 1)
        footer.addWidget(self.more)
        layout.addLayout(footer)
        selection.caseChanged.connect(self.set_case)
        selection.dataChanged.connect(self.reload)
        selection.entitySelected.connect(self._follow)
        selection.alertSelected.connect(self.show_alert)
        selection.timeWindowChanged.connect(self._window_changed)
        self.retranslate()

    def retranslate(self) -> None:
        texts = {"fit": (self.tr("Fit"), self.tr("Show the whole graph")),
                 "expand": (self.tr("Expand"), self.tr("Show the neighbours of the selected nodes")),
                 "collapse": (self.tr("Collapse"), self.tr("Hide neighbours only linked to the selected nodes")),
                 "hide": (self.tr("Hide"), self.tr("Hide the selected nodes")),
                 "show": (self.tr("Show all"), self.tr("Show hidden nodes again")),
                 "pin": (self.tr("Pin"), self.tr("Pin or unpin the selected nodes (pinned nodes never move)")),
                 "path": (self.tr("Path"), self.tr("Find a path between two selected nodes")),
                 "size": (self.tr("Size: centrality"), self.tr("Size nodes by PageRank centrality")),
                 "colour": (self.tr("Colour: community"), self.tr("Colour nodes by community (else by kind)")),
                 "png": (self.tr("PNG"), self.tr("Export the graph as PNG")),
                 "svg": (self.tr("SVG"), self.tr("Export the graph as SVG"))}
        for key, (text, tip) in texts.items():
            self.buttons[key].setText(text)
            self.buttons[key].setToolTip(tip)
        mode = self.path_mode.currentIndex()
        self.path_mode.clear()
        self.path_mode.addItems([self.tr("fewest hops"), self.tr("earliest arrival")])
        self.path_mode.setCurrentIndex(max(0, mode))
        if self.data is not None:
            self._count_status()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if not self._user_zoomed:
            self.fit()

    # -- loading -----------------------------------------------------------------------------
    def set_case(self, view) -> None:
        self.view, self.data, self._alert_id = view, None, None
        self.focus, self.seeds = set(), []
        self.positions, self.nodes, self.edges = {}, {}, []
        self.canvas.scene().clear()
        self.canvas.layer = None
        self.reload()

    def reload(self) -> None:
        """Recompute data and place newcomers in the background; the scene is rebuilt on arrival."""
        if self.view is None:
            return
        import networkx  # noqa: F401 - imported here: importing in a worker thread crashed shiboken 6.12
        import numpy  # noqa: F401

        self._generation += 1
        generation, view = self._generation, self.view
        self.status.setText(self.tr("Laying out…"))
        for key, node in self.nodes.items():  # user drags count as fixed positions
            self.positions[key] = (node.pos().x(), node.pos().y())
        w, h = self.canvas.width(), max(1, self.canvas.height())
        aspect = min(3.0, max(0.7, w / h))  # the picture fills the canvas …
        limit = min(views_graph.LIMIT, max(MIN_FOCUS, w * h // PIXELS_PER_NODE))  # … and fits it, readable
        jobs.submit(compute_graph, view, dict(self.positions), *self.selection.window, aspect, limit,
                    on_done=lambda result: self._arrived(generation, view, result),
                    on_error=lambda msg: self.status.setText(msg.splitlines()[0]))

    def _arrived(self, generation: int, view, result: dict) -> None:
        if generation != self._generation or view is not self.view:
            return
        self.apply(result)

    def apply(self, result: dict) -> None:
        """Build scene items on the GUI thread (positions of known nodes are kept)."""
        data = result["data"]
        self.data, self.centrality, self.communities = data, result["centrality"], result["communities"]
        focus = result.get("focus")  # newcomers show when in it; nodes already there keep what the user chose
        self.focus = set(focus.shown) or set(data.nodes) if focus is not None else set(data.nodes)
        self.seeds = list(focus.seeds) if focus is not None else []
        for key, node in self.nodes.items():  # user drags count as the new fixed positions
            self.positions[key] = (node.pos().x(), node.pos().y())
        for key, xy in result["pos"].items():
            self.positions.setdefault(key, xy)
        scene = self.canvas.scene()
        first = not self.nodes
        was_visible = {k: n.isVisible() for k, n in self.nodes.items()}
        everything = bool(was_visible) and all(was_visible.values())
        pinned = {k for k, n in self.nodes.items() if n.pinned}
        scene.blockSignals(True)
        scene.clear()
        self.nodes, self.edges = {}, []
        for key, node in data.nodes.items():
            item = NodeItem(key, node.kind, node.label, node.entity_id, node.caption)
            item.suspect = node.suspect
            item.setPos(QPointF(*self.positions[key]))
            item.pinned = key in pinned
            item.setVisible(was_visible.get(key, everything or key in self.focus))
            scene.addItem(item)
            self.nodes[key] = item
        for e in data.edges:
            label = e.label if e.kind == "transfer" else self.relation_name(e.kind)
            edge = EdgeItem(self.nodes[e.src], self.nodes[e.dst], e.kind, label, e.amount, e.times, e.tx_ids)
            edge.setVisible(self.nodes[e.src].isVisible() and self.nodes[e.dst].isVisible())
            self.edges.append(edge)
        self.canvas.layer = EdgeLayer()
        self.canvas.layer.set_edges(self.edges, list(self.nodes.values()))
        scene.addItem(self.canvas.layer)
        scene.dots = None
        scene.blockSignals(False)
        self.restyle()
        self.apply_window(*self.selection.window)
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-200, -200, 200, 200))
        self._count_status()
        if self._alert_id is not None:  # a reload (time window, curation) keeps the opened alert in view
            self.show_alert(self._alert_id)
        elif first or not self._user_zoomed:
            self.fit()
        self.graphReady.emit()

    def _count_status(self) -> None:
        shown = sum(1 for n in self.nodes.values() if n.isVisible())
        links = sum(1 for e in self.edges if e.isVisible())
        if shown == len(self.nodes):
            self.status.setText(self.tr("%1 nodes, %2 links").replace("%1", str(len(self.nodes)))
                                .replace("%2", str(links)))
        else:
            self.status.setText(self.tr("%1 of %2 nodes shown, %3 links").replace("%1", str(shown))
                                .replace("%2", str(len(self.nodes))).replace("%3", str(links)))
        self._update_more()

    def hidden_count(self) -> int:
        return sum(1 for n in self.nodes.values() if not n.isVisible())

    def _update_more(self) -> None:
        """'+60 more' while entities are left out; 'Main network only' once all are shown (and there is one)."""
        hidden = self.hidden_count()
        if hidden:
            self.more.setText(self.tr("+%1 more").replace("%1", str(hidden)))
            self.more.setToolTip(self.tr("Unlinked and peripheral entities are hidden: click to show them all"))
        else:
            self.more.setText(self.tr("Main network only"))
            self.more.setToolTip(self.tr("Show only the suspects' networks again"))
        self.more.setVisible(bool(hidden) or 0 < len(self.focus) < len(self.nodes))


    def toggle_more(self) -> None:
        if self.hidden_count():
            self.show_all()
            self.fit()
        else:
            self.show_focus()

    def relation_name(self, kind: str) -> str:
        return {"owns": self.tr("owns"), "family": self.tr("family"), "associate": self.tr("associate"),
                "co_suspect": self.tr("co-suspect"), "employer": self.tr("employer"),
                "uses_phone": self.tr("uses phone"), "holds_id": self.tr("holds ID"),
                "calls": self.tr("calls")}.get(kind, kind)

    def restyle(self) -> None:
        by_size, by_community = self.buttons["size"].isChecked(), self.buttons["colour"].isChecked()
        ranked = sorted((self.centrality.get(k, 0.0) for k in self.nodes), reverse=True)
        cut = ranked[min(len(ranked) - 1, max(10, len(ranked) // 6))] if ranked else 0.0
        few = sum(1 for n in self.nodes.values() if n.isVisible()) <= 2 * views_graph.LIMIT
        for key, item in self.nodes.items():  # a small picture names every node (its layout kept them apart)
            item.important = few or len(ranked) <= 20 or self.centrality.get(key, 0.0) > cut
            radius = node_radius(self.centrality.get(key, 0.0)) if by_size else 14
            fill = community_colour(self.communities.get(key, -1)) if by_community else kind_colour(item.kind)
            item.set_look(radius, fill)
            for e in item.edges:
                e.adjust()

    # -- linked selection --------------------------------------------------------------------
    def _scene_selection(self) -> None:
        chosen = [i for i in self.canvas.scene().selectedItems() if isinstance(i, NodeItem)]
        if len(chosen) == 1 and chosen[0].entity_id is not None:
            self.selection.select_entity(chosen[0].entity_id)

    def _follow(self, entity_id: int) -> None:
        """An entity picked elsewhere (list, summary, search): its network is shown and the view centres on it."""
        key = f"e:{entity_id}"
        item = self.nodes.get(key)
        if item is None or item.isSelected() or self.data is None:
            return
        network = (views_graph.network_of(self.data, [key], limit=FOLLOW_LIMIT) & set(self.nodes)) | {key}
        shown = {k for k, n in self.nodes.items() if n.isVisible()}
        if network - shown:  # newcomers beside their network, captions kept apart, the rest staying put
            fixed = {k: (self.nodes[k].pos().x(), self.nodes[k].pos().y()) for k in shown}
            placed = views_graph.place_focus(self.data, shown | network, spread=SPREAD,
                                             box=caption_boxes(self.data, self.centrality), fixed=fixed)
            for k in network - shown:
                self.nodes[k].setPos(QPointF(*placed[k]))
                self.positions[k] = placed[k]
        scene = self.canvas.scene()
        scene.blockSignals(True)
        scene.clearSelection()
        for k in network:
            self.nodes[k].setVisible(True)
        item.setSelected(True)
        scene.blockSignals(False)
        self._sync_edges()
        self.restyle()
        rect = QRectF()
        for k in network:
            rect = rect.united(self.nodes[k].sceneBoundingRect())
        self._fit_rect(rect, item.pos())
        self._count_status()

    def mark(self, keys: set[str], edges: set[int] | None = None) -> None:
        """Emphasise some nodes (and edges by index); everything else is dimmed. Empty clears."""
        for key, item in self.nodes.items():
            item.marked = key in keys
            item.dimmed = bool(keys) and key not in keys
            item.update()
        for i, e in enumerate(self.edges):
            e.marked = edges is not None and i in edges
            e.dimmed = bool(keys) and not e.marked and not (e.src.key in keys and e.dst.key in keys)
            e.update()
        if self.canvas.layer is not None:
            self.canvas.layer.invalidate()

    def show_alert(self, alert_id: int) -> None:
        from app.services.views import facts as views_facts

        alert = next((a for a in views_facts.alerts(self.view) if a["id"] == alert_id), None) if self.view else None
        self._alert_id = alert_id if alert is not None else None
        if alert is None:
            return
        tx = set(alert["transactions"])
        chain = {i for i, e in enumerate(self.edges) if tx & set(e.tx_ids)}
        keys = {self.edges[i].src.key for i in chain} | {self.edges[i].dst.key for i in chain}
        for item in (self.nodes[k] for k in keys):
            item.setVisible(True)
        self.mark(keys, chain)
        if keys:
            rect = QRectF()
            for k in keys:
                rect = rect.united(self.nodes[k].sceneBoundingRect())
            self.canvas.fitInView(rect.adjusted(-80, -80, 80, 80), Qt.AspectRatioMode.KeepAspectRatio)

    def _window_changed(self, start, end) -> None:
        """Hide outside transfers at once, then re-query: amounts, counts and ledger-only accounts follow the window."""
        self.apply_window(start, end)
        self.reload()

    def apply_window(self, start, end) -> None:
        """Transfers outside the time window disappear; relations stay."""
        for e in self.edges:
            if e.kind != "transfer":
                continue
            inside = not (start or end) or any((not start or t >= start) and (not end or t <= end + "\uffff")
                                              for t in e.times)
            e.setVisible(inside and e.src.isVisible() and e.dst.isVisible())

    # -- actions -----------------------------------------------------------------------------
    def selected_nodes(self) -> list[NodeItem]:
        return [i for i in self.canvas.scene().selectedItems() if isinstance(i, NodeItem)]

    def fit(self) -> None:
        """Fit what is shown; a small picture (the suspects' networks) never so far out that captions vanish."""
        visible = [n for n in self.nodes.values() if n.isVisible()]
        if not visible:
            return
        rect = QRectF()
        for n in visible:
            rect = rect.united(n.sceneBoundingRect())
        self._fit_rect(rect, readable=len(visible) <= 2 * views_graph.LIMIT)

    def _fit_rect(self, rect: QRectF, centre: QPointF | None = None, readable: bool = True) -> None:
        self.canvas.fitInView(rect.adjusted(-30, -30, 30, 30), Qt.AspectRatioMode.KeepAspectRatio)
        lod = self.canvas.transform().m11()
        if readable and lod < READABLE_LOD:
            self.canvas.scale(READABLE_LOD / lod, READABLE_LOD / lod)
            self.canvas.centerOn(centre if centre is not None else rect.center())

    def _sync_edges(self) -> None:
        for e in self.edges:
            e.setVisible(e.src.isVisible() and e.dst.isVisible())
        self.apply_window(*self.selection.window)

    def expand(self) -> None:
        for node in self.selected_nodes():
            for e in node.edges:
                e.src.setVisible(True)
                e.dst.setVisible(True)
        self._sync_edges()

    def collapse(self) -> None:
        chosen = {n.key for n in self.selected_nodes()}
        for node in self.selected_nodes():
            for e in node.edges:
                other = e.dst if e.src is node else e.src
                if other.key in chosen:
                    continue
                links = {x.src.key if x.dst is other else x.dst.key for x in other.edges
                         if x.src.isVisible() and x.dst.isVisible()}
                if links <= chosen:
                    other.setVisible(False)
        self._sync_edges()

    def hide_selected(self) -> None:
        for node in self.selected_nodes():
            node.setVisible(False)
        self._sync_edges()

    def show_all(self) -> None:
        self._alert_id = None
        for node in self.nodes.values():
            node.setVisible(True)
        self.mark(set())
        self._sync_edges()
        self.restyle()
        self._count_status()

    def show_focus(self) -> None:
        """Back to the first picture: the suspects' networks only."""
        self._alert_id = None
        for key, node in self.nodes.items():
            node.setVisible(key in self.focus)
        self.mark(set())
        self._sync_edges()
        self.restyle()
        self._count_status()
        self.fit()

    def toggle_pin(self) -> None:
        for node in self.selected_nodes():
            node.pinned = not node.pinned
            node.setFlag(node.GraphicsItemFlag.ItemIsMovable, not node.pinned)
            node.update()
        if self.canvas.layer is not None:
            self.canvas.layer.invalidate()

    def find_path(self, a: str | None = None, b: str | None = None) -> list[str]:
        """Path between two nodes (the two selected ones by default), by the chosen rule; marked on the graph."""
        if a is None or b is None:
            chosen = self.selected_nodes()
            if len(chosen) != 2 or self.data is None:
                self.status.setText(self.tr("Select exactly two nodes to find a path"))
                return []
            a, b = chosen[0].key, chosen[1].key
        earliest = self.path_mode.currentIndex() == 1
        path = (views_graph.earliest_arrival if earliest else views_graph.fewest_hops)(self.data, a, b)
        if not path and earliest:
            path = views_graph.earliest_arrival(self.data, b, a)
        steps = set(zip(path, path[1:], strict=False))
        on_path = {i for i, e in enumerate(self.edges) if (e.src.key, e.dst.key) in steps
                   or (not earliest and (e.dst.key, e.src.key) in steps)}
        self.mark(set(path), on_path)
        self.status.setText(self.tr("Path: %1 steps").replace("%1", str(max(0, len(path) - 1))) if path
                            else self.tr("No path"))
        self.selection.pathFound.emit(path)
        return path

    def _render_to(self, device, size: QSize) -> None:
        render_shown(self.canvas, self.nodes.values(), device, size)

    def _export_size(self) -> QSize:
        return export_size(shown_rect(self.canvas.scene(), self.nodes.values()))

    def export_png(self, path: str | None = None) -> str | None:
        path = path or QFileDialog.getSaveFileName(self, self.tr("Export graph"), "graph.png", "PNG (*.png)")[0]
        if not path:
            return None
        size = self._export_size()
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        self._render_to(image, size)
        image.save(path)
        return path

    def export_svg(self, path: str | None = None) -> str | None:
        path = path or QFileDialog.getSaveFileName(self, self.tr("Export graph"), "graph.svg", "SVG (*.svg)")[0]
        if not path:
            return None
        size = self._export_size()
        generator = QSvgGenerator()
        generator.setFileName(path)
        generator.setSize(size)
        generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
        generator.setTitle("CaseLens graph")
        self._render_to(generator, size)
        return path
