"""English case-file language: a Hong Kong police cast, English amounts/dates/times, word wrapping."""

from __future__ import annotations

import random
from datetime import date, datetime

from devkit.synth.cast import Cast
from devkit.synth.render import Ent, Segment, flow, text_width

CRIMES_EN = ("Fraud", "Dealing with property known or believed to represent proceeds of an indictable offence",
             "Conspiracy to defraud", "Obtaining property by deception", "Money laundering")
BANKS_EN = {"ICBC": "Industrial and Commercial Bank of China", "CCB": "China Construction Bank",
            "ABC": "Agricultural Bank of China", "BOC": "Bank of China", "CMB": "China Merchants Bank",
            "BOCOM": "Bank of Communications", "HSBC": "HSBC Hong Kong"}
HK_DISTRICTS = ("Mong Kok", "Tsim Sha Tsui", "Causeway Bay", "Central", "Wan Chai", "Sham Shui Po", "Kwun Tong",
                "Sha Tin", "Tsuen Wan", "North Point")
RANKS = ("Detective Senior Inspector", "Detective Inspector", "Detective Sergeant", "Detective Police Constable")
COMPANY_WORDS = (("Golden", "Harbour", "Pacific", "Silver", "Dragon", "Orient", "Summit", "Grand", "Jade", "Victory"),
                 ("Wealth", "Capital", "Trading", "Investment", "Holdings", "Asset", "Finance", "Ventures"))
NICK_EN = ("Big {f}", "Fat {f}", "Ah {f}", "Uncle {l}", "the Boss")
_ONES = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def anglicise(cast: Cast, rng: random.Random) -> None:
    """Turn a built cast into a Hong Kong case: police, officers, crime, case number, companies, branches, aliases."""
    from devkit.synth import names as nm

    cast.bureau = "Hong Kong Police Force"
    district = rng.choice(HK_DISTRICTS)
    cast.unit = f"Commercial Crime Bureau, Team {rng.randint(1, 9)} ({district})"
    cast.crime = rng.choice(CRIMES_EN)
    cast.case_no = f"CCB RN 21{rng.randint(1000000, 9999999)}"
    cast.officers = [f"{nm.english_name(rng, rng.random() < 0.7)}" for _ in range(4)]
    renamed: dict[str, str] = {}
    for o in cast.orgs:
        words = COMPANY_WORDS
        new = f"{rng.choice(words[0])} {rng.choice(words[1])} {rng.choice(['Limited', 'Ltd', 'Company Limited'])}"
        while new in renamed.values():
            new = f"{rng.choice(words[0])} {rng.choice(words[1])} Group Limited"
        renamed[o.name] = new
        o.name = new
    for p in cast.people:
        p.employer = renamed.get(p.employer, p.employer if p.employer.isascii() else "self-employed")
    for a in cast.accounts:
        a.holder_name = renamed.get(a.holder_name, a.holder_name)
        if a.bank != "HSBC":
            a.branch = f"{BANKS_EN[a.bank]}, {rng.choice(HK_DISTRICTS)} Branch"
    for a in cast.accounts:
        if a.in_case:
            a.layout = "english_bank" if a.kind == "personal" else "english_corporate"
    boss = cast.by_role("suspect")[0]
    first, last = boss.name.split()[0], boss.name.split()[-1]
    boss.aliases = [rng.choice(NICK_EN).format(f=first, l=last)]
    if rng.random() < 0.5:
        boss.aliases.append(f"{nm.english_name(rng, boss.male).split()[0]} {last}")


def anglicise_ledger(ledger, rng: random.Random) -> None:
    """Give the ledger's outside counterparties English names and branches (English dossiers only)."""
    from devkit.synth import names as nm

    for a in ledger.externals:
        if a.kind == "corporate":
            a.holder_name = f"{rng.choice(COMPANY_WORDS[0])} {rng.choice(COMPANY_WORDS[1])} Limited"
        else:
            a.holder_name = nm.english_name(rng, rng.random() < 0.5)
        a.branch = f"{BANKS_EN.get(a.bank, a.bank)}, {rng.choice(HK_DISTRICTS)} Branch"
    for t in ledger.txs:
        t.memo = ""


