"""Record structure that says whom a loose name form (李某, 黄某某, 老张) stands for, mention by mention.

Three cues, each precise on its own: the question just before an answer names the person (问：你和李文明
是什么关系？答：是李某让我去的。); an indictment header lists 犯罪嫌疑人黄某某，男，1985年3月2日出生 and the
birth date and sex are written in one real person's ID number; 犯罪嫌疑人黄某某等人 is the first suspect listed.
When the extractor missed the name in the question, the question's text is read for a full name the case knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.analysis.resolve import names as nm
from app.analysis.resolve.records import CaseInput, Layout, MentionIn
from app.analysis.resolve.spans import mention_names
from domain.normalise.identifiers import validate_resident_id

_TURN = re.compile(r"[问答][：:]")
_BIRTH = re.compile(r"^[，,\s]*(?P<sex>[男女])?[，,\s]*(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月"
                    r"\s*(?P<d>\d{1,2})\s*日\s*(?:出\s*生|生)")
_FIRST_LISTED = re.compile(r"^\s*(?:等人|等\d+人|等[一二三四五六七八九十]+人)")


@dataclass(frozen=True)
class Anchor:
    """A loose-form mention tied to a person: a PERSON mention id, a full name the text reads (no mention),
    or a birth date + sex to find in ID numbers."""

    reason: str
    mention_id: int | None = None
    name: str | None = None           # a known full name read in the question's text
    birth: str | None = None          # YYYYMMDD
    sex: str | None = None            # 男 / 女


def loose_form(name: str) -> bool:
    return bool(nm.anonymised(name) or nm.nickname(name))


def fits(loose: str, full: str) -> bool:
    return nm.anon_compatible(loose, full) or nm.nickname_compatible(loose, full)


def find_anchors(case: CaseInput, lay: Layout) -> dict[int, Anchor]:
    """Loose-form PERSON mention id → what the record's structure says it stands for (only when unambiguous)."""
    by_page: dict[int, list[MentionIn]] = {}
    for m in case.mentions:
        if m.label == "PERSON":
            by_page.setdefault(m.page_id, []).append(m)
    names = mention_names(case)
    known = {n for n in names.values() if nm.full_name(n) and not nm.is_latin(n)}
    out: dict[int, Anchor] = {}
    first_listed: dict[tuple[int, str], int] = {}   # (segment, loose string) → first header mention id
    for pid in sorted(by_page, key=lambda i: (case.pages[i].document_id, case.pages[i].number)):
        text = case.pages[pid].text
        persons = sorted(by_page[pid], key=lambda m: m.start)
        seg = lay.segment_of_page.get(pid)
        for m in persons:
            name = names[m.id]
            if not loose_form(name):
                continue
            after = text[m.end:m.end + 40]
            b = _BIRTH.match(after)
            if b and nm.anonymised(name):
                birth = f"{b['y']}{int(b['m']):02d}{int(b['d']):02d}"
                out[m.id] = Anchor("birth_date_in_id_number", birth=birth, sex=b["sex"])
                first_listed.setdefault((seg, name), m.id)
                continue
            if _FIRST_LISTED.match(after) and (seg, name) in first_listed:
                out[m.id] = Anchor("first_listed_suspect", mention_id=first_listed[(seg, name)])
                continue
            target = _named_in_question(text, m, persons, names, known)
            if isinstance(target, str):
                out[m.id] = Anchor("named_in_question", name=target)
            elif target is not None:
                out[m.id] = Anchor("named_in_question", mention_id=target.id)
    return out


def _named_in_question(text: str, m: MentionIn, persons: list[MentionIn], names: dict[int, str],
                       known: set[str]) -> MentionIn | str | None:
    """In an answer, the one full name the question just before it names that this form fits: its mention,
    or, when the question holds no person mention at all, the one known full name its text reads."""
    turns = [t for t in _TURN.finditer(text, 0, m.start)]
    if len(turns) < 2 or not turns[-1].group().startswith("答") or not turns[-2].group().startswith("问"):
        return None
    q_start, q_end = turns[-2].end(), turns[-1].start()
    name = names[m.id]
    cands = [p for p in persons if q_start <= p.start and p.end <= q_end
             and nm.full_name(names[p.id]) and fits(name, names[p.id])]
    if cands:
        return cands[0] if len({names[p.id] for p in cands}) == 1 else None
    if any(q_start <= p.start and p.end <= q_end for p in persons):
        return None   # the question names someone else: the extractor did see it, so no guessing from text
    read = _names_in_text(text[q_start:q_end], known)
    fitting = {n for n in read if fits(name, n)}
    return fitting.pop() if len(fitting) == 1 and len(read) == len(fitting) else None


def _names_in_text(text: str, known: set[str]) -> set[str]:
    """Known full names written in the text, longest first, never two overlapping (黄晨磊 hides 黄晨)."""
    taken = [False] * len(text)
    found: set[str] = set()
    for n in sorted(known, key=len, reverse=True):
        start = text.find(n)
        while start >= 0:
            if not any(taken[start:start + len(n)]):
                found.add(n)
                taken[start:start + len(n)] = [True] * len(n)
            start = text.find(n, start + 1)
    return found


def id_matches_birth(id_number: str, birth: str, sex: str | None) -> bool:
    """An 18-character ID number whose birth date (digits 7-14) is `birth` (YYYYMMDD) and whose sex (17th
    digit odd for 男) is `sex` when given; decoded by the one resident-ID rule (domain.normalise.identifiers)."""
    rid = validate_resident_id(id_number)
    if rid.legacy or rid.birth is None or rid.birth.strftime("%Y%m%d") != birth:
        return False
    return not sex or (rid.sex == "M") == (sex == "男")
