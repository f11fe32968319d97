"""`caselens cluster scheduler|worker` and `caselens batch --cluster` as separate processes on 127.0.0.1:
a batch client killed mid-run resumes to the local cases, a worker of another version is refused, a lost
scheduler stops an import with E030."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from bench.bench_crash import problems, snapshot  # noqa: E402 - the crash harness's case comparison

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def _env(home: Path, code: Path = ROOT) -> dict:
    return dict(os.environ, CASELENS_HOME=str(home), PYTHONPATH=str(code), PYTHONDONTWRITEBYTECODE="1")


def _start(args: list[str], home: Path, log: Path, code: Path = ROOT) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "app", *args], cwd=code, env=_env(home, code),
                            stdout=open(log, "w"), stderr=subprocess.STDOUT, start_new_session=True)


def _older_install(where: Path) -> Path:
    """A copy of this CaseLens that says it is 0.0.1: another installation on another workstation."""
    import shutil

    for part in ("app", "nlp", "domain", "resources"):
        shutil.copytree(ROOT / part, where / part, ignore=shutil.ignore_patterns("__pycache__"))
    init = where / "app" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8").replace('__version__ = "', '__version__ = "0.0.1-was-'),
                    encoding="utf-8")
    return where


def _wait_for(log: Path, word: str, proc: subprocess.Popen, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8", errors="replace")
        if word in text:
            return text
        assert proc.poll() is None, text
        time.sleep(0.3)
    raise AssertionError(f"{word!r} not seen in {log}")


def _ocr_done(case: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{case}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM jobs WHERE stage = 'ocr' AND status = 'done'").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _assert_no_http_served(procs: list[subprocess.Popen]) -> None:
    """Without --dashboard no cluster process serves anything over HTTP: Dask's own HTTP servers (health,
    Prometheus metrics, task info; 8787 by default) listen on the loopback only and answer 404."""
    import http.client
    import urllib.error
    import urllib.request

    import psutil

    ports = []
    for proc in procs:
        tree = psutil.Process(proc.pid)
        for p in [tree, *tree.children(recursive=True)]:
            ports += [c.laddr for c in p.net_connections(kind="tcp") if c.status == psutil.CONN_LISTEN]
    assert ports and all(ip == "127.0.0.1" for ip, _ in ports) and 8787 not in {port for _, port in ports}
    answered = 0
    for _, port in ports:
        for route in ("/health", "/metrics", "/info/main/workers.html"):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{route}", timeout=2)
                raise AssertionError(f"port {port} served {route}")
            except urllib.error.HTTPError as exc:
                assert exc.code == 404
                answered += 1
            except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError):
                pass  # a comm port, not HTTP
    assert answered  # the quiet HTTP servers were reached, and refused


def test_cli_cluster_batch_killed_client_resumes_to_the_local_cases(scanned_dossiers, tmp_path):
    home = tmp_path / "home"
    scheduler = _start(["cluster", "scheduler", "--port", "0"], home, tmp_path / "scheduler.log")
    procs = [scheduler]
    try:
        address = _wait_for(tmp_path / "scheduler.log", "scheduler at", scheduler).split("scheduler at ")[1].split()[0]
        worker = _start(["cluster", "worker", address, "--nprocs", "1", "--host", "127.0.0.1"], home,
                        tmp_path / "worker.log")
        old = _start(["cluster", "worker", address, "--host", "127.0.0.1"], home, tmp_path / "old.log",
                     _older_install(tmp_path / "older"))
        procs += [worker, old]
        _wait_for(tmp_path / "worker.log", "worker(s) at", worker)
        _wait_for(tmp_path / "old.log", "worker(s) at", old)
        _assert_no_http_served([scheduler, worker])
        out = tmp_path / "cases"
        batch = ["batch", str(scanned_dossiers["root"]), "--out", str(out), "--cluster", address]
        client = _start(batch, home, tmp_path / "batch1.log")
        deadline = time.monotonic() + 300
        while _ocr_done(out / "big.case") < 3 and time.monotonic() < deadline and client.poll() is None:
            time.sleep(0.3)
        assert client.poll() is None, (tmp_path / "batch1.log").read_text()
        os.killpg(client.pid, signal.SIGKILL)  # a power cut on the officer's workstation
        client.wait()
        again = subprocess.run([sys.executable, "-m", "app", *batch], cwd=ROOT, env=_env(home), capture_output=True,
                               text=True, timeout=600)
        assert again.returncode == 0, again.stdout + again.stderr
        for name in ("big", "small"):
            assert problems(snapshot(out / f"{name}.case"), snapshot(scanned_dossiers[name])) == []
        summary = json.loads((out / "batch-summary.json").read_text(encoding="utf-8"))
        assert [(s["dossier"], s["status"], s["pages"]) for s in summary] == [("big", "done", 12), ("small", "done", 4)]
        conn = sqlite3.connect(out / "small.case")
        refused = conn.execute("SELECT message FROM issues WHERE code = 'E029'").fetchall()
        conn.close()
        assert refused and "caselens 0.0.1-was-" in refused[0][0]
        _stop(scheduler)
        lost = subprocess.run([sys.executable, "-m", "app", "import", str(scanned_dossiers["root"] / "small"),
                               "--case", str(tmp_path / "lost.case"), "--cluster", address], cwd=ROOT, env=_env(home),
                              capture_output=True, text=True, timeout=300)
        assert lost.returncode == 2 and "E030" in lost.stderr and "Traceback" not in lost.stderr
    finally:
        for proc in procs:
            _stop(proc)
    owners = {int(p.read_text()) for p in Path(tempfile.gettempdir()).glob("caselens-worker-*/owner.pid")}
    assert not owners & {proc.pid for proc in procs}  # every worker's temporary folder is gone
