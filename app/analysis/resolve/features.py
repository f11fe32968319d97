"""Pairwise evidence that two groups of person mentions are the same person, as named features."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from app.analysis.resolve import names as nm

# Roles that cannot belong to one person in one case (a victim is not the suspect who defrauded them).
_ROLE_CONFLICTS = {frozenset({"suspect", "victim"}), frozenset({"suspect", "witness"}),
                   frozenset({"victim", "witness"})}

FEATURES = [
    "name_sim", "exact_full", "exact_anon", "same_surname", "anon_compat", "nickname_compat", "ocr_variant",
    "one_char_apart", "latin_pair", "shared_id_number", "conflict_id_number", "shared_phone", "shared_account",
    "co_segment", "co_page", "role_agree", "role_conflict", "alias_declared", "support",
    "ocr_x_support", "anon_x_support", "nick_x_support", "diff_full_names",
    "anon_len_match", "loose_fits_one", "loose_fits_many", "name_extension", "size_min_log",
    "rules_gate",
]


@dataclass
class PersonUnit:
    """Mentions (and statement holder names) already known to be one person: same name and identifiers."""

    uid: int
    name: str
    mention_ids: list[int] = field(default_factory=list)
    extra_refs: list[str] = field(default_factory=list)   # e.g. 'txn_holder:6222…' pseudo-mentions
    id_numbers: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    accounts: set[str] = field(default_factory=set)
    segments: set[int] = field(default_factory=set)
    pages: set[int] = field(default_factory=set)
    roles: Counter = field(default_factory=Counter)
    anchor: object = None          # anchors.Anchor: record structure says whom this loose form stands for
    fits_in_case: int = 0          # a loose form (黄某某, 老黄): how many different full names in the case it fits

    @property
    def size(self) -> int:
        return len(self.mention_ids) + len(self.extra_refs)


def pair_features(a: PersonUnit, b: PersonUnit, aliases: set[tuple[str, str]], *,
                  gate: bool = True) -> tuple[list[float], list[str]]:
    """Feature vector (order of FEATURES) and the human reasons that fired (gate: may_merge's verdict)."""
    na, nb = a.name, b.name
    exact = na == nb
    anon_a = nm.anonymised(na)
    full_a, full_b = nm.full_name(na), nm.full_name(nb)
    anon = nm.anon_compatible(na, nb) or nm.anon_compatible(nb, na)
    nick = nm.nickname_compatible(na, nb) or nm.nickname_compatible(nb, na)
    ocr = nm.ocr_variant(na, nb)
    shared_id = bool(a.id_numbers & b.id_numbers)
    conflict_id = bool(a.id_numbers and b.id_numbers and not shared_id)
    shared_phone = bool(a.phones & b.phones)
    shared_acct = bool(a.accounts & b.accounts)
    co_seg = bool(a.segments & b.segments)
    co_page = bool(a.pages & b.pages)
    ra, rb = set(a.roles), set(b.roles)
    role_agree = bool(ra & rb)
    role_conflict = any(frozenset({x, y}) in _ROLE_CONFLICTS for x in ra for y in rb) and not role_agree
    alias = (na, nb) in aliases or (nb, na) in aliases
    support = shared_id or shared_phone or shared_acct or alias
    context = support or (co_seg and not role_conflict)
    diff_full = full_a and full_b and not exact
    loose = anon or nick or (exact and not full_a)   # how many full names in the case the loose side could be
    fits = max(a.fits_in_case, b.fits_in_case) if loose else 0
    vec = [
        nm.name_similarity(na, nb), float(exact and not anon_a), float(exact and bool(anon_a)),
        float(nm.surname(na) == nm.surname(nb)), float(anon), float(nick), float(ocr),
        float(nm.one_char_apart(na, nb) and not ocr), float(nm.is_latin(na) or nm.is_latin(nb)),
        float(shared_id), float(conflict_id), float(shared_phone), float(shared_acct),
        float(co_seg), float(co_page), float(role_agree), float(role_conflict), float(alias), float(support),
        float(ocr and context), float(anon and context), float(nick and context), float(diff_full),
        float(nm.anon_length_match(na, nb) or nm.anon_length_match(nb, na)),
        float(fits == 1), float(fits >= 2),
        float(nm.name_extension(na, nb)), math.log1p(min(a.size, b.size)),
        float(gate),
    ]
    reasons = [name for name, v in zip(FEATURES, vec, strict=True)
               if v and name not in ("name_sim", "support", "latin_pair", "size_min_log", "rules_gate")]
    if vec[0] and not exact:
        reasons.insert(0, f"name_sim={vec[0]:.2f}")
    return vec, reasons


def names_compatible(na: str, nb: str) -> bool:
    """Could these two strings name one person given further evidence (variant, mask, nickname, typo)?"""
    return (na == nb or nm.ocr_variant(na, nb) or nm.one_char_apart(na, nb)
            or nm.anon_compatible(na, nb) or nm.anon_compatible(nb, na)
            or nm.nickname_compatible(na, nb) or nm.nickname_compatible(nb, na))


def forbidden(a: PersonUnit, b: PersonUnit, aliases: set[tuple[str, str]]) -> bool:
    """Hard constraints no score overrides: two ID numbers; different full names with no ID number joining them."""
    if a.id_numbers and b.id_numbers and not (a.id_numbers & b.id_numbers):
        return True
    if a.id_numbers & b.id_numbers or (a.name, b.name) in aliases or (b.name, a.name) in aliases:
        return False
    if a.name != b.name and nm.full_name(a.name) and nm.full_name(b.name) and not nm.ocr_variant(a.name, b.name):
        # 张伟 / 章伟: two people unless an ID number joins them (a card or phone is often a relative's);
        # an OCR look-alike or a clipped span (刘林 / 刘林成) sharing a card goes to the scorer
        return not (nm.name_extension(a.name, b.name) and _shares_identifier(a, b))
    return not (names_compatible(a.name, b.name) or _shares_identifier(a, b))


def may_merge(a: PersonUnit, b: PersonUnit, aliases: set[tuple[str, str]]) -> bool:
    """The hand-written gate (a feature, and the rule scorer's filter): different names need identifiers or context."""
    if a.id_numbers and b.id_numbers and not (a.id_numbers & b.id_numbers):
        return False
    if a.id_numbers & b.id_numbers or (a.name, b.name) in aliases or (b.name, a.name) in aliases:
        return True
    if a.name == b.name:
        return not nm.anonymised(a.name) or bool(a.segments & b.segments) or _shares_identifier(a, b)
    if not names_compatible(a.name, b.name):
        return False
    if _shares_identifier(a, b):
        return True
    strict_one_char = nm.one_char_apart(a.name, b.name) and not nm.ocr_variant(a.name, b.name)
    return not strict_one_char and bool(a.segments & b.segments)


def _shares_identifier(a: PersonUnit, b: PersonUnit) -> bool:
    return bool(a.id_numbers & b.id_numbers or a.phones & b.phones or a.accounts & b.accounts)
