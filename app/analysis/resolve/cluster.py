"""Blocking and clustering of person units: scored edges, strongest first, under a transitivity guard.

Only units sharing a block (surname, nickname character, identifier) are ever compared, so a case of
30k mentions scores thousands of pairs, not millions. Every merge keeps its score and reasons.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from app.analysis.resolve import names as nm
from app.analysis.resolve.anchors import fits, id_matches_birth
from app.analysis.resolve.features import FEATURES, PersonUnit, forbidden, may_merge, pair_features
from app.analysis.resolve.scorer import THRESHOLD

_FITS_MANY, _CO_SEGMENT, _SUPPORT = (FEATURES.index(f) for f in ("loose_fits_many", "co_segment", "support"))
ANCHOR_SCORE = 0.95   # record structure names the person: below an ID number (0.99), above name evidence
MAX_BLOCK = 400  # a block bigger than this is compared only on identifiers (a surname shared by hundreds)


@dataclass
class Merge:
    a: int
    b: int
    score: float
    reasons: list[str]


@dataclass
class PersonCluster:
    units: list[PersonUnit]
    merges: list[Merge] = field(default_factory=list)
    joined_by: dict[int, Merge] = field(default_factory=dict)   # unit id → the merge that brought it in

    @property
    def name(self) -> str:
        return canonical_person_name(self.units)


def canonical_person_name(units: list[PersonUnit]) -> str:
    """Most-mentioned full name; an anonymised or nickname form only when no full name is known."""
    counts: Counter = Counter()
    for u in units:
        counts[u.name] += u.size
    full = [n for n in counts if nm.full_name(n)]
    pool = full or list(counts)
    return max(pool, key=lambda n: (counts[n], len(n), n))


def candidate_pairs(units: list[PersonUnit]) -> set[tuple[int, int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for u in units:
        keys = set(nm.block_keys(u.name))
        keys |= {f"id:{x}" for x in u.id_numbers} | {f"ph:{x}" for x in u.phones} | {f"ac:{x}" for x in u.accounts}
        for k in keys:
            blocks[k].append(u.uid)
    pairs: set[tuple[int, int]] = set()
    for key, members in blocks.items():
        if len(members) > MAX_BLOCK and not key.startswith(("id:", "ph:", "ac:")):
            continue
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pairs.add((a, b) if a < b else (b, a))
    return pairs


def scorable_pairs(units: list[PersonUnit], aliases: set[tuple[str, str]]):
    """(a, b, features, reasons) for every blocked pair the hard rules leave for the scorer to decide."""
    by_id = {u.uid: u for u in units}
    count_fits(units)
    vague = ambiguous_units(units)
    for a, b in sorted(candidate_pairs(units)):
        ua, ub = by_id[a], by_id[b]
        if forbidden(ua, ub, aliases):
            continue
        shared = ua.id_numbers & ub.id_numbers or ua.phones & ub.phones or ua.accounts & ub.accounts
        if (a in vague or b in vague) and (ua.name != ub.name or nm.anonymised(ua.name)) and not shared:
            continue  # a loose form whose record names several people it fits: names alone never decide
        if (ua.anchor is not None or ub.anchor is not None) and not shared:
            continue  # an anchored form joins whom its record names (anchor_edges), not look-alikes nearby
        vec, reasons = pair_features(ua, ub, aliases, gate=may_merge(ua, ub, aliases))
        if vec[_FITS_MANY] and not (vec[_CO_SEGMENT] or vec[_SUPPORT]):
            continue  # 张某 in another record, the case names two 张: names alone never choose between people
        yield a, b, vec, reasons


def count_fits(units: list[PersonUnit]) -> None:
    """Set each loose form's fits_in_case: the number of different full names in the case it could stand for."""
    fulls = {u.name for u in units if nm.full_name(u.name) and not nm.is_latin(u.name)}
    by_surname: dict[str, set[str]] = defaultdict(set)
    by_last: dict[str, set[str]] = defaultdict(set)
    for n in fulls:
        by_surname[nm.surname(n)].add(n)
        by_last[n[-1]].add(n)
    for u in units:
        if nm.full_name(u.name) or nm.is_latin(u.name):
            continue
        anon, nick = nm.anonymised(u.name), nm.nickname(u.name)
        pool = by_surname.get(anon[0], set()) if anon else (
            (by_surname if nick[0] == "surname" else by_last).get(nick[1], set()) if nick else set())
        u.fits_in_case = sum(1 for n in pool if nm.anon_compatible(u.name, n) or nm.nickname_compatible(u.name, n))