def words(n: int) -> str:
    """An integer below a billion in English words: 30000 -> thirty thousand."""
    if n < 20:
        return _ONES[n] or "zero"
    if n < 100:
        return _TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else "")
    if n < 1000:
        return _ONES[n // 100] + " hundred" + (" and " + words(n % 100) if n % 100 else "")
    for big, name in ((10**6, "million"), (1000, "thousand")):
        if n >= big:
            rest = n % big
            sep = " and " if 0 < rest < 100 else " "
            return words(n // big) + " " + name + (sep + words(rest) if rest else "")
    return str(n)


def money_en(rng: random.Random, amount: float, currency: str = "HKD") -> str:
    """An amount as written in English papers: HK$30,000.00, RMB 30,000, thirty thousand dollars, 30k."""
    whole = abs(amount - round(amount)) < 0.005
    sym, unit = ("HK$", "dollars") if currency == "HKD" else ("RMB ", "yuan")
    styles = ["sym", "sym", "code", "plain"]
    if whole and round(amount) < 10**9:
        styles += ["words", "sym_whole"]
        if round(amount) % 1000 == 0:
            styles.append("k")
    style = rng.choice(styles)
    if style == "sym":
        return f"{sym}{amount:,.2f}"
    if style == "sym_whole":
        return f"{sym}{amount:,.0f}"
    if style == "code":
        return f"{currency} {amount:,.2f}"
    if style == "words":
        return f"{words(round(amount))} {unit}"
    if style == "k":
        return f"{round(amount) // 1000}k"
    return f"{amount:,.2f} {unit}"


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def date_en(rng: random.Random, d: date | datetime) -> Ent:
    """A date entity written one of the English ways; year-less forms normalise to MM-DD."""
    m = MONTHS[d.month - 1]
    style = rng.choice(["dmy", "dmy", "slash", "ord", "us", "part", "short", "iso"])
    if style == "ord":
        return Ent("date", f"{ordinal(d.day)} {m}", f"{d:%m-%d}")
    if style == "part" and isinstance(d, datetime):
        part = "morning" if d.hour < 12 else "afternoon" if d.hour < 18 else "evening"
        return Ent("date", f"the {part} of {d.day} {m}", f"{d:%m-%d}")
    text = {"slash": f"{d:%d/%m/%Y}", "us": f"{m} {d.day}, {d.year}", "short": f"{d.day} {m[:3]} {d.year}",
            "iso": f"{d:%Y-%m-%d}"}.get(style, f"{d.day} {m} {d.year}")
    return Ent("date", text, f"{d:%Y-%m-%d}")


def full_date(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def time_en(rng: random.Random, t: datetime) -> Ent:
    """A time entity: about 1pm, 13:05, 1.05 pm, around 1 o'clock."""
    h12 = t.hour % 12 or 12
    ap = "am" if t.hour < 12 else "pm"
    style = rng.choice(["about", "hm24", "hm12", "oclock"])
    if style == "about":
        return Ent("time", f"about {h12}{ap}", f"{t:%H}:00")
    if style == "oclock":
        return Ent("time", f"around {h12} o'clock", f"{t:%H}:00")
    if style == "hm12":
        return Ent("time", f"{h12}.{t.minute:02d} {ap}", f"{t:%H:%M}")
    return Ent("time", f"{t:%H:%M}", f"{t:%H:%M}")


def wrap_words(segs: list[Segment], width: float, size: float, indent: float = 0.0) -> list[list[Segment]]:
    """Break an English paragraph at spaces; entities are never split; no line starts or ends with a space."""
    tokens: list[Segment] = []
    for s in segs:
        if isinstance(s, Ent):
            tokens.append(s)
            continue
        parts = s.split(" ")
        for i, w in enumerate(parts):
            if w:
                tokens.append(w)
            if i < len(parts) - 1:
                tokens.append(" ")
    lines: list[list[Segment]] = [[]]
    used = indent
    for tok in tokens:
        txt = tok.text if isinstance(tok, Ent) else tok
        w = text_width(txt, size)
        if tok == " ":
            if lines[-1]:
                lines[-1].append(" ")
                used += w
            continue
        if used + w > width and any(x != " " for x in lines[-1]):
            while lines[-1] and lines[-1][-1] == " ":
                lines[-1].pop()
            lines.append([])
            used = 0.0
        lines[-1].append(tok)
        used += w
    out = []
    for ln in lines:
        while ln and ln[-1] == " ":
            ln.pop()
        if ln:
            out.append(_merge(ln))
    return out


def _merge(line: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for s in line:
        if isinstance(s, str) and out and isinstance(out[-1], str):
            out[-1] += s
        else:
            out.append(s)
    return out


def flow_words(paragraphs: list[tuple[list[Segment], float]], width: float, size: float, lines_first: int,
               lines_next: int) -> list[list[tuple[list[Segment], float]]]:
    """Word-wrap paragraphs (segments, first-line indent) and cut the lines into pages."""
    return flow(paragraphs, width, size, lines_first, lines_next, wrapper=wrap_words)
