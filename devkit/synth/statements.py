"""Bank statement pages in the layouts of real exports (BOC, ICBC, CMB, CCB, bilingual, English)."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from devkit.synth.cast import Account, Cast
from devkit.synth.ledger import Tx, counterparty, rows_of, signed
from devkit.synth.render import A4, A4_LANDSCAPE, Ent, PageSpec, text_width

DASH = "-------------------"


@dataclass(frozen=True)
class Column:
    label: str  # header text; "\n" splits a two-line header cell
    width: float
    key: str
    align: str = "l"  # l | r | c


@dataclass(frozen=True)
class Layout:
    key: str
    title: str
    columns: tuple[Column, ...]
    landscape: bool = False
    size: float = 7.5
    comma: bool = True
    empty: str = ""
    group: tuple[str, int, int] | None = None  # two-row header: label over columns [i, j)
    english: bool = False
    subtotals: bool = False


C = Column
LAYOUTS: dict[str, Layout] = {lay.key: lay for lay in (
    Layout("boc_personal", "中国银行交易流水明细清单", (
        C("记账日期", 50, "date_iso"), C("记账时间", 40, "time"), C("币别", 30, "currency_cn"),
        C("金额", 60, "signed", "r"), C("余额", 62, "balance", "r"), C("交易名称", 56, "summary"),
        C("渠道", 42, "channel"), C("网点名称", 84, "branch"), C("附言", 52, "memo"),
        C("对方账户名", 84, "cp_name"), C("对方卡号/账号", 96, "cp_account"), C("对方开户行", 104, "cp_bank")),
        landscape=True, size=6.8, comma=False, empty=DASH),
    Layout("icbc_personal", "中国工商银行借记卡账户历史明细清单", (
        C("交易日期", 50, "date_iso"), C("帐号", 86, "own"), C("储种", 26, "storage"), C("序号", 24, "seq", "r"),
        C("币种", 30, "currency_cn"), C("钞汇", 24, "cashremit"), C("摘要", 52, "summary"), C("地区", 26, "area"),
        C("收入/支出金额", 66, "signed_plus", "r"), C("余额", 64, "balance", "r"), C("对方户名", 106, "cp_name"),
        C("对方帐号", 96, "cp_account"), C("渠道", 40, "channel")), landscape=True, size=6.8),
    Layout("cmb_personal", "招商银行交易流水", (
        C("记账日期", 56, "date_iso"), C("货币", 34, "currency_cn"), C("交易金额", 66, "signed", "r"),
        C("联机余额", 68, "balance", "r"), C("交易摘要", 64, "summary"), C("对手信息", 150, "cp_combo"),
        C("客户摘要", 70, "memo")), size=7.2),
    Layout("ccb_personal", "中国建设银行个人活期账户交易明细", (
        C("序号", 26, "seq", "r"), C("摘要", 50, "summary"), C("币别", 30, "currency_cn"), C("钞汇", 24, "cashremit"),
        C("交易日期", 50, "date_compact"), C("交易金额", 62, "signed", "r"), C("账户余额", 64, "balance", "r"),
        C("交易地点/附言", 96, "place_memo"), C("对方账号与户名", 130, "cp_acc_name")), size=7.0),
    Layout("ccb_corporate", "中国建设银行单位账户交易明细", (
        C("交易时间", 74, "datetime"), C("借方发生额（支取）", 76, "debit", "r"), C("贷方发生额（收入）", 76, "credit", "r"),
        C("余额", 72, "balance", "r"), C("对方户名", 130, "cp_name"), C("对方账号", 104, "cp_account"),
        C("摘要", 56, "summary")), size=7.0, subtotals=True),
    Layout("ccb_corporate_2row", "中国建设银行对公账户交易明细", (
        C("交易时间", 74, "datetime"), C("借方", 70, "debit", "r"), C("贷方", 70, "credit", "r"),
        C("余额", 72, "balance", "r"), C("对方户名", 130, "cp_name"), C("对方账号", 104, "cp_account"),
        C("摘要", 64, "summary")), size=7.0, group=("发生额/元", 1, 3)),
    Layout("icbc_corporate", "中国工商银行对公账户明细", (
        C("交易时间", 76, "datetime"), C("本方账号", 90, "own"), C("对方单位", 120, "cp_name"),
        C("对方账号", 100, "cp_account"), C("摘要", 48, "summary"), C("附言", 52, "memo"), C("用途", 44, "purpose"),
        C("借贷标志", 36, "dcflag", "c"), C("发生额", 68, "abs", "r"), C("余额", 70, "balance", "r")),
        landscape=True, size=6.8, subtotals=True),
    Layout("boc_bilingual", "中国银行股份有限公司 交易明细\nBank of China Limited Transaction Details", (
        C("交易日期\n[ Transaction Date ]", 62, "date_iso"), C("交易时间\n[ Transaction time ]", 58, "time"),
        C("业务摘要\n[ Transaction Type ]", 62, "summary"), C("交易金额\n[ Trade Amount ]", 66, "signed", "r"),
        C("交易后余额\n[ After-transaction balance ]", 96, "balance", "r"),
        C("对方账户名称\n[ Payer's/Payee's Name ]", 112, "cp_name"),
        C("对方账号\n[ Payer's/Payee's Account No. ]", 120, "cp_account"),
        C("交易渠道\n[ Transaction Channel ]", 70, "channel"), C("附言\n[ Postscript ]", 70, "memo"),
        C("币别\n[ Currency ]", 44, "currency_cn")), landscape=True, size=6.8),
    Layout("english_bank", "HSBC Hong Kong  Statement of Account", (
        C("Date", 64, "date_en"), C("Description", 220, "desc_en"), C("Withdrawals", 76, "debit", "r"),
        C("Deposits", 76, "credit", "r"), C("Balance", 80, "balance", "r")), size=8.0, english=True),
    Layout("cmb_corporate", "招商银行对公账户交易明细", (
        C("流水号", 76, "serial"), C("交易日", 46, "date_compact"), C("交易时间", 40, "time"),
        C("收(付)方名称", 120, "cp_name"), C("收(付)方账号", 96, "cp_account"), C("交易类型", 44, "summary"),
        C("业务摘要", 52, "memo"), C("用途", 44, "purpose"), C("借方金额", 66, "debit", "r"),
        C("贷方金额", 66, "credit", "r"), C("余额", 70, "balance", "r")), landscape=True, size=6.8, subtotals=True),
)}
ALL_LAYOUTS = list(LAYOUTS)
# English-only layouts (added after ALL_LAYOUTS so Chinese dossiers draw exactly as before)
LAYOUTS["english_corporate"] = Layout("english_corporate", "Business Account Statement", (
    C("Date", 60, "date_en"), C("Value Date", 60, "date_en"), C("Transaction Details", 190, "desc_en"),
    C("Debit", 70, "debit", "r"), C("Credit", 70, "credit", "r"), C("Balance", 76, "balance", "r")), size=7.8,
    english=True)

_SUMMARY = {
    ("transfer", 1): ["转账收入", "跨行转入", "网银转入", "转账存入"], ("transfer", -1): ["转账支出", "跨行转出", "网银转账", "转账支取"],
    ("salary", 1): ["代发工资", "工资"], ("salary", -1): ["代发工资"], ("rent", -1): ["转账支出", "手机转账"],
    ("purchase", -1): ["消费", "快捷支付", "POS消费"], ("cash_in", 1): ["现金存入", "存现"],
    ("cash_out", -1): ["ATM取款", "取现"], ("fee", -1): ["手续费", "收费"],
}
_EN = {"transfer": "TRANSFER", "salary": "PAYROLL", "rent": "RENT", "purchase": "POS PURCHASE",
       "cash_in": "CASH DEPOSIT", "cash_out": "ATM WITHDRAWAL", "fee": "SERVICE CHARGE"}


def _money(v: float, comma: bool) -> str:
    return f"{v:,.2f}" if comma else f"{v:.2f}"


def row_cells(layout: Layout, t: Tx, acc: Account, bal: float, seq: int, rng: random.Random) -> dict[str, str]:
    """Printed text of every column of one statement row."""
    amt = signed(t, acc)
    cp = counterparty(t, acc)
    sign = 1 if amt > 0 else -1
    summary = rng.choice(_SUMMARY.get((t.kind, sign), _SUMMARY[("transfer", sign)]))
    e = layout.empty
    cp_name = cp.holder_name if cp else ""
    cp_acc = cp.number if cp else ""
    m = lambda v: _money(v, layout.comma)  # noqa: E731
    en_desc = f"{_EN.get(t.kind, 'TRANSFER')} {'FROM' if amt > 0 else 'TO'} {cp_name}".strip() if cp else _EN[t.kind]
    v = {
        "date_iso": f"{t.time:%Y-%m-%d}", "time": f"{t.time:%H:%M:%S}", "date_compact": f"{t.time:%Y%m%d}",
        "datetime": f"{t.time:%Y-%m-%d %H:%M:%S}", "date_en": f"{t.time:%d %b %Y}",
        "signed": m(amt), "signed_plus": ("+" if amt > 0 else "") + m(amt), "abs": m(abs(amt)),
        "balance": m(bal), "debit": m(-amt) if amt < 0 else "", "credit": m(amt) if amt > 0 else "",
        "currency_cn": {"CNY": "人民币", "HKD": "港币"}.get(acc.currency, acc.currency),
        "cashremit": "钞" if t.kind in ("cash_in", "cash_out") else "汇", "storage": "活期", "seq": str(seq),
        "area": "1202", "own": acc.number, "summary": summary, "channel": t.channel,
        "branch": acc.branch if t.channel in ("柜面", "ATM") else "", "memo": t.memo if t.kind == "transfer" else "",
        "purpose": t.memo if t.kind in ("transfer", "salary") else "", "cp_name": cp_name, "cp_account": cp_acc,
        "cp_bank": cp.branch if cp else "", "cp_combo": f"{cp_name} {cp_acc}".strip(),
        "cp_acc_name": f"{cp_acc}/{cp_name}" if cp else "", "place_memo": t.memo if cp else acc.branch,
        "dcflag": "贷" if amt > 0 else "借", "serial": t.serial[-12:], "desc_en": en_desc,
    }
    return {c.label: (v[c.key] or e) for c in layout.columns}


def _split_cell(text: str, width: float, size: float) -> list[str]:
    """Wrap a cell that is too wide into lines (character level, as bank exports do)."""
    if text_width(text, size) <= width or text == DASH:
        return [text]
    lines, buf = [], ""
    for ch in text:
        if buf and text_width(buf + ch, size) > width:
            lines.append(buf)
            buf = ""
        buf += ch
    return lines + [buf] if buf else lines


def statement_pages(cast: Cast, acc: Account, txs: list[Tx], rng: random.Random, ruled: bool) -> list[PageSpec]:
    """All pages of one account's statement: header block, repeated table header, rows, footers."""
    layout = LAYOUTS[acc.layout]
    w, h = A4_LANDSCAPE if layout.landscape else A4
    natural = sum(c.width for c in layout.columns)
    if natural > w - 64:  # narrow the columns to the page; long names then wrap inside their cell
        k = (w - 64) / natural
        layout = replace(layout, columns=tuple(replace(c, width=round(c.width * k, 1)) for c in layout.columns))
    size = layout.size
    line_h = size + 4.2
    total_w = sum(c.width for c in layout.columns)
    x0 = (w - total_w) / 2
    rows = rows_of(txs, acc)
    first = rows[0].time if rows else None
    last = rows[-1].time if rows else None
    # lay the rows out first (cells, wrapped lines), then cut pages
    laid = []
    bal = acc.opening_balance
    for i, t in enumerate(rows, 1):
        bal = round(bal + signed(t, acc), 2)
        cells = row_cells(layout, t, acc, bal, i, rng)
        split = {c.label: _split_cell(cells[c.label], c.width - 5, size) for c in layout.columns}
        laid.append((t, bal, cells, split, max(len(s) for s in split.values())))
    head_lines = max(c.label.count("\n") + 1 for c in layout.columns) + (1 if layout.group else 0)
    pages: list[list] = [[]]
    top_first, top_next, bottom = 150.0, 96.0, h - 56
    y = top_first + head_lines * (line_h + 2)
    for item in laid:
        need = item[4] * line_h + 2
        if y + need > bottom - (line_h if layout.subtotals else 0):
            pages.append([])
            y = top_next + head_lines * (line_h + 2)
        pages[-1].append(item)
        y += need
    specs = []
    cur = "港币" if acc.currency == "HKD" else "人民币"
    for pno, items in enumerate(pages, 1):
        spec = PageSpec("bank_statement", w, h, title=layout.title.split("\n")[0])
        spec.meta = {"account": acc.number, "layout": layout.key, "ruled": ruled, "statement_page": pno,
                     "statement_pages": len(pages)}
        holder = Ent("person" if acc.kind == "personal" else "organization", acc.holder_name, acc.holder_name)
        number = Ent("account", acc.number, acc.number)
        if pno == 1:
            title = layout.title
            if layout.english and acc.bank != "HSBC":  # English dossiers: the statement of a mainland bank
                title = f"{acc.branch.split(',')[0]}  {layout.title}"
            for k, ln in enumerate(title.split("\n")):
                spec.text_center(w / 2, 50 + k * 16, ln, 14 if k == 0 else 11)
            period = f"{first:%Y-%m-%d} 至 {last:%Y-%m-%d}" if first else ""
            if layout.english:
                block = [["Account holder: ", holder, "      Account No.: ", number],
                         [f"Statement period: {first:%d %b %Y} to {last:%d %b %Y}      Currency: {acc.currency}"
                          if first else "", ""], [f"Branch: {acc.branch}"]]
            else:
                label = "客户姓名：" if acc.kind == "personal" and rng.random() < 0.5 else "户名："
                acc_label = "卡号：" if acc.kind == "personal" else "账号："
                block = [[label, holder, "        ", acc_label, number, f"        币种：{cur}"],
                         [f"起止日期：{period}        开户网点：", Ent("bank", acc.branch, acc.branch)]]
                if acc.holder_id_number:
                    block.append(["证件号码：", Ent("id_number", acc.holder_id_number, acc.holder_id_number)])
            for k, segs in enumerate(block):
                spec.segments(x0, 92 + k * 15, [s for s in segs if s], 8.5)
            y = top_first
        else:
            lab = "Account No.: " if layout.english else ("户名：" if acc.kind == "corporate" else "客户姓名：")
            spec.segments(x0, 70, [lab if layout.english else lab, holder, "    ",
                                   "" if layout.english else "账号：", number], 8.5)
            y = top_next
        y = _draw_header(spec, layout, x0, y, line_h, ruled)
        page_debit = page_credit = 0.0
        for t, bal, cells, split, nlines in items:
            row_h = nlines * line_h + 2
            x = x0
            for c in layout.columns:
                for k, part in enumerate(split[c.label]):
                    base = y + size + 1.5 + k * line_h
                    if c.align == "r":
                        spec.text_right(x + c.width - 2.5, base, part, size)
                    elif c.align == "c":
                        spec.text_center(x + c.width / 2, base, part, size)
                    else:
                        spec.text(x + 2.5, base, part, size)
                x += c.width
            if ruled:
                spec.line(x0, y + row_h, x0 + total_w, y + row_h, 0.4)
            amt = signed(t, acc)
            page_debit += -amt if amt < 0 else 0
            page_credit += amt if amt > 0 else 0
            cp = counterparty(t, acc)
            for key in ("cp_name", "cp_account"):
                col = next((c for c in layout.columns if c.key == key), None)
                if col and cp and len(split[col.label]) == 1:
                    spec.ent(Ent("account" if key == "cp_account" else ("person" if cp.kind == "personal" else "organization"),
                                 cells[col.label], cp.number if key == "cp_account" else cp.holder_name))
            spec.rows.append({
                "tid": t.tid, "account": acc.number, "holder": acc.holder_name, "time": t.time.isoformat(),
                "amount": signed(t, acc), "balance": bal, "currency": acc.currency,
                "cp_name": cp.holder_name if cp else None, "cp_account": cp.number if cp else None,
                "cp_bank": cp.branch if cp else None, "memo": t.memo, "channel": t.channel, "serial": t.serial,
                "wrapped": nlines > 1, "bbox": [round(x0, 1), round(y, 1), round(x0 + total_w, 1), round(y + row_h, 1)],
                "cells": cells})
            y += row_h
        if ruled:
            _verticals(spec, layout, x0, spec.meta.setdefault("table_top", 0), y)
        if layout.subtotals and items:
            label = "本页支出合计：" if layout.key != "english_bank" else "Page total: "
            spec.text(x0, y + 12, f"{label}{page_debit:,.2f}    本页收入合计：{page_credit:,.2f}    笔数：{len(items)}", size)
            spec.meta["subtotal"] = {"debit": round(page_debit, 2), "credit": round(page_credit, 2), "count": len(items)}
        foot = f"Page {pno} of {len(pages)}" if layout.english else f"第 {pno} 页 / 共 {len(pages)} 页"
        spec.text_center(w / 2, h - 30, foot, 8)
        if pno == len(pages) and not layout.english:
            spec.text(x0, h - 44, f"打印日期：{(last or first):%Y-%m-%d}    本清单仅供参考，加盖业务专用章有效", 7)
        specs.append(spec)
    return specs


