"""`caselens import`: files and folders into a case file."""

from __future__ import annotations

import json

from app.cli.progressbar import TerminalProgress, first_ctrl_c_cancels
from app.core.progress import CancelToken

HELP = """Import PDFs, scans (TIFF/PNG/JPEG) and statement spreadsheets (CSV/XLSX) into a case file.
Folders are read recursively; files already in the case (same SHA-256) are skipped; an interrupted
import resumes where it stopped. Exit code is non-zero only when something failed.

example:
  caselens import ~/dossiers/2021-047/ extra.pdf --case 2021-047.case --workers 2
"""


def register(sub) -> None:
    p = sub.add_parser("import", help="import files and folders into a case", description=HELP,
                       formatter_class=__import__("argparse").RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
    p.add_argument("--case", required=True, help="case file (created if missing)")
    p.add_argument("--workers", type=int, default=None, help="text-layer worker processes (default 1; OCR sizes its own pool)")
    p.add_argument("--password", default=None, help="password for encrypted PDFs")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--text-only", action="store_true",
                   help="only store pages and their text layer; skip OCR, extraction and analysis stages")
    p.add_argument("--cluster", default=None, metavar="ADDRESS",
                   help="OCR scanned pages and extract page texts on the workers of this scheduler (`caselens cluster`)")
    p.add_argument("--tls-dir", default=None, help="with --cluster: folder of the precinct's TLS certificates")
    p.add_argument("--ner", choices=("fast", "accurate"), default=None,
                   help="the case's Chinese name recognition: fast (default for a new case) or accurate (about 8x "
                        "slower, better on real full names, organisations and places); kept with the case")
    p.set_defaults(run=run)


def run(args) -> int:
    from app.services.cluster import ClusterSettings
    from app.services.imports import import_paths

    bar = TerminalProgress()
    try:
        with first_ctrl_c_cancels(CancelToken()) as cancel:
            report = import_paths(args.paths, case=args.case, password=args.password, workers=args.workers,
                                  progress=bar, cancel=cancel, run_post_stages=not args.text_only, ner=args.ner,
                                  cluster=ClusterSettings(args.cluster, args.tls_dir) if args.cluster else None)
    finally:
        bar.close()
    if args.json:
        print(json.dumps({
            "imported": report.imported, "duplicates": report.duplicates, "resumed": report.resumed,
            "pages_added": report.pages_added, "pages_pending_ocr": report.pages_pending_ocr,
            "cancelled": report.cancelled, "seconds": round(report.seconds, 3),
            "stage_seconds": {k: round(v, 3) for k, v in report.stage_seconds.items()},
            "issues": [i.__dict__ for i in report.issues]}, ensure_ascii=False, indent=2))
    else:
        print(f"imported {len(report.imported)} file(s), {report.pages_added} page(s) in {report.seconds:.1f} s")
        if report.stage_seconds:
            print("stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in report.stage_seconds.items()))
        if report.resumed:
            print(f"resumed {len(report.resumed)} interrupted file(s)")
        print(f"skipped as duplicate: {len(report.duplicates)}")
        print(f"pages pending OCR: {report.pages_pending_ocr}")
        failed = [i for i in report.issues]
        print(f"problems: {len(failed)}")
        for issue in failed:
            print(f"  {issue.message}")
        if report.cancelled:
            print("cancelled: run the same command again to resume.")
    if report.cancelled:
        return 130
    return 1 if report.failed else 0
