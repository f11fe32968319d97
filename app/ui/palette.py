"""Colours shared by every view: mention labels, entity kinds and graph communities."""

from __future__ import annotations

from PySide6.QtGui import QColor

LABEL_COLOURS = {
    "PERSON": "#e6194b", "ORG": "#3cb44b", "ORGANISATION": "#3cb44b", "ACCOUNT": "#4363d8",
    "PHONE": "#f58231", "ID_NUMBER": "#911eb4", "MONEY": "#008080", "DATE": "#9a6324", "TIME": "#9a6324",
    "PLACE": "#808000", "BANK_CARD": "#4363d8", "PLATE": "#000075", "VEHICLE": "#000075", "EMAIL": "#f032e6",
}
LEGEND = ["PERSON", "ORG", "ACCOUNT", "PHONE", "ID_NUMBER", "MONEY", "DATE", "PLACE"]

KIND_COLOURS = {
    "person": "#e6194b", "organisation": "#3cb44b", "account": "#4363d8", "phone": "#f58231",
    "id_number": "#911eb4", "place": "#808000", "vehicle": "#000075", "email": "#f032e6",
}

COMMUNITY_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
                     "#ff9da7", "#9c755f", "#bab0ac"]

EVENT_COLOURS = {"transfer_in": "#2e7d32", "transfer_out": "#c62828"}


def label_colour(label: str) -> QColor:
    return QColor(LABEL_COLOURS.get((label or "").upper(), "#607d8b"))


def kind_colour(kind: str) -> QColor:
    return QColor(KIND_COLOURS.get(kind, "#607d8b"))


def community_colour(index: int) -> QColor:
    return QColor(COMMUNITY_COLOURS[index % len(COMMUNITY_COLOURS)] if index >= 0 else "#9e9e9e")
