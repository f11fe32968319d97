"""The PDF/HTML case report read back with PyMuPDF: pages, embedded CJK font, Chinese text, citations."""

from __future__ import annotations

import pymupdf
import pytest

from app.report.report_html import cite, report_html, write_report_html
from app.report.report_pdf import write_report_pdf


@pytest.fixture(scope="module")
def report_pdf(small_model, tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf") / "report.pdf"
    write_report_pdf(small_model, out)
    return out


def test_report_pdf_has_pages_and_embedded_fonts(report_pdf):
    with pymupdf.open(report_pdf) as doc:
        assert doc.page_count > 0
        fonts = {f[0]: f for page in doc for f in page.get_fonts()}
        assert fonts
        for xref, ext, *_ in fonts.values():
            assert ext != "n/a"  # n/a means not embedded
            name, ext_out, _subtype, buffer = doc.extract_font(xref)
            assert buffer, f"font {name} is not embedded"


def test_report_pdf_text_extractable_with_chinese_names_and_citations(report_pdf):
    with pymupdf.open(report_pdf) as doc:
        text = "".join(page.get_text() for page in doc)
        assert doc[0].get_text().count("第 1 页") == 1
    for name in ("张伟", "李娜", "案件分析报告", "犯罪嫌疑人", "被害人", "11010519491231002X", "快进快出"):
        assert name in text
    assert "〔dossier.pdf 第1、2、3页〕" in text  # 张伟: mentioned on pages 1 and 3, holder on the page-2 statement
    assert "¥90,000.00" in text


def test_report_pdf_pictures_embedded(report_pdf):
    with pymupdf.open(report_pdf) as doc:
        assert sum(len(page.get_images()) for page in doc) >= 2  # graph and timeline


def test_report_html_escapes_and_cites(small_model, tmp_path):
    out = tmp_path / "report.html"
    write_report_html(small_model, out)
    html = out.read_text(encoding="utf-8")
    assert "张伟" in html and "〔dossier.pdf 第2页〕" in html
    assert 'data:image/svg+xml;base64,' in html and "data:image/png;base64," in html
    body = report_html(small_model, standalone=False)
    assert "<script" not in body


def test_report_html_escapes_markup_in_names(small_model):
    model = {**small_model, "parties": [{**small_model["parties"][0], "name": "<script>alert(1)</script>"}]}
    assert "<script>" not in report_html(model, standalone=False)


def test_cite_groups_pages_per_document_and_shortens_long_lists():
    assert cite([["a.pdf", 1], ["a.pdf", 3], ["b.pdf", 2]]) == "〔a.pdf 第1、3页〕〔b.pdf 第2页〕"
    assert cite([["a.pdf", n] for n in range(1, 21)], limit=3) == "〔a.pdf 第1、2、3等20页〕"
    assert cite([]) == ""
