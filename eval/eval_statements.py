"""Statement parsing exactness on synthetic dossiers: % rows exact (all shown fields) per layout, and silent errors.

Usage: ./dev eval statements [--pages 160] [--seeds 1 2] [--scanned] [--inquiry] [--json eval/out/statements.json]
Born-digital pages are read with PyMuPDF; scanned pages go through the real OCR stage in a temporary case.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.services.synth import generate_dossier  # noqa: E402
from devkit.synth.statements import LAYOUTS  # noqa: E402
from nlp.statements.orient import bbox_as_stored  # noqa: E402
from nlp.statements.parse import StatementPage, parse_statement_pages  # noqa: E402
from nlp.statements.reread import FIXED  # noqa: E402

TIME_KEYS = {"time", "datetime"}
CP_KEYS = {"cp_name", "cp_combo", "cp_acc_name"}
INFO_FLAGS = {"cp_from_memo", FIXED}  # flags that tell, not doubt (a wrong row carrying only these is silent)


def expected(row: dict, layout_key: str) -> dict:
    """The fields a reader can get from the printed row of this layout."""
    keys = {c.key for c in LAYOUTS[layout_key].columns}
    exp = {"holder_account": row["account"], "amount": Decimal(f"{row['amount']:.2f}"),
           "balance": Decimal(f"{row['balance']:.2f}"), "currency": row["currency"],
           "time": row["time"] if keys & TIME_KEYS else row["time"][:10]}
    if keys & CP_KEYS:
        exp["cp_name"] = row["cp_name"] or None
    if keys & (CP_KEYS - {"cp_name"} | {"cp_account"}):
        exp["cp_account"] = row["cp_account"] or None
    if "cp_bank" in keys:
        exp["cp_bank"] = row["cp_bank"] or None
    if "channel" in keys:
        exp["channel"] = row["channel"] or None
    desc = next((row["cells"].get(c.label, "") for c in LAYOUTS[layout_key].columns if c.key == "desc_en"), "")
    if desc.startswith("TRANSFER ") and row["cp_name"] and not keys & CP_KEYS:
        exp["cp_name"] = row["cp_name"]  # TRANSFER FROM <name>: the counterparty read from the description
    return exp


def pages_born_digital(pdf: Path) -> list:
    import pymupdf

    doc = pymupdf.open(pdf)
    pages = [([tuple(w[:8]) for w in p.get_text("words")], p.rect.width, p.rect.height) for p in doc]
    doc.close()
    return pages


def pages_scanned(pdf: Path, workdir: Path, truth: dict, engine: str = "rapidocr") -> tuple[list, list]:
    """OCR the statement pages through the product's own import + OCR stage, then read the stored words.

    Only statement pages are OCR'd (to save time); the others come back empty, which also ends a layout.
    Also returns, per page, what the statements stage's re-read of doubtful rows needs (reread_rows.ScanPage).
    """
    import pymupdf

    from app.services.case import open_writer
    from app.services.imports import import_paths
    from app.services.reread_rows import ScanPage
    from app.services.stages import ocr as stage_ocr
    from app.store.pages import ocr_lines, page_words

    wanted = [p["number"] - 1 for p in truth["pages"] if p["type"] == "bank_statement"]
    doc = pymupdf.open(pdf)
    n_pages = doc.page_count
    doc.select(wanted)
    sub = workdir / f"{pdf.stem}.statements.pdf"
    doc.save(sub)
    doc.close()
    case = workdir / f"{pdf.stem}.case"
    import_paths([sub], case=case, run_post_stages=False)
    conn = open_writer(case)
    try:
        stage_ocr.run(conn, engine=engine)
        rows = conn.execute("SELECT id, number, width, height, rotation FROM pages ORDER BY number").fetchall()
        out: list = [([], 0.0, 0.0)] * n_pages
        scans: list = [None] * n_pages
        for index, r in zip(wanted, rows, strict=True):
            out[index] = (page_words(conn, r["id"]), r["width"], r["height"])
            scans[index] = ScanPage(str(sub), r["number"], r["rotation"] or 0, ocr_lines(conn, r["id"]))
        return out, scans
    finally:
        conn.close()


def _match(parsed_on_page: list, truth_row: dict, page: dict | None = None):
    """The parsed row whose box centre lies in the true row's band; rows of turned scans are reported on
    the page as stored, so the band is turned too (across the page for 90/270)."""
    rotation = (page or {}).get("rotation") or 0
    box = truth_row["bbox"]
    if rotation:
        w, h = page["width"], page["height"]  # the upright page
        box = bbox_as_stored(box, *((w, h) if rotation == 180 else (h, w)), rotation)
    axis = 0 if rotation in (90, 270) else 1
    lo, hi = box[axis], box[axis + 2]
    for r in parsed_on_page:
        if r.bbox and lo - 1 <= (r.bbox[axis] + r.bbox[axis + 2]) / 2 <= hi + 1:
            return r
    return None


def _same(got, want) -> bool:
    """Equal, with text compared after NFKC: a scan cannot show （ from ( — the bank's own exports mix them."""
    if isinstance(got, str) and isinstance(want, str):
        return unicodedata.normalize("NFKC", got) == unicodedata.normalize("NFKC", want)
    return got == want


def evaluate(truth: dict, pages: list, examples: int = 3, rows: list | None = None) -> dict:
    rows = parse_statement_pages(pages) if rows is None else rows
    by_page = defaultdict(list)
    for r in rows:
        by_page[r.page].append(r)
    stats: dict[str, dict] = defaultdict(lambda: {"rows": 0, "exact": 0, "flagged_wrong": 0, "silent_wrong": 0,
                                                  "missed": 0, "extra": 0, "flagged_exact": 0,
                                                  "examples": [], "missed_rows": [], "silent_rows": []})
    for pg in truth["pages"]:
        if pg["type"] != "bank_statement":
            continue
        layout = pg["meta"]["layout"]
        s = stats[layout]
        on_page = by_page.get(pg["number"] - 1, [])
        used = set()
        for t in pg["rows"]:
            s["rows"] += 1
            r = _match(on_page, t, pg)
            if r is None:
                s["missed"] += 1
                s["missed_rows"].append(f"p.{pg['number']} {t['tid']}")
                if len(s["examples"]) < examples:
                    s["examples"].append({"page": pg["number"], "tid": t["tid"], "flags": ["MISSED"],
                                          "diff": {"row": ("None", f"{t['time']} {t['amount']} {t['balance']}")}})
                continue
            used.add(id(r))
            exp = expected(t, layout)
            bad = {k: (str(r.fields.get(k)), str(v)) for k, v in exp.items() if not _same(r.fields.get(k), v)}
            if not bad:
                s["exact"] += 1
                # noise: a right row the officer is asked to look at (cp_from_memo only says where the name came from)
                s["flagged_exact"] += bool(set(r.flags) - INFO_FLAGS)
            elif r.flags:
                s["flagged_wrong"] += 1
            else:
                s["silent_wrong"] += 1
                s["silent_rows"].append(f"p.{pg['number']} {t['tid']}")
            if bad and len(s["examples"]) < examples:
                s["examples"].append({"page": pg["number"], "tid": t["tid"], "diff": bad, "flags": r.flags})
        s["extra"] += sum(1 for r in on_page if id(r) not in used)
    return dict(stats)


def _reread_rows(pages: list, scans: list, totals: dict) -> list:
    """The rows as the import stores them: the statements stage's re-read of doubtful rows (reread_rows)."""
    from app.services.reread_rows import read_with_reread

    read, stats = read_with_reread([StatementPage(w, wd, ht) for w, wd, ht in pages], (), scans)
    totals["pages"] += sum(1 for s in scans if s is not None)
    for key in ("doubtful", "lines", "changed", "seconds", "cpu"):
        totals[key] += getattr(stats, key)
    for key, n in stats.verdicts.items():
        totals["verdicts"][key] = totals["verdicts"].get(key, 0) + n
    if stats.failed:
        print(f"re-read failed: {stats.failed}", file=sys.stderr)
    return read.rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=160)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--scanned", action="store_true")
    ap.add_argument("--lang", default="zh")
    ap.add_argument("--engine", default="rapidocr",
                    help="OCR engine for --scanned: rapidocr (import default) or rapidocr-accurate (the re-read)")
    ap.add_argument("--no-reread", action="store_true",
                    help="--scanned: parse the OCR words as they are, without the import's re-read of doubtful rows")
    ap.add_argument("--json", default="eval/out/statements.json")
    ap.add_argument("--pdf", type=Path, default=None,
                    help="an existing `caselens synth` dossier (its .truth.json beside it) instead of generating one "
                         "per seed; with the same CASELENS_HOME as its import, its OCR comes from the cache")
    args = ap.parse_args()
    total: dict[str, dict] = {}
    reread: dict = {"pages": 0, "doubtful": 0, "lines": 0, "changed": 0, "seconds": 0.0, "cpu": 0.0, "verdicts": {}}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for seed in [None] if args.pdf else args.seeds:
            if args.pdf:
                pdf = args.pdf
                truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
            else:
                pdf = Path(tmp) / f"d{seed}.pdf"
                truth = generate_dossier(pdf, pages=args.pages, seed=seed, lang=args.lang, scanned=args.scanned)
            rows = None
            if args.scanned:
                pages, scans = pages_scanned(pdf, Path(tmp), truth, args.engine)
                dump = Path(args.json).with_name(f"scanned_words_seed{seed}.json")  # to study OCR words offline
                dump.parent.mkdir(parents=True, exist_ok=True)
                dump.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
                if not args.no_reread:
                    rows = _reread_rows(pages, scans, reread)
            else:
                pages = pages_born_digital(pdf)
            for layout, s in evaluate(truth, pages, rows=rows).items():
                lists = ("examples", "missed_rows", "silent_rows")
                agg = total.setdefault(layout, {k: 0 for k in s if k not in lists} | {k: [] for k in lists})
                for k, v in s.items():
                    agg[k] = agg[k] + v if k != "examples" else (agg[k] + v)[:3]
    mode = "scanned" if args.scanned else "born-digital"
    if args.scanned and args.no_reread:
        mode += ", no re-read"
    print(f"statements eval ({mode}, pages={args.pages}, seeds={args.seeds}, lang={args.lang}, "
          f"{time.perf_counter() - started:.0f} s)")
    if args.scanned and not args.no_reread:
        n = reread["pages"] or 1
        print(f"re-read: {reread['doubtful']} doubtful rows, {reread['lines']} OCR lines read again, "
              f"{reread['changed']} rows read differently, {reread['verdicts']}; over {reread['pages']} statement "
              f"pages {reread['seconds']:.1f} s wall ({reread['seconds'] / n:.2f} s/page), {reread['cpu']:.1f} CPU s "
              f"({reread['cpu'] / n:.2f} CPU s/page; the accurate engine loaded once per run, included)")
    print(f"{'layout':<22}{'rows':>6}{'exact':>7}{'%':>8}{'flagged':>9}{'silent':>8}{'missed':>8}{'extra':>7}"
          f"{'noise':>7}")
    sums = defaultdict(int)
    for layout, s in sorted(total.items()):
        pct = 100 * s["exact"] / s["rows"] if s["rows"] else 0.0
        print(f"{layout:<22}{s['rows']:>6}{s['exact']:>7}{pct:>7.2f}%{s['flagged_wrong']:>9}{s['silent_wrong']:>8}"
              f"{s['missed']:>8}{s['extra']:>7}{s['flagged_exact']:>7}")
        for k in ("rows", "exact", "flagged_wrong", "silent_wrong", "missed", "extra", "flagged_exact"):
            sums[k] += s[k]
    for kind in ("missed_rows", "silent_rows"):
        listed = [f"{layout} {row}" for layout, s in sorted(total.items()) for row in s[kind]]
        if listed:
            print(f"{kind.replace('_', ' ')}: {', '.join(listed[:40])}{' …' if len(listed) > 40 else ''}")
    pct = 100 * sums["exact"] / sums["rows"] if sums["rows"] else 0.0
    print(f"{'ALL':<22}{sums['rows']:>6}{sums['exact']:>7}{pct:>7.2f}%{sums['flagged_wrong']:>9}"
          f"{sums['silent_wrong']:>8}{sums['missed']:>8}{sums['extra']:>7}{sums['flagged_exact']:>7}")
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"mode": mode, "pages": args.pages, "seeds": args.seeds, "layouts": total,
                               "all": dict(sums), "reread": reread}, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
