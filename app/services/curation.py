"""The officer's corrections to entities: merge, split, rename, reject a mention.

Stored in `curation` (never touched by a re-run), re-applied after every resolve run
(app.analysis.resolve.curation), audit-logged. Entities are found again by anchors (their mentions'
page/span/label and statement references), because entity ids change on every re-run while mentions and
statement rows stay put.
"""

from __future__ import annotations

import os
import sqlite3

from app.analysis.resolve.curation import mention_anchor
from app.core.errors import CaseLensError
from app.services.case import open_writer
from app.services.resolve import resolve_case_file
from app.store import entities, mentions
from app.store.curation import add_curation
from app.store.db import transaction

MAX_ANCHORS = 60
ACTIONS = ("merge", "split", "rename", "reject_mention")


def entity_anchors(conn: sqlite3.Connection, entity_id: int) -> list[str]:
    """How to find this entity again after a re-run: its key, statement references and mention anchors."""
    attrs = entities.entity_attrs(conn, entity_id)
    if attrs is None:
        raise CaseLensError("E017", f"no entity #{entity_id}")
    anchors = [f"key:{attrs.get('key', '')}"] + [f"ref:{r}" for r in attrs.get("refs", [])[:10]]
    return anchors + [mention_anchor(r) for r in entities.entity_mention_spans(conn, entity_id, MAX_ANCHORS)]


def merge(case: str | os.PathLike[str], entity_ids: list[int], *, author: str = "") -> int:
    """Join entities of one kind into one; returns the curation id. The case is re-resolved."""
    if len(set(entity_ids)) < 2:
        raise CaseLensError("E017", "merge needs at least two different entities")
    conn = open_writer(case)
    try:
        kinds = {entities.entity_kind(conn, i) for i in entity_ids}
        if None in kinds or len(kinds) != 1:
            raise CaseLensError("E017", "merge needs existing entities of one kind")
        with transaction(conn):
            cid = add_curation(conn, "merge", {"entity_ids": list(entity_ids),
                                          "groups": [entity_anchors(conn, i) for i in entity_ids]}, author)
    finally:
        conn.close()
    resolve_case_file(case)
    return cid


def split(case: str | os.PathLike[str], entity_id: int, mention_ids: list[int], *, author: str = "") -> int:
    """Move the given mentions out of an entity into a new one of their own."""
    conn = open_writer(case)
    try:
        have = entities.entity_mention_ids(conn, entity_id)
        if not mention_ids or not set(mention_ids) <= have or set(mention_ids) == have:
            raise CaseLensError("E017", "split needs some, not all, of the entity's own mention ids")
        rows = mentions.mention_spans(conn, mention_ids)
        with transaction(conn):
            cid = add_curation(conn, "split", {"entity_id": entity_id, "entity": entity_anchors(conn, entity_id),
                                          "mention_ids": list(mention_ids),
                                          "mentions": [mention_anchor(r) for r in rows]}, author)
    finally:
        conn.close()
    resolve_case_file(case)
    return cid


def rename(case: str | os.PathLike[str], entity_id: int, name: str, *, author: str = "") -> int:
    """Give an entity the name the officer knows it by; kept across re-runs."""
    if not name.strip():
        raise CaseLensError("E017", "the new name is empty")
    conn = open_writer(case)
    try:
        with transaction(conn):
            cid = add_curation(conn, "rename", {"entity_id": entity_id, "entity": entity_anchors(conn, entity_id),
                                           "name": name.strip()}, author)
    finally:
        conn.close()
    resolve_case_file(case)
    return cid


def reject_mention(case: str | os.PathLike[str], mention_id: int, *, author: str = "") -> int:
    """A mention the officer says is wrong (not a name, misread): kept out of every entity."""
    conn = open_writer(case)
    try:
        row = mentions.mention(conn, mention_id)
        if row is None:
            raise CaseLensError("E017", f"no mention #{mention_id}")
        with transaction(conn):
            cid = add_curation(conn, "reject_mention", {"mention_id": mention_id, "mention": mention_anchor(row),
                                                   "text": row["text"]}, author)
    finally:
        conn.close()
    resolve_case_file(case)
    return cid
