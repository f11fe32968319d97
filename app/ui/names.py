"""Display names for stored codes (page types, mention roles), translated with the current UI language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

PAGE_TYPES = {"": "Unclassified", "interrogation": "Interrogation record", "interview": "Interview record",
              "bank_statement": "Bank statement", "id_record": "ID record", "prosecution": "Prosecution paper",
              "other": "Other", "cover": "Cover", "contents": "Contents", "form": "Legal form",
              "narrative": "Narrative"}
ROLES = {"suspect": "suspect", "victim": "victim", "witness": "witness", "associate": "associate",
         "account_holder": "account holder", "questioned": "questioned", "reporter": "reporter"}


# Ledger fields a statement column is read into (nlp/statements/aliases.py), as the import panel shows them.
FIELDS = {"date": "date", "time": "time", "datetime": "date and time", "post_date": "posting date",
          "amount": "amount", "debit": "money out", "credit": "money in", "direction": "in/out flag",
          "balance": "balance", "currency": "currency", "cp_name": "counterparty", "cp_account": "counterparty account",
          "cp_bank": "counterparty bank", "cp_combined": "counterparty and account", "cp_id": "counterparty ID",
          "channel": "channel", "memo": "description", "remark": "remark", "serial": "serial number",
          "holder_account": "own account", "holder_name": "holder", "holder_id": "holder ID", "success": "status",
          "branch": "branch or place", "cash": "cash flag", "order_ref": "merchant order number",
          "category": "category", "fee": "fee", "refund": "refunded amount",
          "orig_amount": "amount in original currency", "orig_debit": "money out in original currency",
          "orig_credit": "money in in original currency", "orig_currency": "original currency"}


# Statement row flags (docs/statements.md): a short name for the ledger cell and one line for its tooltip.
FLAGS = {
    "balance_break": ("balance break", "previous balance ± amount does not give this row's balance"),
    "suggested_fix": ("fix suggested", "a likely misreading explains the row; the fix is offered, not applied"),
    "bad_date": ("date unreadable", "the date cell could not be read"),
    "missing_date": ("no date", "the row has no date"),
    "bad_amount": ("amount unreadable", "the amount cell could not be read"),
    "missing_amount": ("no amount", "the row has no amount"),
    "bad_balance": ("balance unreadable", "the balance cell holds text that is not a number"),
    "direction_unknown": ("direction unknown", "in or out could not be told; the amount is kept unsigned"),
    "both_debit_and_credit": ("debit and credit", "both debit and credit are filled; amount = credit − debit"),
    "no_holder_account": ("no own account", "neither the row nor the statement names the holder's account"),
    "short_row": ("short row", "the row has fewer cells than its header"),
    "bad_time": ("time cut", "the seconds of the time were cut off; read as :00"),
    "text_cut": ("name cut", "the counterparty name stops mid-word; its wrapped rest was not read"),
    "account_variant": ("account one digit off", "the counterparty account is one digit from a more usual one"),
    "holder_account_variant": ("own account one digit off", "this row's own account is one digit from the usual one"),
    "bad_currency": ("currency unreadable", "the currency cell is not a known currency"),
    "name_variant": ("name differs", "the name differs from the one printed beside the same account elsewhere"),
    "date_order": ("date out of order", "the date breaks the statement's order while its neighbours keep it"),
    "failed": ("failed", "the bank says the transaction did not go through"),
    "closed": ("closed", "the order was closed before money moved: not money moved"),
    "refunded": ("refunded", "paid and wholly refunded: not money moved"),
    "partly_refunded": ("partly refunded", "part of the amount came back"),
    "pending": ("pending", "not settled yet"),
    "refund": ("refund", "money coming back from an earlier payment"),
    "neutral": ("neither in nor out", "the platform counts it as neither income nor expense; amount unsigned"),
    "layout_inferred": ("columns guessed", "the file had no known header; its columns were guessed from content"),
    "account_rounded": ("account rounded", "stored as an Excel number: digits after the 15th are lost"),
    "cp_from_memo": ("counterparty from description", "the counterparty was read out of the description"),
    "no_year": ("no year", "the row prints no year and the statement names no period to take it from"),
    "reread_fixed": ("re-read, fixed", "OCR doubted this row; the surer recogniser read it again and its reading "
                     "makes the row consistent (the first reading is in the row's details)"),
    "reread_no_help": ("re-read, still doubtful", "OCR doubted this row; the surer recogniser read it again "
                       "but that did not settle it: the first reading is kept (the other in the row's details)"),
    "reread_disagrees": ("re-read differs", "the surer recogniser read this row differently from the first "
                         "reading and nothing tells which is right: its reading is kept, the first in the details"),
}


def flag_label(code: str) -> str:
    return QCoreApplication.translate("Names", FLAGS[code][0]) if code in FLAGS else code


def flag_explanation(code: str) -> str:
    if code not in FLAGS:
        return code
    return f"{flag_label(code)}: {QCoreApplication.translate('Names', FLAGS[code][1])}"


# Money-flow rules (app/analysis/rules.py): a name and what the rule looks for, in the UI language.
RULES = {
    "fast_in_fast_out": ("Fast in, fast out", "Money received and sent on within a short time."),
    "scatter_in_gather_out": ("Scatter in, gather out", "Many payers paid in, and the money was gathered and paid out."),
    "gather_in_scatter_out": ("Gather in, scatter out", "One large inflow paid out to many payees."),
    "threshold_evasion": ("Threshold evasion", "Amounts kept just under a reporting threshold."),
    "night_transfers": ("Night-time transfers", "Large transfers at night."),
    "ant_moving": ("Ant moving", "Many small transfers in a short time."),
    "cycles": ("Money cycle", "Money that went round and came back."),
    "identical_amount_relay": ("Identical-amount relay", "One exact amount passed on through several accounts."),
    "split_fan_in": ("Split fan-in", "One payment split into parts from several payers."),
    "transit_accounts": ("Transit account", "An account that passes on almost all it receives."),
    "same_name_transfers": ("Same-name transfers", "Transfers between accounts held under one name."),
    "unrequested_accounts": ("Accounts not yet requested",
                             "Counterparty accounts whose statements are not in the case yet."),
    "round_amounts": ("Round amounts", "Many round amounts."),
    "double_counting": ("Double counting", "The same money counted twice (cash out and in, repeated purchases)."),
    "tracing": ("Traced funds", "Where the traced money went."),
    "common_counterparties": ("Common counterparty", "A counterparty shared by the selected accounts."),
}


def rule_name(code: str) -> str:
    return QCoreApplication.translate("Names", RULES[code][0] if code in RULES else "Other rule")


def rule_meaning(code: str) -> str:
    return QCoreApplication.translate("Names", RULES[code][1]) if code in RULES else ""


CURRENCY_SIGNS = {"CNY": "¥", "USD": "$", "HKD": "HK$", "EUR": "€", "GBP": "£", "JPY": "JP¥"}


def money(value: float, currency: str | None) -> str:
    """`¥1,234.56`, `-HK$27.90`, `-1,000.00 SGD`: the amount as an officer reads it."""
    sign = "-" if value < 0 else ""
    symbol = CURRENCY_SIGNS.get(currency or "CNY")
    return f"{sign}{symbol}{abs(value):,.2f}" if symbol else f"{value:,.2f} {currency}"


def field_name(code: str) -> str:
    return QCoreApplication.translate("Names", FIELDS[code]) if code in FIELDS else code


def page_type_name(page_type: str | None) -> str:
    code = page_type or ""
    return QCoreApplication.translate("Names", PAGE_TYPES[code]) if code in PAGE_TYPES else code


def role_name(role: str | None) -> str:
    code = role or ""
    return QCoreApplication.translate("Names", ROLES[code]) if code in ROLES else code
