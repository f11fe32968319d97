"""The RapidOCR wrapper on small scans: reads text, finds orientation, copes with skew, refuses bombs."""

from __future__ import annotations

import re

import pytest
from ocr_scans import make_scanned_pdf, scan_image

from app.core.errors import CaseLensError

LINES = ["讯问笔录", "被讯问人 张伟 身份证号 11010519491231002X", "问：你和李某是什么关系？", "答：朋友。",
         "Account 6222021234567890 amount 30,000.00"]


@pytest.fixture(scope="session")
def engine():
    from app.ingest.ocr.pool import engine_for

    return engine_for("rapidocr")  # the process-wide engine: loaded once for every OCR test module


def _bgr(gray):
    import cv2

    return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)


def _flat(result) -> str:
    return re.sub(r"\s", "", "".join(ln.text for ln in result.lines))


@pytest.mark.slow
@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_engine_reads_turned_pages_upright(engine, rotate):
    result = engine.read(_bgr(scan_image(LINES, rotate=rotate)))
    assert result.rotation == rotate
    text = _flat(result)
    assert "张伟" in text and "11010519491231002X" in text and "6222021234567890" in text
    # boxes come back in the frame of the image as given: the name sits in the right place
    name = next(ln for ln in result.lines if "张伟" in ln.text)
    xs = [p[0] for p in name.quad]
    ys = [p[1] for p in name.quad]
    w, h = (2339, 1654) if rotate in (90, 270) else (1654, 2339)
    assert 0 <= min(xs) and max(xs) <= w and 0 <= min(ys) and max(ys) <= h
    if rotate == 0:
        assert max(ys) < h / 4  # second line of the page: near the top
    if rotate == 180:
        assert min(ys) > 3 * h / 4


@pytest.mark.slow
def test_an_upside_down_page_is_turned_before_any_second_look(engine, monkeypatch):
    """The page's way up is settled on the first model's reads: the second model re-reads the lines of the page
    once, turned upright, never the upside-down reads (those cost two to three times an upright page)."""
    upright = engine.read(_bgr(scan_image(LINES)))
    looks, second_look = [], engine._second_look
    monkeypatch.setattr(engine, "_second_look", lambda crops, read: (looks.append(len(crops)),
                                                                     second_look(crops, read))[1])
    result = engine.read(_bgr(scan_image(LINES, rotate=180)))
    assert result.rotation == 180
    assert sorted(ln.text for ln in result.lines) == sorted(ln.text for ln in upright.lines)
    whole_page = [n for n in looks if n >= len(LINES)]  # the few-line check of _reads_better_flipped aside
    assert len(whole_page) == 1


def test_engine_reads_skewed_page(engine):
    result = engine.read(_bgr(scan_image(LINES, skew=2.0)))
    text = _flat(result)
    assert "11010519491231002X" in text and "李某" in text
    assert result.lines and min(ln.confidence for ln in result.lines) > 0.5


def test_engine_on_blank_page_returns_no_lines(engine):
    import numpy as np

    result = engine.read(np.full((2339, 1654, 3), 255, np.uint8))
    assert result.lines == [] and result.rotation == 0


def test_render_refuses_embedded_image_over_pixel_limit(tmp_path):
    import pymupdf

    from app.ingest.render import render_page

    path = make_scanned_pdf(tmp_path / "bomb.pdf", [["x"]])
    doc = pymupdf.open(path)
    xref = doc[0].get_images(full=True)[0][0]
    doc.xref_set_key(xref, "Width", "30000")
    doc.xref_set_key(xref, "Height", "30000")
    doc.save(tmp_path / "bomb2.pdf")
    doc.close()
    doc = pymupdf.open(tmp_path / "bomb2.pdf")
    with pytest.raises(CaseLensError) as err:
        render_page(doc[0], path="bomb2.pdf", number=1)
    assert err.value.code == "E007" and "30000 x 30000" in err.value.detail


def test_render_dpi_is_lowered_for_huge_pages():
    from app.ingest.render import MAX_RENDER_PIXELS, render_dpi

    assert render_dpi(595, 842) == 200
    dpi = render_dpi(5000, 5000)
    assert dpi < 200 and 5000 * 5000 * (dpi / 72) ** 2 <= MAX_RENDER_PIXELS
    with pytest.raises(CaseLensError):
        render_dpi(200_000, 200_000)


def test_looks_blank_only_without_any_ink():
    import numpy as np

    from app.ingest.ocr.geometry import looks_blank

    rng = np.random.default_rng(1)
    paper = np.clip(rng.normal(235, 9, (2339, 1654)), 0, 255).astype(np.uint8)  # noisy scanner paper
    assert looks_blank(_bgr(paper))
    assert not looks_blank(_bgr(scan_image(["第1页"])))  # a lone page number is still read


