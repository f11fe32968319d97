"""Importing the application changes no process-wide state; the entry points switch the network probe off."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import socket, sys
socket.has_ipv6 = True
import app, app.core, app.core.errors, app.cli.main, nlp, nlp.pipeline, nlp.extract, domain, domain.offline
assert socket.has_ipv6 is True, "an import changed socket.has_ipv6"
from app.cli.main import main
main(["--help"])
assert socket.has_ipv6 is False, "the CLI entry point did not switch the IPv6 probe off"
socket.has_ipv6 = True
nlp.pipeline.build_pipeline("en", statistical=False)
assert socket.has_ipv6 is False, "nlp imported spaCy without switching the IPv6 probe off"
"""


def test_importing_app_and_nlp_changes_nothing_and_the_entry_points_go_offline():
    proc = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]




def test_cli_closes_the_documents_the_page_renderer_kept_open(tmp_path, text_pdf, capsys):
    from app.cli.main import main
    from app.ingest import render_page

    render_page.render_png(str(text_pdf), 1)
    assert render_page._docs, "the renderer keeps the document open between pages"
    main(["info", "--case", str(tmp_path / "missing.case")])  # any command
    assert not render_page._docs
