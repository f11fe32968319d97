"""OCR character accuracy on real scans: SROIE receipts and FUNSD forms from ../shared/data (not shipped).

Usage: ./dev eval ocr [--limit N] [--engine rapidocr|tesseract] [--det-side N] [--det-type max|min|auto]
CER = edit distance / ground-truth characters, whitespace removed, NFKC on both sides. SROIE's ground
truth is written in capitals (the receipts are mostly mixed case) and leaves out the Chinese lines
some receipts carry, so its CER is also given case-insensitively ("CER ci"), the fair figure. Both the ground
truth boxes and the OCR lines are put in reading order by the same function (ocr.words.reading_rows), so
the figure measures reading, not disagreements about the order of form fields.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DATA = ROOT.parent / "shared" / "data"


def _quad(x0: float, y0: float, x1: float, y1: float):
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def sroie_truth(box_csv: Path):
    from app.ingest.ocr.types import OcrLine

    lines = []
    for row in box_csv.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = row.split(",", 8)
        if len(parts) == 9 and parts[8].strip():
            xs, ys = [float(v) for v in parts[0:8:2]], [float(v) for v in parts[1:8:2]]
            lines.append(OcrLine(_quad(min(xs), min(ys), max(xs), max(ys)), parts[8].strip(), 1.0))
    return lines


def funsd_truth(annotation: Path):
    from app.ingest.ocr.types import OcrLine

    lines = []
    for field in json.loads(annotation.read_text(encoding="utf-8"))["form"]:
        for word in field.get("words", []):
            if word.get("text", "").strip():
                lines.append(OcrLine(_quad(*word["box"]), word["text"].strip(), 1.0))
    return lines


def ordered_text(lines) -> str:
    from app.ingest.ocr.words import reading_rows

    return "\n".join(" ".join(ln.text for ln in row) for row in reading_rows(lines))


def evaluate(name: str, items: list[tuple[Path, object]], engine, limit: int) -> None:
    import cv2
    from bench_ocr import edit_distance, flat

    errors = total = errors_ci = 0
    worst = (1.0, "")
    started = time.perf_counter()
    for image_path, truth_lines in items[:limit]:
        img = cv2.imread(str(image_path), cv2.IMREAD_COLOR)
        if img is None:
            print(f"  {image_path.name}: cannot be read, skipped")
            continue
        got = ordered_text(engine.read(img).lines)
        ref = ordered_text(truth_lines)
        e, n = edit_distance(flat(got), flat(ref)), max(1, len(flat(ref)))
        errors, total = errors + e, total + n
        errors_ci += edit_distance(flat(got).upper(), flat(ref).upper())
        worst = min(worst, (1 - e / n, image_path.name))
    n_done = min(limit, len(items))
    secs = time.perf_counter() - started
    print(f"{name:<8} images {n_done:>3}  CER {errors / max(1, total):.2%}  CER ci {errors_ci / max(1, total):.2%}"
          f"  worst {worst[0]:.2%} ({worst[1]})  {secs / max(1, n_done):.2f} s/image on one process")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=50, help="images per data set (default 50 = all)")
    parser.add_argument("--engine", choices=["rapidocr", "tesseract"], default="rapidocr")
    parser.add_argument("--det-side", type=int, default=0, help="rapidocr: Det.limit_side_len (default: ours)")
    parser.add_argument("--det-type", choices=["max", "min", "auto"], default="",
                        help="rapidocr: Det.limit_type; auto = our choice from the image's size (default)")
    args = parser.parse_args()

    from app.ingest.ocr.pool import engine_for

    sroie, funsd = DATA / "sroie_subset", DATA / "funsd" / "testing_data"
    if not sroie.is_dir() and not funsd.is_dir():
        print(f"skipped: no evaluation data under {DATA} (see shared/data/README.md)")
        return 0
    if args.engine == "rapidocr" and (args.det_side or args.det_type):
        from app.ingest.ocr.engine import RapidOcrEngine

        engine = RapidOcrEngine(det_side=args.det_side or None, det_type=args.det_type or None)
    else:
        engine = engine_for(args.engine)
    print(f"engine {engine.name}")
    if sroie.is_dir():
        items = [(img, sroie_truth(sroie / "box" / f"{img.stem}.csv")) for img in sorted((sroie / "img").glob("*.jpg"))
                 if (sroie / "box" / f"{img.stem}.csv").exists()]
        evaluate("sroie", items, engine, args.limit)
    else:
        print(f"sroie: skipped, {sroie} absent")
    if funsd.is_dir():
        items = [(img, funsd_truth(funsd / "annotations" / f"{img.stem}.json"))
                 for img in sorted((funsd / "images").glob("*.png")) if (funsd / "annotations" / f"{img.stem}.json").exists()]
        evaluate("funsd", items, engine, args.limit)
    else:
        print(f"funsd: skipped, {funsd} absent")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
