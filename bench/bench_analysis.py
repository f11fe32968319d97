"""All money-flow rules over a generated 1M-row ledger (~50k accounts, heavy-tailed, planted patterns).

Reports seconds (wall and CPU: the machine is shared, CPU time is steadier) per rule, the total and peak
memory, each as a ratio to a baseline measured in the same run (building and sorting the ledger arrays). Run: ./dev bench analysis [--rows N] [--accounts N]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.analysis.ledger import DAY, Ledger  # noqa: E402
from app.analysis.rules import RULES, run_rules  # noqa: E402

T0 = int(np.datetime64("2021-01-01T00:00:00", "s").astype(np.int64))


def generate(n_rows: int, n_accounts: int, seed: int = 7) -> tuple[dict, dict]:
    """Edge arrays for a year of payments: Zipf-like activity, lognormal amounts, daytime clock; plus patterns."""
    rng = np.random.default_rng(seed)
    n_edges = n_rows // 2  # every transfer shows on both sides
    weight = 1.0 / np.arange(1, n_accounts + 1) ** 0.9
    weight /= weight.sum()
    src = rng.choice(n_accounts, n_edges, p=weight)
    dst = rng.choice(n_accounts, n_edges, p=weight)
    dst = np.where(dst == src, (dst + 1) % n_accounts, dst)
    day = rng.integers(0, 365, n_edges)
    clock = np.clip(rng.normal(14 * 3600, 3.5 * 3600, n_edges), 0, DAY - 1).astype(np.int64)
    amount = np.round(np.exp(rng.normal(7.5, 1.6, n_edges)), 2)
    edges = {"src": src, "dst": dst, "time": T0 + day * DAY + clock, "amount": amount}
    planted: dict[str, list] = {}
    extra: list[tuple[int, int, int, float]] = []
    base = n_accounts  # planted accounts beyond the normal ones
    for k in range(20):  # fast-in-fast-out: S → A → B within 20 minutes
        s, a, b = base, base + 1, base + 2
        base += 3
        t = T0 + (10 + k * 15) * DAY + 10 * 3600
        extra += [(s, a, t, 300_000.0), (a, b, t + 1200, 295_000.0)]
        planted.setdefault("fast_in_fast_out", []).append(a)
    for k in range(20):  # scatter-in gather-out: 6 payers in 3 days, all out to one
        a, z = base, base + 1
        t = T0 + (20 + k * 15) * DAY
        extra += [(base + 2 + i, a, t + i * 12 * 3600, 40_000.0) for i in range(6)]
        extra.append((a, z, t + 4 * DAY, 235_000.0))
        base += 8
        planted.setdefault("scatter_in_gather_out", []).append(a)
    for k in range(20):  # cycles of 4 hops, one day apart
        ring = [base + i for i in range(4)]
        base += 4
        t = T0 + (30 + k * 15) * DAY
        extra += [(ring[i], ring[(i + 1) % 4], t + i * DAY, 120_000.0 - 2_000 * i) for i in range(4)]
        planted.setdefault("cycles", []).append(ring[0])
    for k in range(20):  # threshold evasion: 6 × 49,500 in two weeks
        a = base
        base += 1
        t = T0 + (40 + k * 15) * DAY
        extra += [(a, base + i, t + i * 2 * DAY, 49_500.0) for i in range(6)]
        base += 6
        planted.setdefault("threshold_evasion", []).append(a)
    for k in range(20):  # night transfers
        a, b = base, base + 1
        base += 2
        extra.append((a, b, T0 + (50 + k * 15) * DAY + 2 * 3600, 150_000.0))
        planted.setdefault("night_transfers", []).append(a)
    for k in range(20):  # identical-amount relay: one non-round amount through 4 accounts, hops in any order
        chain = [base + i for i in range(4)]
        base += 4
        x = 37_613.27 + 1_000 * k
        days = rng.permutation(3) * 2
        extra += [(chain[i], chain[i + 1], T0 + (60 + k * 15 + int(days[i])) * DAY + 11 * 3600, x) for i in range(3)]
        planted.setdefault("identical_amount_relay", []).append(chain[1])
    for k in range(20):  # ant moving: 25 similar small payments into one account in 3 days
        a = base
        base += 1
        t = T0 + (70 + k * 15) * DAY
        extra += [(base + i, a, t + i * 3 * 3600, 4_900.0 + 7 * i) for i in range(25)]
        base += 25
        planted.setdefault("ant_moving", []).append(a)
    for k in range(20):  # split fan-in: 3 payers, each 3 near-identical payments on one day, to one payee
        a = base
        t = T0 + (80 + k * 15) * DAY
        extra += [(base + 1 + j, a, t + j * DAY + i * 3600, 9_800.0 + 13 * i + 5 * j) for j in range(3) for i in range(3)]
        base += 4
        planted.setdefault("split_fan_in", []).append(a)
    if extra:
        e = np.array(extra, dtype=np.float64)
        for key, col in (("src", 0), ("dst", 1), ("time", 2), ("amount", 3)):
            edges[key] = np.concatenate([edges[key], e[:, col].astype(edges[key].dtype)])
    edges["n_accounts"] = base
    return edges, planted


def build_ledger(edges: dict) -> Ledger:
    """Both sides of every transfer, then the (account, time) sort the rules rely on."""
    n = len(edges["src"])
    ids = np.arange(1, n + 1, dtype=np.int64)
    a = edges["amount"]
    return Ledger(accounts=[f"62220{i:011d}" for i in range(edges["n_accounts"])], row=np.r_[ids, ids],
                  acct=np.r_[edges["src"], edges["dst"]].astype(np.int32),
                  cp=np.r_[edges["dst"], edges["src"]].astype(np.int32),
                  time=np.r_[edges["time"], edges["time"]].astype(np.int64), amount=np.r_[-a, a])


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--accounts", type=int, default=50_000)
    args = ap.parse_args()
    edges, planted = generate(args.rows, args.accounts)
    mem_before = peak_mb()
    t, c = time.perf_counter(), time.process_time()
    ledger = build_ledger(edges)
    baseline, baseline_cpu = time.perf_counter() - t, time.process_time() - c
    print(f"ledger: {len(ledger):,} rows, {ledger.n_accounts:,} accounts; baseline (build + sort) {baseline:.2f} s"
          f" (CPU {baseline_cpu:.2f} s)")
    params = {"tracing": {"accounts": ledger.accounts[planted["fast_in_fast_out"][0] - 1]},
              "common_counterparties": {"accounts": ",".join(ledger.accounts[:3])}}
    results = {}
    total = total_cpu = 0.0
    for rule in RULES:
        t, c = time.perf_counter(), time.process_time()
        alerts = run_rules(ledger, [rule], params)
        secs, cpu = time.perf_counter() - t, time.process_time() - c
        total += secs
        total_cpu += cpu
        flagged = {a for al in alerts for a in al.accounts}
        want = planted.get(rule, [])
        found = sum(ledger.accounts[x] in flagged for x in want)
        # Ranked rules: how many planted accounts are in the first len(want) alerts (the top of the panel).
        top = {a for al in alerts[: len(want)] for a in al.accounts}
        on_top = sum(ledger.accounts[x] in top for x in want)
        results[rule] = {"seconds": round(secs, 3), "cpu_seconds": round(cpu, 3), "ratio": round(secs / baseline, 2),
                         "alerts": len(alerts),
                         "planted_found": f"{found}/{len(want)}" if want else "",
                         "planted_in_top": f"{on_top}/{len(want)}" if want else ""}
        print(f"  {rule:24} {secs:7.2f} s (CPU {cpu:5.2f})  x{secs / baseline:6.2f}  alerts={len(alerts):7,}  "
              + (f"planted found {found}/{len(want)}, in top {len(want)}: {on_top}" if want else ""))
    peak = peak_mb()
    print(f"all rules: {total:.2f} s, CPU {total_cpu:.2f} s (x{total / baseline:.1f} baseline, CPU"
          f" x{total_cpu / max(baseline_cpu, 1e-9):.1f}); peak RSS {peak:.0f} MB "
          f"(before ledger {mem_before:.0f} MB)")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "analysis.json").write_text(json.dumps({"rows": len(ledger), "accounts": ledger.n_accounts,
                                                   "baseline_s": round(baseline, 3), "total_s": round(total, 2),
                                                   "baseline_cpu_s": round(baseline_cpu, 3),
                                                   "total_cpu_s": round(total_cpu, 2),
                                                   "peak_rss_mb": round(peak), "rules": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
