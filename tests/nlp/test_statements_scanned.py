"""Scanned-statement fixes, each on a few lines of real OCR words (eval/out/scanned_words_seed1.json samples)."""

from __future__ import annotations

from decimal import Decimal

from nlp.statements.aliases import field_for_header
from nlp.statements.boxes import Box
from nlp.statements.columns import fits
from nlp.statements.dates import parse_datetime, time_is_cut
from nlp.statements.parse import StatementRow, flag_account_variants, parse_statement_pages
from nlp.statements.skew import deskew

ICBC_PERSONAL = [  # 交易日期 … 余额 | 对方户名: the balance box overlaps the name box by 3 pt
    (82, 150, 117, 161, "交易日期"), (158, 150, 179, 161, "帐号"), (331, 150, 352, 161, "摘要"),
    (401, 150, 452, 161, "收入/支出金额"), (482, 150, 502, 161, "余额"), (558, 150, 595, 161, "对方户名"),
    (659, 150, 696, 161, "对方帐号"), (735, 150, 757, 161, "渠道"),
    (74, 162, 116, 174, "2021-01-04"), (123, 162, 204, 174, "6215588642798358062"), (314, 162, 350, 174, "转账支出"),
    (425, 162, 460, 174, "-2,800.00"), (487, 162, 526, 174, "31,257.11"), (523, 162, 543, 174, "李新"),
    (628, 162, 706, 174, "6217855559883823614"), (725, 162, 759, 174, "手机银行"),
    (74, 175, 116, 187, "2021-01-11"), (125, 175, 202, 187, "6215588642798358062"), (314, 175, 349, 187, "代发工资"),
    (424, 175, 461, 187, "+7,312.50"), (489, 175, 524, 187, "38,569.61"), (522, 175, 611, 187, "杭州汇瑞餐饮管理有限公司"),
    (629, 175, 706, 187, "5224834793830396556"), (725, 175, 746, 187, "代发"),
]


def _words(rows):
    return [(*r, 0, i, 0) for i, r in enumerate(rows)]


def test_header_with_slash_alias_is_not_a_run_of_other_labels():
    assert field_for_header("序号 币种 钞汇 摘要 地区 收入/支出金额") is None
    assert field_for_header("Withdrawals / Debit") == "debit"


def test_balance_overlapping_the_name_box_stays_a_balance():
    rows = parse_statement_pages([(_words(ICBC_PERSONAL), 842.0, 595.0)])
    assert [r.fields["balance"] for r in rows] == [Decimal("31257.11"), Decimal("38569.61")]
    assert rows[0].fields["cp_name"] == "李新"
    assert rows[0].fields["amount"] == Decimal("-2800.00")


def test_fits_money_rejects_chinese_and_names_reject_money():
    assert fits("balance", "31,257.11") and not fits("balance", "李新")
    assert not fits("cp_name", "31,257.11") and fits("cp_name", "李新")
    assert fits("date", "Jan") and fits("date", "20210105") and not fits("date", "消费")
    assert fits("ignore", "1") is None


def test_upside_down_page_is_turned_back():
    w, h = 842.0, 595.0
    turned = [(w - x1, h - y1, w - x0, h - y0, t) for x0, y0, x1, y1, t in ICBC_PERSONAL]
    rows = parse_statement_pages([(_words(turned), w, h)])
    assert [r.fields["time"] for r in rows] == ["2021-01-04", "2021-01-11"]
    assert rows[1].fields["balance"] == Decimal("38569.61")
    assert rows[0].bbox[1] > rows[1].bbox[1]  # boxes reported on the page as stored


def test_deskew_turns_about_the_page_centre():
    # rows tilted by 0.02 about (421, 297): after deskew each row is flat and stays where it was at the centre
    boxes = [Box(x, 297 + 0.02 * (x + 10 - 421) + dy - 5, x + 20, 297 + 0.02 * (x + 10 - 421) + dy + 5, "字")
             for dy in range(-150, 151, 15) for x in range(50, 800, 30)]
    flat = deskew(boxes, (421.0, 297.0))
    centre_row = [b for b in flat if abs(b.yc - 297) < 4]
    assert len(centre_row) == 25 and max(b.yc for b in centre_row) - min(b.yc for b in centre_row) < 1


def test_cut_seconds_are_flagged_not_guessed():
    assert time_is_cut("2021-02-17 20:25:4") and not time_is_cut("2021-02-17 20:25:43")
    assert parse_datetime("2021-03-05 09:1011") == "2021-03-05T09:10:11"  # OCR dropped a separator


def test_account_one_digit_off_the_usual_one_is_flagged():
    rows = [StatementRow(0, i, {"cp_name": "李新", "cp_account": acc}, {}, None)
            for i, acc in enumerate(["6217855559883823614", "621785559883823614", "6217855559883823614"])]
    flag_account_variants(rows)
    assert [r.flags for r in rows] == [[], ["account_variant"], []]


def test_two_row_header_parent_with_narrow_ocr_box():
    words = [(48, 155, 83, 165, "交易时间"), (144, 155, 181, 165, "发生额/元"), (250, 155, 270, 165, "余额"),
             (333, 155, 369, 165, "对方户名"), (121, 165, 141, 175, "借方"), (185, 165, 205, 175, "贷方"),
             (32, 177, 69, 187, "2021-01-01"), (71, 177, 100, 187, "16:02:16"), (127, 177, 163, 187, "12,780.79"),
             (251, 177, 291, 187, "269,842.50"), (295, 177, 376, 187, "石家庄达正建材有限公司"),
             (32, 190, 69, 200, "2021-02-04"), (71, 190, 100, 200, "12:37:26"), (191, 190, 227, 200, "10,567.09"),
             (252, 190, 292, 200, "280,409.59"), (294, 190, 381, 200, "杭州泰腾餐饮管理有限公司")]
    rows = parse_statement_pages([(_words(words), 595.0, 842.0)])
    assert [r.fields["amount"] for r in rows] == [Decimal("-12780.79"), Decimal("10567.09")]
    assert "balance_break" not in rows[1].flags
