"""Narrative papers (起诉意见书, 提请批准逮捕书 facts, 简要案情) told from the ledger's planted events."""

from __future__ import annotations

import random
from datetime import datetime

from devkit.synth import forms
from devkit.synth.cast import Account, Cast
from devkit.synth.ledger import Ledger, Tx
from devkit.synth.render import Ent, PageSpec
from devkit.synth.variants import date_text, money_text, time_text


def _who(cast: Cast, acc: Account | None, anon: bool) -> Ent | str:
    if acc is None:
        return "现金"
    for p in cast.people:
        if p.pid == acc.holder_id:
            text = p.anonymised if anon else p.name
            return Ent("person", text, p.name)
    return Ent("organization", acc.holder_name, acc.holder_name)


def _when(rng: random.Random, t: datetime) -> list:
    day = t.day
    if day >= 25 and rng.random() < 0.4:
        d = f"{t.year}年{t.month}月底的一天"
        return [Ent("date", d, f"{t:%Y-%m}"), Ent("time", time_text(rng, t, style="xu"), f"{t:%H}:00")]
    d = date_text(rng, t, style=rng.choice(["cn", "cn", "cn_numerals"]))
    return [Ent("date", d, f"{t:%Y-%m-%d}"), Ent("time", time_text(rng, t), f"{t:%H:%M}")]


def _money(rng: random.Random, v: float) -> Ent:
    return Ent("money", money_text(rng, v), f"{v:.2f}")


def _acct(a: Account | None) -> list:
    if a is None:
        return []
    return ["（账号", Ent("account", a.number, a.number), "）"]


def tx_sentence(cast: Cast, rng: random.Random, t: Tx, anon: bool) -> list:
    """'2021年6月底的一天13时许，被害人X通过手机银行向犯罪嫌疑人Y名下账户（账号…）转账人民币叁万元。'"""
    src, dst = _who(cast, t.src, anon), _who(cast, t.dst, anon)
    via = {"手机银行": "通过手机银行", "网上银行": "通过网上银行", "柜面": "在银行柜台"}.get(t.channel, "")
    role = lambda a: "" if a is None else ("犯罪嫌疑人" if a.holder_id in {p.pid for p in cast.by_role("suspect")}  # noqa: E731
                                           else "被害人" if a.holder_id in {p.pid for p in cast.by_role("victim")} else "")
    if t.src is None:
        return [*_when(rng, t.time), "，", role(t.dst), dst, "在", Ent("bank", t.dst.branch, t.dst.branch),
                "将现金", _money(rng, t.amount), "存入其名下账户", *_acct(t.dst), "。"]
    return [*_when(rng, t.time), "，", role(t.src), src, via, "从其账户", *_acct(t.src), "向", role(t.dst), dst,
            "名下账户", *_acct(t.dst), "转账", _money(rng, t.amount), "。"]


def summary_paragraph(cast: Cast, ledger: Ledger, rng: random.Random) -> list:
    v = cast.by_role("victim")[0]
    s = cast.by_role("suspect")[0]
    total = sum(t.amount for t in ledger.txs if t.src and t.src.holder_id == v.pid)
    return ["报案人", Ent("person", v.name, v.name), "称，其经人介绍认识", Ent("person", s.name, s.name),
            f"（绰号“{s.aliases[0]}”），对方以高额回报为由，诱使其投资，先后向对方指定账户转账共计",
            _money(rng, total or 100000.0), "，后对方失联，遂来报案。"]


def arrest_request(cast: Cast, ledger: Ledger, rng: random.Random, dates: dict) -> list[list]:
    paras: list[list] = []
    for s in cast.by_role("suspect")[:4]:
        paras.append(["犯罪嫌疑人", *forms.bio(s, rng)])
        d = dates["detain"]
        paras.append([f"因涉嫌{cast.crime}罪，于", Ent("date", f"{d.year}年{d.month}月{d.day}日", d.isoformat()),
                      f"被我局刑事拘留，现羁押于{cast.region.city}看守所。"])
    paras.append(["犯罪嫌疑人", _who(cast, _boss_acc(cast), False), "涉嫌", cast.crime, "一案，由被害人报案至我局。经依法侦查查明："])
    for p in ledger.patterns[:3]:
        t = next(t for t in ledger.txs if t.tid == p.tids[0])
        paras.append(tx_sentence(cast, rng, t, anon=False))
    paras.append([f"综上所述，犯罪嫌疑人的行为已触犯《中华人民共和国刑法》之规定，涉嫌{cast.crime}罪，可能判处徒刑以上刑罚，"
                  "采取取保候审尚不足以防止发生社会危险性，依照《中华人民共和国刑事诉讼法》第八十七条之规定，特提请批准逮捕。"])
    paras.append(["此致"])
    paras.append([f"{cast.region.city}{cast.region.district}人民检察院"])
    return paras


def _boss_acc(cast: Cast) -> Account:
    boss = cast.by_role("suspect")[0]
    return next(a for a in cast.accounts if a.holder_id == boss.pid)


def indictment_pages(cast: Cast, ledger: Ledger, rng: random.Random, dates: dict) -> list[PageSpec]:
    """起诉意见书 with anonymised names, as published: each planted event told as a dated sentence."""
    paras: list[list] = []
    for s in cast.by_role("suspect"):
        paras.append(["犯罪嫌疑人", Ent("person", s.anonymised, s.name),
                      f"，{s.gender}，{s.birth.year}年{s.birth.month}月{s.birth.day}日出生，{s.ethnicity}，"
                      f"{s.education}文化，户籍所在地{s.region.province}{s.region.city}**乡。"])
    paras.append(["犯罪嫌疑人", Ent("person", cast.by_role("suspect")[0].anonymised, cast.by_role("suspect")[0].name),
                  f"等人涉嫌{cast.crime}一案，由被害人报案至我局。经依法侦查查明："])
    for p in ledger.patterns:
        for tid in p.tids[: 3 if p.type != "cycle" else 3]:
            t = next(t for t in ledger.txs if t.tid == tid)
            paras.append(tx_sentence(cast, rng, t, anon=True))
    paras.append(["认定上述事实的证据如下：被害人陈述、证人证言、犯罪嫌疑人供述和辩解、银行交易明细、户籍信息等。"])
    paras.append([f"综上所述，犯罪嫌疑人的行为已触犯《中华人民共和国刑法》之规定，涉嫌{cast.crime}罪。依照《中华人民共和国刑事诉讼法》"
                  "第一百六十二条之规定，现将此案移送审查起诉。"])
    paras.append(["此致"])
    paras.append([f"{cast.region.city}{cast.region.district}人民检察院"])
    specs = forms.paragraph_page(cast, rng, "起诉意见书", cast.case_no.replace("立", "诉"), paras, dates["indict"],
                                 kind="narrative")
    for s in cast.by_role("suspect"):  # the suspects' birth dates are plain text in their descriptions
        for spec in specs:
            spec.ent_if_drawn(Ent("date", f"{s.birth.year}年{s.birth.month}月{s.birth.day}日", s.birth.isoformat()))
    return specs