def cluster_people(units: list[PersonUnit], scorer, aliases: set[tuple[str, str]]) -> list[PersonCluster]:
    """Connected components over edges scoring ≥ THRESHOLD, joined strongest first, never against the guard."""
    by_id = {u.uid: u for u in units}
    edges: list[Merge] = []
    for a, b, vec, reasons in scorable_pairs(units, aliases):
        s = scorer.score(vec)
        if s >= THRESHOLD:
            edges.append(Merge(a, b, s, reasons))
    edges += anchor_edges(units)
    edges.sort(key=lambda e: (-e.score, e.a, e.b))
    direct = {(e.a, e.b) for e in edges} | {(e.b, e.a) for e in edges}
    cluster_of = {u.uid: u.uid for u in units}
    members: dict[int, list[int]] = {u.uid: [u.uid] for u in units}
    clusters: dict[int, PersonCluster] = {u.uid: PersonCluster([u]) for u in units}
    for e in edges:
        ca, cb = cluster_of[e.a], cluster_of[e.b]
        if ca == cb or not _guard(members[ca], members[cb], by_id, direct, _identity(e)):
            continue
        if len(members[ca]) < len(members[cb]):
            ca, cb = cb, ca
        for uid in members[cb]:
            cluster_of[uid] = ca
        members[ca].extend(members[cb])
        target, source = clusters[ca], clusters.pop(cb)
        target.units.extend(source.units)
        target.merges.extend(source.merges)
        target.merges.append(e)
        target.joined_by.update(source.joined_by)
        joined = e.b if e.b in {u.uid for u in source.units} else e.a
        target.joined_by[joined] = e
        del members[cb]
    return sorted(clusters.values(), key=lambda c: min(u.uid for u in c.units))


def anchor_edges(units: list[PersonUnit]) -> list[Merge]:
    """Edges the record structure gives: the named mention's unit, or the one person whose ID number fits."""
    unit_of_mention = {m: u for u in units for m in u.mention_ids}
    out: list[Merge] = []
    for u in units:
        a = u.anchor
        if a is None:
            continue
        if a.name is not None:
            v = _unit_named(units, a.name, u)
            if v is not None and fits(u.name, v.name):
                out.append(Merge(min(u.uid, v.uid), max(u.uid, v.uid), ANCHOR_SCORE, [a.reason, "anon_compat"]))
            continue
        if a.mention_id is not None:
            v = unit_of_mention.get(a.mention_id)
            if v is None or v.uid == u.uid:
                continue
            if v.anchor is not None and v.anchor.mention_id is None:   # 等人 → the first listed suspect
                out.append(Merge(min(u.uid, v.uid), max(u.uid, v.uid), ANCHOR_SCORE, [a.reason]))
            elif nm.full_name(v.name) and fits(u.name, v.name):
                out.append(Merge(min(u.uid, v.uid), max(u.uid, v.uid), ANCHOR_SCORE, [a.reason, "anon_compat"]))
            continue
        cands = [v for v in units if v.uid != u.uid and nm.full_name(v.name) and fits(u.name, v.name)
                 and any(id_matches_birth(i, a.birth, a.sex) for i in v.id_numbers)]
        ids = {i for v in cands for i in v.id_numbers if id_matches_birth(i, a.birth, a.sex)}
        if len(ids) == 1:   # one real person born that day (units of one ID join each other anyway)
            v = max(cands, key=lambda v: v.size)
            out.append(Merge(min(u.uid, v.uid), max(u.uid, v.uid), ANCHOR_SCORE,
                             [a.reason, f"born={a.birth}", "anon_compat"]))
    return out


