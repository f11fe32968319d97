"""`caselens selftest`: import, OCR, extract, search and analyse the bundled tiny inputs; one verdict per step.

Runs offline on the shipped resources/selftest/ files (installers/make_selftest_assets.py writes them) in a
throw-away case, so a precinct can prove an installed copy works. The window check is a subprocess command
given by the caller: this layer may not import the UI.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core.paths import resources_dir
from app.store import mentions, totals

INPUTS = ("text_page.pdf", "scanned_pages.pdf", "statement.csv")
GUI_TIMEOUT_S = 180


@dataclass
class StepResult:
    name: str
    ok: bool
    seconds: float
    detail: str = ""


class StepFailed(Exception):
    """A check inside a step did not hold."""


def assets_dir() -> Path:
    return resources_dir() / "selftest"


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def _read(case: Path, query, *args) -> object:
    """One store query on a reader connection of the case."""
    from app.services.case import open_reader

    conn = open_reader(case)
    try:
        return query(conn, *args)
    finally:
        conn.close()


def _import(case: Path, expected: dict) -> str:
    from app.services.imports import import_paths

    report = import_paths([assets_dir() / name for name in INPUTS], case=case, workers=1, run_post_stages=False)
    _check(len(report.imported) == len(INPUTS), f"imported {report.imported}, issues {report.issues}")
    _check(report.pages_pending_ocr == 2, f"{report.pages_pending_ocr} pages pending OCR, expected 2")
    return f"{len(report.imported)} files, {report.pages_added} pages, {report.pages_pending_ocr} for OCR"


def _stage(case: Path, name: str, workers: int) -> str:
    from app.services.case import open_writer
    from app.services.stages import runners

    stages = dict(runners())
    _check(name in stages, f"stage {name} is not installed")
    conn = open_writer(case)
    try:
        extra = {"workers": workers, "use_cache": False} if name == "ocr" else {}
        issues = stages[name](conn, case=case, **extra)
    finally:
        conn.close()
    return f"{len(issues)} issues" + (f" (first: {issues[0].code} {issues[0].message})" if issues else "")


def _after_ocr(case: Path, expected: dict, workers: int) -> str:
    text = str(_read(case, totals.ocr_text_of, "scanned_pages.pdf") or "")
    missing = [w for w in expected["ocr_text"] if w not in text]
    _check(not missing, f"OCR text lacks {missing}: {text[:120]!r}")
    return f"{len(text)} characters read on up to {workers} workers"


def _after_statements(case: Path, expected: dict) -> str:
    n = _read(case, totals.transaction_count)
    _check(n == expected["transactions"], f"{n} transactions, expected {expected['transactions']}")
    return f"{n} transactions"


def _after_extract(case: Path, expected: dict) -> str:
    n = _read(case, mentions.count_mentions)
    found = _read(case, mentions.count_mentions, expected["id_number"])
    _check(bool(found), f"ID number {expected['id_number']} not among {n} mentions")
    return f"{n} mentions"


def _search(case: Path, expected: dict) -> str:
    from app.services.search import search

    counts = {}
    for key in ("text_search", "ocr_search"):
        counts[expected[key]] = len(search(case, expected[key]))
    _check(all(counts.values()), f"hits per query: {counts}")
    return ", ".join(f"{q}: {n} hits" for q, n in counts.items())


def _analysis(case: Path, expected: dict) -> str:
    from app.services.analysis import analyze

    alerts = analyze(case)
    rules = sorted({a.rule for a in alerts})
    _check(expected["alert_rule"] in rules, f"no {expected['alert_rule']} alert; got {rules}")
    return f"{len(alerts)} alerts ({', '.join(rules)})"


def _gui(case: Path, command: list[str]) -> str:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    proc = subprocess.run([*command, str(case)], capture_output=True, text=True, timeout=GUI_TIMEOUT_S, env=env)
    lines = (proc.stdout + proc.stderr).strip().splitlines()
    _check(proc.returncode == 0 and "gui ok" in proc.stdout, f"exit {proc.returncode}: {' | '.join(lines[-3:])}")
    return next((ln for ln in proc.stdout.splitlines() if "gui ok" in ln), "gui ok")


def run_selftest(*, gui_command: list[str] | None = None, workers: int = 2,
                 on_step: Callable[[StepResult], None] = lambda step: None) -> list[StepResult]:
    """Every step in order on a temporary case; a failed step is reported and the next ones still run."""
    results: list[StepResult] = []

    def step(name: str, fn: Callable[[], str]) -> None:
        started = time.perf_counter()
        try:
            result = StepResult(name, True, 0.0, fn())
        except subprocess.TimeoutExpired:
            result = StepResult(name, False, 0.0, "timed out")
        except Exception as exc:  # a selftest reports every failure, whatever it is
            result = StepResult(name, False, 0.0, f"{type(exc).__name__}: {exc}")
        result.seconds = time.perf_counter() - started
        results.append(result)
        on_step(result)

    expected: dict = {}

    def load() -> str:
        missing = [n for n in (*INPUTS, "expected.json") if not (assets_dir() / n).is_file()]
        _check(not missing, f"missing in {assets_dir()}: {missing}")
        expected.update(json.loads((assets_dir() / "expected.json").read_text(encoding="utf-8")))
        return str(assets_dir())

    with tempfile.TemporaryDirectory(prefix="caselens-selftest-") as tmp:
        case = Path(tmp) / "selftest.case"
        step("assets", load)
        step("import", lambda: _import(case, expected))
        checks: dict[str, Callable[[], str]] = {
            "ocr": lambda: _after_ocr(case, expected, workers),
            "statements": lambda: _after_statements(case, expected),
            "extract": lambda: _after_extract(case, expected),
        }
        from app.services.stages import ORDER

        for name in ORDER:
            def run_stage(name: str = name) -> str:
                detail = _stage(case, name, workers)
                return f"{checks[name]()}; {detail}" if name in checks else detail

            step(name, run_stage)
        step("search", lambda: _search(case, expected))
        step("analysis", lambda: _analysis(case, expected))
        if gui_command:
            step("gui", lambda: _gui(case, gui_command))
    return results
