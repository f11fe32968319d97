"""Doubtful scanned statement rows re-read by the surer recogniser before they are stored (issue #21).

The import's OCR reads with the tiny recogniser (second looks by the small one on doubtful pieces). A statement
row whose checks doubt it (its balance does not chain, a date or an amount unreadable, an account one digit off)
or whose figures OCR read with low confidence (`ocr_lines`) is read again here: its OCR lines are cut from the
page image rendered as the OCR stage rendered it and recognised by the accurate engine's recogniser (the small
model on every line), the document is parsed again with the new text, and nlp.statements.reread.verdict decides
per row. The new reading is kept only when it makes the row consistent; a row it does not help stays as it was,
flagged `reread_no_help`; two consistent readings that differ keep the surer one, flagged `reread_disagrees`.
Nothing is dropped: a page whose rows would change in number keeps its first reading.

Re-read lines are cached by page-image hash (ocr_cache, under the accurate engine's name + "+rows").
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.core.errors import CaseLensError
from nlp.statements.parse import StatementPage, StatementRead, read_statement_pages
from nlp.statements.reread import (
    DISAGREES,
    FIXED,
    NO_HELP,
    OcrSpan,
    changed_fields,
    doubt_flags,
    is_doubtful,
    page_spans,
    spans_in,
    verdict,
)

ENGINE = "rapidocr-accurate"  # app.ingest.ocr.pool.engine_for: the wheel's small recogniser on every line
MAX_ROUNDS = 4  # accept/reject rounds before giving up on substitutions (keeping the first reading)


@dataclass(frozen=True)
class ScanPage:
    """Where an OCR'd page comes from and what its OCR lines were: what a re-read needs."""

    path: str
    number: int  # 1-based page number in the source file
    rotation: int  # how the text lay on the scan, clockwise (pages.rotation)
    spans: Sequence[Sequence]  # ocr_lines: (row, first word, last word, confidence)


@dataclass
class RereadStats:
    doubtful: int = 0  # rows found doubtful
    lines: int = 0  # OCR lines recognised again
    changed: int = 0  # rows whose re-read text differs
    verdicts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0  # wall time of the re-read (renders, recognition, parses)
    cpu: float = 0.0  # CPU time of this process over the same span
    failed: str | None = None  # why a re-read could not be done (the first reading is kept)


def read_with_reread(inputs: list[StatementPage], known_names: Sequence[str], scans: Sequence[ScanPage | None],
                     engine: str = ENGINE, use_cache: bool = True) -> tuple[StatementRead, RereadStats]:
    """read_statement_pages, with the doubtful rows of OCR'd pages (scans[i] not None) re-read and re-parsed."""
    read = read_statement_pages(inputs, known_names)
    stats = RereadStats()
    started, cpu = time.perf_counter(), time.process_time()
    spans = {i: page_spans(inputs[i].words, s.spans) for i, s in enumerate(scans) if s is not None}
    targets: dict[int, list[OcrSpan]] = {}  # row index in read.rows -> its OCR lines
    for k, row in enumerate(read.rows):
        if row.page in spans:
            mine = spans_in(row.bbox, spans[row.page])
            if mine and is_doubtful(row.flags, mine):
                targets[k] = mine
    stats.doubtful = len(targets)
    if not targets:
        return read, stats
    try:
        texts = _recognise(targets, read, scans, engine, use_cache, stats)
    except (CaseLensError, OSError, ValueError) as exc:  # a moved source, a page that will not render: keep it
        stats.failed = str(exc)
        out = read
    else:
        out = _settle(read, inputs, known_names, targets, texts, scans, stats)
    stats.seconds, stats.cpu = time.perf_counter() - started, time.process_time() - cpu
    return out, stats


def _recognise(targets: dict[int, list[OcrSpan]], read: StatementRead, scans: Sequence[ScanPage | None],
               engine_name: str, use_cache: bool, stats: RereadStats) -> dict[tuple[int, int, int], str]:
    """(page, row, first word) -> the surer recogniser's text, for every OCR line of the target rows."""
    by_page: dict[int, list[OcrSpan]] = {}
    for k, mine in targets.items():
        by_page.setdefault(read.rows[k].page, []).extend(mine)
    out: dict[tuple[int, int, int], str] = {}
    for page, lines in by_page.items():
        lines = sorted(set(lines), key=lambda s: (s.row, s.first))
        for span, text in zip(lines, _read_lines(scans[page], lines, engine_name, use_cache), strict=True):
            out[(page, span.row, span.first)] = text
        stats.lines += len(lines)
    return out


