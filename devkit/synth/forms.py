"""Procedural papers of the 诉讼文书卷: cover, contents, 受案登记表, 立案决定书, 拘留证, 提请批准逮捕书, ID records."""

from __future__ import annotations

import random
from datetime import date

from devkit.synth.cast import Cast, Person
from devkit.synth.render import A4, Ent, PageSpec, flow
from devkit.synth.variants import chinese_number, chinese_year

W, H = A4
LEFT, RIGHT = 72.0, W - 72.0


def cn_date(d: date) -> str:
    return f"{chinese_year(d.year)}年{chinese_number(d.month)}月{chinese_number(d.day)}日"


def case_title(cast: Cast) -> str:
    boss = cast.by_role("suspect")[0]
    return f"{boss.name}等人涉嫌{cast.crime}案"


def cover(cast: Cast, volume: int, volumes: int, part: str, pages: int, closed: date) -> PageSpec:
    spec = PageSpec("cover", title="卷宗封面")
    spec.segments(W / 2 - 60, 110, [Ent("police_unit", cast.bureau, cast.bureau)], 16)
    spec.text_center(W / 2, 200, "卷    宗", 36)
    spec.rect(LEFT, 250, RIGHT, 620, 1.2)
    rows = [("案件名称", [case_title(cast)]), ("案件编号", [Ent("case_number", cast.case_no, cast.case_no)]),
            ("卷    别", [part]), ("卷    次", [f"第 {volume} 卷    共 {volumes} 卷"]),
            ("立卷单位", [Ent("police_unit", cast.unit, cast.unit)]), ("立 卷 人", [cast.officers[0]]),
            ("审 核 人", [cast.officers[2]]), ("立卷时间", [f"{closed.year}年{closed.month}月{closed.day}日"]),
            ("本卷页数", [f"{pages} 页"]), ("保管期限", ["永久"])]
    for i, (label, segs) in enumerate(rows):
        y = 285 + i * 33
        spec.text(LEFT + 20, y, label + "：", 13)
        spec.segments(LEFT + 110, y, segs, 12 if i in (0, 4) else 13)
        spec.line(LEFT + 105, y + 5, RIGHT - 20, y + 5, 0.4)
    spec.ent(Ent("date", rows[7][1][0], closed.isoformat()))  # 立卷时间, drawn as plain text
    spec.text_center(W / 2, 700, cast.bureau + "  制", 12)
    return spec


def ruled_table(spec: PageSpec, cols: list[tuple[str, float]], rows: list[list[str]], x0: float, y: float,
                size_of) -> float:
    """A ruled table: bold header row, one 22 pt row per entry, column rules; returns the bottom y."""
    top = y
    total = sum(c[1] for c in cols)
    spec.line(x0, y, x0 + total, y, 0.8)
    x = x0
    for name, w in cols:
        spec.text_center(x + w / 2, y + 15, name, 10)
        x += w
    y += 22
    spec.line(x0, y, x0 + total, y, 0.8)
    for cells in rows:
        x = x0
        for (_, w), cell in zip(cols, cells, strict=True):
            spec.text(x + 3, y + 15, cell, size_of(cell, w))
            x += w
        y += 22
        spec.line(x0, y, x0 + total, y, 0.4)
    x = x0
    for _, w in cols:
        spec.line(x, top, x, y, 0.4)
        x += w
    spec.line(x, top, x, y, 0.4)
    return y


def contents(entries: list[tuple[str, str, str, str]], page_of: int, index: int, pages: int) -> PageSpec:
    """卷内目录: 序号, 文件名称, 责任者, 日期, 页号 (entries: name, author, date, page range)."""
    spec = PageSpec("contents", title="卷内目录")
    spec.text_center(W / 2, 70, "卷 内 目 录", 18)
    cols = [("序号", 34), ("文件名称", 190), ("责任者", 120), ("日期", 70), ("页号", 52), ("备注", 35)]
    rows = [[str(i + page_of), name, author, when, rng_, ""] for i, (name, author, when, rng_) in enumerate(entries, 1)]
    ruled_table(spec, cols, rows, 50.0, 100.0, lambda cell, w: 9 if len(cell) * 9 < w - 4 else 7.5)
    if pages > 1:
        spec.text_center(W / 2, H - 40, f"第 {index + 1} 页 共 {pages} 页", 9)
    return spec


