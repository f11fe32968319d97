"""Recall/precision of laundering accounts (AMLSim nodes.csv isFraud) found by the cycle and fan-in rules.

AMLSim time is a step number; we read one step as one day. Amounts are not CNY-scale, so the CNY
minimum-amount defaults are set to 0 here; every parameter used is printed with the figures.
Run: ./dev eval amlsim   (reads ../shared/data/amlsim; writes eval/out/amlsim.json)
     ./dev eval amlsim --data DIR [--data DIR ...]   (the headline settings, unchanged, on any other AMLSim
     folder with nodes.csv (nodeid, isFraud[, ...]) and transactions.csv (src, dst, value, step))
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.analysis.cycles import CycleParams, find_cycles  # noqa: E402
from app.analysis.ledger import DAY, from_int_edges  # noqa: E402
from app.analysis.relay import RelayParams, identical_amount_relay  # noqa: E402
from app.analysis.scatter_gather import ScatterGatherParams, scatter_in_gather_out  # noqa: E402
from app.analysis.split_fan_in import SplitFanInParams, split_fan_in  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "amlsim"
STEPS = 150  # AMLSim runs 149 steps; a pattern may spread over all of them

def cycle_typology(ledger, params: SplitFanInParams) -> list:
    """Everything the cycle typology leaves in a ledger: closed amount-consistent cycles (any time order, ±1%),
    open ones (identical-amount relay chains, defaults with min_amount 0) and split payments (these params)."""
    return (find_cycles(ledger, CycleParams(**CYCLE_DEFAULT, tolerance=0.01))
            + identical_amount_relay(ledger, RelayParams(min_amount=0)) + split_fan_in(ledger, params))


CYCLE_DEFAULT = dict(min_amount=0, window_s=STEPS * DAY, ordered=False)
SPLIT_ONE = SplitFanInParams(min_payers=1, min_split_payers=1)  # split payments: one payer's same-day near-identical burst is enough
FAN_IN = dict(window_s=STEPS * DAY, min_split_payers=1)  # a fan-in may spread over the whole run
SETTINGS = {
    "20K_cycle200": [
        ("cycle, unordered, ±20% (CNY default tolerance)", find_cycles, CycleParams(**CYCLE_DEFAULT)),
        ("cycle, unordered, ±1% (amount-consistent, any time order)", find_cycles,
         CycleParams(**CYCLE_DEFAULT, tolerance=0.01)),
        ("cycle, unordered, +1%/-11% (each hop may keep back 10%)", find_cycles,
         CycleParams(**CYCLE_DEFAULT, tolerance=0.01, max_decay=0.10)),
        ("cycle, time-respecting, ±1%, gap 30 steps", find_cycles,
         CycleParams(min_amount=0, window_s=STEPS * DAY, max_gap_s=30 * DAY, tolerance=0.01)),
        ("relay, exact amount, ≥3 accounts (defaults, min_amount 0)", identical_amount_relay,
         RelayParams(min_amount=0)),
        ("relay, exact amount, ≥4 accounts", identical_amount_relay, RelayParams(min_amount=0, min_accounts=4)),
        ("relay, ±1% amount", identical_amount_relay, RelayParams(min_amount=0, tolerance=0.01)),
        ("relay, exact, received and sent on within 30 steps", identical_amount_relay,
         RelayParams(min_amount=0, max_gap_s=30 * DAY)),
        ("split payments: one payer, ≥2 near-identical same-day payments (min_payers 1)", split_fan_in, SPLIT_ONE),
        ("cycle typology: cycles ±1% ∪ relay ∪ split payments", cycle_typology, SPLIT_ONE),
    ],
    "20K_fanin200": [
        ("fan-in ≥5 payers in 5 steps, no gather-out, no amount cap", scatter_in_gather_out,
         ScatterGatherParams(min_total=0, require_gather=False)),
        # AMLSim draws normal payments from [100, 600) (its configuration); laundering ones are smaller.
        ("fan-in ≥3 payers in 150 steps, inflows < 100 (simulator knowledge)", scatter_in_gather_out,
         ScatterGatherParams(min_sources=3, window_s=STEPS * DAY, min_total=0, require_gather=False,
                             max_inflow=99.99)),
        ("split fan-in (defaults: 30 steps, ±25%, 2 split payers, band ±25%)", split_fan_in, SplitFanInParams()),
        ("split fan-in, bursts only (band off), ≥2 split payers in 150 steps", split_fan_in,
         SplitFanInParams(window_s=STEPS * DAY, band=None)),
        ("split fan-in, 150 steps, ≥2 payers", split_fan_in, SplitFanInParams(**FAN_IN)),
        ("split fan-in, 150 steps, ≥3 payers", split_fan_in, SplitFanInParams(**FAN_IN, min_payers=3)),
        ("split fan-in, 150 steps, burst ±50%, ≥2 payers", split_fan_in, SplitFanInParams(**FAN_IN, tolerance=0.5)),
        ("split fan-in, 150 steps, burst ±50%, ≥3 payers", split_fan_in,
         SplitFanInParams(**FAN_IN, tolerance=0.5, min_payers=3)),
        ("split payments: one payer, ≥2 near-identical same-day payments (min_payers 1)", split_fan_in, SPLIT_ONE),
        ("split fan-in, 150 steps, burst ±50%, ≥1 payer (a lone split payer too)", split_fan_in,
         SplitFanInParams(**FAN_IN, tolerance=0.5, min_payers=1)),
        ("relay, exact amount, ≥3 accounts (defaults, min_amount 0)", identical_amount_relay,
         RelayParams(min_amount=0)),
    ],
}


def all_typologies(ledger, params: SplitFanInParams) -> list:
    """The cycle typology rules and the fan-in setting together (for ledgers with both patterns)."""
    return cycle_typology(ledger, SPLIT_ONE) + split_fan_in(ledger, params)


FAN_IN_BEST = SplitFanInParams(**FAN_IN, tolerance=0.5, min_payers=1)
# Chosen on the two shared sets, then run unchanged on any other ledger (--data).
HEADLINE = [
    ("cycle, unordered, ±1% (amount-consistent, any time order)", find_cycles,
     CycleParams(**CYCLE_DEFAULT, tolerance=0.01)),
    ("cycle typology: cycles ±1% ∪ relay ∪ split payments", cycle_typology, SPLIT_ONE),
    ("split fan-in, 150 steps, burst ±50%, ≥2 payers", split_fan_in, SplitFanInParams(**FAN_IN, tolerance=0.5)),
    ("split fan-in, 150 steps, burst ±50%, ≥1 payer (a lone split payer too)", split_fan_in, FAN_IN_BEST),
    ("all: cycle typology ∪ split fan-in (≥1 payer)", all_typologies, FAN_IN_BEST),
]


def ceiling(ledger, fraud: set[int], step: dict[int, int] | None) -> dict:
    """Label-informed upper bound: laundering accounts a pattern rule could see at all in this data.

    A laundering-sized transfer is one between two laundering accounts below 100 (AMLSim draws normal
    payments from [100, 600)); fraudStep = -1 marks laundering accounts that never sent laundering money."""
    src, dst, t, a, r = ledger.edges()
    both = np.isin(src, list(fraud)) & np.isin(dst, list(fraud)) & (a < 100)
    touched = set(src[both].tolist()) | set(dst[both].tolist())
    once = np.bincount(np.r_[src[both], dst[both]], minlength=ledger.n_accounts)
    out = {"accounts_with_laundering_transfer": len(touched),
           "recall_ceiling": round(len(touched) / max(len(fraud), 1), 4),
           "accounts_with_one_laundering_transfer": int((once == 1).sum())}
    if step is not None:
        out["fraud_step_minus_1"] = sum(step[f] < 0 for f in fraud)
        out["fraud_step_minus_1_with_laundering_transfer"] = sum(step[f] < 0 for f in touched)
    sub = from_int_edges(src[both], dst[both], a[both], t[both], n_accounts=ledger.n_accounts)
    closed = find_cycles(sub, CycleParams(min_amount=0, window_s=STEPS * DAY, ordered=False, tolerance=0.01,
                                          max_depth=20))
    out["accounts_on_closed_cycle"] = len({int(x) for al in closed for x in al.accounts})
    out["hidden_accounts_best_guess"] = hidden_bound(src, dst, both, fraud, touched)
    return out


def hidden_bound(src, dst, both, fraud: set[int], seen: set[int]) -> dict:
    """How well could anyone guess the laundering accounts that never moved laundering money?

    AMLSim draws a pattern's members from one hub's counterparties; the best structural guess is "the other
    counterparties of a hub shared by ≥2 accounts of one visible laundering group". Its size and precision."""
    nb: dict[int, set] = {}
    for x, y in zip(src[~both].tolist(), dst[~both].tolist(), strict=True):
        nb.setdefault(x, set()).add(y)
        nb.setdefault(y, set()).add(x)
    parent = {x: x for x in seen}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in zip(src[both].tolist(), dst[both].tolist(), strict=True):
        parent[root(x)] = root(y)
    groups: dict[int, list] = {}
    for x in seen:
        groups.setdefault(root(x), []).append(x)
    guess: set[int] = set()
    for members in groups.values():
        count: dict[int, int] = {}
        for m in members:
            for h in nb.get(m, ()):
                count[h] = count.get(h, 0) + 1
        for h, c in count.items():
            if c >= 2:
                guess |= {h} | nb.get(h, set())
    guess -= seen
    hidden = fraud - seen
    return {"hidden": len(hidden), "guessed": len(guess), "hidden_in_guess": len(guess & hidden),
            "precision": round(len(guess & hidden) / max(len(guess), 1), 3)}


