"""Cross-row checks the balance cannot make: accounts one digit off, unusual names, dates out of order."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from nlp.normalise.hanzi import has_traditional, to_simplified

if TYPE_CHECKING:
    from nlp.statements.parse import StatementRow


def _one_edit(a: str, b: str) -> bool:
    """True when b is a with one digit dropped, added or changed."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _neighbours(accounts: Counter[str]) -> dict[str, set[str]]:
    """For each account, the other accounts one digit away (changed, dropped or added), through a deletion
    index: linear in the number of accounts, not quadratic (400 pages hold a thousand counterparties)."""
    index: dict[tuple[str | int, ...], set[str]] = {}
    for acc in accounts:
        index.setdefault(("=", acc), set()).add(acc)
        for i in range(len(acc)):
            rest = acc[:i] + acc[i + 1:]
            index.setdefault(("d", i, rest), set()).add(acc)  # same length, digit i changed
            index.setdefault(("-", rest), set()).add(acc)  # one digit longer than `rest`
    out: dict[str, set[str]] = {}
    for acc in accounts:
        near: set[str] = set(index.get(("-", acc), ()))  # acc with a digit added
        for i in range(len(acc)):
            rest = acc[:i] + acc[i + 1:]
            near |= index.get(("d", i, rest), set())
            near |= index.get(("=", rest), set())  # acc with a digit dropped
        near.discard(acc)
        out[acc] = near
    return out


def flag_account_variants(rows: list[StatementRow]) -> None:
    """Flag `account_variant` on a row whose counterparty account is one digit away from an account these
    statements show more often (for the same counterparty, for any, or as a holder's own account): a digit
    the scan dropped, doubled or misread. The usual account is offered as a suggested fix, never applied."""
    counts: Counter[str] = Counter()
    for r in rows:
        acc = r.fields.get("cp_account")
        if acc and acc.isdigit() and len(acc) >= 8:
            counts[acc] += 1
    holders: set[str] = {h for r in rows if (h := r.fields.get("holder_account"))}  # printed ones
    for h in holders:
        if h.isdigit() and len(h) >= 8:
            counts[h] += len(rows) + 1  # a holder's own account, printed above every page, is the usual one
    near = _neighbours(counts)
    by_name: dict[str, Counter[str]] = {}
    for r in rows:
        name, acc = r.fields.get("cp_name"), r.fields.get("cp_account")
        if name and acc:
            by_name.setdefault(name, Counter())[acc] += 1
    for r in rows:
        name, acc = r.fields.get("cp_name"), r.fields.get("cp_account")
        if not acc:
            continue
        named = by_name.get(name or "", Counter())
        same = [(n, o) for o, n in named.items() if n > named[acc] and _one_edit(acc, o)]
        other = [(counts[o], o) for o in near.get(acc, ()) if counts[o] > counts[acc]]
        if not same and not other or "account_variant" in r.flags:
            continue
        r.flags.append("account_variant")
        n, usual = max(same or other)
        reason = (f"{n} other rows show {usual} for {name}" if same else f"{usual} is the holder's own account"
                  if usual in holders else f"{n} other rows show {usual}")
        if "suggested_fix" not in r.flags:
            r.flags.append("suggested_fix")
        r.fixes.append({"field": "cp_account", "old": acc, "new": usual, "kind": "account one digit off",
                        "evidence": f"{acc} is one digit away: {reason}"})


def holder_groups(rows: list[StatementRow]) -> list[str]:
    """The holder account to check each row's balance under. A row's holder account one digit away from one
    more rows show (a digit the scan dropped, doubled or misread in a 帐号 column) is flagged
    `holder_account_variant`, offered the usual one, and kept in its statement so the balance still runs."""
    counts = Counter(r.fields.get("holder_account") or "" for r in rows)
    digits = Counter({a: n for a, n in counts.items() if a.isdigit() and len(a) >= 8})
    near = _neighbours(digits) if len(digits) > 1 else {}
    usual: dict[str, str] = {}
    for acc, others in near.items():
        best = max(((counts[o], o) for o in others if counts[o] > counts[acc]), default=None)
        if best is not None:
            usual[acc] = best[1]
    keys = []
    for r in rows:
        acc = r.fields.get("holder_account") or ""
        key = usual.get(acc, acc)
        if key != acc and "holder_account_variant" not in r.flags:
            r.flags.extend(["holder_account_variant", "suggested_fix"])
            r.fixes.append({"field": "holder_account", "old": acc, "new": key, "kind": "account one digit off",
                            "evidence": f"{acc} is one digit away: {counts[key]} rows show {key}"})
        keys.append(key)
    return keys


