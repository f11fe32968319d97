"""Timing: one officer or one person in two records at once, a record too long for its stated duration, and
records dated before the case was registered or after the person questioned was released."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

from app.analysis.records.model import Finding, Record, RecordPage, Side
from domain.normalise.numerals import parse_digit_string, parse_small_int

_ARABIC = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_CHINESE = re.compile(r"([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_REPORTED = re.compile(r"(?:接报|受案|报案)时间[：:]?(\d{4})年(\d{1,2})月(\d{1,2})日")


@dataclass(frozen=True)
class TimingParams:
    max_chars_per_minute: float = 100.0  # faster than a recorder can write what was said


@dataclass
class CaseBounds:
    """Dates that bound the records: registration (受案/立案) and releases per person (释放证明书)."""

    registered: date | None = None
    registered_page: RecordPage | None = None
    registered_text: str = ""
    releases: list[tuple[str, date, RecordPage, str]] = field(default_factory=list)


def _dates(text: str) -> list[tuple[date, str]]:
    out = []
    for m in _ARABIC.finditer(text):
        try:
            out.append((date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.group(0)))
        except ValueError:
            pass
    for m in _CHINESE.finditer(text):
        y, mo, d = parse_digit_string(m.group(1)), parse_small_int(m.group(2)), parse_small_int(m.group(3))
        try:
            out.append((date(y or 0, mo or 0, d or 0), m.group(0)))
        except ValueError:
            pass
    return out


def case_bounds(pages: list[RecordPage], people: list[str]) -> CaseBounds:
    """Registration date (the earliest of 接报时间 and the 立案决定书 date) and releases naming a person."""
    bounds = CaseBounds()
    for page in pages:
        flat = "".join(page.text.split())
        head = flat[:60]
        found: list[tuple[date, str]] = []
        if "受案登记表" in head:
            found = [(date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.group(0))
                     for m in _REPORTED.finditer(flat) if 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31]
        elif "立案决定书" in head:
            found = _dates(flat)[-1:]
        elif "释放证明书" in head or "释放通知书" in head:
            dated = _dates(flat)
            for name in people:
                if name and name in flat and dated:
                    bounds.releases.append((name, dated[-1][0], page, dated[-1][1]))
            continue
        for d, text in found:
            if bounds.registered is None or d < bounds.registered:
                bounds.registered, bounds.registered_page, bounds.registered_text = d, page, text
    return bounds


def _head_side(r: Record) -> Side:
    t = r.header.get("time")
    if t:
        page_id, number, s, e, text = t
        return Side(r, page_id, number, text, s, e)
    return Side(r, r.pages[0].page_id, r.pages[0].number, r.label)


def _when(r: Record) -> str:
    assert r.start and r.end
    return f"{r.start:%Y-%m-%d %H:%M}–{r.end:%H:%M}"


def find_timing(records: list[Record], bounds: CaseBounds | None = None,
                params: TimingParams | None = None) -> list[Finding]:
    """Overlaps of an officer or a person, implausible durations, records outside the case's own dates."""
    p = params or TimingParams()
    bounds = bounds or CaseBounds()
    timed = [r for r in records if r.start and r.end]
    out: list[Finding] = []
    for a, b in combinations(sorted(timed, key=lambda r: (r.start, r.index)), 2):
        assert a.start and a.end and b.start and b.end
        if not (a.start < b.end and b.start < a.end):
            continue
        minutes = (min(a.end, b.end) - max(a.start, b.start)).total_seconds() / 60
        if a.person and a.person == b.person:
            out.append(Finding(
                "timing", "person_overlap", _head_side(a), _head_side(b), 1.0,
                f"{a.person}在{a.label}（{_when(a)}）与{b.label}（{_when(b)}）中同时被问话，重叠{minutes:.0f}分钟。",
                f"{a.person} is questioned in two records at once: {_when(a)} and {_when(b)} overlap by "
                f"{minutes:.0f} min.", {"minutes": round(minutes)}))
        shared = sorted((set(a.officers) | {a.recorder} - {None}) & (set(b.officers) | {b.recorder} - {None}))
        if shared:
            names = "、".join(str(s) for s in shared)
            out.append(Finding(
                "timing", "officer_overlap", _head_side(a), _head_side(b), 1.0,
                f"{names}同时出现在{a.label}（{_when(a)}）和{b.label}（{_when(b)}）中，重叠{minutes:.0f}分钟。",
                f"{', '.join(str(s) for s in shared)} took part in two records at once: {_when(a)} and {_when(b)} "
                f"overlap by {minutes:.0f} min.", {"officers": shared, "minutes": round(minutes)}))
    for r in timed:
        assert r.start and r.end
        minutes = (r.end - r.start).total_seconds() / 60
        chars = r.body_chars()
        rate = chars / minutes if minutes > 0 else float("inf")
        if rate > p.max_chars_per_minute:
            last = r.pages[-1]
            out.append(Finding(
                "timing", "duration", _head_side(r), Side(r, last.page_id, last.number, f"{chars}字 / {minutes:.0f}分钟"),
                min(1.0, rate / (2 * p.max_chars_per_minute)),
                f"{r.label}记录{chars}字，时长仅{minutes:.0f}分钟（每分钟{rate:.0f}字），不合常理。",
                f"{r.label} holds {chars} characters written in {minutes:.0f} min ({rate:.0f} per minute): "
                "implausibly fast.", {"chars": chars, "minutes": round(minutes)}))
        if bounds.registered and r.start.date() < bounds.registered and bounds.registered_page:
            reg = bounds.registered_page
            out.append(Finding(
                "timing", "before_registration", _head_side(r),
                Side(r, reg.page_id, reg.number, bounds.registered_text), 1.0,
                f"{r.label}的时间{r.start:%Y年%m月%d日}早于受案/立案日期{bounds.registered:%Y年%m月%d日}。",
                f"{r.label} is dated {r.start:%Y-%m-%d}, before the case was registered on "
                f"{bounds.registered:%Y-%m-%d}.", {}))
        for name, released, page, text in bounds.releases:
            if r.person == name and r.start.date() > released:
                out.append(Finding(
                    "timing", "after_release", _head_side(r), Side(r, page.page_id, page.number, text), 1.0,
                    f"{r.label}的时间{r.start:%Y年%m月%d日}晚于{name}的释放日期{released:%Y年%m月%d日}。",
                    f"{r.label} is dated {r.start:%Y-%m-%d}, after {name} was released on {released:%Y-%m-%d}.", {}))
    return out
