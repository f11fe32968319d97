"""The report's grouped alerts: the one unrequested-accounts list alert becomes a line per account to request."""

from __future__ import annotations

from app.report.report_html import _alert_group


def test_unrequested_list_alert_is_one_line_per_ranked_account():
    alert = {"id": 7, "rule": "unrequested_accounts", "amount": 130_000.0, "explanation": "未调单账户 2 个", "cites": [],
             "params": {"ranked": [{"rank": 1, "account": "X", "name": "张三", "linked": 2, "count": 2, "total": 70_000},
                                   {"rank": 2, "account": "W", "name": None, "linked": 1, "count": 1, "total": 60_000}]}}
    html = _alert_group(4, "unrequested_accounts", [alert])
    assert "2 条" in html and "7.1" in html and "张三 X：与 2 个已调单账户往来 2 笔" in html and "7.2" in html
