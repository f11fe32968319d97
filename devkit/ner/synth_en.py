"""Synthetic English record lines with known PERSON/ORG/PLACE spans (statements, witness lines, addresses).

CoNLL-2003 is news; dossiers also hold bank records, forms and letters ("Account holder: Mary Jones",
"paid to Barclays Bank PLC, London"), often with Chinese names in pinyin (Zhang Wei). Lists written here.
"""

from __future__ import annotations

import random

from nlp.ner.data import Example, clean_spans

FIRST = ("John Mary James Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan "
         "Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Helen Paul "
         "Sandra Steven Ashley Andrew Emily Kevin Donna Brian Michelle George Carol Edward Amanda Peter Anna "
         "Oliver Sophie Harry Emma Jack Olivia Lucas Chloe Ahmed Fatima Raj Priya Hans Ingrid Pierre Claire").split()
LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Wilson Anderson Taylor Thomas "
        "Moore Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott "
        "Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins "
        "Edwards Stewart Morris Murphy Cook Rogers Morgan Cooper Peterson Reed Bailey Kelly Howard Khan Patel "
        "Schmidt Muller Dubois Rossi O'Brien McDonald").split()
PINYIN_SUR = "Zhang Wang Li Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Zheng Liang Xie".split()
PINYIN_GIVEN = ("Wei Fang Na Min Jing Lei Jun Yang Yong Yan Jie Tao Ming Chao Xia Ping Gang Hua Hui Peng Qiang "
                "Xiaoming Jianguo Lihua Haiyan Zhiwei Xiaoyan Jianhua Yufei").split()
COMPANY_HEAD = ("Barclays Lloyds Acme Northwind Globex Pacific Oriental Golden Dragon Silverline Apex Summit "
                "Harbour Evergreen Sunrise Greenfield Bluewater Meridian Horizon Pioneer Sterling").split()
COMPANY_TAIL = ("Bank", "Trading Co., Ltd.", "Holdings Limited", "Ltd", "LLC", "Inc.", "Group", "Logistics Ltd",
                "Technology Co., Ltd.", "Bank PLC", "Investments Limited", "Corporation")
BANKS = ("HSBC", "Standard Chartered Bank", "Bank of China (Hong Kong)", "Citibank", "Bank of America",
         "Deutsche Bank", "Industrial and Commercial Bank of China", "Hang Seng Bank", "DBS Bank", "Wells Fargo")
CITIES = ("London", "Manchester", "New York", "Hong Kong", "Singapore", "Shanghai", "Beijing", "Shenzhen",
          "Sydney", "Toronto", "Los Angeles", "Dubai", "Kuala Lumpur", "Macau", "Guangzhou", "Hangzhou",
          "Birmingham", "Vancouver", "San Francisco", "Bangkok")
COUNTRIES = ("United Kingdom", "China", "United States", "Malaysia", "Thailand", "Canada", "Australia",
             "Germany", "France", "Vietnam", "Cambodia", "Philippines")
STREETS = ("Baker Street", "Queen's Road Central", "Nathan Road", "Oxford Street", "Main Street", "Nanjing Road",
           "Orchard Road", "Park Avenue", "High Street", "King's Road")


def _person(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return rng.choice(PINYIN_SUR) + " " + rng.choice(PINYIN_GIVEN)
    if roll < 0.4:
        return rng.choice(PINYIN_SUR).upper() + " " + rng.choice(PINYIN_GIVEN)
    if roll < 0.5:
        return rng.choice(FIRST)[0] + ". " + rng.choice(LAST)
    if roll < 0.6:
        return rng.choice(FIRST) + " " + rng.choice(FIRST)[0] + ". " + rng.choice(LAST)
    return rng.choice(FIRST) + " " + rng.choice(LAST)


def _org(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return rng.choice(BANKS)
    head = rng.choice(COMPANY_HEAD)
    if rng.random() < 0.3:
        head += " " + rng.choice(COMPANY_HEAD)
    return head + " " + rng.choice(COMPANY_TAIL)


def _place(rng: random.Random) -> str:
    return rng.choice(CITIES) if rng.random() < 0.75 else rng.choice(COUNTRIES)


class _Builder:
    def __init__(self) -> None:
        self.text = ""
        self.spans: list[tuple[int, int, str]] = []

    def add(self, piece: str, label: str | None = None) -> None:
        if label:
            self.spans.append((len(self.text), len(self.text) + len(piece), label))
        self.text += piece


def _line(rng: random.Random) -> Example:
    b = _Builder()
    form = rng.randrange(8)
    if form == 0:
        b.add(rng.choice(["Account holder: ", "Account Name: ", "Beneficiary: ", "Name: ", "Payee: "]))
        b.add(_person(rng), "PERSON")
        b.add(rng.choice([" Account No. 6222020200112233445", "", " Bank: "]))
        if b.text.endswith("Bank: "):
            b.add(_org(rng), "ORG")
    elif form == 1:
        b.add(_person(rng), "PERSON")
        b.add(rng.choice([" transferred ", " paid ", " sent ", " wired "]) + f"USD {rng.randint(100, 90000):,} to ")
        if rng.random() < 0.5:
            b.add(_person(rng), "PERSON")
        else:
            b.add(_org(rng), "ORG")
        b.add(rng.choice([".", " in ", " via "]))
        if b.text.endswith(" in "):
            b.add(_place(rng), "PLACE")
        elif b.text.endswith(" via "):
            b.add(rng.choice(BANKS), "ORG")
    elif form == 2:
        b.add("Transfer to ")
        b.add(_org(rng), "ORG")
        b.add(", ")
        b.add(_place(rng), "PLACE")
        b.add(f" on {rng.randint(1, 28)} March 2021.")
    elif form == 3:
        b.add(rng.choice(["Mr. ", "Mrs. ", "Ms. ", "Dr. ", "Witness ", "Suspect ", "Victim "]))
        b.add(_person(rng), "PERSON")
        b.add(rng.choice([" said he met ", " stated that ", " told police that "]))
        b.add(_person(rng), "PERSON")
        b.add(" in ")
        b.add(_place(rng), "PLACE")
        b.add(rng.choice([".", " last year.", " in May."]))
    elif form == 4:
        b.add("Address: ")
        b.add(f"{rng.randint(1, 300)} {rng.choice(STREETS)}, ")
        b.add(_place(rng), "PLACE")
    elif form == 5:
        b.add(_person(rng), "PERSON")
        b.add(rng.choice([" works for ", " is a director of ", " opened an account at "]))
        b.add(_org(rng), "ORG")
        b.add(rng.choice([" in ", " branch in "]))
        b.add(_place(rng), "PLACE")
        b.add(".")
    elif form == 6:
        b.add(_org(rng), "ORG")
        b.add(" statement for ")
        b.add(_person(rng), "PERSON")
    else:
        b.add("From: ")
        b.add(_person(rng), "PERSON")
        b.add(" To: ")
        b.add(_person(rng), "PERSON")
        b.add(" Subject: payment")
    return Example(b.text, clean_spans(b.text, b.spans))


def english_lines(n: int, seed: int = 11) -> list[Example]:
    rng = random.Random(seed)
    return [_line(rng) for _ in range(n)]
