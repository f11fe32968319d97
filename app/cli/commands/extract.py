"""`caselens extract`: find people, organisations, places, identifiers, money and dates in plain text."""

from __future__ import annotations

import argparse
import json
import sys

HELP = """Extract mentions from plain text and print one JSON object per line per mention:
{"start","end","label","text","value"} (character offsets, end exclusive). With --jsonl every input
line is {"id","text"} and every output line {"id","mentions":[...]}. This output is a stable interface.

labels and values:
  PERSON     name as written                  ORG     organisation name    PLACE  place or address
  ID_NUMBER  resident ID, upper-case X         BANK_CARD  card digits (masked: 6222********1234)
  ACCOUNT    labelled account digits           PHONE   mobile as 11 digits, landline digits
  PLATE      plate without the dot (浙A12345)   EMAIL   lower-case address
  MONEY      "35000.00 CNY"                    DATE    ISO, to the precision written: 2021, 2021-03,
  TIME       "13:10", "13:00", "00:00/06:00"           2021-03-05, 2021-03-05T09:10, --03-05 (no year)
See docs/extraction.md for the rules and versions.

example:
  echo "犯罪嫌疑人张伟于2021年3月5日向卡号6222021234567890128转账人民币叁万伍仟元。" | caselens extract -
  caselens extract statement.txt --lang en --details
  caselens extract sentences.jsonl --jsonl --ner accurate
  caselens extract sentences.jsonl --jsonl > mentions.jsonl
"""


def register(sub) -> None:
    p = sub.add_parser("extract", help="extract entities from plain text as JSON lines", description=HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", nargs="?", default="-", help="UTF-8 text file, or - for standard input (default)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the text (default zh)")
    p.add_argument("--jsonl", action="store_true", help='input lines are {"id","text"}; output one line per id')
    p.add_argument("--details", action="store_true", help="add confidence and role to each mention")
    p.add_argument("--ner", choices=("fast", "accurate"), default="fast",
                   help="Chinese name model: fast (linear, default) or accurate (BiLSTM-CRF, ~10x slower; "
                        "falls back to fast with E033 when its model is missing)")
    p.set_defaults(run=run)


def _read(path: str) -> str:
    from app.core.errors import CaseLensError

    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return fh.read()
    except UnicodeDecodeError as exc:
        raise CaseLensError("E017", f"{path} is not UTF-8 text") from exc
    except OSError as exc:
        raise CaseLensError("E001", str(exc), path=path) from exc


def run(args) -> int:
    from app.services.extract import extract_jsonl, extract_text

    text = _read(args.file)
    out = sys.stdout
    if args.jsonl:
        for record in extract_jsonl(text.splitlines(), args.lang, details=args.details, ner=args.ner):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return 0
    for mention in extract_text(text, args.lang, details=args.details, ner=args.ner):
        out.write(json.dumps(mention, ensure_ascii=False) + "\n")
    return 0
