"""StatementLayout: which header text each ledger field was read from, per statement document."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class StatementLayout:
    """The column mapping a statement was read with, for `caselens info` and problem reports.

    kind: 'pdf-table', 'credit-card', 'spreadsheet', ...; columns: field -> header text as printed;
    missing: fields the ledger wants that no header named (e.g. 'balance', 'cp_name').
    """

    kind: str
    columns: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
