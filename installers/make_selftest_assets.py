"""Write the tiny synthetic inputs of `caselens selftest` into resources/selftest/ (deterministic, < 500 KB).

Usage: python installers/make_selftest_assets.py [--out resources/selftest]
A born-digital text page, two image-only "scanned" pages (rendered from text, so OCR has something to read and
two pages give the OCR pool two workers), a small inquiry-return CSV whose ledger holds one fast-in-fast-out
burst, and expected.json saying what each selftest step must find. No real person, account or case.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "resources" / "selftest"

TEXT_PAGE = [
    "讯问笔录",
    "时间：2021年3月5日 14时20分至16时05分",
    "被讯问人：张伟，男，身份证号码 11010519491231002X",
    "联系电话：13912345678",
    "问：你名下的银行卡号是多少？",
    "答：6222021234567894，开户行是中国工商银行。",
    "问：2021年3月1日这张卡收到的50,000.00元转给了谁？",
    "答：当天转给了王芳，一共49,500.00元。",
    "Witness statement of John Smith regarding the transfer of funds.",
]
SCANNED_PAGES = [
    ["询问笔录（扫描件）", "被询问人：李建国，男，身份证号码 110105194912310029",
     "问：你认识张伟吗？", "答：认识，他是我表弟，在宏达贸易有限公司上班。"],
    ["接受证据清单（扫描件）", "物品：银行卡一张，尾号7894",
     "持有人：王芳，联系电话 13812345678", "经办人：刘洋 2021年3月6日"],
]
HEADER = ("交易卡号,交易账号,交易户名,交易证件号码,交易时间,交易金额,交易余额,收付标志,交易对手账卡号,现金标志,"
          "对手户名,对手身份证号,对手开户银行,摘要说明,交易币种,交易网点名称,交易网点代码,交易发生地,交易是否成功,传票号,"
          "终端号,IP地址,MAC地址,对手交易余额,交易流水号,日志号,凭证种类,凭证号,交易柜员号,商户名称,商户号,备注,交易类型,"
          "查询反馈结果原因").split(",")
CARD, HOLDER, HOLDER_ID = "6222021234567894", "张伟", "11010519491231002X"
LEDGER = [  # time, amount, balance, direction, counterparty card, counterparty, memo
    ("2021-02-20 09:10:00", "3000.00", "3200.00", "进", "6217000010012345678", "刘洋", "还款"),
    ("2021-03-01 10:02:00", "50000.00", "53200.00", "进", "6228480012345678912", "陈明", "货款"),
    ("2021-03-01 10:15:00", "30000.00", "23200.00", "出", "6217000020098765432", "王芳", "转账"),
    ("2021-03-01 10:21:00", "19500.00", "3700.00", "出", "6217000020098765432", "王芳", "转账"),
    ("2021-03-09 18:40:00", "500.00", "3200.00", "出", "6217000010012345678", "刘洋", "生活费"),
]
EXPECTED = {
    "text_search": "讯问笔录",
    "ocr_search": "李建国",
    "ocr_text": ["李建国", "王芳"],
    "id_number": "11010519491231002X",
    "transactions": len(LEDGER),
    "alert_rule": "fast_in_fast_out",
}


FIXED_DATE = "D:20210101000000Z"  # fixed metadata and no new /ID: the same bytes on every run


def _pdf_bytes(doc) -> bytes:
    doc.set_metadata({"title": "CaseLens selftest", "author": "CaseLens", "producer": "CaseLens", "creator": "CaseLens",
                      "creationDate": FIXED_DATE, "modDate": FIXED_DATE})
    return doc.tobytes(garbage=4, deflate=True, no_new_id=True)


def _text_pdf(lines_per_page: list[list[str]], width: float, height: float, fontsize: float) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    for lines in lines_per_page:
        page = doc.new_page(width=width, height=height)
        y = 40.0
        for line in lines:
            page.insert_text((30, y), line, fontname="china-s", fontsize=fontsize)
            y += fontsize * 1.8
    data = _pdf_bytes(doc)
    doc.close()
    return data


def _scanned_pdf(pages: list[list[str]]) -> bytes:
    """Each page drawn as text, rendered to a grey 200 dpi JPEG and placed on an image-only page."""
    import pymupdf

    src = pymupdf.open("pdf", _text_pdf(pages, 420, 200, 13))
    out = pymupdf.open()
    for page in src:
        pix = page.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
        target = out.new_page(width=page.rect.width, height=page.rect.height)
        target.insert_image(target.rect, stream=pix.tobytes("jpeg", jpg_quality=70))
    data = _pdf_bytes(out)
    out.close()
    src.close()
    return data


def _statement_csv() -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    for when, amount, balance, direction, cp_card, cp_name, memo in LEDGER:
        row = dict.fromkeys(HEADER, "")
        row.update({"交易卡号": CARD, "交易账号": CARD, "交易户名": HOLDER, "交易证件号码": HOLDER_ID, "交易时间": when,
                    "交易金额": amount, "交易余额": balance, "收付标志": direction, "交易对手账卡号": cp_card,
                    "现金标志": "转账", "对手户名": cp_name, "摘要说明": memo, "交易币种": "人民币", "交易是否成功": "是"})
        writer.writerow([row[h] for h in HEADER])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def write_assets(out: Path) -> dict[str, int]:
    """Write every selftest input into out; returns file name -> size in bytes."""
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "text_page.pdf": _text_pdf([TEXT_PAGE], 595, 420, 11),
        "scanned_pages.pdf": _scanned_pdf(SCANNED_PAGES),
        "statement.csv": _statement_csv(),
        "expected.json": (json.dumps(EXPECTED, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    }
    for name, data in files.items():
        (out / name).write_bytes(data)
    return {name: len(data) for name, data in files.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    sizes = write_assets(args.out)
    for name, size in sizes.items():
        print(f"{args.out / name}  {size:,} bytes")
    print(f"total {sum(sizes.values()):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
