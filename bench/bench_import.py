"""Import benchmark (issue 2): 1,300-page born-digital dossier and a 100,000-page search index.

Prints import pages/s and its ratio to raw `page.get_text()` over the same file in the same run,
re-import time as a share of the first import, peak memory, and search latency p50/p95.
Usage: ./dev bench import [--pages 1300] [--search-pages 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import OUT, page_text, peak_rss_mb, person, text_dossier  # noqa: E402

CPU_SECONDS: list[float] = []  # CPU time (user + sys) of each import_cli child, in call order


def raw_get_text(pdf: Path) -> float:
    import pymupdf

    start = time.perf_counter()
    doc = pymupdf.open(pdf)
    for page in doc:
        page.get_text()
    doc.close()
    return time.perf_counter() - start


def import_cli(pdf: Path, case: Path, workers: int, *extra: str) -> tuple[float, float, float, float]:
    """Run `caselens import` in a child process; returns seconds and peak RSS MB (max, main, largest worker)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    code = ("import resource, sys\nfrom app.cli.main import main\nrc = main(sys.argv[1:])\n"
            "print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,"
            " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, file=sys.stderr)\n"
            "raise SystemExit(rc)")
    proc = subprocess.run([sys.executable, "-c", code, "import", str(pdf), "--case", str(case), "--workers",
                           str(workers), *extra], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"import failed: {proc.stdout}\n{proc.stderr}")
    peak_line = [line for line in proc.stderr.splitlines() if line.startswith("PEAK")][-1]
    _, main_mb, child_mb = peak_line.split()
    return seconds, max(float(main_mb), float(child_mb)), float(main_mb), float(child_mb)


def build_big_case(case: Path, pages: int, seed: int = 3) -> float:
    """A case of `pages` synthetic pages written straight into the store (no PDF): for search latency."""
    from app.core.models import DocumentInfo, PageText
    from app.store.db import open_case, transaction
    from app.store.documents import add_document
    from app.store.pages import add_page

    rng = random.Random(seed)
    conn = open_case(case)
    start = time.perf_counter()
    per_doc = 1000
    for d in range(pages // per_doc):
        with transaction(conn):
            doc = add_document(conn, DocumentInfo(f"{d:064x}", f"/bench/vol{d}.pdf", f"vol{d}.pdf", 0, per_doc, "pdf"))
            for n in range(1, per_doc + 1):
                text = "\n".join(page_text(rng, lines=12))
                add_page(conn, doc, PageText(n, 595, 842, text, [], "layer"))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return time.perf_counter() - start


def search_latency(case: Path, queries: list[str], repeat: int = 3) -> dict:
    from app.services.case import open_reader
    from app.store.search import search_pages

    conn = open_reader(case)
    times = []
    hits = {}
    for _ in range(repeat):
        for q in queries:
            start = time.perf_counter()
            res = search_pages(conn, q, limit=20)
            times.append((time.perf_counter() - start) * 1000)
            hits[q] = len(res)
    conn.close()
    times.sort()
    return {"queries": len(times), "p50_ms": statistics.median(times),
            "p95_ms": times[int(0.95 * (len(times) - 1))], "max_ms": times[-1], "hits": hits}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=1300)
    ap.add_argument("--search-pages", type=int, default=100_000)
    ap.add_argument("--simple", action="store_true",
                    help="use the bench's own dense text pages instead of a `caselens synth` dossier")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t = time.perf_counter()
        if args.simple:
            pdf = text_dossier(tmp / "dossier.pdf", args.pages)
        else:
            pdf = tmp / "dossier.pdf"
            subprocess.run([sys.executable, "-m", "app", "synth", str(pdf), "--pages", str(args.pages), "--seed", "7"],
                           check=True, capture_output=True)
        results["generate_s"] = time.perf_counter() - t
        results["raw_get_text_s"] = min(raw_get_text(pdf) for _ in range(2))
        raw_rate = args.pages / results["raw_get_text_s"]
        for workers in (1, 2):
            case = tmp / f"w{workers}.case"
            secs, peak, main_mb, child_mb = import_cli(pdf, case, workers, "--text-only")
            results[f"import_w{workers}_s"] = secs
            results[f"import_w{workers}_pages_per_s"] = args.pages / secs
            results[f"import_w{workers}_ratio_to_raw"] = (args.pages / secs) / raw_rate
            results[f"import_w{workers}_peak_rss_mb"] = {"main": main_mb, "largest_worker": child_mb}
        case = tmp / "w2.case"
        secs, *_ = import_cli(pdf, case, 2, "--text-only")
        results["reimport_s"] = secs
        results["reimport_share_of_first"] = secs / results["import_w2_s"]
        results["import_w2_cpu_s"], results["reimport_cpu_s"] = CPU_SECONDS[1], CPU_SECONDS[2]
        results["reimport_cpu_share_of_first"] = CPU_SECONDS[2] / CPU_SECONDS[1]
        rng = random.Random(5)
        names = [person(rng) for _ in range(20)]
        results["search_1300"] = search_latency(case, names + ["张伟", "转账", "6222", "王"])
        big = tmp / "big.case"
        results["big_case_pages"] = args.search_pages
        results["big_case_build_s"] = build_big_case(big, args.search_pages)
        results["big_case_mb"] = big.stat().st_size / 2**20
        queries = names + ["张伟", "王芳", "伟", "转账", "有限公司", "犯罪嫌疑人", "6222", "12345", "人民币 转账"]
        results["search_100k"] = search_latency(big, queries)
    results["bench_peak_rss_mb"] = peak_rss_mb()
    print(f"pages: {args.pages}  raw get_text: {raw_rate:,.0f} pages/s")
    for w in (1, 2):
        print(f"import --workers {w}: {results[f'import_w{w}_s']:.2f} s  "
              f"{results[f'import_w{w}_pages_per_s']:,.0f} pages/s  ratio to raw {results[f'import_w{w}_ratio_to_raw']:.2f}"
              f"  peak RSS main {results[f'import_w{w}_peak_rss_mb']['main']:.0f} MB, "
              f"worker {results[f'import_w{w}_peak_rss_mb']['largest_worker']:.0f} MB")
    print(f"re-import: {results['reimport_s']:.2f} s = {100 * results['reimport_share_of_first']:.1f}% of first import"
          f" (includes process start); CPU {results['reimport_cpu_s']:.2f} s ="
          f" {100 * results['reimport_cpu_share_of_first']:.1f}% of the first import's {results['import_w2_cpu_s']:.1f} s")
    s = results["search_1300"]
    print(f"search on {args.pages} pages: p50 {s['p50_ms']:.2f} ms  p95 {s['p95_ms']:.2f} ms")
    s = results["search_100k"]
    print(f"search on {args.search_pages:,} pages ({results['big_case_mb']:.0f} MB, built in "
          f"{results['big_case_build_s']:.0f} s): p50 {s['p50_ms']:.2f} ms  p95 {s['p95_ms']:.2f} ms  max {s['max_ms']:.1f} ms")
    (OUT / "import.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
