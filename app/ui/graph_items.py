"""Graph scene items: entity nodes (type icon, cached label) and one layer that draws every edge in batches.

A 2,000-node graph used to cost one Python paint call per node and per edge each frame (seconds). Now nodes
keep a device-coordinate bitmap (a pan is a blit), labels and icons appear only when zoomed in enough to
read them, and all edges are one item painted with a few drawLines/drawPath calls from prepared arrays.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF, QStaticText
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from app.ui.palette import kind_colour

LABEL_WIDTH = 120
LABEL_LOD = 0.4       # node labels below this scale would be unreadable smudges: not drawn
ALL_LABELS_LOD = 0.8  # from here every node is named; between LABEL_LOD and this only the central ones
LABEL_GROW = 2.0      # zoomed out, labels grow (up to this factor) to stay about 7 pt on screen
ICON_PIXELS = 7.0     # icons only when the node radius is at least this many device pixels
EDGE_LABEL_LOD = 0.9  # edge amount labels only when zoomed in
DOT_NODES = 300  # from this many nodes, a zoomed-out graph draws its nodes as dots in one batch
LABEL_POINTS = 7.5
LABEL_EM = 10.5  # scene units per wide (CJK) character of a label at scale 1 (7.5 pt, a little to spare)


def node_radius(centrality: float) -> float:
    return 11 + 17 * centrality


def label_grow(lod: float) -> float:
    return min(LABEL_GROW, max(1.0, 0.9 / max(lod, 1e-3)))


def label_box(caption: str, radius: float, box, lod: float) -> tuple[float, float, float, float]:
    """Where a node and its caption are drawn at zoom `lod` and closer (captions kept apart in the layout stay
    apart); `box` is the analysis' node_box (no Qt needed: worker thread)."""
    grow = label_grow(lod)
    lines = [line[:14] for line in caption.split("\n")]  # elided at LABEL_WIDTH: about 12 wide characters
    left, top, right, bottom = box("\n".join(lines), max(radius, 14.0) + 1, LABEL_EM * grow)
    half = min(max(-left, right), max(radius + 3, LABEL_WIDTH * grow / 2))
    return (-half, top, half, bottom)


def set_detail(nodes, layer: EdgeLayer | None, dots: bool) -> None:
    """Zoomed out on a big graph, the nodes paint nothing themselves (they stay clickable) and the layer
    draws them all as dots in a few paths; zoomed in, each node paints itself into a device bitmap."""
    for n in nodes:
        n.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, dots)
    if layer is not None:
        layer.dots = dots
        layer.invalidate()


def draw_icon(p: QPainter, kind: str, r: float) -> None:
    """A white pictogram of the entity kind inside a circle of radius r centred on the origin."""
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("white"))
    s = r * 0.55
    if kind == "person":
        p.drawEllipse(QPointF(0, -s * 0.45), s * 0.38, s * 0.38)
        path = QPainterPath()
        path.moveTo(-s * 0.75, s * 0.8)
        path.cubicTo(-s * 0.75, -s * 0.05, s * 0.75, -s * 0.05, s * 0.75, s * 0.8)
        path.closeSubpath()
        p.drawPath(path)
    elif kind == "account":
        p.drawRoundedRect(QRectF(-s * 0.85, -s * 0.55, s * 1.7, s * 1.1), s * 0.15, s * 0.15)
        p.setBrush(kind_colour("account"))
        p.drawRect(QRectF(-s * 0.85, -s * 0.3, s * 1.7, s * 0.25))
        p.drawRect(QRectF(-s * 0.6, s * 0.15, s * 0.5, s * 0.15))
    elif kind == "organisation":
        p.drawRect(QRectF(-s * 0.6, -s * 0.8, s * 1.2, s * 1.6))
        p.setBrush(kind_colour("organisation"))
        for ix in (-1, 1):
            for iy in (-1, 0, 1):
                p.drawRect(QRectF(ix * s * 0.3 - s * 0.12, iy * s * 0.45 - s * 0.12, s * 0.24, s * 0.24))
    elif kind == "phone":
        p.drawRoundedRect(QRectF(-s * 0.45, -s * 0.85, s * 0.9, s * 1.7), s * 0.18, s * 0.18)
        p.setBrush(kind_colour("phone"))
        p.drawRect(QRectF(-s * 0.32, -s * 0.62, s * 0.64, s * 1.05))
    elif kind == "id_number":
        p.drawRoundedRect(QRectF(-s * 0.85, -s * 0.55, s * 1.7, s * 1.1), s * 0.12, s * 0.12)
        p.setBrush(kind_colour("id_number"))
        p.drawEllipse(QPointF(-s * 0.4, 0), s * 0.22, s * 0.22)
        p.drawRect(QRectF(0, -s * 0.2, s * 0.6, s * 0.12))
        p.drawRect(QRectF(0, s * 0.1, s * 0.6, s * 0.12))
    else:
        p.drawEllipse(QPointF(0, 0), s * 0.4, s * 0.4)


