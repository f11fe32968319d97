"""The OCR engine's settings in one place, and their version: the version goes into every stored engine id, so
changing a setting here (or the post-processing in ctc, geometry, engine, ink or dashes) must bump SETTINGS_VERSION,
which makes cached pages OCR again."""

from __future__ import annotations

RAPIDOCR_PARAMS = {
    "Det.limit_side_len": 960,  # on the long side of page-shaped images (det_limit): whole lines found
    "Det.limit_type": "max",
    "Global.use_cls": False,  # page orientation is decided once per page, not per line
    "Global.log_level": "critical",
    "EngineConfig.onnxruntime.intra_op_num_threads": 1,  # one thread per worker process scales best
    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    "Rec.rec_batch_num": 2,  # small batches stay in cache: 2 beat 3 by ~10 %, 6 by ~20 % (bench/ocr_ab.py)
    "Rec.rec_img_shape": [3, 48, 64],  # short crops (table cells) padded to 64 px only, not 160 or 320
}
WHEEL_MODELS = {"det": "PP-OCRv6_det_small.onnx", "rec": "PP-OCRv6_rec_small.onnx"}  # rapidocr 3.10's own
DET_SIDE = 960  # detection: long side of an ordinary page (A4 at 960 px: short side 679)
ELONGATED = 1.6  # long / short above this (receipts, strips): scale by the short side instead
DET_SHORT = 680  # ... to this many pixels, like an A4 page's short side at DET_SIDE,
DET_MAX_LONG = 2400  # ... but the long side at most this (detection cost grows with pixels)
SETTINGS_VERSION = "18"  # bump when anything above or the post-processing changes (invalidates the cache)
SPLIT_RATIO = 20.0  # crops wider than this many line heights are cut at blank gaps
PIECE_RATIO = 8.0  # target piece width after a cut, in line heights (8: ~9 % less CPU than 12, same text)
UPRIGHT_CONFIDENCE = 0.85  # a page reading below this mean (the first model's reads, s18) is checked for being upside down
SPLIT_BLANK = 0.3  # see SplitRunsDecode
DASH_CONFIDENCE = 0.9  # a counted run of hyphens (no recogniser score exists for it)
SPACE_PROBABILITY = 0.05  # tiny recogniser: a space where the space class reaches this between two characters
WORD_GAP = 0.14  # a blank gap this wide (in crop heights, crops include margins) is a word space
DET_CROP_MARGIN = 32  # detection runs on the page's inked window grown by this many pixels at detection scale
DET_CROP_SKIP = 0.95  # ... and on the whole page when that window holds more than this share of it


def rapidocr_engine_id(rec: str = "ppocr-v6-small") -> str:
    """Stored with every OCR'd page: RapidOCR version, models (det is always the wheel's v6 small), settings."""
    from importlib.metadata import version

    det = "ppocr-v6-small" if rec == "ppocr-v6-small" else f"ppocr-v6-small+{rec}"  # old ids stay unchanged
    return f"rapidocr-{version('rapidocr')}/{det}/s{SETTINGS_VERSION}"
