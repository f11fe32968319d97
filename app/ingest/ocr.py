"""RapidOCR wrapper: a page image in, text lines (boxes in image pixels, text, confidence) out, upright.

Detection and recognition are driven step by step rather than through RapidOCR.__call__, so that we
skip its 2000-px downscale and vertical padding, find the page orientation cheaply, split very long
lines at blank gaps (recognition cost grows faster than line width) and batch all crops of a page.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

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
SETTINGS_VERSION = "13"  # bump when anything above or the post-processing changes (invalidates the cache)
SPLIT_RATIO = 20.0  # crops wider than this many line heights are cut at blank gaps
PIECE_RATIO = 8.0  # target piece width after a cut, in line heights (8: ~9 % less CPU than 12, same text)
UPRIGHT_CONFIDENCE = 0.85  # a page reading below this mean is checked for being upside down
SPLIT_BLANK = 0.3  # see SplitRunsDecode
DASH_CONFIDENCE = 0.9  # a counted run of hyphens (no recogniser score exists for it)
SPACE_PROBABILITY = 0.05  # tiny recogniser: a space where the space class reaches this between two characters
WORD_GAP = 0.14  # a blank gap this wide (in crop heights, crops include margins) is a word space


@dataclass(frozen=True)
class OcrLine:
    """One recognised text line: its quadrilateral in image pixels (clockwise from top-left)."""

    quad: tuple[tuple[float, float], ...]
    text: str
    confidence: float


@dataclass(frozen=True)
class OcrResult:
    """All lines of a page image, in the image's own pixel frame, and how the page had to be turned."""

    width: int
    height: int
    rotation: int  # how the text lies on the scan, clockwise degrees (0, 90, 180, 270); 90: turn it back left
    lines: list[OcrLine] = field(default_factory=list)
    engine: str = ""

    def to_json(self) -> dict:
        return {"width": self.width, "height": self.height, "rotation": self.rotation, "engine": self.engine,
                "lines": [[[list(p) for p in ln.quad], ln.text, ln.confidence] for ln in self.lines]}

    @staticmethod
    def from_json(data: dict) -> OcrResult:
        lines = [OcrLine(tuple(tuple(p) for p in q), t, float(c)) for q, t, c in data["lines"]]
        return OcrResult(data["width"], data["height"], data["rotation"], lines, data.get("engine", ""))


