"""`caselens search`: full-text search over every page of a case."""

from __future__ import annotations

import argparse
import json

HELP = """Search the text of every page. Chinese substrings of any length (张伟), English words and
fragments of account or ID numbers all match; "quoted phrases" stay together; terms are ANDed.
Hits come in dossier order (document, page); --rank puts the best matches first.

example:
  caselens search 张伟 --case 2021-047.case --limit 10
  caselens search "6222 0212" --case 2021-047.case --json
"""


def register(sub) -> None:
    p = sub.add_parser("search", help="full-text search of a case", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("query", help="words, names or number fragments")
    p.add_argument("--case", required=True, help="case file")
    p.add_argument("--limit", type=int, default=20, help="maximum hits (default 20)")
    p.add_argument("--json", action="store_true", help="print hits as JSON")
    p.add_argument("--rank", action="store_true", help="best matches first (BM25) instead of dossier order")
    p.set_defaults(run=run)


def run(args) -> int:
    from app.services.search import search

    hits = search(args.case, args.query, limit=args.limit, rank=args.rank)
    if args.json:
        print(json.dumps([h.__dict__ for h in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print("no hits")
    for h in hits:
        print(f"{h.document_name}  p.{h.page_number}  {h.snippet}")
    return 0
