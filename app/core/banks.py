"""Banks as an officer names them: short Chinese names, a card's bank from its BIN, and an account's short label."""

from __future__ import annotations

import re

# Debit-card BINs (issuer prefixes) of the banks dossiers meet most: (prefix, card length). devkit.synth draws
# its cards from the same table, so a synthetic card is read back as its bank.
CARD_BINS: dict[str, list[tuple[str, int]]] = {
    "ICBC": [("622202", 19), ("621226", 19), ("621558", 19)],
    "CCB": [("621700", 19), ("436742", 19), ("622700", 19)],
    "ABC": [("622848", 19), ("622845", 19)],
    "BOC": [("621661", 19), ("621785", 19), ("456351", 19)],
    "CMB": [("622588", 16), ("621483", 16), ("622609", 16)],
    "BOCOM": [("622262", 19), ("621335", 19)],
    "HSBC": [("622946", 16)],
}
BANK_NAMES = {"ICBC": "工商银行", "CCB": "建设银行", "ABC": "农业银行", "BOC": "中国银行", "CMB": "招商银行",
              "BOCOM": "交通银行", "HSBC": "汇丰银行"}
_BY_PREFIX = {prefix: BANK_NAMES[code] for code, bins in CARD_BINS.items() for prefix, _ in bins}
_BANK_IN_NAME = re.compile(r"(?:中国)?(.{2,8}?银行)")


def short_bank(name: str | None) -> str:
    """'中国农业银行厦门湖滨南营业部' -> '农业银行', '中国银行上海分行' -> '中国银行'; other names as given (shortened)."""
    name = (name or "").strip()
    if not name:
        return ""
    found = _BANK_IN_NAME.search(name)
    if found:
        return found.group(1) if found.group(0).startswith("中国") and found.group(1) != "银行" else found.group(0)
    return name if len(name) <= 8 else name[:7] + "…"


def card_bank(number: str | None) -> str:
    """The issuing bank of a card number by its BIN ('' when the prefix is not in the table)."""
    digits = re.sub(r"\D", "", number or "")
    return _BY_PREFIX.get(digits[:6], "") if len(digits) >= 15 else ""


def account_caption(number: str | None, bank: str | None = None) -> str:
    """How the graph names an account: '工商银行 · 6789', or '…6789' when the bank is unknown."""
    digits = re.sub(r"[^0-9A-Za-z*]", "", number or "")
    tail = digits[-4:] if digits else (number or "")[-4:]
    bank = short_bank(bank) or card_bank(number)
    return f"{bank} · {tail}" if bank else f"…{tail}"
