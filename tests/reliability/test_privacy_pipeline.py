"""Privacy of the whole pipeline: import (text + OCR) + NLP + analysis + export + search open no socket and write
nothing outside the case file, the export output and CaseLens's own folder; case files are owner-only (0600)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import make_text_pdf
from tests.ingest.ocr_scans import make_scanned_pdf

ROOT = Path(__file__).resolve().parents[2]

SITECUSTOMIZE = '''
"""Test guard: any network attempt is recorded to $CASELENS_NET_LOG and refused."""
import os, socket, traceback

def _refuse(name):
    def blocked(*args, **kwargs):
        frames = [f for f in traceback.extract_stack() if not f.filename.endswith("sitecustomize.py")]
        caller = frames[-1] if frames else traceback.extract_stack()[0]
        with open(os.environ["CASELENS_NET_LOG"], "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {name} {args[:2]!r} from {caller.filename}:{caller.name}\\n")
        raise OSError(f"network disabled by test: {name}")
    return blocked

class _Socket(socket.socket):
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None and family in (-1, socket.AF_INET, socket.AF_INET6):
            _refuse("socket.socket")(family, type)
        super().__init__(family, type, proto, fileno)

socket.socket = _Socket
socket.create_connection = _refuse("socket.create_connection")
socket.getaddrinfo = _refuse("socket.getaddrinfo")
'''

SCRIPT = '''
import json, os, sqlite3, stat, sys
from app.cli.main import main
case, folder, out_csv, out_xlsx = sys.argv[1:5]
codes = {
    "import": main(["import", folder, "--case", case, "--workers", "2"]),
    "analyze": main(["analyze", "--case", case]),
    "export_csv": main(["export", "transactions", "--case", case, "--format", "csv", "-o", out_csv]),
    "export_xlsx": main(["export", "transactions", "--case", case, "--format", "xlsx", "-o", out_xlsx]),
    "search": main(["search", "张伟", "--case", case]),
    "verify": main(["verify", "--case", case]),
}
held = sqlite3.connect(case)  # keep -wal/-shm in place while their modes are read
held.execute("BEGIN IMMEDIATE"); held.execute("INSERT INTO meta (key, value) VALUES ('privacy_test', '1')")
modes = {s: oct(stat.S_IMODE(os.stat(case + s).st_mode)) for s in ("", "-wal", "-shm") if os.path.exists(case + s)}
held.rollback(); held.close()
ocr = sqlite3.connect(case).execute("SELECT count(*) FROM pages WHERE text_source = 'ocr'").fetchone()[0]
print("RESULT " + json.dumps({"codes": codes, "modes": modes, "ocr_pages": ocr}))
'''


@pytest.mark.slow
def test_pipeline_opens_no_socket_and_writes_only_its_own_files(tmp_path):
    home = tmp_path / "home"
    tmp = tmp_path / "tmp"
    guard = tmp_path / "guard"
    folder = tmp_path / "dossier"
    for d in (home, tmp, guard, folder):
        d.mkdir()
    (guard / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    make_text_pdf(folder / "record.pdf", ["讯问笔录 被讯问人张伟 身份证号11010519491231002X",
                                          "银行交易明细 户名 王芳 账号 6222021234567890"])
    make_scanned_pdf(folder / "scan.pdf", [["询问笔录", "证人 张伟 于2021年3月5日转账"]])
    (folder / "ledger.csv").write_text("交易日期,交易金额,余额,对方户名,对方账号\n2021-03-01,100.00,100.00,李四,6222000011112222\n"
                                       "2021-03-02,-50.00,50.00,张伟,6222000011113333\n", encoding="utf-8")
    app_home = home / ".caselens"
    case = home / "cases" / "2021-047.case"
    case.parent.mkdir()
    out_csv, out_xlsx = home / "exports" / "ledger.csv", home / "exports" / "ledger.xlsx"
    net_log = tmp_path / "net.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "PYTHON"))}
    env.update(HOME=str(home), TMPDIR=str(tmp), TMP=str(tmp), TEMP=str(tmp), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_CACHE_HOME=str(home / ".cache"), XDG_DATA_HOME=str(home / ".local/share"),
               XDG_STATE_HOME=str(home / ".local/state"), XDG_RUNTIME_DIR=str(tmp / "run"),
               CASELENS_HOME=str(app_home), CASELENS_NET_LOG=str(net_log), PYTHONDONTWRITEBYTECODE="1",
               PYTHONPATH=os.pathsep.join([str(guard), str(ROOT)]), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(SCRIPT), str(case), str(folder), str(out_csv),
                           str(out_xlsx)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(next(line for line in proc.stdout.splitlines() if line.startswith("RESULT "))[7:])
    assert result["codes"] == {"import": 0, "analyze": 0, "export_csv": 0, "export_xlsx": 0, "search": 0,
                               "verify": 0}, proc.stdout[-3000:]
    assert result["ocr_pages"] >= 1  # the OCR workers ran under the guard too
    # the guard really was active in the children: a probe is refused and logged
    probe = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
                           env=env, cwd=ROOT, capture_output=True, text=True)
    assert probe.returncode != 0 and "network disabled by test" in probe.stderr
    # Not even urllib3's IPv6 probe (app/core/__init__.py tells it the platform has no IPv6): zero attempts.
    attempts = [line for line in net_log.read_text().splitlines() if "('127.0.0.1', 9)" not in line]
    assert attempts == [], attempts
    allowed = {case, Path(f"{case}-wal"), Path(f"{case}-shm"), out_csv, out_xlsx}
    stray = [p for root in (home, tmp) for p in root.rglob("*")
             if p.is_file() and p not in allowed and app_home not in p.parents]
    assert stray == [], stray
    assert out_csv.is_file() and out_xlsx.is_file()
    assert result["modes"][""] == "0o600"
    assert all(mode == "0o600" for mode in result["modes"].values()), result["modes"]
    assert stat.S_IMODE(case.stat().st_mode) == 0o600
