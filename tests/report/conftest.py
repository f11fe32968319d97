"""A small hand-built case (people with Chinese names, accounts, a transfer read from both ledgers, an alert,
a formula-injection name and memo) so export tests run in well under a second each."""

from __future__ import annotations

import json

import pytest

INJECTION = '=HYPERLINK("http://evil.example","点我")'
PEOPLE = ("张伟", "李娜")


def build_case(path) -> None:
    from app.services.case import open_writer

    conn = open_writer(path)
    q = conn.execute
    q("BEGIN")
    q("INSERT INTO documents (id, sha256, path, name, size, page_count, kind, status)"
      " VALUES (1, ?, '/x/dossier.pdf', 'dossier.pdf', 1000, 5, 'pdf', 'done')", ("a" * 64,))
    for n in range(1, 6):
        q("INSERT INTO pages (id, document_id, number, text) VALUES (?, 1, ?, '')", (n, n))
    entities = [
        (1, "person", "张伟", {"roles": ["suspect"], "id_numbers": ["11010519491231002X"], "phones": ["13800138000"],
                             "aliases": ["张某"]}),
        (2, "person", "李娜", {}),
        (3, "organisation", INJECTION, {}),
        (4, "account", "6222021234567890", {"number": "6222021234567890", "holder_names": ["张伟"]}),
        (5, "account", "6222029876543210", {"number": "6222029876543210", "holder_names": ["李娜"]}),
        (6, "phone", "13800138000", {}),
        (7, "id_number", "11010519491231002X", {}),
    ]
    for eid, kind, name, attrs in entities:
        q("INSERT INTO entities (id, kind, name, attrs) VALUES (?,?,?,?)", (eid, kind, name, json.dumps(attrs)))
    mentions = [(1, 1, "PERSON", "张伟", "suspect", 1), (2, 3, "PERSON", "张伟", "suspect", 1),
                (3, 2, "PERSON", "李娜", "victim", 2), (4, 2, "BANK_CARD", "6222021234567890", None, 4),
                (5, 4, "BANK_CARD", "6222029876543210", None, 5), (6, 1, "PHONE", "13800138000", None, 6),
                (7, 1, "ID_NUMBER", "11010519491231002X", None, 7), (8, 3, "ORG", INJECTION, None, 3)]
    for mid, page, label, text, role, eid in mentions:
        q("INSERT INTO mentions (id, page_id, start, end, label, text, role, extractor, version)"
          " VALUES (?,?,0,2,?,?,?,'test','1')", (mid, page, label, text, role))
        q("INSERT INTO entity_mentions (entity_id, mention_id) VALUES (?,?)", (eid, mid))
    txs = [(1, "6222021234567890", "张伟", "2021-03-05T10:00:00", -50000.0, "李娜", "6222029876543210", "转账", 2),
           (2, "6222021234567890", "张伟", "2021-04-01T09:30:00", -30000.0, "李娜", "6222029876543210", "还款", 2),
           (3, "6222021234567890", "张伟", "2021-03-01T23:10:00", 90000.0, INJECTION, "999000111",
            "=cmd|' /C calc'!A0", 3),
           (4, "6222029876543210", "李娜", "2021-03-05T10:00:00", 50000.0, "张伟", "6222021234567890", "转账", 4)]
    for tid, holder, hname, time, amount, cpn, cpa, memo, page in txs:
        q("INSERT INTO transactions (id, holder_account, holder_name, time, amount, cp_name, cp_account, memo,"
          " document_id, page_id) VALUES (?,?,?,?,?,?,?,?,1,?)", (tid, holder, hname, time, amount, cpn, cpa, memo,
                                                                   page))
    relations = [(1, "owns", 1, 4, {}, [{"transaction": 1, "page": 2}]),
                 (2, "owns", 2, 5, {}, [{"transaction": 4, "page": 4}]),
                 (3, "holds_id", 1, 7, {}, []), (4, "uses_phone", 1, 6, {}, []),
                 (5, "family", 1, 2, {"label": "夫妻"}, []),
                 (6, "transfer", 4, 5, {"count": 2, "total": 80000.0, "first": "2021-03-05", "last": "2021-04-01"},
                  [{"transaction": 1, "page": 2}, {"transaction": 2, "page": 2}])]
    for rid, kind, src, dst, attrs, ev in relations:
        q("INSERT INTO relations (id, kind, src_entity, dst_entity, attrs, evidence) VALUES (?,?,?,?,?,?)",
          (rid, kind, src, dst, json.dumps(attrs, ensure_ascii=False), json.dumps(ev)))
    q("INSERT INTO events (id, time, kind, entities, page_id, text) VALUES (1, '2021-03-05', 'fact', '[1, 2]', 1,"
      " '2021年3月5日张伟向李娜转账5万元')")
    q("INSERT INTO alerts (id, rule, accounts, persons, amount, start, end, transactions, explanation) VALUES"
      " (1, 'fast_in_fast_out', '[\"6222021234567890\"]', '[\"张伟\"]', 90000.0, '2021-03-01T23:10:00',"
      " '2021-03-05T10:00:00', '[3, 1]', '账户 张伟(6222021234567890) 收到 ¥90,000.00 后 4 天内转出 ¥50,000.00')")
    q("COMMIT")
    conn.close()


@pytest.fixture(scope="session")
def small_case(tmp_path_factory):
    """Path to the built case; tests that export into it add audit entries only."""
    path = tmp_path_factory.mktemp("report_case") / "small.case"
    build_case(path)
    return path


@pytest.fixture(scope="session")
def small_model(small_case):
    from app.services.case import open_reader
    from app.services.export_data import gather

    conn = open_reader(small_case)
    try:
        return gather(conn, small_case)
    finally:
        conn.close()
