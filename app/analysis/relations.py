"""Who is linked to whom: ownership, transfers, family, associates, co-suspects, employers, phones, IDs.

Each relation carries its evidence: the transactions it aggregates or the sentence and page it was read from.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from app.analysis.resolve.accounts import account_number
from app.analysis.resolve.entities import EntityOut, Resolution
from app.analysis.resolve.persons import txn_person_ref
from app.analysis.resolve.records import CaseInput, MentionIn
from app.core.counterparties import name_key

MAX_EVIDENCE = 50
KIN = ("老婆|妻子|爱人|丈夫|老公|前妻|前夫|哥哥|弟弟|姐姐|妹妹|父亲|母亲|爸爸|妈妈|儿子|女儿|表哥|表弟|表姐|表妹|"
       "堂哥|堂弟|堂姐|堂妹|女朋友|男朋友|女友|男友|岳父|岳母|舅舅|叔叔|姑姑|阿姨|侄子|外甥|儿媳|女婿|大哥|二哥|小舅子")
ASSOC = "朋友|好朋友|老乡|同学|同事|邻居|好友|合伙人|生意伙伴|网友|室友|战友"
_SENT = re.compile(r"[^。！？；\n]+")
_BEFORE = [  # (kind, regex matching the text right before the name, detail group)
    ("family", re.compile(rf"我(?:的)?(?P<d>{KIN})(?:叫|是|名叫)?[，,：:\s]*$")),
    ("associate", re.compile(rf"我(?:的)?(?P<d>{ASSOC})(?:叫|是|名叫)?[，,：:\s]*$")),
    ("associate", re.compile(r"我(?:和|与|跟)$")),
    ("co_suspect", re.compile(r"(?P<d>同案(?:犯罪嫌疑人|犯|人员)?|同伙|共同犯罪嫌疑人)[：:、，,\s]*$")),
]
_AFTER = [
    ("family", re.compile(rf"^(?:是|系)我(?:的)?(?P<d>{KIN})")),
    ("associate", re.compile(rf"^(?:是|系)我(?:的)?(?P<d>{ASSOC})")),
    ("employer_of_speaker", re.compile(r"^(?:是|系)我(?:的|们)?(?P<d>老板|老总|经理|负责人|上司|领导)")),
]
_ASSOC_TAIL = re.compile(rf"^是(?P<d>{ASSOC})")
_WORK = re.compile(r"(?:在|于)$")
_WORK_TAIL = re.compile(r"^(?P<d>上班|工作|任职|打工|担任|做)")


@dataclass
class RelationOut:
    kind: str
    src: str      # entity key
    dst: str
    attrs: dict = field(default_factory=dict)
    evidence: list[dict] = field(default_factory=list)


class EntityIndex:
    def __init__(self, res: Resolution):
        self.by_mention: dict[int, str] = {}
        self.by_ref: dict[str, str] = {}
        for e in res.entities:
            for mid in e.mentions:
                self.by_mention[mid] = e.key
            for r in e.refs:
                self.by_ref[r] = e.key
        self.res = res

    def account(self, raw: str | None) -> str | None:
        n = account_number(raw)
        return f"account:{self.res.account_key.get(n, n)}" if n else None

    def counterparty(self, raw_account: str | None, name: str | None) -> str | None:
        """A statement row's counterparty: its account; named without one, the person or organisation it resolved to."""
        acct = self.account(raw_account)
        if acct or not name:
            return acct
        return self.res.counterparty_of.get(name_key(name))


def build_relations(case: CaseInput, res: Resolution) -> list[RelationOut]:
    """All relations of the case, merged per (kind, src, dst) with evidence lists."""
    idx = EntityIndex(res)
    keys = {e.key: e for e in res.entities}
    out: dict[tuple[str, str, str], RelationOut] = {}

    def add(kind: str, src: str | None, dst: str | None, ev: dict, **attrs) -> None:
        if not src or not dst or src == dst or src not in keys or dst not in keys:
            return
        rel = out.setdefault((kind, src, dst), RelationOut(kind, src, dst))
        if len(rel.evidence) < MAX_EVIDENCE:
            rel.evidence.append(ev)
        for k, v in attrs.items():
            rel.attrs.setdefault(k, v)

    _statement_relations(case, res, idx, keys, add, out)
    _mention_relations(case, res, idx, add)
    _sentence_relations(case, res, idx, keys, add)
    return list(out.values())