def _name_key(name: str) -> str:
    """Names compared without width, spaces, case, or traditional/simplified form (熊燕強 = 熊燕强)."""
    return to_simplified(_plain(name))


def flag_name_variants(rows: list[StatementRow]) -> None:
    """Flag `name_variant` on a row whose counterparty name differs from the name the same statement prints
    more often beside the same counterparty account: a wrapped line of the name lost or given to the wrong
    row (武汉顺华贸易 for 武汉顺华贸易有限公司, 有限公司 /黄伟华). Rows are one holder account's."""
    names: dict[str, Counter[str]] = {}
    for r in rows:
        acc, name = r.fields.get("cp_account"), r.fields.get("cp_name")
        if acc and name:
            names.setdefault(acc, Counter())[_name_key(name)] += 1
    for r in rows:
        acc, name = r.fields.get("cp_account"), r.fields.get("cp_name")
        counts = names.get(acc or "")
        if not counts or not name or len(counts) < 2:
            continue
        key = _name_key(name)
        if any(n > counts[key] for k, n in counts.items() if k != key) and "name_variant" not in r.flags:
            r.flags.append("name_variant")


def flag_traditional_names(rows: list[StatementRow], known_names: Iterable[str] = ()) -> None:
    """Flag `name_variant` on a counterparty name printed with a traditional character (熊燕強) whose simplified
    form (熊燕强) these statements print elsewhere (any row's counterparty or holder name, any account) or the
    ID records give (`known_names`): an OCR misread or a bank's font. However often each form occurs, the
    simplified one is offered as a suggested fix, never applied. A name only ever printed in traditional
    form (a Hong Kong or Taiwan counterparty) is left alone."""
    printed: set[str] = set()
    for r in rows:
        for key in ("cp_name", "holder_name"):
            name = r.fields.get(key)
            if name and not has_traditional(name):
                printed.add(_plain(name))
    printed.update(_plain(n) for n in known_names if n and not has_traditional(n))
    for r in rows:
        name = r.fields.get("cp_name")
        if not name or not has_traditional(name):
            continue
        simple = to_simplified(name)
        if _plain(simple) not in printed:
            continue
        if "name_variant" not in r.flags:
            r.flags.append("name_variant")
        if "suggested_fix" not in r.flags:
            r.flags.append("suggested_fix")
        r.fixes.append({"field": "cp_name", "old": name, "new": simple, "kind": "traditional form",
                        "evidence": f"{simple} is printed elsewhere in these statements or the ID records"})


def _plain(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def flag_date_order(rows: list[StatementRow]) -> None:
    """Flag `date_order` on a row whose date breaks the statement's order (ascending or descending) while
    its two neighbours keep it: one misread date (03-08 read as 08-08). Statements joined end to end, where
    the order restarts, flag nothing. Rows are one holder account's, in page order."""
    days = [(r, (r.fields.get("time") or "")[:10]) for r in rows]
    days = [(r, d) for r, d in days if len(d) == 10]
    if len(days) < 3:
        return
    up = sum(a < b for (_, a), (_, b) in zip(days, days[1:], strict=False))
    down = sum(a > b for (_, a), (_, b) in zip(days, days[1:], strict=False))
    keys = [d if up >= down else _neg(d) for _, d in days]
    for i, (r, _) in enumerate(days):
        prev = keys[i - 1] if i else None
        nxt = keys[i + 1] if i + 1 < len(keys) else None
        k = keys[i]
        if prev is not None and nxt is not None:
            bad = prev <= nxt and (k < prev or k > nxt)
        elif nxt is not None:  # the first row: later than the next while the next two keep order
            bad = k > nxt and i + 2 < len(keys) and nxt <= keys[i + 2]
        else:  # the last row: earlier than the one before while the two before keep order
            bad = prev is not None and k < prev and i >= 2 and keys[i - 2] <= prev
        if bad and "date_order" not in r.flags:
            r.flags.append("date_order")


def _neg(day: str) -> str:
    """A key that sorts dates backwards (for statements printed newest first)."""
    return "".join(chr(ord("9") - ord(c) + ord("0")) if c.isdigit() else c for c in day)
