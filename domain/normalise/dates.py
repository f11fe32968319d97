"""Dates and times as written in case papers (2021年3月5日9时10分, 二〇二一年三月五日, 13时许, 5 March 2021) to ISO."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from domain.normalise.numerals import parse_digit_string, parse_small_int

_N = r"(?:\d{1,2}|[一二两三四五六七八九十〇零]{1,3})"            # day, month, hour, minute
_CN_YEAR = r"[〇零一二三四五六七八九○Ｏ]{4}"
_PART_OF_DAY = r"凌晨|深夜|半夜|夜里|夜间|早上|早晨|清晨|上午|中午|下午|傍晚|晚上"


def _clock_re(p: str, colon: bool = True) -> str:
    """Clock time (下午3点, 13时10分, 9:10) with group names prefixed by p, so it can appear several times."""
    seps = "时|点钟|点|:|：" if colon else "时|点钟|点"
    return (rf"(?P<{p}ampm>{_PART_OF_DAY})?\s?(?P<{p}h>{_N})\s?(?:{seps})"
            rf"(?:\s?(?P<{p}mi>{_N})\s?分?(?:\s?(?P<{p}s>\d{{1,2}})\s?秒)?|(?P<{p}half>半))?(?P<{p}about>许|左右|多)?")


_MONTHS = {m: i for i, names in enumerate(
    [("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"), ("May",), ("June", "Jun"),
     ("July", "Jul"), ("August", "Aug"), ("September", "Sept", "Sep"), ("October", "Oct"),
     ("November", "Nov"), ("December", "Dec")], start=1) for m in names}
_MON = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"

DATE_PATTERN = re.compile(
    # 2021年3月5日9时10分 / 二〇二一年三月五日 / 2021年6月底 / 2021年3月
    rf"(?P<y>(?:19|20)\d{{2}}|{_CN_YEAR})\s?年\s?(?:(?P<mo>{_N})\s?月(?:\s?(?P<d>{_N})\s?[日号]"
    rf"(?:\s?{_clock_re('a')})?)?(?P<part>底|初|末|上旬|中旬|下旬)?)?"
    # 2021-03-05 09:10, 2021/3/5, 2021.3.5
    rf"|(?<![\d.])(?P<ny>(?:19|20)\d{{2}})(?P<sep>[-/.])(?P<nm>\d{{1,2}})(?P=sep)(?P<nd>\d{{1,2}})(?![\d.])"
    rf"(?:(?:\s|T)(?P<nh>\d{{1,2}}):(?P<nmi>\d{{2}})(?::(?P<ns>\d{{2}}))?(?!\d)|\s?{_clock_re('k', colon=False)})?"
    # 05/03/2021: day first (UK style) unless the second field cannot be a month
    rf"|(?<![\d/])(?P<dd>\d{{1,2}})/(?P<dm>\d{{1,2}})/(?P<dy>(?:19|20)\d{{2}})(?![\d/])"
    # 5 March 2021 / March 5, 2021 / March 2021
    rf"|(?<![\w])(?P<ed>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<emon>{_MON}),?\s+(?P<ey>(?:19|20)\d{{2}})(?!\d)"
    rf"|(?<![\w])(?P<emon2>{_MON})\s+(?P<ed2>\d{{1,2}}){_ORD},?\s+(?P<ey2>(?:19|20)\d{{2}})(?!\d)"
    rf"|(?<![\w])(?P<emon3>{_MON})\s+(?P<ey3>(?:19|20)\d{{2}})(?!\d)"
    # 3月5日 (year from context)
    rf"|(?<![\d年])(?P<mm>{_N})\s?月\s?(?P<md>{_N})\s?[日号](?:\s?{_clock_re('b')})?"
    # 13时许, 13时10分, 下午3点, 9:10 am
    rf"|(?<![\d:：.])(?:{_clock_re('c', colon=False)})(?![\d:：])"
    rf"|(?<![\w])(?P<eh>\d{{1,2}}):(?P<emi>\d{{2}})(?:\s?(?P<eap>[AaPp]\.?[Mm]\.?))?(?![\d:])"
    rf"|(?P<pod>{_PART_OF_DAY})"
)

# Part-of-day words on their own: an interval of hours (start/end), precision "part_of_day".
PART_OF_DAY_HOURS = {"凌晨": (0, 6), "深夜": (22, 24), "半夜": (0, 3), "夜里": (20, 24), "夜间": (20, 24),
                     "早上": (6, 9), "早晨": (6, 9), "清晨": (5, 7), "上午": (8, 12), "中午": (11, 13),
                     "下午": (12, 18), "傍晚": (17, 19), "晚上": (18, 24)}
_PM = {"下午", "傍晚", "晚上", "夜里", "夜间", "深夜"}


@dataclass(frozen=True)
class DateValue:
    """A normalised date or time: label DATE or TIME, ISO value and its precision."""

    label: str
    value: str
    precision: str    # year | month | day | hour | minute | second | part_of_day


def _clock(m: re.Match[str], p: str) -> tuple[str, str] | None:
    """("HH:MM", precision) of the clock part with prefix p, or None when absent or impossible."""
    h_text = m.group(p + "h")
    if h_text is None:
        return None
    h = parse_small_int(h_text)
    if h is None:
        return None
    ampm = m.group(p + "ampm")
    if ampm in _PM and h < 12:
        h += 12
    elif ampm == "中午" and h < 11:
        h += 12
    elif ampm in ("凌晨", "半夜") and h == 12:
        h = 0
    mi_text, sec = m.group(p + "mi"), m.group(p + "s")
    mi = parse_small_int(mi_text) if mi_text else (30 if m.group(p + "half") else None)
    if h > 24 or (mi is not None and mi > 59) or (sec is not None and int(sec) > 59):
        return None
    if sec is not None and mi is not None:
        return f"{h:02d}:{mi:02d}:{int(sec):02d}", "second"
    if mi is not None:
        return f"{h:02d}:{mi:02d}", "minute"
    return f"{h:02d}:00", "hour"


def _ymd(y: int | None, mo: int | None, d: int | None) -> tuple[str, str] | None:
    if mo is not None and not 1 <= mo <= 12:
        return None
    if d is not None:
        try:
            date(y or 2000, mo or 1, d)    # 2000 is a leap year: 2月29日 without a year stays possible
        except ValueError:
            return None
        return (f"{y:04d}-{mo:02d}-{d:02d}" if y else f"--{mo:02d}-{d:02d}"), "day"
    if mo is not None:
        return (f"{y:04d}-{mo:02d}" if y else f"--{mo:02d}"), "month"
    if y is None:
        return None  # nothing but a clock or a day: no date to give
    return f"{y:04d}", "year"


def _with_clock(ymd: tuple[str, str] | None, clock: tuple[str, str] | None) -> DateValue | None:
    if ymd is None:
        return None
    if clock is None:
        return DateValue("DATE", *ymd)
    return DateValue("DATE", f"{ymd[0]}T{clock[0]}", clock[1])


def _int(text: str | None) -> int | None:
    return parse_small_int(text) if text else None


def date_from_match(m: re.Match[str], default_year: int | None = None) -> DateValue | None:
    """Normalise a DATE_PATTERN match; month-day dates take `default_year` (the last full date before)."""
    g = m.group
    if g("y"):
        year = parse_digit_string(g("y"))
        if year is None or not 1900 <= year <= 2099:
            return None
        return _with_clock(_ymd(year, _int(g("mo")), _int(g("d"))), _clock(m, "a"))
    if g("ny"):
        clock = None
        if g("nh"):
            h, mi = int(g("nh")), int(g("nmi"))
            if h > 24 or mi > 59:
                return None
            clock = (f"{h:02d}:{mi:02d}:{int(g('ns')):02d}", "second") if g("ns") else (f"{h:02d}:{mi:02d}", "minute")
        elif g("kh"):
            clock = _clock(m, "k")
        return _with_clock(_ymd(int(g("ny")), int(g("nm")), int(g("nd"))), clock)
    if g("dy"):
        first, second = int(g("dd")), int(g("dm"))
        day, month = (second, first) if second > 12 >= first else (first, second)
        return _with_clock(_ymd(int(g("dy")), month, day), None)
    if g("ey"):
        return _with_clock(_ymd(int(g("ey")), _MONTHS[g("emon").rstrip(".")], int(g("ed"))), None)
    if g("ey2"):
        return _with_clock(_ymd(int(g("ey2")), _MONTHS[g("emon2").rstrip(".")], int(g("ed2"))), None)
    if g("ey3"):
        return _with_clock(_ymd(int(g("ey3")), _MONTHS[g("emon3").rstrip(".")], None), None)
    if g("mm"):
        return _with_clock(_ymd(default_year, _int(g("mm")), _int(g("md"))), _clock(m, "b"))
    if g("ch"):
        if not (g("campm") or g("cmi") or g("chalf") or g("cabout")
                or (g("ch").isdigit() and m.group(0).endswith("时"))):
            return None    # a bare "3点" is too often "three points", "一时" is "for a moment"
        clock = _clock(m, "c")
        return DateValue("TIME", *clock) if clock else None
    if g("eh"):
        h, mi = int(g("eh")), int(g("emi"))
        ap = (g("eap") or "").lower().replace(".", "")
        if ap == "pm" and h < 12:
            h += 12
        elif ap == "am" and h == 12:
            h = 0
        if h > 24 or mi > 59:
            return None
        return DateValue("TIME", f"{h:02d}:{mi:02d}", "minute")
    if g("pod"):
        start, end = PART_OF_DAY_HOURS[g("pod")]
        return DateValue("TIME", f"{start:02d}:00/{end:02d}:00", "part_of_day")
    return None


def year_of(value: DateValue) -> int | None:
    """The year a normalised date carries, for reading later month-day dates."""
    head = value.value[:4]
    return int(head) if value.label == "DATE" and head.isdigit() else None


def parse_date(text: str, default_year: int | None = None) -> tuple[str, str] | None:
    """(ISO value, precision) of a whole date or time text, e.g. "2021年3月5日" -> ("2021-03-05", "day")."""
    m = DATE_PATTERN.fullmatch((text or "").strip())
    value = date_from_match(m, default_year) if m else None
    return (value.value, value.precision) if value else None