def _read_lines(scan: ScanPage, lines: list[OcrSpan], engine_name: str, use_cache: bool) -> list[str]:
    from app.ingest.ocr import cache as ocr_cache
    from app.ingest.ocr.pool import engine_for
    from app.ingest.ocr.types import OcrLine, OcrResult
    from app.ingest.render import render_page
    from app.ingest.textlayer import open_document

    doc = open_document(Path(scan.path))
    try:
        rendered = render_page(doc[scan.number - 1], path=scan.path, number=scan.number)
    finally:
        doc.close()
    name = _cache_name(engine_name)
    boxes = [[round(v, 2) for v in s.box] for s in lines]
    key = hashlib.sha256(json.dumps([rendered.digest, scan.rotation, boxes]).encode()).hexdigest()
    cached = ocr_cache.load(name, key) if use_cache else None
    if cached is not None and len(cached.lines) == len(lines):
        return [ln.text for ln in cached.lines]
    engine = engine_for(engine_name)
    crops = [_crop(rendered, s.box, scan.rotation) for s in lines]
    texts = [_recognise_crop(engine, c) for c in crops]
    h, w = rendered.image.shape[:2]
    ocr_cache.store(name, key, OcrResult(w, h, scan.rotation, [OcrLine(_quad(s.box, 0), t, 1.0)
                                                                 for s, t in zip(lines, texts, strict=True)], name))
    return texts


def _cache_name(engine_name: str) -> str:
    """The cache's name for this engine's row re-reads (RapidOCR version, model and settings in it), known
    without loading the engine, so a cached page costs no model load."""
    from app.ingest.ocr.models import WHEEL
    from app.ingest.ocr.settings import rapidocr_engine_id

    if engine_name == ENGINE:  # engine_for(ENGINE) is RapidOcrEngine(rec=WHEEL.name): that name
        return rapidocr_engine_id(WHEEL.name) + "+rows"
    from app.ingest.ocr.pool import engine_for

    return engine_for(engine_name).name + "+rows"


