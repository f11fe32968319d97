"""The cast of a case: people with IDs and aliases, companies, police, bank accounts and how they relate."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from devkit.synth import identifiers as ids
from devkit.synth import names as nm

CRIMES = ("诈骗", "非法吸收公众存款", "掩饰、隐瞒犯罪所得", "帮助信息网络犯罪活动", "集资诈骗")


@dataclass
class Person:
    pid: str
    name: str
    male: bool
    birth: date
    region: nm.Region
    id_number: str
    address: str
    hukou: str
    phone: str
    employer: str
    roles: list[str]
    anonymised: str
    aliases: list[str] = field(default_factory=list)
    ethnicity: str = "汉族"
    education: str = "高中"
    political: str = "群众"
    english: bool = False

    @property
    def gender(self) -> str:
        return "男" if self.male else "女"

    @property
    def pronoun(self) -> str:
        return "他" if self.male else "她"


@dataclass
class Org:
    oid: str
    name: str
    kind: str  # company | police | bank
    region: nm.Region
    legal_rep: str | None = None  # pid


@dataclass
class Account:
    aid: str
    number: str
    bank: str
    branch: str
    holder_id: str  # pid / oid / ext id
    holder_name: str
    kind: str  # personal | corporate
    in_case: bool  # a statement of it is in the dossier
    layout: str = ""
    currency: str = "CNY"
    holder_id_number: str = ""
    opening_balance: float = 0.0


@dataclass
class Relation:
    a: str
    b: str
    kind: str  # family | associate | co_suspect | employer
    detail: str  # 妻子, 朋友, 同事, 老板, ...


@dataclass
class Cast:
    region: nm.Region
    bureau: str
    unit: str
    crime: str
    case_no: str
    officers: list[str]
    people: list[Person]
    orgs: list[Org]
    accounts: list[Account]
    relations: list[Relation]
    lang: str

    def person(self, pid: str) -> Person:
        return next(p for p in self.people if p.pid == pid)

    def by_role(self, role: str) -> list[Person]:
        return [p for p in self.people if role in p.roles]

    def accounts_of(self, holder_id: str) -> list[Account]:
        return [a for a in self.accounts if a.holder_id == holder_id]

    def holder_name(self, holder_id: str) -> str:
        for p in self.people:
            if p.pid == holder_id:
                return p.name
        for o in self.orgs:
            if o.oid == holder_id:
                return o.name
        return ""


# statement layouts and the bank/kind each belongs to (see statements.py)
LAYOUT_BANK = {
    "boc_personal": ("BOC", "personal"), "icbc_personal": ("ICBC", "personal"),
    "cmb_personal": ("CMB", "personal"), "ccb_personal": ("CCB", "personal"),
    "ccb_corporate": ("CCB", "corporate"), "ccb_corporate_2row": ("CCB", "corporate"),
    "icbc_corporate": ("ICBC", "corporate"), "boc_bilingual": ("BOC", "personal"),
    "english_bank": ("HSBC", "personal"), "cmb_corporate": ("CMB", "corporate"),
}


def _new_person(rng: random.Random, pid: str, name: str, male: bool, roles: list[str], region: nm.Region,
                year0: int, english: bool = False) -> Person:
    birth = date(rng.randint(1962, 2001), rng.randint(1, 12), rng.randint(1, 28))
    born_in = rng.choice(nm.REGIONS) if rng.random() < 0.6 else region
    pid_num = ids.resident_id(rng, born_in.code, birth, male)
    hukou = nm.address(rng, born_in, with_room=rng.random() < 0.5)
    addr = nm.english_address(rng) if english else nm.address(rng, region)
    return Person(pid=pid, name=name, male=male, birth=birth, region=born_in, id_number=pid_num, address=addr,
                  hukou=hukou, phone=ids.mobile(rng), employer="无业", roles=roles,
                  anonymised=nm.anonymise(name, rng.random() < 0.7) if not english else f"{name[0]}. {name.split()[-1]}",
                  ethnicity=rng.choice(nm.ETHNICITIES),
                  education=rng.choice(nm.EDUCATION), political=rng.choice(nm.POLITICAL), english=english)


def build_cast(rng: random.Random, n_people: int, n_statement_accounts: int, layouts: list[str], lang: str) -> Cast:
    """People (suspects, victims, witnesses, account holders), companies, accounts and relations."""
    region = rng.choice(nm.REGIONS)
    bureau, unit = nm.police_unit(region)
    officers = [nm.surname_of(nm.weighted(rng, nm.SURNAMES)) + nm.chinese_given(rng, True) for _ in range(4)]
    officers = [o if len(o) > 1 else o + "明" for o in officers]
    used: set[str] = set()
    people: list[Person] = []

    def fresh_name(male: bool, surname: str | None = None) -> str:
        for _ in range(200):
            s = surname or nm.weighted(rng, nm.SURNAMES)
            n = s + nm.chinese_given(rng, male)
            if n not in used:
                used.add(n)
                return n
        raise RuntimeError("name space exhausted")

    n_people = max(n_people, 8)
    n_susp = max(3, n_people // 4)
    n_vict = max(2, n_people // 4)
    n_wit = max(1, n_people // 5)
    n_hold = max(2, n_people - n_susp - n_vict - n_wit)
    shared = rng.choice(["黄", "王", "李", "陈", "刘"])
    english_left = {"zh": 0, "mixed": 2, "en": n_people}[lang]
    plan = [("suspect", n_susp), ("victim", n_vict), ("witness", n_wit), ("account_holder", n_hold)]
    k = 0
    for role, count in plan:
        for j in range(count):
            male = rng.random() < (0.75 if role == "suspect" else 0.5)
            english = english_left > 0 and (lang == "en" or role in ("victim", "witness"))
            if english:
                english_left -= 1
                name = nm.english_name(rng, male)
                while name in used:
                    name = nm.english_name(rng, male)
                used.add(name)
            elif role == "suspect" and j < min(3, count - 1):
                name = fresh_name(male, shared)  # several suspects share a surname
            else:
                name = fresh_name(male)
            k += 1
            people.append(_new_person(rng, f"P{k:02d}", name, male, [role], region, 2021, english))
    # two different people whose names sound alike: 张伟 (suspect) / 章伟 (witness or victim)
    zh_people = [p for p in people if not p.english]
    zh_susp = [p for p in zh_people if "suspect" in p.roles and p is not people[0]]
    others = [p for p in zh_people if "suspect" not in p.roles]
    if zh_susp and others:
        a = next((p for p in zh_susp if not p.name.startswith(shared)), zh_susp[-1])
        b = others[-1]
        given = nm.chinese_given(rng, a.male)
        a.name, b.name = "张" + given, "章" + given
    else:  # English cast: Steven / Stephen with the same surname
        a, b = people[1], people[-1]
        last = rng.choice(nm.EN_LAST)
        a.name, b.name = f"Steven {last}", f"Stephen {last}"
    for p in (a, b):
        p.anonymised = nm.anonymise(p.name, True) if not p.english else p.name.split()[0][0] + ". " + p.name.split()[-1]
    # an alias: the main suspect's nickname (绰号) and a second name (又名)
    boss = people[0]
    boss.aliases.append(rng.choice(nm.NICKNAME_PATTERNS).format(s=nm.surname_of(boss.name), g=boss.name[-1]))
    if rng.random() < 0.5:
        boss.aliases.append(nm.surname_of(boss.name) + nm.chinese_given(rng, boss.male))
    # companies: shell companies run by suspects, employers of witnesses
    orgs: list[Org] = []
    suspects = [p for p in people if "suspect" in p.roles]
    for i in range(max(2, n_statement_accounts // 4)):
        rep = suspects[i % len(suspects)]
        orgs.append(Org(f"O{i + 1:02d}", nm.company_name(rng, region), "company", region, rep.pid))
    for p in people:
        if "suspect" in p.roles:
            p.employer = next((o.name for o in orgs if o.legal_rep == p.pid), rng.choice(orgs).name)
        elif p.english:
            p.employer = rng.choice(["Kowloon Trading Ltd", "Harbour Logistics Ltd", "self-employed"])
        else:
            p.employer = rng.choice([nm.company_name(rng, region), "个体经营", "无业", nm.company_name(rng, region)])
    relations = _relations(rng, people, orgs)
    accounts = _accounts(rng, people, orgs, relations, n_statement_accounts, layouts, region)
    case_no = f"{region.city.removesuffix('市')[:1]}公{region.district[:1]}立字〔2021〕{rng.randint(100, 9999)}号"
    return Cast(region, bureau, unit, rng.choice(CRIMES), case_no, officers, people, orgs, accounts, relations, lang)


def _relations(rng: random.Random, people: list[Person], orgs: list[Org]) -> list[Relation]:
    suspects = [p for p in people if "suspect" in p.roles]
    holders = [p for p in people if "account_holder" in p.roles]
    others = [p for p in people if "witness" in p.roles]
    rels: list[Relation] = []
    for i, s in enumerate(suspects[1:], 1):
        rels.append(Relation(suspects[0].pid, s.pid, "co_suspect", "同伙"))
        if i % 2 == 0:
            rels.append(Relation(s.pid, suspects[i - 1].pid, "associate", rng.choice(["朋友", "老乡", "同学"])))
    for i, h in enumerate(holders):
        s = suspects[i % len(suspects)]
        if i % 3 == 2:
            kind = "朋友"
        elif not h.male:
            kind = rng.choice(["妻子", "女朋友", "姐姐"] if s.male else ["母亲", "姐姐", "表妹"])
        else:
            kind = rng.choice(["弟弟", "表哥", "父亲", "哥哥"])
        rels.append(Relation(s.pid, h.pid, "associate" if kind == "朋友" else "family", kind))
    for w in others:
        s = rng.choice(suspects)
        rels.append(Relation(s.pid, w.pid, "employer", "老板"))
    return rels


def _accounts(rng: random.Random, people: list[Person], orgs: list[Org], rels: list[Relation],
              n_stmt: int, layouts: list[str], region: nm.Region) -> list[Account]:
    """Statement accounts cover every layout in turn; everyone also holds other cards without statements."""
    accounts: list[Account] = []
    suspects = [p for p in people if "suspect" in p.roles]
    holders = [p for p in people if "account_holder" in p.roles]
    victims = [p for p in people if "victim" in p.roles]
    personal_pool = suspects + holders + suspects[:2]
    corp_pool = list(orgs)
    english_pool = [p for p in people if p.english] or victims[:1]
    pi = ci = 0
    for i in range(n_stmt):
        layout = layouts[i % len(layouts)]
        bank, kind = LAYOUT_BANK[layout]
        if kind == "corporate":
            org = corp_pool[ci % len(corp_pool)]
            ci += 1
            number = ids.corporate_account(rng, bank)
            accounts.append(Account(f"A{len(accounts) + 1:03d}", number, bank, nm.branch_name(rng, bank, region),
                                    org.oid, org.name, kind, True, layout))
            continue
        owner = english_pool[i % len(english_pool)] if bank == "HSBC" else personal_pool[pi % len(personal_pool)]
        if bank != "HSBC":
            pi += 1
        accounts.append(Account(f"A{len(accounts) + 1:03d}", ids.bank_card(rng, bank), bank,
                                nm.branch_name(rng, bank, owner.region if not owner.english else region),
                                owner.pid, owner.name, "personal", True, layout,
                                "HKD" if bank == "HSBC" else "CNY", owner.id_number))
    for p in people:  # cards without statements (victims' cards, spare cards)
        if p.english or any(a.holder_id == p.pid for a in accounts) and rng.random() < 0.5:
            continue
        bank = rng.choice(["ICBC", "CCB", "ABC", "BOC", "CMB", "BOCOM"])
        accounts.append(Account(f"A{len(accounts) + 1:03d}", ids.bank_card(rng, bank), bank,
                                nm.branch_name(rng, bank, p.region), p.pid, p.name, "personal", False,
                                currency="CNY", holder_id_number=p.id_number))
    return accounts
