"""Which scanned statement rows the import re-reads, and which reading it keeps (nlp.statements.reread)."""

from __future__ import annotations

from decimal import Decimal

from nlp.statements.reread import (
    DISAGREES,
    FIXED,
    NO_HELP,
    OcrSpan,
    is_doubtful,
    page_spans,
    spans_in,
    verdict,
)


def _span(text: str, confidence: float = 0.99, box=(10.0, 10.0, 50.0, 20.0)) -> OcrSpan:
    return OcrSpan(0, 0, 0, confidence, box, text)


def test_doubtful_rows():
    assert not is_doubtful([], [_span("31,257.11"), _span("李新")])
    assert not is_doubtful(["cp_from_memo", "direction_unknown"], [_span("31,257.11")])  # not OCR doubts
    assert is_doubtful(["balance_break"], [_span("31,257.11")])
    assert is_doubtful([], [_span("31,257.11", 0.8)])  # a figure read with low confidence
    assert is_doubtful([], [_span("唐森鑫", 0.88)])  # a name read with low confidence (唐鑫鑫 on the scan)
    assert not is_doubtful([], [_span("唐鑫鑫", 0.97)])
    assert not is_doubtful([], [_span("TRANSFER", 0.8)])  # no figure, no name
    assert is_doubtful([], [_span("4367421570731728020/3张玲")])  # a lone digit glued to a name
    assert not is_doubtful([], [_span("马英雪6222020705875237939"), _span("8 网银转入")])


def test_verdicts():
    old = {"balance": Decimal("38589.61"), "amount": Decimal("7312.50")}
    new = {"balance": Decimal("38569.61"), "amount": Decimal("7312.50")}
    assert verdict(["balance_break"], old, [], new) == FIXED
    assert verdict(["balance_break"], old, ["balance_break"], new) == NO_HELP
    assert verdict(["balance_break"], old, None, None) == NO_HELP  # read the same: still doubtful
    assert verdict([], old, [], new) == DISAGREES  # both consistent: the surer reading, flagged
    assert verdict([], old, ["balance_break"], new) == NO_HELP  # the surer one breaks the chain: keep, flag
    assert verdict([], old, [], dict(old)) is None  # the readings agree


def test_page_spans_and_rows():
    words = [(10, 10, 30, 20, "2021-01-04", 0, 0, 0), (40, 10, 60, 20, "转账", 0, 0, 1), (70, 10, 90, 20, "支出", 0, 0, 2),
             (10, 30, 30, 40, "2021-01-05", 0, 1, 0)]
    spans = page_spans(words, [(0, 0, 0, 0.9), (0, 1, 2, 0.8), (1, 0, 0, 0.99), (2, 0, 0, 0.5)])
    assert [(s.text, s.box) for s in spans] == [("2021-01-04", (10, 10, 30, 20)), ("转账 支出", (40, 10, 90, 20)),
                                                ("2021-01-05", (10, 30, 30, 40))]  # a span without words is left out
    assert [s.text for s in spans_in((0, 5, 100, 25), spans)] == ["2021-01-04", "转账 支出"]
    assert spans_in(None, spans) == []
