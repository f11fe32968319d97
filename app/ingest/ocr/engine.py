"""RapidOCR wrapper: a page image in, text lines (boxes in image pixels, text, confidence) out, upright.

Detection and recognition are driven step by step rather than through RapidOCR.__call__, so that we
skip its 2000-px downscale and vertical padding, find the page orientation cheaply, split very long
lines at blank gaps (recognition cost grows faster than line width) and batch all crops of a page.
"""

from __future__ import annotations

from app.ingest.ocr import models, offline
from app.ingest.ocr.ctc import SplitRunsDecode, run_recogniser
from app.ingest.ocr.dashes import dash_lines
from app.ingest.ocr.geometry import (
    blank_cuts,
    det_limit,
    flip_quads,
    gap_width,
    ink_window,
    looks_blank,
    mostly_vertical,
    normalise_for_detection,
    turn,
    unturn_point,
)
from app.ingest.ocr.ink import ink_lines
from app.ingest.ocr.settings import (
    DET_CROP_MARGIN,
    PIECE_RATIO,
    RAPIDOCR_PARAMS,
    UPRIGHT_CONFIDENCE,
    WHEEL_MODELS,
    WORD_GAP,
    rapidocr_engine_id,
)
from app.ingest.ocr.textlines import text_boxes
from app.ingest.ocr.types import OcrLine, OcrResult, mean_confidence, normalise_ocr_text


