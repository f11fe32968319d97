"""The trained pair scorer: its JSON trees match scikit-learn, it decides merges, hard rules still bind it."""

from __future__ import annotations

import json

import pytest

from app.analysis.resolve.entities import resolve_case
from app.analysis.resolve.features import FEATURES, PersonUnit, forbidden, pair_features
from app.analysis.resolve.scorer import RuleScorer, TreeScorer, fit_boosting, load_scorer
from devkit.resolve.train import training_pairs
from tests.analysis.test_resolve import ID_ZHANG, ID_ZHANG2, Dossier, _entity_of, _record


class AlwaysSame:
    """A scorer that would merge anything: what the hard rules must withstand."""

    name = "always"

    def score(self, vec: list[float]) -> float:
        return 1.0


def _vec(**on: float) -> list[float]:
    return [float(on.get(f, 0.0)) for f in FEATURES]


def test_fit_boosting_json_trees_reproduce_sklearn(tmp_path):
    rows = [_vec(exact_full=1, co_segment=c, size_min_log=s) for c in (0, 1) for s in (0.5, 1.5, 2.5)] * 3
    rows += [_vec(diff_full_names=1, one_char_apart=1, size_min_log=s) for s in (0.5, 1.5)] * 4
    labels = [1] * 18 + [0] * 8
    model = fit_boosting(rows, labels, [1.0] * len(rows), "test", trees=5, depth=2)
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    scorer = load_scorer(path)
    assert isinstance(scorer, TreeScorer)
    assert scorer.score(rows[0]) > 0.5 > scorer.score(rows[-1])


@pytest.mark.parametrize("content", ["not json", json.dumps({"features": ["x"], "bias": 0}),
                                    json.dumps({"features": FEATURES, "kind": "gradient_boosting"}),
                                    json.dumps({"features": FEATURES, "enabled": False, "bias": 0, "weights": {}})])
def test_load_scorer_falls_back_to_rules_on_bad_or_disabled_file(tmp_path, content):
    path = tmp_path / "m.json"
    path.write_text(content, encoding="utf-8")
    assert isinstance(load_scorer(path), RuleScorer)


def test_shipped_model_is_the_trained_trees():
    scorer = load_scorer()
    assert isinstance(scorer, TreeScorer), "the shipped resolver model did not load: resolution fell back to rules"
    assert scorer.score(_vec(exact_full=1, same_surname=1, shared_id_number=1, support=1, rules_gate=1,
                             name_sim=1, size_min_log=1.5)) > 0.9
    assert scorer.score(_vec(exact_anon=1, same_surname=1, loose_fits_many=1, name_sim=1, size_min_log=0.7)) < 0.5


def test_hard_rules_bind_a_scorer_that_merges_everything():
    d = Dossier()
    _record(d, "张伟", ID_ZHANG, "13812345678", "问：章伟是谁？\n答：章伟是我朋友。")
    zw = d.mention(1, "PERSON", "章伟")
    _record(d, "张伟", ID_ZHANG2, "13900001111", "答：不是我。")
    res = resolve_case(d.case(), AlwaysSame())
    assert _entity_of(res, 3).key != _entity_of(res, zw).key          # different characters, nothing joins them
    assert _entity_of(res, 3).key != _entity_of(res, 9).key           # two ID numbers: two people


def test_forbidden_lifts_when_an_identifier_joins_different_names():
    a = PersonUnit(1, "张伟", id_numbers={ID_ZHANG})
    b = PersonUnit(2, "章伟", id_numbers={ID_ZHANG})
    c, ocr = PersonUnit(3, "章伟"), PersonUnit(6, "王已")
    assert not forbidden(a, b, set()) and forbidden(a, c, set())
    assert not forbidden(PersonUnit(7, "王己"), ocr, set())   # an OCR look-alike is for the scorer to weigh
    assert forbidden(PersonUnit(4, "张伟", id_numbers={ID_ZHANG}), PersonUnit(5, "张伟", id_numbers={ID_ZHANG2}), set())


def test_model_merge_carries_score_and_reasons():
    d = Dossier()
    p = _record(d, "黄晓明", ID_ZHANG, "13812345678", "答：黄某某当天在场。")
    anon = d.mention(p, "PERSON", "黄某某")
    res = resolve_case(d.case(), load_scorer())
    person = _entity_of(res, 3)
    assert anon in person.mentions
    score, reasons = person.mentions[anon]
    assert 0.5 <= score <= 1.0 and "anon_compat" in reasons
    merge = next(m for m in person.attrs["merges"] if "黄某某" in m["names"])
    assert merge["score"] == pytest.approx(score, abs=1e-3) and merge["reasons"]


def test_model_loose_form_elsewhere_joins_only_the_one_name_it_fits():
    d = Dossier()
    _record(d, "黄晓明", ID_ZHANG, "13812345678", "答：是。")
    other = d.page("起诉意见书\n犯罪嫌疑人黄某某在杭州市窃得电瓶4只。", doc=2)
    anon = d.mention(other, "PERSON", "黄某某")
    res = resolve_case(d.case(), load_scorer())
    assert anon in _entity_of(res, 3).mentions
    assert "loose_fits_one" in _entity_of(res, 3).mentions[anon][1]
    _record(d, "黄志强", ID_ZHANG2, "13900001111", "答：是。")      # now 黄某某 could be either
    res = resolve_case(d.case(), load_scorer())
    assert anon not in _entity_of(res, 3).mentions and anon not in _entity_of(res, 9).mentions


