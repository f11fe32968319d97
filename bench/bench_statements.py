"""Statement parsing speed: 400 born-digital statement pages to transactions, against raw get_text("words").

Usage: ./dev bench statements [--pages 400]
Pages come from a synthetic dossier (devkit/synth: its statement pages in 10 bank layouts, repeated to
reach --pages). Reported as pages/s of each step and the parser's ratio to the word extraction it
needs anyway, all measured in this run.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.services.synth import generate_dossier  # noqa: E402
from nlp.statements.parse import parse_statement_pages  # noqa: E402


def statement_pdf(workdir: Path, pages: int) -> Path:
    """A PDF of `pages` statement pages: the synthetic dossier's statement pages, repeated in order."""
    import pymupdf

    src = workdir / "dossier.pdf"
    truth = generate_dossier(src, pages=160, seed=11, lang="mixed")
    wanted = [p["number"] - 1 for p in truth["pages"] if p["type"] == "bank_statement"]
    doc = pymupdf.open(src)
    out = pymupdf.open()
    while out.page_count < pages:
        for i in wanted:
            if out.page_count >= pages:
                break
            out.insert_pdf(doc, from_page=i, to_page=i)
    path = workdir / "statements.pdf"
    out.save(path)
    out.close()
    doc.close()
    return path


def main() -> int:
    import pymupdf

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=3, help="best of N timings")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pdf = statement_pdf(Path(tmp), args.pages)
        words_s, parse_s = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            doc = pymupdf.open(pdf)
            pages = [([tuple(w[:8]) for w in p.get_text("words")], p.rect.width, p.rect.height) for p in doc]
            doc.close()
            t1 = time.perf_counter()
            rows = parse_statement_pages(pages)
            t2 = time.perf_counter()
            words_s.append(t1 - t0)
            parse_s.append(t2 - t1)
    n = len(pages)
    w, p = min(words_s), min(parse_s)
    result = {"pages": n, "rows": len(rows), "words_pages_per_s": round(n / w, 1),
              "parse_pages_per_s": round(n / p, 1), "end_to_end_pages_per_s": round(n / (w + p), 1),
              "parse_vs_words_ratio": round((n / p) / (n / w), 3),
              "flagged_rows": sum(1 for r in rows if r.flags)}
    print(f"statements bench: {n} born-digital statement pages, {len(rows)} rows (best of {args.repeat})")
    print(f"  get_text('words') {result['words_pages_per_s']:>8} pages/s   (baseline)")
    print(f"  parse_statement_pages {result['parse_pages_per_s']:>8} pages/s   ratio to words: "
          f"{result['parse_vs_words_ratio']}")
    print(f"  words + parse     {result['end_to_end_pages_per_s']:>8} pages/s; flagged rows: {result['flagged_rows']}")
    out = Path(__file__).resolve().parent / "out" / "statements.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
