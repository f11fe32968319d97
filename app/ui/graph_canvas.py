"""The graph's canvas (zoom, level of detail, motion) and its worker-thread part: data, metrics, the first
picture (app.analysis.graph_focus through services) and every node's position."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, QTimer
from PySide6.QtGui import QColor, QPainter, QPixmapCache
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView

from app.services.views import graph as views_graph
from app.ui.graph_items import DOT_NODES, LABEL_LOD, EdgeLayer, NodeItem, label_box, node_radius, set_detail

SPREAD = 70.0  # scene units per layout unit
PIXELS_PER_NODE = 6500  # screen area a captioned node takes in the first picture (30 filled 530 x 374 at zoom 0.5)
MIN_FOCUS = 12
FOLLOW_LIMIT = 14  # nodes of an entity's network shown when it is picked elsewhere
READABLE_LOD = 0.45  # the first picture is never fitted smaller than this: every caption stays readable


def compute_graph(view, fixed: dict[str, tuple[float, float]], start: str | None = None,
                  end: str | None = None, aspect: float = 1.5, limit: int = views_graph.LIMIT) -> dict:
    """Worker-thread part: data (transfers inside the time window), metrics, the first picture (the suspects'
    networks, captions kept apart) and positions for everything else around it (known nodes stay put)."""
    return arrange(views_graph.graph_data(view, start=start, end=end), fixed, aspect, limit)


def arrange(data, fixed: dict[str, tuple[float, float]], aspect: float = 1.5, limit: int = views_graph.LIMIT) -> dict:
    """Metrics, the first picture and every node's position for graph data (the rest of compute_graph)."""
    central = views_graph.centrality(data)
    focus = views_graph.default_focus(data, limit=limit)
    placed = views_graph.place_focus(data, focus.shown, spread=SPREAD, box=caption_boxes(data, central),
                                     fixed=fixed, aspect=aspect)
    pos = views_graph.layout(list(data.nodes), [(e.src, e.dst) for e in data.edges], {**fixed, **placed},
                             scale=SPREAD)
    return {"data": data, "pos": pos, "centrality": central, "communities": views_graph.communities(data),
            "focus": focus}


def caption_boxes(data, central: dict[str, float]):
    """Each node's circle and caption as drawn at READABLE_LOD (and nearer), for the layout to keep apart."""
    def box(key: str):
        node = data.nodes[key]
        return label_box(node.caption or node.label, node_radius(central.get(key, 0.0)), views_graph.node_box,
                         READABLE_LOD)
    return box


class GraphCanvas(QGraphicsView):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontSavePainterState
                                  | QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setBackgroundBrush(QColor("#fbfbfd"))
        self.setFrameShape(QGraphicsView.Shape.NoFrame)
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), 64 * 1024))  # node bitmaps (KiB)
        self.layer: EdgeLayer | None = None
        self._settle = QTimer(self, singleShot=True, interval=180, timeout=self._end_motion)

    def motion(self) -> None:
        """While the user pans or zooms edges are drawn without antialiasing; it comes back when they stop."""
        if self.layer is not None:
            self.layer.set_fast(True)
        self._settle.start()

    def _end_motion(self) -> None:
        if self.layer is not None:
            self.layer.set_fast(False)

    def update_detail(self) -> None:
        """Level of detail follows the zoom: switch node caching when crossing the label threshold."""
        scene = self.scene()
        lod = self.transform().m11()
        scene.view_lod = lod
        nodes = [i for i in scene.items() if isinstance(i, NodeItem)] if self.layer is not None else []
        dots = lod < LABEL_LOD and len(nodes) >= DOT_NODES
        if dots != getattr(scene, "dots", None):
            scene.dots = dots
            set_detail(nodes, self.layer, dots)

    def setTransform(self, matrix, combine: bool = False) -> None:  # noqa: N802 - Qt override
        super().setTransform(matrix, combine)
        self.update_detail()

    def scale(self, sx: float, sy: float) -> None:
        super().scale(sx, sy)
        self.update_detail()

    def fitInView(self, *args) -> None:  # noqa: N802 - Qt override
        super().fitInView(*args)
        self.update_detail()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt override
        self.motion()
        super().scrollContentsBy(dx, dy)

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override
        factor = 1.15 if event.angleDelta().y() > 0 else 1 / 1.15
        self.motion()
        self.scale(factor, factor)
        self.parent()._user_zoomed = True


def shown_rect(scene, nodes) -> QRectF:
    """What an export draws: the shown nodes (hidden ones would only leave blank space)."""
    rect = QRectF()
    for n in nodes:
        if n.isVisible():
            rect = rect.united(n.sceneBoundingRect())
    return rect if not rect.isEmpty() else scene.itemsBoundingRect()


def export_size(rect: QRectF) -> QSize:
    scale = min(4.0, 3000 / max(1.0, rect.width(), rect.height()))
    return QSize(max(200, int(rect.width() * scale)), max(200, int(rect.height() * scale)))


def render_shown(canvas: GraphCanvas, nodes, device, size: QSize) -> None:
    """The shown part of the graph onto a device (image, SVG) at full detail, never dots."""
    nodes = list(nodes)
    painter = QPainter(device)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene = canvas.scene()
    set_detail(nodes, canvas.layer, False)
    scene.dots = None
    scene.render(painter, QRectF(0, 0, size.width(), size.height()), shown_rect(scene, nodes).adjusted(-20, -20, 20, 20))
    painter.end()
    canvas.update_detail()
