"""Template page texts for each page type, to train the page-type classifier until real truth exists."""

from __future__ import annotations

import random
from collections.abc import Callable

PAGE_TYPES = ("cover", "contents", "form", "interrogation", "inquiry", "narrative", "bank_statement",
              "id_record", "other")

_SUR = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈"
_GIV = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚华玉兰萍红鹏辉建文斌宇浩凯健俊帆宁龙林欢佳婷雪琳晨"
_CITY = ["北京市", "上海市", "广州市", "深圳市", "杭州市", "成都市", "武汉市", "长沙市", "郑州市", "昆明市"]
_CRIME = ["诈骗", "盗窃", "帮助信息网络犯罪活动", "掩饰、隐瞒犯罪所得", "非法吸收公众存款", "故意伤害"]
_BANKS = ["中国工商银行", "中国建设银行", "中国农业银行", "招商银行", "中国邮政储蓄银行"]
_DOCS = ["受案登记表", "立案决定书", "拘留证", "提请批准逮捕书", "讯问笔录", "询问笔录", "调取证据通知书",
         "扣押决定书", "鉴定意见", "户籍证明", "银行交易明细", "到案经过", "起诉意见书"]


def _name(r: random.Random) -> str:
    if r.random() < 0.3:
        return r.choice(_SUR) + r.choice(["某", "某某"])
    return r.choice(_SUR) + "".join(r.choice(_GIV) for _ in range(r.choice((1, 2))))


def _date(r: random.Random) -> str:
    return f"{r.randint(2015, 2024)}年{r.randint(1, 12)}月{r.randint(1, 28)}日"


def _digits(r: random.Random, n: int) -> str:
    return "".join(str(r.randint(0, 9)) for _ in range(n))


def _unit(r: random.Random) -> str:
    return r.choice(_CITY) + "公安局" + r.choice(["刑事侦查支队", "经济犯罪侦查支队", "城东分局", "某某派出所"])


def cover(r: random.Random) -> str:
    return "\n".join([_unit(r), "卷    宗", f"案件名称：{_name(r)}等人涉嫌{r.choice(_CRIME)}案",
                      f"案件编号：A{_digits(r, 20)}", f"卷    别：{r.choice(['诉讼文书卷', '证据材料卷'])}",
                      f"卷    次：第 {r.randint(1, 5)} 卷    共 {r.randint(5, 9)} 卷", f"立卷单位：{_unit(r)}",
                      f"立 卷 人：{_name(r)}", f"立卷时间：{_date(r)}", f"本卷页数：{r.randint(50, 200)} 页",
                      "保管期限：永久"])


def contents(r: random.Random) -> str:
    lines = ["卷 内 目 录", "序号 文件名称 责任者 日期 页号 备注"]
    page = 1
    for i in range(r.randint(6, 18)):
        span = r.randint(1, 12)
        lines.append(f"{i + 1} {r.choice(_DOCS)} {_unit(r)} {r.randint(2019, 2024)}.{r.randint(1, 12)}.{r.randint(1, 28)}"
                     f" {page}-{page + span - 1}")
        page += span
    return "\n".join(lines)


def form(r: random.Random) -> str:
    title = r.choice(["受案登记表", "立案决定书", "拘留证", "提请批准逮捕书", "扣押决定书", "调取证据通知书",
                      "呈请拘留报告书", "释放通知书"])
    body = [_unit(r), title, f"{r.choice(['公', '刑'])}（{r.choice(['刑', '经'])}）{r.choice(['立', '拘', '捕'])}字〔"
            f"{r.randint(2018, 2024)}〕{r.randint(1, 999)}号"]
    fields = ["案件来源", "报案人", "性别", "出生日期", "身份证件种类及号码", "工作单位", "联系方式", "简要案情",
              "受案意见", "受案审批", "移送单位", "接收人"]
    for f in r.sample(fields, r.randint(5, 10)):
        body.append(f"{f}：{_name(r) if '人' in f else r.choice(['□是 □否', _date(r), '110报警', '居民身份证'])}")
    body.append(f"根据《中华人民共和国刑事诉讼法》第{r.randint(80, 120)}条之规定，决定对{_name(r)}执行{r.choice(['拘留', '逮捕'])}。")
    body += [f"{_unit(r)}（印）", _date(r)]
    return "\n".join(body)


