"""Crash-safety harness (issue 11): SIGKILL import, analysis and export at random points, resume, compare.

A synthetic dossier is imported once without interruption (all stages) as the reference. Each trial
runs `python -m app import` in its own process group, kills the group with SIGKILL after a random delay
spread over the reference duration, then runs the same import again to completion and checks: every
page present exactly once, mentions (set of (document, page, label, value)), transactions, entities
and relations as in the reference, FTS rows = pages with text, PRAGMA integrity_check ok, audit chain
intact. The same for a kill during `caselens analyze` (alerts must match after a re-run) and during
`caselens export transactions` (the output is absent or complete, never partial). The code under test
(app, nlp, resources) is copied once at the start, so edits to the checkout during a run change nothing.

Workstation faults (issue 24), each followed by a normal resume that must give the reference case: a disk
that fills mid-import (SQLite's max_page_count: SQLITE_FULL), an I/O error while pages are written, a case
that turns read-only (PRAGMA query_only: SQLite's read-only answer), and a source file removed between two
runs of a resumed import. The faulty run must end with its code (E022, E023, E024, E001), exit 2 or 1, and
no traceback.

Usage: ./dev bench crash [--trials 20] [--pages 24] [--scanned] [--analysis-trials 5] [--export-trials 5]
                         [--fault-trials 2]
       ./dev bench crash --scanned --pages 12 --trials 5
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import OUT  # noqa: E402

CODE = ROOT  # replaced by a frozen copy in main()


def freeze_code(work: Path) -> Path:
    """A private copy of the code and models: every run of the harness sees the same program."""
    frozen = work / "code"
    for part in ("app", "nlp", "domain", "devkit", "resources"):  # devkit: the harness runs `caselens synth`
        shutil.copytree(ROOT / part, frozen / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return frozen


def cli(args: list[str], *, home: Path, kill_after: float | None = None, timeout: float = 1800
        ) -> tuple[int | None, float, str]:
    """Run `python -m app ARGS`; with kill_after, SIGKILL its whole process group then. Returns (rc, s, stderr)."""
    env = dict(os.environ, CASELENS_HOME=str(home), PYTHONDONTWRITEBYTECODE="1", QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(CODE))
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "app", *args], cwd=CODE, env=env, stdout=subprocess.DEVNULL,
                                stderr=err, start_new_session=True)
        killed = False
        try:
            if kill_after is not None:
                try:
                    proc.wait(timeout=kill_after)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)  # the process and its OCR/page workers: a power cut
                    killed = True
            rc = proc.wait(timeout=timeout)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return (None if killed else rc), time.perf_counter() - start, text


def snapshot(case: Path) -> dict:
    """What must survive any crash, as comparable values; plus the integrity facts of the file."""
    conn = sqlite3.connect(f"file:{case}?mode=ro", uri=True)
    try:
        q = conn.execute
        pages = q("SELECT d.name, p.number FROM pages p JOIN documents d ON d.id = p.document_id").fetchall()
        texts = hashlib.sha256()
        for name, number, text in q("SELECT d.name, p.number, p.text FROM pages p JOIN documents d"
                                    " ON d.id = p.document_id ORDER BY d.name, p.number"):
            texts.update(f"{name}\x1f{number}\x1f{text}\x1e".encode())
        mentions = sorted(q("SELECT d.name, p.number, m.label, coalesce(m.value, m.text) FROM mentions m"
                            " JOIN pages p ON p.id = m.page_id JOIN documents d ON d.id = p.document_id"))
        tx = sorted(tuple(map(str, r)) for r in q("SELECT holder_account, time, amount, cp_account, page_id IS NULL"
                                                   " FROM transactions"))
        alerts = sorted(tuple(map(str, r)) for r in q("SELECT rule, accounts, amount, start, end, transactions"
                                                       " FROM alerts"))
        return {
            "documents": sorted(q("SELECT name, status, page_count FROM documents").fetchall()),
            "pages": len(pages), "distinct_pages": len(set(pages)),
            "expected_pages": q("SELECT coalesce(sum(page_count), 0) FROM documents").fetchone()[0],
            "page_text_sha": texts.hexdigest(),
            "page_status": sorted(q("SELECT status, count(*) FROM pages GROUP BY status").fetchall()),
            "mentions": len(mentions), "mention_set": hashlib.sha256(repr(mentions).encode()).hexdigest(),
            "transactions": len(tx), "transaction_set": hashlib.sha256(repr(tx).encode()).hexdigest(),
            "entities": q("SELECT count(*) FROM entities").fetchone()[0],
            "relations": q("SELECT count(*) FROM relations").fetchone()[0],
            "alerts": len(alerts), "alert_set": hashlib.sha256(repr(alerts).encode()).hexdigest(),
            "fts": q("SELECT count(*) FROM page_fts").fetchone()[0],
            "pages_with_text": q("SELECT count(*) FROM pages WHERE text != ''").fetchone()[0],
            "integrity": q("PRAGMA integrity_check").fetchone()[0],
            "audit_ok": not _audit_problems(conn),
        }
    finally:
        conn.close()


def _audit_problems(conn: sqlite3.Connection) -> list[str]:
    from app.store.audit import verify_chain

    return verify_chain(conn)


COMPARED = ("documents", "pages", "page_text_sha", "page_status", "mentions", "mention_set", "transactions",
            "transaction_set", "entities", "relations")


def problems(snap: dict, ref: dict, keys: tuple[str, ...] = COMPARED) -> list[str]:
    out = [f"{k}: {snap[k]!r} != reference {ref[k]!r}" for k in keys if snap[k] != ref[k]]
    if snap["distinct_pages"] != snap["pages"]:
        out.append(f"duplicate pages: {snap['pages']} rows, {snap['distinct_pages']} distinct")
    if snap["pages"] != snap["expected_pages"]:
        out.append(f"pages {snap['pages']} != page_count sum {snap['expected_pages']}")
    if snap["fts"] != snap["pages_with_text"]:
        out.append(f"fts rows {snap['fts']} != pages with text {snap['pages_with_text']}")
    if snap["integrity"] != "ok":
        out.append(f"integrity_check: {snap['integrity']}")
    if not snap["audit_ok"]:
        out.append("audit chain broken")
    return out


def import_trials(pdf: Path, work: Path, n: int, rng: random.Random, log: list) -> dict:
    home = work / "home_ref"
    case = work / "reference.case"
    rc, ref_s, err = cli(["import", str(pdf), "--case", str(case)], home=home)
    if rc not in (0, 1):
        raise SystemExit(f"reference import failed ({rc}): {err[-2000:]}")
    ref = snapshot(case)
    print(f"reference import: {ref_s:.1f} s, {ref['pages']} pages, {ref['mentions']} mentions, "
          f"{ref['transactions']} transactions, {ref['entities']} entities", flush=True)
    out = {"kind": "import", "reference_seconds": round(ref_s, 2), "reference": {k: ref[k] for k in (
        "pages", "mentions", "transactions", "entities", "relations", "fts")},
        "trials": 0, "killed": 0, "survived": 0, "mismatches": 0, "pages_lost": 0}
    for i in range(n):
        trial_case = work / f"import_{i}.case"
        trial_home = work / f"home_{i}"  # own OCR cache: a resumed trial must not be served by another's
        delay = rng.uniform(0.0, ref_s)
        killed_rc, _, _ = cli(["import", str(pdf), "--case", str(trial_case)], home=trial_home, kill_after=delay)
        rc, resume_s, err = cli(["import", str(pdf), "--case", str(trial_case)], home=trial_home)
        snap = snapshot(trial_case)
        found = problems(snap, ref)
        if rc not in (0, 1):
            found.append(f"resume exit code {rc}: {err[-500:]}")
        out["trials"] += 1
        out["killed"] += killed_rc is None
        out["survived"] += not found
        out["mismatches"] += bool(found)
        out["pages_lost"] += max(0, ref["pages"] - snap["distinct_pages"])
        log.append({"fault": "import", "trial": i, "kill_after_s": round(delay, 2), "killed": killed_rc is None,
                    "resume_s": round(resume_s, 2), "problems": found})
        print(f"  import trial {i + 1}/{n}: kill at {delay:5.1f} s {'(finished first)' if killed_rc is not None else ''}"
              f" -> {'OK' if not found else 'FAIL ' + '; '.join(found)}", flush=True)
        shutil.rmtree(trial_home, ignore_errors=True)
        if not found:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{trial_case}{suffix}").unlink(missing_ok=True)
    out["reference_case"] = str(case)
    return out


# A process that runs the CLI with one fault injected through SQLite's own limits or an OSError; no
# hook in the product. argv: FAULT N ARGS... (N: pages or database pages before the fault).
FAULTY = r"""
import errno, sqlite3, sys
from app.store import db
from app.services import case as case_service
from app.store import pages as store_pages
fault, n, argv = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
real_open, real_add = db.open_case, store_pages.add_page
def faulty_open(path, **kw):
    conn = real_open(path, **kw)
    if not kw.get("readonly"):
        if fault == "disk_full":
            conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0] + n}")
        elif fault == "read_only":
            conn.execute("PRAGMA query_only = ON")
    return conn
