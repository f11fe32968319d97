"""Bank and platform exports in the shapes officers receive them, as anonymised fixtures written here:
preambles, padded cells, two header rows, merged parents, legacy/odd containers, card signs, statuses,
several accounts and sheets, tables with no header. Each asserts the rows and the recorded layout."""

from __future__ import annotations

import zipfile
from decimal import Decimal

import pytest

from app.ingest.tables import read_table_file
from nlp.statements.spreadsheets import parse_workbook


def _parse(path):
    sheets = read_table_file(path)
    return parse_workbook([(s.name, s.rows, s.bad_rows) for s in sheets])


def _amounts(result):
    return [r.fields["amount"] for r in result.rows]


ALIPAY_LIKE = (
    "支付宝交易记录明细查询\n账号:[13800000000]\n起始日期:[2024-03-01 00:00:00]    终止日期:[2024-03-31 23:59:59]\n"
    "---------------------------------交易记录明细列表------------------------------------\n"
    "交易号                  ,商户订单号               ,交易创建时间              ,付款时间                ,最近修改时间              ,"
    "交易来源地     ,类型              ,交易对方            ,商品名称                ,金额（元）   ,收/支     ,交易状态    ,"
    "服务费（元）   ,成功退款（元）  ,备注                  ,资金状态     ,\n"
    "2024030422001400001    ,T200P0001              ,2024-03-04 10:00:01 ,2024-03-04 10:00:05 ,2024-03-04 10:00:05 ,"
    "其他（包括阿里巴巴和外部商家）,即时到账交易          ,王小明              ,转账                ,500.00  ,支出      ,交易成功    ,"
    "0.00    ,0.00    ,                    ,已支出    ,\n"
    "2024030522001400002    ,T200P0002              ,2024-03-05 11:00:01 ,                    ,2024-03-05 11:30:00 ,"
    "淘宝          ,即时到账交易          ,某某旗舰店            ,耳机                ,99.00   ,支出      ,交易关闭    ,"
    "0.00    ,0.00    ,                    ,          ,\n"
    "2024030622001400003    ,                       ,2024-03-06 12:00:01 ,2024-03-06 12:00:02 ,2024-03-06 12:00:02 ,"
    "其他          ,即时到账交易          ,李四                ,还款                ,1200.00 ,收入      ,交易成功    ,"
    "0.00    ,0.00    ,                    ,已收入    ,\n"
    "------------------------------------------------------------------------------------\n"
    "共3笔记录\n已收入:1笔,1200.00元\n待收入:0笔,0.00元\n已支出:1笔,500.00元\n导出时间:[2024-04-01 09:00:00]\n"
)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_legacy_alipay_shape_in_every_encoding(tmp_path, encoding):
    path = tmp_path / "alipay_record_20240401.csv"
    path.write_bytes(ALIPAY_LIKE.encode(encoding))
    res = _parse(path)
    assert _amounts(res) == [Decimal("-500.00"), Decimal("-99.00"), Decimal("1200.00")]
    assert [r.fields["cp_name"] for r in res.rows] == ["王小明", "某某旗舰店", "李四"]
    assert "closed" in res.rows[1].flags and "closed" not in res.rows[0].flags
    assert res.rows[0].fields["serial"] == "2024030422001400001"
    assert res.rows[0].fields["holder_account"] == "支付宝:13800000000"
    layout = res.layouts[0]
    assert layout.kind == "alipay" and layout.header_row == 5 and layout.skipped >= 5
    assert not res.unreadable


def test_wechat_shape_neutral_rows_flagged_not_signed(tmp_path):
    text = ("微信支付账单明细\n微信昵称：[小王]\n起始时间：[2024-01-01 00:00:00] 终止时间：[2024-01-31 23:59:59]\n\n"
            "----------------------微信支付账单明细列表--------------------\n"
            "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
            "2024-01-02 09:00:00,转账,张伟,/,支出,¥1000.00,零钱,对方已收钱,1000001\t,/\t,/\n"
            "2024-01-03 09:00:00,零钱提现,招商银行(1234),/,/,¥300.00,招商银行(1234),提现已到账,1000002\t,/\t,服务费¥0.30\n"
            "2024-01-04 09:00:00,微信红包-退款,李娜,/,收入,¥88.00,/,已全额退款,1000003\t,/\t,/\n")
    path = tmp_path / "微信支付账单(20240101-20240131).csv"
    path.write_text(text, encoding="utf-8-sig")
    res = _parse(path)
    assert _amounts(res) == [Decimal("-1000.00"), Decimal("300.00"), Decimal("88.00")]
    assert "neutral" in res.rows[1].flags
    assert "refunded" in res.rows[2].flags
    assert res.rows[0].fields["holder_account"] == "微信:小王"
    assert res.layouts[0].kind == "wechat"


