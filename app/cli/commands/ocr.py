"""`caselens ocr`: (re)OCR the pages of a case that are pending, failed, or all of them."""

from __future__ import annotations

import argparse

from app.cli.progressbar import TerminalProgress, first_ctrl_c_cancels
from app.core.progress import CancelToken

HELP = """OCR scanned pages of a case. Import already OCRs every image-only page (and pages whose text
layer is garbage); run this to retry pages that failed, to use another engine, or with --force to
re-OCR every page. Results are cached by page image, so the same image is never OCR'd twice.
Pages whose text changed are then classified, parsed and extracted again (statement rows, mentions,
people). Ctrl-C stops after the pages in progress; finished pages are kept.

Engines: rapidocr (default: the fast PP-OCRv6 tiny recogniser, doubtful lines re-read by the small one),
rapidocr-accurate (the small recogniser on every line: about twice the time, fewer slips on long digit
runs), tesseract (where installed).

example:
  caselens ocr --case 2021-047.case
  caselens ocr --case 2021-047.case --engine rapidocr-accurate --force --page-type bank_statement
  caselens ocr --case 2021-047.case --engine tesseract --force
"""


def register(sub) -> None:
    p = sub.add_parser("ocr", help="(re)OCR pending or all pages of a case", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--case", required=True, help="case file")
    p.add_argument("--engine", choices=["rapidocr", "rapidocr-accurate", "tesseract"], default="rapidocr",
                   help="OCR engine (default rapidocr; tesseract only where installed)")
    p.add_argument("--force", action="store_true", help="re-OCR every page, not only pending or failed ones")
    p.add_argument("--page-type", default=None, metavar="TYPE",
                   help="only pages classified as TYPE (bank_statement, interrogation, id_record, ...)")
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: from cores and memory)")
    p.add_argument("--no-cache", action="store_true", help="ignore cached results (they are still refreshed)")
    p.set_defaults(run=run)


def run(args) -> int:
    from app.services.reocr import ocr_again

    bar = TerminalProgress()
    try:
        with first_ctrl_c_cancels(CancelToken()) as cancel:
            report = ocr_again(args.case, engine=args.engine, force=args.force, page_type=args.page_type,
                               workers=args.workers, use_cache=not args.no_cache, progress=bar, cancel=cancel)
    finally:
        bar.close()
    print(f"pages read: {report.pages_reread} in {report.seconds:.1f} s")
    print(f"OCR problems: {len(report.issues)}")
    for issue in report.issues:
        print(f"  {issue.message}")
    if report.cancelled:
        print("cancelled: run the same command again to resume.")
        return 130
    return 1 if report.issues else 0