added = [0]
def faulty_add(conn, document_id, page):
    added[0] += 1
    if fault == "io_error" and added[0] > n:
        raise OSError(errno.EIO, "Input/output error", None)
    return real_add(conn, document_id, page)
db.open_case = case_service.open_case = faulty_open
store_pages.add_page = faulty_add
import app.services.imports as imports
imports.add_page = faulty_add
from app.cli.main import main
sys.exit(main(argv))
"""
FAULTS = {"disk_full": ("E022", 40), "io_error": ("E023", 5), "read_only": ("E024", 0)}


def fault_trials(pdf: Path, ref_case: Path, work: Path, n: int, log: list) -> dict:
    """Each workstation fault n times: the faulty run ends in its code without a traceback; the resume gives
    the reference case, nothing lost or doubled."""
    ref = snapshot(ref_case)
    script = work / "faulty.py"
    script.write_text(FAULTY, encoding="utf-8")
    out = {"kind": "faults", "trials": 0, "killed": 0, "survived": 0, "mismatches": 0, "by_fault": {}}
    for fault, (code, limit) in [*FAULTS.items(), ("source_removed", ("E001", 0))]:
        ok = 0
        for i in range(n):
            case, home = work / f"{fault}_{i}.case", work / f"home_{fault}_{i}"
            found: list[str] = []
            if fault == "source_removed":
                moved = work / f"away_{i}.pdf"
                cli(["import", str(pdf), "--case", str(case)], home=home, kill_after=0.4 + i * 0.7)
                pdf.rename(moved)
                try:
                    rc, _, err = cli(["import", str(pdf), "--case", str(case)], home=home)
                finally:
                    moved.rename(pdf)
            else:
                rc, _, err = run_faulty(script, fault, limit, ["import", str(pdf), "--case", str(case)], home)
            if fault == "source_removed":  # a problem of the run, listed on stdout and kept in the case
                conn = sqlite3.connect(case)
                if not conn.execute("SELECT count(*) FROM issues WHERE code = ?", (code,)).fetchone()[0]:
                    found.append(f"{fault}: no {code} recorded in the case")
                conn.close()
            elif code not in err:
                found.append(f"{fault}: no {code} in the message: {err[-300:]!r}")
            if "Traceback" in err:
                found.append(f"{fault}: traceback printed")
            if rc == 0:
                found.append(f"{fault}: exit code 0")
            rc2, _, err2 = cli(["import", str(pdf), "--case", str(case)], home=home)
            snap = snapshot(case)
            found += problems(snap, ref)
            if rc2 not in (0, 1):
                found.append(f"{fault}: resume exit code {rc2}: {err2[-300:]}")
            out["trials"] += 1
            out["survived"] += not found
            out["mismatches"] += bool(found)
            ok += not found
            log.append({"fault": fault, "trial": i, "problems": found})
            print(f"  {fault} trial {i + 1}/{n}: {'OK' if not found else 'FAIL ' + '; '.join(found)}", flush=True)
            shutil.rmtree(home, ignore_errors=True)
        out["by_fault"][fault] = f"{ok}/{n}"
    return out


def run_faulty(script: Path, fault: str, limit: int, args: list[str], home: Path) -> tuple[int | None, float, str]:
    env = dict(os.environ, CASELENS_HOME=str(home), PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(CODE))
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(script), fault, str(limit), *args], cwd=CODE, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=1800)
    return proc.returncode, time.perf_counter() - start, proc.stderr


def _copy_case(src: Path, dst: Path) -> None:
    conn = sqlite3.connect(src)
    try:
        conn.execute("VACUUM INTO ?", (str(dst),))
    finally:
        conn.close()


def analysis_trials(ref_case: Path, work: Path, n: int, rng: random.Random, log: list) -> dict:
    home = work / "home_ref"
    base = work / "analysis_ref.case"
    _copy_case(ref_case, base)
    rc, ref_s, err = cli(["analyze", "--case", str(base)], home=home)
    if rc != 0:
        raise SystemExit(f"reference analyze failed ({rc}): {err[-2000:]}")
    ref = snapshot(base)
    print(f"reference analyze: {ref_s:.1f} s, {ref['alerts']} alerts", flush=True)
    out = {"kind": "analyze", "reference_seconds": round(ref_s, 2), "reference_alerts": ref["alerts"],
           "trials": 0, "killed": 0, "survived": 0, "mismatches": 0}
    for i in range(n):
        case = work / f"analyze_{i}.case"
        _copy_case(ref_case, case)
        delay = rng.uniform(0.0, ref_s)
        killed_rc, _, _ = cli(["analyze", "--case", str(case)], home=home, kill_after=delay)
        after_kill = snapshot(case)
        found = [f"after kill: {p}" for p in problems(after_kill, ref, COMPARED)]
        if after_kill["alerts"] not in (0, ref["alerts"]):
            found.append(f"after kill: {after_kill['alerts']} alerts, neither none nor the reference's")
        rc, _, err = cli(["analyze", "--case", str(case)], home=home)
        snap = snapshot(case)
        found += problems(snap, ref, (*COMPARED, "alerts", "alert_set"))
        if rc != 0:
            found.append(f"re-run exit code {rc}: {err[-500:]}")
        out["trials"] += 1
        out["killed"] += killed_rc is None
        out["survived"] += not found
        out["mismatches"] += bool(found)
        log.append({"fault": "analyze", "trial": i, "kill_after_s": round(delay, 2), "killed": killed_rc is None,
                    "problems": found})
        print(f"  analyze trial {i + 1}/{n}: kill at {delay:4.1f} s {'(finished first)' if killed_rc is not None else ''}"
              f" -> {'OK' if not found else 'FAIL ' + '; '.join(found)}", flush=True)
        if not found:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{case}{suffix}").unlink(missing_ok=True)
    return out


def _csv_rows(path: Path) -> list[list[str]]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _xlsx_rows(path: Path) -> list[list]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


TX_COLUMNS = ("holder_account, holder_name, time, amount, balance, currency, cp_name, cp_account, cp_bank, channel,"
              " memo, serial, document_id, page_id, row_bbox, flags, source, fingerprint, extractor, version")


def inflate_ledger(case: Path, rows: int) -> int:
    """Repeat the ledger until it has `rows` rows, so an export takes long enough to be killed mid-write."""
    conn = sqlite3.connect(case)
    try:
        have = conn.execute("SELECT count(*) FROM transactions").fetchone()[0]
        while 0 < have < rows:
            conn.execute(f"INSERT INTO transactions ({TX_COLUMNS}) SELECT {TX_COLUMNS} FROM transactions LIMIT ?",
                         (rows - have,))
            conn.commit()
            have = conn.execute("SELECT count(*) FROM transactions").fetchone()[0]
        return have
    finally:
        conn.close()


def export_trials(ref_case: Path, work: Path, n: int, rng: random.Random, log: list, rows: int) -> dict:
    home = work / "home_ref"
    case = work / "export.case"
    _copy_case(ref_case, case)
    inflate_ledger(case, rows)
    ref_snap = snapshot(case)
    refs, durations = {}, {}
    for fmt in ("csv", "xlsx"):
        target = work / f"reference.{fmt}"
        rc, durations[fmt], err = cli(["export", "transactions", "--case", str(case), "--format", fmt, "-o",
                                       str(target)], home=home)
        if rc != 0:
            raise SystemExit(f"reference export failed ({rc}): {err[-2000:]}")
        refs[fmt] = _csv_rows(target) if fmt == "csv" else _xlsx_rows(target)
    print(f"reference export: csv {durations['csv']:.1f} s, xlsx {durations['xlsx']:.1f} s, "
          f"{len(refs['csv']) - 1} rows", flush=True)
    out = {"kind": "export", "reference_seconds": {k: round(v, 2) for k, v in durations.items()},
           "reference_rows": len(refs["csv"]) - 1, "trials": 0, "killed": 0, "survived": 0, "mismatches": 0,
           "partial_outputs": 0, "left_temp_files": 0}
    for i in range(n):
        fmt = ("csv", "xlsx")[i % 2]
        folder = work / f"export_{i}"
        folder.mkdir()
        target = folder / f"ledger.{fmt}"
        delay = rng.uniform(0.0, durations[fmt])
        args = ["export", "transactions", "--case", str(case), "--format", fmt, "-o", str(target)]
        killed_rc, _, _ = cli(args, home=home, kill_after=delay)
        found = []
        if target.exists():
            try:
                rows = _csv_rows(target) if fmt == "csv" else _xlsx_rows(target)
            except Exception as exc:  # a half-written XLSX is not a zip
                rows = f"unreadable: {type(exc).__name__}"
            if rows != refs[fmt]:
                out["partial_outputs"] += 1
                found.append(f"after kill the output exists but is not complete ({rows if isinstance(rows, str) else len(rows)})")
        leftovers = [p.name for p in folder.iterdir() if p != target]
        out["left_temp_files"] += len(leftovers)
        rc, _, err = cli(args, home=home)
        if rc != 0:
            found.append(f"re-run exit code {rc}: {err[-500:]}")
        elif (_csv_rows(target) if fmt == "csv" else _xlsx_rows(target)) != refs[fmt]:
            found.append("re-run output differs from the reference")
        found += problems(snapshot(case), ref_snap)
        out["trials"] += 1
        out["killed"] += killed_rc is None
        out["survived"] += not found
        out["mismatches"] += bool(found)
        log.append({"fault": "export", "trial": i, "format": fmt, "kill_after_s": round(delay, 2),
                    "killed": killed_rc is None, "temp_files_left": leftovers, "problems": found})
        print(f"  export trial {i + 1}/{n} ({fmt}): kill at {delay:4.2f} s "
              f"{'(finished first)' if killed_rc is not None else ''}"
              f" -> {'OK' if not found else 'FAIL ' + '; '.join(found)}"
              + (f" (temp files left: {leftovers})" if leftovers else ""), flush=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trials", type=int, default=20, help="import kill trials (default 20)")
    ap.add_argument("--pages", type=int, default=None, help="dossier pages (default 24, 12 with --scanned)")
    ap.add_argument("--scanned", action="store_true", help="scanned dossier: the kill lands in OCR too")
    ap.add_argument("--analysis-trials", type=int, default=5, help="kill trials during analyze (default 5)")
    ap.add_argument("--export-trials", type=int, default=6, help="kill trials during export (default 6)")
    ap.add_argument("--export-rows", type=int, default=8_000, help="ledger rows exported (default 8000)")
    ap.add_argument("--fault-trials", type=int, default=2, help="trials of each workstation fault (default 2)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args()
    pages = args.pages or (12 if args.scanned else 24)
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="caselens_crash_"))
    log: list = []
    started = time.perf_counter()
    global CODE
    CODE = freeze_code(work)
    try:
        pdf = work / "dossier.pdf"
        synth = ["synth", str(pdf), "--pages", str(pages), "--seed", str(args.seed)] + (["--scanned"] if args.scanned
                                                                                           else [])
        rc, s, err = cli(synth, home=work / "home_ref")
        if rc != 0:
            raise SystemExit(f"synth failed: {err[-2000:]}")
        print(f"dossier: {pages} {'scanned' if args.scanned else 'born-digital'} pages in {s:.1f} s; work: {work}",
              flush=True)
        results = [import_trials(pdf, work, args.trials, rng, log)]
        ref_case = Path(results[0].pop("reference_case"))
        if args.analysis_trials:
            results.append(analysis_trials(ref_case, work, args.analysis_trials, rng, log))
        if args.export_trials:
            results.append(export_trials(ref_case, work, args.export_trials, rng, log, args.export_rows))
        if args.fault_trials:
            results.append(fault_trials(pdf, ref_case, work, args.fault_trials, log))
    finally:
        if not args.keep and not any(entry["problems"] for entry in log):
            shutil.rmtree(work, ignore_errors=True)
    trials = sum(r["trials"] for r in results)
    summary = {"dossier_pages": pages, "scanned": args.scanned, "seed": args.seed, "trials": trials,
               "killed_mid_run": sum(r["killed"] for r in results),
               "faults_survived": sum(r["survived"] for r in results),
               "mismatches": sum(r["mismatches"] for r in results),
               "pages_lost": results[0]["pages_lost"], "seconds": round(time.perf_counter() - started, 1),
               "by_fault": results, "log": log}
    OUT.mkdir(exist_ok=True)
    name = "crash_scanned.json" if args.scanned else "crash.json"
    (OUT / name).write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\ntrials run: {trials} (killed mid-run: {summary['killed_mid_run']}; the rest finished before the kill)")
    for r in results:
        extra = (f", partial outputs {r['partial_outputs']}, temp files left {r['left_temp_files']}"
                 if r["kind"] == "export" else "")
        if r["kind"] == "faults":
            extra = " (" + ", ".join(f"{k} {v}" for k, v in r["by_fault"].items()) + ")"
        print(f"  {r['kind']:<8} trials {r['trials']:>3}  killed {r['killed']:>3}  survived {r['survived']:>3}  "
              f"mismatches {r['mismatches']}{extra}")
    print(f"faults survived: {summary['faults_survived']}/{trials}; pages lost: {summary['pages_lost']}; "
          f"mismatches: {summary['mismatches']}; {summary['seconds']:.0f} s; written bench/out/{name}")
    if summary["mismatches"]:
        print(f"work folder kept for inspection: {work}")
    return 1 if summary["mismatches"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
