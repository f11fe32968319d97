"""Scanned-statement fixes, each on a few lines of real OCR words (eval/out/scanned_words_seed1.json samples)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.statements.aliases import field_for_header
from nlp.statements.boxes import Box, Line
from nlp.statements.checks import flag_date_order, flag_name_variants
from nlp.statements.columns import Column, Layout, assign, fits
from nlp.statements.dates import complete_cut_time, parse_datetime, time_is_cut
from nlp.statements.orient import bbox_as_stored, turn_words
from nlp.statements.parse import StatementRow, check_rows, flag_account_variants, parse_statement_pages
from nlp.statements.skew import deskew
from tests.reliability.fuzzing import FUZZ, statement_text

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
    assert time_is_cut("2021-03-0511:20:2") and not time_is_cut("2021-03-0511:20:21")  # fused by OCR
    assert parse_datetime("2021-03-05 09:1011") == "2021-03-05T09:10:11"  # OCR dropped a separator


def test_account_one_digit_off_the_usual_one_is_flagged():
    rows = [StatementRow(0, i, {"cp_name": "李新", "cp_account": acc}, {}, None)
            for i, acc in enumerate(["6217855559883823614", "621785559883823614", "6217855559883823614"])]
    flag_account_variants(rows)
    assert [r.flags for r in rows] == [[], ["account_variant", "suggested_fix"], []]
    assert rows[1].fixes == [{"field": "cp_account", "old": "621785559883823614", "new": "6217855559883823614",
                              "kind": "account one digit off",
                              "evidence": "621785559883823614 is one digit away: 2 other rows show "
                                          "6217855559883823614 for 李新"}]
    assert rows[1].fields["cp_account"] == "621785559883823614"  # offered, never applied


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


CCB_CORPORATE_CUT_SECONDS = [  # seed-1 p36: the seconds' last digit wrapped under the date; OCR lost one of them
    (40.3, 154.1, 76.3, 169.6, "交易时间"), (91.8, 153.4, 160.5, 167.8, "借方发生额(支取)"),
    (159.1, 151.6, 226.8, 166, "贷方发生额(收入)"), (251.6, 150.8, 271.8, 164.2, "余额"),
    (334.4, 147.2, 370.4, 162.4, "对方户名"), (440.6, 144.4, 474.8, 159.8, "对方账号"), (520.5, 144, 541, 158, "摘要"),
    (23.8, 168.2, 61.7, 181.8, "2021-02-08"), (63.7, 167.4, 90.3, 180.5, "09:53:1"), (194, 164.9, 230.4, 177.1, "36,531.57"),
    (254.8, 161.5, 294.7, 176.4, "169,443.84"), (297, 159.5, 383.3, 175.4, "南昌汇华信息技术有限公司"),
    (411.4, 157, 490.6, 172.1, "2356955436236903392"), (505.7, 157, 539.2, 169.2, "转账存入"),
    (26.6, 182.5, 34.6, 192.2, "5"),
    (24.8, 192.8, 62.8, 206.3, "2021-02-17"), (64.8, 191.9, 91.4, 205.2, "20:25:4"), (124.5, 189.4, 161.3, 204.5, "19,858.37"),
    (255.9, 186.8, 295.9, 200.2, "149,585.47"), (298, 185, 356, 198.9, "国家电网有限公司"),
    (411.4, 182.2, 475.5, 196.6, "631051271327124"), (506.5, 181.4, 539.2, 193.7, "转账支出"),
    (25.6, 217.3, 63.5, 230.7, "2021-03-05"), (65.5, 216.3, 92.1, 229.7, "09:48:2"), (142.5, 214.9, 163.1, 227.9, "2.00"),
    (256.6, 212.4, 295.9, 224.6, "149,583.47"), (506.5, 205.2, 527, 219.2, "收费"),
    (28.4, 231.5, 36.4, 240.5, "6"), (412.5, 230.4, 477.3, 244.8, "906364908518364"),
    (506.1, 227.9, 540.3, 243.3, "网银转账"),
]

CCB_2ROW_FUSED = [  # seed-1 p31, skewed: date+time fused in one OCR box, wrapped digits grouped with the row or alone
    (149.7, 92.9, 187.5, 108, "发生额/元"), (254.8, 100.8, 275.4, 114.8, "余额"), (338, 100.4, 374.7, 118.8, "对方户名"),
    (445.3, 104.4, 480.9, 119.2, "对方账号"), (529.5, 106.2, 550, 120.2, "摘要"), (54, 97.2, 89.3, 112.3, "交易时间"),
    (125.6, 105.1, 146.9, 119.2, "借方"), (190.4, 106.9, 209.9, 121, "贷方"),
    (35.3, 114.8, 103.7, 131.8, "2021-08-0920:27:4"), (194.7, 120.2, 231.8, 132.5, "41,882.92"),
    (256.6, 120.2, 296.8, 134.8, "246,002.83"), (299, 120.8, 386.2, 136.1, "苏州瑞金电子商务有限公司"),
    (414.3, 123.5, 497.8, 137.9, "56772601935084061952"), (510.1, 126.4, 543.5, 138.6, "转账存入"),
    (37.1, 130, 45, 139.3, "8"),
    (35.3, 141.1, 73.2, 154.6, "2021-08-10"), (75.2, 142.2, 101.9, 155.5, "19:18:5"), (195.8, 144.7, 231.8, 157, "12,556.90"),
    (256.6, 143.6, 296.7, 158.5, "258,559.73"), (299, 144.5, 393.1, 160.6, "南昌顺宇供应链管理有限公司"),
    (414.3, 147.2, 493.1, 161.6, "5424847265853404894"), (508.3, 149, 543.5, 164.2, "跨行转入"),
    (37.1, 155.2, 45, 164.2, "6"),
    (35.3, 164.9, 72.8, 178.1, "2021-09-02"), (74.8, 166, 101.1, 178.9, "14:48:5"), (135.3, 168.5, 168.1, 180.7, "7,613.00"),
    (254.8, 168.1, 297.5, 184.6, "250,946.73"), (299.8, 169.5, 323.2, 185.4, "金璐佳"),
    (413.2, 171.7, 493.1, 186.1, "4367422880571624158"), (507.9, 173.5, 542.1, 189, "代发工资"),
    (37.1, 178.9, 44.3, 186.8, "7"),
]

CMB_PERSONAL_OVERLAP = [  # seed-1 p39: the counterparty's OCR box runs 5 pt into the remark 转账 beside it
    (51.5, 96.5, 86.7, 111.2, "记账日期"), (103.7, 96.5, 124.9, 110.5, "货币"), (146.9, 97.2, 181.4, 109.8, "交易金额"),
    (213.5, 95.8, 248.7, 110.5, "联机余额"), (279.7, 94.7, 314.2, 109.8, "交易摘要"), (386.9, 95.8, 420.4, 108, "对手信息"),
    (496.7, 94, 531.3, 108.7, "客户摘要"),
    (44.3, 641.8, 86.7, 654.4, "2021-09-20"), (100.1, 641.8, 127.4, 655.2, "人民币"),
    (158.4, 641.1, 201.9, 653.4, "-476,840.00"), (228.6, 641.1, 269.6, 653.4, "503,919.56"),
    (272.2, 641.1, 302, 653.4, "转账支取"), (331.9, 639.3, 485.2, 653.4, "上海金信信息技术有限公司90814141291736"),
    (479.8, 639.3, 502.9, 652.6, "转账"), (333.7, 653.4, 341.6, 663.1, "6"),
    (45, 667.4, 86.7, 679.6, "2021-09-26"), (100.8, 666.7, 127.4, 679.6, "人民币"),
    (158.4, 666.7, 201.9, 678.9, "-102,690.00"), (228.6, 666.7, 270, 678.9, "401,229.56"),
    (266.4, 664.9, 303.8, 679.6, "跨行转出"), (331.9, 664.9, 425.1, 678.9, "刘梅莉6214838688699471"),
]


def test_wrapped_seconds_digit_under_the_date_completes_the_time():
    rows = parse_statement_pages([(_words(CCB_CORPORATE_CUT_SECONDS), 595.0, 842.0)])
    assert [r.fields["time"] for r in rows] == ["2021-02-08T09:53:15", "2021-02-17T20:25:00", "2021-03-05T09:48:26"]
    assert [("bad_time" in r.flags) for r in rows] == [False, True, False]  # the lost digit stays flagged
    assert rows[2].fields["cp_account"] == "906364908518364"  # the line still reaches its row


def test_wrapped_seconds_digit_on_the_rows_own_line_completes_the_time():
    rows = parse_statement_pages([(_words(CCB_2ROW_FUSED), 595.0, 842.0)])
    assert [r.fields["time"] for r in rows] == ["2021-08-09T20:27:48", "2021-08-10T19:18:56", "2021-09-02T14:48:57"]
    assert not any("bad_time" in r.flags for r in rows)


def test_wrapped_seconds_digit_grouped_into_the_rows_line_completes_the_time():
    # a tall row: the digit under the date sits within half a line of the row's centre, so it joins its line
    words = [(30, 80, 70, 94, "交易时间"), (130, 80, 170, 94, "交易金额"), (230, 80, 260, 94, "余额"),
             (330, 80, 370, 94, "对方户名")]
    for i, (day, hms, frag, amount, balance) in enumerate([("2021-01-01", "16:02:1", "6", "5.00", "105.00"),
                                                            ("2021-01-02", "09:10:", "11", "-1.00", "104.00")]):
        y = 100 + 30 * i
        words += [(28, y, 66, y + 14, day), (68, y, 95, y + 14, hms), (30, y + 8, 38 + 4 * len(frag), y + 17, frag),
                  (140, y, 170, y + 14, amount), (230, y, 262, y + 14, balance), (330, y, 360, y + 14, "李新")]
    rows = parse_statement_pages([(_words(words), 595.0, 842.0)])
    assert [r.fields["time"] for r in rows] == ["2021-01-01T16:02:16", "2021-01-02T09:10:11"]
    assert not any("bad_time" in r.flags or "bad_date" in r.flags for r in rows)


def test_complete_cut_time_needs_a_cut_time_and_whole_seconds():
    assert complete_cut_time("2021-01-1911:28:5", "3") == "2021-01-1911:28:53"
    assert complete_cut_time("16:02:", "16") == "16:02:16"
    assert complete_cut_time("16:02:1", "16") is None  # three second digits
    assert complete_cut_time("16:02:16", "1") is None  # not cut
    assert complete_cut_time("16:02:", "1") is None  # still cut
    assert complete_cut_time("南昌汇华", "1") is None


def test_overlapping_ocr_box_past_its_header_goes_to_the_empty_neighbour():
    rows = parse_statement_pages([(_words(CMB_PERSONAL_OVERLAP), 595.0, 842.0)])
    assert rows[0].fields["cp_name"] == "上海金信信息技术有限公司"
    assert rows[0].fields["cp_account"] == "908141412917366"
    assert rows[0].fields["remark"] == "转账"


def test_ocr_box_touching_the_one_before_past_its_header_goes_to_the_empty_neighbour():
    # the same row read at a finer detection scale: the two boxes touch (482 | 482) instead of overlapping
    words = [(482.0 if t == "转账" else x0, y0, 482.0 if t.startswith("上海金信") else x1, y1, t)
             for x0, y0, x1, y1, t in CMB_PERSONAL_OVERLAP]
    rows = parse_statement_pages([(_words(words), 595.0, 842.0)])
    assert rows[0].fields["cp_account"] == "908141412917366" and rows[0].fields["remark"] == "转账"


def test_account_one_digit_off_another_counterpartys_usual_account_is_flagged():
    # the name was misread too, so only the account itself can tell
    accs = [("上海金信信息技术有限公司", "908141412917366")] * 2 + [("上海金信 转账6", "90814141291736"),
                                                            ("刘梅莉", "6214838688699471")]
    rows = [StatementRow(0, i, {"cp_name": n, "cp_account": a, "holder_account": "6214835991734060"}, {}, None)
            for i, (n, a) in enumerate(accs)]
    rows.append(StatementRow(0, 9, {"cp_name": "张志浩", "cp_account": "6214835991734061"}, {}, None))
    flag_account_variants(rows)
    assert ["account_variant" in r.flags for r in rows] == [False, False, True, False, True]
    assert rows[2].fixes[0]["new"] == "908141412917366"
    assert rows[4].fixes[0]["evidence"].endswith("6214835991734060 is the holder's own account")


def test_one_date_out_of_order_is_flagged_and_a_restart_is_not():
    def rows_for(days):
        return [StatementRow(0, i, {"time": d}, {}, None) for i, d in enumerate(days)]

    rows = rows_for(["2021-03-01", "2021-03-02", "2021-08-03", "2021-03-04", "2021-03-05"])
    flag_date_order(rows)
    assert [r.flags for r in rows] == [[], [], ["date_order"], [], []]
    rows = rows_for(["2021-05-05T10:00:00", "2021-05-04", "2021-01-03", "2021-05-03", "2021-05-02"])  # newest first
    flag_date_order(rows)
    assert [bool(r.flags) for r in rows] == [False, False, True, False, False]
    rows = rows_for(["2021-01-01", "2021-02-01", "2021-03-01", "2020-01-01", "2020-02-01", "2020-03-01"])
    flag_date_order(rows)
    assert not any(r.flags for r in rows)


def test_name_unlike_the_accounts_usual_name_is_flagged():
    names = ["武汉顺华贸易有限公司", "武汉顺华贸易有限公司", "武汉顺华贸易", "武汉顺华贸易 有限公司"]
    rows = [StatementRow(0, i, {"cp_name": n, "cp_account": "3975049841302654706"}, {}, None)
            for i, n in enumerate(names)]
    rows.append(StatementRow(0, 9, {"cp_name": "有限公司 /黄伟华", "cp_account": "4367422519388226290"}, {}, None))
    flag_name_variants(rows)
    assert [r.flags for r in rows] == [[], [], ["name_variant"], [], []]  # one name per account: nothing to compare


def test_line_centre_ignores_one_tall_stray_box():
    # seed-1 p32 with a rule fragment read as "1" (13 pt tall): the row's line must not move down with it
    line = Line([Box(60, 302.4, 165, 314.6, "4367422519388226290/黄伟华"), Box(239, 303.0, 260, 315.0, "房租"),
                 Box(258, 303.1, 298, 315.2, "345,138.06"), Box(563.3, 310.3, 564.4, 325.4, "1")])
    assert abs(line.yc - 308.8) < 0.5


def test_page_fed_sideways_is_turned_back_and_rows_reported_as_stored():
    w, h = 842.0, 595.0  # the upright page; the scan lies turned clockwise, so it is stored h x w
    stored = [(h - y1, x0, h - y0, x1, t) for x0, y0, x1, y1, t in ICBC_PERSONAL]
    rows = parse_statement_pages([(_words(stored), h, w)])
    assert [r.fields["time"] for r in rows] == ["2021-01-04", "2021-01-11"]
    assert rows[1].fields["balance"] == Decimal("38569.61") and rows[0].fields["cp_name"] == "李新"
    assert h - 174 - 1 <= rows[0].bbox[0] and rows[0].bbox[2] <= h - 162 + 1  # across the stored page
    counter = [(y0, w - x1, y1, w - x0, t) for x0, y0, x1, y1, t in ICBC_PERSONAL]  # turned the other way
    assert [r.fields["time"] for r in parse_statement_pages([(_words(counter), h, w)])] == ["2021-01-04",
                                                                                          "2021-01-11"]


def test_turn_words_and_back_are_inverse():
    for rotation in (90, 180, 270):
        words, tw, th = turn_words([(10, 20, 50, 30, "x")], 595.0, 842.0, rotation)
        assert bbox_as_stored(words[0][:4], 595.0, 842.0, rotation) == (10, 20, 50, 30)


def test_serial_number_box_over_the_band_edge_is_no_currency():
    layout = Layout((Column("ignore", "序号", float("-inf"), 250.0, 236, 257),
                     Column("currency", "币种", 250.0, 289.5, 263, 284)), 0)
    assert assign(layout, Box(250.9, 180.7, 258.8, 191.1, "2")) == 0
    assert assign(layout, Box(257.7, 178.9, 285.1, 192.2, "人民币")) == 1


def test_holder_account_one_digit_off_is_flagged_and_kept_in_its_statement():
    accs = ["6212263339055902216", "62122363339055902216", "6212263339055902216", "6212263339055902216"]
    balances = ["100.00", "90.00", "85.00", "95.00"]
    rows = [StatementRow(0, i, {"holder_account": a, "amount": Decimal(d), "balance": Decimal(b)}, {}, None)
            for i, (a, d, b) in enumerate(zip(accs, ["0", "-10.00", "-5.00", "10.00"], balances, strict=True))]
    check_rows(rows)
    assert [r.flags for r in rows] == [[], ["holder_account_variant", "suggested_fix"], [], []]
    assert rows[1].fixes[0]["new"] == "6212263339055902216" and rows[1].fields["holder_account"] == accs[1]


def test_currency_with_stray_text_is_flagged():
    from nlp.statements.fields import build_fields

    _, flags = build_fields({"date": "2021-01-02", "amount": "5.00", "currency": "2 人民币"})
    _, ok = build_fields({"date": "2021-01-02", "amount": "5.00", "currency": "人民币"})
    assert "bad_currency" in flags and "bad_currency" not in ok


_coord = st.floats(0, 842, allow_nan=False)


@settings(FUZZ, max_examples=60)
@given(st.lists(st.tuples(_coord, _coord, st.floats(0, 120), st.floats(0, 120), statement_text), max_size=40),
       st.sampled_from([0, 90, 180, 270]), st.booleans())
def test_fuzz_statement_pages_with_random_boxes_never_raise(boxes, rotation, tall):
    # a real header plus random boxes (tall ones push the sideways reading), turned like a scan may be
    words = [(x0, y0, x1, y1, t) for x0, y0, x1, y1, t in ICBC_PERSONAL]
    words += [(x, y, x + (dy if tall else dx), y + (dx if tall else dy), t) for x, y, dx, dy, t in boxes]
    w, h = 842.0, 595.0
    if rotation:
        words, _, _ = turn_words(words, w, h, (360 - rotation) % 360)
        w, h = (w, h) if rotation == 180 else (h, w)
    rows = parse_statement_pages([(_words(words), w, h), ([], 0.0, 0.0), (_words(words[:20]), w, h)])
    for r in rows:
        assert r.page in (0, 2) and isinstance(r.flags, list)
        assert r.bbox is None or all(isinstance(v, float | int) for v in r.bbox)


def test_upside_down_english_statement_is_turned_back():
    """An English statement scanned upside down: its dates are `05 Jul 2021` (read as `2021 Jul 05` in the scan's
    order), not numeric; the page is still recognised as turned and its rows read (before: header only, E019)."""
    w, h = 595.0, 842.0
    upright = [(40, 96, 60, 108, "Date"), (190, 96, 236, 108, "Description"), (336, 96, 385, 108, "Withdrawals"),
               (420, 96, 455, 108, "Deposits"), (499, 96, 531, 108, "Balance")]
    for k, (day, memo, out, bal) in enumerate([("22", "POS PURCHASE", "755.38", "477,465.23"),
                                               ("23", "ATM WITHDRAWAL", "500.00", "476,965.23"),
                                               ("24", "POS PURCHASE", "1,200.34", "475,764.89")]):
        y = 112 + 14 * k
        upright += [(40, y, 50, y + 11, day), (52, y, 66, y + 11, "Jun"), (68, y, 88, y + 11, "2021"),
                    (190, y, 260, y + 11, memo), (350, y, 385, y + 11, out), (495, y, 531, y + 11, bal)]
    turned = [(w - x1, h - y1, w - x0, h - y0, t) for x0, y0, x1, y1, t in upright]
    rows = parse_statement_pages([(_words(turned), w, h)])
    assert [r.fields["time"] for r in rows] == ["2021-06-22", "2021-06-23", "2021-06-24"]
    assert [r.fields["amount"] for r in rows] == [Decimal("-755.38"), Decimal("-500.00"), Decimal("-1200.34")]


def test_short_name_against_the_wall_goes_to_the_name_column_far_right_of_it():
    """ccb_corporate on a scan: balances right-aligned on the wall, names left-aligned just past it; the
    boundary refined from the body sits far right (357) of a two-character name (302-319)."""
    layout = Layout((Column("credit", "贷方发生额", 167.5, 246.0, 180, 240),
                     Column("balance", "余额", 246.0, 357.0, 262, 281),
                     Column("cp_name", "对方户名", 357.0, 407.5, 320, 352),
                     Column("cp_account", "对方账号", 407.5, 504.5, 430, 470)), 0)
    assert assign(layout, Box(301.6, 451.6, 319.1, 462.5, "张宇")) == 2
    assert assign(layout, Box(257.0, 451.6, 301.0, 462.5, "1,464,035.69")) == 1
    assert assign(layout, Box(170.0, 451.6, 200.0, 462.5, "张宇")) == 0  # half a column away: left where it is