def test_two_header_rows_with_a_merged_parent(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["某某银行账户交易明细"])
    ws.append(["账号：6222000011112222", None, None, None, None, "户名：张伟"])
    ws.append(["交易日期", "摘要", "发生额", None, "余额", "对方户名"])
    ws.append([None, None, "收入", "支出", None, None])
    ws.merge_cells("C3:D3")
    ws.append(["2024-02-01", "转账", 100, None, 1100, "李四"])
    ws.append(["2024-02-02", "消费", None, 40.5, 1059.5, "某超市"])
    ws.append(["合计", None, 100, 40.5, None, None])
    path = tmp_path / "merged.xlsx"
    wb.save(path)
    res = _parse(path)
    assert _amounts(res) == [Decimal("100.00"), Decimal("-40.50")]
    assert res.rows[0].fields["holder_account"] == "6222000011112222"
    assert res.layouts[0].columns["credit"] and res.layouts[0].columns["debit"]
    assert not res.unreadable and not any("balance_break" in r.flags for r in res.rows)


def test_xlsx_with_a_wrong_dimension_element_reads_every_row(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["交易日期", "交易金额", "账户余额", "对方户名"])
    for i in range(1, 31):
        ws.append([f"2024-03-{i:02d}", 10, 10 * i, "张三"])
    good = tmp_path / "good.xlsx"
    wb.save(good)
    bad = tmp_path / "兴业银行交易明细.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:D31"/>', b'<dimension ref="A1"/>')
            zout.writestr(item, data)
    assert len(_parse(bad).rows) == 30


def test_html_saved_as_xls_is_read(tmp_path):
    html = ("<html><head><meta charset='gbk'></head><body><table>"
            "<tr><td colspan='4'>账户明细</td></tr>"
            "<tr><th>交易日期</th><th>收入金额</th><th>支出金额</th><th>余额</th><th>对方户名</th></tr>"
            "<tr><td>2024-05-01</td><td>10.00</td><td></td><td>110.00</td><td>张三</td></tr>"
            "<tr><td>2024-05-02</td><td></td><td>20.00</td><td>90.00</td><td>李四</td></tr>"
            "</table></body></html>")
    path = tmp_path / "明细.xls"
    path.write_bytes(html.encode("gbk"))
    assert _amounts(_parse(path)) == [Decimal("10.00"), Decimal("-20.00")]


def test_card_statement_without_year_signs_spending_out(tmp_path):
    text = ("某银行信用卡对账单 2024年01月\n交易日,记账日,交易摘要,人民币金额,卡号末四位\n"
            "12/28,12/29,消费 某商户,120.00,4321\n,01/02,还款,-500.00,4321\n01/05,01/06,退货 某商户,-20.00,4321\n")
    path = tmp_path / "card.csv"
    path.write_text(text, encoding="utf-8")
    res = _parse(path)
    assert [r.fields["time"] for r in res.rows] == ["2023-12-28", "2024-01-02", "2024-01-05"]
    assert _amounts(res) == [Decimal("-120.00"), Decimal("500.00"), Decimal("20.00")]
    assert res.rows[0].fields["details"]["post_date"] == "2023-12-29"
    assert res.layouts[0].kind == "credit-card" and "card" in res.layouts[0].sign