_FONTS: dict[float, QFont] = {}


def label_font(size: float) -> QFont:
    """A shared small font (made lazily: a QFont needs the application)."""
    if size not in _FONTS:
        font = QFont()
        font.setPointSizeF(size)
        _FONTS[size] = font
    return _FONTS[size]


class NodeItem(QGraphicsItem):
    """One entity. Painted into a device-coordinate cache, so panning blits bitmaps instead of calling paint()."""

    def __init__(self, key: str, kind: str, label: str, entity_id: int | None, caption: str = ""):
        super().__init__()
        self.key, self.kind, self.label, self.entity_id = key, kind, label, entity_id
        self.caption = caption or label
        self.radius = 14.0
        self.fill = kind_colour(kind)
        self.pinned = False
        self.dimmed = False
        self.marked = False  # on a found path or an alert chain
        self.important = True  # among the most central: named before the others when zooming in
        self.suspect = False   # drawn with a red ring: the people the case is about
        self.edges: list[EdgeItem] = []
        self._static: list[QStaticText] | None = None
        self._bounds = self._rect_for(self.radius)
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsMovable | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setAcceptHoverEvents(True)
        self.setToolTip(label if self.caption == label else f"{self.caption.replace(chr(10), ' ')}\n{label}")
        self.setZValue(2)

    def set_look(self, radius: float, fill: QColor) -> None:
        if radius == self.radius and fill == self.fill:
            return
        self.prepareGeometryChange()
        self.radius, self.fill = radius, fill
        self._bounds = self._rect_for(radius)
        self.update()

    @staticmethod
    def _rect_for(radius: float) -> QRectF:
        r = radius + 3
        half = max(r, LABEL_WIDTH * LABEL_GROW / 2)
        return QRectF(-half, -r, 2 * half, 2 * r + 2 * 15 * LABEL_GROW)  # two caption lines

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override (called several times per frame: kept ready)
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), self.radius, self.radius)
        return path

    def label_shown(self, lod: float) -> bool:
        """Level of detail: every name when zoomed in; half-way, only central or picked-out nodes (fewer
        overlapping labels); far out, only picked-out ones; then none."""
        picked = self.marked or self.isSelected()
        if lod >= ALL_LABELS_LOD:
            return True
        if lod >= LABEL_LOD:
            return self.important or picked
        return picked and lod >= LABEL_LOD / 2

    def static_label(self) -> list[QStaticText]:
        """The caption's lines, each elided to LABEL_WIDTH."""
        if self._static is None:
            font = label_font(LABEL_POINTS)
            metrics = QFontMetricsF(font)
            self._static = []
            for line in self.caption.split("\n"):
                text = QStaticText(metrics.elidedText(line, Qt.TextElideMode.ElideMiddle, LABEL_WIDTH))
                text.setTextFormat(Qt.TextFormat.PlainText)
                text.prepare(font=font)
                self._static.append(text)
        return self._static

    def label_rect(self, lod: float) -> QRectF:
        """The caption as painted at this zoom, in scene coordinates (the overlap test measures these)."""
        lines = self.static_label()
        grow = label_grow(lod)
        width = max(t.size().width() for t in lines) * grow
        height = sum(t.size().height() for t in lines) * grow
        return QRectF(self.pos().x() - width / 2, self.pos().y() + self.radius + 1, width, height)

    def paint(self, p: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        r = self.radius
        lod = option.levelOfDetailFromTransform(p.worldTransform())
        fill = QColor(self.fill)
        if self.dimmed:
            fill.setAlpha(60)
        picked = self.marked or self.isSelected()
        ring = QColor("#ffb300") if self.marked else (QColor("#0d47a1") if self.isSelected() else
                                                      QColor("#c62828") if self.suspect else QColor("white"))
        picked = picked or self.suspect
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if r * lod < ICON_PIXELS and not picked:  # a dot: no ring, no icon
            p.setPen(Qt.PenStyle.NoPen)
        else:
            p.setPen(QPen(ring, 3 if picked else 1.5))
        p.setBrush(fill)
        p.drawEllipse(QPointF(0, 0), r, r)
        if r * lod >= ICON_PIXELS:
            draw_icon(p, self.kind, r)
        if self.pinned:
            p.setBrush(QColor("#37474f"))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(QPointF(r * 0.75, -r * 0.75), 3.5, 3.5)
        if self.label_shown(lod):
            grow = label_grow(lod)
            p.setFont(label_font(LABEL_POINTS))
            p.setPen(QColor("#263238") if not self.dimmed else QColor("#b0bec5"))
            p.save()
            p.translate(0, r + 1)
            p.scale(grow, grow)
            y = 0.0
            halo = QColor(255, 255, 255, 120 if self.dimmed else 210)  # lines crossing a caption stay behind it
            for text in self.static_label():
                w, h = text.size().width(), text.size().height()
                p.fillRect(QRectF(-w / 2 - 1, y, w + 2, h), halo)
                p.drawStaticText(QPointF(-w / 2, y), text)
                y += h
            p.restore()

    def itemChange(self, change, value):  # noqa: N802 - Qt override
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for e in self.edges:
                e.adjust()
        elif change in (QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged,
                        QGraphicsItem.GraphicsItemChange.ItemVisibleHasChanged) and self.edges:
            self.edges[0].update()  # the layer may be drawing this node as a dot
        return value  # the base implementation returns value; calling it returned a dangling None (PySide 6.12)


def arrow_head(line: QLineF, size: float) -> QPolygonF:
    angle = math.atan2(-line.dy(), line.dx())
    tip = line.p2()
    return QPolygonF([tip, tip + QPointF(math.sin(angle - math.pi / 3) * size, math.cos(angle - math.pi / 3) * size),
                      tip + QPointF(math.sin(angle - 2 * math.pi / 3) * size,
                                    math.cos(angle - 2 * math.pi / 3) * size)])


class EdgeItem:
    """A transfer (directed, width by amount) or a labelled relation (dashed). Data only: EdgeLayer draws it."""

    def __init__(self, src: NodeItem, dst: NodeItem, kind: str, label: str, amount: float, times: list[str],
                 tx_ids: list[int]):
        self.src, self.dst, self.kind, self.label = src, dst, kind, label
        self.amount, self.times, self.tx_ids = amount, times, tx_ids
        self.width = 1.0 + (min(6.0, math.log10(max(amount, 1.0)) - 2) if kind == "transfer" and amount > 100 else 0)
        self.marked = False
        self.dimmed = False
        self.visible = True
        self.layer: EdgeLayer | None = None
        self.line = QLineF()
        self._static: QStaticText | None = None
        src.edges.append(self)
        dst.edges.append(self)
        self.adjust()

    def setVisible(self, on: bool) -> None:  # noqa: N802 - same names as QGraphicsItem for the view code
        if on != self.visible:
            self.visible = on
            self.update()

    def isVisible(self) -> bool:  # noqa: N802
        return self.visible

    def toolTip(self) -> str:  # noqa: N802
        return self.label

    def update(self) -> None:
        if self.layer is not None:
            self.layer.invalidate()

    def adjust(self) -> None:
        a, b = self.src.pos(), self.dst.pos()
        line = QLineF(a, b)
        if line.length() > self.src.radius + self.dst.radius:
            line = QLineF(line.pointAt(self.src.radius / line.length()),
                          line.pointAt(1 - (self.dst.radius + 2) / line.length()))
        self.line = line
        if self.layer is not None:
            self.layer.invalidate(geometry=True)

    def static_label(self) -> QStaticText:
        if self._static is None:
            self._static = QStaticText(self.label)
            self._static.setTextFormat(Qt.TextFormat.PlainText)
            self._static.prepare(font=label_font(6.5))
        return self._static


class EdgeLayer(QGraphicsItem):
    """Every edge in one item: lines grouped by pen and drawn with drawLines, arrow heads as one path per group."""

    def __init__(self):
        super().__init__()
        self.edges: list[EdgeItem] = []
        self.fast = False  # set while the user pans or zooms: no antialiasing
        self.dots = False  # draw the nodes too (see set_detail)
        self.nodes: list[NodeItem] = []
        self._dots: list[tuple[QColor, QPen, QPainterPath]] = []
        self._groups: list[tuple[QPen, QPainterPath, QPainterPath | None]] | None = None
        self._rect: QRectF | None = QRectF()
        self._ends = None  # numpy (n, 4) endpoints of drawn edges, for hover look-up
        self._drawn: list[EdgeItem] = []
        self.setZValue(1)
        self.setAcceptHoverEvents(True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # a pan blits; Qt caches only the
        # part in the viewport when the graph is larger than it

    def set_edges(self, edges: list[EdgeItem], nodes: list[NodeItem]) -> None:
        for e in edges:
            e.layer = self
        self.edges, self.nodes = edges, nodes
        self.invalidate(geometry=True)

    def invalidate(self, geometry: bool = False) -> None:
        if geometry and self._rect is not None:
            self.prepareGeometryChange()
            self._rect = None
        if self._groups is not None:
            self._groups = None
            self.update()

    def set_fast(self, fast: bool) -> None:
        if fast != self.fast:
            self.fast = fast
            self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        if self._rect is None:
            rect = QRectF()
            for e in self.edges:
                rect = rect.united(QRectF(e.line.p1(), e.line.p2()).normalized())
            for n in self.nodes:
                rect = rect.united(n.sceneBoundingRect())
            self._rect = rect.adjusted(-70, -20, 70, 20) if self.edges or self.nodes else QRectF()
        return self._rect

    def _rebuild(self) -> None:
        import numpy as np

        styles: dict[tuple, tuple[QPen, QPainterPath, QPainterPath | None]] = {}
        self._drawn = [e for e in self.edges if e.visible and e.line.length() >= 1]
        for e in self._drawn:
            transfer = e.kind == "transfer"
            state = 2 if e.marked else (1 if e.dimmed else 0)
            width = round((e.width + (1.5 if e.marked else 0)) * 2) / 2
            key = (transfer, state, width)
            if key not in styles:
                colour = QColor("#ffb300") if state == 2 else QColor("#b23c3c" if transfer else "#78909c")
                if state == 1:
                    colour.setAlpha(40)
                pen = QPen(colour, width)
                pen.setCapStyle(Qt.PenCapStyle.FlatCap)
                if not transfer:
                    pen.setStyle(Qt.PenStyle.DashLine)
                styles[key] = (pen, QPainterPath(), QPainterPath() if transfer else None)
            pen, lines, heads = styles[key]  # one path of segments strokes faster than drawLines(list)
            lines.moveTo(e.line.p1())
            lines.lineTo(e.line.p2())
            if heads is not None:
                heads.addPolygon(arrow_head(e.line, 6 + e.width))
        self._groups = [styles[k] for k in sorted(styles, key=lambda k: (1, 0, 2)[k[1]])]  # dimmed, plain, marked
        self._ends = np.array([(e.line.x1(), e.line.y1(), e.line.x2(), e.line.y2()) for e in self._drawn],
                              dtype=float).reshape(-1, 4)
        self._dots = self._dot_paths() if self.dots else []

    def _dot_paths(self) -> list[tuple[QColor, QPen, QPainterPath]]:
        """Visible nodes as filled circles, one path per (fill, ring) style; picked-out nodes last (on top)."""
        paths: dict[tuple, tuple[QColor, QPen, QPainterPath]] = {}
        for n in self.nodes:
            if not n.isVisible():
                continue
            fill = QColor(n.fill)
            if n.dimmed:
                fill.setAlpha(60)
            ring = "#ffb300" if n.marked else ("#0d47a1" if n.isSelected() else "")
            key = (fill.rgba(), ring)
            if key not in paths:  # a cosmetic outline keeps far-zoomed dots at least ~3 px wide
                pen = QPen(QColor(ring), 3) if ring else QPen(fill, 2.5)
                pen.setCosmetic(True)
                paths[key] = (fill, pen, QPainterPath())
            paths[key][2].addEllipse(n.pos(), n.radius, n.radius)
        return [paths[k] for k in sorted(paths, key=lambda k: k[1] != "")]

    def paint(self, p: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        if self._groups is None:
            self._rebuild()
        lod = option.levelOfDetailFromTransform(p.worldTransform())
        p.setRenderHint(QPainter.RenderHint.Antialiasing, not self.fast)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for pen, lines, _ in self._groups:
            if lod < 0.5:  # hairlines: a one-pixel cosmetic pen is far cheaper and looks the same
                thin = QPen(pen.color(), 2.5 if pen.widthF() > 2.4 else 1)
                thin.setCosmetic(True)
                p.setPen(thin)
            else:
                p.setPen(pen)
            p.drawPath(lines)
        if lod >= 0.5:  # smaller arrow heads only blot the lines together
            p.setPen(Qt.PenStyle.NoPen)
            for pen, _, heads in self._groups:
                if heads is not None:
                    p.setBrush(pen.color())
                    p.drawPath(heads)
        if lod >= EDGE_LABEL_LOD:
            self._paint_labels(p, option.exposedRect)
        for fill, pen, path in self._dots:
            p.setPen(pen)
            p.setBrush(fill)
            p.drawPath(path)

    def _paint_labels(self, p: QPainter, exposed: QRectF) -> None:
        if not len(self._drawn):
            return
        mid = (self._ends[:, :2] + self._ends[:, 2:]) / 2
        inside = ((mid[:, 0] >= exposed.left()) & (mid[:, 0] <= exposed.right())
                  & (mid[:, 1] >= exposed.top()) & (mid[:, 1] <= exposed.bottom())).nonzero()[0]
        if len(inside) > 400:  # too many to read anyway
            return
        p.setFont(label_font(6.5))
        for i in inside:
            e = self._drawn[int(i)]
            if not e.label or e.dimmed:
                continue
            text = e.static_label()
            p.setPen(QColor("#5d4037") if e.kind == "transfer" else QColor("#546e7a"))
            p.drawStaticText(QPointF(mid[i, 0] - text.size().width() / 2, mid[i, 1] - 12), text)

    def edge_at(self, point: QPointF, tolerance: float) -> EdgeItem | None:
        """The drawn edge nearest to a scene point, if within tolerance (scene units)."""
        import numpy as np

        if self._groups is None:
            self._rebuild()
        if not len(self._drawn):
            return None
        a, b = self._ends[:, :2], self._ends[:, 2:]
        q = np.array([point.x(), point.y()])
        ab = b - a
        t = np.clip(((q - a) * ab).sum(1) / np.maximum((ab ** 2).sum(1), 1e-9), 0, 1)
        dist = np.sqrt((((a + ab * t[:, None]) - q) ** 2).sum(1))
        i = int(dist.argmin())
        return self._drawn[i] if dist[i] <= tolerance else None

    def hoverMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        view = event.widget().parent() if event.widget() is not None else None
        scale = view.transform().m11() if view is not None and hasattr(view, "transform") else 1.0
        edge = self.edge_at(event.pos(), 5 / max(scale, 0.05))
        self.setToolTip(edge.label if edge is not None else "")
        super().hoverMoveEvent(event)
