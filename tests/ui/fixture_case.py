"""A small analysed case for UI tests, screenshots and the GUI bench: pages imported, facts inserted directly."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

PAGES = [
    "讯问笔录\n被讯问人 张伟 男 身份证号 11010519491231002X\n电话 13800138000\n问：你和李强是什么关系？\n答：朋友，"
    "他是深圳市鑫源贸易有限公司的老板。\n问：2021年3月5日你向王芳转账了吗？\n答：转了三万元。",
    "银行交易明细\n户名 王芳 账号 6222021234567890\n2021-03-05 10:02 转入 30,000.00 张伟\n"
    "2021-03-05 10:40 转出 29,500.00 李强\n2021-03-06 09:15 转出 500.00 手续费",
    "询问笔录\n被询问人 王芳 女\n问：你认识张伟吗？\n答：他是我表哥。\n问：钱转给了谁？\n答：转给了李强。",
    "Witness statement of John Smith regarding the transfer of funds to 6217001234567891.",
]

# (page index, text, label, entity key, role)
MENTIONS = [
    (0, "张伟", "PERSON", "zhang", "suspect"), (0, "11010519491231002X", "ID_NUMBER", "id_zhang", ""),
    (0, "13800138000", "PHONE", "phone", ""), (0, "李强", "PERSON", "li", "associate"),
    (0, "深圳市鑫源贸易有限公司", "ORG", "org", ""), (0, "王芳", "PERSON", "wang", "victim"),
    (0, "2021年3月5日", "DATE", None, ""), (1, "王芳", "PERSON", "wang", "account_holder"),
    (1, "6222021234567890", "ACCOUNT", "acct_wang", ""), (1, "30,000.00", "MONEY", None, ""),
    (1, "张伟", "PERSON", "zhang", ""), (1, "李强", "PERSON", "li", ""), (2, "王芳", "PERSON", "wang", "witness"),
    (2, "张伟", "PERSON", "zhang", ""), (2, "李强", "PERSON", "li", ""),
    (3, "6217001234567891", "ACCOUNT", "acct_zhang", ""), (3, "John Smith", "PERSON", "smith", "witness"),
]

ENTITIES = {
    "zhang": ("person", "张伟", {"role": "suspect"}), "wang": ("person", "王芳", {}),
    "li": ("person", "李强", {}), "smith": ("person", "John Smith", {}),
    "org": ("organisation", "深圳市鑫源贸易有限公司", {}), "phone": ("phone", "13800138000", {}),
    "id_zhang": ("id_number", "11010519491231002X", {}),
    "acct_wang": ("account", "6222021234567890", {"bank": "中国工商银行"}),
    "acct_zhang": ("account", "6217001234567891", {"bank": "中国建设银行"}),
    "acct_li": ("account", "6228480012345678", {"bank": "中国农业银行"}),
}

RELATIONS = [("zhang", "acct_zhang", "owns"), ("wang", "acct_wang", "owns"), ("li", "acct_li", "owns"),
             ("zhang", "wang", "family"), ("zhang", "li", "associate"), ("li", "org", "employer"),
             ("zhang", "phone", "uses_phone"), ("zhang", "id_zhang", "holds_id")]

# (holder account, holder, time, amount, cp name, cp account, page index or None, flags)
TRANSACTIONS = [
    ("6222021234567890", "王芳", "2021-03-05T10:02:00", 30000.0, "张伟", "6217001234567891", 1, []),
    ("6222021234567890", "王芳", "2021-03-05T10:40:00", -29500.0, "李强", "6228480012345678", 1, []),
    ("6222021234567890", "王芳", "2021-03-06T09:15:00", -500.0, "手续费", None, 1, ["balance_break"]),
    ("6217001234567891", "张伟", "2021-03-05T10:02:00", -30000.0, "王芳", "6222021234567890", None, []),
    ("6217001234567891", "张伟", "2021-02-20T14:00:00", 50000.0, "赵敏", "6214830000000001", None, []),
    ("6217001234567891", "张伟", "2021-04-01T08:30:00", -12000.0, "深圳市鑫源贸易有限公司", "4000023409200012345",
     None, []),
    ("6228480012345678", "李强", "2021-03-05T10:40:00", 29500.0, "王芳", "6222021234567890", None, []),
    ("6228480012345678", "李强", "2021-03-05T11:05:00", -29000.0, "陈刚", "6222600000000002", None, []),
]


def build_fixture_case(case: Path, workdir: Path) -> dict[str, int]:
    """Import a 4-page Chinese dossier into `case` and add mentions, entities, facts and one alert.

    Returns the entity ids by key (plus "page0".."page3" page ids).
    """
    from app.core.words import layout_text, span_bbox
    from app.services.imports import import_paths
    from tests.conftest import make_text_pdf

    pdf = make_text_pdf(workdir / "dossier.pdf", PAGES, line_height=18)
    import_paths([pdf], case=case, run_post_stages=False)
    conn = sqlite3.connect(case)
    ids: dict[str, int] = {}
    page_ids = [r[0] for r in conn.execute("SELECT id FROM pages ORDER BY number")]
    types = ["interrogation", "bank_statement", "interview", "other"]
    for i, pid in enumerate(page_ids):
        ids[f"page{i}"] = pid
        conn.execute("UPDATE pages SET page_type = ? WHERE id = ?", (types[i], pid))
    for key, (kind, name, attrs) in ENTITIES.items():
        ids[key] = conn.execute("INSERT INTO entities (kind, name, attrs) VALUES (?,?,?)",
                                (kind, name, json.dumps(attrs, ensure_ascii=False))).lastrowid
    for page_index, text, label, key, role in MENTIONS:
        pid = page_ids[page_index]
        page_text, words = conn.execute("SELECT p.text, w.words FROM pages p JOIN page_words w ON w.page_id = p.id"
                                        " WHERE p.id = ?", (pid,)).fetchone()
        words = json.loads(words)
        _, starts = layout_text(words)
        start = page_text.find(text)
        box = span_bbox(words, starts, start, start + len(text)) or (0, 0, 0, 0)
        mid = conn.execute("INSERT INTO mentions (page_id, start, end, x0, y0, x1, y1, label, text, value, role,"
                           " extractor, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           (pid, start, start + len(text), *box, label, text,
                            "2021-03-05" if label == "DATE" else text, role, "fixture", "1")).lastrowid
        if key:
            conn.execute("INSERT INTO entity_mentions (entity_id, mention_id) VALUES (?,?)", (ids[key], mid))
    for a, b, kind in RELATIONS:
        conn.execute("INSERT INTO relations (kind, src_entity, dst_entity) VALUES (?,?,?)", (kind, ids[a], ids[b]))
    for n, (acct, holder, time, amount, cp, cp_acct, page_index, flags) in enumerate(TRANSACTIONS):
        pid = page_ids[page_index] if page_index is not None else None
        bbox = json.dumps([50, 86 + 18 * (n % 3), 420, 100 + 18 * (n % 3)]) if pid else None
        tid = conn.execute("INSERT INTO transactions (holder_account, holder_name, time, amount, cp_name, cp_account,"
                           " page_id, row_bbox, flags) VALUES (?,?,?,?,?,?,?,?,?)",
                           (acct, holder, time, amount, cp, cp_acct, pid, bbox, json.dumps(flags))).lastrowid
        ids[f"tx{n}"] = tid
    conn.execute("INSERT INTO events (time, kind, entities, page_id, text) VALUES (?,?,?,?,?)",
                 ("2021-03-05", "interrogation", json.dumps([ids["zhang"], ids["li"]]), page_ids[0], "张伟供述转账三万元"))
    conn.execute("INSERT INTO events (time, kind, entities, page_id, text) VALUES (?,?,?,?,?)",
                 ("2021-03-08", "interview", json.dumps([ids["wang"]]), page_ids[2], "王芳询问笔录"))
    conn.execute("INSERT INTO alerts (rule, accounts, persons, amount, start, end, transactions, explanation)"
                 " VALUES (?,?,?,?,?,?,?,?)",
                 ("fast_in_fast_out", json.dumps(["6222021234567890", "6228480012345678"]),
                  json.dumps(["王芳", "李强"], ensure_ascii=False), 29500.0, "2021-03-05T10:02:00", "2021-03-05T11:05:00",
                  json.dumps([ids["tx0"], ids["tx1"], ids["tx6"], ids["tx7"]]),
                  "账户 王芳(6222021234567890) 在 38 分钟 (min) 内收到 ¥30,000.00（来自 张伟(6217001234567891)）并转出"
                  " ¥29,500.00 至 李强(6228480012345678) (98%)；链路 chain: 张伟 → 王芳 → 李强"))
    conn.commit()
    conn.close()
    return ids