def test_one_file_several_accounts_and_sheets(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    info = wb.active
    info.title = "人员信息"
    info.append(["姓名", "账号"])
    info.append(["张伟", "6222000000000001"])
    info.append(["李娜", "6222000000000002"])
    for title, acc in (("张伟交易明细", "6222000000000001"), ("李娜交易明细", "6222000000000002")):
        ws = wb.create_sheet(title)
        ws.append(["交易卡号", "交易时间", "交易金额", "借贷标志", "交易余额", "对手户名"])
        ws.append([acc, "2024-01-01 10:00:00", 50, "贷", 150, "王五"])
        ws.append([acc, "2024-01-02 10:00:00", 20, "借", 130, "赵六"])
    path = tmp_path / "调单.xlsx"
    wb.save(path)
    res = _parse(path)
    assert len(res.rows) == 4 and not res.unmapped_sheets
    assert {r.fields["holder_name"] for r in res.rows} == {"张伟", "李娜"}


def test_headerless_table_is_read_by_content_and_flagged(tmp_path):
    text = "\n".join(f"2024-06-{d:02d},PAYMENT {d},{d}.00,,{1000 - d * (d + 1) // 2:.2f}" for d in range(1, 8))
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    res = _parse(path)
    assert len(res.rows) == 7 and all("layout_inferred" in r.flags for r in res.rows)
    assert res.layouts[0].kind == "inferred" and res.layouts[0].header_row is None


def test_a_file_with_no_table_yields_nothing_but_says_so(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("说明,这不是流水\n张三,电话 13800000000\n", encoding="utf-8")
    res = _parse(path)
    assert not res.rows and not res.sheets_used and res.unmapped_sheets


def test_tenpay_inquiry_return_in_fen(tmp_path):
    text = ("用户ID,交易单号,用户侧账号名称,借贷类型,交易用途类型,交易时间,交易金额(分),账户余额(分),用户银行卡号,"
            "对手方ID,对手侧账户名称,对手方银行卡银行,对手侧银行卡号,备注1,备注2\n"
            "1000000001,10000001,张伟,出,转账,2024-07-01 10:00:00,500000,100000,6222000000000001,"
            "1000000002,李娜,,,,\n"
            "1000000001,10000002,张伟,入,二维码收款,2024-07-01 11:00:00,1234,101234,,1000000003,王芳,,,,\n")
    path = tmp_path / "财付通交易明细.csv"
    path.write_text(text, encoding="gbk")
    res = _parse(path)
    assert _amounts(res) == [Decimal("-5000.00"), Decimal("12.34")]
    assert [r.fields["balance"] for r in res.rows] == [Decimal("1000.00"), Decimal("1012.34")]
    assert res.rows[0].fields["cp_name"] == "李娜" and res.rows[0].fields["holder_name"] == "张伟"
    assert "分" in res.layouts[0].sign


def test_account_stored_as_an_excel_number_is_flagged(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["交易日期", "交易金额", "余额", "对方账号", "币种"])
    ws.append(["2024-01-01", 10, 110, 6222021234567890123, "人民币"])
    ws.append(["2024-01-02", 5, 5, 6222021234, "美元"])
    ws.append(["2024-01-03", 2, 112, 6222021234, "人民币"])
    path = tmp_path / "num.xlsx"
    wb.save(path)
    res = _parse(path)
    assert "account_rounded" in res.rows[0].flags and "account_rounded" not in res.rows[1].flags
    assert not any("balance_break" in r.flags for r in res.rows)  # one running balance per currency


def test_excel_2003_xml_saved_as_xls_is_read(tmp_path):
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="交易明细">
  <Table>
   <Row><Cell ss:MergeAcross="3"><Data ss:Type="String">账户交易明细</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">交易时间</Data></Cell><Cell><Data ss:Type="String">支出</Data></Cell>
    <Cell><Data ss:Type="String">收入</Data></Cell><Cell><Data ss:Type="String">账户余额</Data></Cell>
    <Cell><Data ss:Type="String">对方户名</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">2024-08-01 10:00:00</Data></Cell>
    <Cell ss:Index="3"><Data ss:Type="Number">300</Data></Cell><Cell><Data ss:Type="Number">1300</Data></Cell>
    <Cell><Data ss:Type="String">张三</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">2024-08-02 10:00:00</Data></Cell><Cell><Data ss:Type="Number">100.5</Data></Cell>
    <Cell ss:Index="4"><Data ss:Type="Number">1199.5</Data></Cell><Cell><Data ss:Type="String">李四</Data></Cell></Row>
  </Table>
 </Worksheet>
</Workbook>"""
    path = tmp_path / "兴业银行交易明细.xls"
    path.write_text(xml, encoding="utf-8")
    res = _parse(path)
    assert _amounts(res) == [Decimal("300.00"), Decimal("-100.50")]
    assert [r.fields["cp_name"] for r in res.rows] == ["张三", "李四"]
