"""Small born-digital statement pages in several bank layouts (no grid lines), with their truth rows.

Used by the statement tests and by bench/bench_statements.py until devkit/synth serves statements.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

NAMES = ["王芳", "李强", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴娜"]
LONG_NAMES = ["杭州市西湖区某某贸易有限公司", "上海浦东新区某某信息技术有限公司", "广州市天河区某某餐饮管理有限公司"]
MEMOS = ["转账", "网银转账", "ATM取款", "消费", "工资", "还款", "跨行转账", "利息"]
EN_NAMES = ["John Smith", "Mary Jones", "ACME Trading Ltd", "Peter Brown"]
EN_MEMOS = ["Transfer", "ATM withdrawal", "Salary", "Card payment", "Interest"]


def _card(rng: random.Random) -> str:
    digits = [int(c) for c in "622202" + "".join(str(rng.randrange(10)) for _ in range(12))]
    total = 0
    for i, d in enumerate(reversed(digits)):
        d = d * 2 if i % 2 == 0 else d
        total += d - 9 if d > 9 else d
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


@dataclass
class Txn:
    time: datetime
    amount: Decimal
    balance: Decimal
    cp_name: str | None
    cp_account: str | None
    memo: str


def transactions(rng: random.Random, n: int, *, english: bool = False, start_balance: str = "10000.00",
                 long_names: bool = True) -> list[Txn]:
    """A running ledger: every balance follows from the previous one."""
    t = datetime(2021, 3, 1, 9, 0, 0)
    bal = Decimal(start_balance)
    out = []
    for i in range(n):
        t += timedelta(hours=rng.randrange(1, 40), minutes=rng.randrange(60), seconds=rng.randrange(60))
        amt = Decimal(rng.randrange(100, 900000)) / 100
        if rng.random() < 0.5 and bal > amt:
            amt = -amt
        bal += amt
        if english:
            name = rng.choice(EN_NAMES)
        elif long_names and i % 5 == 2:
            name = rng.choice(LONG_NAMES)
        else:
            name = rng.choice(NAMES)
        acct = None if i % 7 == 3 else _card(rng)
        out.append(Txn(t, amt, bal, name if acct else None, acct, rng.choice(EN_MEMOS if english else MEMOS)))
    return out


def _fmt(d: Decimal) -> str:
    return f"{d:,.2f}"


# layout name -> (header cells, per-row cell functions). A header cell is "label" or ("parent", "child").
LAYOUTS: dict[str, list[tuple]] = {
    "boc_signed": [
        ("记账日期", lambda t: t.time.strftime("%Y-%m-%d")), ("记账时间", lambda t: t.time.strftime("%H:%M:%S")),
        ("币别", lambda t: "人民币"), ("金额", lambda t: _fmt(t.amount)), ("余额", lambda t: _fmt(t.balance)),
        ("交易名称", lambda t: t.memo), ("渠道", lambda t: "网上银行"),
        ("对方账户名", lambda t: t.cp_name or "-------------------"),
        ("对方卡号/账号", lambda t: t.cp_account or "-------------------"),
    ],
    "ccb_corp_two_row": [
        ("交易时间", lambda t: t.time.strftime("%Y%m%d %H%M%S")),
        (("发生额/元", "借方"), lambda t: _fmt(-t.amount) if t.amount < 0 else ""),
        (("发生额/元", "贷方"), lambda t: _fmt(t.amount) if t.amount > 0 else ""),
        ("余额", lambda t: _fmt(t.balance)), ("对方户名", lambda t: t.cp_name or "--"),
        ("对方账号", lambda t: t.cp_account or "--"), ("摘要", lambda t: t.memo),
    ],
    "icbc_corp_flag": [
        ("交易时间", lambda t: t.time.strftime("%Y-%m-%d %H:%M:%S")), ("对方单位", lambda t: t.cp_name or "/"),
        ("对方账号", lambda t: t.cp_account or "/"), ("摘要", lambda t: t.memo),
        ("借贷标志", lambda t: "借" if t.amount < 0 else "贷"), ("发生额", lambda t: _fmt(abs(t.amount))),
        ("余额", lambda t: _fmt(t.balance)),
    ],
    "boc_bilingual": [
        ("交易日期[ Transaction Date ]", lambda t: t.time.strftime("%Y/%m/%d")),
        ("交易金额[ Amount ]", lambda t: _fmt(t.amount)),
        ("交易后余额[ After-transaction balance ]", lambda t: _fmt(t.balance)),
        ("摘要[ Description ]", lambda t: t.memo), ("对方账户名[ Counterparty ]", lambda t: t.cp_name or ""),
        ("对方卡号/账号[ Counterparty Account ]", lambda t: t.cp_account or ""),
    ],
    "english": [
        ("Date", lambda t: t.time.strftime("%d %b %Y")), ("Description", lambda t: t.memo),
        ("Withdrawals", lambda t: _fmt(-t.amount) if t.amount < 0 else ""),
        ("Deposits", lambda t: _fmt(t.amount) if t.amount > 0 else ""), ("Balance", lambda t: _fmt(t.balance)),
        ("Counterparty", lambda t: t.cp_name or ""),
    ],
    "ccb_personal_combined": [
        ("序号", None), ("摘要", lambda t: t.memo), ("币别", lambda t: "人民币"),
        ("交易日期", lambda t: t.time.strftime("%Y%m%d")), ("交易金额", lambda t: f"{t.amount:.2f}"),
        ("账户余额", lambda t: f"{t.balance:.2f}"),
        ("对方账号与户名", lambda t: f"{t.cp_account}/{t.cp_name}" if t.cp_account else ""),
    ],
}
HAS_TIME = {"boc_signed", "ccb_corp_two_row", "icbc_corp_flag"}
FONT = 7.0
WRAP_CHARS = 9  # CJK characters per line before a cell wraps


def _width(text: str) -> float:
    import pymupdf

    return pymupdf.get_text_length(text, fontname="china-s", fontsize=FONT)


def _wrap(text: str) -> list[str]:
    if sum(1 for c in text if ord(c) > 0x2E80) <= WRAP_CHARS or text.isascii():
        return [text]
    return [text[i:i + WRAP_CHARS] for i in range(0, len(text), WRAP_CHARS)]


def truth_fields(layout: str, t: Txn, holder: tuple[str, str]) -> dict:
    """What a parser should read from a row of this layout."""
    time = t.time.isoformat() if layout in HAS_TIME else t.time.date().isoformat()
    english = layout == "english"
    return {"time": time, "amount": t.amount, "balance": t.balance, "cp_name": t.cp_name,
            "cp_account": None if english else t.cp_account, "memo": t.memo,
            "holder_account": holder[1], "holder_name": holder[0]}


def render_pdf(path, layout: str, txns: list[Txn], *, holder=("王芳", "6222021234567890123"),
               rows_per_page: int = 20, repeat_header: bool = True, footer: bool = True) -> None:
    """Draw the statement with insert_text only: no ruling, header block on page 1, footers per page."""
    import pymupdf

    spec = LAYOUTS[layout]
    cols = []
    for label, fn in spec:
        texts = [fn(t) if fn else str(i + 1) for i, t in enumerate(txns)]
        lab = label[1] if isinstance(label, tuple) else label
        w = max([_width(lab)] + [max(_width(x) for x in _wrap(s)) for s in texts if s]) + 10
        cols.append((label, texts, w))
    doc = pymupdf.open()
    line_h = FONT * 1.5
    for p0 in range(0, len(txns), rows_per_page):
        page = doc.new_page(width=max(842, 80 + sum(c[2] for c in cols)), height=595)
        y = 40.0
        first = p0 == 0
        if first:
            page.insert_text((40, y), "账户交易明细", fontname="china-s", fontsize=11)
            y += 18
            label_name, label_acct = ("Account holder", "Account No.") if layout == "english" else ("户名", "账号")
            page.insert_text((40, y), f"{label_name}：{holder[0]}    {label_acct}：{holder[1]}",
                             fontname="china-s", fontsize=FONT + 1)
            y += 14
            page.insert_text((40, y), "起止日期：2021-03-01 至 2021-12-31    币种：人民币", fontname="china-s",
                             fontsize=FONT + 1)
            y += 20
        if first or repeat_header:
            x = 40.0
            two_row = any(isinstance(c[0], tuple) for c in cols)
            done_parents = set()
            for label, _texts, w in cols:
                if isinstance(label, tuple):
                    parent, child = label
                    if parent not in done_parents:
                        done_parents.add(parent)
                        page.insert_text((x, y), parent, fontname="china-s", fontsize=FONT)
                    page.insert_text((x, y + line_h), child, fontname="china-s", fontsize=FONT)
                else:
                    page.insert_text((x, y + (line_h / 2 if two_row else 0)), label, fontname="china-s",
                                     fontsize=FONT)
                x += w
            y += line_h * (2.4 if two_row else 1.4)
        for i in range(p0, min(p0 + rows_per_page, len(txns))):
            x = 40.0
            height = 1
            for _label, texts, w in cols:
                for j, part in enumerate(_wrap(texts[i]) if texts[i] else []):
                    page.insert_text((x, y + j * line_h), part, fontname="china-s", fontsize=FONT)
                    height = max(height, j + 1)
                x += w
            y += line_h * (height + 0.4)
        if footer:
            page.insert_text((40, y + 10), f"本页合计：{len(txns)} 笔", fontname="china-s", fontsize=FONT)
            page.insert_text((400, 575), f"第 {p0 // rows_per_page + 1} 页", fontname="china-s", fontsize=FONT)
    doc.save(path)
    doc.close()


def read_words(path) -> list[tuple]:
    """Pages as (words, width, height), as the import stores them."""
    import pymupdf

    doc = pymupdf.open(path)
    pages = [([tuple(w[:8]) for w in p.get_text("words")], p.rect.width, p.rect.height) for p in doc]
    doc.close()
    return pages


def statement(tmp_path, layout: str, n: int = 12, seed: int = 1, **kw) -> tuple[list, list[dict]]:
    """Render a statement in a layout; return its pages (words) and the truth fields per row."""
    rng = random.Random(seed)
    txns = transactions(rng, n, english=layout == "english")
    holder = kw.pop("holder", ("王芳", "6222021234567890123"))
    path = tmp_path / f"{layout}_{seed}.pdf"
    render_pdf(path, layout, txns, holder=holder, **kw)
    return read_words(path), [truth_fields(layout, t, holder) for t in txns]


def ocr_like(pages: list, seed: int = 0, merge_gap: float = 5.0, jitter: float = 1.5) -> list:
    """Pages as an OCR engine returns them: neighbouring words fused into line fragments, looser boxes."""
    rng = random.Random(seed)
    out = []
    for words, width, height in pages:
        lines: dict[tuple, list] = {}
        for w in words:
            lines.setdefault((w[5], w[6]), []).append(w)
        frags = []
        for ws in lines.values():
            ws = sorted(ws, key=lambda w: w[0])
            cur = list(ws[0][:5])
            for w in ws[1:]:
                if w[0] - cur[2] <= merge_gap:
                    cur[2], cur[4] = max(cur[2], w[2]), cur[4] + " " + w[4]
                    cur[1], cur[3] = min(cur[1], w[1]), max(cur[3], w[3])
                else:
                    frags.append(cur)
                    cur = list(w[:5])
            frags.append(cur)
        fuzzy = [(f[0] - rng.uniform(0, jitter), f[1] - rng.uniform(0, jitter), f[2] + rng.uniform(0, jitter),
                  f[3] + rng.uniform(0, jitter), f[4], 0, i, 0) for i, f in enumerate(frags)]
        out.append((fuzzy, width, height))
    return out
