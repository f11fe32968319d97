from hypothesis import given
from hypothesis import strategies as st

from app.core.words import layout_text, span_bbox

WORDS = [
    (10, 10, 50, 20, "张伟", 0, 0, 0),
    (60, 10, 100, 20, "6222", 0, 0, 1),
    (10, 30, 90, 40, "transfer", 0, 1, 0),
]


def test_layout_text_joins_lines_and_words():
    text, starts = layout_text(WORDS)
    assert text == "张伟 6222\ntransfer"
    assert starts == [0, 3, 8]


def test_span_bbox_of_whole_and_partial_words():
    text, starts = layout_text(WORDS)
    assert span_bbox(WORDS, starts, 0, 2) == (10.0, 10.0, 50.0, 20.0)
    x0, y0, x1, y1 = span_bbox(WORDS, starts, 1, 2)
    assert (x0, x1) == (30.0, 50.0)
    assert span_bbox(WORDS, starts, 0, len(text)) == (10.0, 10.0, 100.0, 40.0)
    assert span_bbox(WORDS, starts, 2, 3) is None  # the space between words


@given(st.lists(st.text(alphabet="张伟ab12", min_size=1, max_size=5), min_size=1, max_size=12),
       st.integers(0, 60), st.integers(0, 60))
def test_span_bbox_matches_brute_force(texts, a, b):
    words = [(i * 10.0, 0.0, i * 10.0 + 8, 5.0, t, 0, i // 4, i % 4) for i, t in enumerate(texts)]
    text, starts = layout_text(words)
    start, end = min(a, b), max(a, b)
    expected = []
    for w, ws in zip(words, starts, strict=True):
        we = ws + len(w[4])
        if ws < end and we > start:
            expected.append(w)
    box = span_bbox(words, starts, start, end)
    assert (box is None) == (not expected)
    if box:
        assert box[1] == 0.0 and box[3] == 5.0


def test_span_bbox_places_characters_by_width_inside_mixed_words():
    # 3 wide characters (1 em) and 4 digits (0.55 em): 5.2 em over 52 pt, 10 pt per em
    words = [(0.0, 0.0, 52.0, 10.0, "张伟1976年", 0, 0, 0)]
    text, starts = layout_text(words)
    x0, _, x1, _ = span_bbox(words, starts, 2, 6)  # "1976"
    assert (round(x0, 1), round(x1, 1)) == (20.0, 42.0)
    x0, _, x1, _ = span_bbox(words, starts, 0, 2)  # "张伟"
    assert (round(x0, 1), round(x1, 1)) == (0.0, 20.0)
