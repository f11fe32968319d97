"""The officer's corrections applied to a fresh resolution: pure functions over resolved entities (no I/O).

Entities are found again by anchors (their mentions' page/span/label and statement references), because entity
ids change on every re-run while mentions and statement rows stay put.
"""

from __future__ import annotations

from collections import Counter

from app.analysis.resolve.entities import EntityOut


def mention_anchor(row) -> str:
    return f"m:{row['page_id']}:{row['start']}:{row['end']}:{row['label']}"


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
