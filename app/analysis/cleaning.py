"""Ledger cleaning before analysis: one direction convention, no failed rows, no duplicates, nothing silent."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

IN_FLAGS = {"进", "入", "收", "贷", "C", "CR", "CREDIT", "IN", "+", "收入", "存入", "转入"}
OUT_FLAGS = {"出", "付", "借", "D", "DR", "DEBIT", "OUT", "O", "-", "支出", "支取", "转出"}
FAILED = {"否", "失败", "F", "FAIL", "FAILED", "N", "NO", "0", "冲正", "撤销"}
FINGERPRINT_FIELDS = ("holder_account", "time", "amount", "balance", "cp_account", "cp_name", "memo", "channel")


@dataclass
class CleanResult:
    rows: list[dict] = field(default_factory=list)
    rejected: list[tuple[str, dict]] = field(default_factory=list)  # (reason, row): the audit list


def signed_amount(amount: float, flag: str | None) -> float | None:
    """Amount signed + in / − out from a direction flag (进/出, 借/贷, 收/付, C/D, O ...); None if the flag is unknown."""
    if flag is None or str(flag).strip() == "":
        return float(amount)
    f = str(flag).strip().upper()
    if f in {x.upper() for x in IN_FLAGS}:
        return abs(float(amount))
    if f in {x.upper() for x in OUT_FLAGS}:
        return -abs(float(amount))
    return None


def fingerprint(row: dict) -> str:
    """A hash of the whole row's meaningful fields, so re-imported pages do not double the money."""
    body = json.dumps([str(row.get(k) or "") for k in FINGERPRINT_FIELDS], ensure_ascii=False)
    return hashlib.sha1(body.encode("utf-8")).hexdigest()


def clean_rows(rows: list[dict]) -> CleanResult:
    """Normalise direction (`direction` key), drop failed (`success` key) and duplicate rows, keeping why."""
    res = CleanResult()
    seen_serial: set[tuple[str, str]] = set()
    seen_fp: set[str] = set()
    for raw in rows:
        row = dict(raw)
        status = row.pop("success", None)
        if status is not None and str(status).strip().upper() in FAILED:
            res.rejected.append(("failed", raw))
            continue
        try:
            amt = signed_amount(float(row["amount"]), row.pop("direction", None))
        except (TypeError, ValueError, KeyError):
            res.rejected.append(("unreadable amount", raw))
            continue
        if amt is None:
            res.rejected.append(("unknown direction", raw))
            continue
        row["amount"] = amt
        serial = str(row.get("serial") or "").strip()
        fp = fingerprint(row)
        if serial and (row["holder_account"], serial) in seen_serial:
            res.rejected.append(("duplicate serial", raw))
            continue
        if fp in seen_fp:
            res.rejected.append(("duplicate row", raw))
            continue
        if serial:
            seen_serial.add((row["holder_account"], serial))
        seen_fp.add(fp)
        row["fingerprint"] = fp
        res.rows.append(row)
    return res
