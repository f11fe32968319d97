"""`caselens info`: what a case holds and what work is pending."""

from __future__ import annotations

import argparse
import json

HELP = """Show counts per table, the documents and pages pending work (e.g. OCR).

example:
  caselens info --case 2021-047.case
"""


def register(sub) -> None:
    p = sub.add_parser("info", help="counts, documents and pending work of a case", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--case", required=True, help="case file")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(run=run)


def run(args) -> int:
    from app.services.case import case_info

    info = case_info(args.case)
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    print(f"case: {info['case']}")
    for table, n in info["counts"].items():
        print(f"  {table:<14} {n}")
    print("pages by status: " + ", ".join(f"{k}={v}" for k, v in sorted(info["page_status"].items())))
    print("pages by text source: " + ", ".join(f"{k}={v}" for k, v in sorted(info["text_sources"].items())))
    print("documents:")
    for d in info["documents"]:
        print(f"  #{d['id']} {d['name']}  {d['kind']}  {d['pages_stored']}/{d['page_count']} pages  {d['status']}")
    if info["statement_layouts"]:
        print("statements read as (check a file whose columns look wrong against its original):")
    for lay in info["statement_layouts"]:
        where = lay.get("where") or (f"header row {lay['header_row']}" if lay.get("header_row") else "no header row")
        print(f"  #{lay['document_id']} {lay['document']} [{lay['part']}]  {lay['kind']}, {where}, "
              f"{lay.get('rows', 0)} rows, {lay.get('skipped', 0)} summary/note lines skipped")
        print("      columns: " + ", ".join(f"{k}={v}" for k, v in lay.get("columns", {}).items()))
        if lay.get("unmapped"):
            print("      not used: " + ", ".join(lay["unmapped"]))
        if lay.get("missing"):
            print("      not in this layout: " + ", ".join(lay["missing"]))
        if lay.get("sign") and lay["sign"] != "as printed":
            print(f"      sign: {lay['sign']}")
        if lay.get("holder"):
            print("      holder: " + ", ".join(f"{k}={v}" for k, v in lay["holder"].items()))
    return 0
