"""English records: Record of Interview (suspects, Q:/A:) and Statement of Witness (others), stating relations and money."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from devkit.synth.cast import Cast, Person, Relation
from devkit.synth.english import BANKS_EN, date_en, full_date, money_en, time_en, wrap_words
from devkit.synth.forms_en import sex
from devkit.synth.ledger import Ledger, Tx
from devkit.synth.render import A4, Ent, PageSpec

W, H = A4
LEFT, RIGHT = 62.0, W - 62.0
SIZE, LH = 11.0, 18.5
CAUTION = ("You are not obliged to say anything unless you wish to do so, but whatever you say will be put into "
           "writing and may be given in evidence.")
DECLARATION = "This statement is true to the best of my knowledge and belief."
KIN = {"妻子": "wife", "女朋友": "girlfriend", "姐姐": "elder sister", "母亲": "mother", "表妹": "cousin",
       "弟弟": "younger brother", "表哥": "cousin", "父亲": "father", "哥哥": "elder brother", "朋友": "friend",
       "老乡": "friend from my home town", "同学": "former classmate", "同伙": "partner", "老板": "boss"}


def _p(p: Person, text: str | None = None) -> Ent:
    return Ent("person", text or p.name, p.name)


def _acct(acc, rng: random.Random) -> list:
    if rng.random() < 0.3:
        return ["account ending ", Ent("account", acc.number[-4:], acc.number)]
    return ["account No. ", Ent("account", acc.number, acc.number)]


def relation_answer(cast: Cast, me: Person, r: Relation, rng: random.Random) -> list:
    other = cast.person(r.b if r.a == me.pid else r.a)
    first = other.name.split()[0] if " " in other.name else other.name
    name = _p(other, other.name if rng.random() < 0.7 else first)
    word = KIN.get(r.detail, "friend")
    if r.kind == "family":
        if r.a != me.pid:
            return [name, " is a relative of mine. We are in contact most weeks."]
        card = next((a for a in cast.accounts_of(other.pid) if a.kind == "personal"), None)
        if card and rng.random() < 0.6:
            return ["I sent the money to my ", word, " ", name, "'s ", *_acct(card, rng), "."]
        return [name, " is my ", word, ". We live together."]
    if r.kind == "associate":
        return [name, f" is my {word}. I have known {'him' if other.male else 'her'} for several years."]
    if r.kind == "co_suspect":
        alias = other.aliases[0] if other.aliases and rng.random() < 0.5 else None
        who = Ent("person", alias, other.name) if alias else name
        return rng.choice([["It was ", who, " who told me to withdraw it."],
                           ["Everything was arranged by ", who, ". I only helped."]])
    if r.a == me.pid:
        return [name, " works for me at the company."]
    return ["I work at ", name, "'s company. ", name, " is my boss."]


def tx_answer(cast: Cast, me: Person, t: Tx, rng: random.Random) -> list:
    mine_out = t.src is not None and t.src.holder_id == me.pid
    acc = t.src if mine_out else t.dst
    other = t.dst if mine_out else t.src
    when = ["On ", date_en(rng, t.time), " at ", time_en(rng, t.time)]
    money = Ent("money", money_en(rng, t.amount, acc.currency if acc else "CNY"), f"{t.amount:.2f}")
    bank = BANKS_EN.get(acc.bank, acc.bank) if acc else ""
    if other is None:
        return [*when, " I paid ", money, " in cash into my ", bank, " ", *_acct(acc, rng), "."]
    oname = Ent("person" if other.kind == "personal" else "organization", other.holder_name, other.holder_name)
    if mine_out:
        return [*when, " I transferred ", money, " from my ", bank, " ", *_acct(acc, rng), " to ", oname, "."]
    return [*when, " ", oname, " transferred ", money, " into my ", bank, " ", *_acct(acc, rng), "."]


_TALK = (
    ("How did you get to know them?", "A friend introduced us. We had dinner a few times and then kept in touch."),
    ("How did you usually contact each other?", "By WhatsApp and by phone. My number is {phone}."),
    ("What did the company actually do?", "It said it did wealth management, but there was no real business. It only took money from investors."),
    ("Where did the investors' money go?", "Into the company account or into personal cards the boss chose."),
    ("Who used your bank card?", "I handed the card over to them with the security token and the PIN. I did not use it myself."),
    ("What did you get out of it?", "About five thousand a month, sometimes a bit more, in cash."),
    ("Did you know the money was obtained by fraud?", "Not at first. Later I heard that people had reported it to the police."),
    ("How were the withdrawals made?", "Usually at the bank counter. For large sums we had to book in advance, then I handed the cash over."),
    ("Why were the transfers split into many small amounts?", "They said the bank would ask questions if too much went through at once."),
    ("Who opened these accounts?", "Some were opened with other people's identity cards. I do not know the details."),
    ("Where is your mobile phone now?", "It was seized by the police when I was arrested."),
    ("Do you have any other bank cards?", "I have an old card that I hardly use. I cannot remember the number."),
    ("What did you tell the investors?", "That it was an investment project paying fixed monthly interest, with the capital repaid at the end."),
    ("How was the interest paid?", "For the first few months it was paid on time, out of the money of later investors."),
)
_TALK_MONEY = (Ent("money", "five thousand", "5000.00"),)  # said in _TALK, written as plain text

_TALK_WITNESS = (
    ("How did you come to know them?", "A friend introduced us at a dinner. After that we kept in touch by phone."),
    ("How did you contact them?", "Mostly by WhatsApp. My number is {phone}."),
    ("What were you told about the company?", "That it managed investments and paid fixed monthly interest."),
    ("Did you receive any interest?", "For the first two months I received some interest, then the payments stopped."),
    ("Did you keep any records?", "I kept the bank receipts and screenshots of our messages. I can give copies to the police."),
    ("When did you realise something was wrong?", "When the office was closed and nobody answered the phone."),
    ("Did anyone else invest?", "Several people I know invested as well. I do not know how much."),
)


def _items(cast: Cast, me: Person, ledger: Ledger, rng: random.Random, suspect: bool, session: int) -> list[tuple]:
    """(question or None, answer segments, relation key or None) in order."""
    out: list[tuple] = []
    out.append(("Please tell me about yourself.", [
        "My name is ", _p(me), *([", but people call me ", Ent("person", me.aliases[0], me.name)] if me.aliases else []),
        ". I was born on ", Ent("date", full_date(me.birth), me.birth.isoformat()), ". My identity document number is ",
        Ent("id_number", me.id_number, me.id_number), " and my mobile number is ", Ent("phone", me.phone, me.phone),
        ". I live at ", Ent("address", me.address, me.address), "."], None))
    rels = [r for r in cast.relations if me.pid in (r.a, r.b)]
    rng.shuffle(rels)
    for r in rels[: 2 + session]:
        other = cast.person(r.b if r.a == me.pid else r.a)
        out.append((f"What is your relationship with {other.name}?", relation_answer(cast, me, r, rng), (r.a, r.b)))
    mine = [t for t in ledger.large() if (t.src and t.src.holder_id == me.pid) or (t.dst and t.dst.holder_id == me.pid)]
    planted = [t for t in mine if t.pattern] + [t for t in mine if not t.pattern]
    start = (session - 1) * 4
    for t in planted[start:start + 4 + session]:
        q = rng.choice(["Tell me about this transaction.", "What was this payment for?", "Where did this money go?"])
        out.append((q, tx_answer(cast, me, t, rng), None))
    pool = list(_TALK if suspect else _TALK_WITNESS)
    rng.shuffle(pool)
    for q, a in pool[: rng.randint(5, 12) if suspect else rng.randint(3, 6)]:
        out.append((q, [a.format(phone=me.phone)], None))
    if "victim" in me.roles:
        out.append(("How were you deceived?", ["They promised a return of three per cent a month. I kept transferring "
                                               "money to them and then I could not contact them any more."], None))
    out.append(("Is there anything you wish to add?", ["No, nothing."], None))
    return out


def _pages(lines: list[tuple], first_cap: int, cap: int) -> list[list[tuple]]:
    chunks = [lines[:first_cap]]
    rest = lines[first_cap:]
    while rest:
        chunks.append(rest[:cap])
        rest = rest[cap:]
    return chunks


def record_doc(cast: Cast, me: Person, ledger: Ledger, rng: random.Random, when: datetime, session: int,
               evidence: dict):
    """A Record of Interview (suspect) or a Statement of Witness (anyone else) as a Doc of several pages."""
    from devkit.synth.dossier import Doc

    suspect = "suspect" in me.roles
    kind = "interrogation" if suspect else "inquiry"
    title = "RECORD OF INTERVIEW" if suspect else "STATEMENT OF WITNESS"
    end = when + timedelta(hours=rng.randint(1, 3), minutes=rng.randint(0, 59))
    station = f"{rng.choice(['Mong Kok', 'Kowloon City', 'Central', 'Wan Chai', 'Sha Tin'])} Police Station"
    place = f"Interview Room {rng.randint(1, 6)}, {station}" if suspect else station
    age = when.year - me.birth.year - ((when.month, when.day) < (me.birth.month, me.birth.day))
    officer = f"{cast.officers[0]} (Detective Inspector)"
    header = [
        ["Date: ", Ent("date", full_date(when), when.date().isoformat()),
         f"      Time started: {when:%H:%M}      Time ended: {end:%H:%M}"],
        ["Place: ", Ent("place", place, place)],
        [("Interviewing officer: " if suspect else "Statement taken by: ") + officer + "   Unit: ",
         Ent("police_unit", cast.unit, cast.unit)],
        ["Name: ", _p(me), f"      Sex: {sex(me)}      Age: {age}      Date of birth: ",
         Ent("date", f"{me.birth:%d/%m/%Y}", me.birth.isoformat())],
        ["Identity document No.: ", Ent("id_number", me.id_number, me.id_number), "      Telephone: ",
         Ent("phone", me.phone, me.phone)],
        ["Address: ", Ent("address", me.address, me.address)],
        [f"Occupation: {me.employer}"],
    ]
    items = _items(cast, me, ledger, rng, suspect, session)
    lines: list[tuple] = []
    if suspect:
        lines.append((["Caution: " + CAUTION], 0.0, None))
        lines.append((["Q: Do you understand the caution?"], 0.0, None))
        lines.append((["A: Yes, I understand."], 0.0, None))
        for q, segs, rel in items:
            for k, ln in enumerate(wrap_words(["Q: " + q], RIGHT - LEFT - 22, SIZE)):
                lines.append((ln if k == 0 else ln, 0.0 if k == 0 else 22.0, None))
            for k, ln in enumerate(wrap_words(["A: ", *segs], RIGHT - LEFT - 22, SIZE)):
                lines.append((ln, 0.0 if k == 0 else 22.0, rel if k == 0 else None))
        lines.append((["The above record has been read over to me and it is correct."], 0.0, None))
    else:
        for _q, segs, rel in items:
            for k, ln in enumerate(wrap_words(segs, RIGHT - LEFT, SIZE, 24.0)):
                lines.append((ln, 24.0 if k == 0 else 0.0, rel if k == 0 else None))
        lines.append(([DECLARATION + " I make it knowing that, if it is tendered in evidence, I shall be liable to "
                       "prosecution if I have wilfully stated in it anything which I know to be false."], 0.0, None))
    # the first (header) page holds fewer body lines
    wrapped = []
    for segs, dx, rel in lines:
        if dx == 0.0 and rel is None and len(segs) == 1 and isinstance(segs[0], str) and len(segs[0]) > 80:
            wrapped += [(ln, 0.0, None) for ln in wrap_words(segs, RIGHT - LEFT, SIZE)]
        else:
            wrapped.append((segs, dx, rel))
    chunks = _pages(wrapped, int((H - 300 - 100) / LH), int((H - 80 - 100) / LH))
    specs = []
    for i, chunk in enumerate(chunks):
        spec = PageSpec(kind, title=title.title())
        if i == 0:
            spec.text(LEFT, 50, "Pol. 154" if not suspect else "Pol. 1124", 9)
            spec.text_right(RIGHT, 50, f"Session {session}", 10)
            spec.text_center(W / 2, 82, "HONG KONG POLICE FORCE", 12)
            spec.text_center(W / 2, 106, title, 18)
            y = 136.0
            for segs in header:
                for ln in wrap_words(segs, RIGHT - LEFT, 10):
                    spec.segments(LEFT, y, ln, 10)
                    y += 17
            spec.line(LEFT, y - 6, RIGHT, y - 6, 0.6)
            y += 14
        else:
            spec.text(LEFT, 50, f"{title.title()} of {me.name} (continued)", 9)
            y = 80.0
        for segs, dx, rel in chunk:
            spec.segments(LEFT + dx, y, segs, SIZE)
            if rel and rel not in evidence:
                evidence[rel] = {"sentence": "", "spec": spec}
            y += LH
        said = " ".join("".join(s if isinstance(s, str) else "|" for s in segs) for segs, _, _ in chunk)  # plain text
        for e in [Ent("phone", me.phone, me.phone), *_TALK_MONEY]:
            for _ in range(said.count(e.text)):  # words are never split, so a mention is whole on its page
                spec.ent(e)
        spec.line(LEFT, H - 82, RIGHT, H - 82, 0.5)
        who = "Signature of person interviewed" if suspect else "Signature"
        spec.text(LEFT, H - 62, f"{who}: ________________", 10)
        spec.text(LEFT + 270, H - 62, f"Witnessed by: {cast.officers[0]}", 10)
        spec.text_center(W / 2, H - 36, f"Page {i + 1} of {len(chunks)}", 10)
        specs.append(spec)
    for s in specs:
        s.meta = {"person": me.pid, "session": session}
    for _q, segs, rel in items:
        if rel and rel in evidence and not evidence[rel]["sentence"]:
            evidence[rel]["sentence"] = "".join(s.text if isinstance(s, Ent) else s for s in segs)
    name = f"{'Record of interview' if suspect else 'Statement of witness'} - {me.name}" + (
        f" ({session})" if suspect else "")
    return Doc(name, cast.officers[0], f"{when:%d/%m/%Y}", specs)