def _unit_named(units: list[PersonUnit], name: str, near: PersonUnit) -> PersonUnit | None:
    """The unit of a full name read in the text: the biggest one, unless its units carry different ID numbers
    (two people of one name); then the one in the same record, if only one is."""
    cands = [v for v in units if v.name == name and v.uid != near.uid]
    if len({i for v in cands for i in v.id_numbers}) > 1:
        cands = [v for v in cands if v.segments & near.segments]
        if len({i for v in cands for i in v.id_numbers}) > 1:
            return None
    return max(cands, key=lambda v: (v.size, -v.uid), default=None)


def ambiguous_units(units: list[PersonUnit]) -> set[int]:
    """黄某某 / 老黄 units whose segments also name two or more different people they could stand for."""
    by_surname: dict[str, list[PersonUnit]] = defaultdict(list)
    for u in units:
        if nm.full_name(u.name):
            by_surname[nm.surname(u.name)].append(u)
    out = set()
    for u in units:
        if nm.full_name(u.name):
            continue
        anon, nick = nm.anonymised(u.name), nm.nickname(u.name)
        key = anon[0] if anon else (nick[1] if nick and nick[0] == "surname" else None)
        pool = by_surname.get(key, []) if key else [v for vs in by_surname.values() for v in vs
                                                    if nick and v.name.endswith(nick[1])]
        names = {v.name for v in pool if v.segments & u.segments
                 and (nm.anon_compatible(u.name, v.name) or nm.nickname_compatible(u.name, v.name))}
        if len(names) > 1:
            out.add(u.uid)
    return out


def _identity(e: Merge) -> bool:
    """The edge itself is identity evidence: one ID number, or an alias the text declares (又名, 曾用名)."""
    return "shared_id_number" in e.reasons or "alias_declared" in e.reasons


def _guard(ma: list[int], mb: list[int], by_id: dict[int, PersonUnit], direct: set[tuple[int, int]],
           identity: bool = False) -> bool:
    """No two ID numbers in one person; two different full names only with a direct edge between them,
    unless the merging edge is itself identity evidence (then the order edges arrive in cannot split a person)."""
    ids_a = {i for u in ma for i in by_id[u].id_numbers}
    ids_b = {i for u in mb for i in by_id[u].id_numbers}
    if ids_a and ids_b and not ids_a & ids_b:
        return False
    if identity:
        return True
    names_a = {by_id[u].name for u in ma}
    names_b = {by_id[u].name for u in mb}
    for a in ma:
        ua = by_id[a]
        if ua.name in names_b:   # the other side already holds this very name (joined by an identifier)
            continue
        for b in mb:
            ub = by_id[b]
            if ua.name == ub.name or ub.name in names_a:
                continue
            strong_a, strong_b = nm.full_name(ua.name), nm.full_name(ub.name)
            if (strong_a and strong_b or _clashing_forms(ua.name, ub.name)) and (a, b) not in direct:
                return False
    return True


def _clashing_forms(a: str, b: str) -> bool:
    """Two loose forms that cannot both stand for one name (黄某某 vs 黄某: fine; 老张 vs 老李: not)."""
    sa, sb = nm.surname(a), nm.surname(b)
    na, nb = nm.nickname(a), nm.nickname(b)
    if na and na[0] == "surname":
        sa = na[1]
    if nb and nb[0] == "surname":
        sb = nb[1]
    return sa != sb and not (na and na[0] == "given") and not (nb and nb[0] == "given")
