"""One name key for counterparties named without an account; payment platforms recognised in one place."""

from __future__ import annotations

import pytest

from app.core.counterparties import counterparty_key, is_institution, is_intermediary, is_name_key, name_key


def test_name_key_ignores_width_spaces_and_marks():
    assert name_key(" 张 三 ") == name_key("张三") == "张三"
    assert name_key("ＡＢＣ 公司") == "abc公司"
    assert name_key("支付宝（中国）网络技术有限公司") == name_key("支付宝(中国)网络技术有限公司")
    assert name_key(None) == "" and name_key(" · ") == ""


def test_counterparty_key_prefers_the_account():
    assert counterparty_key(" 6222021234567890 ", "张三") == "6222021234567890"
    assert counterparty_key(None, "张 三") == "name:张三" and is_name_key("name:张三")
    assert counterparty_key("", "") is None and not is_name_key("6222")


@pytest.mark.parametrize("name", ["财付通支付科技有限公司", "支付宝（中国）网络技术有限公司", "微信零钱", "微信支付",
                                  "网联清算有限公司", "中国银联股份有限公司", "京东支付", "TENPAY", "Alipay.com",
                                  "UnionPay International"])
def test_platforms_are_intermediaries(name):
    assert is_intermediary(name)


@pytest.mark.parametrize("name", ["张三", "北京某某商贸有限公司", "美团外卖商户", "", None])
def test_people_and_merchants_are_not(name):
    assert not is_intermediary(name)


@pytest.mark.parametrize("name", ["China Merchants", "招商银行", "手机银行", "武汉市公安局武昌区分局经济犯罪侦查大队",
                                  "南京市公安局玄武区分局北关派出所", "财付通", "KFC RESTAURANT", "SHENZHEN METRO",
                                  "某餐厅", "理财通", "网上国网"])
def test_banks_platforms_and_police_are_institutions(name):
    assert is_institution(name)


@pytest.mark.parametrize("name", ["张三", "黄琳丽", "John Smith", "王某某", "", None])
def test_people_are_not_institutions(name):
    assert not is_institution(name)