def test_det_limit_scales_receipts_by_their_short_side():
    from app.ingest.ocr.geometry import det_limit

    assert det_limit(2339, 1654) == ("max", 960) == det_limit(1654, 2339)  # A4 either way round
    kind, side = det_limit(1013, 463)  # a small receipt photo: enlarged, short side 680
    assert (kind, side) == ("min", 680)
    kind, side = det_limit(6000, 800)  # a long till roll: long side capped
    assert kind == "max" and side == 2400


def test_flip_quads_lands_where_the_turned_image_has_the_box():
    from app.ingest.ocr.geometry import flip_quads

    quad = [(10.0, 20.0), (110.0, 20.0), (110.0, 50.0), (10.0, 50.0)]  # clockwise from top-left
    flipped = flip_quads([quad], 200, 300)[0]  # image 200 high, 300 wide
    assert flipped == [(190.0, 150.0), (290.0, 150.0), (290.0, 180.0), (190.0, 180.0)]
    assert flip_quads(flip_quads([quad], 200, 300), 200, 300)[0] == quad


def test_ink_window_is_the_inked_part_on_the_detection_grid():
    import numpy as np

    from app.ingest.ocr.geometry import ink_window

    rng = np.random.default_rng(2)
    page = np.clip(rng.normal(240, 4, (960, 672)), 0, 255).astype(np.uint8)  # paper at detection scale
    assert ink_window(page, 32) is None  # no ink: the whole page, as before
    page[300:340, 200:400] = 20  # a text line
    page[900, 20] = 0  # a lone speck of scanner noise does not widen the window
    assert ink_window(page, 32) == (256, 384, 160, 448)  # grown by 32 px, out to multiples of 32
    page[10:50, 10:660] = 20
    page[920:950, 10:660] = 20
    assert ink_window(page, 32) is None  # ink from edge to edge: detect on the whole page


def test_detection_normalising_is_rapidocrs_bit_for_bit():
    import numpy as np
    from rapidocr.ch_ppocr_det.utils import DetPreProcess

    from app.ingest.ocr.geometry import normalise_for_detection

    img = np.random.default_rng(3).integers(0, 256, (64, 96, 3), dtype=np.uint8)
    for mean, std in (([0.5] * 3, [0.5] * 3), ([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])):
        pre = DetPreProcess(960, "max", mean, std)
        want = pre.normalize(img).astype(np.float32)
        got = normalise_for_detection(img, pre)
        assert got.dtype == np.float32 and np.array_equal(got, want)


def test_detection_on_the_inked_window_finds_the_lines_of_the_whole_page(engine):
    page = _bgr(scan_image(LINES))
    engine.det_crop = False
    try:
        whole = engine.detect(page)
    finally:
        engine.det_crop = True
    inked = engine.detect(page)
    assert len(inked) == len(whole) >= len(LINES)
    for a, b in zip(sorted(map(_corner, inked)), sorted(map(_corner, whole)), strict=True):
        assert abs(a[0] - b[0]) <= 8 and abs(a[1] - b[1]) <= 8  # the same boxes, within a few pixels


def _corner(quad) -> tuple[float, float]:
    return float(quad[0][1]), float(quad[0][0])


def _ctc(steps: list[tuple[str, float]]):
    """CTC probabilities over the alphabet blank, '0', '1', ' ': each step its character and that probability,
    the rest of the step's mass on the blank."""
    import numpy as np

    index = {"_": 0, "0": 1, "1": 2}
    preds = np.zeros((1, len(steps), 4), dtype=np.float32)
    for t, (ch, p) in enumerate(steps):
        preds[0, t, index[ch]] = p
        preds[0, t, 0] += 1 - p
    return preds


def test_split_runs_decode_counts_a_hesitant_run_as_two_characters():
    from rapidocr.ch_ppocr_rec.utils import CTCLabelDecode

    from app.ingest.ocr.ctc import SplitRunsDecode

    plain = CTCLabelDecode(character=["0", "1"])
    split = SplitRunsDecode(CTCLabelDecode(character=["0", "1"]))
    # '-103,000.00' read as '00' then '0': the model hesitates (blank 0.46, 0.38) inside a run of zeros
    hesitant = _ctc([("1", 1.0), ("_", 1.0), ("0", 1.0), ("0", 0.54), ("0", 0.62), ("0", 1.0), ("_", 1.0)])
    assert plain(hesitant)[0][0][0] == "10"
    assert split(hesitant)[0][0][0] == "100"
    # a character held over three confident steps stays one character; a two-step run is never split
    steady = _ctc([("1", 1.0), ("1", 0.8), ("1", 1.0), ("_", 1.0), ("0", 1.0), ("0", 0.5), ("_", 1.0)])
    assert split(steady)[0][0][0] == "10"