def _qa(r: random.Random, n: int, role: str) -> list[str]:
    qs = ["你的基本情况？", "你因何事来到公安机关？", "你把事情经过讲一下。", "你认识" + _name(r) + "吗？",
          "这张银行卡是谁的？", "钱转到哪里去了？", "你还有什么要补充的吗？", "以上所说是否属实？"]
    ans = ["我叫" + _name(r) + "，" + _date(r) + "出生。", "认识，是我朋友介绍的。", "卡是我办的，借给别人用了。",
           "钱都转到" + r.choice(_BANKS) + "的账户了。", "没有了。", "属实。", "我不清楚，是他让我这么做的。"]
    if role == "interrogation":
        qs += ["你是否明白你涉嫌" + r.choice(_CRIME) + "被依法传唤？", "你有无违法犯罪前科？"]
        ans += ["我知道我犯了罪。", "我承认我帮他们转账。"]
    else:
        qs += ["你作为证人应当如实提供证据，你明白吗？", "你被骗了多少钱？"]
        ans += ["我被骗了" + str(r.randint(1, 90)) + "万元。", "我明白。"]
    out = []
    for _ in range(n):
        out += ["问：" + r.choice(qs), "答：" + r.choice(ans)]
    return out


def _record(r: random.Random, kind: str) -> str:
    head = []
    if r.random() < 0.6:  # first page of the record; continuation pages are bare 问/答
        title = "讯问笔录" if kind == "interrogation" else "询问笔录"
        who = "被讯问人" if kind == "interrogation" else "被询问人"
        head = [title, f"时间 {_date(r)} {r.randint(8, 20)}时{r.randint(0, 59)}分至{r.randint(8, 22)}时",
                f"地点 {_unit(r)}{'办案区讯问室' if kind == 'interrogation' else '询问室'}",
                f"{'侦查员' if kind == 'interrogation' else '询问人'} {_name(r)} {_name(r)}  记录人 {_name(r)}",
                f"{who} {_name(r)} 性别 {r.choice('男女')} 身份证号 {_digits(r, 17)}{r.choice('0123456789X')}"]
        if kind == "interrogation":
            head.append("犯罪嫌疑人诉讼权利义务告知书已向其宣读。")
        else:
            head.append("证人诉讼权利义务告知书已交其阅读。")
    tail = [f"{'被讯问人' if kind == 'interrogation' else '被询问人'}：{_name(r)}（捺印）"] if r.random() < 0.4 else []
    return "\n".join(head + _qa(r, r.randint(3, 9), kind) + tail)


def interrogation(r: random.Random) -> str:
    return _record(r, "interrogation")


def inquiry(r: random.Random) -> str:
    return _record(r, "inquiry")


def narrative(r: random.Random) -> str:
    title = r.choice(["起诉意见书", "破案经过", "提请批准逮捕书", "侦查终结报告", "移送审查起诉告知书", ""])
    sents = [f"{_date(r)}，被害人{_name(r)}到{_unit(r)}报案称其被人以{r.choice(['刷单返利', '冒充客服', '投资理财'])}"
             f"为由骗取人民币{r.randint(1, 99)}万元。",
             f"经侦查查明，犯罪嫌疑人{_name(r)}伙同{_name(r)}等人，明知他人利用信息网络实施犯罪，仍提供银行卡用于转账。",
             f"我局于{_date(r)}依法立案侦查，并于同日将犯罪嫌疑人{_name(r)}抓获归案。",
             "上述犯罪事实，有被害人陈述、证人证言、银行交易明细、电子数据等证据证实，足以认定。",
             f"犯罪嫌疑人{_name(r)}的行为已触犯《中华人民共和国刑法》第{r.randint(200, 300)}条之规定，涉嫌{r.choice(_CRIME)}罪。",
             "综上所述，特此说明。"]
    body = [s for s in sents if r.random() < 0.8] or sents[:2]
    return "\n".join(([title] if title else []) + ["    " + s for s in body] + ([_unit(r), _date(r)] if r.random() < 0.5 else []))


