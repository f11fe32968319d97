"""`caselens entities`: resolved people, accounts, organisations… with the pages they are mentioned on."""

from __future__ import annotations

import argparse
import json

KINDS = ("person", "account", "organisation", "phone", "id_number", "place", "vehicle", "email")
HELP = """List resolved entities with their mentions (document and page), merge scores and reasons.

example:
  caselens entities --case 2021-047.case --kind person
  caselens entities --case 2021-047.case --kind account --json
"""


def register(sub) -> None:
    p = sub.add_parser("entities", help="resolved entities and where they are mentioned", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--case", required=True, help="case file")
    p.add_argument("--kind", choices=KINDS, help="only entities of this kind")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.add_argument("--pages", type=int, default=8, help="page references shown per entity (text output)")
    p.set_defaults(run=run)


def run(args) -> int:
    from app.services.resolve import list_entities

    ents = list_entities(args.case, args.kind)
    if args.json:
        print(json.dumps(ents, ensure_ascii=False, indent=2))
        return 0
    for e in ents:
        aliases = e["attrs"].get("aliases") or []
        extra = f"  also: {', '.join(aliases)}" if aliases else ""
        print(f"#{e['id']} {e['kind']:<12} {e['name']}  ({len(e['mentions'])} mentions){extra}")
        refs = []
        for m in e["mentions"]:
            ref = f"{m['document']} p{m['page']}"
            if ref not in refs:
                refs.append(ref)
        if refs:
            more = f" … +{len(refs) - args.pages}" if len(refs) > args.pages else ""
            print("    " + "; ".join(refs[:args.pages]) + more)
    if not ents:
        print("no entities (import the dossier first; extraction and resolution run after import)")
    return 0
