"""Truth for the public sample exports: apply eval/real/spec.json with a plain reader of its own.

Run once after editing the spec: `python eval/real/label.py` writes eval/real/truth.json. The reader here
shares nothing with CaseLens's parser (its own decoding, dates and amounts), so the evaluation compares
two independent readings; every rule it needs is in the spec, written by looking at the files.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parents[1] / "tests" / "fixtures" / "real" / "deg"
_DATE = re.compile(r"(\d{4})[-/]?(\d{1,2})[-/]?(\d{1,2})")


def _rows(path: Path, spec: dict) -> list[list[str]]:
    if path.suffix in (".xls", ".xlsx"):
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(spec.get("sheet", 0)).to_python()
        out = []
        for row in sheet:
            cells = []
            for c in row:
                if isinstance(c, float):
                    c = str(int(c)) if c.is_integer() else repr(c)
                cells.append(str(c).strip())
            out.append(cells)
        return out
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]


def _date(text: str, spec: dict) -> str | None:
    t = text.strip()
    if spec.get("dmy") or spec.get("mdy"):
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", t)
        if not m:
            return None
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        d, mo = (a, b) if spec.get("dmy") else (b, a)
        return date(y, mo, d).isoformat()
    if spec.get("year_end"):
        m = re.fullmatch(r"(\d{2})/(\d{2})", t)
        if m:
            end = date.fromisoformat(spec["year_end"])
            mo, d = int(m.group(1)), int(m.group(2))
            y = end.year if (mo, d) <= (end.month, end.day) else end.year - 1
            return date(y, mo, d).isoformat()
    m = _DATE.match(t)
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat() if m else None


def _number(text: str) -> float | None:
    t = re.sub(r"\(.*\)$", "", text.strip())
    t = re.sub(r"^[A-Z]{3}\s*|[¥,\s]", "", t)
    try:
        return float(t)
    except ValueError:
        return None


def _cell(row: list[str], k: int | None) -> str | None:
    if k is None or k >= len(row):
        return None
    v = row[k].strip()
    return None if v in ("", "/", "--", "-") or set(v) <= {"-", "*"} else v


def label(name: str, spec: dict) -> list[dict]:
    out = []
    for row in _rows(FIXTURES / name, spec)[spec["header"]:]:
        day = _date(row[spec["date"]], spec) if spec["date"] < len(row) else None
        if day is None and "alt_date" in spec:
            day = _date(row[spec["alt_date"]], spec)
        if day is None:
            continue
        if "amount" in spec:
            amount = _number(row[spec["amount"]])
            if "dir" in spec:
                col, signs = spec["dir"]
                amount = abs(amount) * signs[row[col].strip()]
            if "sign_words" in spec:
                col, words = spec["sign_words"]
                amount = abs(amount) * next(s for w, s in words.items() if row[col].startswith(w))
            if spec.get("negate"):
                amount = -amount
        else:
            amount = (_number(row[spec["credit"]]) or 0.0) - (_number(row[spec["debit"]]) or 0.0)
        item = {"date": day, "amount": round(amount, 2)}
        if "balance" in spec:
            item["balance"] = _number(row[spec["balance"]])
        name_, account = _cell(row, spec.get("cp_name")), _cell(row, spec.get("cp_account"))
        if "cp_combined" in spec:
            combined = _cell(row, spec["cp_combined"]) or ""
            m = re.fullmatch(r"(.*?)\s*(\d{6,})", combined)
            name_, account = (m.group(1) or None, m.group(2)) if m else (combined or None, None)
        item.update(cp_name=name_, cp_account=account, memo=_cell(row, spec.get("memo")))
        out.append(item)
    return out


def main() -> None:
    spec = json.loads((HERE / "spec.json").read_text(encoding="utf-8"))
    truth = {name: label(name, s) for name, s in spec.items() if not name.startswith("_")}
    (HERE / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    print({k: len(v) for k, v in truth.items()})


if __name__ == "__main__":
    main()
