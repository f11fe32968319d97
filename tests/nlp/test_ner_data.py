"""Dataset readers: one line of each corpus format, mapped onto PERSON/ORG/PLACE."""

from __future__ import annotations

import json

from nlp.ner.data import (
    PEOPLES_DAILY_MAP,
    RESUME_MAP,
    WEIBO_MAP,
    cail_is_dev,
    clean_spans,
    parse_cail_line,
    parse_cluener_line,
    parse_conll_block,
    read_conll,
)


def _texts(ex):
    return [(ex.text[s:e], lab) for s, e, lab in ex.spans]


def test_cail_line_end_exclusive_and_mapped():
    line = json.dumps({"id": "x", "context": "被告人黄某某在**市盗窃被害人李某的手机。", "entities": [
        {"label": "NHCS", "span": ["3;6"]}, {"label": "NHVI", "span": ["15;17"]}, {"label": "NS", "span": ["7;10"]},
        {"label": "NASI", "span": ["18;20"]}, {"label": "NO", "span": []}]}, ensure_ascii=False)
    ex = parse_cail_line(line)
    assert _texts(ex) == [("黄某某", "PERSON"), ("**市", "PLACE"), ("李某", "PERSON")]


def test_cail_place_swallowing_a_name_loses_to_the_name():
    text = "窜至**广场被害人张某某经营的餐厅"
    line = json.dumps({"context": text, "entities": [{"label": "NS", "span": ["2;16"]},
                                                     {"label": "NHVI", "span": ["9;12"]}]}, ensure_ascii=False)
    assert _texts(parse_cail_line(line)) == [("张某某", "PERSON")]


def test_cail_dev_split_is_deterministic():
    assert cail_is_dev("同一句话") == cail_is_dev("同一句话")
    share = sum(cail_is_dev(f"句子{i}") for i in range(2000)) / 2000
    assert 0.07 < share < 0.13


def test_cluener_line_inclusive_spans():
    line = json.dumps({"text": "浙商银行叶老桂博士在杭州市西湖区", "label": {
        "name": {"叶老桂": [[4, 6]]}, "company": {"浙商银行": [[0, 3]]}, "address": {"杭州市西湖区": [[10, 15]]},
        "position": {"博士": [[7, 8]]}}}, ensure_ascii=False)
    assert _texts(parse_cluener_line(line)) == [("浙商银行", "ORG"), ("叶老桂", "PERSON"), ("杭州市西湖区", "PLACE")]


def test_weibo_block_strips_segmentation_digit_and_drops_nominal():
    lines = ["我0\tO\n", "和0\tO\n", "张0\tB-PER.NAM\n", "三1\tI-PER.NAM\n", "去0\tO\n", "北0\tB-GPE.NAM\n",
             "京1\tI-GPE.NAM\n", "女0\tB-PER.NOM\n", "孩1\tI-PER.NOM\n"]
    ex = parse_conll_block(lines, WEIBO_MAP, strip_digit=True)
    assert ex.text == "我和张三去北京女孩"
    assert _texts(ex) == [("张三", "PERSON"), ("北京", "PLACE")]


def test_resume_block_bmes():
    lines = ["高 B-NAME\n", "勇 E-NAME\n", "在 O\n", "华 B-ORG\n", "为 M-ORG\n", "公 M-ORG\n", "司 E-ORG\n",
             "任 O\n", "总 B-TITLE\n", "监 E-TITLE\n", "王 S-NAME\n"]
    ex = parse_conll_block(lines, RESUME_MAP)
    assert _texts(ex) == [("高勇", "PERSON"), ("华为公司", "ORG"), ("王", "PERSON")]


def test_peoples_daily_file_bio(tmp_path):
    path = tmp_path / "pd.dev"
    path.write_text("李 B-PER\n鹏 I-PER\n在 O\n北 B-LOC\n京 I-LOC\n\n新 B-ORG\n华 I-ORG\n社 I-ORG\n", encoding="utf-8")
    sents = list(read_conll(path, PEOPLES_DAILY_MAP))
    assert [_texts(s) for s in sents] == [[("李鹏", "PERSON"), ("北京", "PLACE")], [("新华社", "ORG")]]


def test_clean_spans_drops_out_of_range_and_overlaps():
    assert clean_spans("张三李四", [(0, 2, "PERSON"), (1, 3, "ORG"), (2, 9, "PLACE"), (3, 3, "ORG")]) == [
        (0, 2, "PERSON")]
