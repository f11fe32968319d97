"""`caselens synth`: write a synthetic dossier PDF with its ground truth (demo case, fixtures, benchmarks)."""

from __future__ import annotations

import argparse
import time

HELP = """Development command (needs a development checkout, where devkit/synth lives).
Write a realistic synthetic case dossier (cover, contents, forms, 讯问/询问笔录, ID records,
起诉意见书, bank statements in 10 bank layouts) and OUT.truth.json describing every person, account,
transaction, planted money pattern and page. Same seed, same bytes.

example:
  caselens synth build/demo.pdf --pages 300 --seed 7
  caselens synth build/scan.pdf --pages 12 --scanned --seed 7
  caselens synth build/big.pdf --pages 1300 --inquiry --lang mixed
  caselens synth build/rec.pdf --pages 300 --seed 11 --plant-records
"""


def register(sub) -> None:
    p = sub.add_parser("synth", help="write a synthetic dossier and its ground truth", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", help="output PDF path (the truth goes to OUT.truth.json)")
    p.add_argument("--pages", type=int, default=300, help="number of pages (default 300, at least 12)")
    p.add_argument("--scanned", action="store_true", help="rasterise pages with scan degradation, no text layer")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--lang", choices=["zh", "en", "mixed"], default="zh", help="names and banks: zh, en or mixed")
    p.add_argument("--inquiry", action="store_true", help="also write OUT.inquiry.csv and OUT.inquiry.xlsx")
    p.add_argument("--plant-records", action="store_true",
                   help="plant copied answers, contradictions and timing problems in the 笔录 (truth: records)")
    p.set_defaults(run=run)


def run(args) -> int:
    from app.services.synth import generate_dossier

    t0 = time.perf_counter()
    truth = generate_dossier(args.out, pages=args.pages, seed=args.seed, lang=args.lang, scanned=args.scanned,
                             inquiry=args.inquiry, plant_records=args.plant_records)
    n_tx = len(truth["transactions"])
    print(f"wrote {args.out}: {len(truth['pages'])} pages, {len(truth['people'])} people, {n_tx} transactions, "
          f"{len(truth['patterns'])} planted patterns in {time.perf_counter() - t0:.1f} s; truth: "
          f"{truth['files']}")
    return 0
