"""The case period: the span its transactions and records fill, without the far-off dates (births, old records)
that would stretch a timeline from 1976 to 2022."""

from __future__ import annotations

DAY = 86400.0
FENCE = 3.0          # interquartile ranges beyond the middle half that still belong to the case
MIN_REACH = 30 * DAY  # a case whose dates all fall on a few days still reaches a month either side


def case_period(times: list[float]) -> tuple[float, float] | None:
    """First and last of the dated facts inside the fences (quartiles ± FENCE × IQR, at least MIN_REACH):
    the dense range of the case; None without dates. Far-off dates are left for the timeline's edge markers."""
    if not times:
        return None
    t = sorted(times)

    def rank(p: float) -> float:
        return t[min(len(t) - 1, int(p * (len(t) - 1) + 0.5))]

    q1, q3 = rank(0.25), rank(0.75)
    reach = max(FENCE * (q3 - q1), MIN_REACH)
    inside = [x for x in t if q1 - reach <= x <= q3 + reach]
    return inside[0], inside[-1]


def to_seconds(iso: str | None) -> float | None:
    """Seconds of an ISO date or time (local time, as the timeline draws it); None for a year alone or junk."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(str(iso).replace("Z", "+00:00")[:19]).timestamp()
    except ValueError:
        return None