def normalise_ocr_text(text: str) -> str:
    """NFKC (RapidOCR returns full-width digits and letters such as '6２２２') and trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def rapidocr_engine_id(rec: str = "ppocr-v6-small") -> str:
    """Stored with every OCR'd page: RapidOCR version, models (det is always the wheel's v6 small), settings."""
    from importlib.metadata import version

    det = "ppocr-v6-small" if rec == "ppocr-v6-small" else f"ppocr-v6-small+{rec}"  # old ids stay unchanged
    return f"rapidocr-{version('rapidocr')}/{det}/s{SETTINGS_VERSION}"


def det_limit(height: int, width: int, side: int = DET_SIDE) -> tuple[str, int]:
    """RapidOCR (limit_type, limit_side_len) for an image: `side` px on the long side for page-shaped images;
    elongated ones (receipts) are scaled so their short side gets DET_SHORT px (up or down), long side capped."""
    long, short = max(height, width), max(1, min(height, width))
    if long / short <= ELONGATED:
        return "max", side
    scale = min(DET_SHORT * side / DET_SIDE / short, DET_MAX_LONG / long)
    if scale > 1:
        return "min", round(short * scale)
    return "max", max(32, round(long * max(scale, side / long)))


def _wheel_model_path(part, root) -> None:
    """Name the wheel's model file outright when no other is configured: RapidOCR otherwise looks it up in its
    download table, which costs 0.6 CPU s per worker to build (ocr_offline._model_table_read_fast). A
    RapidOCR release without this file keeps its own lookup."""
    name = WHEEL_MODELS.get(str(part.task_type.value))
    if part.get("model_path") is None and name and (root / "models" / name).is_file():
        part.model_path = str(root / "models" / name)


def _rapidocr_root():
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("rapidocr")  # locates the package without importing its modules
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("rapidocr is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _turn(img, degrees: int):
    import cv2

    codes = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return img if degrees % 360 == 0 else cv2.rotate(img, codes[degrees % 360])


def unturn_point(x: float, y: float, degrees: int, width: int, height: int) -> tuple[float, float]:
    """Map a point of the image turned clockwise by `degrees` back to the original width x height image."""
    d = degrees % 360
    if d == 90:
        return y, height - x
    if d == 180:
        return width - x, height - y
    if d == 270:
        return width - y, x
    return x, y


def flip_quads(quads: list, height: int, width: int) -> list:
    """Quads of a height x width image as they lie on the image turned 180 degrees (corners stay clockwise
    from top-left), so a flipped page needs no second detection."""
    return [[(width - q[i][0], height - q[i][1]) for i in (2, 3, 0, 1)] for q in quads]


def blank_cuts(crop, ratio: float = SPLIT_RATIO, piece: float = PIECE_RATIO) -> list[int]:
    """Columns at which a long line crop can be cut without cutting a character (widest blank gaps)."""
    import numpy as np

    h, w = crop.shape[:2]
    if w <= ratio * h:
        return []
    gray = crop if crop.ndim == 2 else crop.mean(axis=2)
    ink = (gray < (gray.mean() - 40)).sum(axis=0)
    blank = ink <= max(1, h // 24)
    cuts: list[int] = []
    step = int(piece * h)
    target = step
    while target < w - h * 4:
        lo, hi = max(cuts[-1] + h if cuts else h, target - step // 3), min(w - h * 2, target + step // 3)
        best, best_len, run_start = -1, 0, -1
        for x in range(lo, hi):
            if blank[x]:
                if run_start < 0:
                    run_start = x
                if x - run_start + 1 > best_len:
                    best_len, best = x - run_start + 1, (run_start + x) // 2
            else:
                run_start = -1
        if best > 0 and best_len >= max(2, h // 12):
            cuts.append(best)
            target = best + step
        else:
            target += step // 2
    return cuts if np.all(np.diff([0, *cuts, w]) > 0) else []


class SplitRunsDecode:
    """RapidOCR's CTC decoder, but a step inside a run of one character whose blank probability is at least
    SPLIT_BLANK counts as a blank: on narrow digits the model runs '000' together, hesitating in between
    ('-103,000.00' read as '-103,00.00'), and plain argmax decoding merges the run into one character."""

    def __init__(self, decode) -> None:
        self.decode = decode
        self.character = decode.character

    def __call__(self, preds, *args, **kwargs):
        idx = preds.argmax(axis=2)
        inner = (idx[:, 1:-1] != 0) & (idx[:, 1:-1] == idx[:, :-2]) & (idx[:, 1:-1] == idx[:, 2:])
        split = inner & (preds[:, 1:-1, 0] >= SPLIT_BLANK)
        if split.any():
            preds = preds.copy()
            b, t = split.nonzero()
            preds[b, t + 1, 0] = 2.0  # above any probability: this step decodes as a blank
        return self.decode(preds, *args, **kwargs)


def run_recogniser(rec, crops: list, spaces: bool = False) -> list[tuple[str, float, float]]:
    """RapidOCR's recognition loop (crops sorted by width, batches of rec.rec_batch_num, padded to the widest),
    returning per crop its text, its score (mean character probability, as RapidOCR) and its weakest
    character's probability, with full- and half-width forms counted as one (nfkc_twins): one doubtful
    character hides in a long line's mean (ocr_models.doubtful).
    spaces: also put a space where the model leans towards one without choosing it (word_spaces)."""
    import numpy as np

    twins = getattr(rec, "caselens_twins", None)
    if twins is None:
        twins = rec.caselens_twins = nfkc_twins(list(rec.postprocess_op.character))
    ratios = [c.shape[1] / float(max(1, c.shape[0])) for c in crops]
    order = np.argsort(np.array(ratios), kind="stable")
    _, img_h, img_w = rec.rec_image_shape[:3]
    out: list[tuple[str, float, float]] = [("", 0.0, 0.0)] * len(crops)
    for start in range(0, len(crops), rec.rec_batch_num):
        batch = order[start:start + rec.rec_batch_num]
        widest = max([img_w / img_h, *(ratios[i] for i in batch)])
        tensor = np.concatenate([rec.resize_norm_img(crops[i], widest)[np.newaxis, :] for i in batch])
        preds = rec.session(tensor.astype(np.float32))
        decoded, _ = rec.postprocess_op(preds, False, wh_ratio_list=[ratios[i] for i in batch], max_wh_ratio=widest)
        for row, i in enumerate(batch):
            text, score = decoded[row]
            steps = preds[row]
            idx = steps.argmax(axis=1)
            starts = ctc_starts(steps, idx)  # found once for the spaces and the weakest character
            text = word_spaces(str(text), steps, starts=starts) if spaces else str(text)
            out[i] = (text, float(score), weakest_character(steps, twins, idx=idx, starts=starts))
    return out


def word_spaces(text: str, steps, at_least: float = SPACE_PROBABILITY, starts=None) -> str:
    """The tiny recogniser rarely outputs the space between a Chinese word and the next ("被讯问人 张伟",
    "3 转账支出" where one box spans two table cells; the small model does): a space goes between two
    characters when the space class (the last) reaches at_least on a step between them, one of them is
    Chinese (Latin words get their spaces from the model) and neither is punctuation. The text is left
    alone when its characters cannot be matched to CTC runs (starts: the first step of each, ctc_starts)."""
    if starts is None:
        starts = ctc_starts(steps)
    if len(starts) != len(text) or len(starts) < 2:
        return text
    space = steps[:, -1]
    out = [text[0]]
    for k in range(1, len(text)):
        a, b = text[k - 1], text[k]
        if not (a.isspace() or b.isspace() or _punctuation(a) or _punctuation(b)) and (_wide(a) or _wide(b)):
            if float(space[starts[k - 1]:starts[k] + 1].max()) >= at_least:
                out.append(" ")
        out.append(b)
    return "".join(out)


def ctc_starts(steps, idx=None):
    """The first step of each character a CTC output decodes to (a run of one class, not the blank)."""
    import numpy as np

    if idx is None:
        idx = steps.argmax(axis=1)
    return np.flatnonzero((idx != 0) & np.r_[True, idx[1:] != idx[:-1]])


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _punctuation(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def weakest_character(steps, twins: Twins | None = None, idx=None, starts=None) -> float:
    """The lowest, over the characters a CTC output decodes to, of each character's best step probability
    (1.0 when it decodes to nothing). twins (nfkc_twins) adds up classes that read the same after NFKC: the
    tiny model splits its mass between '：' and ':' or '？' and '?', which is no doubt once normalised (it
    sent a sixth of the width of text pages to the second look for nothing). The line's score is left as
    RapidOCR computes it: counting twins there too let digit slips past (settings s10, reverted). With twins
    given, a space counts with the blank beside it: the tiny model often writes one at 0.6 against nothing,
    which says nothing about the text and sent 5 % of a statement page's width to the second look; a space
    that might be a digit ("2021-01-26 :39:04" for 22:39:04) stays weak."""
    import numpy as np

    if idx is None:
        idx = steps.argmax(axis=1)
    if starts is None:
        starts = ctc_starts(steps, idx)
    if not len(starts):
        return 1.0
    best = steps.max(axis=1)
    if twins is not None and len(twins.mask) == steps.shape[1]:
        for t in np.flatnonzero(twins.mask[idx]):
            best[t] = steps[t, twins.groups[int(idx[t])]].sum()
        for t in np.flatnonzero(twins.spaces[idx]):  # "a space or nothing" is no doubt about the text
            best[t] = steps[t, twins.spaces].sum() + steps[t, 0]
    return float(np.maximum.reduceat(np.where(idx != 0, best, 0.0), starts).min())


@dataclass(frozen=True)
class Twins:
    """Classes of a recogniser's character list that read the same after NFKC ('：' and ':')."""

    groups: dict[int, list[int]]  # class index -> every class index of its group (only classes with a twin)
    mask: Any  # numpy bool array over all classes: has a twin
    spaces: Any  # numpy bool array over all classes: a space (counted with the blank, weakest_character)