def test_training_pairs_label_units_from_gold():
    d = Dossier()
    p = _record(d, "黄晓明", ID_ZHANG, "13812345678", "答：黄某某当天在场。")
    anon = d.mention(p, "PERSON", "黄某某")
    elsewhere = d.mention(d.page("起诉意见书\n犯罪嫌疑人黄某某在杭州市窃得电瓶4只。", doc=2), "PERSON", "黄某某")
    gold = {3: "P1", anon: "P1", elsewhere: "P2"}
    rows, labels, weights = training_pairs(d.case(), lambda item: gold.get(int(item[1:])) if item[1:].isdigit()
                                           else None)
    assert len(rows) == len(labels) == len(weights) >= 2
    assert set(labels) == {0, 1} and all(len(r) == len(FEATURES) for r in rows)


def test_pair_features_name_the_rules_gate_and_length_match():
    a, b = PersonUnit(1, "黄某某", segments={1}), PersonUnit(2, "黄晓明", segments={1})
    vec, reasons = pair_features(a, b, set(), gate=True)
    f = dict(zip(FEATURES, vec, strict=True))
    assert f["anon_len_match"] == 1 and f["rules_gate"] == 1 and f["co_segment"] == 1
    assert "anon_compat" in reasons and "rules_gate" not in reasons


def test_layout_card_after_my_belongs_to_the_speaker_not_the_payer():
    d = Dossier()
    p = _record(d, "刘芳", ID_ZHANG, "13812345678", "问：这笔钱是怎么回事？\n答：王伟往我招商银行的卡上转了5万元，卡号是6222021234567890123。")
    payer = d.mention(p, "PERSON", "王伟")
    card = d.mention(p, "BANK_CARD", "6222021234567890123")
    res = resolve_case(d.case(), load_scorer())
    assert res.layout.owner_of[card] == 3 and payer != 3


def test_layout_statement_table_numbers_are_not_the_holders():
    d = Dossier()
    p = d.page("中国银行 交易明细\n户名：李新勇 卡号：6217854692193994683\n交易日期 交易时间 金额 对方账号 对方户名\n"
               "2021-10-08 16:01 155000.00 6225887093086771 李军斌\n")
    d.mention(p, "PERSON", "李新勇", role="account_holder")
    own = d.mention(p, "BANK_CARD", "6217854692193994683")
    other = d.mention(p, "BANK_CARD", "6225887093086771")
    res = resolve_case(d.case(), load_scorer())
    assert res.layout.owner_of.get(own) == 1 and other not in res.layout.owner_of


def test_spans_repaired_from_the_page_and_known_names():
    from app.analysis.resolve.spans import mention_names

    d = Dossier()
    p = d.page("答：钱转到了我亲戚李勇的卡上。查询章鹏建名下账号。章鹏建是我同学。犯罪嫌疑人黄云名下账户。")
    kin = d.mention(p, "PERSON", "戚李勇")
    cut = d.mention(p, "PERSON", "章鹏")
    d.mention(p, "PERSON", "章鹏建", nth=1)
    run_on = d.mention(p, "PERSON", "黄云名")
    names = mention_names(d.case())
    assert (names[kin], names[cut], names[run_on]) == ("李勇", "章鹏建", "黄云")


def test_spans_run_on_into_wang_wo_is_trimmed_only_before_a_pronoun():
    from app.analysis.resolve.spans import mention_names

    d = Dossier()
    p = d.page("答：三月十四日，陆志往我的卡上转了钱。向往来单位核实，刘向往是我同事。")
    run_on = d.mention(p, "PERSON", "陆志往")
    real = d.mention(p, "PERSON", "刘向往")      # 往 followed by 是: a name that ends in 往 stays whole
    names = mention_names(d.case())
    assert (names[run_on], names[real]) == ("陆志", "刘向往")


def test_payee_account_after_xiang_company_minxia_is_not_the_payers():
    d = Dossier()
    p = d.page("犯罪嫌疑人刘某通过网上银行从其账户（账号6217858722926439866）向武汉鑫昌物流有限公司名下账户"
               "（账号5656300513799918562）转账。犯罪嫌疑人刘某向其名下账户（账号6222026173047397236）存入现金。")
    d.mention(p, "PERSON", "刘某")
    d.mention(p, "PERSON", "刘某", nth=1)
    own = d.mention(p, "BANK_CARD", "6217858722926439866")
    payee = d.mention(p, "BANK_CARD", "5656300513799918562")
    own2 = d.mention(p, "BANK_CARD", "6222026173047397236")
    res = resolve_case(d.case(), load_scorer())
    assert res.layout.owner_of.get(own) == 1 and payee not in res.layout.owner_of
    assert res.layout.owner_of.get(own2) == 2      # 向其名下: the payer's own account


def test_spans_nickname_cut_at_lao_and_run_into_the_verb_is_read_as_the_nickname():
    from app.analysis.resolve.spans import mention_names

    d = Dossier()
    p = d.page("答：是老李让我去取的。答：这些事都是老李安排的。答：李安是我同事。")
    rang = d.mention(p, "PERSON", "李让我")
    an = d.mention(p, "PERSON", "李安")
    real = d.mention(p, "PERSON", "李安", nth=1)     # no 老 before it: a name
    names = mention_names(d.case())
    assert (names[rang], names[an], names[real]) == ("老李", "老李", "李安")
