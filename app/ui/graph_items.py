"""Graph scene items: entity nodes with type icons drawn by QPainter, and transfer/relation edges."""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from app.ui.palette import kind_colour

LABEL_WIDTH = 120


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


class NodeItem(QGraphicsItem):
    """One entity, cached as an item-coordinate bitmap: zooming rescales the cache instead of repainting."""

    def __init__(self, key: str, kind: str, label: str, entity_id: int | None):
        super().__init__()
        self.key, self.kind, self.label, self.entity_id = key, kind, label, entity_id
        self.radius = 14.0
        self.fill = kind_colour(kind)
        self.pinned = False
        self.dimmed = False
        self.marked = False  # on a found path or an alert chain
        self.edges: list[EdgeItem] = []
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsMovable | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setCacheMode(QGraphicsItem.CacheMode.ItemCoordinateCache, QSize(160, 80))
        self.setAcceptHoverEvents(True)
        self.setToolTip(label)
        self.setZValue(2)

    def set_look(self, radius: float, fill: QColor) -> None:
        self.prepareGeometryChange()
        self.radius, self.fill = radius, fill
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        r = self.radius + 3
        return QRectF(-max(r, LABEL_WIDTH / 2), -r, max(2 * r, LABEL_WIDTH), 2 * r + 16)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), self.radius, self.radius)
        return path

    def paint(self, p: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        r = self.radius
        fill = QColor(self.fill)
        if self.dimmed:
            fill.setAlpha(60)
        ring = QColor("#ffb300") if self.marked else (QColor("#0d47a1") if self.isSelected() else QColor("white"))
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(ring, 3 if (self.marked or self.isSelected()) else 1.5))
        p.setBrush(fill)
        p.drawEllipse(QPointF(0, 0), r, r)
        draw_icon(p, self.kind, r)
        if self.pinned:
            p.setBrush(QColor("#37474f"))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(QPointF(r * 0.75, -r * 0.75), 3.5, 3.5)
        p.setPen(QColor("#263238") if not self.dimmed else QColor("#b0bec5"))
        font = QFont(p.font())
        font.setPointSizeF(7.5)
        p.setFont(font)
        p.drawText(QRectF(-LABEL_WIDTH / 2, r + 1, LABEL_WIDTH, 14), Qt.AlignmentFlag.AlignHCenter,
                   p.fontMetrics().elidedText(self.label, Qt.TextElideMode.ElideMiddle, LABEL_WIDTH))

    def itemChange(self, change, value):  # noqa: N802 - Qt override
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for e in self.edges:
                e.adjust()
        return value  # the base implementation returns value; calling it returned a dangling None (PySide 6.12)


class EdgeItem(QGraphicsItem):
    """A transfer (directed, width by amount) or a labelled relation (dashed)."""

    def __init__(self, src: NodeItem, dst: NodeItem, kind: str, label: str, amount: float, times: list[str],
                 tx_ids: list[int]):
        super().__init__()
        self.src, self.dst, self.kind, self.label = src, dst, kind, label
        self.amount, self.times, self.tx_ids = amount, times, tx_ids
        self.width = 1.0 + (min(6.0, math.log10(max(amount, 1.0)) - 2) if kind == "transfer" and amount > 100 else 0)
        self.marked = False
        self.dimmed = False
        self.line = QLineF()
        src.edges.append(self)
        dst.edges.append(self)
        self.setZValue(1)
        self.setToolTip(label)
        self.adjust()

    def adjust(self) -> None:
        self.prepareGeometryChange()
        a, b = self.src.pos(), self.dst.pos()
        line = QLineF(a, b)
        if line.length() > self.src.radius + self.dst.radius:
            line = QLineF(line.pointAt(self.src.radius / line.length()),
                          line.pointAt(1 - (self.dst.radius + 2) / line.length()))
        self.line = line

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        extra = 8 + self.width
        return QRectF(self.line.p1(), self.line.p2()).normalized().adjusted(-extra - 40, -extra, extra + 40, extra)

    def paint(self, p: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        if self.line.length() < 1:
            return
        transfer = self.kind == "transfer"
        colour = QColor("#ffb300") if self.marked else QColor("#b23c3c" if transfer else "#78909c")
        if self.dimmed:
            colour.setAlpha(40)
        pen = QPen(colour, self.width + (1.5 if self.marked else 0))
        if not transfer:
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(pen)
        p.drawLine(self.line)
        lod = option.levelOfDetailFromTransform(p.worldTransform())
        if transfer:
            angle = math.atan2(-self.line.dy(), self.line.dx())
            size = 6 + self.width
            tip = self.line.p2()
            left = tip + QPointF(math.sin(angle - math.pi / 3) * size, math.cos(angle - math.pi / 3) * size)
            right = tip + QPointF(math.sin(angle - math.pi + math.pi / 3) * size,
                                  math.cos(angle - math.pi + math.pi / 3) * size)
            p.setBrush(QBrush(colour))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawPolygon(QPolygonF([tip, left, right]))
        if lod > 0.6 and self.label and not self.dimmed:
            font = QFont(p.font())
            font.setPointSizeF(6.5)
            p.setFont(font)
            p.setPen(QColor("#5d4037") if transfer else QColor("#546e7a"))
            mid = self.line.center()
            p.drawText(QRectF(mid.x() - 60, mid.y() - 12, 120, 12), Qt.AlignmentFlag.AlignCenter, self.label)