def nfkc_twins(character: list[str]) -> Twins:
    """The Twins of a character list (index 0 is CTC's blank)."""
    import numpy as np

    groups: dict[str, list[int]] = {}
    for i, ch in enumerate(character):
        groups.setdefault(unicodedata.normalize("NFKC", ch), []).append(i)
    by_class = {i: g for g in groups.values() if len(g) > 1 for i in g}
    mask = np.zeros(len(character), dtype=bool)
    mask[list(by_class)] = True
    spaces = np.array([ch.isspace() for ch in character], dtype=bool)
    return Twins(by_class, mask, spaces)


class RapidOcrEngine:
    """One loaded RapidOCR per process; call read(image) for every page."""

    def __init__(self, params: dict | None = None, *, piece_ratio: float = PIECE_RATIO,
                 squeeze: float = 1.0, det_side: int | None = None, det_type: str | None = None,
                 dashes: bool = True, split_runs: bool = True, orient_first: bool = True,
                 ink: bool = True, rec: str | None = None, second_look: bool = True,
                 weakest_below: float | None = None) -> None:
        from app.ingest import ocr_models, ocr_offline

        ocr_offline.install()  # before any rapidocr module: keeps requests/urllib3 (and their sockets) out
        from rapidocr.ch_ppocr_det import TextDetector
        from rapidocr.ch_ppocr_rec import TextRecognizer
        from rapidocr.utils.log import logger
        from rapidocr.utils.parse_parameters import ParseParams

        root = _rapidocr_root()
        model = ocr_models.choose_rec(rec)  # PP-OCRv6 tiny from resources, else the wheel's small recogniser
        if model.paths():
            ocr_models.quiet_onnxruntime()
        cfg = ParseParams.update_batch(ParseParams.load(root / "config.yaml"),
                                       {**RAPIDOCR_PARAMS, **ocr_models.rec_params(model), **(params or {})})
        logger.setLevel(str(cfg.Global.log_level).upper())
        for part in (cfg.Det, cfg.Rec):
            part.engine_cfg = cfg.EngineConfig[part.engine_type.value]
            part.model_root_dir = root / "models"
            _wheel_model_path(part, root)
        cfg.Rec.font_path = None
        self.det = TextDetector(cfg.Det)
        self.rec = TextRecognizer(cfg.Rec)
        self.second = None  # the wheel's small recogniser re-reads doubtful lines of the tiny one (ocr_models)
        self.weakest_below = ocr_models.WEAKEST_BELOW if weakest_below is None else weakest_below
        self.spaces = model.paths() is not None  # the tiny model's word spaces come from its space probability
        if second_look and model.paths() and "Rec.model_path" not in (params or {}):
            wheel = ParseParams.update_batch(ParseParams.load(root / "config.yaml"), {**RAPIDOCR_PARAMS, **(params or {})})
            wheel.Rec.engine_cfg, wheel.Rec.model_root_dir = wheel.EngineConfig[wheel.Rec.engine_type.value], root / "models"
            wheel.Rec.font_path = None
            _wheel_model_path(wheel.Rec, root)
            self.second = TextRecognizer(wheel.Rec)
        for recogniser in (self.rec, self.second) if split_runs else ():
            if recogniser is not None:
                recogniser.postprocess_op = SplitRunsDecode(recogniser.postprocess_op)
        self.piece_ratio = piece_ratio
        self.squeeze = squeeze  # < 1 narrows crops before recognition (fewer pixels); 1.0 in production
        self.det_side = det_side or int(cfg.Det.limit_side_len)
        self.det_type = det_type or "auto"  # auto: det_limit(); max/min: RapidOCR's own rule at det_side
        self.orient_first = orient_first  # a page on its side: 90 or 270 decided before reading every line
        self.dashes = dashes  # also read runs of hyphens that detection does not see (ocr_dashes)
        self.ink = ink  # also read small ink that detection left uncovered (ocr_ink: a lone wrapped digit)
        self.name = rapidocr_engine_id(model.name + ("+small-second-look" if self.second else ""))

    def detect(self, img) -> list:
        h, w = img.shape[:2]
        if self.det_type == "auto":
            self.det.limit_type, self.det.limit_side_len = det_limit(h, w, self.det_side)
        else:
            self.det.limit_type, self.det.limit_side_len = self.det_type, self.det_side
        out = self.det(img)
        return [] if out.boxes is None else list(out.boxes)

    def recognise(self, crops: list) -> list[tuple[str, float]]:
        from app.ingest import ocr_models

        if not crops:
            return []
        read = run_recogniser(self.rec, crops, spaces=self.spaces)
        lines = [(t, s) for t, s, _ in read]
        redo = [i for i, (t, s, c) in enumerate(read) if self.second and ocr_models.doubtful(
            t, s, c, self.weakest_below, width=crops[i].shape[1] / max(1, crops[i].shape[0]))]
        if redo:
            for i, (t, s, _) in zip(redo, run_recogniser(self.second, [crops[i] for i in redo]), strict=True):
                lines[i] = (t, s)
        return lines

    def _crops(self, img, quads: list) -> list:
        import cv2
        import numpy as np

        crops = []
        for q in quads:
            pts = np.asarray(q, dtype=np.float32)
            w = int(self.squeeze * max(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[2] - pts[3])))
            h = int(max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2])))
            dst = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
            m = cv2.getPerspectiveTransform(pts, dst)
            crops.append(cv2.warpPerspective(img, m, (max(w, 1), max(h, 1)), borderMode=cv2.BORDER_REPLICATE,
                                             flags=cv2.INTER_CUBIC))
        return crops

    def _read_lines(self, img, quads: list) -> list[OcrLine]:
        """Recognise every quad; long crops are cut at blank gaps and their pieces re-joined."""
        crops = self._crops(img, quads)
        pieces, owner, gaps = [], [], []
        for i, crop in enumerate(crops):
            cuts = blank_cuts(crop, piece=self.piece_ratio)
            edges = [0, *cuts, crop.shape[1]]
            for a, b in zip(edges, edges[1:], strict=False):
                pieces.append(crop[:, a:b])
                owner.append(i)
                gaps.append(a > 0 and _gap_width(crop, a) >= WORD_GAP * crop.shape[0])
        texts: dict[int, list[str]] = {}
        scores: dict[int, list[tuple[float, int]]] = {}
        for (text, score), i, spaced in zip(self.recognise(pieces), owner, gaps, strict=True):
            parts = texts.setdefault(i, [])
            if parts and spaced:
                parts.append(" ")
            parts.append(text.strip() if parts else text.rstrip())
            scores.setdefault(i, []).append((score, max(1, len(text))))
        lines = []
        for i, q in enumerate(quads):
            text = normalise_ocr_text("".join(texts.get(i, [])))
            if not text:
                continue
            sc = scores[i]
            conf = sum(s * n for s, n in sc) / sum(n for _, n in sc)
            lines.append(OcrLine(tuple((float(x), float(y)) for x, y in q), text, round(conf, 4)))
        return lines

    def _looks_upside_down(self, img, quads: list, lines: list[OcrLine]) -> bool:
        """A page that reads with low confidence is checked for being upside down (_reads_better_flipped)."""
        if not lines or _mean_confidence(lines) >= UPRIGHT_CONFIDENCE:
            return False
        return self._reads_better_flipped(img, quads)

    def _reads_better_flipped(self, img, quads: list) -> bool:
        """Recognise a few of the widest lines turned 180 degrees; clearly better reads mean a flipped page."""
        if not quads:
            return False
        widest = sorted(range(len(quads)), key=lambda i: -abs(quads[i][1][0] - quads[i][0][0]))[:4]
        crops = [c[:, : c.shape[0] * 10] for c in self._crops(img, [quads[i] for i in widest])]
        upright = self.recognise(crops)
        flipped = self.recognise([_turn(c, 180) for c in crops])
        mean = lambda rs: sum(s for _, s in rs) / len(rs)  # noqa: E731
        return mean(flipped) > mean(upright) + 0.1

    def read(self, img) -> OcrResult:
        """OCR one page image (H x W x 3 uint8, BGR) and return upright lines in the image's own frame."""
        height, width = img.shape[:2]
        rotation = 0
        if looks_blank(img):
            return OcrResult(width, height, 0, [], self.name)
        quads = self.detect(img)
        if _mostly_vertical(quads):
            turned = _turn(img, 90)
            quads_turned = self.detect(turned)
            if len(quads_turned) >= len(quads) // 2:
                img, quads, rotation = turned, quads_turned, 90
                if self.orient_first and self._reads_better_flipped(img, quads):  # 90 or 270: decided on a few lines, read once
                    img, quads, rotation = _turn(img, 180), flip_quads(quads, *img.shape[:2]), 270
        lines = self._read_lines(img, quads)
        if self._looks_upside_down(img, quads, lines):
            img = _turn(img, 180)
            rotation = (rotation + 180) % 360
            quads = flip_quads(quads, *img.shape[:2])
            lines = self._read_lines(img, quads)
        if self.dashes:
            lines += dash_lines(img, quads)
        if self.ink:
            from app.ingest.ocr_ink import ink_lines

            lines += ink_lines(img, quads, lines, self.recognise)
        th, tw = img.shape[:2]
        if rotation:
            lines = [OcrLine(tuple(unturn_point(x, y, rotation, width, height) for x, y in ln.quad), ln.text,
                             ln.confidence) for ln in lines]
        assert (th, tw) in ((height, width), (width, height))
        return OcrResult(width, height, (360 - rotation) % 360, lines, self.name)


