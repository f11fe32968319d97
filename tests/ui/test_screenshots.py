"""`./dev screenshots`: the module imports sample files into a case and writes every picture."""

from __future__ import annotations

import pytest

from tests.conftest import make_text_pdf


@pytest.mark.slow
def test_screenshots_on_samples(tmp_path, monkeypatch):
    from devkit import screenshots

    samples = tmp_path / "samples"
    samples.mkdir()
    make_text_pdf(samples / "dossier.pdf", [
        "讯问笔录\n被讯问人 张伟 男 身份证号 11010519491231002X\n问：你和李强是什么关系？\n答：朋友。",
        "银行交易明细\n户名 张伟 账号 6222021234567890\n2021-03-05 转账 30,000.00 对方 李强"])
    monkeypatch.setenv("CASELENS_HOME", str(tmp_path / "home"))
    out = tmp_path / "shots"
    assert screenshots.main(["--samples", str(samples), "--out", str(out), "--settle-ms", "20"]) == 0
    names = {p.name for p in out.glob("*.png")}
    assert {"01_main_window.png", "02_reader.png", "04_graph.png", "07_chinese_ui.png"} <= names
    assert all(p.stat().st_size > 2000 for p in out.glob("*.png"))
