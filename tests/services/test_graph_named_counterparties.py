"""A statement whose counterparties have names and no accounts: after resolve, every counterparty is an entity
linked to the holder's account in the graph the window draws; platforms are intermediaries."""

from __future__ import annotations

import json
import unicodedata

from app.services.resolve import resolve_case_file
from app.services.stages.analyze import run as run_analyze_stage
from app.services.views import CaseView
from app.services.views import graph as views_graph
from app.store.db import open_case, transaction

HOLDER = "6214830000000001"
ROWS = [  # (time, amount, counterparty name)
    ("2021-03-01 09:00:00", -5_000, "张三"),
    ("2021-03-02 09:00:00", 2_000, "张三"),
    ("2021-03-03 09:00:00", -300, "财付通支付科技有限公司"),
    ("2021-03-04 09:00:00", -800, "支付宝（中国）网络技术有限公司"),
    ("2021-03-05 09:00:00", -1_200, "杭州鑫华贸易有限公司"),
    ("2021-03-06 09:00:00", 900, "网联清算有限公司"),
    ("2021-03-07 09:00:00", -50, "Tenpay"),
]


def _case(path, rows=ROWS, holder=HOLDER, holder_name="李四"):
    conn = open_case(path)
    with transaction(conn):
        conn.executemany("INSERT INTO transactions (holder_account, holder_name, time, amount, cp_name, cp_account)"
                         " VALUES (?,?,?,?,?,NULL)", [(holder, holder_name, t, a, cp) for t, a, cp in rows])
    conn.close()


def test_graph_links_every_named_counterparty_to_the_holder_account(tmp_path):
    case = tmp_path / "n.case"
    _case(case)
    # the same person on a second statement is the same node
    _case(case, [("2021-03-08 09:00:00", 700, "张三")], holder="6214830000000002", holder_name="王五")
    resolve_case_file(case)
    view = CaseView(case)
    ents = {e["name"]: e for e in view.entities(["person", "organisation", "account"])}
    ents.update({unicodedata.normalize("NFKC", n): e for n, e in ents.items()})
    assert ents["张三"]["kind"] == "person"
    assert ents["杭州鑫华贸易有限公司"]["kind"] == "organisation"
    platforms = {n for n, e in ents.items() if e["attrs"].get("intermediary")}
    assert platforms == {"财付通支付科技有限公司", "支付宝(中国)网络技术有限公司", "网联清算有限公司", "Tenpay"}
    data = views_graph.graph_data(view)
    holder = f"e:{ents[HOLDER]['id']}"
    linked = {e.dst if e.src == holder else e.src for e in data.edges if e.kind == "transfer" and holder in (e.src, e.dst)}
    named = {f"e:{ents[unicodedata.normalize('NFKC', n)]['id']}" for _, _, n in ROWS}
    assert named == linked
    zhang = f"e:{ents['张三']['id']}"
    assert {(e.src, e.dst) for e in data.edges if zhang in (e.src, e.dst)} == {
        (holder, zhang), (zhang, holder), (zhang, f"e:{ents['6214830000000002']['id']}")}
    assert not [k for k in data.nodes if k.startswith("name:")]  # every name resolved to an entity


def test_transfer_relations_carry_count_totals_and_times(tmp_path):
    case = tmp_path / "n.case"
    _case(case)
    resolve_case_file(case)
    conn = open_case(case)
    rels = conn.execute("SELECT s.name AS src, d.name AS dst, r.attrs FROM relations r JOIN entities s ON"
                        " s.id = r.src_entity JOIN entities d ON d.id = r.dst_entity WHERE r.kind = 'transfer'"
                        ).fetchall()
    conn.close()
    attrs = {(r["src"], r["dst"]): json.loads(r["attrs"]) for r in rels}
    out = attrs[(HOLDER, "张三")]
    assert out["count"] == 1 and out["total_out"] == 5_000 and out["total_in"] == 2_000 and out["count_in"] == 1
    assert out["pair_first"] == "2021-03-01 09:00:00" and out["pair_last"] == "2021-03-02 09:00:00"
    assert len(attrs) == len(ROWS)  # one relation per direction and counterparty


def test_import_stage_analyses_a_name_only_statement(tmp_path):
    case = tmp_path / "n.case"
    _case(case, [(f"2021-03-0{1 + i % 4} 0{i}:00:00", 50_000, f"付款人{i}") for i in range(6)]
          + [("2021-03-06 09:00:00", -290_000, "王五")])
    conn = open_case(case)
    assert run_analyze_stage(conn, case=case) == []
    rules = [r[0] for r in conn.execute("SELECT rule FROM alerts")]
    conn.close()
    assert "scatter_in_gather_out" in rules


def test_statement_without_its_account_number_still_links_its_counterparties(tmp_path):
    case = tmp_path / "n.case"
    _case(case, ROWS[:2] + ROWS[4:5], holder="", holder_name="李四")  # a CSV export: the account is in no cell
    resolve_case_file(case)
    data = views_graph.graph_data(CaseView(case))
    holder = "a:(未知账户)李四"
    assert data.nodes[holder].label == "李四 (未知账户)"
    linked = {e.dst if e.src == holder else e.src for e in data.edges if e.kind == "transfer"}
    assert {data.nodes[k].label for k in linked} == {"张三", "杭州鑫华贸易有限公司"}


def test_timeline_events_name_the_counterparty_entity(tmp_path):
    case = tmp_path / "n.case"
    _case(case, ROWS[:1])
    resolve_case_file(case)
    conn = open_case(case)
    (entities,), = conn.execute("SELECT entities FROM events WHERE kind = 'transaction'").fetchall()
    names = {r[0] for r in conn.execute(f"SELECT name FROM entities WHERE id IN ({','.join(map(str, json.loads(entities)))})")}
    conn.close()
    assert names == {HOLDER, "张三"}


def test_merging_a_named_counterparty_keeps_its_transfers(tmp_path):
    from app.services.curation import merge

    case = tmp_path / "n.case"
    _case(case, ROWS[:2] + [("2021-03-09 09:00:00", -400, "张三丰")])
    resolve_case_file(case)
    ents = {e["name"]: e["id"] for e in CaseView(case).entities(["person"])}
    merge(case, [ents["张三丰"], ents["张三"]])  # the officer: one person
    view = CaseView(case)
    people = [e for e in view.entities(["person"]) if e["name"] in ("张三", "张三丰")]
    assert len(people) == 1
    node = f"e:{people[0]['id']}"
    data = views_graph.graph_data(view)
    assert sum(e.count for e in data.edges if e.kind == "transfer" and node in (e.src, e.dst)) == 3
