"""Every transaction of the case: planted money-laundering patterns plus ordinary background activity."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from devkit.synth import identifiers as ids
from devkit.synth import names as nm
from devkit.synth.cast import Account, Cast

START = datetime(2021, 1, 1)
DAYS = 365


@dataclass
class Tx:
    tid: str
    time: datetime
    amount: float  # positive; direction is src -> dst
    src: Account | None  # None: cash paid in
    dst: Account | None  # None: cash taken out
    memo: str
    channel: str
    kind: str  # transfer | cash_in | cash_out | salary | purchase | fee | interest | rent
    success: bool = True
    serial: str = ""
    pattern: list[str] = field(default_factory=list)


@dataclass
class Pattern:
    pid: str
    type: str
    tids: list[str]
    accounts: list[str]
    description: str


@dataclass
class Ledger:
    txs: list[Tx]
    patterns: list[Pattern]
    externals: list[Account]
    _large: list[Tx] | None = None

    def large(self) -> list[Tx]:
        """Successful transactions of 20,000 or more (the ones interviews ask about)."""
        if self._large is None:
            self._large = [t for t in self.txs if t.success and t.amount >= 20000]
        return self._large


class _Builder:
    def __init__(self, rng: random.Random, cast: Cast):
        self.rng = rng
        self.cast = cast
        self.txs: list[Tx] = []
        self.externals: list[Account] = []
        self.patterns: list[Pattern] = []

    def tx(self, when: datetime, amount: float, src: Account | None, dst: Account | None, memo: str,
           channel: str, kind: str = "transfer", success: bool = True) -> Tx:
        t = Tx(f"T{len(self.txs) + 1:06d}", when, round(amount, 2), src, dst, memo, channel, kind, success)
        t.serial = f"{when:%Y%m%d}{self.rng.randrange(10**9, 10**10)}"
        self.txs.append(t)
        return t

    def external(self, name: str, bank: str, corporate: bool, id_number: str = "") -> Account:
        rng = self.rng
        number = ids.corporate_account(rng, bank) if corporate else ids.bank_card(rng, bank)
        acc = Account(f"X{len(self.externals) + 1:03d}", number, bank,
                      nm.branch_name(rng, bank, rng.choice(nm.REGIONS)), f"X{len(self.externals) + 1:03d}",
                      name, "corporate" if corporate else "personal", False, holder_id_number=id_number)
        self.externals.append(acc)
        return acc

    def stranger(self) -> Account:
        rng = self.rng
        name = nm.weighted(rng, nm.SURNAMES) + nm.chinese_given(rng, rng.random() < 0.5)
        return self.external(name, rng.choice(["ICBC", "CCB", "ABC", "BOC", "CMB"]), False)

    def pattern(self, type_: str, txs: list[Tx], description: str) -> None:
        pid = f"M{len(self.patterns) + 1:02d}"
        accs = []
        for t in txs:
            t.pattern.append(pid)
            for a in (t.src, t.dst):
                if a is not None and a.number not in accs:
                    accs.append(a.number)
        self.patterns.append(Pattern(pid, type_, [t.tid for t in txs], accs, description))


def _day(rng: random.Random, lo: int, hi: int, hour: tuple[int, int] = (8, 21)) -> datetime:
    d = START + timedelta(days=rng.randint(lo, hi))
    return d.replace(hour=rng.randint(*hour), minute=rng.randrange(60), second=rng.randrange(60))


def _plant(b: _Builder) -> None:
    """The six pattern kinds, each on its own accounts where the case has enough of them."""
    rng, cast = b.rng, b.cast
    stmt = [a for a in cast.accounts if a.in_case and a.currency == "CNY"]
    personal = [a for a in stmt if a.kind == "personal"]
    corporate = [a for a in stmt if a.kind == "corporate"] or personal
    victims = [a for a in cast.accounts if not a.in_case and "victim" in cast.person(a.holder_id).roles] \
        if any(not a.in_case for a in cast.accounts) else []

    def pick(pool: list[Account], k: int, avoid: set[str]) -> list[Account]:
        free = [a for a in pool if a.aid not in avoid] or pool
        rng.shuffle(free)
        chosen = free[:k]
        while len(chosen) < k and (left := [a for a in stmt if a not in chosen]):
            chosen.append(rng.choice(left))
        return chosen

    used: set[str] = set()
    # 1. fast-in-fast-out: victim -> transit -> sink within 30 min, >= 90 % passed on
    transit, sink = pick(personal, 2, used)
    used |= {transit.aid}
    src = victims[0] if victims else b.stranger()
    when = _day(rng, 60, 120, (9, 16))
    amt = rng.randrange(80, 400) * 1000.0
    t_in = b.tx(when, amt, src, transit, rng.choice(["投资款", "理财", "借款"]), "手机银行")
    out = round(amt * rng.uniform(0.91, 0.995), -2)
    t_out = b.tx(when + timedelta(minutes=rng.randint(3, 25)), out, transit, sink, "转账", "网上银行")
    b.pattern("fast_in_fast_out", [t_in, t_out], f"{amt:.2f} in, {out:.2f} out within 30 min")
    # 2. scatter-in / gather-out: >= 5 sources within 5 days, >= 80 % to one counterparty, total >= 200k
    hub = pick(corporate, 1, used)[0]
    used.add(hub.aid)
    target = pick(personal, 1, used | {hub.aid})[0]
    start = _day(rng, 130, 170, (9, 17))
    sources = (victims[1:] + [b.stranger() for _ in range(7)])[:rng.randint(5, 7)]
    ins = []
    for i, s in enumerate(sources):
        ins.append(b.tx(start + timedelta(hours=rng.randint(0, 96), minutes=i), rng.randrange(40, 95) * 1000.0,
                        s, hub, rng.choice(["投资款", "入股", "货款", "保证金"]), "网上银行"))
    total = sum(t.amount for t in ins)
    last = max(t.time for t in ins)
    gather = round(total * rng.uniform(0.82, 0.95), -2)
    outs = [b.tx(last + timedelta(days=1, hours=rng.randint(1, 5)), gather, hub, target, "往来款", "网上银行")]
    b.pattern("scatter_in_gather_out", ins + outs, f"{len(ins)} sources, {total:.2f} in, {gather:.2f} to one")
    # 3. structuring: >= 5 cash deposits of 49,900-49,999 within 30 days
    struct = pick(personal, 1, used)[0]
    used.add(struct.aid)
    day0 = _day(rng, 180, 220, (9, 16))
    deps = [b.tx(day0 + timedelta(days=rng.randint(0, 27), hours=rng.randint(0, 5)),
                 rng.randint(49900, 49999), None, struct, "现金存款", "柜面", "cash_in") for _ in range(rng.randint(5, 7))]
    b.pattern("structuring", deps, f"{len(deps)} cash deposits just under 50,000 within 30 days")
    # 4. night transfers: 00:00-06:00, >= 100k
    night_src = pick(personal + corporate, 1, used)[0]
    nights = []
    for _ in range(rng.randint(2, 3)):
        when = _day(rng, 230, 300, (0, 5))
        nights.append(b.tx(when, rng.randrange(100, 500) * 1000.0 + rng.randrange(0, 100) * 10, night_src,
                           b.stranger() if rng.random() < 0.5 else pick(stmt, 1, {night_src.aid})[0], "转账", "手机银行"))
    b.pattern("night_transfer", nights, "transfers of >= 100,000 between 00:00 and 06:00")
    # 5. cycle A -> B -> C -> A, each leg later than the last
    a, bb, c = pick(stmt, 3, used)
    when = _day(rng, 240, 280, (9, 17))
    amt = rng.randrange(150, 600) * 1000.0
    legs = []
    for s, d in ((a, bb), (bb, c), (c, a)):
        legs.append(b.tx(when, amt, s, d, rng.choice(["还款", "借款", "货款", "往来款"]), "网上银行"))
        when += timedelta(days=rng.randint(1, 3), hours=rng.randint(1, 6))
        amt = round(amt * rng.uniform(0.95, 0.99), -2)
    b.pattern("cycle", legs, "A->B->C->A, time-respecting")
    # 6. multi-hop chain: four accounts, each hop hours after the last, amount within +-5 %
    chain = pick(stmt, min(4, len(stmt)), used | {a.aid, bb.aid, c.aid})
    when = _day(rng, 300, 340, (8, 12))
    amt = rng.randrange(120, 400) * 1000.0
    hops = []
    for s, d in zip(chain, chain[1:], strict=False):
        hops.append(b.tx(when, amt, s, d, rng.choice(["转账", "借款", "货款"]), "网上银行"))
        when += timedelta(hours=rng.randint(2, 8), minutes=rng.randrange(60))
        amt = round(amt * rng.uniform(0.96, 1.0), -2)
    b.pattern("multi_hop_chain", hops, f"{len(hops)}-hop chain, each hop later, amounts within 5 %")


def _background(b: _Builder, acc: Account, n_rows: int) -> None:
    """Ordinary activity (salary, rent, shopping, cash, fees) to fill the statement to about n_rows."""
    rng = b.rng
    if n_rows <= 0:
        return
    employer = b.external(nm.company_name(rng, rng.choice(nm.REGIONS)), rng.choice(["ICBC", "CCB", "BOC"]), True)
    landlord = b.stranger()
    merchants = [b.external(m + ("有限公司" if i % 2 else "（中国）有限公司"), rng.choice(["ICBC", "CMB", "BOC"]), True)
                 for i, m in enumerate(rng.sample(nm.MERCHANTS, 5))]
    platforms = [b.external("财付通支付科技有限公司", "CMB", True), b.external("支付宝（中国）网络技术有限公司", "ICBC", True)]
    friends = [b.stranger() for _ in range(4)]
    corp = acc.kind == "corporate"
    clients = [b.external(nm.company_name(rng, rng.choice(nm.REGIONS)), rng.choice(["ICBC", "CCB", "ABC", "BOC"]), True)
               for _ in range(6)] if corp else []
    made = 0
    if not corp:
        for m in range(12):
            when = START + timedelta(days=30 * m + rng.randint(8, 12), hours=rng.randint(9, 11), minutes=rng.randrange(60))
            b.tx(when, rng.randrange(6000, 16000) + rng.choice([0, 0.5, 0.37]), employer, acc, "工资", "代发", "salary")
            when = START + timedelta(days=30 * m + rng.randint(1, 4), hours=rng.randint(18, 22), minutes=rng.randrange(60))
            b.tx(when, rng.choice([2800, 3200, 3500, 4200, 5500]), acc, landlord, "房租", "手机银行", "rent")
            made += 2
    while made < n_rows:
        when = _day(b.rng, 0, DAYS - 1, (7, 22))
        r = rng.random()
        if corp:
            if r < 0.45:
                b.tx(when, rng.randrange(2000, 45000) + rng.randrange(100) / 100, rng.choice(clients), acc, "货款", "网上银行")
            elif r < 0.8:
                b.tx(when, rng.randrange(1000, 40000) + rng.randrange(100) / 100, acc, rng.choice(clients + merchants),
                     rng.choice(["采购款", "服务费", "运费", "材料款"]), "网上银行")
            elif r < 0.92:
                b.tx(when, rng.randrange(3000, 12000), acc, rng.choice(friends), "代发工资", "网上银行", "salary")
            else:
                b.tx(when, rng.choice([5.0, 10.0, 15.5, 25.0, 2.0]), acc, None, "手续费", "柜面", "fee")
        elif r < 0.55:
            b.tx(when, rng.randrange(8, 1500) + rng.randrange(100) / 100, acc, rng.choice(merchants), "消费", "POS", "purchase")
        elif r < 0.72:
            b.tx(when, rng.randrange(50, 3000), acc, rng.choice(platforms), "快捷支付", "快捷支付", "purchase")
        elif r < 0.82:
            b.tx(when, rng.choice([500, 1000, 2000, 3000]), acc, None, "ATM取款", "ATM", "cash_out")
        elif r < 0.92:
            b.tx(when, rng.randrange(100, 8000), rng.choice(friends), acc, "转账", "手机银行")
        else:
            b.tx(when, rng.randrange(100, 6000), acc, rng.choice(friends), rng.choice(["还款", "转账", "借款", "红包"]), "手机银行")
        made += 1
    # a few failed attempts (they never move money; only the inquiry spreadsheet shows them)
    for _ in range(max(1, n_rows // 150)):
        when = _day(b.rng, 0, DAYS - 1, (8, 22))
        b.tx(when, rng.randrange(1000, 30000), acc, rng.choice(friends + merchants), "转账", "手机银行", success=False)


def build_ledger(rng: random.Random, cast: Cast, rows_wanted: dict[str, int]) -> Ledger:
    """Plant the patterns, fill each statement account up to its wanted row count, set opening balances."""
    b = _Builder(rng, cast)
    _plant(b)
    for acc in cast.accounts:
        if acc.in_case:
            have = sum(1 for t in b.txs if acc in (t.src, t.dst))
            _background(b, acc, rows_wanted.get(acc.aid, 0) - have)
    b.txs.sort(key=lambda t: (t.time, t.tid))
    for i, t in enumerate(b.txs, 1):  # ids in time order read better in the truth
        t.tid = f"T{i:06d}"
    for p in b.patterns:
        p.tids = [t.tid for t in b.txs if p.pid in t.pattern]
    for acc in cast.accounts:
        if acc.in_case:
            bal = low = 0.0
            for t in rows_of(b.txs, acc):
                bal += signed(t, acc)
                low = min(low, bal)
            acc.opening_balance = round(-low + rng.randrange(500, 60000) + rng.randrange(100) / 100, 2)
    return Ledger(b.txs, b.patterns, b.externals)


def rows_of(txs: list[Tx], acc: Account) -> list[Tx]:
    """Successful transactions of the account in time order (what its statement shows)."""
    return [t for t in txs if t.success and (t.src is acc or t.dst is acc)]


def signed(t: Tx, acc: Account) -> float:
    return t.amount if t.dst is acc else -t.amount


def counterparty(t: Tx, acc: Account) -> Account | None:
    return t.src if t.dst is acc else t.dst
