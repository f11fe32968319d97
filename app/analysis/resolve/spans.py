"""Person names as the page reads them: extractor spans repaired at their edges before anyone compares them.

An extractor cuts or runs on at word edges (亲|戚李勇, 黄云名|下, 章鹏|建, 黄|兰晶); the page text around the span
says which, so the repair needs no guessing: a neighbouring word, or a longer name the case already knows.
"""

from __future__ import annotations

from app.analysis.resolve import names as nm
from app.analysis.resolve.records import CaseInput

_OVERRUN = {"名": "下", "涉": "嫌", "安": "排", "往": "我你他她其"}   # 黄云名|下账户, 刘浩涉|嫌, 陈春安|排, 陆志往|我
_AFTER_NICKNAME = "安让叫给把带找跟说要"   # 老李|安排, 老李|让我: words that follow a nickname in an answer
_UNDERRUN = {"戚": "亲", "友": "朋", "学": "同", "事": "同", "弟": "弟", "哥": "哥", "姐": "姐", "妹": "妹"}


def trim_edges(name: str, before: str, after: str) -> str:
    """Drop an edge character that belongs to the neighbouring word (亲|戚李勇, 黄云名|下) when a name remains."""
    if len(name) >= 3 and _UNDERRUN.get(name[0]) == before and (nm.full_name(name[1:]) or nm.anonymised(name[1:])):
        name = name[1:]
    if len(name) >= 3 and after and after in _OVERRUN.get(name[-1], "") and nm.full_name(name[:-1]):
        name = name[:-1]
    if 2 <= len(name) <= 3 and before and before in "老小" and name[1] in _AFTER_NICKNAME:
        name = before + name[0]   # 老|李安排的, 老|李让我: the nickname 老李, cut at 老 and run on into the verb
    return name


def mention_names(case: CaseInput) -> dict[int, str]:
    """PERSON mention id → its cleaned, edge-repaired name (empty when nothing name-like is left)."""
    raw = {m.id: nm.clean_name(m.value or m.text) for m in case.mentions if m.label == "PERSON"}
    known = set(raw.values()) | {nm.clean_name(n) for t in case.transactions for n in (t.holder_name, t.cp_name) if n}
    out: dict[int, str] = {}
    for m in case.mentions:
        if m.label != "PERSON":
            continue
        text = case.pages[m.page_id].text if m.page_id in case.pages else ""
        name = trim_edges(raw[m.id], text[max(0, m.start - 1):m.start], text[m.end:m.end + 1])
        if nm.full_name(name) and not nm.is_latin(name) and name + text[m.end:m.end + 1] in known - {name}:
            name += text[m.end]   # the page reads 章鹏建, a name the case knows; the span stopped at 章鹏
        elif nm.full_name(name) and not nm.is_latin(name) and text[max(0, m.start - 1):m.start] + name in known - {name}:
            name = text[m.start - 1] + name   # the page reads 黄兰晶, a name the case knows; the span began at 兰晶
        out[m.id] = name
    return out
