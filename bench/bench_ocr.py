"""OCR speed and character accuracy: the CaseLens OCR stage vs tesseract -l chi_sim on the same scanned pages.

Usage: ./dev bench ocr [--pages N] [--workers 2] [--seed S] [--synth N] [--dump N]
                      [--ab [--only 1,3,10] [--variants a,b]]
Pages: synthetic 200 dpi A4 scans (Chinese record, bank-statement table, English) with blur, noise, JPEG
and slight skew (bench/scanned_pages.py); with --synth N, the first N pages of a scanned synthetic dossier
(`caselens synth --scanned`), its truth text taken from the born-digital twin of the same seed (same
content with a text layer; the twin's truth is checked to be identical). --ab runs ocr_ab.VARIANTS on the
same page images in one process (CPU seconds per page, model load excluded) instead of the stage. Accuracy is 1 - CER over the page text with whitespace removed
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
    """Levenshtein distance, one numpy row per character of a (insertions by a running minimum)."""
    import numpy as np

    if not a or not b:
        return max(len(a), len(b))
    bcodes = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    idx = np.arange(len(b) + 1)
    prev = idx.copy()
    for i, ca in enumerate(a, 1):
        sub = prev[:-1] + (bcodes != ord(ca))
        cur = np.empty_like(prev)
        cur[0] = i
        cur[1:] = np.minimum(prev[1:] + 1, sub)
        prev = np.minimum.accumulate(cur - idx) + idx  # cur[j] = min(cur[j], cur[j-1] + 1)
    return int(prev[-1])


def spaced(text: str) -> str:
    """NFKC with every whitespace run (line breaks too) as one space: word spaces count, layout does not."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def char_accuracy(got: list[str], truth: list[str], norm=None) -> tuple[float, float]:
    """(overall 1 - CER, worst page) over pages; whitespace ignored unless norm (e.g. spaced) keeps it."""
    norm = norm or flat
    errors = total = 0
    worst = 1.0
    for g, t in zip(got, truth, strict=True):
        e, n = edit_distance(norm(g), norm(t)), max(1, len(norm(t)))
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
    from app.services.case import open_writer
    from app.services.imports import import_paths
    from app.services.stages import ocr as stage_ocr

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
    from app.ingest.ocr.tesseract import TesseractEngine
    from app.ingest.ocr.words import page_text, page_words
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


def synth_pages(n: int, seed: int) -> tuple[Path, list[str], list[str]]:
    """Scanned synthetic dossier (cached in bench/out) and, per page, the twin's text and the page type."""
    import json

    import pymupdf

    from app.services.synth import generate_dossier

    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    scan, twin = out / f"synth_scan_{n}_{seed}.pdf", out / f"synth_text_{n}_{seed}.pdf"
    for pdf, scanned in ((scan, True), (twin, False)):
        if not pdf.exists() or not pdf.with_suffix(".truth.json").exists():
            generate_dossier(pdf, pages=max(12, n), seed=seed, scanned=scanned)
    pages_scan = json.loads(scan.with_suffix(".truth.json").read_text(encoding="utf-8"))["pages"]
    pages_twin = json.loads(twin.with_suffix(".truth.json").read_text(encoding="utf-8"))["pages"]
    strip = lambda ps: [{k: v for k, v in pg.items() if k != "rotation"} for pg in ps]  # noqa: E731
    if strip(pages_scan) != strip(pages_twin):
        raise SystemExit("the born-digital twin does not match the scanned dossier: no ground truth")
    doc = pymupdf.open(twin)
    texts = [_ordered_twin_text(doc[i]) for i in range(n)]
    doc.close()
    return scan, texts, [pg["type"] for pg in pages_scan[:n]]


def _ordered_twin_text(page) -> str:
    """The twin page's text lines put in reading order by the same function as OCR lines (rows, left to right)."""
    from app.ingest.ocr.types import OcrLine
    from app.ingest.ocr.words import reading_rows

    lines = []
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            text = "".join(span["text"] for span in line["spans"]).strip()
            if text:
                x0, y0, x1, y1 = line["bbox"]
                lines.append(OcrLine(((x0, y0), (x1, y0), (x1, y1), (x0, y1)), text, 1.0))
    return "\n".join(" ".join(ln.text for ln in row) for row in reading_rows(lines))


