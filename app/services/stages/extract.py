"""Post-import stage 'extract': mentions (people, accounts, money, dates…) for every page with text.

Resumable per page: a page is (re)done when its job row for this stage is missing, failed or of another
version. One transaction per page replaces that page's earlier mentions from this extractor; mentions
from other extractors and the officer's curation are left alone.
"""

from __future__ import annotations

import time

from app.core.errors import Issue
from app.core.progress import CancelToken, Progress, ProgressFn, no_progress
from app.core.words import layout_text, span_bbox
from app.store.db import transaction
from app.store.jobs import NER_SETTING, case_setting, mark_job, pages_to_do
from app.store.mentions import replace_page_mentions
from app.store.pages import page_words, pages_with_source, record_issue

NAME = "extract"
VERSION = "3"            # this stage's own code; the pipeline's version is added to it
# Page types whose text is tables or fixed forms: the validated rules find their identifiers, money,
# dates and labelled names; the statistical NER (the costly part) runs on prose pages only.
RULES_ONLY_TYPES = frozenset({"bank_statement", "cover", "contents"})
EXTRACTOR = "caselens.nlp"
BATCH_PAGES = 32


def _bboxes(words: list, text: str, mentions: list[dict]) -> list[tuple | None]:
    """Boxes of the mentions from the page's word boxes; none when the words no longer lay out as the text."""
    if not words:
        return [None] * len(mentions)
    laid, starts = layout_text(words)
    if laid != text:
        return [None] * len(mentions)
    return [span_bbox(words, starts, m["start"], m["end"]) for m in mentions]


def _write_page(conn, page_id: int, text: str, mentions: list[dict], version: str) -> None:
    boxes = _bboxes(page_words(conn, page_id), text, mentions)
    with transaction(conn):
        # a page read again (re-OCR, new extractor) after resolution: its old mentions' entity links go first
        # (foreign key); the resolve stage sees the changed mentions in its input digest and rebuilds
        replace_page_mentions(
            conn, page_id, EXTRACTOR,
            [(m["start"], m["end"], *(box or (None, None, None, None)), m["label"], m["text"], m["value"],
              m.get("role"), m["confidence"], version) for m, box in zip(mentions, boxes, strict=True)])
        mark_job(conn, page_id, NAME, version, "done")


def stage_version(ner: str = "fast") -> str:
    from nlp.pipeline import extractor_version

    return f"{VERSION}/{extractor_version('zh', ner)}"


def ner_choice(conn) -> str:
    """The case's Chinese NER ("fast" unless the officer chose "accurate" for it: `import --ner`, the GUI)."""
    return case_setting(conn, NER_SETTING) or "fast"


def _write_batch(conn, rows: list, results: list, version: str, issues: list[Issue],
                 cancel: CancelToken) -> None:
    """Commit each page of a batch: its mentions, or its coded failure (E006, retried by the next run)."""
    for row, result in zip(rows, results, strict=True):
        cancel.check()
        try:
            if isinstance(result, str):
                raise RuntimeError(result)
            _write_page(conn, row["id"], row["text"], result, version)
        except Exception as exc:  # one bad page must not stop the case; it is recorded and retried
            issue = Issue.of("E006", f"extraction failed: {type(exc).__name__}: {exc}", row["path"],
                             row["number"])
            issues.append(issue)
            with transaction(conn):
                mark_job(conn, row["id"], NAME, version, "failed", issue.message)
                record_issue(conn, issue)


def _pages(rows: list) -> list[tuple[str, bool]]:
    return [(row["text"], row["page_type"] not in RULES_ONLY_TYPES) for row in rows]


def run(conn, *, case, progress: ProgressFn = no_progress, cancel: CancelToken | None = None,
        cluster=None) -> list[Issue]:
    """Extract mentions on every page not yet done at this version; returns the pages that failed.

    With `cluster` (ClusterSettings) batches of page texts are read by the cluster's workers (same function,
    versions checked); this process still writes every page."""
    cancel = cancel or CancelToken()
    ner = ner_choice(conn)
    version = stage_version(ner)
    todo = pages_to_do(conn, NAME, version, with_text=True)
    issues: list[Issue] = []
    started = time.monotonic()
    batches = [todo[i:i + BATCH_PAGES] for i in range(0, len(todo), BATCH_PAGES)]
    if cluster is not None and batches:
        _run_on_cluster(conn, cluster, batches, version, ner, issues, progress, cancel, started, len(todo))
        return issues
    from nlp.extract import extract_pages

    done = 0
    for batch in batches:
        rows = pages_with_source(conn, batch)
        _write_batch(conn, rows, extract_pages(_pages(rows), ner=ner), version, issues, cancel)
        done += len(batch)
        progress(Progress(NAME, done, len(todo), current="extract", started=started))
    return issues


def _run_on_cluster(conn, cluster, batches: list[list[int]], version: str, ner: str, issues: list[Issue],
                    progress: ProgressFn, cancel: CancelToken, started: float, total: int) -> None:
    import pickle
    from functools import partial

    from app.services.cluster import ClusterFailure, ClusterMap
    from app.services.remote_extract import ExtractBatch, extract_remote, nlp_versions

    versions = nlp_versions(ner)

    in_flight: dict[int, list] = {}  # first page id -> the batch's rows, read once for sending and writing

    def work(batch: list[int]) -> tuple[ExtractBatch, int]:
        rows = in_flight[batch[0]] = pages_with_source(conn, batch)
        sent = ExtractBatch(tuple(_pages(rows)), versions, ner)
        return sent, len(pickle.dumps(sent))

    done = 0
    with ClusterMap(cluster, partial(nlp_versions, ner)) as pool:
        for batch, result in pool.map(batches, work=work, remote=extract_remote, cancel=cancel):
            rows = in_flight.pop(batch[0], None) or pages_with_source(conn, batch)
            if isinstance(result, ClusterFailure):
                results: list = [f"on the cluster: {result.code} {result.detail}"] * len(rows)
            else:
                results = result
            _write_batch(conn, rows, results, version, issues, cancel)
            done += len(batch)
            progress(Progress(NAME, done, total, current="extract", started=started))
        for issue in pool.issues:  # refused workers
            with transaction(conn):
                record_issue(conn, issue)
            issues.append(issue)
    cancel.check()
