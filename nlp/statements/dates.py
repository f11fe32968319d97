"""Statement date and time formats to ISO 8601: 20210305, 2021-03-05 09:10:11, 2021/3/5, 20210305 091011."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}

_YMD = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?")
_YMD_COMPACT = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?=\D|$|\d{4}(?:\d{2})?(?:\D|$))")
_DMY = re.compile(r"(?<!\d)(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>(?:19|20)\d{2})(?!\d)")
_D_MON_Y = re.compile(r"(?<!\d)(?P<d>\d{1,2})[\s-]*(?P<mon>[A-Za-z]{3})[A-Za-z]*[\s,-]*(?P<y>(?:19|20)\d{2})")
_MON_D_Y = re.compile(r"(?P<mon>[A-Za-z]{3})[A-Za-z]*\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>(?:19|20)\d{2})")
_HMS = re.compile(r"(?<!\d)(?P<h>[0-2]?\d)\s*[:：.时]\s*(?P<mi>[0-5]\d)(?:\s*[:：.分]?\s*(?P<s>[0-5]\d))?")
# a time whose seconds were cut (a wrapped last digit the scan lost): 16:02:1, 16:02:
_HMS_CUT = re.compile(r"(?<!\d)[0-2]?\d\s*[:：.]\s*[0-5]\d\s*[:：.]\s*\d?$")
_HMS_COMPACT = re.compile(r"(?<!\d)(?P<h>[0-2]\d)(?P<mi>[0-5]\d)(?P<s>[0-5]\d)?(?!\d)")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip()


def parse_date(text: str) -> tuple[date | None, str]:
    """The date in text and the text left after it (which may hold a time)."""
    t = _norm(text)
    for rx in (_YMD, _YMD_COMPACT, _DMY, _D_MON_Y, _MON_D_Y):
        m = rx.search(t)
        if not m:
            continue
        g = m.groupdict()
        month = _MONTHS.get(g["mon"].lower()[:3]) if g.get("mon") else int(g["m"])
        if not month:
            continue
        try:
            return date(int(g["y"]), month, int(g["d"])), t[m.end():]
        except ValueError:
            return None, t
    return None, t


def parse_time(text: str) -> tuple[int, int, int] | None:
    """A time of day (09:10:11, 091011, 9时10分, 09.10.11.123456) or None."""
    t = _norm(text).lstrip("-T ")
    if not t:
        return None
    m = _HMS.match(t) or _HMS_COMPACT.match(t)
    if not m:
        return None
    h, mi, s = int(m["h"]), int(m["mi"]), int(m["s"] or 0)
    if h > 23:
        return None
    return h, mi, s


def parse_datetime(date_text: str | None, time_text: str | None = None) -> str | None:
    """ISO 8601 `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS` from a date cell and an optional time cell."""
    if not date_text:
        return None
    day, rest = parse_date(date_text)
    if day is None:
        return None
    hms = parse_time(rest) if rest.strip() else None
    if hms is None and time_text:
        hms = parse_time(time_text)
    if hms is None:
        return day.isoformat()
    return datetime(day.year, day.month, day.day, *hms).isoformat()


def time_is_cut(text: str | None) -> bool:
    """True when a date/time cell ends in a time with missing second digits (read as :00 would be a guess)."""
    if not text:
        return False
    day, rest = parse_date(text)  # a time fused to its date (`2021-03-0511:20:2`) is read after the date
    return bool(_HMS_CUT.search(rest if day is not None else _norm(text)))


# a cut time's end, fused to a date or not (…0920:27:4, 16:02:), and a time whose seconds are whole again
_CUT_END = re.compile(r"\d\s*[:：.]\s*[0-5]\d\s*[:：.]\s*\d?$")
_WHOLE_END = re.compile(r"\d\s*[:：.]\s*[0-5]\d\s*[:：.]\s*[0-5]\d$")


def ends_in_cut_time(text: str) -> bool:
    """True when text ends in a time whose seconds are cut (`16:00:3`, `…0920:27:`); cheap, for a first pass."""
    return bool(_CUT_END.search(text))


def complete_cut_time(text: str, fragment: str) -> str | None:
    """text + fragment when text ends in a time cut before its last second digit(s) and the wrapped
    fragment (1-2 digits) makes the seconds whole again (`16:00:3` + `8`), else None."""
    t, f = _norm(text), _norm(fragment)
    if not (f.isdigit() and len(f) <= 2 and _CUT_END.search(t)):
        return None
    joined = t + f
    return joined if _WHOLE_END.search(joined) else None


def looks_like_date(text: str) -> bool:
    """True when the cell text starts a statement row (a parsable date)."""
    return parse_date(text)[0] is not None


# A card statement's row date without a year: 12/29, 12-29, 1229, 12月29日, 29 DEC
_MONTH_DAY = re.compile(r"^\s*(?:(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?|(?P<m2>[01]\d)(?P<d2>[0-3]\d)"
                        r"|(?P<d3>\d{1,2})\s*(?P<mon>[A-Za-z]{3})[A-Za-z]*)(?P<rest>(?:\s+.*)?)$")


def looks_like_month_day(text: str) -> bool:
    """True when the cell text is a day without a year (03/15, 0315, 03-15, 3月15日, 15 MAR), as card rows print."""
    m = _MONTH_DAY.match(_norm(text))
    if not m:
        return False
    g = m.groupdict()
    month = _MONTHS.get(g["mon"].lower()[:3]) if g.get("mon") else int(g["m"] or g["m2"])
    return month is not None and 1 <= month <= 12 and 1 <= int(g["d"] or g["d2"] or g["d3"]) <= 31


def with_year(text: str | None, period_end: date | None) -> str | None:
    """`12/29` on a statement whose period ends 2024-01-31 -> `2023-12-29` (the latest such day not more
    than a month after the period's end); None when text is not a month and day or no period is known."""
    if not text or period_end is None:
        return None
    m = _MONTH_DAY.match(_norm(text))
    if not m:
        return None
    g = m.groupdict()
    month = _MONTHS.get(g["mon"].lower()[:3]) if g.get("mon") else int(g["m"] or g["m2"])
    day = int(g["d"] or g["d2"] or g["d3"])
    if month is None:  # not a month name
        return None
    for year in (period_end.year + 1, period_end.year, period_end.year - 1):
        try:
            found = date(year, month, day)
        except (ValueError, TypeError):
            return None
        if (found - period_end).days <= 31:
            return found.isoformat() + (g["rest"] or "")
    return None


def period_end(period: tuple[str, str] | None) -> date | None:
    """The last day of a statement period (`起止日期`, `账单周期`) as printed, or None."""
    if not period:
        return None
    day, _ = parse_date(period[1])
    if day is None:
        m = re.match(r"\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$", _norm(period[1]))
        if m and 1 <= int(m.group(2)) <= 12:
            y, mo = int(m.group(1)), int(m.group(2))
            nxt = date(y + (mo == 12), mo % 12 + 1, 1)
            return date.fromordinal(nxt.toordinal() - 1)
    return day
