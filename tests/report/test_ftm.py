"""FollowTheMoney export validated by the `followthemoney` package (test extra): schemata, properties, ids."""

from __future__ import annotations

import json

import pytest

from app.report.ftm import ftm_entities, write_ftm


def test_ftm_entities_validate_against_the_model(small_model, tmp_path):
    ftm = pytest.importorskip("followthemoney", reason="pip install followthemoney (test extra)")
    out = tmp_path / "e.ftm.json"
    n = write_ftm(small_model, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == n
    proxies = {}
    for line in lines:
        data = json.loads(line)
        proxy = ftm.model.get_proxy(data, cleaned=False)  # unknown properties raise here
        for prop, values in data["properties"].items():
            assert prop in proxy.schema.properties, f"{data['schema']} has no property {prop}"
            assert proxy.get(prop), f"{data['schema']}.{prop} {values} did not survive cleaning"
        proxies[proxy.id] = proxy
    schemata = {p.schema.name for p in proxies.values()}
    assert {"Person", "Organization", "BankAccount", "Ownership", "Identification", "Family", "Payment"} <= schemata
    for p in proxies.values():  # entity-valued properties point at exported entities
        for prop, value in p.itervalues():
            if prop.type.name == "entity":
                assert value in proxies, f"{p.schema.name}.{prop.name} -> missing {value}"
                assert proxies[value].schema.is_a(prop.range), f"{p.schema.name}.{prop.name} range {prop.range}"


def test_ftm_ids_are_deterministic_and_transfers_not_doubled(small_model):
    first, second = ftm_entities(small_model), ftm_entities(small_model)
    assert [e["id"] for e in first] == [e["id"] for e in second]
    assert len({e["id"] for e in first}) == len(first)
    payments = [e for e in first if e["schema"] == "Payment"]
    # 3 distinct transfers: the 2021-03-05 ¥50,000 one appears on both ledgers but is written once
    assert len(payments) == 3
    person = next(e for e in first if e["properties"].get("name") == ["张伟"])
    assert person["properties"]["idNumber"] == ["11010519491231002X"]
    assert person["properties"]["phone"] == ["+8613800138000"]
