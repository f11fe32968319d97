"""OCR speed and character accuracy: the CaseLens OCR stage vs tesseract -l chi_sim on the same scanned pages.

Usage: ./dev bench ocr [--pages N] [--workers 2] [--seed S]
Pages: synthetic 200 dpi A4 scans (Chinese record, bank-statement table, English) with blur, noise, JPEG
and slight skew (bench/scanned_pages.py). Accuracy is 1 - CER over the page text with whitespace removed
(NFKC on both sides). Tesseract runs as two processes in parallel with OMP_THREAD_LIMIT=1 when installed.
Also reports peak memory (RSS summed over the main process and its workers, sampled from /proc).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sqlite3
import sys
import tempfile
import threading
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (two rows; pages are a few thousand characters)."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def char_accuracy(got: list[str], truth: list[str]) -> tuple[float, float]:
    """(overall 1 - CER, worst page) over pages."""
    errors = total = 0
    worst = 1.0
    for g, t in zip(got, truth, strict=True):
        e, n = edit_distance(flat(g), flat(t)), max(1, len(flat(t)))
        errors, total = errors + e, total + n
        worst = min(worst, 1 - e / n)
    return 1 - errors / max(1, total), worst


def _tree_rss(root_pid: int) -> int:
    """RSS in bytes of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


class PeakMemory:
    """Samples the RSS of this process tree every 0.2 s in a thread; .peak in bytes."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss(os.getpid()))
            self._stop.wait(0.2)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def cpu_seconds() -> float:
    """User + system CPU of this process and its finished children (worker pools, tesseract runs)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run_caselens(pdf: Path, workers: int) -> tuple[list[str], float, int, float]:
    """Import (text layer) then time the OCR stage alone, cache off, from worker start to the last commit."""
    from app.services import stage_ocr
    from app.services.case import open_writer
    from app.services.imports import import_paths

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CASELENS_HOME"] = tmp  # no cache hits from earlier runs
        case = Path(tmp) / "bench.case"
        import_paths([pdf], case=case, run_post_stages=False)
        conn = open_writer(case)
        with PeakMemory() as mem:
            started, cpu0 = time.perf_counter(), cpu_seconds()
            issues = stage_ocr.run(conn, workers=workers, use_cache=False)
            seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu0
        conn.close()
        if issues:
            print("caselens issues:", [i.message for i in issues])
        texts = [r[0] for r in sqlite3.connect(case).execute("SELECT text FROM pages ORDER BY number")]
    return texts, seconds, mem.peak, cpu


def run_tesseract(pdf: Path, workers: int) -> tuple[list[str], float, float]:
    """Render each page at 200 dpi and run tesseract on `workers` pages at a time (one thread each)."""
    from app.ingest.ocr_tesseract import TesseractEngine
    from app.ingest.ocr_words import page_text, page_words
    from app.ingest.render import render_page
    from app.ingest.textlayer import open_document

    engine = TesseractEngine()

    def one(number: int) -> str:
        doc = open_document(pdf)
        try:
            rendered = render_page(doc[number])
        finally:
            doc.close()
        result = engine.read(rendered.image)
        return page_text(page_words(result.lines, rendered.scale_x, rendered.scale_y))

    doc = open_document(pdf)
    n = doc.page_count
    doc.close()
    started, cpu0 = time.perf_counter(), cpu_seconds()
    with ThreadPoolExecutor(workers) as pool:
        texts = list(pool.map(one, range(n)))
    return texts, time.perf_counter() - started, cpu_seconds() - cpu0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=12, help="scanned pages (zh, table, en in turn)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from scanned_pages import make_scanned_pdf

    from app.ingest.ocr_tesseract import tesseract_path

    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    pdf = out / f"ocr_scans_{args.pages}_{args.seed}.pdf"
    truth = make_scanned_pdf(pdf, args.pages, seed=args.seed)
    truth_text = ["\n".join(p.lines) for p in truth]
    load = os.getloadavg()[0]
    print(f"{args.pages} synthetic scanned pages (200 dpi A4; zh/table/en), {args.workers} workers, "
          f"{os.cpu_count()} cores, load average {load:.1f} at start")

    rows = []
    texts, secs, peak, cpu = run_caselens(pdf, args.workers)
    rows.append(("caselens (rapidocr)", texts, secs, cpu))
    if tesseract_path():
        rows.append(("tesseract chi_sim", *run_tesseract(pdf, args.workers)))
    else:
        print("tesseract not installed: skipped (apt-get install tesseract-ocr tesseract-ocr-chi-sim)")
    base = rows[1][2] if len(rows) > 1 else None
    print(f"\n{'engine':<21}{'pages':>6}{'seconds':>8}{'pages/s':>8}{'chars':>8}{'worst':>8}{'vs tess':>8}"
          f"{'cpu s/page':>11}{'p/s on 2 idle cores':>20}")
    for name, got, secs, cpu in rows:
        acc, worst = char_accuracy(got, truth_text)
        ratio = f"{base / secs:.2f}x" if base else "-"
        print(f"{name:<21}{args.pages:>6}{secs:>8.1f}{args.pages / secs:>8.2f}{acc:>8.2%}{worst:>8.2%}{ratio:>8}"
              f"{cpu / args.pages:>11.2f}{2 * args.pages / cpu:>20.2f}")
    print("(p/s on 2 idle cores = 2 / cpu s per page: what the CPU work allows when nothing else runs)")
    print(f"\npeak memory (main + OCR workers): {peak / 2**20:.0f} MiB; load average now {os.getloadavg()[0]:.1f}")
    for name, got, _secs, _cpu in rows:
        for kind in ("zh", "table", "en"):
            idx = [i for i, p in enumerate(truth) if p.kind == kind]
            if idx:
                a, w = char_accuracy([got[i] for i in idx], [truth_text[i] for i in idx])
                print(f"  {name:<21} {kind:<6} pages {len(idx):>3}: chars {a:.2%}, worst {w:.2%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
