"""Shared Hypothesis settings and strategies for the fuzz tests: bounded examples, a deadline that catches hangs."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# 2 s per example: far above any honest parse (~ms) even on a loaded 2-core machine, far below a hang.
FUZZ = settings(max_examples=150, deadline=timedelta(seconds=2), suppress_health_check=[HealthCheck.too_slow])

# Text that looks like what statements and records hold: digits, CJK dates and money words, separators.
STATEMENT_CHARS = "0123456789０１２３４５６７８９.,，。:：-/年月日时分秒元角分整万亿千百十壹贰叁肆伍陆柒捌玖拾佰仟零￥¥$+-−()（）借贷收支出入进 \t\nXx*e"
statement_text = st.one_of(st.text(alphabet=STATEMENT_CHARS, max_size=40), st.text(max_size=40))
cell = st.one_of(st.none(), statement_text, st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                 st.booleans(), st.dates(min_value=date(1, 1, 1)), st.datetimes(min_value=datetime(1, 1, 1)))