def run_ab(pdf: Path, truth: list[str], kinds: list[str], only: list[int] | None, names: list[str]) -> None:
    """The settings A/B (bench/ocr_ab.py) on the chosen pages of pdf; prints one row per variant."""
    from ocr_ab import run_ab as ab

    from app.ingest.render import render_page
    from app.ingest.textlayer import open_document

    numbers = only or list(range(1, len(truth) + 1))
    doc = open_document(pdf)
    pages = []
    for n in numbers:
        r = render_page(doc[n - 1])
        pages.append((r.image, r.scale_x, r.scale_y))
    doc.close()
    print(f"A/B on pages {numbers} ({', '.join(kinds[n - 1] for n in numbers)}); CPU s per page per variant:")
    tallies = ab(pages, names)
    ref = [truth[n - 1] for n in numbers]
    base = sum(tallies[names[0]].cpu)
    print(f"\n{'variant':<44}{'cpu s/page':>11}{'p/s 2 cores':>12}{'vs first':>9}{'chars':>9}{'worst':>9}"
          f"{'load cpu s':>11}{'w/ spaces':>10}")
    for name in names:
        t = tallies[name]
        acc, worst = char_accuracy(t.texts, ref)
        cpu = sum(t.cpu) / len(t.cpu)
        print(f"{name:<44}{cpu:>11.2f}{2 / cpu:>12.2f}{base / sum(t.cpu):>8.2f}x{acc:>9.2%}{worst:>9.2%}"
              f"{t.load_cpu:>11.2f}{char_accuracy(t.texts, ref, spaced)[0]:>10.2%}")
    for kind in sorted({kinds[n - 1] for n in numbers}, key=kinds.index):
        idx = [i for i, n in enumerate(numbers) if kinds[n - 1] == kind]
        for name in names:
            t = tallies[name]
            acc, worst = char_accuracy([t.texts[i] for i in idx], [ref[i] for i in idx])
            cpu = sum(t.cpu[i] for i in idx) / len(idx)
            sp = char_accuracy([t.texts[i] for i in idx], [ref[i] for i in idx], spaced)[0]
            print(f"  {kind:<10} pages {len(idx):>2} {name:<42} cpu s/page {cpu:.2f}  chars {acc:.2%}  worst {worst:.2%}"
                  f"  with spaces {sp:.2%}")
    for name in names:
        per_page = [char_accuracy([g], [r])[0] for g, r in zip(tallies[name].texts, ref, strict=True)]
        print(f"  {name:<42} per page: " + " ".join(f"p{n}:{a:.1%}" for n, a in zip(numbers, per_page, strict=True)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=12, help="scanned pages (zh, table, en in turn)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--synth", type=int, default=0, help="use the first N pages of a scanned synthetic dossier")
    parser.add_argument("--ab", action="store_true", help="A/B of engine settings (bench/ocr_ab.py) instead")
    parser.add_argument("--only", default="", help="with --ab: page numbers, e.g. 3,10,30")
    parser.add_argument("--variants", default="", help="with --ab: comma-separated variant names (default all)")
    parser.add_argument("--dump", type=int, default=0, metavar="N",
                        help="write the N worst pages' truth and OCR text, diffed line by line, to bench/out/ocr_dump")
    args = parser.parse_args()

    from scanned_pages import make_scanned_pdf

    from app.ingest.ocr.tesseract import tesseract_path

    if args.synth:
        pdf, truth_text, kinds = synth_pages(args.synth, args.seed)
        args.pages = args.synth
        what = f"first {args.synth} pages of a scanned synthetic dossier (seed {args.seed})"
    else:
        pdf = ROOT / "bench" / "out" / f"ocr_scans_{args.pages}_{args.seed}.pdf"
        pdf.parent.mkdir(parents=True, exist_ok=True)
        truth = make_scanned_pdf(pdf, args.pages, seed=args.seed)
        truth_text, kinds = ["\n".join(p.lines) for p in truth], [p.kind for p in truth]
        what = "synthetic scanned pages (200 dpi A4; zh/table/en)"
    if args.ab:
        from ocr_ab import VARIANTS

        names = [n.strip() for n in args.variants.split(",") if n.strip()] or list(VARIANTS)
        only = [int(x) for x in args.only.split(",") if x.strip()] or None
        print(f"load average {os.getloadavg()[0]:.1f} at start")
        run_ab(pdf, truth_text, kinds, only, names)
        print(f"load average now {os.getloadavg()[0]:.1f}")
        return 0

    load = os.getloadavg()[0]
    print(f"{args.pages} {what}, {args.workers} workers, "
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
        for kind in sorted(set(kinds), key=kinds.index):
            idx = [i for i, k in enumerate(kinds) if k == kind]
            if idx:
                a, w = char_accuracy([got[i] for i in idx], [truth_text[i] for i in idx])
                print(f"  {name:<21} {kind:<6} pages {len(idx):>3}: chars {a:.2%}, worst {w:.2%}")
    if args.dump:
        dump_worst(rows, truth_text, kinds, args.dump)
    return 0


def dump_worst(rows: list, truth: list[str], kinds: list[str], n: int) -> None:
    """Per engine, the n worst pages: a unified diff of truth vs OCR lines (NFKC, no spaces: what the
    accuracy compares), to tell misreads from reading order and from text the truth leaves out."""
    import difflib

    out = ROOT / "bench" / "out" / "ocr_dump"
    out.mkdir(parents=True, exist_ok=True)
    for name, got, _secs, _cpu in rows:
        scored = sorted(range(len(truth)), key=lambda i: char_accuracy([got[i]], [truth[i]])[0])[:n]
        for i in scored:
            acc = char_accuracy([got[i]], [truth[i]])[0]
            lines = lambda text: [flat(ln) for ln in text.splitlines() if flat(ln)]  # noqa: E731 - as measured
            diff = difflib.unified_diff(lines(truth[i]), lines(got[i]), "truth", name, n=0, lineterm="")
            path = out / f"{name.split()[0]}_page{i + 1:03d}.diff"
            path.write_text(f"page {i + 1} ({kinds[i]}): chars {acc:.2%}\n" + "\n".join(diff) + "\n", encoding="utf-8")
        print(f"{name}: worst {len(scored)} pages diffed under {out.relative_to(ROOT)}")


if __name__ == "__main__":
    raise SystemExit(main())