def limits(ledger, fraud: set[int], step: dict[int, int] | None, flagged: set[int]) -> dict:
    """Why laundering accounts are missed, from their laundering-sized transfers (both ends laundering, < 100)."""
    src, dst, t, a, r = ledger.edges()
    both = np.isin(src, list(fraud)) & np.isin(dst, list(fraud)) & (a < 100)
    cents = np.round(a * 100).astype(np.int64)
    got: dict[int, set] = {}
    sent: dict[int, set] = {}
    for s_, d_, c_ in zip(src[both].tolist(), dst[both].tolist(), cents[both].tolist(), strict=True):
        sent.setdefault(s_, set()).add(c_)
        got.setdefault(d_, set()).add(c_)
    why: dict[str, int] = {}
    for f in sorted(fraud - flagged):
        if f not in got and f not in sent:
            k = "no laundering-sized transfer" + (" (fraudStep -1)" if step and step[f] < 0 else "")
        elif f not in sent:
            k = "only receives laundering money (ring end or unclosed hop)"
        elif f not in got:
            k = "only sends laundering money (ring start, its inflow never happened)"
        elif got[f] & sent[f]:
            k = "relays an amount, but its neighbours do not (2-account group)"
        else:
            k = "receives and sends different amounts"
        why[k] = why.get(k, 0) + 1
    return dict(sorted(why.items(), key=lambda kv: -kv[1]))