def _crop(rendered, box: tuple[float, float, float, float], rotation: int):
    """The line's box cut from the page image (page points -> pixels), turned upright."""
    import numpy as np

    h, w = rendered.image.shape[:2]
    x0, y0 = max(0, int(box[0] * rendered.scale_x)), max(0, int(box[1] * rendered.scale_y))
    x1, y1 = min(w, int(round(box[2] * rendered.scale_x)) + 1), min(h, int(round(box[3] * rendered.scale_y)) + 1)
    crop = rendered.image[y0:max(y1, y0 + 1), x0:max(x1, x0 + 1)]
    turns = (rotation // 90) % 4  # text lying turned clockwise by `rotation`: turn it back to the left
    return np.ascontiguousarray(np.rot90(crop, turns)) if turns else crop


def _recognise_crop(engine, crop) -> str:
    """One line's text by the engine's recogniser; a very long line is cut at blank gaps as OCR cuts it."""
    from app.ingest.ocr.geometry import blank_cuts
    from app.ingest.ocr.settings import SPLIT_RATIO
    from app.ingest.ocr.types import normalise_ocr_text

    pieces = [crop]
    if crop.shape[1] > SPLIT_RATIO * max(1, crop.shape[0]):
        edges = [0, *blank_cuts(crop), crop.shape[1]]
        pieces = [crop[:, a:b] for a, b in zip(edges, edges[1:], strict=False) if b > a]
    return normalise_ocr_text(" ".join(t.strip() for t, _ in engine.recognise(pieces)))


def _quad(box: tuple[float, float, float, float], rotation: int) -> tuple[tuple[float, float], ...]:
    """The box's corners clockwise from the text's top-left (for a line lying turned on the stored page)."""
    x0, y0, x1, y1 = box
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    k = (rotation // 90) % 4
    return tuple(corners[k:] + corners[:k])


def _substitute(words: Sequence[Sequence], new: dict[tuple[int, int], tuple[OcrSpan, str]], rotation: int) -> list:
    """The page's words with the given OCR lines' words replaced by the new text's words (placed along the line
    as OCR places them); words renumbered within their row."""
    from app.ingest.ocr.types import OcrLine
    from app.ingest.ocr.words import split_line

    replaced = {(span.row, k) for span, _ in new.values() for k in range(span.first, span.last + 1)}
    by_row: dict[int, list[tuple[float, tuple]]] = {}
    for w in words:
        row = int(w[6])
        if (row, int(w[7])) in replaced:
            continue
        by_row.setdefault(row, []).append((float(w[7]), tuple(w[:6])))
    for (row, first), (span, text) in new.items():
        for n, (box, part) in enumerate(split_line(OcrLine(_quad(span.box, rotation), text, span.confidence))):
            by_row.setdefault(row, []).append((first + n / 1000, (*box, part, 0)))
    out = []
    for row in sorted(by_row):
        for n, (_, w) in enumerate(sorted(by_row[row], key=lambda p: p[0])):
            out.append((*w[:6], row, n))
    return out


def _parse(inputs, known_names, subs: dict[int, dict], scans) -> StatementRead:
    pages = [StatementPage(_substitute(p.words, subs[i], scans[i].rotation), p.width, p.height) if subs.get(i) else p
             for i, p in enumerate(inputs)]
    return read_statement_pages(pages, known_names)


def _per_page(read: StatementRead) -> dict[int, int]:
    counts: dict[int, int] = {}
    for r in read.rows:
        counts[r.page] = counts.get(r.page, 0) + 1
    return counts


def _settle(read: StatementRead, inputs, known_names, targets: dict[int, list[OcrSpan]],
            texts: dict[tuple[int, int, int], str], scans, stats: RereadStats) -> StatementRead:
    """Parse again with the re-read text of changed rows; keep a row's new reading only where verdict says so,
    dropping substitutions that do not help until the parse settles. Returns the read to store, annotated."""
    changes: dict[int, dict[tuple[int, int], tuple[OcrSpan, str]]] = {}  # row index -> its changed lines
    for k, mine in targets.items():
        page = read.rows[k].page
        diff = {(s.row, s.first): (s, texts[(page, s.row, s.first)]) for s in mine
                if texts.get((page, s.row, s.first)) not in (None, "", s.text)}
        if diff:
            changes[k] = diff
    stats.changed = len(changes)
    accepted = set(changes)
    first_counts = _per_page(read)
    new_read = read
    alternative: dict[int, dict] = {}  # row index -> the re-read's fields (shown on rows that keep theirs)
    for _ in range(MAX_ROUNDS):
        if not accepted:
            new_read = read
            break
        subs: dict[int, dict] = {}
        for k in accepted:
            subs.setdefault(read.rows[k].page, {}).update(changes[k])
        new_read = _parse(inputs, known_names, subs, scans)
        counts = _per_page(new_read)
        moved = {p for p in set(counts) | set(first_counts) if counts.get(p) != first_counts.get(p)}
        if moved:  # the new text made or merged rows on a page: keep that page's first reading
            accepted -= {k for k in accepted if read.rows[k].page in moved}
            continue
        rejected = set()
        for k in accepted:
            old, new = read.rows[k], new_read.rows[k]
            v = verdict(old.flags, old.fields, new.flags, new.fields)
            if v not in (FIXED, DISAGREES):
                rejected.add(k)
                alternative[k] = new.fields
        for j, (old, new) in enumerate(zip(read.rows, new_read.rows, strict=True)):
            if j in accepted:
                continue
            if not _same_fields(old.fields, new.fields) or doubt_flags(new.flags) and not doubt_flags(old.flags):
                # a row not re-read changed (a re-read line moved a cell between rows) or a neighbour's new
                # balance broke its chain: the re-read rows next to it keep their first reading
                near = {k for k in accepted if read.rows[k].page == old.page and abs(k - j) <= 2}
                rejected |= near or {k for k in accepted if read.rows[k].page == old.page} or set(accepted)
        if not rejected:
            break
        accepted -= rejected
    else:
        new_read, accepted = read, set()
    for k in targets:
        old, row = read.rows[k], new_read.rows[k]
        if k in accepted:
            v = verdict(old.flags, old.fields, row.flags, row.fields)
            _annotate(row, v, changed_fields(old.fields, row.fields))
        elif k in changes:
            v = NO_HELP
            _annotate(row, v, changed_fields(old.fields, alternative.get(k, old.fields)))
        else:
            v = NO_HELP if doubt_flags(row.flags) else None
            if v:
                _annotate(row, v, {})
        stats.verdicts[v or "confirmed"] = stats.verdicts.get(v or "confirmed", 0) + 1
    return new_read


def _same_fields(a: dict, b: dict) -> bool:
    return not changed_fields(a, b)


def _annotate(row, what: str, fields: dict) -> None:
    """The flag an officer sees, and in the row's details what the re-read read (old -> new for a new reading,
    the surer recogniser's alternative for a kept one)."""
    if what not in row.flags:
        row.flags.append(what)
    details = dict(row.fields.get("details") or {})
    details["reread"] = {"verdict": what, "fields": fields}
    row.fields["details"] = details
