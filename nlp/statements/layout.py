"""StatementLayout: which header text each ledger field was read from, per statement document (or part of one)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# Fields a statement usually has; a layout without them is reported as `missing` (caselens info, E019).
IMPORTANT = ("balance", "cp_name", "cp_account", "holder_account")


def missing_fields(columns: Iterable[str], holder_account: str | None = None) -> list[str]:
    """The IMPORTANT fields no column gives: the holder's account may come from the header block instead,
    and a combined counterparty column (对方账号与户名) gives both name and account."""
    have = set(columns)
    return [f for f in IMPORTANT if f not in have
            and not (f == "holder_account" and holder_account)
            and not (f in ("cp_name", "cp_account") and "cp_combined" in have)]


@dataclass
class StatementLayout:
    """The column mapping a statement (PDF page run or spreadsheet sheet) was read with, for `caselens info`,
    the import panel and problem reports.

    kind: 'pdf-table', 'credit-card', …; columns: field -> header text as printed; missing: fields the
    ledger wants that no header named (e.g. 'balance', 'cp_name'); part: where in the document it applies
    ('pages 1-3', or the sheet's name); unmapped: header texts no field was found for; sign: how the amount's
    sign was decided; header_row: a sheet's 1-based header row (None: none, or a PDF); dates: how an ambiguous
    date column (03/04/2024) was read; skipped: summary and note lines after a sheet's header.
    """

    kind: str
    columns: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    part: str = ""
    where: str = ""  # 'header on page 1'
    unmapped: list[str] = field(default_factory=list)
    sign: str = "as printed"
    holder: dict[str, str | list[str]] = field(default_factory=dict)  # the holder block as printed
    rows: int = 0
    header_page: int | None = None  # index of the page the header is on, in the pages given
    header_row: int | None = None
    dates: str = ""
    skipped: int = 0

    def as_dict(self) -> dict[str, Any]:
        """What statement_layouts stores for it."""
        return {"part": self.part, "kind": self.kind, "header_row": self.header_row, "where": self.where,
                "columns": self.columns, "unmapped": self.unmapped, "missing": self.missing, "sign": self.sign,
                "dates": self.dates, "holder": self.holder, "rows": self.rows, "skipped": self.skipped}