def bank_statement(r: random.Random) -> str:
    bank = r.choice(_BANKS)
    lines = [f"{bank}{r.choice(['个人账户交易明细', '客户交易明细清单', '账户明细查询'])}",
             f"户名：{_name(r)}  账号：6222{_digits(r, 15)}  币种：人民币",
             r.choice(["交易日期 交易时间 摘要 交易金额 账户余额 对方户名 对方账号",
                       "序号 记账日期 借方发生额 贷方发生额 余额 对方账户名称 摘要"])]
    bal: float = r.randint(1000, 900000)
    for _ in range(r.randint(8, 25)):
        amt = r.randint(1, 5000000) / 100
        bal += amt if r.random() < 0.5 else -amt
        lines.append(f"{r.randint(2019, 2024)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d} "
                     f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d} "
                     f"{r.choice(['转账', '网银转出', 'ATM取款', '跨行汇款', '消费', '手机银行'])} {amt:,.2f} {bal:,.2f} "
                     f"{_name(r)} 62{_digits(r, 16)}")
    return "\n".join(lines)


def id_record(r: random.Random) -> str:
    lines = [r.choice(["常住人口登记表", "户籍证明", "人口信息查询结果", "居民身份证"]),
             f"姓名 {_name(r)}  性别 {r.choice('男女')}  民族 {r.choice(['汉', '回', '壮', '满'])}",
             f"出生 {_date(r)}", f"住址 {r.choice(_CITY)}{r.choice(['朝阳区', '天河区', '武侯区'])}某某路{r.randint(1, 300)}号",
             f"公民身份号码 {_digits(r, 17)}{r.choice('0123456789X')}",
             f"户主姓名 {_name(r)}  与户主关系 {r.choice(['户主', '之子', '之女', '配偶'])}",
             f"签发机关 {_unit(r)}  有效期限 {_date(r)}-{_date(r)}", "文化程度 初中  婚姻状况 已婚  兵役状况 未服兵役"]
    r.shuffle(lines[1:])
    return "\n".join(lines[: r.randint(5, len(lines))])


def other(r: random.Random) -> str:
    kinds: list[Callable[[], str]] = [
        lambda: "\n".join(["照片", "图一：现场照片", "图二：扣押物品照片", f"拍摄人：{_name(r)}", f"拍摄时间：{_date(r)}"]),
        lambda: "\n".join(["微信聊天记录截图", f"{_name(r)}：在吗", f"{_name(r)}：转你了，查收", "[图片]", "[转账]"]),
        lambda: f"{r.randint(1, 200)}",
        lambda: "\n".join(["备考表", "本卷情况说明", f"立卷人：{_name(r)}", f"检查人：{_name(r)}", _date(r)]),
        lambda: "\n".join([f"电话 {r.choice(['138', '139', '186'])}{_digits(r, 8)}" for _ in range(3)] + ["通话详单"]),
        lambda: "",
    ]
    return r.choice(kinds)()


GENERATORS = {"cover": cover, "contents": contents, "form": form, "interrogation": interrogation,
              "inquiry": inquiry, "narrative": narrative, "bank_statement": bank_statement, "id_record": id_record,
              "other": other}


def text_to_words(text: str) -> list[list[float | str]]:
    """Approximate word boxes ``[x0, y0, x1, y1, text]`` for a template text, as a text layer would give."""
    words: list[list[float | str]] = []
    for row, line in enumerate(text.split("\n")):
        col = 0
        for chunk in line.split(" "):
            if chunk:
                x0 = 56 + col * 10.5
                words.append([x0, 72 + row * 16, x0 + len(chunk) * 10.5, 84 + row * 16, chunk])
            col += len(chunk) + 1
    return words


def _vary(text: str, r: random.Random) -> str:
    """Short or partial pages (a page holding only a record's head) and OCR-like dropped characters."""
    lines = text.split("\n")
    roll = r.random()
    if roll < 0.3 and len(lines) > 3:
        lines = lines[: r.randint(2, 4)]
    elif roll < 0.4 and len(lines) > 4:
        start = r.randint(1, len(lines) - 3)
        lines = lines[start: start + r.randint(3, 6)]
    text = "\n".join(lines)
    if r.random() < 0.3:
        text = "".join(ch for ch in text if r.random() > 0.03)
    return text


def generate(n_per_class: int, seed: int) -> list[tuple[str, str]]:
    """(text, label) pairs, n per class, deterministic for a seed; some shortened or noisy."""
    r = random.Random(seed)
    out = []
    for label in PAGE_TYPES:
        for _ in range(n_per_class):
            text = GENERATORS[label](r)
            out.append((_vary(text, r) if label != "other" else text, label))
    r.shuffle(out)
    return out