def _header(spec: PageSpec, cast: Cast, title: str, doc_no: str) -> float:
    spec.text_center(W / 2, 80, cast.bureau + cast.region.district + "分局", 15)
    spec.text_center(W / 2, 115, title, 22)
    spec.text_right(RIGHT, 150, doc_no, 11)
    return 185.0


def _signoff(spec: PageSpec, cast: Cast, y: float, when: date, rng: random.Random, seal: str | None = None) -> None:
    spec.text_right(RIGHT - 10, y, cast.bureau + "（印）", 12)
    spec.text_right(RIGHT - 10, y + 24, cn_date(when), 12)
    spec.ent(Ent("date", cn_date(when), when.isoformat()))
    spec.stamp(RIGHT - 70 + rng.uniform(-8, 8), y + 4 + rng.uniform(-6, 6), seal or cast.bureau, 46)


def paragraph_page(cast: Cast, rng: random.Random, title: str, doc_no: str, paras: list[list], when: date,
                   kind: str = "form") -> list[PageSpec]:
    """A titled paper of flowing paragraphs, continued over as many pages as it needs, signed and sealed."""
    size, lh = 12.0, 22.0
    pages = flow([(p, 24.0) for p in paras], RIGHT - LEFT, size, int((H - 185 - 150) / lh), int((H - 140) / lh))
    specs = []
    for i, lines in enumerate(pages):
        spec = PageSpec(kind, title=title)
        y = _header(spec, cast, title, doc_no) if i == 0 else 70.0
        for segs, dx in lines:
            spec.segments(LEFT + dx, y, segs, size)
            y += lh
        if i == len(pages) - 1:
            _signoff(spec, cast, y + 40, when, rng)
        specs.append(spec)
    return specs


def bio(p: Person, rng: random.Random) -> list:
    """The standard description of a person in procedural papers."""
    return [Ent("person", p.name, p.name), f"，{p.gender}，", Ent("date", f"{p.birth.year}年{p.birth.month}月{p.birth.day}日",
            p.birth.isoformat()), "出生，公民身份号码", Ent("id_number", p.id_number, p.id_number),
            f"，{p.ethnicity}，{p.education}文化，户籍所在地", Ent("address", p.hukou, p.hukou), "，现住",
            Ent("address", p.address, p.address), "。"]


