"""Importing and OCR open no network connection and write nothing outside the case file and CaseLens's folder.

The import runs in a subprocess whose HOME and XDG_* point into a temp dir and whose sitecustomize (also
loaded by the spawned OCR workers) makes every socket (any family) and DNS lookup raise and be recorded,
and records any import of requests, urllib3, tqdm or rapidocr's downloader.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from ocr_scans import make_scanned_pdf

ROOT = Path(__file__).resolve().parents[2]
# onnxruntime 1.29+ writes ~/.cache/Microsoft/DeveloperTools/.onnxruntime/{deviceid,onnxruntime.db};
# these were measured to write nothing.
QUIET_ONNXRUNTIME = {"1.26.0", "1.27.0"}
# No socket of any kind may even be created (not AF_UNIX either), and requests/urllib3/tqdm and rapidocr's
# real downloader are never imported: urllib3 probes ::1 with a socket at import. app.ingest.ocr.offline
# stands in for rapidocr's downloader and image loader, which are what pulled them in.

GUARD = r'''
import os, socket, sys
_LOG = os.environ["CASELENS_GUARD_LOG"]
def _note(kind, detail):
    with open(_LOG, "a", encoding="utf-8") as fh:
        fh.write(f"{kind}\t{os.getpid()}\t{detail}\n")
_note("loaded", "")
_real_socket = socket.socket
class _GuardedSocket(_real_socket):
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None:
            caller = sys._getframe(1).f_code
            _note("blocked", f"socket family={family} from {caller.co_filename}:{caller.co_name}")
            raise OSError("sockets disabled by the privacy test")
        super().__init__(family, type, proto, fileno)
def _blocked(name):
    def fn(*args, **kwargs):
        _note("blocked", f"{name} {args[:1]}")
        raise OSError("network disabled by the privacy test")
    return fn
socket.socket = _GuardedSocket
socket.create_connection = _blocked("create_connection")
socket.getaddrinfo = _blocked("getaddrinfo")
socket.gethostbyname = _blocked("gethostbyname")
socket.socketpair = _blocked("socketpair")
class _NoteNetworkImports:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("requests", "urllib3", "tqdm") or name == "rapidocr.utils.download_file":
            _note("imported", name)
        return None
sys.meta_path.insert(0, _NoteNetworkImports())
'''

RUN_IMPORT = r'''
import json, sys
from app.services.stages import ocr as stage_ocr
from app.services.case import open_writer
from app.services.imports import import_paths
report = import_paths([sys.argv[1]], case=sys.argv[2], workers=2, run_post_stages=False)
conn = open_writer(sys.argv[2])
issues = stage_ocr.run(conn, workers=2)
conn.close()
print(json.dumps({"pages": report.pages_added, "issues": [i.message for i in report.issues + issues]}))
'''


def files_outside(home: Path, allowed: list[Path]) -> list[Path]:
    """Every file or link under home that is not inside one of the allowed paths."""
    allowed = [a.resolve() for a in allowed]
    stray = []
    for dirpath, _dirs, files in os.walk(home):
        for name in files:
            path = Path(dirpath, name).resolve()
            if not any(path == a or a in path.parents for a in allowed):
                stray.append(path)
    return sorted(stray)


def _guarded_env(tmp_path: Path, home: Path, log: Path) -> dict[str, str]:
    guard = tmp_path / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "CASELENS_"))}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), XDG_DATA_HOME=str(home / ".local/share"),
               XDG_CONFIG_HOME=str(home / ".config"), XDG_STATE_HOME=str(home / ".local/state"),
               CASELENS_HOME=str(home / "caselens"), CASELENS_GUARD_LOG=str(log), PYTHONDONTWRITEBYTECODE="1",
               PYTHONPATH=os.pathsep.join([str(guard), str(ROOT)]))
    return env


def _attempts(log: Path) -> list[list[str]]:
    entries = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
    return [e for e in entries if e[0] in ("blocked", "imported")]


def test_ocr_engine_load_imports_no_network_module(tmp_path):
    log = tmp_path / "guard.log"
    code = "from app.ingest.ocr.engine import RapidOcrEngine; RapidOcrEngine()"
    proc = subprocess.run([sys.executable, "-c", code], env=_guarded_env(tmp_path, tmp_path, log), cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert _attempts(log) == []


def test_nlp_extraction_creates_no_socket(tmp_path):
    # spaCy imports requests -> urllib3, whose import would probe [::1] with a socket; nlp.pipeline reports no
    # IPv6 (domain.offline.stay_offline) before it imports spaCy, so that probe never happens (the import of
    # requests itself is recorded below).
    log = tmp_path / "guard.log"
    code = "import nlp.extract; nlp.extract.extract('张伟于2021年3月5日向李娜转账5000元', 'zh')"
    proc = subprocess.run([sys.executable, "-c", code], env=_guarded_env(tmp_path, tmp_path, log),
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert [a for a in _attempts(log) if a[0] != "imported"] == []


def test_nlp_import_loads_no_network_module(tmp_path):
    # Importing nlp loads no spaCy (it loads with the pipeline), so not even requests is imported.
    log = tmp_path / "guard.log"
    proc = subprocess.run([sys.executable, "-c", "import nlp.extract"], env=_guarded_env(tmp_path, tmp_path, log),
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert _attempts(log) == []


def test_files_outside_reports_onnxruntime_telemetry(tmp_path):
    home = tmp_path / "home"
    (home / "caselens" / "cache").mkdir(parents=True)
    (home / "caselens" / "cache" / "x.json").write_text("{}")
    (home / "c.case").write_text("")
    telemetry = home / ".cache" / "Microsoft" / "DeveloperTools" / ".onnxruntime"
    telemetry.mkdir(parents=True)
    (telemetry / "deviceid").write_text("1234")
    stray = files_outside(home, [home / "caselens", home / "c.case"])
    assert stray == [(telemetry / "deviceid").resolve()]
    assert files_outside(home, [home]) == []


def test_onnxruntime_is_a_version_that_writes_no_telemetry():
    assert version("onnxruntime") in QUIET_ONNXRUNTIME, (
        "onnxruntime 1.29+ writes a device id and event database under ~/.cache/Microsoft; keep it pinned")


@pytest.mark.slow
def test_import_and_ocr_open_no_socket_and_write_only_case_and_app_dir(tmp_path):
    home = tmp_path / "home"
    for d in (home / "in", home / "cases"):
        d.mkdir(parents=True)
    pdf = make_scanned_pdf(home / "in" / "scanned.pdf", [["讯问笔录", "被讯问人 张伟"], ["Account 6222021234567890"]])
    case = home / "cases" / "c.case"
    log = tmp_path / "guard.log"
    env = _guarded_env(tmp_path, home, log)
    proc = subprocess.run([sys.executable, "-c", RUN_IMPORT, str(pdf), str(case)], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result == {"pages": 2, "issues": []}
    entries = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
    assert len({pid for kind, pid, _ in entries if kind == "loaded"}) >= 3, "guard not loaded in the OCR workers"
    assert _attempts(log) == [], "a socket was created or a network module imported"
    stray = files_outside(home, [home / "caselens", home / "in", case, Path(f"{case}-wal"), Path(f"{case}-shm")])
    assert stray == [], f"files written outside the case and CaseLens's folder: {stray}"
    assert list((home / "caselens" / "cache" / "ocr").rglob("*.json")), "OCR results were not cached"
