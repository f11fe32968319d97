"""Bank names as an officer writes them, and an account's caption in the graph."""

from __future__ import annotations

from app.core.banks import CARD_BINS, account_caption, card_bank, short_bank


def test_account_caption_bank_and_last_four():
    assert account_caption("6212267010507049395") == "工商银行 · 9395"  # the card's BIN names the bank
    assert account_caption("2416829183525446239") == "…6239"  # unknown bank
    assert account_caption("2416829183525446239", "中国农业银行厦门湖滨南营业部") == "农业银行 · 6239"
    assert account_caption("6222******0258") == "…0258"  # a masked number keeps its last four


def test_short_bank_names():
    assert short_bank("中国银行上海分行") == "中国银行"
    assert short_bank("中国工商银行郑州花园支行") == "工商银行"
    assert short_bank("招商银行北京望京支行") == "招商银行"
    assert short_bank("财付通") == "财付通" and short_bank("") == ""


def test_card_bank_reads_every_bin_back():
    assert all(card_bank(prefix + "0" * (length - len(prefix))) for bins in CARD_BINS.values()
               for prefix, length in bins)
    assert card_bank("6214831289475896") == "招商银行" and card_bank("12345") == ""