def _steps(seq: list[tuple[str, float]], alphabet: str, space_at: dict[int, float] | None = None):
    """One crop's CTC output over blank + alphabet + space: each step its character ('_' blank) and probability,
    the rest on the blank; space_at puts that much space probability on a step (taken from the blank)."""
    import numpy as np

    steps = np.zeros((len(seq), len(alphabet) + 2), dtype=np.float32)
    for t, (ch, p) in enumerate(seq):
        steps[t, 0 if ch == "_" else alphabet.index(ch) + 1] = p
        steps[t, 0] += 1 - p if ch != "_" else 0
    for t, p in (space_at or {}).items():
        steps[t, -1] = p
        steps[t, 0] -= p
    return steps


def test_word_spaces_puts_a_leaning_space_between_chinese_words_only():
    from app.ingest.ocr.ctc import word_spaces

    alphabet = "人张伟3转，AB"
    seq = [("人", 1.0), ("_", 1.0), ("_", 1.0), ("张", 1.0), ("_", 1.0), ("伟", 1.0)]
    steps = _steps(seq, alphabet, {1: 0.3})  # the model leans to a space after 人 but picks the blank
    assert word_spaces("人张伟", steps) == "人 张伟"
    assert word_spaces("人张伟", _steps(seq, alphabet)) == "人张伟"  # no lean: no space
    cells = _steps([("3", 1.0), ("_", 1.0), ("转", 1.0)], alphabet, {1: 0.2})  # one box over two table cells
    assert word_spaces("3转", cells) == "3 转"
    latin = _steps([("A", 1.0), ("_", 1.0), ("B", 1.0)], alphabet, {1: 0.3})
    assert word_spaces("AB", latin) == "AB"  # Latin words get their spaces from the model itself
    comma = _steps([("人", 1.0), ("_", 1.0), ("，", 1.0)], alphabet, {1: 0.3})
    assert word_spaces("人，", comma) == "人，"  # never beside punctuation
    assert word_spaces("人张", steps) == "人张"  # text that does not match the CTC runs is left alone


def test_weakest_character_is_the_lowest_best_step_of_any_character():
    from app.ingest.ocr.ctc import weakest_character

    alphabet = "李伟"
    steps = _steps([("李", 0.55), ("李", 0.6), ("_", 1.0), ("伟", 0.99)], alphabet)
    assert weakest_character(steps) == pytest.approx(0.6)
    assert weakest_character(_steps([("_", 1.0)], alphabet)) == 1.0


def test_full_and_half_width_forms_count_as_one_character():
    from app.ingest.ocr.ctc import nfkc_twins, weakest_character

    alphabet = "问：:李"
    twins = nfkc_twins(["blank", *alphabet, " "])
    assert twins.groups[2] == twins.groups[3] == [2, 3]  # '：' and ':' read the same after NFKC
    assert 1 not in twins.groups and 4 not in twins.groups
    assert list(twins.mask) == [False, False, True, True, False, False]
    steps = _steps([("问", 1.0), ("_", 1.0), ("：", 0.5), ("李", 0.98)], alphabet)
    steps[2, 3] = 0.45  # the rest of the colon step's mass on the half-width ':', not on the blank
    steps[2, 0] = 0.05
    assert weakest_character(steps) == pytest.approx(0.5)  # counted apart: a weak character
    assert weakest_character(steps, twins) == pytest.approx(0.95)  # together: no doubt
    lone = _steps([("问", 1.0), ("李", 0.6)], alphabet)
    assert weakest_character(lone, twins) == pytest.approx(0.6)  # other characters are not helped
    spaced = _steps([("问", 1.0), ("_", 1.0), ("李", 0.98)], alphabet, {1: 0.6})  # a space, else nothing
    assert weakest_character(spaced) == pytest.approx(0.6)
    assert weakest_character(spaced, twins) == pytest.approx(0.98)  # "a space or nothing" is no doubt
    digit = _steps([("问", 1.0), ("_", 1.0), ("李", 0.98)], alphabet, {1: 0.6})
    digit[1, 0], digit[1, 1] = 0.05, 0.35  # the space's runner-up is a character: a digit read as a space?
    assert weakest_character(digit, twins) == pytest.approx(0.65)


def test_run_recogniser_matches_rapidocr_and_keeps_crop_order(engine):
    from rapidocr.ch_ppocr_rec import TextRecInput

    from app.ingest.ocr.ctc import run_recogniser

    image = _bgr(scan_image(LINES))
    quads = engine.detect(image)
    crops = engine._crops(image, quads)
    ours = run_recogniser(engine.rec, crops)
    theirs = engine.rec(TextRecInput(img=crops))
    assert [t for t, _, _ in ours] == list(theirs.txts)
    assert [s for _, s, _ in ours] == pytest.approx(list(theirs.scores))
    assert all(0.0 <= w <= 1.0 for _, _, w in ours)
