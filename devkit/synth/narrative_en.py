"""English narrative papers (brief facts, case summary) told from the ledger's planted events."""

from __future__ import annotations

import random

from devkit.synth import forms_en
from devkit.synth.cast import Account, Cast
from devkit.synth.english import date_en, money_en, time_en
from devkit.synth.ledger import Ledger, Tx
from devkit.synth.render import Ent, PageSpec

CHANNEL = {"手机银行": " by mobile banking", "网上银行": " by internet banking", "柜面": " at a bank counter"}


def _who(cast: Cast, acc: Account | None) -> Ent | str:
    if acc is None:
        return "cash"
    for p in cast.people:
        if p.pid == acc.holder_id:
            return Ent("person", p.name, p.name)
    return Ent("organization", acc.holder_name, acc.holder_name)


def _role(cast: Cast, acc: Account | None) -> str:
    if acc is None:
        return ""
    roles = next((p.roles for p in cast.people if p.pid == acc.holder_id), [])
    return "the defendant " if "suspect" in roles else "the victim " if "victim" in roles else ""


def _money(rng: random.Random, v: float, acc: Account | None) -> Ent:
    return Ent("money", money_en(rng, v, acc.currency if acc else "CNY"), f"{v:.2f}")


def tx_sentence(cast: Cast, rng: random.Random, t: Tx) -> list:
    """'On 5 March 2021 at about 1pm, the victim X transferred HK$30,000.00 from account … to account … of Y.'"""
    when = ["On ", date_en(rng, t.time), " at ", time_en(rng, t.time), ", "]
    if t.src is None:
        return [*when, _role(cast, t.dst), _who(cast, t.dst), " paid ", _money(rng, t.amount, t.dst),
                " in cash into account No. ", Ent("account", t.dst.number, t.dst.number), " at ",
                Ent("bank", t.dst.branch, t.dst.branch), "."]
    tail = [" to account No. ", Ent("account", t.dst.number, t.dst.number), " held by ", _role(cast, t.dst),
            _who(cast, t.dst)] if t.dst else [" and withdrew it in cash"]
    return [*when, _role(cast, t.src), _who(cast, t.src), " transferred ", _money(rng, t.amount, t.src),
            CHANNEL.get(t.channel, ""), " from account No. ", Ent("account", t.src.number, t.src.number), *tail, "."]


def summary_paragraph(cast: Cast, ledger: Ledger, rng: random.Random) -> list:
    v = cast.by_role("victim")[0]
    s = cast.by_role("suspect")[0]
    total = sum(t.amount for t in ledger.txs if t.src and t.src.holder_id == v.pid)
    acc = next((a for a in cast.accounts if a.holder_id == v.pid), None)
    return ["The informant ", Ent("person", v.name, v.name), " reported that ", Ent("person", s.name, s.name),
            f" (also known as \"{s.aliases[0]}\") persuaded {'him' if v.male else 'her'} to invest with the promise of "
            "high returns. The informant transferred a total of ", _money(rng, total or 100000.0, acc),
            " to accounts nominated by the suspect, after which the suspect could no longer be contacted."]


def case_summary_pages(cast: Cast, ledger: Ledger, rng: random.Random, dates: dict) -> list[PageSpec]:
    """Prosecution case summary: defendants, each planted event as a dated sentence, the evidence relied on."""
    paras: list[list] = [["Defendants"]]
    for i, s in enumerate(cast.by_role("suspect"), 1):
        paras.append([f"D{i}: ", *forms_en.bio(s), "."])
    paras.append(["Background"])
    paras.append(summary_paragraph(cast, ledger, rng))
    paras.append(["Investigation"])
    for p in ledger.patterns:
        for tid in p.tids[:3]:
            t = next(t for t in ledger.txs if t.tid == tid)
            paras.append(tx_sentence(cast, rng, t))
    paras.append(["Evidence"])
    paras.append(["The prosecution relies on the statements of the victims and witnesses, the records of interview of "
                  "the defendants, the bank records obtained under production orders and the particulars of persons."])
    paras.append([f"The defendants are charged with {cast.crime.lower()}. The case is referred to the Department of "
                  "Justice for advice on charges."])
    return forms_en.paragraph_page(cast, rng, "Case Summary", cast.case_no, paras, dates["indict"], kind="narrative")
