"""The alias table: header strings seen on bank statements and inquiry returns mapped to ledger fields."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Field names a column can carry. `amount` may be signed or, with `direction`, unsigned;
# `debit`/`credit` are split columns (debit = out of the holder's account).
FIELDS = (
    "date", "time", "datetime", "amount", "debit", "credit", "direction", "balance", "currency",
    "cp_name", "cp_account", "cp_bank", "cp_combined", "cp_id", "channel", "memo", "remark", "serial",
    "holder_account", "holder_name", "holder_id", "success", "branch", "cash", "ignore",
    "post_date", "settle_amount", "settle_debit", "settle_credit", "settle_currency", "order_ref", "category",
    "fee", "refund",
)
# When a layout prints the amount twice, in the transaction's currency and as settled in the account's
# (信用卡: 交易金额 and 入账金额 / 人民币金额 / Billing amount), the settled one is the ledger amount and
# the other is kept as `orig_*`. rename_settled() applies this to a header's fields.
SETTLED = {"settle_amount": "amount", "settle_debit": "debit", "settle_credit": "credit",
           "settle_currency": "currency"}

# field -> header strings (compared after normalise_header). Documented in docs/statements.md.
ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("date posted", "交易发生日期", "记账日期", "交易日期", "交易日", "日期", "会计日期", "记帐日期", "date",
             "transaction date", "trans date", "value date", "txn date"),
    "time": ("记账时间", "时间", "交易时刻", "记帐时间", "time"),
    "datetime": ("交易创建时间", "创建时间", "交易时间(北京时间)", "交易时间", "交易日期时间", "记账日期时间", "date/time", "date time", "transaction time"),
    "amount": ("金额(元)", "交易金额(元)", "交易币种/金额", "交易地金额", "原币金额", "billing amount", "txn amount", "金额", "交易金额", "发生额", "收入/支出金额", "收入/支出", "交易发生额", "amount",
               "transaction amount", "amount(cny)"),
    "debit": ("交易金额(支出)", "取出金额", "取出", "转出金额", "付出金额", "支出(元)", "借方发生额(支取)", "借方发生额", "借方金额", "借方金额(支出)", "支出金额", "支出", "借方",
              "付款金额", "支取金额", "withdrawals", "withdrawal", "debit", "debits", "withdrawal amount",
              "debit amount", "withdrawals/debit", "paid out"),
    "credit": ("交易金额(收入)", "存入", "转入金额", "收入(元)", "贷方发生额(收入)", "贷方发生额", "贷方金额", "贷方金额(收入)", "收入金额", "收入", "贷方",
               "收款金额", "存入金额", "deposits", "deposit", "credit", "credits", "deposit amount",
               "credit amount", "deposits/credit", "paid in"),
    "direction": ("借贷类型", "出入账标志", "收付类型", "收/支", "收支", "收支类型", "资金状态", "借贷标记", "credit/debit", "dr/cr标志", "交易类型(收/支)", "收付标志", "借贷标志", "借贷方向", "收支标志", "交易方向", "借贷", "收/付", "进出标志",
                  "dr/cr", "cr/dr", "debit/credit", "direction"),
    "balance": ("本次余额", "交易后余额(元)", "余额(元)", "余额", "账户余额", "联机余额", "交易余额", "交易后余额", "当前余额", "可用余额", "帐户余额",
                "balance", "after-transaction balance", "running balance", "balance(cny)"),
    "currency": ("交易货币", "原币种", "币种(原币)", "币别", "币种", "货币", "交易币种", "currency", "ccy"),
    "cp_name": ("对手侧账户名称", "对手方名称", "收款方名称", "交易对方", "交易对手名称", "对手方名称", "对方账户名", "商户名称", "merchant name", "merchant", "payee", "对方户名", "对方账户名", "对方单位", "对方名称", "收(付)方名称", "对手户名", "对方姓名",
                "对方账户名称", "对手方户名", "counterparty", "counterparty name", "payee/payer",
                "payer/payee", "other party"),
    "cp_account": ("对手方id", "对手侧银行卡号", "对手账户", "收款方账号", "交易对手账号", "对方账户账号", "对手卡号", "对方卡号/账号", "对方帐号", "对方账号", "收(付)方账号", "交易对手账卡号", "对方卡号",
                   "对手账号", "对方账户", "对手方账号", "counterparty account", "counterparty a/c"),
    "cp_bank": ("对手方银行卡银行", "对手侧银行名称", "对方开户行", "对手开户银行", "对方开户银行", "对方行名", "对方银行", "收(付)方开户行",
                "counterparty bank"),
    "cp_combined": ("对方账号与户名", "对手信息", "对方信息", "对方账号/户名", "对方账户信息"),
    "cp_id": ("对手身份证号", "对方证件号码"),
    "channel": ("用户银行卡号", "网联/银联", "收/付款方式", "支付方式", "付款方式", "渠道", "交易渠道", "交易方式", "channel"),
    "memo": ("交易用途类型", "交易业务类型", "交易主体", "商品说明", "商品名称", "商品", "交易说明", "交易描述", "交易详情", "交易备注", "摘要/用途", "摘要", "交易名称", "交易摘要", "业务摘要", "摘要说明", "交易类型", "description",
             "transaction description", "particulars", "details", "narrative", "transaction type"),
    "remark": ("备注1", "备注2", "附言", "用途", "客户摘要", "备注", "交易地点/附言", "交易附言", "remarks", "remark",
               "reference", "memo"),
    "serial": ("交易号", "交易单号", "交易订单号", "订单号", "支付宝交易号", "微信支付单号", "交易参考号", "交易流水号", "流水号", "交易序号", "传票号", "凭证号", "reference no.", "ref no."),
    "holder_account": ("用户id", "用户账号", "支付账号", "first bank card", "借记卡号", "卡号末四位", "卡末四位", "卡号后四位", "本方卡号", "交易卡号末四位", "交易卡号", "交易账号", "本方账号", "帐号", "账号", "卡号", "account no."),
    "holder_name": ("用户侧账号名称", "用户名称", "账户名", "交易户名", "户名", "客户名称", "账户名称"),
    "holder_id": ("交易证件号码", "证件号码"),
    "success": ("当前状态", "transaction status", "status", "订单状态", "交易是否成功", "是否成功", "交易状态"),
    "branch": ("交易场所", "网点名称", "交易网点名称", "交易网点", "地区", "交易发生地", "交易地点", "网点"),
    "cash": ("现金标志", "现转标志"),
    "post_date": ("入账日期", "记账日", "入账日", "银行记账日", "post date", "posting date", "book date"),
    "settle_amount": ("入账金额", "结算金额", "记账金额", "人民币金额", "入账币种/金额", "结算币种/金额",
                      "本币金额", "billing amount(settled)"),
    "settle_debit": ("记账金额(支出)", "入账金额(支出)"),
    "settle_credit": ("记账金额(收入)", "入账金额(收入)"),
    "settle_currency": ("入账货币", "入账币种", "结算币种", "记账币种", "billing currency"),
    "order_ref": ("商户订单号", "商家订单号", "商户单号", "商户订单编号"),
    "category": ("交易分类", "分类", "消费类型"),
    "fee": ("服务费", "手续费", "服务费(元)", "手续费(元)"),
    "refund": ("成功退款", "成功退款(元)", "退款金额"),
    "ignore": ("序号", "储种", "钞汇", "钞汇标志", "交易网点代码", "终端号", "ip地址", "mac地址", "对手交易余额",
               "日志号", "凭证种类", "交易柜员号", "柜员号", "商户号", "查询反馈结果原因", "no.", "顺序号",
               "交易国家或地区简称", "交易来源地", "钞/汇", "最近修改时间", "付款时间", "country/region",
               "area/district", "balance currency", "交易国家或地区",
               "冲补标志", "交易代码", "起息日"),
}

_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]", "／": "/", "：": ":"})
_SPACE = re.compile(r"\s+")
_BILINGUAL = re.compile(r"^(?P<zh>[^\[\]()]*?)\s*[\[(](?P<en>[^\[\]()]*[A-Za-z][^\[\]()]*)[\])]\s*$")

ALIAS_TO_FIELD: dict[str, str] = {}
for _field, _names in ALIASES.items():
    for _name in _names:
        ALIAS_TO_FIELD.setdefault(_SPACE.sub("", unicodedata.normalize("NFKC", _name).lower()
                                             .translate(_BRACKETS)), _field)


def normalise_header(text: str) -> str:
    """Header text compared without width, case, spaces, units or bracket style differences."""
    t = unicodedata.normalize("NFKC", str(text)).lower().translate(_BRACKETS)
    t = _SPACE.sub("", t)
    for unit in ("(元)", "/元", "(人民币)", "(rmb)", "(cny)", "(分)", "*"):
        t = t.replace(unit, "")
    return t


def in_cents(text: str | None) -> bool:
    """A money header in 分 (财付通 调单: 交易金额(分), 账户余额(分)): its values are read divided by 100."""
    return bool(text) and "(分)" in unicodedata.normalize("NFKC", str(text)).replace(" ", "").translate(_BRACKETS)


# Characters of header words that OCR reads as another it looks like (贷方 read 货方). A header that is no
# alias as read, but is one with these put back, names that alias's field; what is an alias as read (货币) is
# never changed.
OCR_LOOKALIKES = str.maketrans({"货": "贷", "赁": "贷", "佘": "余", "颔": "额", "帐": "账"})


@lru_cache(maxsize=65536)
def field_for_header(text: str) -> str | None:
    """The field a header cell names, or None. Bilingual `交易后余额[ After-transaction balance ]` works."""
    if not text:
        return None
    key = normalise_header(text)
    if key in ALIAS_TO_FIELD:
        return ALIAS_TO_FIELD[key]
    if ALIAS_TO_FIELD.get(key.translate(OCR_LOOKALIKES)):
        return ALIAS_TO_FIELD[key.translate(OCR_LOOKALIKES)]
    m = _BILINGUAL.match(unicodedata.normalize("NFKC", str(text)).translate(_BRACKETS))
    if m:
        for part in (m.group("zh"), m.group("en")):
            found = ALIAS_TO_FIELD.get(normalise_header(part))
            if found:
                return found
    if "/" in key:  # "Withdrawals / Debit": alternatives in one cell, each a known header
        parts = [ALIAS_TO_FIELD.get(part) for part in key.split("/")]
        if all(parts):
            return parts[0]
    return None


def split_header_run(text: str) -> list[str] | None:
    """Split run-together header text (an OCR box over two cells: 记账日期记账时间) into known aliases."""
    key = normalise_header(text)
    out: list[str] = []
    i = 0
    while i < len(key):
        for j in range(len(key), i, -1):
            if key[i:j] in ALIAS_TO_FIELD:
                out.append(key[i:j])
                i = j
                break
        else:
            return None
    return out if len(out) > 1 else None


def rename_settled(fields: list[str | None]) -> list[str | None]:
    """With a settled amount column present, it is the ledger amount; the other becomes `orig_*` (with the
    currency column, when no settled currency is printed). A second date column (交易日期 | 记账日期) is the
    posting date."""
    fields = list(fields)
    dates = [k for k, f in enumerate(fields) if f == "date"]
    if len(dates) > 1 and "post_date" not in fields:
        fields[dates[1]] = "post_date"
    present = set(fields)
    if not present & set(SETTLED):
        return fields
    if "settle_amount" in present and "amount" in present and "settle_currency" not in present:
        present.add("settle_currency")  # 交易金额 + 交易币种 beside 人民币金额: the currency is the original's
    out: list[str | None] = []
    for f in fields:
        if f in SETTLED:
            out.append(SETTLED[f])
        elif f in SETTLED.values() and any(k in present and v == f for k, v in SETTLED.items()):
            out.append(f"orig_{f}")
        else:
            out.append(f)
    return out
