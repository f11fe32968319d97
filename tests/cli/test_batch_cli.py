"""`caselens batch`: the summary table on stdout and in CASES_DIR, the exit code, one status line."""

from __future__ import annotations

import io
import json
import time

from app.cli.main import main
from app.core.progress import Progress
from tests.conftest import make_text_pdf


def test_batch_cli_prints_and_writes_the_summary(tmp_path, capsys):
    root = tmp_path / "dossiers"
    (root / "2021-047").mkdir(parents=True)
    make_text_pdf(root / "2021-047" / "a.pdf", ["讯问笔录\n被讯问人 张伟", "银行交易明细\n户名 王芳"])
    (root / "2021-047" / "junk.pdf").write_bytes(b"junk")
    make_text_pdf(root / "2021-048.pdf", ["询问笔录\n证人 李娜"])
    out = tmp_path / "cases"
    assert main(["batch", str(root), "--out", str(out)]) == 0  # a bad file is a problem, not a failed dossier
    printed = capsys.readouterr().out
    assert printed.splitlines()[0].split()[:3] == ["dossier", "pages", "OCR"]
    assert "2021-047" in printed and "2021-048" in printed
    rows = json.loads((out / "batch-summary.json").read_text(encoding="utf-8"))
    assert [(r["dossier"], r["pages"], r["status"]) for r in rows] == [("2021-047", 2, "done"), ("2021-048", 1, "done")]
    assert rows[0]["problems"] >= 1 and rows[1]["problems"] == 0


def test_batch_progress_is_one_line_with_the_current_stage():
    from app.cli.commands.batch import BatchProgress

    stream = io.StringIO()
    stream.isatty = lambda: True
    bar = BatchProgress(stream, min_interval=0)
    bar(Progress("batch", 3, 16, 0, 2, "big", time.monotonic() - 10))
    bar(Progress("ocr", 3, 12, current="scan.pdf"))
    bar.close()
    last = stream.getvalue().split("\r")[-1]
    assert "dossiers 0/2" in last and "pages 3/16" in last and "ETA" in last and "big: ocr 3/12" in last


def test_cluster_certs_makes_a_set_or_says_what_is_needed(tmp_path, capsys):
    import importlib.util
    import stat

    rc = main(["cluster", "certs", str(tmp_path / "tls")])
    if importlib.util.find_spec("cryptography") is None:
        err = capsys.readouterr().err
        assert rc == 2 and "E031" in err and "pip install cryptography" in err and "openssl req" in err
        return
    assert rc == 0
    names = sorted(p.name for p in (tmp_path / "tls").iterdir())
    assert names == ["ca-key.pem", "ca.pem", "node-key.pem", "node.pem"]
    assert stat.S_IMODE((tmp_path / "tls" / "node-key.pem").stat().st_mode) == 0o600
    assert main(["cluster", "certs", str(tmp_path / "tls")]) == 2  # never overwrites a set
