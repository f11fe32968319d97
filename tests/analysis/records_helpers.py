"""Hand-written 笔录 pages for the record comparison tests (no import, no NLP: mentions given by hand)."""

from __future__ import annotations

import re

from app.analysis.records.model import RecordPage

RIGHTS = ("问：我们是某市公安局的民警，现依法向你询问有关情况，你应当如实提供证据、证言，有意作伪证或者隐匿罪证要负法律责任，"
          "听清楚了吗？\n答：听清楚了。\n")
STANDARD = "答：经朋友介绍认识的，一起吃过几次饭，后来就经常联系，平时主要用微信和电话联系，别的就没有什么了。\n"


def record_pages(first_id: int, *, kind: str = "询问", person: str = "张三", round_: int = 1,
                 when: str = "2021年3月5日9时10分至2021年3月5日11时20分", officers: str = "李警官 王警官",
                 recorder: str = "赵记录", body: list[str] | None = None, split: int = 6) -> list[RecordPage]:
    """A record over two pages: header and the first `split` body lines on the first, the rest after."""
    subj = "被讯问人" if kind == "讯问" else "被询问人"
    head = (f"（行政刑事通用）\n第{round_}次\n{' '.join(kind)} 笔 录\n时间 {when}\n地点 某派出所询问室\n"
            f"{kind}人（签名） {officers} 工作单位 某派出所\n记录人（签名） {recorder} 工作单位 同上\n"
            f"{subj} 姓名 {person} 性别 男 年龄 30\n")
    lines = (RIGHTS + "\n".join(b.rstrip("\n") for b in body or [])).splitlines()
    foot = f"{subj}签名（捺印）：\n{kind}人：李警官 记录人：{recorder}\n"
    p1 = head + "\n".join(lines[:split]) + "\n" + foot + "第1页共2页\n17"
    p2 = "\n".join(lines[split:]) + "\n以上笔录我看过，和我说的相符。\n" + foot + "第2页共2页\n18"
    ptype = "interrogation" if kind == "讯问" else "inquiry"
    return [RecordPage(first_id, "dossier.pdf", first_id, p1, ptype, _mentions(p1)),
            RecordPage(first_id + 1, "dossier.pdf", first_id + 1, p2, ptype, _mentions(p2))]


_PATTERNS = (("DATE", r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:(\d{1,2})时许)?"), ("MONEY", r"(\d+)元"),
             ("PERSON", r"(?<=交给了)[\u4e00-\u9fff]{2,3}(?=。)|(?<=我陪)[\u4e00-\u9fff]{2,3}(?=去)"
                          r"|(?<=，)[\u4e00-\u9fff]{2}(?=从我们)"),
             ("PLACE", r"东湖区茶楼|西湖区饭店|城西的茶楼"))


def _mentions(text: str) -> tuple[tuple[int, int, str, str], ...]:
    """The mentions extraction would give, for the few patterns these tests use (body lines only)."""
    out = []
    for label, pattern in _PATTERNS:
        for m in re.finditer(pattern, text):
            if label == "DATE":
                if "时间" in text[max(0, m.start() - 3):m.start()] or "至" in text[max(0, m.start() - 1):m.start()]:
                    continue
                value = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
                value += f"T{int(m.group(4)):02d}:00" if m.group(4) else ""
            elif label == "MONEY":
                value = f"{float(m.group(1)):.2f} CNY"
            else:
                value = m.group(0)
            out.append((m.start(), m.end(), label, value))
    return tuple(sorted(out))
