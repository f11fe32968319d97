"""Text as PDFs extract it (radical code points, dash variants) reads like plain text in statements."""

from __future__ import annotations

from domain.normalise.hanzi import fold_radicals, has_traditional, to_simplified
from nlp.statements.boxes import clean_text
from nlp.statements.parse import parse_statement_pages


def test_clean_text_folds_radicals_and_dashes():
    assert clean_text("账⼾ ⾏ ⽇ ⺠ ⾦ ⼈ ⻓ ⻔") == "账户 行 日 民 金 人 长 门"
    assert clean_text("2021‑03‑05 −12.00 6222－0212 a–b—c‐d") == "2021-03-05 -12.00 6222-0212 a-b-c-d"
    assert clean_text("王芳 6222021234567890") == "王芳 6222021234567890"


def test_hanzi_tables_cover_both_blocks():
    assert fold_radicals("".join(chr(c) for c in range(0x2F00, 0x2FD6))).isascii() is False
    assert all(not 0x2F00 <= ord(c) <= 0x2FD5 for c in fold_radicals("".join(chr(c) for c in range(0x2F00, 0x2FD6))))
    assert fold_radicals("⺠⻅⻢⻓") == "民见马长"
    assert to_simplified("熊燕強") == "熊燕强" and has_traditional("熊燕強") and not has_traditional("熊燕强")


def _w(x, y, text, k):
    return (x, y, x + 9.0 * len(text), y + 9.0, text, 0, k, 0)


def test_parse_reads_radical_and_dash_variants_in_headers_dates_amounts_accounts():
    # the words a text layer gives when the PDF's font maps glyphs to radicals and prints typographic dashes
    lines = [
        [(40, "户名：熊燕强"), (240, "账号：6222－0212－3456－7890")],
        [(40, "记账⽇期"), (150, "⾦额"), (250, "余额"), (350, "对⽅户名"), (470, "对⽅账号")],
        [(40, "2021‑03‑05"), (150, "−1,200.00"), (250, "8,800.00"), (350, "⺠生公司"), (470, "6222–0000–1111")],
        [(40, "2021—03—06"), (150, "300.00"), (250, "9,100.00"), (350, "李强"), (470, "6222000011112222")],
    ]
    words = [_w(x, 40 + 14 * i, t, i) for i, line in enumerate(lines) for x, t in line]
    rows = parse_statement_pages([(words, 842, 595)])
    assert [r.fields["time"] for r in rows] == ["2021-03-05", "2021-03-06"]
    assert [str(r.fields["amount"]) for r in rows] == ["-1200.00", "300.00"]
    assert rows[0].fields["cp_name"] == "民生公司" and rows[0].fields["cp_account"] == "622200001111"
    assert rows[0].fields["holder_account"] == "6222021234567890" and rows[0].fields["holder_name"] == "熊燕强"
    assert not rows[0].flags and not rows[1].flags


def test_parse_born_digital_pdf_with_typographic_dashes(tmp_path):
    from pdf_tables import table_pages

    pages = table_pages(tmp_path, [[
        [(40, "户名：王芳"), (240, "账号：6222－0212－3456－7890")],
        [(40, "交易日期"), (150, "交易金额"), (250, "账户余额"), (350, "对方户名"), (470, "对方账号")],
        [(40, "2021–03–05"), (150, "1,200.00"), (250, "8,800.00"), (350, "李强"), (470, "6222‐0000‐1111‐2222")],
        [(40, "2021—03—06"), (150, "300.00"), (250, "9,100.00"), (350, "张伟"), (470, "6222－0000－1111－3333")],
    ]], font="cjk")
    rows = parse_statement_pages(pages)
    assert [r.fields["time"] for r in rows] == ["2021-03-05", "2021-03-06"]
    assert [r.fields["cp_account"] for r in rows] == ["6222000011112222", "6222000011113333"]
    assert rows[0].fields["holder_account"] == "6222021234567890"