def _statement_relations(case, res, idx, keys, add, out) -> None:
    flows: dict[tuple[str, str], list] = defaultdict(list)
    seen: set[tuple] = set()
    for t in case.transactions:
        holder = idx.account(t.holder_account)
        cp = idx.account(t.cp_account)
        for kind, name, acct, number in (("th", t.holder_name, holder, t.holder_account),
                                         ("tc", t.cp_name, cp, t.cp_account)):
            if not acct or not name:
                continue
            n = account_number(number)
            owner = idx.by_ref.get(txn_person_ref(kind, res.account_key.get(n, n), name.strip()))
            owner = owner or idx.by_ref.get(f"org:{res.org_key.get(name, name)}")
            add("owns", owner, acct, {"transaction": t.id, "page": t.page_id, "source": "statement"})
        cp = cp or idx.counterparty(t.cp_account, t.cp_name)  # named without an account: its entity
        if not holder or not cp:
            continue
        src, dst = (holder, cp) if t.amount < 0 else (cp, holder)
        fingerprint = (src, dst, t.time, round(abs(t.amount), 2))
        if fingerprint in seen:  # the same transfer read from both sides' statements
            continue
        seen.add(fingerprint)
        flows[(src, dst)].append(t)
    for (src, dst), ts in flows.items():
        ts.sort(key=lambda t: t.time)
        add("transfer", src, dst, {"transaction": ts[0].id, "page": ts[0].page_id})
        rel = out.get(("transfer", src, dst))
        if rel is None:
            continue
        rel.evidence = [{"transaction": t.id, "page": t.page_id} for t in ts[:MAX_EVIDENCE]]
        rel.attrs = {"count": len(ts), "total": round(sum(abs(t.amount) for t in ts), 2),
                     "first": ts[0].time, "last": ts[-1].time}
    for (src, dst), ts in flows.items():  # both directions of the pair, from src's side: paid out and received
        rel = out.get(("transfer", src, dst))
        if rel is None:
            continue
        back = flows.get((dst, src), [])
        times = [t.time for t in ts + back if t.time]
        rel.attrs.update({"count_out": len(ts), "total_out": rel.attrs["total"], "count_in": len(back),
                          "total_in": round(sum(abs(t.amount) for t in back), 2),
                          "pair_first": min(times) if times else None, "pair_last": max(times) if times else None})


def _mention_relations(case, res, idx, add) -> None:
    labels = {m.id: m for m in case.mentions}
    kind_of = {"ACCOUNT": "owns", "BANK_CARD": "owns", "PHONE": "uses_phone", "ID_NUMBER": "holds_id"}
    for mid, person_mid in res.layout.owner_of.items():
        m = labels.get(mid)
        if m is None or m.label not in kind_of:
            continue
        add(kind_of[m.label], idx.by_mention.get(person_mid), idx.by_mention.get(mid),
            {"mention": mid, "person_mention": person_mid, "page": m.page_id, "source": "record"})


def _sentence_relations(case: CaseInput, res: Resolution, idx: EntityIndex, keys: dict[str, EntityOut], add) -> None:
    by_page: dict[int, list[MentionIn]] = defaultdict(list)
    for m in case.mentions:
        if m.label in ("PERSON", "ORG") and m.id in idx.by_mention:
            by_page[m.page_id].append(m)
    lay = res.layout
    for pid, ms in by_page.items():
        text = case.pages[pid].text
        speaker_mid = lay.speaker_of_segment.get(lay.segment_of_page.get(pid, -1))
        speaker = idx.by_mention.get(speaker_mid) if speaker_mid is not None else None
        for sent in _SENT.finditer(text):
            inside = sorted((m for m in ms if sent.start() <= m.start and m.end <= sent.end()), key=lambda m: m.start)
            if not inside:
                continue
            body = sent.group().strip()
            for i, m in enumerate(inside):
                ent = idx.by_mention[m.id]
                before = text[sent.start():m.start]
                after = text[m.end:sent.end()]
                ev = {"mention": m.id, "page": pid, "sentence": body[:300]}
                if m.label == "ORG":
                    if _WORK.search(before) and _WORK_TAIL.match(after):
                        subject = _subject(inside[:i], idx, speaker, before)
                        add("employer", ent, subject, ev, detail="工作单位")
                    continue
                prev = inside[i - 1] if i else None
                if prev is not None and prev.label == "PERSON" and re.fullmatch(r"\s*(和|与|跟)\s*",
                                                                                text[prev.end:m.start]):
                    tail = _ASSOC_TAIL.match(after)
                    if tail:
                        add("associate", idx.by_mention[prev.id], ent, ev, detail=tail.group("d"))
                        continue
                for kind, rx in _BEFORE:
                    hit = rx.search(before)
                    if hit and (kind != "associate" or "d" in rx.groupindex or _ASSOC_TAIL.match(after)):
                        tail = _ASSOC_TAIL.match(after)
                        detail = hit.groupdict().get("d") or (tail.group("d") if tail else "")
                        add(kind, speaker, ent, ev, detail=detail)
                        break
                else:
                    for kind, rx in _AFTER:
                        hit = rx.match(after)
                        if hit:
                            if kind == "employer_of_speaker":
                                add("employer", ent, speaker, ev, detail=hit.group("d"))
                            else:
                                add(kind, speaker, ent, ev, detail=hit.group("d"))
                            break


def _subject(earlier: list[MentionIn], idx: EntityIndex, speaker: str | None, before: str) -> str | None:
    """Who works there: a person named earlier in the sentence, else the speaker when it says 我."""
    persons = [m for m in earlier if m.label == "PERSON"]
    if persons and "我" not in before[before.rfind(persons[-1].text) if persons[-1].text in before else 0:]:
        return idx.by_mention.get(persons[-1].id)
    return speaker
