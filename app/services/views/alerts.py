"""The alerts as the window lists them: grouped by rule and subject, ranked, each with its evidence rows and the
facts its sentence is made of (so the UI words it in the officer's language), and whether they are up to date."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.core.counterparties import NAME_KEY_PREFIX, UNKNOWN_HOLDER
from app.services.analysis import alerts_stale_connection
from app.services.views import CaseView
from app.services.views.model import AlertFact, alert_facts
from app.store.alerts import stored_digest
from app.store.read import alerts as read_alerts
from app.store.read import facts as read_facts


@dataclass(frozen=True)
class AlertRecord:
    """One alert. `rule` and the numbers here are the translatable form of its sentence; `explanation` is the
    rule's own sentence (Chinese, kept for the tooltip and the report)."""

    id: int
    rule: str
    subject: str                 # the person or account the alert is about ('' for a case-wide list)
    accounts: tuple[str, ...]
    persons: tuple[str, ...]
    amount: float
    start: str | None
    end: str | None
    transactions: tuple[int, ...]
    demoted: bool
    listed: int                  # accounts listed by a list alert (unrequested accounts), else 0
    explanation: str
    params: dict = field(default_factory=dict, compare=False)

    @property
    def span_s(self) -> int | None:
        """Seconds from the first to the last row, when both times are known."""
        from datetime import datetime

        try:
            a = datetime.fromisoformat(str(self.start).replace(" ", "T"))
            b = datetime.fromisoformat(str(self.end).replace(" ", "T"))
        except (TypeError, ValueError):
            return None
        return max(0, int((b - a).total_seconds()))


@dataclass(frozen=True)
class AlertGroup:
    rule: str
    subject: str
    alerts: tuple[AlertRecord, ...]


@dataclass(frozen=True)
class AlertEvidence:
    """Where to look first: the first row (in time) that has a source page, every row box on that page, all rows."""

    page_id: int | None
    regions: tuple[tuple[float, float, float, float], ...]
    transactions: tuple[int, ...]


# The rules' sentences are Chinese with lower-case English glosses: "38 分钟 (min)", "(无账号 no account)",
# "链路 chain:", "(ant moving)". Names in them (KFC RESTAURANT, John Smith) are never all lower case.
_GLOSS_ALONE = re.compile(r"\s*[(（][a-z][a-z \-]*[)）]")
_GLOSS_INSIDE = re.compile(r"([\u4e00-\u9fff])\s+[a-z][a-z \-]*(?=[)）])")
_GLOSS_AFTER = re.compile(r"([\u4e00-\u9fff])\s+[a-z][a-z \-]*[a-z](?:,\s*)?(?=\s*[(（:：\d])")
_GLOSS_WORDS = re.compile(r"[(（](?:[a-z][a-z\-]* )+(?=[\d#])")  # "(night 00:00–06:00)" keeps the hours
_CYCLE = re.compile(r"\s*cycle of (\d+) hops in ([^:]+):")
_COLON = re.compile(r"(?<=[\u4e00-\u9fff)）])\s*:\s*")


def plain_chinese(explanation: str) -> str:
    """A rule's sentence without its lower-case English glosses ("38 分钟 (min)", "(无账号 no account)", "链路 chain:",
    "split fan-in:"), for a Chinese UI. Names in it (KFC RESTAURANT, John Smith) are never all lower case."""
    text = _CYCLE.sub(r"（\1 跳，\2）：", explanation or "")
    text = _GLOSS_ALONE.sub("", text)
    text = _GLOSS_INSIDE.sub(r"\1", text)
    text = _GLOSS_WORDS.sub("(", text)
    text = _GLOSS_AFTER.sub(r"\1", text)
    return _COLON.sub("：", text)


LIST_RULES = frozenset({"unrequested_accounts"})  # one alert that lists many accounts: no subject
OWN_ACCOUNT_RULES = frozenset({"same_name_transfers"})  # always last (cases analysed before params.demoted too)


def account_text(account: str) -> str:
    """An alert account as an officer reads it: name-only counterparties by name, unknown holders by name."""
    if account.startswith(NAME_KEY_PREFIX):
        return account[len(NAME_KEY_PREFIX):]
    if account.startswith(UNKNOWN_HOLDER):
        return account[len(UNKNOWN_HOLDER):].strip() or account
    return account


def _record(a: AlertFact) -> AlertRecord:
    persons = tuple(str(p) for p in a.persons)
    accounts = tuple(str(x) for x in a.accounts)
    rule = a.rule
    subject = "" if rule in LIST_RULES else (persons[0] if persons else account_text(accounts[0]) if accounts else "")
    ranked = a.params.get("ranked") or []
    return AlertRecord(a.id, rule, subject, accounts, persons, float(a.amount or 0), a.start, a.end,
                       tuple(int(t) for t in a.transactions if isinstance(t, int)),
                       a.demoted or rule in OWN_ACCOUNT_RULES,
                       len(ranked) if rule in LIST_RULES else 0, a.explanation or "", a.params)


def alert_records(view: CaseView) -> list[AlertRecord]:
    """Every alert, ranked as the read model ranks them (model.alert_facts: biggest first, own-account ones last)."""
    records = [_record(a) for a in alert_facts(view.conn())]
    records.sort(key=lambda r: r.demoted)  # stable: the service's rank kept within each part
    return records


def alert_groups(view: CaseView) -> list[AlertGroup]:
    """Alerts grouped by rule, then subject; groups in the order of their best alert, alerts in rank order."""
    groups: dict[tuple[str, str], list[AlertRecord]] = {}
    for rec in alert_records(view):
        groups.setdefault((rec.rule, rec.subject), []).append(rec)
    return [AlertGroup(rule, subject, tuple(recs)) for (rule, subject), recs in groups.items()]


def alert_evidence(view: CaseView, alert: AlertRecord) -> AlertEvidence:
    """The first evidence row with a source page (earliest), and the boxes of all the alert's rows on that page."""
    import json

    ids = list(alert.transactions)
    if not ids:
        return AlertEvidence(None, (), ())
    found = read_facts.placed_rows(view.conn(), ids)
    if not found:
        return AlertEvidence(None, (), tuple(ids))
    found.sort(key=lambda r: (r[0] or "", r[1]))
    page_id = found[0][2]
    regions = tuple(tuple(json.loads(r[3])[:4]) for r in found if r[2] == page_id and r[3])
    return AlertEvidence(page_id, regions, tuple(ids))


def alerts_state(view: CaseView) -> str:
    """'fresh', 'stale' (the ledger or the rules changed since they were computed), 'never' (a ledger, no alerts
    ever computed) or 'empty' (no transactions: nothing to analyse)."""
    conn = view.conn()
    if read_alerts.transaction_total(conn) == 0:
        return "empty"
    if not alerts_stale_connection(conn):
        return "fresh"
    has_alerts = read_alerts.alert_count(conn) > 0
    return "never" if stored_digest(conn) is None and not has_alerts else "stale"


def run_analysis(case: str, progress=None, cancel=None) -> int | None:
    """Recompute the case's alerts with the default rules (the window's Run analysis); how many, or None when
    cancelled (the stored alerts are then left as they were)."""
    from app.core.progress import Cancelled
    from app.services.analysis import analyze

    try:
        return len(analyze(case, progress=progress, cancel=cancel))
    except Cancelled:
        return None
