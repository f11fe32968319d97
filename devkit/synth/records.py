"""讯问笔录 / 询问笔录: real header fields, 问：/答： bodies that state relations and money, signed footers."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from devkit.synth.cast import Cast, Person, Relation
from devkit.synth.ledger import Ledger, Tx
from devkit.synth.render import A4, Ent, PageSpec, wrap
from devkit.synth.variants import date_text, money_text, month_day_text, time_text

W, H = A4
LEFT, RIGHT = 62.0, W - 62.0
SIZE, LH = 11.5, 21.0
BANK_CN = {"ICBC": "工商银行", "CCB": "建设银行", "ABC": "农业银行", "BOC": "中国银行", "CMB": "招商银行",
           "BOCOM": "交通银行", "HSBC": "汇丰银行"}


def _p(p: Person, text: str | None = None) -> Ent:
    return Ent("person", text or p.name, p.name)


def _relation_answer(cast: Cast, me: Person, r: Relation, rng: random.Random, ledger: Ledger) -> list:
    other = cast.person(r.b if r.a == me.pid else r.a)
    name = _p(other, other.name if rng.random() < 0.8 else other.name[0] + "某")
    if r.kind == "family":
        word = {"妻子": "老婆", "女朋友": "女朋友"}.get(r.detail, r.detail) if r.a == me.pid else "亲戚"
        card = next((a for a in cast.accounts_of(other.pid) if a.kind == "personal"), None)
        if card and rng.random() < 0.7:
            return ["钱转到了我", word, name, "的卡上（卡号", Ent("account", card.number, card.number), "）。"]
        return [name, "是我", word, "，我们住在一起。"]
    if r.kind == "associate":
        return ["我和", name, f"是{r.detail}，认识好几年了。"]
    if r.kind == "co_suspect":
        alias = other.aliases[0] if other.aliases and rng.random() < 0.5 else None
        who = Ent("person", alias, other.name) if alias else name
        return rng.choice([["是", who, "让我去取的。"], ["这些事都是", who, "安排的，我只是帮忙。"]])
    return ["我在", name, "的公司上班，", name, "是我老板。"] if r.a == me.pid or True else []


def _tx_answer(cast: Cast, me: Person, t: Tx, rng: random.Random) -> list:
    when = t.time
    mine_out = t.src is not None and t.src.holder_id == me.pid
    acc = t.src if mine_out else t.dst
    other = t.dst if mine_out else t.src
    d = rng.choice([Ent("date", date_text(rng, when), f"{when:%Y-%m-%d}"),
                    Ent("date", month_day_text(rng, when), f"{when:%m-%d}")])
    tm = Ent("time", time_text(rng, when), f"{when:%H:%M}")
    money = Ent("money", money_text(rng, t.amount), f"{t.amount:.2f}")
    bank = BANK_CN.get(acc.bank, acc.bank) if acc else ""
    if other is None:
        return [d, tm, "，我拿现金到", bank, "存了", money, "，存进我那张卡（卡号", Ent("account", acc.number, acc.number), "）。"]
    oname = Ent("person" if other.kind == "personal" else "organization", other.holder_name, other.holder_name)
    if mine_out:
        return [d, tm, "，我用", bank, "的卡（卡号", Ent("account", acc.number, acc.number), "）给", oname, "转了", money, "。"]
    return [d, tm, "，", oname, "往我", bank, "的卡上转了", money, "，卡号是", Ent("account", acc.number, acc.number), "。"]


def _said(answer: str, me: Person) -> list[Ent]:
    """Phones and amounts a set answer writes as plain text (so its lines wrap as before), for the truth."""
    out = [Ent("phone", me.phone, me.phone)] if "{phone}" in answer else []
    return out + [Ent("money", text, value) for text, value in _TALK_MONEY if text in answer]


def _qa(cast: Cast, me: Person, ledger: Ledger, rng: random.Random, suspect: bool, session: int) -> list[tuple[str, list, tuple | None, list[Ent]]]:
    """(问|答, segments, relation key or None, entities inside its plain text) in interview order."""
    qa: list[tuple[str, list, tuple | None]] = []
    said: dict[int, list[Ent]] = {}  # qa index -> entities written inside its plain text
    us = cast.unit.removeprefix(cast.bureau)
    if suspect:
        qa.append(("问", [f"我们是{cast.bureau}{us}的民警（出示工作证件），现依法对你进行讯问，你应当如实回答，对与本案无关的问题，你有拒绝回答的权利，听清楚了吗？"], None))
    else:
        qa.append(("问", [f"我们是{cast.bureau}的民警，现依法向你询问有关情况，你应当如实提供证据、证言，有意作伪证或者隐匿罪证要负法律责任，听清楚了吗？"], None))
    qa.append(("答", ["听清楚了。"], None))
    qa.append(("问", ["这是《" + ("犯罪嫌疑人诉讼权利义务告知书" if suspect else "证人诉讼权利义务告知书") + "》，你看一下，是否清楚？"], None))
    qa.append(("答", ["我看过了，清楚。"], None))
    qa.append(("问", ["讲一下你的个人情况。"], None))
    intro = ["我叫", _p(me)]
    if me.aliases:
        intro += ["，别人都叫我", Ent("person", me.aliases[0], me.name)]
    intro += [f"，{me.birth.year}年出生，身份证号码是", Ent("id_number", me.id_number, me.id_number), "，手机号",
              Ent("phone", me.phone, me.phone), "，现在住在", Ent("address", me.address, me.address), "。"]
    qa.append(("答", intro, None))
    said[len(qa) - 1] = [Ent("date", f"{me.birth.year}年", str(me.birth.year))]
    if suspect and session == 1:
        qa.append(("问", ["你以前受过刑事处罚或者行政处罚吗？"], None))
        qa.append(("答", [rng.choice(["没有。", "没有受过刑事处罚。", f"{rng.randint(2010, 2018)}年因为打架被拘留过十天。"])], None))
        if qa[-1][1][0][0].isdigit():
            said[len(qa) - 1] = [Ent("date", qa[-1][1][0][:5], qa[-1][1][0][:4])]
    rels = [r for r in cast.relations if me.pid in (r.a, r.b)]
    rng.shuffle(rels)
    for r in rels[: 2 + session]:
        other = cast.person(r.b if r.a == me.pid else r.a)
        qa.append(("问", ["你和", _p(other), "是什么关系？"] if r.kind != "family" else [_p(other), "是你什么人？"], None))
        qa.append(("答", _relation_answer(cast, me, r, rng, ledger), (r.a, r.b)))
    mine = [t for t in ledger.large() if
            ((t.src and t.src.holder_id == me.pid) or (t.dst and t.dst.holder_id == me.pid))]
    planted = [t for t in mine if t.pattern] + [t for t in mine if not t.pattern]
    start = (session - 1) * 4
    for t in planted[start:start + 4 + session]:
        qa.append(("问", [rng.choice(["这笔钱是怎么回事？", "说一下这笔转账的情况。", "你名下账户的这笔交易是什么情况？", "这笔钱后来去哪里了？"])], None))
        qa.append(("答", _tx_answer(cast, me, t, rng), None))
    target = rng.randint(14, 30)  # Q/A pairs: real records run to three to six pages
    pool = list(_TALK)
    rng.shuffle(pool)
    while len(qa) < target * 2 and pool:
        q, a = pool.pop()
        qa.append(("问", [q], None))
        qa.append(("答", [a.format(phone=me.phone)], None))
        said[len(qa) - 1] = _said(a, me)
    if not suspect and "victim" in me.roles:
        qa.append(("问", ["你是如何被骗的？"], None))
        qa.append(("答", [_VICTIM], None))
    qa.append(("问", ["你还有什么要补充的吗？"], None))
    qa.append(("答", ["没有了。"], None))
    qa.append(("问", ["你以上所讲的是否属实？"], None))
    qa.append(("答", ["属实。"], None))
    return [(tag, segs, rel, said.get(i, [])) for i, (tag, segs, rel) in enumerate(qa)]


_TALK = (
    ("你是怎么认识他们的？", "经朋友介绍认识的，一起吃过几次饭，后来就经常联系。"),
    ("你们平时怎么联系？", "主要用微信和电话联系，我的手机号是{phone}，微信号就是手机号。"),
    ("公司的具体业务是什么？", "对外说是做投资理财的，实际上没有什么业务，主要就是拉人投资。"),
    ("投资人的钱转到哪里？", "一般是转到公司账户或者老板指定的个人卡上，具体用哪张卡是老板说了算。"),
    ("你的银行卡平时谁在用？", "卡办好后就交给他们了，网银盾和密码也一起给了，我自己不用。"),
    ("你拿到多少好处？", "每个月给我五千块钱左右，有时候多给一点，都是现金或者微信转账。"),
    ("你知道这些钱是骗来的吗？", "一开始不知道，后来听说有人报案，才觉得不对劲。"),
    ("取现是怎么操作的？", "一般是到银行柜台取，金额大的要提前预约，取完交给他们。"),
    ("你们在哪里办公？", "在写字楼里租了一间办公室，平时有七八个人上班。"),
    ("公司有几个人负责转账？", "主要是财务在弄，有时候老板自己用手机银行转。"),
    ("你们为什么要分很多笔转账？", "他们说一次转太多银行会查，所以每次转四万多一点。"),
    ("这些账户是谁开的？", "有些是用别人的身份证开的，具体我不清楚。"),
    ("你有没有参与记账？", "我记过一段时间的流水，用的是电脑上的表格，后来电脑被他们拿走了。"),
    ("你的手机现在在哪里？", "手机在被抓的时候被你们扣押了。"),
    ("你还有其他银行卡吗？", "还有一张很早办的卡，基本不用了，卡号我记不清了。"),
    ("案发后你们去了哪里？", "老板说先出去躲一躲，我就回老家了。"),
    ("你对自己的行为怎么看？", "我知道错了，愿意配合公安机关调查，争取从轻处理。"),
    ("你们对投资人是怎么说的？", "说是投资项目，每个月有固定利息，到期还本。"),
    ("利息是怎么支付的？", "前几个月按时付了，都是用后面投资人的钱付前面的利息。"),
)
_VICTIM = "对方说投资有高额回报，每个月返息百分之三，我就陆续把钱转了过去，后来就联系不上了。"
_TALK_MONEY = (("五千块钱", "5000.00"),)  # "四万多一点" is a rough figure, not an amount: no truth value


def record_doc(cast: Cast, me: Person, ledger: Ledger, rng: random.Random, when: datetime, session: int,
               evidence: dict, planter=None):
    """One 讯问笔录 (suspect) or 询问笔录 (others) as a Doc of several pages.

    With a `planter` (synth --plant-records) the record also carries the planted answers and takes the
    planter's time and officers; without one nothing here differs.
    """
    from devkit.synth.dossier import Doc

    suspect = "suspect" in me.roles
    kind = "interrogation" if suspect else "inquiry"
    title = "讯 问 笔 录" if suspect else "询 问 笔 录"
    end = when + timedelta(hours=rng.randint(1, 3), minutes=rng.randint(0, 59))
    ask = "讯问人" if suspect else "询问人"
    subj = "被讯问人" if suspect else "被询问人"
    room = f"{cast.unit.removeprefix(cast.bureau)}执法办案中心第{rng.choice('一二三四五')}{'讯问' if suspect else '询问'}室"
    age = when.year - me.birth.year - ((when.month, when.day) < (me.birth.month, me.birth.day))
    how = rng.choice(["口头传唤", "被扭送", "自动投案"]) if suspect else "经电话通知"
    qa = _qa(cast, me, ledger, rng, suspect, session)
    officers, recorder = cast.officers[:2], cast.officers[2]
    keys: dict[int, str] = {}  # qa index -> plant key of a planted answer
    if planter is not None:
        extra = planter.answers_for(me, session)
        qa = [(t, [planter.victim_account()] if t == "答" and segs == [_VICTIM] else segs, r, sd)
              for t, segs, r, sd in qa]
        closing = qa[-4:]
        qa = qa[:-4]
        for q, segs, key in extra:
            qa.append(("问", [q], None, []))
            qa.append(("答", segs, None, []))
            if key:
                keys[len(qa) - 1] = key
        qa += closing
        chars = sum(len(s.text if isinstance(s, Ent) else s) for _t, segs, _r, _s in qa for s in segs)
        when, end, officers, recorder = planter.times_for(me, when.date(), chars)
    header: list[list] = [  # after the answers: a planter may re-time the record
        [f"时间  {when.year}年{when.month}月{when.day}日{when.hour}时{when.minute:02d}分至{end.year}年{end.month}月{end.day}日{end.hour}时{end.minute:02d}分"],
        ["地点  ", Ent("place", room, room)],
        [f"{ask}（签名）  {officers[0]}  {officers[1]}      工作单位  ", Ent("police_unit", cast.unit, cast.unit)],
        [f"记录人（签名）  {recorder}      工作单位  同上"],
        [f"{subj}  姓名  ", _p(me), f"    性别  {me.gender}    年龄  {age}    出生日期  ",
         Ent("date", f"{me.birth.year}年{me.birth.month}月{me.birth.day}日", me.birth.isoformat())],
        ["身份证件种类及号码  居民身份证  ", Ent("id_number", me.id_number, me.id_number)],
        [f"民族  {me.ethnicity}    文化程度  {me.education}    政治面貌  {me.political}"],
        ["现住址  ", Ent("address", me.address, me.address), "    联系方式  ", Ent("phone", me.phone, me.phone)],
        ["户籍所在地  ", Ent("address", me.hukou, me.hukou)],
        ["工作单位  ", me.employer],
    ]
    header.append([f"（{how}的{subj}于{when.month}月{when.day}日{when.hour}时{max(0, when.minute - 5):02d}分到达，"
                   f"{end.month}月{end.day}日{end.hour}时{min(59, end.minute + 10):02d}分离开，本人签名：          ）"])
    arrive = max(0, when.minute - 5), min(59, end.minute + 10)
    said_in_header = [  # 时间 and arrival lines are plain text: their dates and times, for the truth
        Ent("date", f"{when.year}年{when.month}月{when.day}日", when.date().isoformat()),
        Ent("time", f"{when.hour}时{when.minute:02d}分", f"{when:%H:%M}"),
        Ent("date", f"{end.year}年{end.month}月{end.day}日", end.date().isoformat()),
        Ent("time", f"{end.hour}时{end.minute:02d}分", f"{end:%H:%M}"),
        Ent("date", f"{when.month}月{when.day}日", f"{when:%m-%d}"),
        Ent("time", f"{when.hour}时{arrive[0]:02d}分", f"{when.hour:02d}:{arrive[0]:02d}"),
        Ent("date", f"{end.month}月{end.day}日", f"{end:%m-%d}"),
        Ent("time", f"{end.hour}时{arrive[1]:02d}分", f"{end.hour:02d}:{arrive[1]:02d}")]
    lines: list[tuple[list, float, tuple | None, list[tuple[Ent, int]]]] = []
    key_at_line: dict[int, str] = {}
    for qi, (tag, segs, rel, said) in enumerate(qa):
        if qi in keys:
            key_at_line[len(lines)] = keys[qi]
        wrapped = wrap([tag + "：", *segs], RIGHT - LEFT, SIZE)
        text = "".join(s.text if isinstance(s, Ent) else s for s in [tag + "：", *segs])
        ends = [sum(len(s.text if isinstance(s, Ent) else s) for ln in wrapped[:k + 1] for s in ln) for k in range(len(wrapped))]
        spans = [(e, sum(end <= text.index(e.text) for end in ends),
                  sum(end < text.index(e.text) + len(e.text) for end in ends)) for e in said]  # first, last line
        for k, ln in enumerate(wrapped):  # a plain-text mention: (entity, lines it runs on to) on its first line
            lines.append((ln, 0.0, rel if k == 0 else None, [(e, last - k) for e, first, last in spans if first == k]))
    lines.append((["以上笔录我看过，和我说的相符。"], 24.0, None, []))
    first_cap = int((H - 330 - 90) / LH)
    cap = int((H - 80 - 90) / LH)
    chunks = [lines[:first_cap]]
    rest = lines[first_cap:]
    while rest:
        chunks.append(rest[:cap])
        rest = rest[cap:]
    specs = []
    done = 0
    for i, chunk in enumerate(chunks):
        spec = PageSpec(kind, title=title.replace(" ", ""))
        if i == 0:
            spec.text(LEFT, 62, "（行政刑事通用）", 10)
            spec.text_right(RIGHT, 62, f"第{session}次", 11)
            spec.text_center(W / 2, 92, title, 20)
            y = 122.0
            for segs in header:
                for ln in wrap(segs, RIGHT - LEFT, 10.5):
                    spec.segments(LEFT, y, ln, 10.5)
                    y += 19
            for e in said_in_header:
                spec.ent(e)
            y += 6
        else:
            y = 80.0
        for j, (segs, dx, rel, said) in enumerate(chunk):
            spec.segments(LEFT + dx, y, segs, SIZE)
            for e, more in said:
                if j + more < len(chunk):  # a mention cut by the page break is whole on neither page
                    spec.ent(e)
            if rel and rel not in evidence:
                evidence[rel] = {"sentence": "".join(s.text if isinstance(s, Ent) else s for s in segs)[2:], "spec": spec}
            if planter is not None and done + j in key_at_line:
                planter.located[key_at_line[done + j]] = spec
            y += LH
        done += len(chunk)
        spec.line(LEFT, H - 78, RIGHT, H - 78, 0.5)
        spec.text(LEFT, H - 60, f"{subj}签名（捺印）：", 10.5)
        spec.text(LEFT + 260, H - 60, f"{ask}：{officers[0]}  记录人：{recorder}", 10.5)
        spec.text_center(W / 2, H - 36, f"第{i + 1}页共{len(chunks)}页", 10)
        specs.append(spec)
    for s in specs:
        s.meta = {"person": me.pid, "session": session}
    # answers that state a relation may wrap: keep the whole sentence from the paragraph, not the line
    for _tag, segs, rel, _said in qa:
        if rel and rel in evidence:
            evidence[rel]["sentence"] = "".join(s.text if isinstance(s, Ent) else s for s in segs)
    name = f"{me.name}{'讯问' if suspect else '询问'}笔录（第{session}次）"
    return Doc(name, cast.unit.removeprefix(cast.bureau), f"{when:%Y%m%d}", specs)


def all_records(cast: Cast, ledger: Ledger, rng: random.Random, dates: dict, budget: int, evidence: dict,
                planter=None) -> list:
    """Records in interview order until about `budget` pages: suspects several times, the others once."""
    docs, pages = [], 0
    order = cast.by_role("suspect") + [p for p in cast.people if "suspect" not in p.roles]
    session = {p.pid: 0 for p in cast.people}
    day = dates["detain"]
    i = 0
    while pages < budget and i < 2000:
        me = order[i % len(order)]
        i += 1
        if session[me.pid] >= (12 if "suspect" in me.roles else 1 + i // (len(order) * 8)):
            continue
        session[me.pid] += 1
        when = datetime(day.year, day.month, day.day, rng.randint(8, 19), rng.randint(0, 59))
        if me.english:  # an English speaker's record is written in English (mixed dossiers)
            from devkit.synth import records_en

            doc = records_en.record_doc(cast, me, ledger, rng, when, session[me.pid], evidence)
        else:
            doc = record_doc(cast, me, ledger, rng, when, session[me.pid], evidence, planter)
            if planter is not None:
                planter.slots[-1].doc_name = doc.name
        docs.append(doc)
        pages += len(doc.pages)
        day = day + timedelta(days=rng.randint(0, 2))
    return docs


def filler(cast: Cast, rng: random.Random, dates: dict):
    """A one-page paper used to bring the dossier to its page count: notices, warrants, 情况说明."""
    from devkit.synth import forms
    from devkit.synth.dossier import Doc

    p = rng.choice(cast.people)
    d: date = dates["detain"] - timedelta(days=rng.randint(-40, 5))
    kind = rng.random()
    suspects = cast.by_role("suspect")
    if kind < 0.35:
        acc = rng.choice(cast.accounts)
        title = "协助查询财产通知书"
        paras = [[Ent("organization", acc.branch, acc.branch), "："],
                 ["因侦查犯罪需要，根据《中华人民共和国刑事诉讼法》第一百四十四条之规定，我局派员前往你处查询",
                  Ent("person" if acc.kind == "personal" else "organization", acc.holder_name, acc.holder_name),
                  "名下账号", Ent("account", acc.number, acc.number), f"自{dates['detain'].year - 1}年1月1日至今的交易明细，请予协助！"],
                 [f"查询人：{cast.officers[0]}、{cast.officers[1]}"]]
        page_kind = "form"
    elif kind < 0.7:
        s = rng.choice(suspects)
        title = rng.choice(["拘留通知书", "逮捕证", "取保候审决定书", "搜查证", "扣押决定书"])
        paras = [["犯罪嫌疑人", *forms.bio(s, rng)[:7], "。"],
                 [f"因涉嫌{cast.crime}罪，根据《中华人民共和国刑事诉讼法》之规定，经本局决定，对其执行{title[:2]}。"]]
        page_kind = "form"
    else:
        title = rng.choice(["情况说明", "到案经过", "工作说明"])
        paras = [[f"{d.year}年{d.month}月{d.day}日，我大队民警在工作中发现", Ent("person", p.name, p.name),
                  "（公民身份号码", Ent("id_number", p.id_number, p.id_number), "）与本案有关，经传唤到我大队接受调查。"],
                 ["特此说明。"]]
        page_kind = "other"
    no = cast.case_no.replace("立", rng.choice("查拘捕搜扣")) if page_kind == "form" else ""
    specs = forms.paragraph_page(cast, rng, title, no, paras, d, kind=page_kind)
    if title == "协助查询财产通知书":  # 自某年1月1日至今 is plain text
        start = date(dates["detain"].year - 1, 1, 1)
        specs[0].ent_if_drawn(Ent("date", f"{start.year}年1月1日", start.isoformat()))
    return Doc(title, cast.unit.removeprefix(cast.bureau), f"{d:%Y%m%d}", specs[:1])
