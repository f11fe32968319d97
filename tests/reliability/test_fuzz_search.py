"""Fuzzing search: any query string gives an FTS5 expression that SQLite accepts (never OperationalError)."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.textnorm import index_tokens
from app.store.search import count_hits, fts_expression, locate, parse_query, snippet
from tests.reliability.fuzzing import FUZZ

QUERY_CHARS = '"*^:()-+ANDORNEARnotand张伟王芳0123456789 ,，。！？\\\'`{}[]~%_\t\u3000Ｘ'
queries = st.one_of(st.text(alphabet=QUERY_CHARS, max_size=30), st.text(max_size=30))
BODY = "讯问笔录 被讯问人张伟 账号6222021234567890 AND OR NOT NEAR \"quoted\" john*smith"


@pytest.fixture(scope="module")
def fts():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE page_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')")
    conn.execute("INSERT INTO page_fts (rowid, body) VALUES (1, ?)", (index_tokens(BODY),))
    yield conn
    conn.close()


@FUZZ
@given(queries)
def test_fuzz_query_expression_always_valid_fts5(fts, query):
    expr = fts_expression(parse_query(query))
    if expr:
        fts.execute("SELECT rowid FROM page_fts WHERE page_fts MATCH ?", (expr,)).fetchall()
    assert count_hits(fts, query) in (0, 1)
    spans = locate(BODY, parse_query(query))
    snippet(BODY, spans)
