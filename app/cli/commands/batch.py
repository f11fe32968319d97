"""`caselens batch`: a folder of dossiers, one case file each, all stages, resumable."""

from __future__ import annotations

import argparse
import sys
import time

from app.cli.progressbar import first_ctrl_c_cancels
from app.core.progress import CancelToken, Progress

HELP = """Import every dossier under ROOT into its own case file CASES_DIR/<name>.case and run all stages.
A dossier is a sub-folder of ROOT, or a PDF, scan or ZIP archive at its top level. At the end a summary
table (dossier, pages, OCR pages, transactions, people, alerts, problems, minutes) is printed and written
to CASES_DIR/batch-summary.json and .csv. Run the same command again after a crash or a power cut: finished
dossiers are kept, the rest resume where they stopped, nothing is doubled. One dossier's bad files are
problems in its case and its row; the other dossiers go on. Exit code is non-zero when a dossier failed.

example:
  caselens batch /data/precinct-7/2026-11 --out /data/cases/2026-11
  caselens batch /data/precinct-7/2026-11 --out /data/cases/2026-11 --cluster tcp://10.0.4.2:8786
"""


def register(sub) -> None:
    p = sub.add_parser("batch", help="import a folder of dossiers, one case file each", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("root", metavar="ROOT", help="folder whose sub-folders (and top-level PDFs/archives) are dossiers")
    p.add_argument("--out", required=True, metavar="CASES_DIR", help="folder for the case files and the summary")
    p.add_argument("--cluster", default=None, metavar="ADDRESS",
                   help="OCR scanned pages on the workers of this scheduler (`caselens cluster`)")
    p.add_argument("--tls-dir", default=None, help="with --cluster: folder of the precinct's TLS certificates")
    p.add_argument("--ner", choices=("fast", "accurate"), default=None,
                   help="Chinese name recognition for every case: fast (default) or accurate (about 8x slower)")
    p.add_argument("--password", default=None, help="password for encrypted PDFs")
    p.set_defaults(run=run)


class BatchProgress:
    """One status line: the whole batch (dossiers, pages, rate, ETA) and the current dossier's stage."""

    def __init__(self, stream=None, min_interval: float = 0.5) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.min_interval = min_interval
        self.whole: Progress | None = None
        self.stage: Progress | None = None
        self._last = self._last_plain = 0.0
        self._width = 0

    def __call__(self, p: Progress) -> None:
        if p.stage == "batch":
            self.whole = p
        else:
            self.stage = p
        now = time.monotonic()
        if now - self._last < self.min_interval or self.whole is None:
            return
        self._last = now
        w = self.whole
        eta = w.eta_s
        filled = int(20 * w.fraction)
        line = (f"batch [{'#' * filled}{'-' * (20 - filled)}] dossiers {w.files_done}/{w.files_total}  pages "
                f"{w.done}/{w.total}  {w.rate:5.2f} p/s  ETA {'--' if eta is None else f'{eta / 60:.0f} min'}")
        if self.stage is not None:
            line += f"  | {w.current}: {self.stage.stage} {self.stage.done}/{self.stage.total}"
        if self.tty:
            self.stream.write("\r" + line + " " * max(0, self._width - len(line)))
            self._width = len(line)
        elif now - self._last_plain > 10:
            self._last_plain = now
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self._width:
            self.stream.write("\n")
            self.stream.flush()


def run(args) -> int:
    from app.services.batch import run_batch
    from app.services.cluster import ClusterSettings

    bar = BatchProgress()
    try:
        with first_ctrl_c_cancels(CancelToken()) as cancel:
            report = run_batch(args.root, args.out, password=args.password, progress=bar, cancel=cancel, ner=args.ner,
                               cluster=ClusterSettings(args.cluster, args.tls_dir) if args.cluster else None)
    finally:
        bar.close()
    head = f"{'dossier':<24} {'pages':>6} {'OCR':>6} {'trans.':>7} {'people':>6} {'alerts':>6} {'probl.':>6} " \
           f"{'min':>6}  status"
    print(head)
    for r in report.rows:
        print(f"{r.dossier[:24]:<24} {r.pages:>6} {r.ocr_pages:>6} {r.transactions:>7} {r.people:>6} {r.alerts:>6} "
              f"{r.problems:>6} {r.minutes:>6.1f}  {r.status}")
        if r.error:
            print(f"    {r.error}")
    print(f"summary: {args.out}/batch-summary.csv, {args.out}/batch-summary.json ({report.seconds / 60:.1f} min)")
    if report.cancelled:
        print("cancelled: run the same command again to resume.")
        return 130
    return 1 if report.failed else 0