def load(folder: Path):
    """Ledger, laundering accounts and fraudStep per account (None where the file has no such column)."""
    tx = np.loadtxt(folder / "transactions.csv", delimiter=",", skiprows=1)
    nodes = np.loadtxt(folder / "nodes.csv", delimiter=",", skiprows=1)
    fraud = set(nodes[nodes[:, 1] == 1, 0].astype(int).tolist())
    step = None
    if nodes.shape[1] > 3:
        step = dict(zip(nodes[:, 0].astype(int).tolist(), nodes[:, 3].astype(int).tolist(), strict=True))
    n = max(len(nodes), int(tx[:, :2].max()) + 1)
    ledger = from_int_edges(tx[:, 0].astype(np.int64), tx[:, 1].astype(np.int64), tx[:, 2],
                            tx[:, 3].astype(np.int64) * DAY, n_accounts=n)
    return ledger, fraud, step


def score(flagged: set[int], fraud: set[int]) -> dict:
    tp = len(flagged & fraud)
    return {"flagged": len(flagged), "true_positive": tp,
            "recall": round(tp / len(fraud), 4) if fraud else 0.0,
            "precision": round(tp / len(flagged), 4) if flagged else 0.0}


def run(name: str, folder: Path, settings: list, results: list) -> None:
    ledger, fraud, step = load(folder)
    bound = ceiling(ledger, fraud, step)
    seen = {f for f in fraud if step[f] >= 0} if step is not None else None
    print(f"{name}: {len(fraud)} laundering accounts" + (f" ({len(seen)} with fraudStep >= 0)" if seen else "")
          + f"; ceiling: {bound}")
    results.append({"data": name, "ceiling": bound})
    for label, func, params in settings:
        t = time.perf_counter()
        alerts = func(ledger, params)
        secs = time.perf_counter() - t
        flagged = {int(a) for al in alerts for a in al.accounts}
        res = {"data": name, "rule": func.__name__, "setting": label, "alerts": len(alerts),
               "seconds": round(secs, 2), **score(flagged, fraud), "fraud_accounts": len(fraud),
               "recall_of_ceiling": round(len(flagged & fraud) / max(bound["accounts_with_laundering_transfer"], 1), 4),
               "params": asdict(params)}
        if seen is not None:
            res["recall_fraud_step_ge_0"] = round(len(flagged & seen) / max(len(seen), 1), 4)
        if func is identical_amount_relay and label.startswith("relay, exact amount, ≥3"):
            res["missed_because"] = limits(ledger, fraud, step, flagged)
        results.append(res)
        print(f"{name[:14]:14} {label:70} alerts={len(alerts):5} flagged={res['flagged']:5} "
              f"R={res['recall']:.3f} P={res['precision']:.3f} R/ceiling={res['recall_of_ceiling']:.3f} ({secs:.1f}s)")
        if "missed_because" in res:
            print(f"{'':14} missed laundering accounts: {res['missed_because']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", action="append", type=Path, default=[],
                    help="another AMLSim folder (nodes.csv, transactions.csv): run the headline settings on it")
    args = ap.parse_args(argv)
    results: list = []
    out = ROOT / "eval" / "out"
    out.mkdir(parents=True, exist_ok=True)
    if args.data:
        for folder in args.data:
            run(folder.name, folder, HEADLINE, results)
        (out / "amlsim_other.json").write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
        return 0
    if not DATA.exists():
        print(f"skipped: {DATA} not found (public AMLSim data lives in ../shared/data)")
        return 0
    for name, settings in SETTINGS.items():
        run(name, DATA / name, settings, results)
    (out / "amlsim.json").write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
