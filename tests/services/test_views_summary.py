"""#23 read models: the case summary without roles, the entity order, alert glosses, alert state."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

from fixture_case import build_fixture_case  # noqa: E402

from app.services.views import CaseView  # noqa: E402
from app.services.views.alerts import alert_evidence, alert_groups, alerts_state, plain_chinese  # noqa: E402
from app.services.views.summary import case_summary, entity_rank, ranked_entities  # noqa: E402


def test_rule_sentences_lose_their_english_glosses():
    assert plain_chinese("账户 A(1) 在 38 分钟 (min) 内收到 ¥1.00（来自 刘洋(无账号 no account)）；链路 chain: A → B") == (
        "账户 A(1) 在 38 分钟 内收到 ¥1.00（来自 刘洋(无账号)）；链路：A → B")
    assert plain_chinese("拆分汇入 split fan-in: 2 个付款人") == "拆分汇入：2 个付款人"
    assert plain_chinese("资金回路 cycle of 3 hops in 4.0 天: A → B").startswith("资金回路（3 跳，4.0 天）：")
    assert plain_chinese("#1 未调单账户 KFC RESTAURANT(6214)") == "#1 未调单账户 KFC RESTAURANT(6214)"  # names stay


def test_summary_without_roles_takes_the_people_with_the_most_money(tmp_path):
    case = tmp_path / "c.case"
    ids = build_fixture_case(case, tmp_path)
    conn = sqlite3.connect(case)
    conn.execute("UPDATE mentions SET role = ''")
    conn.execute("UPDATE entities SET attrs = '{}' WHERE kind = 'person'")
    conn.commit()
    conn.close()
    view = CaseView(case)
    summary = case_summary(view)
    assert [s.name for s in summary.suspects][:3] == ["张伟", "王芳", "李强"]  # 92,000 · 60,000 · 58,500 moved
    assert {s.chosen_by for s in summary.suspects} <= {"money", "mentions"}
    assert summary.suspects[0].entity_id == ids["zhang"]
    view.close()


def test_entity_order_suspects_then_roles_then_people_and_institutions_last():
    rows = [{"kind": "organisation", "name": "手机银行", "mentions": 62, "attrs": {}},
            {"kind": "organisation", "name": "武汉市公安局", "mentions": 19, "attrs": {}},
            {"kind": "person", "name": "王芳", "mentions": 3, "attrs": {}, "role": "victim"},
            {"kind": "person", "name": "赵敏", "mentions": 9, "attrs": {}},
            {"kind": "account", "name": "6222", "mentions": 30, "attrs": {}},
            {"kind": "person", "name": "张伟", "mentions": 2, "attrs": {"roles": ["suspect"]}},
            {"kind": "organisation", "name": "财付通", "mentions": 5, "attrs": {"intermediary": True}}]
    assert [r["name"] for r in sorted(rows, key=entity_rank)] == [
        "张伟", "王芳", "赵敏", "6222", "手机银行", "武汉市公安局", "财付通"]


def test_alert_groups_state_and_evidence(tmp_path):
    case = tmp_path / "c.case"
    ids = build_fixture_case(case, tmp_path)
    view = CaseView(case)
    assert alerts_state(view) == "stale"  # alerts inserted by hand, never computed from this ledger
    [group] = alert_groups(view)
    assert group.rule == "fast_in_fast_out" and group.subject == "王芳"
    evidence = alert_evidence(view, group.alerts[0])
    assert evidence.page_id == ids["page1"] and len(evidence.regions) == 2 and len(evidence.transactions) == 4
    assert ranked_entities(view)[0]["id"] == ids["zhang"]
    view.close()
    conn = sqlite3.connect(case)
    conn.execute("INSERT INTO alerts (rule, accounts, persons, amount, transactions, explanation, params)"
                 " VALUES ('same_name_transfers', '[]', '[\"王芳\"]', 1e9, '[]', '', '{}')")
    conn.commit()
    conn.close()
    view = CaseView(case)
    assert [g.rule for g in alert_groups(view)] == ["fast_in_fast_out", "same_name_transfers"]  # own accounts last
    view.close()


def test_case_wide_list_alert_counts_only_the_suspects_share(tmp_path):
    case = tmp_path / "c.case"
    build_fixture_case(case, tmp_path)
    ranked = [{"rank": 1, "account": "6222600000000002", "name": "陈刚", "linked": 1, "count": 1, "total": 29000},
              {"rank": 2, "account": "6214830000000001", "name": "赵敏", "linked": 1, "count": 1, "total": 50000}]
    conn = sqlite3.connect(case)
    conn.execute("INSERT INTO alerts (rule, accounts, persons, amount, transactions, explanation, params) VALUES"
                 " ('unrequested_accounts', '[\"6222600000000002\", \"6214830000000001\"]', '[]', 79000, '[]', '', ?)",
                 (json.dumps({"ranked": ranked}, ensure_ascii=False),))
    conn.commit()
    conn.close()
    view = CaseView(case)
    zhang = case_summary(view).suspects[0]
    [listed] = [a for a in zhang.alerts if a.rule == "unrequested_accounts"]
    assert (listed.listed, listed.amount, listed.transactions) == (1, 50_000.0, 1)  # 赵敏 only, not 陈刚
    view.close()


def test_report_reads_the_same_summary(tmp_path):
    from app.report.report_html import report_html
    from app.services.case import open_reader
    from app.services.export_data import gather

    case = tmp_path / "c.case"
    build_fixture_case(case, tmp_path)
    conn = open_reader(case)
    try:
        model = gather(conn, case)
    finally:
        conn.close()
    view = CaseView(case)
    assert [s["name"] for s in model["suspects"]] == [s.name for s in case_summary(view).suspects]
    view.close()
    html = report_html(model)
    assert "重点人员" in html and "中国建设银行 · 7891" in html and "¥42,000.00" in html


def test_run_analysis_reports_each_rule_and_cancels_between_rules(tmp_path):
    from app.core.progress import CancelToken
    from app.services.views.alerts import run_analysis

    case = tmp_path / "c.case"
    build_fixture_case(case, tmp_path)
    token, seen = CancelToken(), []

    def progress(p):
        seen.append(p.current)
        if len(seen) == 3:
            token.cancel()

    assert run_analysis(str(case), progress, token) is None
    view = CaseView(case)
    assert len(seen) == 3 and alerts_state(view) == "stale"  # nothing stored: the hand-made alert is still there
    assert [g.rule for g in alert_groups(view)] == ["fast_in_fast_out"]
    view.close()
    assert run_analysis(str(case)) is not None
    view = CaseView(case)
    assert alerts_state(view) == "fresh"
    view.close()
