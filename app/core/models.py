"""Plain dataclasses of the domain, passed between stages and stored in the case file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from app.core.errors import Issue

TextSource = Literal["layer", "ocr", "none"]
PageStatus = Literal["done", "pending_ocr", "failed"]

# A word box as stored: (x0, y0, x1, y1, text, block, line, word) in PDF points, page coordinates.
WordTuple = tuple[float, float, float, float, str, int, int, int]


@dataclass(frozen=True)
class PageText:
    """What a page yields: its text in reading order and word boxes (from the layer or OCR)."""

    number: int  # 1-based within the document
    width: float
    height: float
    text: str
    words: list[WordTuple]
    source: TextSource
    status: PageStatus = "done"
    ocr_engine: str | None = None
    ocr_confidence: float | None = None
    rotation: int = 0
    error: str | None = None
    # Prepared for storage by whoever made the page (often a worker process), so the single writer
    # only executes SQL: encoded word boxes and the full-text index body.
    words_json: str | None = None
    index_body: str | None = None
    warnings: str | None = None  # what MuPDF complained about while reading this page (E028)


@dataclass(frozen=True)
class DocumentInfo:
    sha256: str
    path: str
    name: str
    size: int
    page_count: int
    kind: str  # pdf | image | csv | xlsx
    path_raw: bytes | None = None


@dataclass(frozen=True)
class SearchHit:
    document_id: int
    document_name: str
    page_id: int
    page_number: int
    snippet: str
    spans: list[tuple[int, int]]  # char offsets of matches in the page text
    score: float


@dataclass(frozen=True)
class Mention:
    """A span of page text an officer would underline, with its normalised value."""

    page_id: int
    start: int
    end: int
    label: str
    text: str
    value: str | None = None
    confidence: float = 1.0
    extractor: str = ""
    version: str = ""
    bbox: tuple[float, float, float, float] | None = None


@dataclass
class Transaction:
    """One row of a bank ledger, signed amount (+ in, - out) from the holder's side."""

    holder_account: str
    time: str  # ISO 8601
    amount: float
    holder_name: str | None = None
    balance: float | None = None
    currency: str = "CNY"
    cp_name: str | None = None
    cp_account: str | None = None
    cp_bank: str | None = None
    channel: str | None = None
    memo: str | None = None
    serial: str | None = None
    document_id: int | None = None
    page_id: int | None = None
    row_bbox: tuple[float, float, float, float] | None = None
    flags: list[str] = field(default_factory=list)
    source: str = ""


@dataclass(frozen=True)
class EarlyResults:
    """The later stages ran on the pages OCR'd so far while OCR goes on: what an officer can already look at."""

    pages_read: int       # pages OCR'd when they ran
    pages_total: int      # pages the OCR stage has to read
    seconds: float        # since the import started, when these results were in the case
    took: float           # seconds the early stages took


@dataclass(frozen=True)
class ImportReport:
    """What an import did: nothing here is silent."""

    imported: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    resumed: list[str] = field(default_factory=list)
    pages_added: int = 0
    pages_pending_ocr: int = 0
    issues: list[Issue] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)  # stage name -> seconds
    pages_reread: int = 0  # pages OCR'd again (services.reocr.ocr_again)
    early_results: list[EarlyResults] = field(default_factory=list)  # shown while OCR still ran

    @property
    def failed(self) -> bool:
        return any(i.code not in WARNING_CODES for i in self.issues)


# Codes that describe something skipped on purpose, not a failure.
WARNING_CODES = frozenset({"E008", "E010"})


@dataclass
class Alert:
    """A money-flow rule's finding: which accounts, how much, when, the rows behind it and why."""

    rule: str
    accounts: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    amount: float = 0.0
    start: str | None = None
    end: str | None = None
    transactions: list[int] = field(default_factory=list)
    explanation: str = ""
    params: dict[str, Any] = field(default_factory=dict)  # the rule's thresholds and notes, as JSON
