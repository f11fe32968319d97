"""The officer's corrections to entities: merge, split, rename, reject a mention.

Stored in `curation` (never touched by a re-run), re-applied after every resolve run, audit-logged.
Entities are found again by anchors (their mentions' page/span/label and statement references),
because entity ids change on every re-run while mentions and statement rows stay put.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter

from app.analysis.resolve.entities import EntityOut
from app.core.errors import CaseLensError
from app.store import audit
from app.store.db import transaction

MAX_ANCHORS = 60
ACTIONS = ("merge", "split", "rename", "reject_mention")


def mention_anchor(row) -> str:
    return f"m:{row['page_id']}:{row['start']}:{row['end']}:{row['label']}"


def entity_anchors(conn: sqlite3.Connection, entity_id: int) -> list[str]:
    """How to find this entity again after a re-run: its key, statement references and mention anchors."""
    row = conn.execute("SELECT attrs FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        raise CaseLensError("E017", f"no entity #{entity_id}")
    attrs = json.loads(row["attrs"] or "{}")
    anchors = [f"key:{attrs.get('key', '')}"] + [f"ref:{r}" for r in attrs.get("refs", [])[:10]]
    rows = conn.execute("SELECT m.page_id, m.start, m.end, m.label FROM entity_mentions em"
                        " JOIN mentions m ON m.id = em.mention_id WHERE em.entity_id = ? ORDER BY m.id LIMIT ?",
                        (entity_id, MAX_ANCHORS)).fetchall()
    return anchors + [mention_anchor(r) for r in rows]


def _record(conn: sqlite3.Connection, action: str, payload: dict, author: str) -> int:
    cur = conn.execute("INSERT INTO curation (author, action, payload) VALUES (?,?,?)",
                       (author, action, json.dumps(payload, ensure_ascii=False, sort_keys=True)))
    audit.append(conn, f"curation.{action}", payload, actor=author or None)
    return int(cur.lastrowid)


def _rerun(case) -> None:
    from app.services.resolve import resolve_case_file

    resolve_case_file(case)


def _writer(case):
    from app.services.case import open_writer

    return open_writer(case)


def merge(case: str | os.PathLike[str], entity_ids: list[int], *, author: str = "") -> int:
    """Join entities of one kind into one; returns the curation id. The case is re-resolved."""
    if len(set(entity_ids)) < 2:
        raise CaseLensError("E017", "merge needs at least two different entities")
    conn = _writer(case)
    try:
        kinds = {conn.execute("SELECT kind FROM entities WHERE id = ?", (i,)).fetchone()[0]
                 if conn.execute("SELECT 1 FROM entities WHERE id = ?", (i,)).fetchone() else None
                 for i in entity_ids}
        if None in kinds or len(kinds) != 1:
            raise CaseLensError("E017", "merge needs existing entities of one kind")
        with transaction(conn):
            cid = _record(conn, "merge", {"entity_ids": list(entity_ids),
                                          "groups": [entity_anchors(conn, i) for i in entity_ids]}, author)
    finally:
        conn.close()
    _rerun(case)
    return cid


def split(case: str | os.PathLike[str], entity_id: int, mention_ids: list[int], *, author: str = "") -> int:
    """Move the given mentions out of an entity into a new one of their own."""
    conn = _writer(case)
    try:
        have = {r[0] for r in conn.execute("SELECT mention_id FROM entity_mentions WHERE entity_id = ?", (entity_id,))}
        if not mention_ids or not set(mention_ids) <= have or set(mention_ids) == have:
            raise CaseLensError("E017", "split needs some, not all, of the entity's own mention ids")
        rows = conn.execute(f"SELECT id, page_id, start, end, label FROM mentions WHERE id IN "
                            f"({','.join('?' * len(mention_ids))})", mention_ids).fetchall()
        with transaction(conn):
            cid = _record(conn, "split", {"entity_id": entity_id, "entity": entity_anchors(conn, entity_id),
                                          "mention_ids": list(mention_ids),
                                          "mentions": [mention_anchor(r) for r in rows]}, author)
    finally:
        conn.close()
    _rerun(case)
    return cid


def rename(case: str | os.PathLike[str], entity_id: int, name: str, *, author: str = "") -> int:
    """Give an entity the name the officer knows it by; kept across re-runs."""
    if not name.strip():
        raise CaseLensError("E017", "the new name is empty")
    conn = _writer(case)
    try:
        with transaction(conn):
            cid = _record(conn, "rename", {"entity_id": entity_id, "entity": entity_anchors(conn, entity_id),
                                           "name": name.strip()}, author)
    finally:
        conn.close()
    _rerun(case)
    return cid


def reject_mention(case: str | os.PathLike[str], mention_id: int, *, author: str = "") -> int:
    """A mention the officer says is wrong (not a name, misread): kept out of every entity."""
    conn = _writer(case)
    try:
        row = conn.execute("SELECT id, page_id, start, end, label, text FROM mentions WHERE id = ?",
                           (mention_id,)).fetchone()
        if row is None:
            raise CaseLensError("E017", f"no mention #{mention_id}")
        with transaction(conn):
            cid = _record(conn, "reject_mention", {"mention_id": mention_id, "mention": mention_anchor(row),
                                                   "text": row["text"]}, author)
    finally:
        conn.close()
    _rerun(case)
    return cid


def load_curation(conn: sqlite3.Connection) -> list[tuple[int, str, dict]]:
    return [(r["id"], r["action"], json.loads(r["payload"]))
            for r in conn.execute("SELECT id, action, payload FROM curation ORDER BY id")]


def rejected_mentions(actions: list[tuple[int, str, dict]], anchor_to_id: dict[str, int]) -> set[int]:
    return {anchor_to_id[p["mention"]] for _, a, p in actions if a == "reject_mention" and p.get("mention") in anchor_to_id}


def apply_curation(entities: list[EntityOut], actions: list[tuple[int, str, dict]],
                   anchor_of: dict[int, str], text_of: dict[int, str]) -> list[EntityOut]:
    """Re-apply merges, splits and renames, in the order the officer made them."""
    ents = {e.key: e for e in entities}
    owner: dict[str, str] = {}

    def index(e: EntityOut) -> None:
        owner[f"key:{e.key}"] = e.key
        owner.update({f"ref:{r}": e.key for r in e.refs})
        owner.update({anchor_of[m]: e.key for m in e.mentions if m in anchor_of})

    for e in entities:
        index(e)

    def find(wanted: list[str]) -> EntityOut | None:
        votes = Counter(owner[a] for a in wanted if a in owner and owner[a] in ents)
        return ents[votes.most_common(1)[0][0]] if votes else None

    for cid, action, p in actions:
        if action == "merge":
            found = [find(g) for g in p.get("groups", [])]
            found = [e for i, e in enumerate(found) if e is not None and e.key not in {f.key for f in found[:i] if f}]
            if len(found) < 2 or len({e.kind for e in found}) != 1:
                continue
            into = found[0]
            for other in found[1:]:
                for mid in other.mentions:
                    into.mentions[mid] = (1.0, ["officer_merge"])
                into.refs |= other.refs
                into.attrs.setdefault("aliases", [])
                into.attrs["aliases"] = sorted(set(into.attrs["aliases"]) | {other.name} | set(other.attrs.get("aliases", [])) - {into.name})
                del ents[other.key]
                index(into)
            into.attrs["curated"] = sorted(set(into.attrs.get("curated", [])) | {cid})
        elif action == "split":
            wanted = set(p.get("mentions", []))
            source = find(p.get("mentions", []))
            if source is None:
                continue
            moved = [m for m in source.mentions if anchor_of.get(m) in wanted]
            if not moved or len(moved) == len(source.mentions) and not source.refs:
                continue
            name = Counter(text_of.get(m, "") for m in moved).most_common(1)[0][0] or source.name
            new = EntityOut(f"{source.key}:split{cid}", source.kind, name, {"curated": [cid], "split_from": source.name})
            for m in moved:
                new.mentions[m] = (1.0, ["officer_split"])
                del source.mentions[m]
            ents[new.key] = new
            index(new)
        elif action == "rename":
            target = find(p.get("entity", []))
            if target is not None:
                target.attrs["renamed_from"] = target.name
                target.name = p["name"]
                target.attrs["curated"] = sorted(set(target.attrs.get("curated", [])) | {cid})
    return list(ents.values())