def dash_lines(img, quads: list) -> list[OcrLine]:
    """Runs of hyphens outside the detected lines, as lines one text-line tall (ocr_dashes.find_dash_runs)."""
    import numpy as np

    from app.ingest.ocr_dashes import find_dash_runs

    if not quads:
        return []
    heights = sorted(float(np.linalg.norm(np.subtract(q[3], q[0]))) for q in quads)
    height = heights[len(heights) // 2]
    taken = [(min(p[0] for p in q), min(p[1] for p in q), max(p[0] for p in q), max(p[1] for p in q))
             for q in quads]
    gray = img[:, :, 0] if img.ndim == 3 else img
    out = []
    for run in find_dash_runs(gray, height, taken):
        mid = (run.y0 + run.y1) / 2
        top, bottom = mid - height / 2, mid + height / 2
        quad = ((float(run.x0), top), (float(run.x1), top), (float(run.x1), bottom), (float(run.x0), bottom))
        out.append(OcrLine(quad, "-" * run.count, DASH_CONFIDENCE))
    return out


def looks_blank(img, dark: int = 128, max_dark: int = 20) -> bool:
    """No ink at all (fewer than max_dark dark pixels on a half-resolution sample): skip detection (~0.6 s)."""
    sample = img[::2, ::2, 0] if img.ndim == 3 else img[::2, ::2]
    return int((sample < dark).sum()) < max_dark


def _gap_width(crop, x: int) -> int:
    """Width of the blank run around column x of a crop (to tell a word space from a character gap)."""
    gray = crop if crop.ndim == 2 else crop.mean(axis=2)
    ink = (gray < (gray.mean() - 40)).sum(axis=0)
    lo = hi = x
    while lo > 0 and ink[lo - 1] <= 1:
        lo -= 1
    while hi < len(ink) - 1 and ink[hi + 1] <= 1:
        hi += 1
    return hi - lo + 1


def _mostly_vertical(quads: list) -> bool:
    """Text lines taller than wide on most boxes: the page lies on its side (turned 90 or 270 degrees)."""
    tall = wide = 0
    for q in quads:
        w = abs(q[1][0] - q[0][0]) + abs(q[1][1] - q[0][1])
        h = abs(q[3][1] - q[0][1]) + abs(q[3][0] - q[0][0])
        if h > 1.5 * w:
            tall += 1
        elif w > 1.5 * h:
            wide += 1
    return tall >= 3 and tall > 2 * wide


def _mean_confidence(lines: list[OcrLine]) -> float:
    chars = sum(len(ln.text) for ln in lines)
    return sum(ln.confidence * len(ln.text) for ln in lines) / chars if chars else 0.0


def page_confidence(lines: list[OcrLine]) -> float | None:
    """Mean line confidence weighted by characters; None for a page without text."""
    return round(_mean_confidence(lines), 4) if lines else None
