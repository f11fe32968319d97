"""Every coded problem is listed for officers in docs/problems.md, with its advice."""

from __future__ import annotations

from pathlib import Path

from app.core.errors import CODES


def test_every_code_is_documented():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "problems.md").read_text(encoding="utf-8")
    assert [code for code in CODES if f"| {code} |" not in doc] == []
