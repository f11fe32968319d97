"""Accounts from normalised numbers and organisations from normalised names.

A masked number (6222********1234) joins a full one only when exactly one full number fits it;
an organisation matches on its name without 有限公司/集团 suffixes but keeps its full name.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

_MASK_CHARS = "*＊xX×"
_ORG_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团有限公司", "集团公司", "集团", "公司",
                 "co., ltd.", "co., ltd", "co.,ltd.", "co.,ltd", "company limited", "limited", "ltd.", "ltd",
                 "inc.", "inc")
_ORG_PUNCT = re.compile(r"[\s()（）·.,，、\"“”']")


@lru_cache(maxsize=65536)
def account_number(value: str | None) -> str:
    """Digits (and mask stars) only: '6222 **** **** 1234' → '6222********1234'."""
    text = unicodedata.normalize("NFKC", value or "")
    return "".join("*" if c in _MASK_CHARS else c for c in text if c.isdigit() or c in _MASK_CHARS)


def is_masked(number: str) -> bool:
    return "*" in number


def fits_mask(masked: str, full: str) -> bool:
    """The visible head and tail agree; printed star runs are a symbol, not a digit count."""
    head = masked.split("*", 1)[0]
    tail = masked.rsplit("*", 1)[-1]
    if len(head) + len(tail) < 6 or len(full) < len(head) + len(tail):
        return False
    return full.startswith(head) and full.endswith(tail)


@dataclass
class AccountKeys:
    """Each raw number seen → the account key it resolves to; masked numbers left alone stay their own key."""

    key_of: dict[str, str] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)


def resolve_accounts(numbers: list[str]) -> AccountKeys:
    """Full numbers are their own key; a masked number maps to the only full number that fits it."""
    out = AccountKeys()
    fulls = sorted({n for n in numbers if n and not is_masked(n)})
    by_tail: dict[str, list[str]] = {}
    for f in fulls:
        out.key_of[f] = f
        out.reasons[f] = "same_number"
        by_tail.setdefault(f[-4:], []).append(f)
    for n in {n for n in numbers if n and is_masked(n)}:
        tail = n.rsplit("*", 1)[-1]
        cands = [f for f in by_tail.get(tail[-4:], []) if fits_mask(n, f)] if len(tail) >= 4 else []
        if len(cands) == 1:
            out.key_of[n] = cands[0]
            out.reasons[n] = "masked_fits_one_full_number"
        else:
            out.key_of[n] = n
            out.reasons[n] = "masked_ambiguous" if cands else "masked_no_full_number"
    return out


@lru_cache(maxsize=65536)
def org_key(name: str) -> str:
    """Matching key: NFKC, lower case, punctuation and legal-form suffixes stripped."""
    text = _ORG_PUNCT.sub("", unicodedata.normalize("NFKC", name or "").lower())
    changed = True
    while changed:
        changed = False
        for suffix in _ORG_SUFFIXES:
            s = _ORG_PUNCT.sub("", suffix)
            if text.endswith(s) and len(text) > len(s) + 1:
                text = text[: -len(s)]
                changed = True
    return text


def canonical_org(names: list[str]) -> str:
    """The fullest form seen most often: 杭州鑫华贸易有限公司 over 鑫华贸易."""
    counts = Counter(unicodedata.normalize("NFKC", n).strip() for n in names if n and n.strip())
    if not counts:
        return ""
    return max(counts, key=lambda n: (len(n), counts[n], n))


def group_orgs(names: list[str]) -> dict[str, str]:
    """name → key; a short name (鑫华贸易) joins a longer key that starts with a city (杭州鑫华贸易) only when unique."""
    keys = {n: org_key(n) for n in set(names)}
    distinct = set(keys.values())
    merged: dict[str, str] = {}
    for k in distinct:
        longer = [o for o in distinct if o != k and len(k) >= 4 and o.endswith(k)]
        merged[k] = longer[0] if len(longer) == 1 else k
    return {n: merged[k] for n, k in keys.items()}
