"""The ledgers as a police account-inquiry return (查控反馈): the ~34-column CSV and an XLSX with 人员信息/账户信息."""

from __future__ import annotations

import csv
import io
import random
import zipfile
from pathlib import Path

from devkit.synth.cast import Account, Cast
from devkit.synth.ledger import Ledger, Tx

COLUMNS = ("交易卡号", "交易账号", "交易户名", "交易证件号码", "交易时间", "交易金额", "交易余额", "收付标志",
           "交易对手账卡号", "现金标志", "对手户名", "对手身份证号", "对手开户银行", "摘要说明", "交易币种",
           "交易网点名称", "交易网点代码", "交易发生地", "交易是否成功", "传票号", "终端号", "IP地址", "MAC地址",
           "对手交易余额", "交易流水号", "日志号", "凭证种类", "凭证号", "交易柜员号", "商户名称", "商户号", "备注",
           "交易类型", "查询反馈结果原因")
_FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def _internal_account(acc: Account) -> str:
    """The ledger account behind a card (cards and accounts differ in real returns)."""
    return acc.number if acc.kind == "corporate" else f"{abs(hash_digits(acc.number)) % 10**17:017d}"


def hash_digits(s: str) -> int:
    h = 7
    for c in s:
        h = (h * 131 + ord(c)) % (2**61 - 1)
    return h


def inquiry_rows(cast: Cast, ledger: Ledger, rng: random.Random) -> tuple[list[list[str]], list[dict]]:
    """Rows for every statement account, failed attempts included; and the truth entry of each row."""
    balances = {a.number: a.opening_balance for a in cast.accounts if a.in_case}
    after: dict[tuple[str, str], float] = {}
    for t in ledger.txs:  # balance of each side after each successful transaction
        if not t.success:
            continue
        for acc, sign in ((t.src, -1), (t.dst, 1)):
            if acc is not None and acc.number in balances:
                balances[acc.number] = round(balances[acc.number] + sign * t.amount, 2)
                after[(t.tid, acc.number)] = balances[acc.number]
    running = {a.number: a.opening_balance for a in cast.accounts if a.in_case}
    rows, truth = [], []
    for acc in [a for a in cast.accounts if a.in_case]:
        for t in [t for t in ledger.txs if acc in (t.src, t.dst)]:
            rows.append(_row(acc, t, after, running, rng))
            amt = t.amount if t.dst is acc else -t.amount
            truth.append({"row": len(rows), "tid": t.tid, "account": acc.number, "amount": amt,
                          "balance": float(rows[-1][6].replace(",", "")), "success": t.success})
    return rows, truth


def _row(acc: Account, t: Tx, after: dict, running: dict, rng: random.Random) -> list[str]:
    incoming = t.dst is acc
    cp = t.src if incoming else t.dst
    if t.success:
        running[acc.number] = after[(t.tid, acc.number)]
    cp_bal = after.get((t.tid, cp.number)) if cp is not None and t.success else None
    card = acc.number if acc.kind == "personal" else ""
    merchant = cp.holder_name if t.kind == "purchase" and cp else ""
    return [
        card, _internal_account(acc), acc.holder_name, acc.holder_id_number, f"{t.time:%Y-%m-%d %H:%M:%S}",
        f"{t.amount:.2f}", f"{running[acc.number]:.2f}", "进" if incoming else "出",
        cp.number if cp else "", "现金" if cp is None else "转账", cp.holder_name if cp else "",
        cp.holder_id_number if cp else "", cp.branch if cp else "", t.memo, "人民币" if acc.currency == "CNY" else acc.currency,
        acc.branch if t.channel in ("柜面", "ATM") else "", f"{rng.randrange(10**4, 10**5)}" if t.channel == "柜面" else "",
        "", "是" if t.success else "否", "", f"ATM{rng.randrange(1000, 9999)}" if t.channel == "ATM" else "",
        f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}" if t.channel in ("手机银行", "网上银行") else "",
        "", f"{cp_bal:.2f}" if cp_bal is not None else "", t.serial, f"{rng.randrange(10**7, 10**8)}", "", "",
        f"{rng.randrange(100000, 999999)}" if t.channel == "柜面" else "", merchant,
        f"{rng.randrange(10**14, 10**15)}" if merchant else "", "" if t.success else "余额不足",
        t.kind if t.kind != "transfer" else "转账", "成功" ,
    ]


def write_inquiry(cast: Cast, ledger: Ledger, stem: Path) -> list[dict]:
    """Write STEM.inquiry.csv (UTF-8 with BOM, as exported for Excel) and STEM.inquiry.xlsx; returns truth rows."""
    rng = random.Random(len(ledger.txs))
    rows, truth = inquiry_rows(cast, ledger, rng)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    Path(f"{stem}.inquiry.csv").write_text("\ufeff" + buf.getvalue(), encoding="utf-8")
    _write_xlsx(cast, rows, Path(f"{stem}.inquiry.xlsx"))
    return truth


def _write_xlsx(cast: Cast, rows: list[list[str]], path: Path) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "交易明细"
    ws.append(list(COLUMNS))
    for r in rows:
        ws.append(r)
    people = wb.create_sheet("人员信息")
    people.append(["姓名", "证件类型", "证件号码", "联系电话", "住址", "工作单位"])
    holders = {a.holder_id for a in cast.accounts if a.in_case}
    for p in cast.people:
        if p.pid in holders:
            people.append([p.name, "居民身份证", p.id_number, p.phone, p.address, p.employer])
    accts = wb.create_sheet("账户信息")
    accts.append(["交易卡号", "交易账号", "账户名称", "证件号码", "开户网点", "币种", "账户状态", "期初余额"])
    for a in cast.accounts:
        if a.in_case:
            accts.append([a.number if a.kind == "personal" else "", _internal_account(a), a.holder_name,
                          a.holder_id_number, a.branch, a.currency, "正常", f"{a.opening_balance:.2f}"])
    wb.create_sheet("子账户信息").append(["交易账号", "子账户账号", "子账户类别", "币种", "余额"])
    wb.properties.created = wb.properties.modified = datetime(2024, 1, 1)
    wb.properties.creator = "caselens synth"
    raw = io.BytesIO()
    wb.save(raw)
    # openpyxl stamps zip entries with the current time: rewrite them with a fixed one (same seed, same bytes)
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _fix_core(data)
            dst.writestr(zipfile.ZipInfo(info.filename, _FIXED_ZIP_TIME), data, zipfile.ZIP_DEFLATED)


def _fix_core(xml: bytes) -> bytes:
    import re

    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", xml)
