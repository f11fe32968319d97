from hypothesis import given
from hypothesis import strategies as st

from app.core.models import DocumentInfo, PageText
from app.core.textnorm import index_tokens
from app.store.db import open_case, transaction
from app.store.documents import add_document
from app.store.pages import add_page
from app.store.search import fts_expression, locate, parse_query, search_pages

TEXTS = [
    "讯问笔录 被讯问人张伟，男，身份证号11010519491231002X。",
    "询问笔录 证人章伟称：钱转到了我老婆王芳的卡上（卡号6222021234567890）。",
    "Bank statement of John Smith: transfer of funds to account 4111111111111111.",
    "起诉意见书 犯罪嫌疑人黄某某窃得电瓶4只，价值人民币352元。",
    "本页无内容",
]


def _case(case_path, texts=TEXTS):
    conn = open_case(case_path)
    with transaction(conn):
        doc = add_document(conn, DocumentInfo("ab" * 32, "/x/d.pdf", "d.pdf", 1, len(texts), "pdf"))
        for i, t in enumerate(texts, 1):
            add_page(conn, doc, PageText(i, 595, 842, t, [], "layer"))
    return conn


def test_search_two_character_chinese_name(case_path):
    conn = _case(case_path)
    hits = search_pages(conn, "张伟")
    assert [h.page_number for h in hits] == [1]
    assert hits[0].snippet.count("[张伟]") == 1


def test_search_single_character(case_path):
    conn = _case(case_path)
    assert {h.page_number for h in search_pages(conn, "芳")} == {2}


def test_search_homophone_names_stay_apart(case_path):
    conn = _case(case_path)
    assert [h.page_number for h in search_pages(conn, "章伟")] == [2]


def test_search_digit_fragment_of_account(case_path):
    conn = _case(case_path)
    assert [h.page_number for h in search_pages(conn, "21234567")] == [2]
    assert [h.page_number for h in search_pages(conn, "1231002x")] == [1]


def test_search_english_word_case_insensitive(case_path):
    conn = _case(case_path)
    assert [h.page_number for h in search_pages(conn, "TRANSFER")] == [3]


def test_search_terms_are_anded_and_phrases_kept(case_path):
    conn = _case(case_path)
    assert [h.page_number for h in search_pages(conn, "犯罪嫌疑人 电瓶")] == [4]
    assert search_pages(conn, '"电瓶 张伟"') == []


def test_search_full_width_digits_match_ascii(case_path):
    conn = _case(case_path)
    assert [h.page_number for h in search_pages(conn, "３５２")] == [4]


def test_search_hit_spans_point_at_text(case_path):
    conn = _case(case_path)
    hit = search_pages(conn, "王芳")[0]
    start, end = hit.spans[0]
    assert TEXTS[1][start:end] == "王芳"


def test_search_empty_or_punctuation_query_returns_nothing(case_path):
    conn = _case(case_path)
    assert search_pages(conn, "") == []
    assert search_pages(conn, '"""  ** ) (') == []


@given(st.text(max_size=40))
def test_query_parser_never_crashes(query):
    expr = fts_expression(parse_query(query))
    assert isinstance(expr, str)


@given(st.text(alphabet=st.sampled_from("张伟王芳李某0123456789 abc，。"), min_size=1, max_size=30))
def test_every_substring_is_found_by_locate(text):
    q = text.strip()[:3]
    if q and not any(ch.isspace() for ch in q):
        assert locate(text, [q])


def test_index_tokens_splits_cjk_and_digits():
    assert index_tokens("张伟6222ab") == " 张  伟  6  2  2  2 ab"
