"""Organisation rules: companies, banks with branches, police units; label words trimmed."""

from __future__ import annotations

from nlp.components.orgs_rules import find_orgs


def _orgs(text: str) -> list[str]:
    return [text[c.start:c.end] for c in find_orgs(text)]


def test_orgs_by_suffix():
    text = ("犯罪嫌疑人张三系杭州某某科技有限公司员工，在中国工商银行股份有限公司杭州西湖支行开户。"
            "杭州市公安局西湖分局刑侦大队民警。对方户名杭州**贸易有限公司。")
    assert _orgs(text) == ["杭州某某科技有限公司", "中国工商银行股份有限公司杭州西湖支行", "杭州市公安局西湖分局刑侦大队",
                           "杭州**贸易有限公司"]


def test_orgs_not_from_counted_units():
    assert _orgs("一个大队，这个集团") == []
