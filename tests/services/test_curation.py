"""Officer corrections survive a re-run of the resolve stage: merge, split, rename, reject."""

from __future__ import annotations

import json

import pytest

from app.core.errors import CaseLensError
from app.services import curation
from app.services.case import open_writer
from app.services.resolve import list_entities, resolve_case_file
from app.store import audit

PAGE1 = ("讯问笔录\n被讯问人姓名 张伟 身份证号 330106198501011238 联系方式 13812345678\n"
         "问：你和李强是什么关系？\n答：我和李强是朋友。我老婆王芳的卡号6222021234567890123。")
PAGE2 = "询问笔录\n被询问人姓名 李强\n问：张卫是谁？\n答：张卫是我老板，在杭州鑫华贸易有限公司上班。"


def _mention(conn, pid: int, text: str, body: str, label: str, nth: int = 0, role: str | None = None) -> int:
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    cur = conn.execute("INSERT INTO mentions (page_id, start, end, label, text, value, role, extractor, version)"
                       " VALUES (?,?,?,?,?,?,?,?,?)", (pid, start, start + len(text), label, text, text, role, "t", "1"))
    return int(cur.lastrowid)


@pytest.fixture
def case(case_path):
    conn = open_writer(case_path)
    conn.execute("INSERT INTO documents (sha256, path, name, size, page_count, kind) VALUES ('x','d.pdf','d.pdf',1,2,'pdf')")
    for n, body in ((1, PAGE1), (2, PAGE2)):
        conn.execute("INSERT INTO pages (document_id, number, text) VALUES (1, ?, ?)", (n, body))
    ids = {
        "zhang": _mention(conn, 1, "张伟", PAGE1, "PERSON", role="questioned"),
        "id": _mention(conn, 1, "330106198501011238", PAGE1, "ID_NUMBER"),
        "phone": _mention(conn, 1, "13812345678", PAGE1, "PHONE"),
        "li1": _mention(conn, 1, "李强", PAGE1, "PERSON"),
        "li2": _mention(conn, 1, "李强", PAGE1, "PERSON", nth=1),
        "wang": _mention(conn, 1, "王芳", PAGE1, "PERSON"),
        "card": _mention(conn, 1, "6222021234567890123", PAGE1, "BANK_CARD"),
        "li3": _mention(conn, 2, "李强", PAGE2, "PERSON", role="questioned"),
        "zw1": _mention(conn, 2, "张卫", PAGE2, "PERSON"),
        "zw2": _mention(conn, 2, "张卫", PAGE2, "PERSON", nth=1),
        "org": _mention(conn, 2, "杭州鑫华贸易有限公司", PAGE2, "ORG"),
    }
    conn.execute("INSERT INTO transactions (holder_account, holder_name, time, amount, cp_account, cp_name, page_id)"
                 " VALUES ('6222021234567890123', '王芳', '2021-03-01T10:00', -5000, '6217001111000009999', '刘强', 2)")
    conn.close()
    resolve_case_file(case_path)
    return case_path, ids


def _entity_id(case_path, mention_id: int) -> int:
    return next(e["id"] for e in list_entities(case_path) if any(m["mention_id"] == mention_id for m in e["mentions"]))


def test_curation_merge_survives_rerun(case):
    path, ids = case
    a, b = _entity_id(path, ids["zhang"]), _entity_id(path, ids["zw1"])
    assert a != b  # 张伟 and 张卫: two people until the officer says otherwise
    curation.merge(path, [a, b])
    resolve_case_file(path)
    assert _entity_id(path, ids["zhang"]) == _entity_id(path, ids["zw1"]) == _entity_id(path, ids["zw2"])


def test_curation_split_survives_rerun(case):
    path, ids = case
    li = _entity_id(path, ids["li1"])
    assert li == _entity_id(path, ids["li3"])
    curation.split(path, li, [ids["li3"]])
    resolve_case_file(path)
    assert _entity_id(path, ids["li1"]) == _entity_id(path, ids["li2"]) != _entity_id(path, ids["li3"])


def test_curation_rename_survives_rerun(case):
    path, ids = case
    curation.rename(path, _entity_id(path, ids["wang"]), "王芳芳")
    resolve_case_file(path)
    ent = next(e for e in list_entities(path, "person") if e["id"] == _entity_id(path, ids["wang"]))
    assert ent["name"] == "王芳芳" and ent["attrs"]["renamed_from"] == "王芳"


def test_curation_rejected_mention_stays_out(case):
    path, ids = case
    curation.reject_mention(path, ids["zw2"])
    resolve_case_file(path)
    everything = [m["mention_id"] for e in list_entities(path) for m in e["mentions"]]
    assert ids["zw2"] not in everything and ids["zw1"] in everything


def test_curation_is_audited_and_validated(case):
    path, ids = case
    with pytest.raises(CaseLensError):
        curation.merge(path, [_entity_id(path, ids["zhang"])])
    with pytest.raises(CaseLensError):
        curation.merge(path, [_entity_id(path, ids["zhang"]), _entity_id(path, ids["org"])])
    curation.rename(path, _entity_id(path, ids["zhang"]), "张伟(主犯)")
    conn = open_writer(path)
    try:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_log")]
        assert "curation.rename" in actions and not audit.verify_chain(conn)
        assert json.loads(conn.execute("SELECT payload FROM curation").fetchone()[0])["name"] == "张伟(主犯)"
    finally:
        conn.close()


def test_resolve_writes_relations_and_events(case):
    path, ids = case
    conn = open_writer(path)
    try:
        kinds = {r[0] for r in conn.execute("SELECT kind FROM relations")}
        assert {"owns", "associate", "family", "holds_id", "uses_phone", "employer", "transfer"} <= kinds
        assert conn.execute("SELECT count(*) FROM events WHERE kind = 'transaction'").fetchone()[0] == 1
    finally:
        conn.close()


def test_stage_resolve_skips_when_nothing_changed(case):
    path, _ = case
    from app.services.stages import resolve as stage_resolve

    conn = open_writer(path)
    try:
        stage_resolve.run(conn, case=path)
        conn.execute("DELETE FROM events")
        stage_resolve.run(conn, case=path)  # nothing changed: not rebuilt
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0
        conn.execute("INSERT INTO curation (action, payload) VALUES ('rename', '{}')")
        stage_resolve.run(conn, case=path)  # curation changed: rebuilt
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] > 0
    finally:
        conn.close()


def test_stage_resolve_rebuilds_when_a_row_is_replaced_under_the_same_id(case):
    """A page read again replaces its mentions and statement rows; the new rows can take the old ids, so the
    same count and highest id must not make the stage skip."""
    path, ids = case
    from app.services.stages import resolve as stage_resolve

    conn = open_writer(path)
    try:
        stage_resolve.run(conn, case=path)
        conn.commit()
        names = {e["name"] for e in list_entities(path, kind="person")}
        assert "李强" in names
        with conn:
            conn.execute("DELETE FROM entity_mentions")
            conn.execute("UPDATE mentions SET text = '李刚', value = '李刚' WHERE text = '李强'")  # same ids, new text
        stage_resolve.run(conn, case=path)
        conn.commit()
        names = {e["name"] for e in list_entities(path, kind="person")}
        assert "李刚" in names and "李强" not in names
    finally:
        conn.close()
