"""Findings planted in the records for `caselens synth --plant-records`: copied answers, contradictions and
impossible timings, each written to the truth so that record comparison can be measured.

Everything here draws from its own random stream, so a dossier made without the option is unchanged byte for
byte, and one made with it has the same cast, ledger and answers plus the planted ones. With the option the
records are also re-timed: one after another by two officer teams, each as long as its text takes to write
(25–60 characters a minute), so that the only overlaps and implausible durations are the planted ones.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from devkit.synth import names as nm
from devkit.synth.cast import Cast, Person
from devkit.synth.render import Ent
from devkit.synth.variants import money_text

_VENUES = ("茶楼", "饭店", "停车场", "咖啡馆", "酒店大堂", "麻将馆", "洗浴中心", "小区门口")
_CONFUSABLE = {"己": "已", "未": "末", "人": "入", "天": "夭", "土": "士", "日": "曰", "间": "问", "找": "我"}
_OPEN = ("那段时间", "去年下半年", "出事之前", "有一阵子", "刚进公司的时候", "过年前后")
_ACT = ("经常叫我去{place}碰头", "让我每周去一次{place}拿东西", "带我到{place}见过几个投资人",
        "在{place}给过我一个黑色的手提包", "约我在{place}商量怎么对付银行的核查")
_DETAIL = ("，每次都交代我不要对别人讲，我去了大概有{n}次", "，说是公司的规矩，前后差不多{n}回",
           "，一起去的还有两个我不认识的人，一共去了{n}趟", "，他说事情办完就给我分钱，我信了，去了{n}次左右")
_MIDDLE = ("最后一次是在{m}月份", "每次待{h}个小时左右", "一般是{wd}下午", "有{h}回是晚上去的", "最近的一次是{m}月{d}号",
           "每回都是打车过去，车费{h}十来块", "每次他都先给我打电话", "通常是{wd}晚上八点以后", "第一次是{m}月底")
_CLOSE = ("，后来的事情我就不清楚了。", "，具体做什么他没有跟我说明白。", "，当时我也没有多想。",
          "，现在想起来是我太糊涂了。")
BOILERPLATE_ANSWERS = ("听清楚了。", "我看过了，清楚。", "没有了。", "属实。")


@dataclass
class Slot:
    """A record being written: who, which round, its planted answers and, once laid out, its schedule."""

    person: Person
    session: int
    extra: list[tuple[str, list, str | None]] = field(default_factory=list)  # (question, answer, plant key)
    doc_name: str = ""


@dataclass
class RecordPlanter:
    cast: Cast
    rng: random.Random
    report: date
    teams: list[tuple[list[str], str]] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)
    schedule: list[dict] = field(default_factory=list)  # per record: start, end, team, person, doc
    copies: list[dict] = field(default_factory=list)
    contradictions: list[dict] = field(default_factory=list)
    timing: list[dict] = field(default_factory=list)
    located: dict[str, object] = field(default_factory=dict)  # plant key -> the PageSpec its answer starts on
    texts: dict[str, str] = field(default_factory=dict)  # plant key -> answer text
    _pending_copy: dict | None = None
    _events: list[dict] = field(default_factory=list)
    _clock: datetime | None = None
    _grams: set[str] = field(default_factory=set)
    _indexed: int = 0
    _n: int = 0

    def __post_init__(self) -> None:
        extra = [nm.surname_of(nm.weighted(self.rng, nm.SURNAMES)) + nm.chinese_given(self.rng, True) for _ in range(3)]
        extra = [o if len(o) > 1 else o + "华" for o in extra]
        o = self.cast.officers
        self.teams = [([o[0], o[1]], o[2]), ([extra[0], extra[1]], extra[2])]

    # ---------------------------------------------------------------- answers
    def _place(self) -> str:
        r = self.cast.region
        return f"{r.city}{r.district}{self.rng.choice(r.roads)}的{self.rng.choice(_VENUES)}"

    def _passage(self, other: Person) -> str:
        """A passage for one copy plant that shares no long run with any earlier plant (two plants sharing
        30 letters would be a copy the truth does not list)."""
        rng = self.rng
        for _ in range(100):
            act = rng.choice(_ACT).format(place=self._place())
            middle = rng.choice(_MIDDLE).format(m=rng.randint(1, 12), d=rng.randint(1, 28), h=rng.randint(2, 5),
                                                wd=rng.choice(("周一", "周二", "周三", "周四", "周五", "周末")))
            text = (rng.choice(_OPEN) + "，" + other.name + act + rng.choice(_DETAIL).format(n=rng.randint(3, 9)) +
                    "，" + middle + rng.choice(_CLOSE))
            if not self._shares_run(text):
                break
        return text

    def _shares_run(self, text: str, limit: int = 20) -> bool:
        """Whether `text` shares `limit` letters in a row with any planted text so far."""
        def grams(t: str) -> set[str]:
            letters = "".join(c for c in t if c.isalnum())
            return {letters[i:i + limit] for i in range(len(letters) - limit + 1)}
        keys = list(self.texts)
        for key in keys[self._indexed:]:
            self._grams |= grams(self.texts[key])
        self._indexed = len(keys)
        return not grams(text).isdisjoint(self._grams)

    def _copy_of(self, text: str) -> str:
        """The passage as a second record writes it: a comma changed, maybe one character misread."""
        out = text.replace("，", "、", 1) if self.rng.random() < 0.5 else text.replace("，", ",", 1)
        spots = [i for i, c in enumerate(out) if c in _CONFUSABLE]
        if spots and self.rng.random() < 0.6:
            i = self.rng.choice(spots)
            out = out[:i] + _CONFUSABLE[out[i]] + out[i + 1:]
        return out

    def _event_text(self, ev: dict, teller: Person, first: Person | None) -> list:
        """The event as its first teller says it, or (first given) as someone who was with them tells it."""
        when: datetime = ev["when"]
        d = Ent("date", f"{when.year}年{when.month}月{when.day}日{when.hour}时许", f"{when:%Y-%m-%dT%H:00}")
        money = Ent("money", ev["money_text"], f"{ev['amount']:.2f}")
        place = Ent("place", ev["place"], ev["place"])
        to = Ent("person", ev["to"].name, ev["to"].name)
        if first is not None and first.pid != teller.pid:  # two people never phrase it alike
            return [d, "，我陪", Ent("person", first.name, first.name), "去送钱，", to, "从我们手里收了", money,
                    "现金，地点是", place, "。"]
        return [d, "，我在", place, "把", money, "现金交给了", to, "。"]

    def _new_event(self, me: Person) -> dict:
        """A cash handover no other planted event resembles (its own place and amount: two events that agree on
        all but the day would be one event told twice)."""
        rng = self.rng
        others = [p for p in self.cast.people if p.pid != me.pid and not p.english]
        used = {(e["place"]) for e in self._events} | {e["amount"] for e in self._events}
        place, amount = self._place(), rng.randint(2, 60) * 5000
        for _ in range(50):
            if place not in used and amount not in used:
                break
            place, amount = self._place(), rng.randint(2, 60) * 5000
        when = datetime.combine(self.report - timedelta(days=rng.randint(30, 300)), datetime.min.time()) + \
            timedelta(hours=rng.randint(9, 21))
        return {"teller": me, "when": when, "place": place, "amount": amount,
                "money_text": money_text(rng, amount, style=rng.choice(["plain", "wan", "comma"])),
                "to": rng.choice(others), "key": None}

    def _changed(self, ev: dict) -> tuple[dict, str]:
        rng = self.rng
        kind = rng.choice(["amount", "place", "person", "day"])
        new = dict(ev)
        if kind == "amount":
            new["amount"] = ev["amount"] + rng.choice([-1, 1]) * rng.randint(1, 8) * 5000
            new["amount"] = new["amount"] if new["amount"] > 0 else ev["amount"] + 20000
            while any(new["amount"] == e["amount"] for e in self._events):
                new["amount"] += 5000
            new["money_text"] = money_text(rng, new["amount"], style=rng.choice(["plain", "wan", "comma"]))
        elif kind == "place":
            for _ in range(200):  # a place no event has (with many events all may be taken: then any other)
                new["place"] = self._place()
                if new["place"] != ev["place"] and not any(new["place"] == e["place"] for e in self._events):
                    break
            while new["place"] == ev["place"]:
                new["place"] = self._place()
        elif kind == "person":
            others = [p for p in self.cast.people if p.pid not in (ev["to"].pid, ev["teller"].pid) and not p.english]
            new["to"] = rng.choice(others)
        else:
            new["when"] = ev["when"] + timedelta(days=rng.choice([-1, 1]) * rng.randint(2, 20))
        return new, kind

    def answers_for(self, me: Person, session: int) -> list[tuple[str, list, str | None]]:
        """Planted question/answer pairs for the record about to be written (English speakers get none)."""
        slot = Slot(me, session)
        self.slots.append(slot)
        if me.english:
            return []
        rng = self.rng
        k = len(self.slots) - 1
        pend = self._pending_copy
        if pend is not None and pend["person"].pid != me.pid:
            key = f"copy{len(self.copies)}b"
            text = self._copy_of(pend["text"])
            slot.extra.append(("你还知道哪些情况？", [text], key))
            self.texts[key] = text
            self.copies.append({"a": pend["key"], "b": key, "text": pend["text"]})
            self._pending_copy = None
        elif pend is None and rng.random() < 0.35:
            others = [p for p in self.cast.people if p.pid != me.pid and not p.english]
            key = f"copy{len(self.copies)}a"
            text = self._passage(rng.choice(others))
            slot.extra.append(("你还知道哪些情况？", [text], key))
            self.texts[key] = text
            self._pending_copy = {"person": me, "text": text, "key": key}
        # contradictions: tell an open event again (changed or not), or open a new one
        open_ev = [e for e in self._events if e["record"] != k and not e.get("closed")]
        if open_ev and rng.random() < 0.6:
            ev = open_ev[0]
            same = ev["teller"].pid == me.pid
            if same or rng.random() < 0.8:
                ev["closed"] = True
                told, kind = self._changed(ev) if rng.random() < 0.8 else (ev, None)
                key = f"ev{len(self.contradictions)}b"
                segs = self._event_text(told, me, None if same else ev["teller"])
                slot.extra.append(("钱是在哪里交的？", segs, key))
                self.texts[key] = "".join(s.text if isinstance(s, Ent) else s for s in segs)
                if kind:
                    self.contradictions.append({"a": ev["key"], "b": key, "kind": kind,
                                                "scope": "same_person" if same else "across_persons"})
                else:
                    self.contradictions.append({"a": ev["key"], "b": key, "kind": None, "scope": "consistent"})
        elif rng.random() < 0.4:
            ev = self._new_event(me)
            ev["record"] = k
            ev["key"] = f"ev{len(self._events)}a_{k}"
            segs = self._event_text(ev, me, None)
            slot.extra.append(("钱是在哪里交的？", segs, ev["key"]))
            self.texts[ev["key"]] = "".join(s.text if isinstance(s, Ent) else s for s in segs)
            self._events.append(ev)
        return slot.extra

    def victim_account(self) -> str:
        """A victim's own account of how they were cheated (the plain generator gives every victim one sentence,
        which two victims would then share word for word: an unplanned copy)."""
        rng = self.rng
        return (rng.choice(("对方说", "他们跟我讲", "业务员介绍说", "朋友拉我进群后，群里的老师说")) +
                rng.choice(("投资有高额回报", "项目稳赚不赔", "每个月都能拿分红", "到期保本还有利息")) + "，" +
                rng.choice(("每个月返息百分之三", "一年能翻一倍", "每周结一次收益", "前两个月确实给我返了钱")) + "，" +
                rng.choice(("我就陆续把钱转了过去", "我先后转了好几次", "我把积蓄都投了进去", "我又借钱投了一笔")) + "，" +
                rng.choice(("后来就联系不上了。", "到了提现的时候就被拉黑了。", "后来平台打不开了。", "现在一分钱也拿不回来。")))

    # ---------------------------------------------------------------- timing
    def times_for(self, me: Person, day: date, chars: int) -> tuple[datetime, datetime, list[str], str]:
        """Start, end, officers and recorder of the record just written (its text is `chars` long)."""
        rng = self.rng
        k = len(self.slots) - 1
        self._n += 1
        minutes = max(40, int(chars / rng.uniform(25, 60)))
        start_day = datetime.combine(day, datetime.min.time()) + timedelta(hours=8, minutes=30)
        start = max(start_day, (self._clock or start_day) + timedelta(minutes=rng.randint(20, 90)))
        if start.hour * 60 + start.minute + minutes > 21 * 60:
            start = datetime.combine(start.date() + timedelta(days=1), datetime.min.time()) + timedelta(hours=8, minutes=30)
        team = self._n % 2
        plant = None
        prev = self.schedule[-1] if self.schedule else None
        mine = [s for s in self.schedule if s["person"] == me.pid and not s.get("moved")]
        roll = rng.random()
        end: datetime | None = None
        if len(self.schedule) >= 3 and roll < 0.08 and prev and prev["person"] != me.pid and prev["plant"] is None:
            plant = "officer_overlap"  # the team of the record before, while it is still going on
            team = prev["team"]
            start = prev["start"] + timedelta(minutes=rng.randint(10, 25))  # prev runs >= 40 min: still going on
            end = max(prev["end"] + timedelta(minutes=rng.randint(0, 15)), start + timedelta(minutes=chars / 60))
        elif mine and roll < 0.16 and not me.english:
            ref = mine[-1]
            span = (ref["end"] - ref["start"]).total_seconds() / 60
            if span >= 60 and chars / (span - 35) <= 70:
                plant = "person_overlap"  # the other team questions the same person inside an earlier record
                team = 1 - ref["team"]
                start = ref["start"] + timedelta(minutes=rng.randint(10, 30))
                end = ref["end"] - timedelta(minutes=5)
        if plant is None and 0.16 <= roll < 0.22:
            plant = "duration"
            minutes = max(5, int(chars / rng.uniform(250, 400)))
        elif plant is None and 0.22 <= roll < 0.25 and not any(s.get("plant") == "before_registration"
                                                                for s in self.schedule):
            plant = "before_registration"
            start = datetime.combine(self.report - timedelta(days=rng.randint(2, 12)), datetime.min.time()) + \
                timedelta(hours=rng.randint(9, 15))
        end = end or start + timedelta(minutes=minutes)
        entry = {"record": k, "person": me.pid, "start": start, "end": end, "team": team, "plant": plant,
                 "moved": plant in ("officer_overlap", "person_overlap", "before_registration")}
        if plant == "officer_overlap":
            entry["with"] = len(self.schedule) - 1
        if plant == "person_overlap":
            entry["with"] = self.schedule.index(mine[-1])
        self.schedule.append(entry)
        if plant != "before_registration" and plant != "person_overlap":
            self._clock = max(self._clock or end, end)
        officers, recorder = self.teams[team]
        return start, end, officers, recorder
