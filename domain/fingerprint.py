"""The transaction fingerprint: one row's identity across sources (a PDF statement and the inquiry
spreadsheet of the same account), used by the store to find duplicates."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any


def fingerprint(fields: Mapping[str, Any]) -> str:
    """Whole-row identity across sources: holder account, day, amount and balance (counterparty when no balance).

    The day, not the time, and no counterparty beside a balance: a PDF may print less than the
    inquiry spreadsheet of the same account (no time of day, no counterparty column).
    """
    amount, balance = fields.get("amount"), fields.get("balance")
    parts = [fields.get("holder_account") or "", (fields.get("time") or "")[:10],
             f"{amount:.2f}" if amount is not None else ""]
    if fields.get("currency") not in (None, "CNY"):
        parts[2] += fields["currency"]  # HK$27.90 and ¥27.90 on one day are two rows
    if balance is not None:
        parts.append(f"{balance:.2f}")
    else:
        parts.extend(["", fields.get("cp_account") or fields.get("cp_name") or ""])
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()
