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


def field_name(code: str) -> str:
    return QCoreApplication.translate("Names", FIELDS[code]) if code in FIELDS else code


def page_type_name(page_type: str | None) -> str:
    code = page_type or ""
    return QCoreApplication.translate("Names", PAGE_TYPES[code]) if code in PAGE_TYPES else code


def role_name(role: str | None) -> str:
    code = role or ""
    return QCoreApplication.translate("Names", ROLES[code]) if code in ROLES else code
