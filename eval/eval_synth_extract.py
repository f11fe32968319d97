"""Precision and recall of extraction per label on synthetic dossiers (devkit.synth truth files).

Generates a born-digital dossier, reads each page's text layer as the import does, runs the pipeline
and compares per page the sets of normalised values with the truth's entities. Usage:
./dev eval synth_extract [--pages 120] [--seeds 1 2 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# truth label -> our labels; values compared after _norm
TRUTH_TO_OURS = {"id_number": ("ID_NUMBER",), "account": ("BANK_CARD", "ACCOUNT"), "phone": ("PHONE",),
                 "money": ("MONEY",), "date": ("DATE",), "time": ("TIME",), "person": ("PERSON",),
                 "organization": ("ORG",), "bank": ("ORG",), "police_unit": ("ORG",), "address": ("PLACE",),
                 "place": ("PLACE",)}
GROUP = {"ID_NUMBER": "id_number", "BANK_CARD": "account", "ACCOUNT": "account", "PHONE": "phone", "MONEY": "money",
         "DATE": "date", "TIME": "time", "PERSON": "person", "ORG": "organization", "PLACE": "place"}
TRUTH_GROUP = {"bank": "organization", "police_unit": "organization", "address": "place"}


def _norm(group: str, value: str) -> str:
    value = str(value)
    if group == "money":
        return f"{float(value.split()[0]):.2f}"
    if group == "date":  # "--03-04" (year not written) is how we say the truth's "03-04"; a time after T is dropped
        return value.removeprefix("--").split("T")[0][:10]
    if group == "time":
        return value[:2]    # the truth holds the event's minute; "9时许" only says the hour
    return value


def evaluate(pages: int, seed: int, counts: dict[str, Counter], include_statements: bool = False) -> None:
    from app.ingest.textlayer import read_pages
    from devkit.synth.dossier import write_dossier
    from nlp.extract import extract_many

    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "dossier.pdf"
        truth = write_dossier(pdf, pages=pages, seed=seed)
        texts = [p.text for p in read_pages(str(pdf), None, list(range(1, len(truth["pages"]) + 1)))]
    for page, found in zip(truth["pages"], extract_many(texts), strict=True):
        if page["type"] == "bank_statement" and not include_statements:
            continue    # table rows are the statement parser's (nlp.statements), not the truth's entities
        want: dict[str, set[str]] = {}
        for ent in page["entities"]:
            if ent["label"] in TRUTH_TO_OURS:
                group = TRUTH_GROUP.get(ent["label"], ent["label"])
                want.setdefault(group, set()).add(_norm(group, ent.get("value") or ent["text"]))
        got: dict[str, set[str]] = {}
        for m in found:
            group = GROUP[m["label"]]
            got.setdefault(group, set()).add(_norm(group, m["value"] if group not in ("person",) else m["text"]))
            if m["label"] == "DATE" and "T" in (m["value"] or ""):
                got.setdefault("time", set()).add(m["value"].split("T")[1][:2])    # the truth splits date and time
        for group in set(want) | set(got):
            w, g = want.get(group, set()), got.get(group, set())
            c = counts.setdefault(group, Counter())
            c["tp"] += len(w & g)
            c["fp"] += len(g - w)
            c["fn"] += len(w - g)
            for v in sorted(g - w)[:2]:
                c[f"fp:{v}"] += 1
            for v in sorted(w - g)[:2]:
                c[f"fn:{v}"] += 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pages", type=int, default=120)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--include-statements", action="store_true", help="also score bank statement pages")
    ap.add_argument("--examples", type=int, default=3, help="false positives/negatives shown per label")
    args = ap.parse_args()
    counts: dict[str, Counter] = {}
    for seed in args.seeds:
        evaluate(args.pages, seed, counts, args.include_statements)
    print(f"synthetic dossiers: {len(args.seeds)} x {args.pages} pages (seeds {args.seeds}); per-page value sets")
    print(f"{'label':14} {'P':>6} {'R':>6} {'tp':>6} {'fp':>5} {'fn':>5}")
    for group in sorted(counts):
        c = counts[group]
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        print(f"{group:14} {p:6.3f} {r:6.3f} {c['tp']:6d} {c['fp']:5d} {c['fn']:5d}")
        examples = [k for k, _ in c.most_common() if k.startswith(("fp:", "fn:"))][: args.examples * 2]
        for k in examples:
            print(f"    {k}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
