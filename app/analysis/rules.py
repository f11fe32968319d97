"""The registry of money-flow rules: name → (function, parameter dataclass); run_rules runs any of them."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from app.analysis import (
    aggregate,
    ant_moving,
    common,
    cycles,
    double_count,
    fast_in_fast_out,
    night,
    relay,
    roles,
    scatter_gather,
    split_fan_in,
    structuring,
    tracing,
    unrequested,
)
from app.analysis.ledger import Ledger
from app.core.counterparties import name_key
from app.core.errors import CaseLensError, Issue
from app.core.models import Alert
from app.core.progress import CancelToken, Progress, ProgressFn

RULES: dict[str, tuple[Callable[..., list[Alert]], type]] = {
    "fast_in_fast_out": (fast_in_fast_out.fast_in_fast_out, fast_in_fast_out.FastInFastOutParams),
    "scatter_in_gather_out": (scatter_gather.scatter_in_gather_out, scatter_gather.ScatterGatherParams),
    "gather_in_scatter_out": (scatter_gather.gather_in_scatter_out, scatter_gather.GatherScatterParams),
    "round_amounts": (structuring.round_amounts, structuring.RoundAmountParams),
    "threshold_evasion": (structuring.threshold_evasion, structuring.ThresholdEvasionParams),
    "night_transfers": (night.night_transfers, night.NightParams),
    "ant_moving": (ant_moving.ant_moving, ant_moving.AntMovingParams),
    "cycles": (cycles.find_cycles, cycles.CycleParams),
    "identical_amount_relay": (relay.identical_amount_relay, relay.RelayParams),
    "split_fan_in": (split_fan_in.split_fan_in, split_fan_in.SplitFanInParams),
    "transit_accounts": (roles.role_alerts, roles.RoleParams),
    "same_name_transfers": (aggregate.same_name_transfers, aggregate.SameNameParams),
    "unrequested_accounts": (unrequested.unrequested_accounts, unrequested.UnrequestedParams),
    "double_counting": (double_count.double_counting, double_count.DoubleCountParams),
    # These two need accounts chosen by the officer (--param tracing.accounts=A,B); empty otherwise.
    "tracing": (tracing.trace_accounts, tracing.TraceParams),
    "common_counterparties": (common.common_counterparties, common.CommonParams),
}


def _coerce(value: Any, current: Any, name: str) -> Any:
    if not isinstance(value, str):
        return value
    if value.strip().lower() == "none" and not isinstance(current, (bool, tuple)):
        return None
    try:
        if isinstance(current, bool):
            return value.strip().lower() in {"1", "true", "yes", "on"}
        if isinstance(current, tuple):
            items = [v.strip() for v in value.split(",") if v.strip()]
            return tuple(type(current[0])(v) for v in items) if current else tuple(items)
        if isinstance(current, int):
            return int(float(value))
        if isinstance(current, float) or current is None:
            return None if value.lower() in {"none", ""} else float(value)
    except ValueError as exc:
        raise CaseLensError("E017", f"{name}={value!r}: {exc}") from exc
    return value


def make_params(rule: str, overrides: dict[str, Any] | None = None) -> Any:
    """The rule's parameter dataclass with DOMAIN.md defaults, overridden by name (strings are converted)."""
    if rule not in RULES:
        raise CaseLensError("E017", f"unknown rule {rule!r}; known: {', '.join(RULES)}")
    cls = RULES[rule][1]
    base = cls()
    fields = {f.name for f in dataclasses.fields(cls)}
    changes = {}
    for key, value in (overrides or {}).items():
        if key not in fields:
            raise CaseLensError("E017", f"rule {rule} has no parameter {key!r}; known: {', '.join(sorted(fields))}")
        changes[key] = _coerce(value, getattr(base, key), f"{rule}.{key}")
    return dataclasses.replace(base, **changes)


def parse_param_args(items: list[str]) -> dict[str, dict[str, str]]:
    """['cycles.max_depth=6', ...] → {'cycles': {'max_depth': '6'}}."""
    out: dict[str, dict[str, str]] = {}
    for item in items:
        name, sep, value = item.partition("=")
        rule, dot, key = name.partition(".")
        if not sep or not dot:
            raise CaseLensError("E017", f"--param {item!r}: expected RULE.KEY=VALUE")
        out.setdefault(rule.strip(), {})[key.strip()] = value
    return out


def run_rules(ledger: Ledger, rules: list[str] | None = None,
              params: dict[str, dict[str, Any]] | None = None, issues: list[Issue] | None = None,
              progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> list[Alert]:
    """Run the named rules (all by default) with overrides per rule; alerts in rule order, own-account ones last.

    A rule that raises does not stop the others: it becomes an E025 issue (appended to `issues` when given).
    `progress` hears of each rule as it starts; `cancel` is checked between rules (Cancelled: no alerts).
    """
    params = params or {}
    for rule in params:
        if rule not in RULES:
            raise CaseLensError("E017", f"--param for unknown rule {rule!r}")
    names = rules or list(RULES)
    settings = {rule: make_params(rule, params.get(rule)) for rule in names}  # bad arguments fail before any rule
    alerts: list[Alert] = []
    for n, rule in enumerate(names):
        if cancel is not None:
            cancel.check()
        if progress is not None:
            progress(Progress("analyze", n, len(names), current=rule))
        func = RULES[rule][0]
        try:
            alerts.extend(func(ledger, settings[rule]))
        except Exception as exc:  # noqa: BLE001 - one broken rule must not hide every other alert
            issue = Issue.of("E025", f"{rule}: {type(exc).__name__}: {exc}")
            if issues is None:
                raise CaseLensError("E025", f"{rule}: {type(exc).__name__}: {exc}") from exc
            issues.append(issue)
    return demote_own_account_alerts(ledger, alerts)


def demote_own_account_alerts(ledger: Ledger, alerts: list[Alert]) -> list[Alert]:
    """A holder moving money between its own accounts (every account of the alert under one holder name, or the
    same-name rule) is rarely the finding: such alerts get params['demoted'] = 'own_accounts' and go last."""
    index = {a: i for i, a in enumerate(ledger.accounts)}
    keep, last = [], []
    for alert in alerts:
        ids = [index[a] for a in alert.accounts if a in index]
        keys = {name_key(ledger.names[i]) for i in ids}
        own = alert.rule == "same_name_transfers" or (len(ids) >= 2 and len(keys) == 1 and "" not in keys)
        if own:
            alert.params["demoted"] = "own_accounts"
            last.append(alert)
        else:
            keep.append(alert)
    return keep + last