def _wheel_model_path(part, root) -> None:
    """Name the wheel's model file outright when no other is configured: RapidOCR otherwise looks it up in its
    download table, which costs 0.6 CPU s per worker to build (offline._model_table_read_fast). A
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


class RapidOcrEngine:
    """One loaded RapidOCR per process; call read(image) for every page."""

    def __init__(self, params: dict | None = None, *, piece_ratio: float = PIECE_RATIO,
                 squeeze: float = 1.0, det_side: int | None = None, det_type: str | None = None,
                 dashes: bool = True, split_runs: bool = True, orient_first: bool = True,
                 ink: bool = True, rec: str | None = None, second_look: bool = True,
                 weakest_below: float | None = None, det_crop: bool = True, text_lines: bool = True,
                 doubt_regions: bool = True, orient_before_second_look: bool = True,
                 side_by_lines: bool = True) -> None:
        offline.install()  # before any rapidocr module: keeps requests/urllib3 (and their sockets) out
        from rapidocr.ch_ppocr_det import TextDetector
        from rapidocr.ch_ppocr_rec import TextRecognizer
        from rapidocr.utils.log import logger
        from rapidocr.utils.parse_parameters import ParseParams

        root = _rapidocr_root()
        model = models.choose_rec(rec)  # PP-OCRv6 tiny from resources, else the wheel's small recogniser
        if model.paths():
            models.quiet_onnxruntime()
        cfg = ParseParams.update_batch(ParseParams.load(root / "config.yaml"),
                                       {**RAPIDOCR_PARAMS, **models.rec_params(model), **(params or {})})
        logger.setLevel(str(cfg.Global.log_level).upper())
        for part in (cfg.Det, cfg.Rec):
            part.engine_cfg = cfg.EngineConfig[part.engine_type.value]
            part.model_root_dir = root / "models"
            _wheel_model_path(part, root)
        cfg.Rec.font_path = None
        self.det = TextDetector(cfg.Det)
        self.rec = TextRecognizer(cfg.Rec)
        self.second = None  # the wheel's small recogniser re-reads doubtful lines of the tiny one (models)
        self.weakest_below = models.WEAKEST_BELOW if weakest_below is None else weakest_below
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
        self.dashes = dashes  # also read runs of hyphens that detection does not see (dashes)
        self.ink = ink  # also read small ink that detection left uncovered (ink: a lone wrapped digit)
        self.det_crop = det_crop  # the detector sees only the inked part of the page (geometry.ink_window)
        self.text_lines = text_lines  # clean printed pages: boxes from the row profile, no detector (textlines)
        self.doubt_regions = doubt_regions  # ... and a seal or signature sends only its region to the detector
        self.orient_before_second_look = orient_before_second_look  # upside down? decided before second looks
        self.side_by_lines = side_by_lines  # on its side? the row profile of the page turned a quarter says
        self.name = rapidocr_engine_id(model.name + ("+small-second-look" if self.second else ""))

    def detect(self, img) -> list:
        h, w = img.shape[:2]
        if self.det_type == "auto":
            self.det.limit_type, self.det.limit_side_len = det_limit(h, w, self.det_side)
        else:
            self.det.limit_type, self.det.limit_side_len = self.det_type, self.det_side
        if not self.det_crop:
            out = self.det(img)
            return [] if out.boxes is None else list(out.boxes)
        return self._detect_inked(img)

    def find_text(self, img) -> list:
        """The page's text boxes: from the row profile (textlines) where lines separate, the detector on the
        regions where they do not (a seal across the sign-off, a signature), the detector alone on pages the row
        profile cannot read."""
        boxes = text_boxes(img, regions=self.doubt_regions) if self.text_lines else None
        return self.detect(img) if boxes is None else self._with_regions(img, boxes)

    def _with_regions(self, img, boxes) -> list:
        """The row profile's boxes and the detector's inside the regions they left to it, in reading order."""
        if not boxes.regions:
            return boxes.quads
        found = self._detect_regions(img, boxes.regions)
        return sorted([*boxes.quads, *found], key=lambda q: (min(p[1] for p in q), min(p[0] for p in q)))

    def _detect_regions(self, img, regions: list) -> list:
        """The detector's boxes inside regions only: the page is blanked to its paper outside them, so detection
        (on the inked window, geometry.ink_window) costs by the regions' size and sees them at the page's scale."""
        import numpy as np

        paper = int(np.median(img[::4, ::4, 0]))
        masked = np.full_like(img, paper)
        for x0, y0, x1, y1 in regions:
            masked[y0:y1, x0:x1] = img[y0:y1, x0:x1]
        inside = []
        for box in self.detect(masked):
            cx, cy = float(np.mean([p[0] for p in box])), float(np.mean([p[1] for p in box]))
            if any(x0 <= cx < x1 and y0 <= cy < y1 for x0, y0, x1, y1 in regions):
                inside.append(box)
        return inside

    def _detect_inked(self, img) -> list:
        """RapidOCR's TextDetector.__call__, but the model runs on the page's inked window only (margins are a
        quarter to a half of a page's pixels, and detection costs by the pixel): the page is resized as RapidOCR
        resizes it, the window is cut on the 32-pixel grid of that image (so the model's strides see the ink as
        on the whole page), and its probability map is put back into a page-sized one that RapidOCR's own
        post-processing turns into boxes, as for the whole page."""
        import numpy as np

        det = self.det
        pre = det.get_preprocess()
        resized = pre.resize(img)
        if resized is None:
            return []
        window = ink_window(resized, DET_CROP_MARGIN)
        y0, y1, x0, x1 = window or (0, resized.shape[0], 0, resized.shape[1])
        tensor = pre.permute(normalise_for_detection(resized[y0:y1, x0:x1], pre))[np.newaxis].astype(np.float32)
        preds = det.session(tensor)
        if window:
            full = np.zeros((*preds.shape[:2], *resized.shape[:2]), dtype=preds.dtype)
            full[:, :, y0:y1, x0:x1] = preds
            preds = full
        boxes, _scores = det.postprocess_op(preds, img.shape[:2])
        return list(det.sorted_boxes(boxes)) if len(boxes) else []

    def recognise(self, crops: list) -> list[tuple[str, float]]:
        """(text, score) of each crop: the tiny model's read, doubtful ones read again by the small model."""
        return self._second_look(crops, self._first_read(crops))

    def _first_read(self, crops: list) -> list[tuple[str, float, float]]:
        """The first model's (text, score, weakest character) of each crop."""
        return run_recogniser(self.rec, crops, spaces=self.spaces) if crops else []

    def _second_look(self, crops: list, read: list[tuple[str, float, float]]) -> list[tuple[str, float]]:
        """The first reads, those models.doubtful finds doubtful replaced by the second model's."""
        lines = [(t, s) for t, s, _ in read]
        redo = [i for i, (t, s, c) in enumerate(read) if self.second and models.doubtful(
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
        pieces = self._pieces(img, quads)
        return self._lines(quads, pieces, self.recognise(pieces[0]))

    def _pieces(self, img, quads: list) -> tuple[list, list[int], list[bool]]:
        """The quads' crops cut at blank gaps: (pieces, the quad each belongs to, whether a word gap precedes it)."""
        crops = self._crops(img, quads)
        pieces, owner, gaps = [], [], []
        for i, crop in enumerate(crops):
            cuts = blank_cuts(crop, piece=self.piece_ratio)
            edges = [0, *cuts, crop.shape[1]]
            for a, b in zip(edges, edges[1:], strict=False):
                pieces.append(crop[:, a:b])
                owner.append(i)
                gaps.append(a > 0 and gap_width(crop, a) >= WORD_GAP * crop.shape[0])
        return pieces, owner, gaps

    @staticmethod
    def _lines(quads: list, pieces: tuple[list, list[int], list[bool]], reads: list) -> list[OcrLine]:
        """One OcrLine per quad from its pieces' reads ((text, score, ...) each), scores weighted by characters."""
        _, owner, gaps = pieces
        texts: dict[int, list[str]] = {}
        scores: dict[int, list[tuple[float, int]]] = {}
        for (text, score, *_), i, spaced in zip(reads, owner, gaps, strict=True):
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
        if not lines or mean_confidence(lines) >= UPRIGHT_CONFIDENCE:
            return False
        return self._reads_better_flipped(img, quads)

    def _reads_better_flipped(self, img, quads: list) -> bool:
        """Recognise a few of the widest lines turned 180 degrees; clearly better reads mean a flipped page."""
        if not quads:
            return False
        widest = sorted(range(len(quads)), key=lambda i: -abs(quads[i][1][0] - quads[i][0][0]))[:4]
        crops = [c[:, : c.shape[0] * 10] for c in self._crops(img, [quads[i] for i in widest])]
        upright = self.recognise(crops)
        flipped = self.recognise([turn(c, 180) for c in crops])
        mean = lambda rs: sum(s for _, s in rs) / len(rs)  # noqa: E731
        return mean(flipped) > mean(upright) + 0.1

    @staticmethod
    def _flipped(img, quads: list, rotation: int) -> tuple:
        """The image turned 180 degrees, its quads with it, the rotation so far plus 180."""
        img = turn(img, 180)
        return img, flip_quads(quads, *img.shape[:2]), (rotation + 180) % 360

    def _on_its_side(self, turned, quads: list) -> tuple:
        """A page turned a quarter to read: 90, or 270 when a few of its lines read better flipped (decided
        before reading every line)."""
        if self.orient_first and self._reads_better_flipped(turned, quads):
            return self._flipped(turned, quads, 90)
        return turned, quads, 90

    def read(self, img) -> OcrResult:
        """OCR one page image (H x W x 3 uint8, BGR) and return upright lines in the image's own frame."""
        height, width = img.shape[:2]
        rotation = 0
        if looks_blank(img):
            return OcrResult(width, height, 0, [], self.name)
        boxes = text_boxes(img, regions=self.doubt_regions) if self.text_lines else None
        sideways = None
        if boxes is None and self.text_lines and self.side_by_lines:
            # a page the row profile refuses as scanned but reads turned a quarter is on its side (all 64 such
            # pages of the 1,300-page dossier, none of the others): no detector on the page as scanned (s18)
            turned = turn(img, 90)
            sideways = text_boxes(turned, regions=self.doubt_regions)
        if sideways is not None:
            img, quads, rotation = self._on_its_side(turned, self._with_regions(turned, sideways))
        else:
            quads = self.detect(img) if boxes is None else self._with_regions(img, boxes)
            if mostly_vertical(quads):
                turned = turn(img, 90)
                quads_turned = self.find_text(turned)
                if len(quads_turned) >= len(quads) // 2:
                    img, quads, rotation = self._on_its_side(turned, quads_turned)
        if self.orient_before_second_look:
            # the page's way up is settled on the first model's reads, so an upside-down page never pays for
            # second looks at its lines read the wrong way up (a third of its cost, s18)
            pieces = self._pieces(img, quads)
            first = self._first_read(pieces[0])
            if self._looks_upside_down(img, quads, self._lines(quads, pieces, first)):
                img, quads, rotation = self._flipped(img, quads, rotation)
                pieces = self._pieces(img, quads)
                first = self._first_read(pieces[0])
            lines = self._lines(quads, pieces, self._second_look(pieces[0], first))
        else:
            lines = self._read_lines(img, quads)
            if self._looks_upside_down(img, quads, lines):
                img, quads, rotation = self._flipped(img, quads, rotation)
                lines = self._read_lines(img, quads)
        if self.dashes:
            lines += dash_lines(img, quads)
        if self.ink:
            lines += ink_lines(img, quads, lines, self.recognise)
        th, tw = img.shape[:2]
        if rotation:
            lines = [OcrLine(tuple(unturn_point(x, y, rotation, width, height) for x, y in ln.quad), ln.text,
                             ln.confidence) for ln in lines]
        assert (th, tw) in ((height, width), (width, height))
        return OcrResult(width, height, (360 - rotation) % 360, lines, self.name)
