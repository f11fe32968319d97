"""Time to first results in the GUI during a scanned import (issue 21).

Runs the pytest-qt test tests/ui/test_early_results_gui.py (the main window, offscreen, importing a scanned
dossier with no OCR cache) on a `caselens synth --scanned` dossier, and reports when the first people and
transactions were visible in the entities and transactions views against when the import ended — before
early results, the views filled only then (ratio 1.0).
Usage: ./dev bench first-results [--pages 200] [--seed 7] [--pdf EXISTING_SYNTH_DOSSIER]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import OUT  # noqa: E402


def _watch_memory(child: subprocess.Popen) -> dict:
    """Until the child ends: the peak of the summed RSS of it and all its processes (GUI, import, OCR workers)."""
    import time

    import psutil

    peak = {"summed_mib": 0.0, "largest_mib": 0.0}
    parent = psutil.Process(child.pid)
    while child.poll() is None:
        try:
            procs = [parent, *parent.children(recursive=True)]
            rss = [p.memory_info().rss / 2**20 for p in procs]
        except psutil.Error:
            rss = []
        if rss:
            peak["summed_mib"] = max(peak["summed_mib"], sum(rss) - rss[0])  # pytest's own process left out
            peak["largest_mib"] = max(peak["largest_mib"], max(rss[1:], default=0.0))
        time.sleep(1.0)
    return peak


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--pdf", type=Path, default=None, help="an existing scanned dossier instead of a new one")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = args.pdf
        if pdf is None:
            from app.services.synth import generate_dossier

            pdf = Path(tmp) / "dossier.pdf"
            generate_dossier(str(pdf), pages=args.pages, seed=args.seed, scanned=True)
        out = Path(tmp) / "first.json"
        env = {**os.environ, "CASELENS_FIRST_RESULTS_PDF": str(pdf.resolve()), "CASELENS_FIRST_RESULTS_OUT": str(out),
               "QT_QPA_PLATFORM": "offscreen"}
        child = subprocess.Popen([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                                  "tests/ui/test_early_results_gui.py"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True)
        peak = _watch_memory(child)
        run = subprocess.CompletedProcess(child.args, child.returncode, child.stdout.read() if child.stdout else "", "")
        if run.returncode != 0 or not out.exists():
            print(run.stdout[-3000:], run.stderr[-2000:])
            return 1
        r = json.loads(out.read_text())
        r["memory"] = peak
    total = r["finished_s"]
    print(f"scanned dossier: {r['pages']} pages to OCR ({pdf})")
    print(f"first people and transactions in the GUI views: {r['first_results_s']:.1f} s after the import started "
          f"({r['first_views']['entities']} entities, {r['first_views']['transactions']} transactions shown)")
    print(f"import finished in the GUI: {total:.1f} s; first results at {r['first_results_s'] / total:.3f} of it "
          "(without early results the views fill at 1.000)")
    for e in r["early"]:
        print(f"  early results after {e['pages_read']}/{e['pages_total']} pages at {e['seconds']:.1f} s "
              f"(the early stages took {e['took']:.1f} s)")
    print("stage seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in r["stage_seconds"].items()))
    print(f"peak memory of the GUI's processes summed: {peak['summed_mib']:,.0f} MiB (largest one "
          f"{peak['largest_mib']:,.0f} MiB; the test runner itself left out)")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "first_results.json").write_text(json.dumps(r, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