def registration(cast: Cast, rng: random.Random, reporter: Person, when: date, summary: list) -> PageSpec:
    """受案登记表: a ruled form with the reporter's details and a short account."""
    spec = PageSpec("form", title="受案登记表")
    spec.text_center(W / 2, 70, "受 案 登 记 表", 20)
    spec.text_right(RIGHT, 100, f"{cast.case_no.replace('立', '受')}", 10)
    hour, minute = rng.randint(8, 17), rng.randint(0, 59)
    rows = [("报案人", [Ent("person", reporter.name, reporter.name)], "性别", [reporter.gender]),
            ("出生日期", [Ent("date", f"{reporter.birth:%Y年%m月%d日}", reporter.birth.isoformat())], "联系方式",
             [Ent("phone", reporter.phone, reporter.phone)]),
            ("身份证件号码", [Ent("id_number", reporter.id_number, reporter.id_number)], "民族", [reporter.ethnicity]),
            ("现住址", [Ent("address", reporter.address, reporter.address)], "", []),
            ("工作单位", [reporter.employer], "", []),
            ("接报时间", [f"{when.year}年{when.month}月{when.day}日{hour}时{minute}分"], "接报方式", ["来所报案"]),
            ("接报民警", [cast.officers[1]], "接报地点", [cast.unit[-9:]])]
    y = 115.0
    for label, segs, label2, segs2 in rows:
        spec.rect(LEFT - 20, y, RIGHT + 20, y + 30, 0.6)
        spec.text(LEFT - 14, y + 19, label, 10.5)
        spec.line(LEFT + 70, y, LEFT + 70, y + 30, 0.6)
        spec.segments(LEFT + 76, y + 19, segs, 10 if len(segs) == 1 else 9.5)
        if label2:
            spec.line(LEFT + 280, y, LEFT + 280, y + 30, 0.6)
            spec.text(LEFT + 286, y + 19, label2, 10.5)
            spec.line(LEFT + 340, y, LEFT + 340, y + 30, 0.6)
            spec.segments(LEFT + 346, y + 19, segs2, 10)
        y += 30
    spec.rect(LEFT - 20, y, RIGHT + 20, y + 330, 0.6)
    spec.text(LEFT - 14, y + 20, "简要案情：", 11)
    lines = flow([(summary, 22.0)], RIGHT - LEFT + 20, 11, 14, 14)[0]
    yy = y + 44
    for segs, dx in lines:
        spec.segments(LEFT - 8 + dx, yy, segs, 11)
        yy += 20
    y += 330
    spec.rect(LEFT - 20, y, RIGHT + 20, y + 80, 0.6)
    spec.text(LEFT - 14, y + 20, "受案意见：  经审查，符合立案条件，建议立为刑事案件侦查。", 11)
    spec.text(LEFT + 200, y + 60, f"受案民警：{cast.officers[1]}    {when.year}年{when.month}月{when.day}日", 11)
    day = f"{when.year}年{when.month}月{when.day}日"  # plain-text dates and times above, for the truth
    for e in (Ent("date", day, when.isoformat()), Ent("time", f"{hour}时{minute}分", f"{hour:02d}:{minute:02d}")):
        spec.ent(e)
    spec.stamp(RIGHT - 40, y + 50, cast.bureau, 40)
    return spec


def id_record(cast: Cast, rng: random.Random, p: Person) -> PageSpec:
    """常住人口登记表 / 人口信息查询结果 with a photo box and the police station seal."""
    spec = PageSpec("id_record", title="常住人口登记表")
    title = rng.choice(["常住人口登记表", "全国人口信息查询结果", "人口信息查询（户籍）"])
    spec.title = title
    spec.text_center(W / 2, 80, title, 18)
    station = f"{p.region.city}公安局{p.region.district}分局{rng.choice(['城东', '城西', '南门', '北关', '新华'])}派出所"
    fields = [("姓名", Ent("person", p.name, p.name)), ("曾用名", Ent("person", p.aliases[-1], p.aliases[-1]) if len(p.aliases) > 1 else "无"),
              ("性别", p.gender), ("民族", p.ethnicity),
              ("出生日期", Ent("date", f"{p.birth.year}年{p.birth.month:02d}月{p.birth.day:02d}日", p.birth.isoformat())),
              ("公民身份号码", Ent("id_number", p.id_number, p.id_number)),
              ("户籍地址", Ent("address", p.hukou, p.hukou)), ("文化程度", p.education), ("婚姻状况", rng.choice(["已婚", "未婚", "离婚"])),
              ("服务处所", p.employer), ("联系电话", Ent("phone", p.phone, p.phone)),
              ("与户主关系", rng.choice(["户主", "子", "女", "妻", "夫"])), ("户号", str(rng.randrange(10**8, 10**9))),
              ("登记机关", Ent("police_unit", station, station))]
    y = 110.0
    for label, val in fields:
        spec.rect(LEFT - 20, y, RIGHT - (110 if y < 250 else -20), y + 26, 0.6)
        spec.text(LEFT - 14, y + 17, label, 10.5)
        spec.line(LEFT + 70, y, LEFT + 70, y + 26, 0.6)
        spec.segments(LEFT + 76, y + 17, [val], 10 if not isinstance(val, Ent) or len(val.text) < 26 else 8.5)
        y += 26
    spec.rect(RIGHT - 100, 110, RIGHT + 20, 250, 0.6)
    spec.text_center(RIGHT - 40, 185, "照  片", 11)
    spec.text(LEFT - 14, y + 40, f"以上信息与户籍档案一致。查询人：{cast.officers[3]}", 10.5)
    spec.stamp(RIGHT - 60, y + 30, station[-6:] + "户籍专用章" if len(station) > 6 else station, 40)
    return spec
