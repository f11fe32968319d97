"""Which pages go to OCR: image-only and garbage text layers do; a usable text layer does not."""

from __future__ import annotations

import pytest

from app.ingest.textlayer import layer_is_garbage, needs_ocr

GOOD = ["讯问笔录 被讯问人 张伟 身份证号 11010519491231002X 问：你和李某是什么关系？答：朋友。",
        "Witness statement of John Smith regarding the transfer of funds on 5 March 2021.",
        "2021-03-05 转账 30,000.00 64,923.00 唐海建 6222981984634648"]
GARBAGE = ["Õâ¸öÕË»§Ò»Ö±ÊÇËû±¾ÈËÔÚÊ¹ÓÃ Ç®ÊÇËûÈÃÎÒ×ªµ½",  # GBK bytes read as Latin-1
           "~~|}{^^`` ~|\\\\ }{|~ ^^`~ ||}{ ~~^` |}{~",  # symbol noise from a bad OCR layer
           "\ufffd\ufffd\ufffd 张 \ufffd\ufffd\ufffd\ufffd 伟 \ufffd\ufffd\ufffd",
           "Tbcv xkrt pqzw mnbv lkjh gfds wrtp zxcv bnmq plkj hgfd"]


@pytest.mark.parametrize("text", GOOD)
def test_usable_text_layer_is_kept(text):
    assert not layer_is_garbage(text)
    assert not needs_ocr(text, has_images=True)


@pytest.mark.parametrize("text", GARBAGE)
def test_garbage_text_layer_goes_to_ocr(text):
    assert layer_is_garbage(text)
    assert needs_ocr(text, has_images=True)


def test_image_only_page_goes_to_ocr_and_imageless_page_never():
    assert needs_ocr("", has_images=True)
    assert not needs_ocr(GARBAGE[0], has_images=False)
