"""Display names for stored codes (page types, mention roles), translated with the current UI language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

PAGE_TYPES = {"": "Unclassified", "interrogation": "Interrogation record", "interview": "Interview record",
              "bank_statement": "Bank statement", "id_record": "ID record", "prosecution": "Prosecution paper",
              "other": "Other", "cover": "Cover", "contents": "Contents", "form": "Legal form",
              "narrative": "Narrative"}
ROLES = {"suspect": "suspect", "victim": "victim", "witness": "witness", "associate": "associate",
         "account_holder": "account holder", "questioned": "questioned", "reporter": "reporter"}


def page_type_name(page_type: str | None) -> str:
    code = page_type or ""
    return QCoreApplication.translate("Names", PAGE_TYPES[code]) if code in PAGE_TYPES else code


def role_name(role: str | None) -> str:
    code = role or ""
    return QCoreApplication.translate("Names", ROLES[code]) if code in ROLES else code
