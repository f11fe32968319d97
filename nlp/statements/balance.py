"""Running-balance continuity (previous ± amount = balance) and single-digit OCR-confusion fix suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypedDict

# Digit pairs OCR confuses on statement scans (both directions).
CONFUSABLE: dict[str, str] = {"0": "86", "8": "036", "1": "7", "7": "1", "3": "8", "5": "6", "6": "58"}


class Fix(TypedDict):
    """A suggested correction of one field: the value printed, the value proposed, why."""

    field: str
    old: str
    new: str
    kind: str
    evidence: str


@dataclass
class Continuity:
    """What the balance check says about one row."""

    flags: list[str] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)


def _text(value: Decimal) -> str:
    return f"{abs(value):.2f}"


def confusion_variants(value: Decimal) -> dict[Decimal, str]:
    """Values one OCR slip away from `value` (same sign), each with the kind of slip."""
    s = _text(value)
    sign = -1 if value < 0 else 1
    out: dict[Decimal, str] = {}

    def add(text: str, kind: str) -> None:
        if not text or text in (".",) or text.count(".") > 1:
            return
        try:
            v = Decimal(text).quantize(Decimal("0.01")) * sign
        except Exception:  # noqa: BLE001 - malformed variants are simply skipped
            return
        if v != value and v not in out:
            out[v] = kind

    for i, ch in enumerate(s):
        if not ch.isdigit():
            continue
        for alt in CONFUSABLE.get(ch, ""):
            add(s[:i] + alt + s[i + 1:], f"digit {ch}→{alt}")
        add(s[:i] + s[i + 1:], f"dropped digit {ch}")
        add(s[:i] + ch + s[i:], f"duplicated digit {ch}")
    digits = s.replace(".", "")
    for pos in range(1, len(digits)):
        add(digits[:pos] + "." + digits[pos:], "misplaced decimal point")
    return out


def _order_matches(amounts: Sequence[Decimal | None], balances: Sequence[Decimal | None]) -> tuple[int, int]:
    fwd = bwd = 0
    for i in range(1, len(amounts)):
        a, b, pa, pb = amounts[i], balances[i], amounts[i - 1], balances[i - 1]
        if a is not None and b is not None and pb is not None and pb + a == b:
            fwd += 1
        if pa is not None and pb is not None and b is not None and b + pa == pb:
            bwd += 1
    return fwd, bwd


def check_continuity(amounts: Sequence[Decimal | None], balances: Sequence[Decimal | None]) -> list[Continuity]:
    """Flag rows whose balance does not follow from the previous one; suggest single-slip fixes.

    Works for oldest-first and newest-first statements (whichever order more rows agree with).
    Values are never changed here: a fix is only a suggestion with its evidence.
    """
    n = len(amounts)
    out = [Continuity() for _ in range(n)]
    fwd, bwd = _order_matches(amounts, balances)
    order = list(range(n)) if fwd >= bwd else list(range(n - 1, -1, -1))
    running: Decimal | None = None
    for pos, i in enumerate(order):
        a, b = amounts[i], balances[i]
        if running is None or a is None or b is None:
            running = b if b is not None else (running + a if running is not None and a is not None else None)
            continue
        expected = running + a
        if expected == b:
            running = b
            continue
        out[i].flags.append("balance_break")
        nxt = order[pos + 1] if pos + 1 < n else None
        na = amounts[nxt] if nxt is not None else None
        nb = balances[nxt] if nxt is not None else None
        balance_is_odd = na is not None and nb is not None and expected + na == nb
        needed_amount = b - running
        fix: Fix | None = None
        if balance_is_odd:
            kind = confusion_variants(b).get(expected)
            if kind:
                fix = {"field": "balance", "old": f"{b:.2f}", "new": f"{expected:.2f}",
                       "kind": kind, "evidence": f"{running:.2f} {a:+.2f} = {expected:.2f}, and the next row "
                       f"{expected:.2f} {na:+.2f} = {nb:.2f} agrees; the page shows {b:.2f}"}
        if fix is None:
            kind = confusion_variants(a).get(needed_amount)
            if kind is None and needed_amount == -a:
                kind = "direction (sign)"
            if kind:
                fix = {"field": "amount", "old": f"{a:.2f}", "new": f"{needed_amount:.2f}", "kind": kind,
                       "evidence": f"{running:.2f} {needed_amount:+.2f} = {b:.2f} matches the balance; "
                       f"the page shows {a:+.2f}"}
        if fix is not None:
            out[i].flags.append("suggested_fix")
            out[i].fixes.append(fix)
        running = expected if balance_is_odd else b
    return out