def _draw_header(spec: PageSpec, layout: Layout, x0: float, y: float, line_h: float, ruled: bool) -> float:
    """Table header (repeated on every page), one or two rows; returns the y of the first data row."""
    size = layout.size
    n = max(c.label.count("\n") + 1 for c in layout.columns)
    g_h = (line_h + 2) if layout.group else 0
    head_h = n * (line_h + 2) + g_h
    spec.meta["table_top"] = y
    total_w = sum(c.width for c in layout.columns)
    x = x0
    for i, c in enumerate(layout.columns):
        in_group = layout.group and layout.group[1] <= i < layout.group[2]
        parts = c.label.split("\n")
        top = y + (g_h if in_group else 0)
        cell_h = head_h - (g_h if in_group else 0)
        for k, part in enumerate(parts):
            base = top + (cell_h - len(parts) * (line_h + 1)) / 2 + size + 1.5 + k * (line_h + 1)
            spec.text_center(x + c.width / 2, base, part, size)
        x += c.width
    if layout.group:
        label, i, j = layout.group
        gx0 = x0 + sum(c.width for c in layout.columns[:i])
        gx1 = gx0 + sum(c.width for c in layout.columns[i:j])
        spec.text_center((gx0 + gx1) / 2, y + size + 2.5, label, size)
        spec.line(gx0, y + g_h, gx1, y + g_h, 0.5)
    spec.line(x0, y, x0 + total_w, y, 0.8)
    spec.line(x0, y + head_h, x0 + total_w, y + head_h, 0.8)
    return y + head_h


def _verticals(spec: PageSpec, layout: Layout, x0: float, top: float, bottom: float) -> None:
    x = x0
    spec.line(x, top, x, bottom, 0.5)
    for i, c in enumerate(layout.columns):
        x += c.width
        y_start = top
        if layout.group and layout.group[1] <= i < layout.group[2] - 1:
            y_start = top + layout.size + 6.2  # inner split of the grouped header starts below the group label
        spec.line(x, y_start, x, bottom, 0.5)
    spec.line(x0, bottom, x, bottom, 0.8)


def rows_per_page(layout_key: str) -> int:
    """Roughly how many one-line rows fit on a page of this layout (for sizing the ledger)."""
    layout = LAYOUTS[layout_key]
    h = A4_LANDSCAPE[1] if layout.landscape else A4[1]
    return int((h - 56 - 120) / (layout.size + 4.2 + 2)) - 2
