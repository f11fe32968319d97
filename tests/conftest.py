"""Shared fixtures: temporary case files, small generated PDFs, offscreen Qt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(autouse=True)
def _isolated_app_dir(tmp_path_factory, monkeypatch):
    """CaseLens's own folder points into a temp dir for every test."""
    monkeypatch.setenv("CASELENS_HOME", str(tmp_path_factory.mktemp("caselens_home")))


@pytest.fixture
def case_path(tmp_path: Path) -> Path:
    return tmp_path / "test.case"


def make_text_pdf(path: Path, pages: list[str], line_height: float = 16) -> Path:
    """A born-digital PDF with one text block per page (Chinese-capable font)."""
    import pymupdf

    doc = pymupdf.open()
    for body in pages:
        page = doc.new_page()
        y = 72
        for line in body.split("\n"):
            page.insert_text((56, y), line, fontname="china-s", fontsize=11)
            y += line_height
    doc.save(path)
    doc.close()
    return path


@pytest.fixture
def text_pdf(tmp_path: Path) -> Path:
    return make_text_pdf(tmp_path / "dossier.pdf", [
        "讯问笔录\n被讯问人 张伟 男 身份证号 11010519491231002X\n问：你和李某是什么关系？\n答：朋友。",
        "银行交易明细\n户名 王芳 账号 6222021234567890\n2021-03-05 转账 30,000.00",
        "Witness statement of John Smith regarding the transfer of funds.",
    ])


def make_statement_like_pdf(path: Path, pages: int = 6) -> Path:
    """A born-digital PDF of statement-like lines (twenty a page): big enough that a copy cut to a third is
    repaired by MuPDF (the first pages kept, the last ones empty) rather than refused."""
    import pymupdf

    doc = pymupdf.open()
    for n in range(pages):
        page = doc.new_page()
        for k in range(20):
            page.insert_text((50, 72 + 14 * k), f"第 {n + 1} 页 银行交易明细 2021-03-0{k % 9 + 1} 1,000.00 行{k}",
                             fontname="china-s", fontsize=11)
    doc.save(path)
    doc.close()
    return path


@pytest.fixture(scope="session")
def scanned_dossiers(tmp_path_factory) -> dict[str, Path]:
    """A precinct folder of two tiny scanned dossiers (12 pages from `synth --scanned`, and 4 of them cut
    into a second dossier), each also imported locally into its own reference case.

    Returns {"root": folder, "big": reference case, "small": reference case, "home": OCR cache home}."""
    import pymupdf

    from app.services.imports import import_paths
    from app.services.synth import generate_dossier

    base = tmp_path_factory.mktemp("precinct")
    root = base / "dossiers"
    (root / "big").mkdir(parents=True)
    (root / "small").mkdir()
    generate_dossier(str(root / "big" / "scan.pdf"), pages=12, seed=7, scanned=True)
    (root / "big" / "scan.truth.json").unlink()  # ground truth is not part of a dossier
    src = pymupdf.open(root / "big" / "scan.pdf")
    cut = pymupdf.open()
    cut.insert_pdf(src, from_page=4, to_page=7)  # a statement page among them
    cut.save(root / "small" / "cut.pdf")
    cut.close()
    src.close()
    home = base / "home"
    old = os.environ.get("CASELENS_HOME")
    os.environ["CASELENS_HOME"] = str(home)
    try:
        refs = {name: base / "reference" / f"{name}.case" for name in ("big", "small")}
        for name, case in refs.items():
            import_paths([root / name], case=case)
    finally:
        if old is None:
            os.environ.pop("CASELENS_HOME", None)
        else:
            os.environ["CASELENS_HOME"] = old
    return {"root": root, **refs, "home": home}
