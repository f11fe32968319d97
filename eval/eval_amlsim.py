"""Recall/precision of laundering accounts (AMLSim nodes.csv isFraud) found by the cycle and fan-in rules.

AMLSim time is a step number; we read one step as one day. Amounts are not CNY-scale, so the CNY
minimum-amount defaults are set to 0 here; every parameter used is printed with the figures.
Run: ./dev eval amlsim   (reads ../shared/data/amlsim; writes eval/out/amlsim.json)
"""

from __future__ import annotations

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
from app.analysis.scatter_gather import ScatterGatherParams, scatter_in_gather_out  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "amlsim"
STEPS = 150  # AMLSim runs 149 steps; a pattern may spread over all of them

SETTINGS = {
    "20K_cycle200": ("cycles", [
        ("cycle, unordered, ±20% (CNY default tolerance)",
         CycleParams(min_amount=0, window_s=STEPS * DAY, ordered=False)),
        ("cycle, unordered, ±1% (AMLSim passes one amount round)",
         CycleParams(min_amount=0, window_s=STEPS * DAY, ordered=False, tolerance=0.01)),
        ("cycle, time-respecting, ±1%, gap 30 steps",
         CycleParams(min_amount=0, window_s=STEPS * DAY, max_gap_s=30 * DAY, tolerance=0.01)),
    ]),
    "20K_fanin200": ("scatter_in", [
        ("fan-in ≥5 payers in 5 steps, no gather-out, no amount cap",
         ScatterGatherParams(min_total=0, require_gather=False)),
        ("fan-in ≥3 payers in 150 steps, no gather-out, no amount cap",
         ScatterGatherParams(min_sources=3, window_s=STEPS * DAY, min_total=0, require_gather=False)),
        # AMLSim draws normal payments from [100, 600) (its configuration); laundering ones are smaller.
        ("fan-in ≥3 payers in 150 steps, inflows < 100 (simulator knowledge)",
         ScatterGatherParams(min_sources=3, window_s=STEPS * DAY, min_total=0, require_gather=False,
                             max_inflow=99.99)),
    ]),
}


def ceiling(name: str, ledger, fraud: set[int]) -> dict:
    """Label-informed upper bound: laundering accounts a pattern rule could see at all in this data."""
    src, dst, t, a, r = ledger.edges()
    both = np.isin(src, list(fraud)) & np.isin(dst, list(fraud)) & (a < 100)
    touched = set(src[both].tolist()) | set(dst[both].tolist())
    out = {"accounts_with_laundering_transfer": len(touched)}
    if name == "20K_cycle200":
        sub = from_int_edges(src[both], dst[both], a[both], t[both], n_accounts=ledger.n_accounts)
        closed = find_cycles(sub, CycleParams(min_amount=0, window_s=STEPS * DAY, ordered=False, tolerance=0.01,
                                              max_depth=20))
        out["accounts_on_closed_cycle"] = len({int(x) for al in closed for x in al.accounts})
    return out


def load(name: str):
    tx = np.loadtxt(DATA / name / "transactions.csv", delimiter=",", skiprows=1)
    nodes = np.loadtxt(DATA / name / "nodes.csv", delimiter=",", skiprows=1)
    fraud = set(nodes[nodes[:, 1] == 1, 0].astype(int).tolist())
    ledger = from_int_edges(tx[:, 0].astype(np.int64), tx[:, 1].astype(np.int64), tx[:, 2],
                            tx[:, 3].astype(np.int64) * DAY, n_accounts=len(nodes))
    return ledger, fraud


def score(flagged: set[int], fraud: set[int]) -> dict:
    tp = len(flagged & fraud)
    return {"flagged": len(flagged), "true_positive": tp,
            "recall": round(tp / len(fraud), 4) if fraud else 0.0,
            "precision": round(tp / len(flagged), 4) if flagged else 0.0}


def main() -> int:
    if not DATA.exists():
        print(f"skipped: {DATA} not found (public AMLSim data lives in ../shared/data)")
        return 0
    results = []
    for name, (rule, settings) in SETTINGS.items():
        ledger, fraud = load(name)
        bound = ceiling(name, ledger, fraud)
        print(f"{name}: {len(fraud)} laundering accounts; ceiling (from labels): {bound}")
        results.append({"data": name, "ceiling": bound})
        for label, params in settings:
            t = time.perf_counter()
            alerts = find_cycles(ledger, params) if rule == "cycles" else scatter_in_gather_out(ledger, params)
            secs = time.perf_counter() - t
            flagged = {int(a) for al in alerts for a in al.accounts}
            res = {"data": name, "rule": rule, "setting": label, "alerts": len(alerts), "seconds": round(secs, 2),
                   **score(flagged, fraud), "fraud_accounts": len(fraud), "params": asdict(params)}
            results.append(res)
            print(f"{name:14} {label:58} alerts={len(alerts):5} flagged={res['flagged']:5} "
                  f"recall={res['recall']:.3f} precision={res['precision']:.3f} ({secs:.1f}s)")
    out = ROOT / "eval" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "amlsim.json").write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
